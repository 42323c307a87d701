#!/usr/bin/python3
"""Top-1 accuracy on the Fashion-MNIST test set of the float CNN and of its QDQ model, both run by
ONNX Runtime: the int8 accuracy ONNX Runtime reaches, the figure quantc's int8 build is held to.

How (system python; node with utils/ort's onnxruntime-node):
    /usr/bin/python3 utils/qdq/fashion_mnist_ort_accuracy.py --qdq CNN.qdq.onnx
        [--float examples/fashion_mnist_cnn.onnx] [--limit N] [--max-drop POINTS]

Each model runs once per image (utils/ort/run.js --each-sample). Prints, e.g.
    float: top-1 0.9161 (9161/10000)
    qdq:   top-1 0.9150 (9150/10000)
    drop 0.11 points, 57 predictions differ: PASS (at most 1.00)
Exit status 0 when the QDQ model is at most --max-drop points (default 1) below float, 1 if not,
2 on errors.
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "utils", "models"))
import fashion_mnist  # noqa: E402


def predictions(model_path, images, work):
    """ONNX Runtime's class for each image: the model's one output, argmax."""
    model = onnx.load(model_path, load_external_data=False)
    input_name, output_name = model.graph.input[0].name, model.graph.output[0].name
    out_dir = os.path.join(work, os.path.basename(model_path) + ".out")
    images_path = os.path.join(work, "images.npy")
    np.save(images_path, images[:, None])  # [N, 1, 1, 28, 28]: one batch-1 sample each
    subprocess.run(["node", os.path.join(ROOT, "utils", "ort", "run.js"), model_path, "--each-sample",
                    "--input", f"{input_name}={images_path}", "--output-dir", out_dir],
                   check=True, stdout=subprocess.DEVNULL)
    logits = np.load(os.path.join(out_dir, output_name.replace("/", "_") + ".npy"))
    return logits.reshape(len(images), -1).argmax(axis=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qdq", required=True, help="the CNN's QDQ model")
    parser.add_argument("--float", dest="float_model",
                        default=os.path.join(ROOT, "examples", "fashion_mnist_cnn.onnx"))
    parser.add_argument("--limit", type=int, default=10000, help="first N test images")
    parser.add_argument("--max-drop", type=float, default=1.0, help="allowed top-1 drop, in points")
    args = parser.parse_args()

    images, labels = fashion_mnist.load("test")
    images, labels = images[:args.limit], labels[:args.limit]
    with tempfile.TemporaryDirectory(prefix="qdq-accuracy-") as work:
        try:
            float_pred = predictions(args.float_model, images, work)
            qdq_pred = predictions(args.qdq, images, work)
        except (OSError, subprocess.CalledProcessError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    n = len(labels)
    float_correct, qdq_correct = int((float_pred == labels).sum()), int((qdq_pred == labels).sum())
    print(f"float: top-1 {float_correct / n:.4f} ({float_correct}/{n})")
    print(f"qdq:   top-1 {qdq_correct / n:.4f} ({qdq_correct}/{n})")
    drop = 100.0 * (float_correct - qdq_correct) / n
    ok = drop <= args.max_drop
    print(f"drop {drop:.2f} points, {int((float_pred != qdq_pred).sum())} predictions differ: "
          f"{'PASS' if ok else 'FAIL'} (at most {args.max_drop:.2f})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
