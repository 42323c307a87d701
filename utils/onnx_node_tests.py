#!/usr/bin/python3
"""Survey: how much of the ONNX backend node-test suite quantc imports.

Runs `quantc-translate --import-onnx model.onnx` on every node test of the
Debian package libonnx-testdata and classifies each test:

  imported  exit status 0
  rejected  exit status 1 with a diagnostic ("error:") on stderr: the importer
            refused the model cleanly, e.g. an unsupported op
  crashed   anything else: another exit status, a signal, a timeout, or
            exit 1 without a diagnostic

Only the import is tested; the expected outputs are not compared.

--constant-inputs: like onnx-mlir's backend test configuration, turn graph
inputs that carry shape-determining data into initializers. quantc compiles
static shapes, so Reshape's shape, Slice's starts, Clip's bounds... must be
constants, but many node tests pass them as graph inputs with the data in
test_data_set_0. The rule is fixed and does not look at the importer's
answer: a graph input becomes an initializer holding test_data_set_0/input_N.pb
when every consumer takes it only in one of the slots listed in
CONSTANT_INPUT_SLOTS (shape, axes, starts/ends/steps, pads, scales/sizes,
min/max, constant_value, ...). The rewritten copy goes to a temporary
directory (or --variants-dir); the test is then reported with the suffix
"(constant inputs)".

Exit status: 1 if any test crashed, else 0.
"""

import argparse
import collections
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile

NODE_TEST_ROOT = "/usr/share/libonnx-testdata/data/node"
TIMEOUT_SECONDS = 60

# Input slots (0-based) that fix an output shape or act as compile-time
# parameters of the op rather than data it computes on.
CONSTANT_INPUT_SLOTS = {
    "AffineGrid": {1},  # size
    "BlackmanWindow": {0},  # size
    "CenterCropPad": {1},  # shape
    "Clip": {1, 2},  # min, max
    "Col2Im": {1, 2},  # image_shape, block_shape
    "ConstantOfShape": {0},  # shape
    "CumSum": {1},  # axis
    "DFT": {1, 2},  # dft_length, axis
    "Dropout": {1, 2},  # ratio, training_mode
    "Expand": {1},  # shape
    "HammingWindow": {0},  # size
    "HannWindow": {0},  # size
    "MaxUnpool": {2},  # output_shape
    "MelWeightMatrix": {0, 1, 2, 3, 4},  # all parameters
    "NonMaxSuppression": {2, 3, 4},  # max boxes, iou and score thresholds
    "OneHot": {1},  # depth
    "Pad": {1, 2, 3},  # pads, constant_value, axes
    "Range": {0, 1, 2},  # start, limit, delta
    "ReduceL1": {1},  # axes
    "ReduceL2": {1},
    "ReduceLogSum": {1},
    "ReduceLogSumExp": {1},
    "ReduceMax": {1},
    "ReduceMean": {1},
    "ReduceMin": {1},
    "ReduceProd": {1},
    "ReduceSum": {1},
    "ReduceSumSquare": {1},
    "Reshape": {1},  # shape
    "Resize": {1, 2, 3},  # roi, scales, sizes
    "STFT": {1, 3},  # frame_step, frame_length
    "Slice": {1, 2, 3, 4},  # starts, ends, axes, steps
    "Split": {1},  # split
    "Squeeze": {1},  # axes
    "Tile": {1},  # repeats
    "TopK": {1},  # K
    "Trilu": {1},  # k
    "Unsqueeze": {1},  # axes
    "Upsample": {1},  # scales
}

# "<file>:0: error: loc("y"): ONNX node 'y' (Slice, opset 13): message"
NODE_ERROR = re.compile(r"ONNX node '.*?' \((?P<op>[\w.]+)(, opset \d+)?\): (?P<message>.*)")
UNSUPPORTED_OP = re.compile(r"op (?P<op>[\w.]+) is not supported")
# quantc compile: "ONNX node 'y': 'qc.resize' has no lowering to native code yet (...)"
NO_LOWERING = re.compile(r"'(?P<op>qc\.\w+)' has no lowering to native code yet")


