#!/usr/bin/python3
"""quantc against ONNX Runtime on one QDQ model, in quantization steps: compiles the model with
`quantc compile`, runs it with `quantc run` and ONNX Runtime with utils/ort/run.js on the same
input, and compares the outputs with compare_steps.py (issue 4's ">= 99.9% of output elements
within one step").

How (system python; quantc built; node with utils/ort's onnxruntime-node):
    /usr/bin/python3 utils/qdq/quantc_vs_ort.py MODEL.qdq.onnx [--quantc build/bin/quantc]
        [--target x86_64|aarch64] [--input NAME=FILE.npy] [--reference fused|unfused]
        [--threshold 99.9]

Without --input, every float input gets seeded standard-normal values (default_rng(0)), the
input utils/bench/bench.py times. --reference unfused runs ONNX Runtime with its graph
optimizations off (DequantizeLinear, float op, QuantizeLinear: the model's own definition)
instead of its fused int8 kernels; docs/testing.md explains when they differ. Prints the
comparison of each output; exit status 0 when all pass, 1 when some fail, 2 on errors (a
model quantc cannot compile is one: its first diagnostic is printed).
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import compare_steps  # noqa: E402


def file_name(output):
    """The NPY file name run.js and quantc-runner give an output (the common, simple case)."""
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in output) + ".npy"


def seeded_inputs(model, work):
    files = {}
    initializers = {t.name for t in model.graph.initializer}
    for value in model.graph.input:
        if value.name in initializers:
            continue
        shape = [d.dim_value for d in value.type.tensor_type.shape.dim]
        if value.type.tensor_type.elem_type != onnx.TensorProto.FLOAT or not all(shape):
            raise compare_steps.CompareError(f"input '{value.name}' needs --input (not float, or not static)")
        files[value.name] = os.path.join(work, f"input_{len(files)}.npy")
        np.save(files[value.name], np.random.default_rng(0).standard_normal(shape).astype(np.float32))
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model")
    parser.add_argument("--quantc", default=os.path.join(ROOT, "build", "bin", "quantc"))
    parser.add_argument("--target", choices=("x86_64", "aarch64"))
    parser.add_argument("--input", action="append", default=[], metavar="NAME=FILE")
    parser.add_argument("--reference", choices=("fused", "unfused"), default="fused")
    parser.add_argument("--threshold", type=float, default=99.9)
    args = parser.parse_args()

    model = onnx.load(args.model)
    with tempfile.TemporaryDirectory(prefix="quantc-vs-ort-") as work:
        try:
            inputs = dict(spec.split("=", 1) for spec in args.input) or seeded_inputs(model, work)
            feeds = [f"--input={name}={path}" for name, path in inputs.items()]
            subprocess.run(["node", os.path.join(ROOT, "utils", "ort", "run.js"), args.model, *feeds,
                            "--optimization", "all" if args.reference == "fused" else "disabled",
                            "--output-dir", os.path.join(work, "ort")], check=True, stdout=subprocess.DEVNULL)
            library = os.path.join(work, "model.so")
            target = [f"--target={args.target}"] if args.target else []
            compiled = subprocess.run([args.quantc, "compile", args.model, "-o", library, *target],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if compiled.returncode != 0:
                lines = compiled.stderr.strip().splitlines()
                raise compare_steps.CompareError("quantc compile failed: " + (lines[0] if lines else "?"))
            subprocess.run([args.quantc, "run", library, *feeds, "--output-dir", os.path.join(work, "quantc")],
                           check=True, stdout=subprocess.DEVNULL)
            ok = True
            for output in model.graph.output:
                name, scale, dq_name = compare_steps.output_step(model, output.name)
                steps, within = compare_steps.compare(np.load(os.path.join(work, "quantc", file_name(name))),
                                                      np.load(os.path.join(work, "ort", file_name(name))), scale)
                passed = 100 * within >= args.threshold
                ok = ok and passed
                print(f"output '{name}': {100 * within:.2f}% of {steps.size} within one step of ONNX Runtime "
                      f"({args.reference}), max {steps.max():.2f} steps: {'PASS' if passed else 'FAIL'} "
                      f"(at least {args.threshold:.2f}%)")
        except (compare_steps.CompareError, OSError, ValueError, subprocess.CalledProcessError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
