#!/usr/bin/python3
"""Static int8 quantization of a float ONNX model into a QDQ model, shaped the way ONNX Runtime's
quantizer shapes it.

Why: quantc must compile QDQ models made by other tools and is measured against ONNX Runtime's
int8 execution of them (issue 4, DESIGN.md section 6). ONNX Runtime's own quantizer is Python
(`onnxruntime.quantization.quantize_static`), which cannot be installed here (no PyPI). This
script makes the model that call would make,

    quant_pre_process(model)  then
    quantize_static(model, reader, quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                    calibrate_method=CalibrationMethod.MinMax)   # reduce_range=False

from the rules of ONNX Runtime's quantizer (onnxruntime/python/tools/quantization: quant_utils,
base_quantizer, qdq_quantizer, calibrate, operators/), written anew with numpy and onnx only:

- Pre-processing: ONNX Runtime's own basic-level graph optimizer (utils/ort/optimize.js), as
  quant_pre_process runs it: BatchNormalization folded into the Conv before it, constants folded.
- Calibration (MinMax): every float input and output of an op ONNX Runtime quantizes gets a
  ReduceMin and a ReduceMax output; ONNX Runtime runs that model with graph optimizations
  disabled, as its calibrator does, once per sample (utils/ort/run.js --each-sample); the range
  is the minimum of the minima and the maximum of the maxima.
- Ranges: a Relu or Clip whose input has no other consumer gives that input its own range.
  Activations: uint8, asymmetric, the range widened to include 0, scale = (rmax - rmin) / 255
  computed in float64 from the float32 difference and stored as float32, zero point =
  round-half-even(0 - rmin / scale); a scale below float32's smallest normal becomes 1, zp 0.
- Ops (in graph order): Conv and Gemm: input, output, per-channel symmetric int8 weights (range
  [-127, 127], scale = 2 max|w| / 254, zero point 0; axis 0, or 1 for a Gemm without transB),
  int32 bias at scale s_x * s_w (float32 product) with zero point 0. Relu and Clip: removed when
  the op before them has no other consumer (that op's output takes their name and range),
  otherwise quantized in and out. MaxPool, Reshape, Transpose, Squeeze, Unsqueeze, AveragePool,
  Slice: output quantized with the input's scale and zero point, when the input is quantized.
  Add, Mul, GlobalAveragePool, Concat, Sigmoid, LeakyRelu: every float input and output
  quantized. Ops outside ONNX Runtime's list (Flatten, ...) stay float between a
  DequantizeLinear and a QuantizeLinear.
- Graph: one QuantizeLinear -> DequantizeLinear pair per activation tensor, shared by all its
  consumers; a graph output keeps its name on the last DequantizeLinear. Weights and biases are
  int8 / int32 initializers behind a DequantizeLinear (never Constant nodes, which would stop
  ONNX Runtime's fusion). Names follow ONNX Runtime's: T_QuantizeLinear, T_scale,
  T_zero_point, W_quantized, B_quantized_scale, ...

Ops that ONNX Runtime quantizes with a rule this script does not implement (MatMul, Softmax,
Resize, Split, Gather, ...) are an error rather than a silent difference.

How (system python; numpy and onnx; node with utils/ort's onnxruntime-node):
    /usr/bin/python3 utils/models/quantize_qdq.py MODEL.onnx --calib DATA --out MODEL.qdq.onnx
        [--calib-samples N] [--reduce-range] [--keep-work DIR]

DATA is a .npy file holding N samples of the model's one input stacked on a new leading axis
(shape [N, *input shape]; for a batch-1 input also [N, *input shape[1:]]), or a .npz file with
one such array per input name. The same model and
data always give the same bytes. Prints the calibration time and the op counts of the result.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ORT_DIR = os.path.join(HERE, "..", "ort")

UINT8_RANGE = (0, 255)              # activations (QuantType.QUInt8, asymmetric)
INT8_SYMMETRIC_RANGE = (-127, 127)  # weights (QuantType.QInt8, symmetric, reduce_range=False)
INT8_REDUCED_RANGE = (-64, 64)      # weights with reduce_range=True (7 bits)
INT8_RANGE = (-128, 127)            # what quantize_nparray clips int8 weights to

# The op types quantize_static quantizes by default: its QLinearOps registry and its QDQ registry
# together (the QDQ quantizer treats an op that is only in the first as QDQOperatorBase).
ORT_QUANTIZED_OP_TYPES = frozenset({
    "ArgMax", "Conv", "Gemm", "MatMul", "Add", "Mul", "Relu", "Clip", "LeakyRelu", "Sigmoid",
    "MaxPool", "GlobalAveragePool", "Split", "Pad", "Reshape", "Squeeze", "Unsqueeze", "Resize",
    "AveragePool", "Concat", "Softmax", "Where", "Gather", "Transpose", "EmbedLayerNormalization",
    "ConvTranspose", "Slice", "GatherElements", "InstanceNormalization", "LayerNormalization",
    "BatchNormalization",
})
# Ops whose output ONNX Runtime quantizes with its input's parameters (QDQDirect8BitOp, QDQMaxPool).
SAME_AS_INPUT_OPS = frozenset({"MaxPool", "Reshape", "Transpose", "Squeeze", "Unsqueeze",
                               "AveragePool", "Slice"})
# Ops ONNX Runtime quantizes in and out with no special rule (QDQOperatorBase) that this script
# has checked against ONNX Runtime's fusions.
PLAIN_OPS = frozenset({"Add", "Mul", "GlobalAveragePool", "Concat", "Sigmoid", "LeakyRelu"})


class QuantizeError(Exception):
    """A model this script cannot quantize the way ONNX Runtime would."""


# ---------------------------------------------------------------------------------------------
# ONNX Runtime's arithmetic for scales, zero points and quantized values.

def scale_and_zero_point(rmin, rmax, qmin, qmax, symmetric):
    """compute_scale_zp: float32 rmin/rmax -> (float32 scale, integer zero point)."""
    rmin = np.minimum(np.float32(rmin), np.float32(0))
    rmax = np.maximum(np.float32(rmax), np.float32(0))
    if symmetric:
        absmax = np.maximum(np.abs(rmin), np.abs(rmax))
        rmin, rmax = -absmax, absmax
    scale = np.float64(rmax - rmin) / (np.float64(qmax) - np.float64(qmin))
    if scale < np.finfo(np.float32).tiny:
        return np.float32(1.0), 0
    if symmetric:
        zero_point = int(np.round((qmin + qmax) / np.float64(2.0)))
    else:
        zero_point = int(np.round(qmin - rmin / scale))
    return np.float32(scale), zero_point


def quantize_weight_per_channel(weight, axis, reduce_range):
    """Symmetric int8 per-channel weights: (int8 array, float32 scales)."""
    qmin, qmax = INT8_REDUCED_RANGE if reduce_range else INT8_SYMMETRIC_RANGE
    scales, channels = [], []
    for i in range(weight.shape[axis]):
        channel = weight.take(i, axis).astype(np.float32)
        scale, zero_point = scale_and_zero_point(channel.min(), channel.max(), qmin, qmax, symmetric=True)
        assert zero_point == 0
        q = np.clip((channel / scale).round() + zero_point, *INT8_RANGE)
        channels.append(np.expand_dims(q.astype(np.int8), axis))
        scales.append(scale)
    return np.concatenate(channels, axis), np.array(scales, dtype=np.float32)


def quantize_bias(bias, input_scale, weight_scale, beta, where):
    """int32 bias at scale input_scale * weight_scale * beta (float32), zero point 0."""
    bias_scale = (np.float32(input_scale) * weight_scale * np.float32(beta)).astype(np.float32)
    q = (bias.astype(np.float64) / bias_scale.astype(np.float64)).round()
    info = np.iinfo(np.int32)
    if np.any(q < info.min) or np.any(q > info.max):
        # Newer ONNX Runtime releases widen the weight scale here instead; not implemented.
        raise QuantizeError(f"{where}: the int32 bias overflows at scale s_x * s_w")
    return q.astype(np.int32), bias_scale


# ---------------------------------------------------------------------------------------------
# The model

class Graph:
    """Lookups over a model's graph that the rules below need."""

    def __init__(self, model):
        self.model = model
        self.graph = model.graph
        self.initializers = {t.name: t for t in self.graph.initializer}
        self.inputs = {v.name for v in self.graph.input}
        self.outputs = {v.name for v in self.graph.output}
        self.elem_types = {}
        for v in list(self.graph.value_info) + list(self.graph.input) + list(self.graph.output):
            if v.type.HasField("tensor_type"):
                self.elem_types[v.name] = v.type.tensor_type.elem_type

    def consumers(self, name):
        return [n for n in self.graph.node if name in n.input]

    def is_float_activation(self, name):
        return (name != "" and name not in self.initializers
                and self.elem_types.get(name) == TensorProto.FLOAT)

    def array(self, name):
        return numpy_helper.to_array(self.initializers[name])