class ToolError(Exception):
    """quantc-translate could not be started: no count would mean anything."""


def constant_input_candidates(model):
    """Names of graph inputs that only feed CONSTANT_INPUT_SLOTS."""
    initializers = {init.name for init in model.graph.initializer}
    uses = collections.defaultdict(list)
    for node in model.graph.node:
        for slot, name in enumerate(node.input):
            uses[name].append((node.op_type, slot))
    graph_outputs = {output.name for output in model.graph.output}
    candidates = []
    for graph_input in model.graph.input:
        name = graph_input.name
        if name in initializers or name in graph_outputs or not uses[name]:
            continue
        if all(slot in CONSTANT_INPUT_SLOTS.get(op, ()) for op, slot in uses[name]):
            candidates.append(name)
    return candidates


def make_constant_input_variant(test_dir, scratch_dir):
    """Path of a copy of the test's model with constant-slot inputs turned into
    initializers, or None if the test has no such input."""
    import onnx  # Only this option needs the onnx python package.

    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    candidates = constant_input_candidates(model)
    if not candidates:
        return None
    # input_N.pb holds the N-th graph input that is not an initializer.
    initializers = {init.name for init in model.graph.initializer}
    runtime_inputs = [i.name for i in model.graph.input if i.name not in initializers]
    for name in candidates:
        data_file = os.path.join(test_dir, "test_data_set_0",
                                 "input_%d.pb" % runtime_inputs.index(name))
        tensor = onnx.TensorProto()
        with open(data_file, "rb") as f:
            tensor.ParseFromString(f.read())
        tensor.name = name
        model.graph.initializer.append(tensor)
        kept = [i for i in model.graph.input if i.name != name]
        del model.graph.input[:]
        model.graph.input.extend(kept)
    path = os.path.join(scratch_dir, os.path.basename(os.path.normpath(test_dir)) + ".onnx")
    onnx.save(model, path)
    return path


