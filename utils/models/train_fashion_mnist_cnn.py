#!/usr/bin/python3
"""Trains quantc's small Fashion-MNIST CNN and exports it to ONNX.

Why: quantc needs a real, trained model whose float accuracy is known, to measure how much
accuracy each quantization method loses. It is small enough to check into examples/ (< 1 MB) and
its graph holds the ops the compiler must handle first: Conv, BatchNormalization (kept un-fused so
quantc's own BN folding is exercised), Relu, MaxPool, Flatten and Gemm.

How (system python; a couple of minutes on one CPU thread):
    /usr/bin/python3 utils/models/train_fashion_mnist_cnn.py [--epochs 4] [--seed 0] [--out PATH]

Writes PATH (default examples/fashion_mnist_cnn.onnx in the repository) with input "input"
float32[1,1,28,28] (pixels in [0, 1], no normalization) and output "logits" float32[1,10], and
PATH with .json in place of .onnx: {"float_top1": ..., "epochs": ..., "seed": ...} where
float_top1 is torch's top-1 accuracy on the 10k test images. Same seed, same weights.
"""

import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
import onnx
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fashion_mnist  # noqa: E402  (needs the path above)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO, "examples", "fashion_mnist_cnn.onnx")


class FashionCnn(nn.Module):
    """Conv-BN-ReLU-Pool twice, then two fully connected layers; about 110k parameters."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),   # 16x14x14
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),  # 32x7x7
        )
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


def evaluate(model, x, y, batch=1000):
    """Top-1 accuracy of model on (x, y), numpy arrays."""
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = model(torch.from_numpy(x[i:i + batch]))
            correct += int((logits.argmax(1).numpy() == y[i:i + batch]).sum())
    return correct / len(x)


def train(model, x, y, epochs, seed, batch=64, lr=2e-3):
    """Adam with a cosine learning-rate decay; shuffling comes from a seeded numpy generator."""
    rng = np.random.default_rng(seed)
    steps_per_epoch = (len(x) + batch - 1) // batch
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, epochs * steps_per_epoch)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(x))
        total_loss = 0.0
        start = time.time()
        for i in range(0, len(x), batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(torch.from_numpy(x[idx])), torch.from_numpy(y[idx]))
            loss.backward()
            optimizer.step()
            schedule.step()
            total_loss += float(loss) * len(idx)
        print(f"epoch {epoch + 1}/{epochs}: loss {total_loss / len(x):.4f} ({time.time() - start:.1f} s)",
              flush=True)


def export(model, path):
    """Exports at opset 13 with weights as initializers and BatchNormalization kept as a node.

    TrainingMode.PRESERVE on a model in eval() mode exports inference semantics but skips the
    exporter's eval-mode peephole pass, which is what folds BatchNormalization into Conv.
    """
    model.eval()
    with warnings.catch_warnings():
        # The exporter warns about constant folding under PRESERVE whatever the model's mode;
        # it only matters for a model in train() mode, and ours is in eval().
        warnings.filterwarnings("ignore", message="It is recommended that constant folding")
        torch.onnx.export(
            model, torch.zeros(1, 1, 28, 28), path,
            export_params=True, opset_version=13, do_constant_folding=True,
            training=torch.onnx.TrainingMode.PRESERVE,
            input_names=["input"], output_names=["logits"])

    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    ops = [n.op_type for n in m.graph.node]
    if "BatchNormalization" not in ops:
        raise SystemExit(f"{path}: the exporter folded BatchNormalization away; ops are {ops}")
    if "Constant" in ops:
        raise SystemExit(f"{path}: weights were exported as Constant nodes; ops are {ops}")
    return ops, len(m.graph.initializer)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=DEFAULT_OUT, help="ONNX file to write (default %(default)s)")
    args = parser.parse_args()

    torch.set_num_threads(1)  # leave the other core to whatever else is building
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)

    t0 = time.time()
    x_train, y_train = fashion_mnist.load("train")
    x_test, y_test = fashion_mnist.load("test")
    model = FashionCnn()
    train(model, x_train, y_train, args.epochs, args.seed)
    top1 = evaluate(model, x_test, y_test)
    print(f"float top-1 on the 10k test set: {top1:.4f} (load + train + test: {time.time() - t0:.0f} s)")

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    ops, n_init = export(model, args.out)
    print(f"wrote {args.out}: {os.path.getsize(args.out)} bytes, {n_init} initializers, ops {ops}")

    # Only what a rerun reproduces exactly, so the checked-in file changes only with the model.
    meta = {"float_top1": top1, "epochs": args.epochs, "seed": args.seed, "torch": torch.__version__}
    meta_path = os.path.splitext(args.out)[0] + ".json"
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(f"wrote {meta_path}")


if __name__ == "__main__":
    main()
