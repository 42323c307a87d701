#!/usr/bin/python3
"""Quantization-aware trains the Fashion-MNIST CNN with PyTorch's own QAT flow and exports it to ONNX.

Why: quantc compiles ONNX Runtime-style QDQ models onto its integer path; a model from
torch.ao.quantization's QAT, exported by torch.onnx, is shaped differently (issue 4, point 5),
and this is the model that shows whether quantc takes it as it comes.

How (system python; about 30 s on one CPU thread):
    /usr/bin/python3 utils/models/make_torch_qat_cnn.py --out DIR [--steps 200] [--seed 0]

Writes DIR/fashion_mnist_cnn.torch-qat.onnx: opset 13, input "input" float32[1,1,28,28],
output "logits" float32[1,10]. A file newer than this script and the float model is skipped, so
test runs can cache it. Same seed, same bytes.

The flow, step by step:
- Float weights: the trained ones of examples/fashion_mnist_cnn.onnx, read from its initializers
  (their names are the torch state_dict's), so the QAT model starts from exactly the float model
  whose accuracy is known, without 2.5 minutes of retraining.
- Fusion: Conv+BN+ReLU twice and Linear+ReLU (fuse_modules_qat), then QuantStub/DeQuantStub
  around the model and prepare_qat with get_default_qat_qconfig("fbgemm", version=0): per-channel
  symmetric int8 weights and uint8 activations on [0, 127] (fbgemm's reduce_range). Version 1,
  the default, uses FusedMovingAvgObsFakeQuantize, whose op torch.onnx 1.13 cannot export.
- Fine-tune: --steps steps of Adam (lr 1e-4, batch 64) on seeded shuffled training images, BN
  statistics frozen for the second half, as the QAT recipe does, then observers disabled (a
  FakeQuantize with its observer on exports as aten::copy_, which torch.onnx rejects).
- Export: torch.onnx.export of the fake-quant model in eval() mode, as it comes. What 1.13 emits:
  every FakeQuantize becomes QuantizeLinear -> DequantizeLinear; a reduce_range activation adds a
  Clip of the uint8 codes to [0, 127] between them; weights are float initializers behind a
  QuantizeLinear -> DequantizeLinear pair (axis 0, per channel, int8 zero points); each fused
  Conv+BN+ReLU is the QAT training form, Conv (weights pre-multiplied by the BN scale, zero bias
  as a Constant node) -> Div (BN scale) -> Add (conv bias) -> BatchNormalization -> Relu; the
  Clip bounds are Constant nodes too. Nothing is normalised: quantc's qc-convert-to-integer
  takes this graph as it is.
"""

import argparse
import os
import sys
import time
import warnings

import numpy as np
import onnx
import torch
import torch.ao.quantization as tq
import torch.nn as nn
import torch.nn.intrinsic.qat as nniqat
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fashion_mnist  # noqa: E402
from train_fashion_mnist_cnn import FashionCnn  # noqa: E402

FLOAT_MODEL = os.path.join(HERE, "..", "..", "examples", "fashion_mnist_cnn.onnx")
OUT_NAME = "fashion_mnist_cnn.torch-qat.onnx"


class QuantizedCnn(nn.Module):
    """The float CNN between a QuantStub and a DeQuantStub: the model's float input and output."""

    def __init__(self, float_model):
        super().__init__()
        self.quant = tq.QuantStub()
        self.model = float_model
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        return self.dequant(self.model(self.quant(x)))


def load_float_model(path):
    model = FashionCnn()
    state = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
             for t in onnx.load(path).graph.initializer}
    # num_batches_tracked is not exported; with BN momentum set it plays no part.
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or any(not key.endswith("num_batches_tracked") for key in missing):
        raise SystemExit(f"{path}: initializers do not match the CNN: missing {missing}, unexpected {unexpected}")
    return model


def prepare(float_model):
    model = QuantizedCnn(float_model).train()
    tq.fuse_modules_qat(model, [["model.features.0", "model.features.1", "model.features.2"],
                                ["model.features.4", "model.features.5", "model.features.6"],
                                ["model.classifier.1", "model.classifier.2"]], inplace=True)
    model.qconfig = tq.get_default_qat_qconfig("fbgemm", version=0)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Please use quant_min and quant_max")
        tq.prepare_qat(model, inplace=True)
    return model


def fine_tune(model, x, y, steps, seed, batch=64, lr=1e-4):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    for step in range(steps):
        if step == steps // 2:
            model.apply(nniqat.freeze_bn_stats)
        idx = order[(step * batch) % len(x):][:batch]
        optimizer.zero_grad()
        loss = loss_fn(model(torch.from_numpy(x[idx])), torch.from_numpy(y[idx]))
        loss.backward()
        optimizer.step()
    model.apply(tq.disable_observer)
    model.eval()


def evaluate(model, x, y, batch=1000):
    with torch.no_grad():
        correct = sum(int((model(torch.from_numpy(x[i:i + batch])).argmax(1).numpy() == y[i:i + batch]).sum())
                      for i in range(0, len(x), batch))
    return correct / len(x)


def export(model, path):
    """Exports to a temporary file renamed into place (parallel lit tests share the cache)."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 1.13 warns about every fake-quant's scale buffer
        torch.onnx.export(model, torch.zeros(1, 1, 28, 28), tmp, export_params=True, opset_version=13,
                          do_constant_folding=True, input_names=["input"], output_names=["logits"])
    m = onnx.load(tmp)
    onnx.checker.check_model(m, full_check=True)
    os.replace(tmp, path)
    ops = [n.op_type for n in m.graph.node]
    return {op: ops.count(op) for op in sorted(set(ops))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="directory to write " + OUT_NAME + " into")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    path = os.path.join(args.out, OUT_NAME)
    inputs = [os.path.abspath(__file__), FLOAT_MODEL]
    if os.path.exists(path) and os.path.getmtime(path) > max(map(os.path.getmtime, inputs)):
        print(f"{path}: up to date")
        return
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    start = time.time()
    model = prepare(load_float_model(FLOAT_MODEL))
    x_train, y_train = fashion_mnist.load("train")
    fine_tune(model, x_train, y_train, args.steps, args.seed)
    x_test, y_test = fashion_mnist.load("test")
    top1 = evaluate(model, x_test, y_test)
    os.makedirs(args.out, exist_ok=True)
    ops = export(model, path)
    print(f"wrote {path}: torch fake-quant top-1 {top1:.4f} on the 10k test images, ops {ops} "
          f"({time.time() - start:.0f} s)")


if __name__ == "__main__":
    main()