def preprocess(model_path, work):
    """quant_pre_process: ONNX Runtime's basic optimizations, then ONNX shape inference."""
    optimized = os.path.join(work, "preprocessed.onnx")
    subprocess.run(["node", os.path.join(ORT_DIR, "optimize.js"), model_path, "--out", optimized,
                    "--level", "basic"], check=True, stdout=subprocess.DEVNULL)
    model = onnx.load(optimized)
    # ONNX Runtime lists every domain it knows; keep the ones the nodes use.
    used = {n.domain for n in model.graph.node} | {""}
    kept = [o for o in model.opset_import if o.domain in used or o.domain == "ai.onnx"]
    del model.opset_import[:]
    model.opset_import.extend(kept)
    opset = {o.domain: o.version for o in model.opset_import}.get("", 0)
    if opset < 13:
        raise QuantizeError(f"opset {opset}: per-channel QDQ needs opset 13 or later")
    return onnx.shape_inference.infer_shapes(model)


def tensors_to_calibrate(g):
    """Float activations in and out of the ops ONNX Runtime quantizes (its calibrator's choice)."""
    names = []
    for node in g.graph.node:
        if node.op_type in ORT_QUANTIZED_OP_TYPES:
            for name in list(node.input) + list(node.output):
                if g.is_float_activation(name) and name not in names:
                    names.append(name)
    return names


