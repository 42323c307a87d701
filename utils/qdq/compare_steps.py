#!/usr/bin/python3
"""Compares two runs of a QDQ model in quantization steps: the share of output elements on which
they agree within one step, and the largest difference in steps.

Why: issue 4's acceptance for QDQ models made outside quantc: "quantc's integer outputs equal
ONNX Runtime's within one quantization step for >= 99.9% of output elements". An integer
pipeline may round a requantization differently from ONNX Runtime (one step), but anything
further is a bug. The step is the scale of the DequantizeLinear that produces the output, read
from the model, so the two runs are compared on the model's own integer grid.

How (system python with numpy and onnx):
    /usr/bin/python3 utils/qdq/compare_steps.py MODEL.qdq.onnx ACTUAL.npy EXPECTED.npy
        [--output NAME] [--threshold 99.9]

ACTUAL and EXPECTED are the float output NAME (default: the model's only output) of the two runs,
e.g. `quantc run lib.so --output-dir D` and `node utils/ort/run.js MODEL --output-dir D`. The
output must come from a DequantizeLinear (per-tensor, or per-axis along its `axis`). Prints, e.g.
    output 'output': 1000 elements, step 0.0421 (DequantizeLinear 'output_DequantizeLinear')
      differences in steps: 0: 981, 1: 19, 2: 0, more: 0
      99.90% within one step (1000/1000), max difference 1.00 steps
    PASS: at least 99.90% within one step
A difference counts as within one step up to 1.001 steps (the dequantized values are float32).
Exit status 0 on PASS, 1 on FAIL, 2 on errors (unreadable files, shapes that differ, an output
not produced by a DequantizeLinear).
"""

import argparse
import sys

import numpy as np
import onnx
from onnx import numpy_helper

SLACK = 1e-3  # in steps: float32 rounding of s * (q - zp) on both sides


class CompareError(Exception):
    pass


def constant_value(graph, name):
    for t in graph.initializer:
        if t.name == name:
            return numpy_helper.to_array(t)
    for node in graph.node:
        if node.op_type == "Constant" and node.output[0] == name:
            return numpy_helper.to_array(next(a.t for a in node.attribute if a.name == "value"))
    raise CompareError(f"the scale '{name}' is neither an initializer nor a Constant")


def output_step(model, output):
    """(scale broadcastable to the output, DequantizeLinear node name) of graph output `output`."""
    graph = model.graph
    names = [o.name for o in graph.output]
    if output is None:
        if len(names) != 1:
            raise CompareError(f"the model has outputs {', '.join(names)}: choose one with --output")
        output = names[0]
    elif output not in names:
        raise CompareError(f"the model has no output '{output}' (outputs: {', '.join(names)})")
    producer = next((n for n in graph.node if output in n.output), None)
    if producer is None or producer.op_type != "DequantizeLinear":
        what = producer.op_type if producer is not None else "no node"
        raise CompareError(f"output '{output}' comes from {what}, not a DequantizeLinear: no step to compare in")
    scale = constant_value(graph, producer.input[1]).astype(np.float64)
    rank = next((len(o.type.tensor_type.shape.dim) for o in graph.output if o.name == output), 0)
    if scale.size > 1:
        axis = next((a.i for a in producer.attribute if a.name == "axis"), 1)
        shape = [1] * rank
        shape[axis % rank] = scale.size
        scale = scale.reshape(shape)
    return output, scale.reshape(()) if scale.size == 1 else scale, producer.name


def compare(actual, expected, scale):
    """(steps array, share within one step)."""
    if actual.shape != expected.shape:
        raise CompareError(f"shapes differ: {list(actual.shape)} and {list(expected.shape)}")
    steps = np.abs(actual.astype(np.float64) - expected.astype(np.float64)) / scale
    steps = np.where(np.isnan(steps), np.inf, steps)
    return steps, float(np.mean(steps <= 1 + SLACK)) if steps.size else 1.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="the QDQ model both runs ran")
    parser.add_argument("actual", help=".npy: the output of the run under test (quantc)")
    parser.add_argument("expected", help=".npy: the reference run's output (ONNX Runtime)")
    parser.add_argument("--output", help="graph output name (default: the only one)")
    parser.add_argument("--threshold", type=float, default=99.9, help="percent within one step to pass")
    args = parser.parse_args()
    try:
        output, scale, dq_name = output_step(onnx.load(args.model), args.output)
        steps, within = compare(np.load(args.actual), np.load(args.expected), scale)
    except (CompareError, OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    rounded = np.rint(np.minimum(steps, 1e9)).astype(np.int64)
    step_text = f"{float(scale):.6g}" if np.ndim(scale) == 0 else f"per channel, {np.size(scale)} scales"
    print(f"output '{output}': {steps.size} elements, step {step_text} (DequantizeLinear '{dq_name}')")
    print(f"  differences in steps: 0: {int(np.sum(rounded == 0))}, 1: {int(np.sum(rounded == 1))}, "
          f"2: {int(np.sum(rounded == 2))}, more: {int(np.sum(rounded > 2))}")
    print(f"  {100 * within:.2f}% within one step ({int(round(within * steps.size))}/{steps.size}), "
          f"max difference {steps.max() if steps.size else 0:.2f} steps")
    ok = 100 * within >= args.threshold
    print(f"{'PASS' if ok else 'FAIL'}: {'at least' if ok else 'fewer than'} {args.threshold:.2f}% within one step")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