def classify(tool, model_path):
    """(status, first diagnostic line or description) for one import."""
    try:
        result = subprocess.run([tool, "--import-onnx", model_path],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return "crashed", "timeout after %d s" % TIMEOUT_SECONDS
    except OSError as error:  # E.g. the tool is being relinked.
        raise ToolError("cannot run %s: %s" % (tool, error))
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode == 0:
        return "imported", ""
    error_lines = [line for line in stderr.splitlines() if "error:" in line]
    if result.returncode == 1 and error_lines:
        return "rejected", error_lines[0]
    if result.returncode < 0:
        return "crashed", "signal %d" % -result.returncode
    last = stderr.strip().splitlines()[-1:] or ["no diagnostic"]
    return "crashed", "exit %d: %s" % (result.returncode, last[0])


def rejection_reason(error_line):
    """A histogram key: the op for unsupported ops, else op and message."""
    message = error_line.split("error: ", 1)[-1]
    message = re.sub(r'^loc\(.*?\): ', "", message)
    no_lowering = NO_LOWERING.search(message)
    if no_lowering:
        return "no native lowering yet: " + no_lowering.group("op")
    match = NODE_ERROR.search(message)
    op = None
    if match:
        op, message = match.group("op"), match.group("message")
    unsupported = UNSUPPORTED_OP.search(message)
    if unsupported:
        return "op not supported: " + unsupported.group("op")
    # Names of tensors and attributes vary per test; the message shape does not.
    # qc op names stay: they mark IR the importer built but the verifier refused.
    message = re.sub(r"'(?!qc\.)[^']*'", "'*'", message)
    message = re.sub(r"\b\d+\b", "N", message)
    return "%s: %s" % (op, message) if op else message


def find_test_dirs(root, pattern):
    """Node-test directories under root whose name matches pattern, sorted."""
    return sorted(d for d in glob.glob(os.path.join(root, "*", ""))
                  if os.path.exists(os.path.join(d, "model.onnx"))
                  and re.search(pattern, os.path.basename(os.path.normpath(d))))


def format_report(results, status_width, reasons_title, reason_status, summary):
    """The per-test lines, then a histogram of rejection reasons of the tests
    with status `reason_status`, then the summary line."""
    lines = ["%-*s %s%s" % (status_width, status, name, "  " + detail if detail else "")
             for name, status, detail in results]
    reasons = collections.Counter(rejection_reason(detail)
                                  for _, status, detail in results if status == reason_status)
    histogram = ["%5d  %s" % (n, reason)
                 for reason, n in sorted(reasons.items(), key=lambda r: (-r[1], r[0]))]
    return lines, "\n".join(lines + ["", reasons_title] + histogram + ["", summary])


def emit_report(report_path, show_list, lines, full_list, summary, shown_statuses):
    """Writes the full list to report_path (if any); prints it with --list,
    else only the lines of tests with one of shown_statuses and the summary."""
    if report_path:
        with open(report_path, "w") as f:
            f.write(full_list + "\n")
    if show_list:
        print(full_list)
        return
    for line in lines:
        if line.startswith(shown_statuses):
            print(line)
    print(summary)


def run_test(tool, test_dir, scratch_dir, constant_inputs):
    name = os.path.basename(os.path.normpath(test_dir))
    model_path = os.path.join(test_dir, "model.onnx")
    if constant_inputs:
        variant = make_constant_input_variant(test_dir, scratch_dir)
        if variant:
            model_path = variant
            name += " (constant inputs)"
    status, detail = classify(tool, model_path)
    if status == "crashed":
        # A rewritten model outlives the run only with --variants-dir.
        detail += "  [repro: %s --import-onnx %s]" % (tool, model_path)
    return name, status, detail


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tool", default="build/bin/quantc-translate",
                        help="quantc-translate to run (default: %(default)s)")
    parser.add_argument("--tests", default=NODE_TEST_ROOT,
                        help="directory of node tests (default: %(default)s)")
    parser.add_argument("--filter", default="",
                        help="only tests whose name matches this regular expression")
    parser.add_argument("--jobs", type=int, default=2, choices=(1, 2),
                        help="imports run in parallel (default and maximum: 2)")
    parser.add_argument("--constant-inputs", action="store_true",
                        help="turn inputs that feed shape/parameter slots into initializers")
    parser.add_argument("--variants-dir",
                        help="keep the rewritten models here (default: a temporary "
                             "directory, removed at exit)")
    parser.add_argument("--list", action="store_true",
                        help="print one line per test and a histogram of rejection reasons")
    parser.add_argument("--report", help="write the per-test list to this file")
    args = parser.parse_args()

    tool = os.path.abspath(args.tool)
    if not os.access(tool, os.X_OK):
        parser.error("%s is not an executable" % tool)
    test_dirs = find_test_dirs(args.tests, args.filter)
    if not test_dirs:
        parser.error("no node tests under %s" % args.tests)

    with tempfile.TemporaryDirectory(prefix="quantc-node-tests-") as scratch_dir:
        if args.variants_dir:
            os.makedirs(args.variants_dir, exist_ok=True)
            scratch_dir = args.variants_dir
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            try:
                results = list(pool.map(
                    lambda d: run_test(tool, d, scratch_dir, args.constant_inputs),
                    test_dirs))
            except ToolError as error:
                print("error: %s" % error, file=sys.stderr)
                return 2

    counts = collections.Counter(status for _, status, _ in results)
    summary = "imported %d, rejected %d, crashed %d of %d" % (
        counts["imported"], counts["rejected"], counts["crashed"], len(results))
    lines, full_list = format_report(results, 9, "rejection reasons:", "rejected", summary)

    # Crashes are importer bugs: name them even in the short form.
    emit_report(args.report, args.list, lines, full_list, summary, ("crashed",))
    return 1 if counts["crashed"] else 0


if __name__ == "__main__":
    sys.exit(main())
