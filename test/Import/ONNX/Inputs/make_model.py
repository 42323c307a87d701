#!/usr/bin/python3
"""Writes the binary ONNX models that the importer's lit tests need and the
ONNX text format cannot express: oversized attributes, wrong raw data sizes,
external data.

    make_model.py huge-attribute OUT.onnx
    make_model.py raw-data-size OUT.onnx
    make_model.py external-data DIR [--location LOC] [--absolute] [--length N]

external-data writes DIR/model.onnx, an Add of input x (float[2,3]) and the
initializer w = [[0, 1, 2], [3, 4, 5]] stored in DIR/weights.bin. --location
overrides the location recorded in the model (the file is still written as
DIR/weights.bin); --absolute records the file's absolute path; --length
records a length entry.
"""

import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper


def save_single_node_model(path, node, inputs, outputs, initializers=()):
    graph = helper.make_graph([node], "g", inputs, outputs, list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(model, path)


def huge_attribute(args):
    # One entry more than the importer's limit of 2^20 per attribute list.
    node = helper.make_node("Transpose", ["x"], ["y"], name="transpose")
    perm = node.attribute.add()
    perm.name = "perm"
    perm.type = onnx.AttributeProto.INTS
    perm.ints.extend(range((1 << 20) + 1))
    save_single_node_model(args.out, node,
                           [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                           [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 2])])


def raw_data_size(args):
    # float[2,3] needs 24 bytes; raw_data holds 20.
    w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[2, 3],
                    raw_data=np.zeros(5, dtype=np.float32).tobytes())
    node = helper.make_node("Add", ["x", "w"], ["y"], name="add")
    save_single_node_model(args.out, node,
                           [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                           [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])], [w])


def external_data(args):
    os.makedirs(args.dir, exist_ok=True)
    weights = os.path.join(args.dir, "weights.bin")
    with open(weights, "wb") as f:
        f.write(np.arange(6, dtype=np.float32).tobytes())
    location = os.path.abspath(weights) if args.absolute else args.location
    w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[2, 3],
                    data_location=TensorProto.EXTERNAL)
    entries = [("location", location)]
    if args.length is not None:
        entries.append(("length", str(args.length)))
    for key, value in entries:
        entry = w.external_data.add()
        entry.key = key
        entry.value = value
    node = helper.make_node("Add", ["x", "w"], ["y"], name="add")
    save_single_node_model(os.path.join(args.dir, "model.onnx"), node,
                           [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                           [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])], [w])


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, function in [("huge-attribute", huge_attribute), ("raw-data-size", raw_data_size)]:
        command = commands.add_parser(name)
        command.add_argument("out")
        command.set_defaults(run=function)
    command = commands.add_parser("external-data")
    command.add_argument("dir")
    command.add_argument("--location", default="weights.bin")
    command.add_argument("--absolute", action="store_true")
    command.add_argument("--length", type=int)
    command.set_defaults(run=external_data)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
