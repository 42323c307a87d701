#!/usr/bin/python3
"""Checks that ONNX Runtime really runs a QDQ model as int8: counts the ops of the model as ONNX
Runtime's CPU graph optimizer leaves it.

Why: a QDQ model is only an int8 baseline if ONNX Runtime fuses each DequantizeLinear -> op ->
QuantizeLinear group into an integer op (QLinearConv, QGemm, QLinearAdd, ...). When it cannot
(weights as Constant nodes, an unsupported zero point, a missing Q after the op), it dequantizes
and runs the float op instead, and the "int8" latency is a float one (DESIGN.md section 6).

How (system python with onnx; node with utils/ort's onnxruntime-node):
    /usr/bin/python3 utils/qdq/ort_fusion.py MODEL.qdq.onnx [--save OPTIMIZED.onnx]

Saves the model as ONNX Runtime optimizes it at its default level ("all", one thread;
utils/ort/optimize.js) and prints, e.g.
    integer ops: QLinearConv 20, QGemm 1, QLinearAdd 8, QLinearGlobalAveragePool 1
    float compute ops left: none
    QuantizeLinear 1, DequantizeLinear 1 left
    PASS: all 21 Conv/Gemm/MatMul of the QDQ model run as integer ops
Exit status 0 when every Conv, ConvTranspose, Gemm and MatMul of the QDQ model became an integer
op, 1 when some run in float, 2 on errors.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
OPTIMIZE_JS = os.path.join(HERE, "..", "ort", "optimize.js")

# Ops whose float form is the expensive part of a CNN: each must become an integer op.
WEIGHTED_OPS = ("Conv", "ConvTranspose", "Gemm", "MatMul")
# ONNX Runtime's float forms of them and of the other quantizable ops after its fusions
# (FusedConv/FusedGemm: op + activation; the NCHWc layout's Conv in com.microsoft.nchwc).
FLOAT_COMPUTE_OPS = frozenset(WEIGHTED_OPS + ("FusedConv", "FusedGemm", "FusedMatMul", "Add", "Mul",
                                              "GlobalAveragePool", "AveragePool", "Concat", "Sigmoid"))


def is_integer_op(op_type):
    # QLinearConv, QLinearMatMul, QLinearAdd, QLinearGlobalAveragePool, ..., QGemm, MatMulInteger...
    return op_type.startswith("QLinear") or op_type == "QGemm" or op_type.endswith("Integer")


def optimized_op_counts(model_path, save_path=None):
    """Counter of op types in the model as ONNX Runtime optimizes it for the CPU."""
    with tempfile.TemporaryDirectory(prefix="ort-fusion-") as work:
        out = save_path or os.path.join(work, "optimized.onnx")
        subprocess.run(["node", OPTIMIZE_JS, model_path, "--out", out, "--level", "all"],
                       check=True, stdout=subprocess.DEVNULL)
        return Counter(n.op_type for n in onnx.load(out).graph.node)


def check(model_path, save_path=None):
    """Returns (report lines, ok)."""
    wanted = sum(1 for n in onnx.load(model_path).graph.node if n.op_type in WEIGHTED_OPS)
    counts = optimized_op_counts(model_path, save_path)
    integer = {op: n for op, n in sorted(counts.items()) if is_integer_op(op)}
    float_left = {op: n for op, n in sorted(counts.items()) if op in FLOAT_COMPUTE_OPS}
    fused_weighted = sum(n for op, n in integer.items()
                         if op in ("QLinearConv", "QGemm", "QLinearMatMul", "QLinearConvTranspose",
                                   "ConvInteger", "MatMulInteger"))
    ok = fused_weighted == wanted and not any(op in float_left for op in WEIGHTED_OPS + ("FusedConv", "FusedGemm"))
    lines = [
        "integer ops: " + (", ".join(f"{op} {n}" for op, n in integer.items()) or "none"),
        "float compute ops left: " + (", ".join(f"{op} {n}" for op, n in float_left.items()) or "none"),
        f"QuantizeLinear {counts['QuantizeLinear']}, DequantizeLinear {counts['DequantizeLinear']} left",
        (f"PASS: all {wanted} Conv/Gemm/MatMul of the QDQ model run as integer ops" if ok else
         f"FAIL: {fused_weighted} of {wanted} Conv/Gemm/MatMul of the QDQ model run as integer ops"),
    ]
    return lines, ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="a QDQ model")
    parser.add_argument("--save", metavar="PATH", help="keep ONNX Runtime's optimized model here")
    args = parser.parse_args()
    try:
        lines, ok = check(args.model, args.save)
    except (OSError, subprocess.CalledProcessError, onnx.onnx_cpp2py_export.checker.ValidationError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
