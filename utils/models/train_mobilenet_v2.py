#!/usr/bin/python3
"""Trains torchvision's MobileNetV2 (architecture unchanged, 10 classes) on Fashion-MNIST, exports
it to ONNX and quantizes it the way ONNX Runtime's quantize_static does (utils/models/quantize_qdq.py).

Why: issue 4 asks quantc's integer outputs to equal ONNX Runtime's within one quantization step on
>= 99.9% of the output elements of ORT-style QDQ models of ResNet-18 and MobileNetV2. The
seeded-random-weight MobileNetV2 (make_torchvision_models.py) is chaotic: ONNX Runtime against
itself, with the input moved by 1e-6 relative, agrees on only about a third of its logits, so the
criterion cannot be met on it by anything short of bit-identity. Pretrained ImageNet weights
cannot be downloaded here; this script makes a trained MobileNetV2 instead, to see whether the
criterion is meaningful on trained weights (docs/testing.md has the figures).

Choices, bounded by ~25 minutes on one CPU thread:
- num_classes=10 (Fashion-MNIST's classes), so every logit means something; the rest of the
  network is torchvision.models.mobilenet_v2 as it comes (width 1.0, 52 Conv, 10 Add).
- Input: the 28x28 grayscale image, pixels / 255 in [0, 1], resized bilinearly to RESOLUTION x
  RESOLUTION and replicated to 3 channels (fashion_mnist.to_rgb, numpy, so that the tests make
  the same input without torch: utils/e2e/fashion_mnist_accuracy.py --resize 96); no
  normalization (the first BN absorbs it). 96x96 keeps the network's last feature map 3x3; a
  training image costs ~18 ms of one thread there (224x224 about 5 times more).
- Training: --steps batches of 64 (default 720, 0.77 epoch), Adam 2e-3 with cosine decay,
  no augmentation; seeded shuffling, torch deterministic algorithms, one thread: the same seed
  gives the same weights.

How (system python; about 15 minutes on one thread; run it under `nice -n 19`):
    nice -n 19 /usr/bin/python3 utils/models/train_mobilenet_v2.py --out DIR
        [--steps 720] [--seed 0] [--calib-images 200]

Writes, in DIR:
  mobilenet_v2_fmnist.onnx          float model, opset 13, input "input" float32[1,3,96,96],
                                    output "output" float32[1,10], BatchNormalization kept as
                                    nodes, every weight an initializer (as make_torchvision_models.py)
  mobilenet_v2_fmnist.json          {"float_top1": torch's top-1 on the 10k test images, ...}
  mobilenet_v2_fmnist.qdq.onnx      quantize_qdq.py, 8-bit weights (quantize_static's defaults)
  mobilenet_v2_fmnist.qdq-rr.onnx   quantize_qdq.py --reduce-range (7-bit weights)
Both QDQ models are calibrated on the first --calib-images training images, preprocessed the
same way. Seed 0: float top-1 0.8852, 9.1 MB float, 2.65 MB for each QDQ model.
"""

import argparse
import json
import os
import sys
import tempfile
import time
import warnings

import numpy as np
import onnx
import torch
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fashion_mnist  # noqa: E402  (needs the path above)
import make_qdq_models  # noqa: E402
import quantize_qdq  # noqa: E402
from make_torchvision_models import constants_to_initializers  # noqa: E402

RESOLUTION = 96
BATCH = 64
NAME = "mobilenet_v2_fmnist"


def preprocess(images):
    """numpy float32 [N,1,28,28] in [0, 1] -> torch float32 [N,3,RESOLUTION,RESOLUTION]."""
    return torch.from_numpy(fashion_mnist.to_rgb(images, RESOLUTION))


def evaluate(model, x, y, batch=100):
    """Top-1 accuracy of model on the raw 28x28 images x with labels y (numpy arrays)."""
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = model(preprocess(x[i:i + batch]))
            correct += int((logits.argmax(1).numpy() == y[i:i + batch]).sum())
    return correct / len(x)