def load_calibration_data(path, g, samples):
    """{input name: float32 array [N, *shape]} from a .npy or .npz file."""
    if path.endswith(".npz"):
        with np.load(path) as archive:
            data = {name: archive[name] for name in archive.files}
    else:
        if len(g.inputs - set(g.initializers)) != 1:
            raise QuantizeError(f"{path}: a .npy file feeds a one-input model; give a .npz per input name")
        data = {next(iter(g.inputs - set(g.initializers))): np.load(path)}
    for name in g.inputs - set(g.initializers):
        if name not in data:
            raise QuantizeError(f"{path}: no samples for model input '{name}'")
    counts = {len(a) for a in data.values()}
    if len(counts) != 1:
        raise QuantizeError(f"{path}: the inputs hold different numbers of samples")
    if samples:
        data = {name: a[:samples] for name, a in data.items()}
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim] for v in g.graph.input}
    for name, array in data.items():
        # A batch-1 input also takes N samples stacked on the batch axis ([N, *shape[1:]]).
        if shapes[name][:1] == [1] and array.ndim == len(shapes[name]):
            data[name] = array = array[:, None]
        if list(array.shape[1:]) != shapes[name]:
            raise QuantizeError(f"{path}: samples for '{name}' have shape {list(array.shape[1:])}, "
                                f"the input is {shapes[name]}")
    return {name: np.ascontiguousarray(a, dtype=np.float32) for name, a in data.items()}


