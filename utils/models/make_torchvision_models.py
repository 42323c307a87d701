#!/usr/bin/python3
"""Exports torchvision ResNet-18 and MobileNetV2, with seeded random weights, to ONNX.

Why: these are the two models quantc is benchmarked on against ONNX Runtime (DESIGN.md section 6).
Pretrained weights cannot be downloaded here, and speed, graph structure and float-vs-int
agreement do not need them; they need weights that are deterministic and BatchNormalization
layers that are not the identity. So the weights are torchvision's own seeded initialization,
BN scale/shift are randomized, and BN running statistics are estimated from seeded random
images, so activations keep sane ranges through the whole network.

How (system python; well under a minute for both):
    /usr/bin/python3 utils/models/make_torchvision_models.py --out DIR [--models resnet18,mobilenet_v2]

Writes DIR/<model>.onnx: opset 13, input "input" float32[1,3,224,224], output "output"
float32[1,1000]. BatchNormalization stays a node (TrainingMode.PRESERVE on an eval() model), and
every weight is an initializer: any Constant node the exporter leaves is turned into one. A
model whose file is already newer than this script is skipped, so test runs can cache them.
"""

import argparse
import os
import sys
import time
import warnings

import onnx
import torch
import torchvision
from onnx import numpy_helper

BUILDERS = {
    "resnet18": torchvision.models.resnet18,
    "mobilenet_v2": torchvision.models.mobilenet_v2,
}
SEED = 0


def build(name):
    """Returns the model in eval() mode with seeded weights and non-trivial BatchNorm."""
    torch.manual_seed(SEED)
    model = BUILDERS[name](weights=None)
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    with torch.no_grad():
        for bn in bns:
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.2, 0.2)
            bn.reset_running_stats()
            bn.momentum = None  # cumulative average over the calibration batches below
        model.train()
        generator = torch.Generator().manual_seed(SEED)
        for _ in range(2):
            model(torch.randn(8, 3, 224, 224, generator=generator))
    model.eval()
    return model


def constants_to_initializers(graph):
    """Moves the tensor of every Constant node into an initializer of the same name."""
    moved = 0
    for node in list(graph.node):
        if node.op_type != "Constant":
            continue
        attr = {a.name: a for a in node.attribute}
        if "value" not in attr:
            continue  # value_float, value_ints, sparse_value...: leave them as they are
        tensor = numpy_helper.to_array(attr["value"].t)
        graph.initializer.append(numpy_helper.from_array(tensor, node.output[0]))
        graph.node.remove(node)
        moved += 1
    return moved


def export(name, path):
    """Exports to a temporary file and renames it into place, so that a
    concurrent reader (parallel lit tests share the cache) never sees half a
    model."""
    model = build(name)
    final_path, path = path, f"{path}.{os.getpid()}.tmp"
    with warnings.catch_warnings():
        # Warned under PRESERVE whatever the model's mode; harmless for an eval() model.
        warnings.filterwarnings("ignore", message="It is recommended that constant folding")
        torch.onnx.export(
            model, torch.zeros(1, 3, 224, 224), path,
            export_params=True, opset_version=13, do_constant_folding=True,
            training=torch.onnx.TrainingMode.PRESERVE,
            input_names=["input"], output_names=["output"])

    m = onnx.load(path)
    moved = constants_to_initializers(m.graph)
    if moved:
        onnx.save(m, path)
    onnx.checker.check_model(m, full_check=True)
    ops = [n.op_type for n in m.graph.node]
    counts = {op: ops.count(op) for op in sorted(set(ops))}
    if "Constant" in counts:
        raise SystemExit(f"{path}: Constant nodes left that could not be made initializers")
    os.replace(path, final_path)
    return counts, len(m.graph.initializer), moved


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="directory to write <model>.onnx into")
    parser.add_argument("--models", default=",".join(BUILDERS),
                        help="comma-separated subset of %(default)s")
    args = parser.parse_args()

    names = [n for n in args.models.split(",") if n]
    unknown = [n for n in names if n not in BUILDERS]
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}; known: {', '.join(BUILDERS)}")

    torch.set_num_threads(1)  # leave the other core to whatever else is building
    os.makedirs(args.out, exist_ok=True)
    script_mtime = os.path.getmtime(os.path.abspath(__file__))
    for name in names:
        path = os.path.join(args.out, f"{name}.onnx")
        if os.path.exists(path) and os.path.getmtime(path) > script_mtime:
            print(f"{path}: up to date, skipped")
            continue
        start = time.time()
        counts, n_init, moved = export(name, path)
        print(f"{path}: {os.path.getsize(path)} bytes, {n_init} initializers "
              f"({moved} from Constant nodes), {time.time() - start:.1f} s")
        print("  ops: " + ", ".join(f"{op} {n}" for op, n in counts.items()))


if __name__ == "__main__":
    sys.exit(main())
