"""Calibration samples for add_relu.onnxtxt (inputs a, b: float32 [2, 3];
n: int64 [2]) in every layout quantc reads for a model with several inputs,
and in broken ones. Sample s has a = s - 1 everywhere and b = [0..5] * (s + 1) / 2,
so over samples 0..2, a spans [-1, 1] and b [0, 7.5]; over 0..1, b spans [0, 5].

    make_add_relu_samples.py OUT_DIR
"""
import os
import sys

import numpy as np
from onnx import numpy_helper

out = sys.argv[1]


def sample(s):
    return {"a": np.full((2, 3), s - 1, np.float32),
            "b": (np.arange(6, dtype=np.float32).reshape(2, 3) * (s + 1) / 2),
            "n": np.array([s, -s], np.int64)}


samples = [sample(s) for s in range(3)]
stacked = {name: np.stack([x[name] for x in samples]) for name in ("a", "b", "n")}

# .npz: one member per input, the samples stacked on the first axis.
np.savez(os.path.join(out, "stacked.npz"), **stacked)
np.savez_compressed(os.path.join(out, "missing-member.npz"), a=stacked["a"], n=stacked["n"])
np.savez(os.path.join(out, "uneven.npz"), a=stacked["a"], b=stacked["b"][:2], n=stacked["n"])
np.savez(os.path.join(out, "unstacked.npz"), a=samples[0]["a"], b=samples[0]["b"], n=samples[0]["n"])

# A directory per sample: files named after the inputs, or by position as
# ONNX's test_data_set_N directories (with their output files beside them).
os.makedirs(os.path.join(out, "dirs", "sample0"))
for name, value in samples[0].items():
    np.save(os.path.join(out, "dirs", "sample0", name + ".npy"), value)
for s in (1, 2):
    directory = os.path.join(out, "dirs", "test_data_set_%d" % s)
    os.makedirs(directory)
    for i, name in enumerate(("a", "b", "n")):
        with open(os.path.join(directory, "input_%d.pb" % i), "wb") as f:
            f.write(numpy_helper.from_array(samples[s][name], name).SerializeToString())
    with open(os.path.join(directory, "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(np.zeros((2, 3), np.float32), "y").SerializeToString())

os.makedirs(os.path.join(out, "dir-missing", "sample0"))
np.save(os.path.join(out, "dir-missing", "sample0", "a.npy"), samples[0]["a"])
np.save(os.path.join(out, "dir-missing", "sample0", "n.npy"), samples[0]["n"])
os.makedirs(os.path.join(out, "dir-wrong-type", "sample0"))
for name, value in samples[0].items():
    np.save(os.path.join(out, "dir-wrong-type", "sample0", name + ".npy"),
            value.astype(np.int32) if name == "n" else value)
os.makedirs(os.path.join(out, "flat"))
np.save(os.path.join(out, "flat", "a.npy"), samples[0]["a"])
