#!/usr/bin/python3
"""Fashion-MNIST loader for quantc's model and calibration scripts.

Why: the CNN training script, calibration-set dumps and accuracy checks all need the same
Fashion-MNIST arrays, read from the Debian package `dataset-fashion-mnist` (gzip'd IDX files
under /usr/share/datasets/fashion-mnist/) with no network and no torchvision downloader.

How:
    from fashion_mnist import load
    x_train, y_train = load("train")   # float32 (60000, 1, 28, 28) in [0, 1], int64 (60000,)
    x_test, y_test = load("test")      # float32 (10000, 1, 28, 28) in [0, 1], int64 (10000,)

    rgb = to_rgb(x_test[:1000], 96)    # float32 (1000, 3, 96, 96): resized, gray in all 3 channels

    /usr/bin/python3 utils/models/fashion_mnist.py   # self-check: prints shapes and class counts

The IDX header (magic number, element type, dimension count, dimensions) is validated and the
payload size must match it exactly; anything else raises IdxError naming the file.
"""

import gzip
import os
import struct

import numpy as np

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"

FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}

CLASS_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")

_UBYTE = 0x08  # IDX element-type code for unsigned byte, the only type Fashion-MNIST uses


class IdxError(ValueError):
    """A file is not the IDX file it should be."""


def read_idx(path, expected_ndim):
    """Reads a (possibly gzip'd) IDX file of unsigned bytes; returns a uint8 array.

    The magic number is 0x00 0x00 <type> <ndim>, followed by ndim big-endian uint32 sizes.
    """
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            data = f.read()
    except (OSError, EOFError) as e:  # missing file, truncated or corrupt gzip stream
        raise IdxError(f"{path}: cannot read: {e}") from e

    if len(data) < 4:
        raise IdxError(f"{path}: {len(data)} bytes, too short for an IDX header")
    zero0, zero1, dtype, ndim = data[0], data[1], data[2], data[3]
    if zero0 != 0 or zero1 != 0:
        raise IdxError(f"{path}: bad IDX magic {data[:4].hex()} (must start with 0000)")
    if dtype != _UBYTE:
        raise IdxError(f"{path}: IDX element type 0x{dtype:02x}, expected 0x08 (unsigned byte)")
    if ndim != expected_ndim:
        raise IdxError(f"{path}: IDX has {ndim} dimensions, expected {expected_ndim}")

    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise IdxError(f"{path}: truncated IDX header ({len(data)} bytes)")
    dims = struct.unpack(f">{ndim}I", data[4:header_size])
    count = int(np.prod(dims, dtype=np.int64))
    payload = len(data) - header_size
    if payload != count:
        raise IdxError(f"{path}: header says {'x'.join(map(str, dims))} = {count} bytes of data, "
                       f"file has {payload}")
    return np.frombuffer(data, dtype=np.uint8, offset=header_size).reshape(dims)


def load(split, data_dir=DEFAULT_DIR):
    """Returns (images, labels) for split "train" or "test".

    images: float32, shape (N, 1, 28, 28), pixel / 255 in [0, 1].
    labels: int64, shape (N,), values 0..9.
    """
    if split not in FILES:
        raise ValueError(f"split must be one of {sorted(FILES)}, got {split!r}")
    image_file, label_file = (os.path.join(data_dir, name) for name in FILES[split])

    images = read_idx(image_file, expected_ndim=3)
    labels = read_idx(label_file, expected_ndim=1)
    if images.shape[1:] != (28, 28):
        raise IdxError(f"{image_file}: images are {images.shape[1]}x{images.shape[2]}, expected 28x28")
    if images.shape[0] != labels.shape[0]:
        raise IdxError(f"{image_file} has {images.shape[0]} images but {label_file} has "
                       f"{labels.shape[0]} labels")
    if labels.size and labels.max() > 9:
        raise IdxError(f"{label_file}: label {labels.max()} out of range 0..9")

    x = (images.astype(np.float32) / np.float32(255.0)).reshape(-1, 1, 28, 28)
    y = labels.astype(np.int64)
    return x, y


def to_rgb(images, size):
    """Resizes float32 (N, 1, H, W) images bilinearly to size x size and repeats the gray channel
    three times: (N, 3, size, size), the input of an ImageNet-shaped model (MobileNetV2,
    utils/models/train_mobilenet_v2.py).

    Bilinear as torch's interpolate and ONNX Resize with align_corners=False (half-pixel centres,
    source positions below 0 clamped to 0), computed here in numpy so that tests need no torch.
    """
    def taps(source_size):
        position = np.maximum((np.arange(size) + 0.5) * (source_size / size) - 0.5, 0)
        low = np.floor(position).astype(np.int64)
        high = np.minimum(low + 1, source_size - 1)
        return low, high, (position - low).astype(np.float32)

    low, high, weight = taps(images.shape[2])
    rows = images[:, :, low, :] * (1 - weight)[:, None] + images[:, :, high, :] * weight[:, None]
    low, high, weight = taps(images.shape[3])
    resized = rows[:, :, :, low] * (1 - weight) + rows[:, :, :, high] * weight
    return np.repeat(resized, 3, axis=1).astype(np.float32)


if __name__ == "__main__":
    for split in ("train", "test"):
        x, y = load(split)
        print(f"{split}: images {x.dtype}{list(x.shape)} in [{x.min()}, {x.max()}], "
              f"labels {y.dtype}{list(y.shape)}, per class {np.bincount(y, minlength=10).tolist()}")
