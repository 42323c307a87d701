"""Checks a `quantc compile --report` JSON document of the Fashion-MNIST CNN.

usage: check_quant_report.py REPORT.json FLOAT.so INT8.so IDX_IMAGES.gz QUANTC_RUNNER WORK_DIR

Every key of the schema in docs/tools.md with its type; the CNN's five
layers with their per-channel weight scales; every SQNR above 20 dB; the
weights at least 3.9x smaller; library_bytes the size of INT8.so. Then the
logits SQNR measured independently: both libraries run by quantc-runner on
the same first `samples` images (not loaded into Python, so that sanitized
builds work too). Prints "ok" or fails with the first mismatch.
"""

import gzip
import json
import os
import subprocess
import sys

import numpy as np

report_path, float_library, int8_library, images_path, runner, work_dir = sys.argv[1:7]
with open(report_path) as f:
    report = json.load(f)


def check(condition, message):
    if not condition:
        sys.exit("check_quant_report: " + message)


def check_keys(obj, keys, where):
    check(isinstance(obj, dict) and set(obj) == set(keys),
          "%s: keys %s, expected %s" % (where, sorted(obj) if isinstance(obj, dict) else obj,
                                          sorted(keys)))


def check_quantizer(q, where):
    check_keys(q, ["grid", "bits", "signed", "axis", "scales", "zero_points"], where)
    check(q["grid"] in ("affine", "symmetric_narrow", "zero_free", "power_of_two",
                        "unsigned_clipped"), where + ": grid " + str(q["grid"]))
    check(q["bits"] == 8 and isinstance(q["signed"], bool), where + ": bits/signed")
    check(all(isinstance(s, float) and s > 0 for s in q["scales"]), where + ": scales")
    check(all(isinstance(z, int) for z in q["zero_points"]), where + ": zero_points")
    if q["zero_points"]:
        check(len(q["zero_points"]) == len(q["scales"]), where + ": one zero point per scale")


check_keys(report, ["samples", "layers", "outputs", "size"], "report")
samples = report["samples"]
check(isinstance(samples, int) and samples > 0, "samples")
expected_layers = [
    ("input", "input", 0),
    ("/features/features.0/Conv+/features/features.1/BatchNormalization", "conv", 16),
    ("/features/features.4/Conv+/features/features.5/BatchNormalization", "conv", 32),
    ("/classifier/classifier.1/Gemm", "gemm", 64),
    ("/classifier/classifier.3/Gemm", "gemm", 10),
]
check(len(report["layers"]) == len(expected_layers), "%d layers" % len(report["layers"]))
for layer, (node, op, channels) in zip(report["layers"], expected_layers):
    check_keys(layer, ["node", "op", "absorbed", "weights", "inputs", "output",
                       "compared_values", "sqnr_db"], node)
    check(layer["node"] == node and layer["op"] == op, "layer %s %s" % (layer["node"], layer["op"]))
    for absorbed in layer["absorbed"]:
        check_keys(absorbed, ["node", "op"], node + " absorbed")
    for quantizer in layer["inputs"]:
        check_quantizer(quantizer, node + " input")
    check_quantizer(layer["output"], node + " output")
    check(layer["output"]["axis"] == -1 and len(layer["output"]["scales"]) == 1,
          node + ": per-tensor output")
    if channels:
        check_quantizer(layer["weights"], node + " weights")
        check(layer["weights"]["grid"] == "symmetric_narrow" and layer["weights"]["axis"] == 0
              and len(layer["weights"]["scales"]) == channels, node + ": per-channel weights")
    else:
        check(layer["weights"] is None, node + ": no weights")
    check(layer["compared_values"] > 0, node + ": nothing compared")
    # null: exact (only the input can be, and Fashion-MNIST's k/255 pixels
    # are on the u8 grid up to float rounding, so it is finite but high).
    check(isinstance(layer["sqnr_db"], float) and layer["sqnr_db"] > 20,
          "%s: SQNR %s dB" % (node, layer["sqnr_db"]))
check([a["op"] for l in report["layers"] for a in l["absorbed"]] == ["relu", "relu", "relu"],
      "the three Relus absorbed")

check(len(report["outputs"]) == 1, "one output")
output = report["outputs"][0]
check_keys(output, ["name", "compared_values", "sqnr_db"], "output")
check(output["name"] == "logits" and output["compared_values"] == 10 * samples, "logits")
check(output["sqnr_db"] > 20, "logits SQNR %s dB" % output["sqnr_db"])

size = report["size"]
check_keys(size, ["float_weight_bytes", "quantized_weight_bytes", "library_bytes"], "size")
check(size["float_weight_bytes"] >= 3.9 * size["quantized_weight_bytes"], "size ratio")
check(size["library_bytes"] == os.path.getsize(int8_library), "library_bytes")

# The logits SQNR again, from the two libraries the compiler wrote.
with gzip.open(images_path) as f:
    images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 1, 28, 28)[:samples]
for index, image in enumerate(images):
    np.save(os.path.join(work_dir, "image%d.npy" % index), image.astype(np.float32) / 255)


def run(path):
    logits = []
    for index in range(len(images)):
        out = os.path.join(work_dir, "out")
        subprocess.run([runner, path, "--input", os.path.join(work_dir, "image%d.npy" % index),
                        "--output-dir", out], check=True, stdout=subprocess.DEVNULL)
        logits.append(np.load(os.path.join(out, "logits.npy")))
    return np.array(logits, np.float64)


reference, measured = run(float_library), run(int8_library)
sqnr = 10 * np.log10((reference ** 2).sum() / ((reference - measured) ** 2).sum())
check(abs(sqnr - output["sqnr_db"]) < 0.01,
      "logits SQNR %.4f dB from the libraries, %.4f dB in the report" % (sqnr, output["sqnr_db"]))
print("ok")
