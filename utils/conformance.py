#!/usr/bin/python3
"""Conformance: compile and run the ONNX backend node tests with quantc.

For every node test of the Debian package libonnx-testdata
(/usr/share/libonnx-testdata/data/node/<test>/model.onnx with
test_data_set_0/{input,output}_N.pb), this script

  1. compiles model.onnx with `quantc compile --target=T` into a shared
     library (graph inputs that only feed shape/parameter slots become
     initializers first, the rule of onnx_node_tests.py --constant-inputs:
     quantc compiles static shapes);
  2. runs it with `quantc run` on the remaining inputs, comparing every output
     with the expected one (floats: |got - want| <= atol + rtol * |want|,
     rtol 1e-3 and atol 1e-5 as ONNX's backend tests; integers and booleans
     exactly). AArch64 libraries run under qemu-aarch64.

and classifies the test:

  passed       compiled, and every output matches
  failed       compiled, but an output differs or the run failed
  unsupported  quantc refused to compile it with a diagnostic (an op it does
               not import or lower yet, a dynamic shape, ...)
  crashed      the compiler exited without a diagnostic, by a signal or by
               timeout

Exit status: 1 if any test failed or crashed, else 0. --min-passed N also
fails the run when fewer than N tests pass (lit uses it as a floor).
"""

import argparse
import collections
import concurrent.futures
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_node_tests  # noqa: E402  (the constant-input rule and the reason histogram)

TIMEOUT_SECONDS = 120


def run(command):
    """(exit status or a description of how it died, stderr + stdout)."""
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return "timeout after %d s" % TIMEOUT_SECONDS, ""
    return result.returncode, result.stdout.decode("utf-8", "replace")


def first_error(output):
    lines = [line for line in output.splitlines() if "error:" in line]
    return lines[0] if lines else (output.strip().splitlines() or ["no output"])[-1]


def run_test(quantc, target, test_dir, scratch_dir):
    import onnx

    name = os.path.basename(os.path.normpath(test_dir))
    model_path = os.path.join(test_dir, "model.onnx")
    variant = onnx_node_tests.make_constant_input_variant(test_dir, scratch_dir)
    if variant:
        model_path = variant
    library = os.path.join(scratch_dir, name + ".so")
    status, output = run([quantc, "compile", model_path, "--target=" + target, "-o", library])
    if status != 0:
        if status == 1 and "error:" in output:
            return name, "unsupported", first_error(output)
        return name, "crashed", "compile: %s: %s" % (status, first_error(output))

    # input_N.pb is the N-th graph input that is not an initializer of the
    # original model; output_N.pb the N-th graph output.
    original = onnx.load(os.path.join(test_dir, "model.onnx"), load_external_data=False)
    compiled = onnx.load(model_path, load_external_data=False)
    initializers = {init.name for init in original.graph.initializer}
    runtime_inputs = [i.name for i in original.graph.input if i.name not in initializers]
    still_inputs = {i.name for i in compiled.graph.input}
    data_dir = os.path.join(test_dir, "test_data_set_0")
    command = [quantc, "run", library]
    for index, input_name in enumerate(runtime_inputs):
        if input_name in still_inputs:
            command += ["--input", "%s=%s" % (input_name, os.path.join(data_dir, "input_%d.pb" % index))]
    for index, output in enumerate(original.graph.output):
        command += ["--expect", "%s=%s" % (output.name, os.path.join(data_dir, "output_%d.pb" % index))]
    status, output = run(command)
    os.remove(library)
    if status != 0:
        failures = [line for line in output.splitlines() if "FAILED" in line or "error:" in line]
        return name, "failed", (failures or [str(status)])[0]
    return name, "passed", ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quantc", default="build/bin/quantc", help="the quantc driver")
    parser.add_argument("--target", default="x86_64", choices=("x86_64", "aarch64"))
    parser.add_argument("--tests", default=onnx_node_tests.NODE_TEST_ROOT,
                        help="directory of node tests (default: %(default)s)")
    parser.add_argument("--filter", default="",
                        help="only tests whose name matches this regular expression")
    parser.add_argument("--jobs", type=int, default=2, choices=(1, 2))
    parser.add_argument("--list", action="store_true",
                        help="print one line per test and a histogram of unsupported reasons")
    parser.add_argument("--report", help="write the per-test list to this file")
    parser.add_argument("--min-passed", type=int, default=0,
                        help="exit 1 if fewer tests pass")
    args = parser.parse_args()

    quantc = os.path.abspath(args.quantc)
    if not os.access(quantc, os.X_OK):
        parser.error("%s is not an executable" % quantc)
    test_dirs = onnx_node_tests.find_test_dirs(args.tests, args.filter)
    if not test_dirs:
        parser.error("no node tests under %s" % args.tests)

    with tempfile.TemporaryDirectory(prefix="quantc-conformance-") as scratch_dir:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(
                lambda d: run_test(quantc, args.target, d, scratch_dir), test_dirs))

    counts = collections.Counter(status for _, status, _ in results)
    summary = "%s: passed %d, failed %d, unsupported %d, crashed %d of %d" % (
        args.target, counts["passed"], counts["failed"], counts["unsupported"],
        counts["crashed"], len(results))
    lines, full_list = onnx_node_tests.format_report(results, 11, "unsupported reasons:",
                                                     "unsupported", summary)
    onnx_node_tests.emit_report(args.report, args.list, lines, full_list, summary,
                                ("failed", "crashed"))
    bad = counts["failed"] + counts["crashed"]
    if bad or counts["passed"] < args.min_passed:
        if counts["passed"] < args.min_passed:
            print("error: %d passed, fewer than --min-passed %d" % (counts["passed"], args.min_passed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
