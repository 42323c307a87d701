#!/usr/bin/python3
"""Makes the ONNX Runtime-style QDQ models quantc's int8 path is tested and benchmarked on:
ResNet-18, MobileNetV2 and the Fashion-MNIST CNN, quantized by utils/models/quantize_qdq.py.

Why: issue 4 measures quantc's integer outputs and latency against ONNX Runtime on QDQ models made
by another quantizer (DESIGN.md section 6). Each model comes in two variants:
  MODEL.qdq.onnx     quantize_static's defaults (8-bit weights, reduce_range=False)
  MODEL.qdq-rr.onnx  reduce_range=True (7-bit weights), which ONNX Runtime advises on x86-64
                     CPUs without VNNI: there its u8s8 kernels add pairs of u8 x s8 products in
                     saturating 16-bit arithmetic (VPMADDUBSW), and 8-bit weights overflow it.
                     On this machine (AVX2, no VNNI) only this variant runs in ONNX Runtime with
                     the model's own arithmetic; see docs/testing.md.

Calibration:
- ResNet-18, MobileNetV2 (seeded random weights, utils/models/make_torchvision_models.py): 8
  images of seeded standard-normal noise (numpy default_rng(1)). The models have no trained
  weights, so there is no image distribution to match; their BatchNorm statistics were estimated
  on standard-normal images, so this is the distribution their activation ranges are sane for,
  and the tests' and benchmark's input (default_rng(0)) is another draw from it.
- Fashion-MNIST CNN (examples/fashion_mnist_cnn.onnx): the first 500 training images.

How (system python; the torchvision models need python3-torch; about 10 s in all):
    /usr/bin/python3 utils/models/make_qdq_models.py --out DIR [--models resnet18,mobilenet_v2,fashion_mnist_cnn]

Writes DIR/<model>.qdq.onnx and DIR/<model>.qdq-rr.onnx (and the float torchvision models
DIR/<model>.onnx). A file newer than this script, quantize_qdq.py and its float model is
skipped, so test runs can cache them.
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import quantize_qdq  # noqa: E402

TORCHVISION_MODELS = ("resnet18", "mobilenet_v2")
CNN = "fashion_mnist_cnn"
VARIANTS = {".qdq.onnx": False, ".qdq-rr.onnx": True}  # suffix -> reduce_range
TORCHVISION_CALIBRATION_IMAGES = 8
CNN_CALIBRATION_IMAGES = 500


def calibration_data(name, path):
    if name == CNN:
        import fashion_mnist
        images = fashion_mnist.load("train")[0][:CNN_CALIBRATION_IMAGES]
    else:
        rng = np.random.default_rng(1)
        images = rng.standard_normal((TORCHVISION_CALIBRATION_IMAGES, 3, 224, 224)).astype(np.float32)
    np.save(path, images)  # [N, C, H, W]: N samples of the batch-1 input


def float_model(name, out_dir):
    if name == CNN:
        return os.path.join(ROOT, "examples", "fashion_mnist_cnn.onnx")
    subprocess.run([sys.executable, os.path.join(HERE, "make_torchvision_models.py"), "--out", out_dir,
                    "--models", name], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(out_dir, name + ".onnx")


def up_to_date(path, sources):
    return os.path.exists(path) and all(os.path.getmtime(path) > os.path.getmtime(s) for s in sources)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="directory to write the models into")
    parser.add_argument("--models", default=",".join(TORCHVISION_MODELS + (CNN,)),
                        help="comma-separated subset of %(default)s")
    args = parser.parse_args()
    names = [n for n in args.models.split(",") if n]
    unknown = [n for n in names if n not in TORCHVISION_MODELS + (CNN,)]
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}")

    os.makedirs(args.out, exist_ok=True)
    scripts = [os.path.abspath(__file__), quantize_qdq.__file__]
    for name in names:
        source = float_model(name, args.out)
        with tempfile.TemporaryDirectory(prefix="make-qdq-") as work:
            calib = os.path.join(work, "calibration.npy")
            for suffix, reduce_range in VARIANTS.items():
                path = os.path.join(args.out, name + suffix)
                if up_to_date(path, scripts + [source]):
                    print(f"{path}: up to date, skipped")
                    continue
                if not os.path.exists(calib):
                    calibration_data(name, calib)
                try:
                    model, samples, tensors, seconds = quantize_qdq.quantize(
                        source, calib, path, reduce_range=reduce_range)
                except quantize_qdq.QuantizeError as e:
                    raise SystemExit(f"{source}: {e}")
                print(f"{path}: {os.path.getsize(path)} bytes; {tensors} tensors calibrated on "
                      f"{samples} samples in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