def train(model, x, y, steps, seed, lr=2e-3):
    """Adam with a cosine learning-rate decay over `steps` batches; shuffling from a seeded numpy
    generator, a new permutation each epoch."""
    rng = np.random.default_rng(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps)
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    order = np.empty(0, dtype=np.int64)
    start = time.time()
    running = 0.0
    for step in range(steps):
        if len(order) < BATCH:
            order = np.concatenate([order, rng.permutation(len(x))])
        idx, order = order[:BATCH], order[BATCH:]
        optimizer.zero_grad()
        loss = loss_fn(model(preprocess(x[idx])), torch.from_numpy(y[idx]))
        loss.backward()
        optimizer.step()
        schedule.step()
        running += float(loss)
        if (step + 1) % 50 == 0 or step + 1 == steps:
            print(f"step {step + 1}/{steps}: mean loss {running / ((step % 50) + 1):.4f} "
                  f"({time.time() - start:.0f} s)", flush=True)
            running = 0.0


def export(model, path):
    """Opset 13, BatchNormalization kept (TrainingMode.PRESERVE on an eval() model), Constant
    nodes (the Clip bounds of ReLU6) moved to initializers: as make_torchvision_models.py."""
    model.eval()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="It is recommended that constant folding")
        torch.onnx.export(
            model, torch.zeros(1, 3, RESOLUTION, RESOLUTION), path,
            export_params=True, opset_version=13, do_constant_folding=True,
            training=torch.onnx.TrainingMode.PRESERVE,
            input_names=["input"], output_names=["output"])
    m = onnx.load(path)
    constants_to_initializers(m.graph)
    onnx.checker.check_model(m, full_check=True)
    ops = [n.op_type for n in m.graph.node]
    if "Constant" in ops or "BatchNormalization" not in ops:
        raise SystemExit(f"{path}: unexpected ops {sorted(set(ops))}")
    onnx.save(m, path)
    return {op: ops.count(op) for op in sorted(set(ops))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="directory to write the models into")
    parser.add_argument("--steps", type=int, default=720, help="training batches of %d" % BATCH)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--calib-images", type=int, default=200)
    args = parser.parse_args()

    torch.set_num_threads(1)  # leave the other core to builds and benchmarks
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)

    t0 = time.time()
    x_train, y_train = fashion_mnist.load("train")
    x_test, y_test = fashion_mnist.load("test")
    model = torchvision.models.mobilenet_v2(weights=None, num_classes=10)
    train(model, x_train, y_train, args.steps, args.seed)
    top1 = evaluate(model, x_test, y_test)
    print(f"float top-1 on the 10k test set: {top1:.4f} (train + test: {time.time() - t0:.0f} s)", flush=True)

    float_path = os.path.join(args.out, NAME + ".onnx")
    ops = export(model, float_path)
    print(f"wrote {float_path}: {os.path.getsize(float_path)} bytes; ops "
          + ", ".join(f"{op} {n}" for op, n in ops.items()))
    meta = {"float_top1": top1, "steps": args.steps, "batch": BATCH, "resolution": RESOLUTION,
            "seed": args.seed, "torch": torch.__version__}
    with open(os.path.join(args.out, NAME + ".json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")

    with tempfile.TemporaryDirectory(prefix="train-mobilenet-v2-") as work:
        calib = os.path.join(work, "calibration.npy")
        np.save(calib, fashion_mnist.to_rgb(x_train[:args.calib_images], RESOLUTION))
        for suffix, reduce_range in make_qdq_models.VARIANTS.items():
            path = os.path.join(args.out, NAME + suffix)
            _, samples, tensors, seconds = quantize_qdq.quantize(float_path, calib, path,
                                                                 reduce_range=reduce_range)
            print(f"wrote {path}: {os.path.getsize(path)} bytes; {tensors} tensors calibrated on "
                  f"{samples} images in {seconds:.1f} s")
    print(f"total {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
