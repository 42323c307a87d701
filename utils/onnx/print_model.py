#!/usr/bin/env python3
"""Checks an ONNX model with onnx.checker (full_check: types and shapes too) and
prints it one line per item, for FileCheck in tests of the exporter.

Usage: /usr/bin/python3 utils/onnx/print_model.py model.onnx [--max-values N]

    opset 13
    input x: float32[1, 4]
    initializer w_quantized: int8[2, 4] = [-127, 3, ...]
    node w_DequantizeLinear: DequantizeLinear(w_quantized, w_scale, w_zero_point) -> (w) axis=0
    output y: float32[1, 2]

Initializers print their first N values (default 16). Exit status 1 (with the
checker's message) when the model is invalid.
"""

import argparse
import sys

import onnx
from onnx import numpy_helper


def dtype_name(elem_type):
    # onnx.mapping is Debian's onnx 1.12; later versions have the helper.
    if hasattr(onnx.helper, "tensor_dtype_to_np_dtype"):
        return onnx.helper.tensor_dtype_to_np_dtype(elem_type).name
    return onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[elem_type].name


def type_text(value_info):
    tensor = value_info.type.tensor_type
    dtype = dtype_name(tensor.elem_type)
    dims = [d.dim_value if d.HasField("dim_value") else d.dim_param for d in tensor.shape.dim]
    return f"{dtype}{dims}"


def attribute_text(attr):
    value = onnx.helper.get_attribute_value(attr)
    if isinstance(value, bytes):
        value = value.decode()
    return f"{attr.name}={value}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--max-values", type=int, default=16)
    args = parser.parse_args()

    model = onnx.load(args.model)
    try:
        onnx.checker.check_model(model, full_check=True)
    except onnx.checker.ValidationError as error:
        sys.exit(f"{args.model}: invalid ONNX model: {error}")

    for opset in model.opset_import:
        print(f"opset {opset.domain or ''}{' ' if opset.domain else ''}{opset.version}")
    graph = model.graph
    for value in graph.input:
        print(f"input {value.name}: {type_text(value)}")
    for init in graph.initializer:
        array = numpy_helper.to_array(init)
        values = array.flatten()[: args.max_values].tolist()
        more = ", ..." if array.size > args.max_values else ""
        print(f"initializer {init.name}: {array.dtype.name}{list(array.shape)} = "
              f"[{', '.join(str(v) for v in values)}{more}]")
    for node in graph.node:
        attrs = " ".join(attribute_text(a) for a in node.attribute)
        print(f"node {node.name}: {node.op_type}({', '.join(node.input)}) -> "
              f"({', '.join(node.output)}){' ' + attrs if attrs else ''}")
    for value in graph.output:
        print(f"output {value.name}: {type_text(value)}")


if __name__ == "__main__":
    main()