def calibrate(g, names, data, work):
    """MinMax ranges {tensor: (float32 min, float32 max)} over all samples, run by ONNX Runtime."""
    model = onnx.ModelProto()
    model.CopyFrom(g.model)
    del model.graph.output[:]
    for i, name in enumerate(names):
        for op, kind in (("ReduceMin", "min"), ("ReduceMax", "max")):
            out = f"calibration_{kind}_{i}"
            model.graph.node.append(helper.make_node(op, [name], [out], name=out, keepdims=0))
            model.graph.output.append(helper.make_tensor_value_info(out, TensorProto.FLOAT, []))
    augmented = os.path.join(work, "calibration.onnx")
    onnx.save(model, augmented)
    command = ["node", os.path.join(ORT_DIR, "run.js"), augmented, "--each-sample",
               "--optimization", "disabled", "--output-dir", os.path.join(work, "ranges")]
    for i, (name, array) in enumerate(data.items()):
        path = os.path.join(work, f"calibration_input_{i}.npy")
        np.save(path, array)
        command += ["--input", f"{name}={path}"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    ranges = {}
    for i, name in enumerate(names):
        lo = np.load(os.path.join(work, "ranges", f"calibration_min_{i}.npy"))
        hi = np.load(os.path.join(work, "ranges", f"calibration_max_{i}.npy"))
        ranges[name] = (np.float32(lo.min()), np.float32(hi.max()))
    return ranges


class Plan:
    """ONNX Runtime's QDQ quantizer state: which tensors get Q/DQ, weights, biases, removals."""

    def __init__(self, g, ranges):
        self.g = g
        self.ranges = ranges
        self.activations = {}   # tensor -> the tensor whose scale/zero point it shares, or None
        self.weights = {}       # initializer -> per-channel axis
        self.biases = []        # (bias, input tensor, weight, beta, node name)
        self.removed = []       # nodes folded away

    def quantize_activation(self, name, share_with=None):
        if not self.g.is_float_activation(name):
            if name in self.g.initializers:
                raise QuantizeError(f"initializer '{name}' as a quantized activation: not implemented")
            return
        if share_with is not None or name not in self.activations:
            self.activations[name] = share_with

    def weighted(self, node, axis):
        """QDQConv / QDQGemm."""
        weight = node.input[1]
        if weight not in self.g.initializers:
            raise QuantizeError(f"node '{node.name}': weight '{weight}' is not an initializer")
        self.quantize_activation(node.input[0])
        self.quantize_activation(node.output[0])
        self.weights[weight] = axis
        if len(node.input) > 2 and node.input[2]:
            if node.input[2] not in self.g.initializers:
                raise QuantizeError(f"node '{node.name}': bias '{node.input[2]}' is not an initializer")
            beta = next((a.f for a in node.attribute if a.name == "beta"), 1.0)
            self.biases.append((node.input[2], node.input[0], weight, beta, node.name))

    def removable_activation(self, node):
        """QDQRemovableActivation: Relu/Clip absorbed into the op before it when that op's output
        feeds nothing else (the output range already excludes what they clip)."""
        upstream, output = node.input[0], node.output[0]
        if upstream not in self.activations:
            return
        if (output in self.ranges and len(self.g.consumers(upstream)) == 1
                and upstream not in self.g.outputs and upstream not in self.g.inputs):
            for other in self.g.graph.node:
                for i, name in enumerate(other.output):
                    if name == upstream:
                        other.output[i] = output
            del self.activations[upstream]
            self.removed.append(node)
        else:
            self.quantize_activation(upstream)
        self.quantize_activation(output)

    def add(self, node):
        if node.op_type == "Conv":
            self.weighted(node, axis=0)
        elif node.op_type == "Gemm":
            trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
            self.weighted(node, axis=0 if trans_b else 1)
        elif node.op_type in ("Relu", "Clip"):
            self.removable_activation(node)
        elif node.op_type in SAME_AS_INPUT_OPS:
            if node.input[0] in self.activations:
                self.quantize_activation(node.output[0], share_with=node.input[0])
        elif node.op_type in PLAIN_OPS:
            for name in list(node.input) + list(node.output):
                self.quantize_activation(name)
        else:
            raise QuantizeError(f"node '{node.name}': ONNX Runtime quantizes {node.op_type} with a "
                                "rule this script does not implement")


def adjust_ranges_for_activations(g, ranges):
    """calculate_quantization_params: a Relu/Clip's sole input takes the Relu/Clip's range."""
    for node in g.graph.node:
        if node.op_type in ("Relu", "Clip") and len(g.consumers(node.input[0])) == 1:
            if node.input[0] in ranges and node.output[0] in ranges:
                ranges[node.input[0]] = ranges[node.output[0]]


class Builder:
    """Writes the plan into the graph: Q/DQ nodes and quantized initializers."""

    def __init__(self, g, ranges, reduce_range):
        self.g = g
        self.ranges = ranges
        self.reduce_range = reduce_range
        self.new_nodes = []
        self.new_initializers = []
        self.params = {}        # tensor -> (scale name, zero point name, float32 scale)
        self.weight_scales = {}  # weight -> float32 per-channel scales

    def initializer(self, array, name):
        self.new_initializers.append(numpy_helper.from_array(array, name))

    def rename_input(self, old, new):
        for node in self.g.graph.node:
            for i, name in enumerate(node.input):
                if name == old:
                    node.input[i] = new

    def activation(self, name, share_with):
        if share_with is None:
            if name not in self.ranges:
                raise QuantizeError(f"tensor '{name}' has no calibrated range")
            scale, zero_point = scale_and_zero_point(*self.ranges[name], *UINT8_RANGE, symmetric=False)
            scale_name, zp_name = f"{name}_scale", f"{name}_zero_point"
            self.new_initializers += [helper.make_tensor(scale_name, TensorProto.FLOAT, [], [scale]),
                                      helper.make_tensor(zp_name, TensorProto.UINT8, [], [zero_point])]
            self.params[name] = (scale_name, zp_name, scale)
        else:
            self.params[name] = self.params[share_with]
        scale_name, zp_name, _ = self.params[name]
        q_input, dq_output = name, f"{name}_DequantizeLinear_Output"
        if name in self.g.outputs:
            # The graph output keeps its name, now on the DequantizeLinear.
            q_input, dq_output = f"{name}_QuantizeLinear_Input", name
            for node in self.g.graph.node:
                for i, out in enumerate(node.output):
                    if out == name:
                        node.output[i] = q_input
        else:
            self.rename_input(name, dq_output)
        self.new_nodes += [
            helper.make_node("QuantizeLinear", [q_input, scale_name, zp_name],
                             [f"{name}_QuantizeLinear_Output"], name=f"{name}_QuantizeLinear"),
            helper.make_node("DequantizeLinear", [f"{name}_QuantizeLinear_Output", scale_name, zp_name],
                             [dq_output], name=f"{name}_DequantizeLinear"),
        ]

    def weight(self, name, axis):
        q, scales = quantize_weight_per_channel(self.g.array(name), axis, self.reduce_range)
        self.weight_scales[name] = scales
        self.initializer(q, f"{name}_quantized")
        self.initializer(scales, f"{name}_scale")
        self.initializer(np.zeros(len(scales), np.int8), f"{name}_zero_point")
        dq_output = f"{name}_DequantizeLinear_Output"
        self.rename_input(name, dq_output)
        self.new_nodes.append(helper.make_node(
            "DequantizeLinear", [f"{name}_quantized", f"{name}_scale", f"{name}_zero_point"],
            [dq_output], name=f"{name}_DequantizeLinear", axis=axis))

    def bias(self, name, input_name, weight, beta, node_name):
        if input_name not in self.params:
            raise QuantizeError(f"node '{node_name}': its input '{input_name}' is not quantized")
        q, scale = quantize_bias(self.g.array(name), self.params[input_name][2],
                                 self.weight_scales[weight], beta, f"node '{node_name}'")
        quantized = f"{name}_quantized"
        self.initializer(q, quantized)
        self.initializer(scale, f"{quantized}_scale")
        if scale.size > 1:
            self.initializer(np.zeros(scale.shape, np.int32), f"{quantized}_zero_point")
            attributes = {"axis": 0}
        else:
            self.new_initializers.append(helper.make_tensor(f"{quantized}_zero_point", TensorProto.INT32, [], [0]))
            attributes = {}
        # The DequantizeLinear takes over the float bias's name: its consumer is unchanged.
        self.new_nodes.append(helper.make_node(
            "DequantizeLinear", [quantized, f"{quantized}_scale", f"{quantized}_zero_point"],
            [name], name=f"{name}_DequantizeLinear", **attributes))

    def build(self, plan):
        pending = dict(plan.activations)
        for name, share_with in list(pending.items()):
            if share_with is None:
                self.activation(name, None)
                del pending[name]
        for name, axis in plan.weights.items():
            self.weight(name, axis)
        while pending:  # shared parameters, in chains (MaxPool after Reshape after ...)
            ready = [n for n, provider in pending.items() if provider in self.params]
            if not ready:
                raise QuantizeError(f"tensors share parameters with unquantized ones: {sorted(pending)}")
            for name in ready:
                self.activation(name, pending.pop(name))
        for bias in plan.biases:
            self.bias(*bias)


def topological_sort(nodes, available):
    """Kahn's algorithm, keeping the given order among ready nodes (deterministic)."""
    available = set(available)
    remaining, ordered = list(nodes), []
    while remaining:
        for i, node in enumerate(remaining):
            if all(name == "" or name in available for name in node.input):
                ordered.append(remaining.pop(i))
                available.update(node.output)
                break
        else:
            raise QuantizeError(f"the quantized graph has a cycle or a dangling input near '{remaining[0].name}'")
    return ordered


def finish(g, builder, plan):
    graph = g.graph
    quantized_away = set(plan.weights) | {b[0] for b in plan.biases}
    initializers = [t for t in graph.initializer if t.name not in quantized_away] + builder.new_initializers
    nodes = [n for n in graph.node if n not in plan.removed] + builder.new_nodes
    used = {name for n in nodes for name in n.input}
    initializers = [t for t in initializers if t.name in used]
    nodes = topological_sort(nodes, [t.name for t in initializers] + [v.name for v in graph.input])
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(initializers)
    del graph.value_info[:]
    g.model.producer_name = "quantc utils/models/quantize_qdq.py (ONNX Runtime-style QDQ)"
    g.model.producer_version = ""
    model = onnx.shape_inference.infer_shapes(g.model)
    onnx.checker.check_model(model)
    return model


def quantize(model_path, calib_path, out_path, samples=None, reduce_range=False, work=None):
    with tempfile.TemporaryDirectory(prefix="quantize-qdq-") as scratch:
        work = work or scratch
        os.makedirs(work, exist_ok=True)
        g = Graph(preprocess(model_path, work))
        data = load_calibration_data(calib_path, g, samples)
        names = tensors_to_calibrate(g)
        start = time.time()
        ranges = calibrate(g, names, data, work)
        calibration_seconds = time.time() - start
    adjust_ranges_for_activations(g, ranges)
    plan = Plan(g, ranges)
    for node in list(g.graph.node):
        if node.op_type in ORT_QUANTIZED_OP_TYPES:
            plan.add(node)
    builder = Builder(g, ranges, reduce_range)
    builder.build(plan)
    model = finish(g, builder, plan)
    tmp = f"{out_path}.{os.getpid()}.tmp"
    onnx.save(model, tmp)
    os.replace(tmp, out_path)  # a concurrent reader never sees half a model
    return model, len(next(iter(data.values()))), len(names), calibration_seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="float ONNX model (opset 13 or later)")
    parser.add_argument("--calib", required=True, help=".npy [N, *input shape] or .npz per input name")
    parser.add_argument("--out", required=True, help="where to write the QDQ model")
    parser.add_argument("--calib-samples", type=int, help="use only the first N samples")
    parser.add_argument("--reduce-range", action="store_true",
                        help="7-bit weights in [-64, 64], as quantize_static(reduce_range=True): what ONNX "
                             "Runtime advises on x86-64 without VNNI, where its u8s8 kernels saturate")
    parser.add_argument("--keep-work", metavar="DIR", help="keep the pre-processed and calibration models here")
    args = parser.parse_args()
    try:
        model, samples, tensors, seconds = quantize(args.model, args.calib, args.out, args.calib_samples,
                                                    args.reduce_range, args.keep_work)
    except (QuantizeError, OSError, subprocess.CalledProcessError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    counts = Counter(n.op_type for n in model.graph.node)
    print(f"{args.out}: {os.path.getsize(args.out)} bytes; calibrated {tensors} tensors on "
          f"{samples} samples in {seconds:.1f} s")
    print("  ops: " + ", ".join(f"{op} {n}" for op, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
