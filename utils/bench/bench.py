#!/usr/bin/python3
"""quantc next to ONNX Runtime, one thread, the same inputs.

For each model (ResNet-18 and MobileNetV2 with seeded torchvision weights, a
1024 x 1024 x 1024 MatMul with a constant right operand) this compiles the
model with `quantc compile`, times it with `quantc run --bench` and times the
same ONNX file in ONNX Runtime with utils/ort/bench.js, both one-threaded
(QUANTC_NUM_THREADS=1; ORT intra- and inter-op threads 1) on the same seeded
input. ResNet-18 and MobileNetV2 get two int8 rows: the same for their
ONNX Runtime-style QDQ models (utils/models/make_qdq_models.py: <model>.qdq.onnx,
8-bit weights, and <model>.qdq-rr.onnx, 7-bit "reduce_range" weights),
ONNX Runtime running them as QLinearConv/QGemm/... (utils/qdq/ort_fusion.py).
Then it runs the runtime's float and int8 GEMM benchmarks at 1024^3 against
the peaks the benchmark measures in the same run (FMA; the exact int8
multiply-add, vpmaddwd on an x86-64 without VNNI).

  utils/bench/bench.py [--quantc build/bin/quantc] [--runs 30] [--models resnet18,...] [--no-int8]

Prints one line per model (median and minimum latencies, ratio of the
medians quantc/ORT) and each GEMM kernel's rate and share of peak. A model
quantc cannot compile gets "quantc: compile failed (<first error line>)" and
ONNX Runtime's figures alone.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
LATENCY = re.compile(r"latency: median ([0-9.]+) ms, min ([0-9.]+) ms")


def make_matmul_model(path, size=1024):
    """Y = X * W, X an input [size, size], W a seeded constant [size, size]."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weight = np.random.default_rng(2).standard_normal((size, size)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"], name="matmul")], "matmul_%d" % size,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [size, size])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [size, size])],
        [numpy_helper.from_array(weight, "w")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, path)


def latency(output):
    match = LATENCY.search(output)
    if not match:
        raise SystemExit("no latency line in:\n" + output)
    return float(match.group(1)), float(match.group(2))


def first_error_line(stderr):
    """quantc's first diagnostic without its loc("...") prefix (the message names the node)."""
    lines = stderr.strip().splitlines()
    return re.sub(r'^loc\(".*?"\): (error: )?', "", lines[0]) if lines else "no message"


def bench_model(quantc, name, model, input_name, shape, runs, work):
    x = os.path.join(work, name + ".x.npy")
    np.save(x, np.random.default_rng(0).standard_normal(shape).astype(np.float32))
    theirs = subprocess.run(["node", os.path.join(ROOT, "utils", "ort", "bench.js"), model,
                             "--input", "%s=%s" % (input_name, x), "--runs", str(runs)],
                            check=True, stdout=subprocess.PIPE, text=True).stdout
    ort_median, ort_min = latency(theirs)
    library = os.path.join(work, name.replace(" ", "-") + ".so")
    compiled = subprocess.run([quantc, "compile", model, "-o", library],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if compiled.returncode != 0:
        print("%-20s quantc: compile failed (%s)   onnxruntime %8.3f ms (min %8.3f)"
              % (name, first_error_line(compiled.stderr), ort_median, ort_min), flush=True)
        return
    env = dict(os.environ, QUANTC_NUM_THREADS="1")
    ours = subprocess.run([quantc, "run", library, "--input", "%s=%s" % (input_name, x),
                           "--bench", str(runs)], check=True, env=env,
                          stdout=subprocess.PIPE, text=True).stdout
    our_median, our_min = latency(ours)
    print("%-20s quantc %8.3f ms (min %8.3f)   onnxruntime %8.3f ms (min %8.3f)   "
          "quantc/ORT %.2f" % (name, our_median, our_min, ort_median, ort_min,
                               our_median / ort_median), flush=True)


# The QDQ models of each torchvision model (utils/models/make_qdq_models.py):
# (row label, file suffix). "int8 w7" has ONNX Runtime's reduce_range weights
# (7 bits), the variant ONNX Runtime advises for x86-64 without VNNI: on this
# machine its u8s8 kernels saturate on 8-bit weights (docs/testing.md), so only
# there both runtimes compute the model's own arithmetic.
INT8_VARIANTS = (("int8", ".qdq.onnx"), ("int8 w7", ".qdq-rr.onnx"))


# The runtime's GEMM benchmarks at 1024^3: (benchmark name, unit, the peak
# line the benchmark prints, that peak's label).
GEMM_KERNELS = (
    ("GemmF32", "GFLOP/s", r"measured FMA peak, one thread, \w+: ([0-9.]+) GFLOP/s",
     "FMA peak"),
    ("GemmS8", "GOP/s", r"measured int8 peak, one thread, \w+: ([0-9.]+) GOP/s",
     "int8 multiply-add peak (exact: vpmaddwd on x86-64 without VNNI)"),
)
# The second int8 peak, of the form exact only on weights whose k pairs fit
# int16 (vpmaddubsw): the variants of that form report peak% against it.
PAIRS_FIT_PEAK = re.compile(r"measured int8 peak for weights whose pairs fit int16, one thread, "
                            r"(\w+): ([0-9.]+) GOP/s")


def bench_gemm_kernels(quantc):
    """The runtime's float and int8 GEMM benchmarks at 1024^3, one line per
    kernel variant, against the peaks the benchmark measures in the same run."""
    bench = os.path.join(os.path.dirname(quantc), "quantc-runtime-bench")
    names = "|".join(name for name, _, _, _ in GEMM_KERNELS)
    result = subprocess.run([bench, "--benchmark_filter=(%s)/.*/1024/" % names,
                             "--benchmark_repetitions=3", "--benchmark_report_aggregates_only"],
                            check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=dict(os.environ, QUANTC_NUM_THREADS="1")).stdout
    for name, unit, peak_line, peak_label in GEMM_KERNELS:
        peak = re.search(peak_line, result)
        print("%s kernel at 1024^3, one thread; %s measured in the same run: %s %s"
              % (name, peak_label, peak.group(1) if peak else "?", unit))
        # e.g. "GemmF32/avx2/1024/real_time_median  24.6 ms ... GFLOP/s=87.2/s peak%=84.7/s"
        row = re.compile(r"%s/(\w+)/1024/real_time_median\s+([0-9.]+) ms.*"
                         r"%s=([0-9.]+).*peak%%=([0-9.]+)" % (name, re.escape(unit)))
        if name == "GemmS8" and PAIRS_FIT_PEAK.search(result):
            instruction, gops = PAIRS_FIT_PEAK.search(result).groups()
            print("  (avx2_maddubs, exact on 7-bit weights, against the %s peak measured in the "
                  "same run: %s GOP/s)" % (instruction, gops))
        for match in row.finditer(result):
            variant, ms, rate, percent = match.groups()
            print("  %-12s %7.2f ms  %6.1f %s  %5.1f%% of peak"
                  % (variant, float(ms), float(rate), unit, float(percent)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quantc", default=os.path.join(ROOT, "build", "bin", "quantc"))
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--models", default="resnet18,mobilenet_v2,matmul_1024")
    parser.add_argument("--models-dir", default=os.path.join(ROOT, "build", "test", "models-cache"),
                        help="where the torchvision models and their QDQ models are (made there if missing)")
    parser.add_argument("--no-int8", action="store_true", help="skip the QDQ (int8) rows")
    args = parser.parse_args()
    quantc = os.path.abspath(args.quantc)

    wanted = args.models.split(",")
    torchvision = [name for name in wanted if name in ("resnet18", "mobilenet_v2")]
    if torchvision:
        subprocess.run([sys.executable, os.path.join(ROOT, "utils", "models",
                                                     "make_torchvision_models.py"),
                        "--out", args.models_dir], check=True, stdout=subprocess.DEVNULL)
        if not args.no_int8:
            subprocess.run([sys.executable, os.path.join(ROOT, "utils", "models", "make_qdq_models.py"),
                            "--out", args.models_dir, "--models", ",".join(torchvision)],
                           check=True, stdout=subprocess.DEVNULL)
    print("one thread each; medians over %d runs after warm-up" % args.runs)
    with tempfile.TemporaryDirectory(prefix="quantc-bench-") as work:
        for name in wanted:
            if name == "matmul_1024":
                model = os.path.join(work, "matmul_1024.onnx")
                make_matmul_model(model)
                bench_model(quantc, name, model, "x", (1024, 1024), args.runs, work)
            else:
                bench_model(quantc, name, os.path.join(args.models_dir, name + ".onnx"),
                            "input", (1, 3, 224, 224), args.runs, work)
                if not args.no_int8:
                    for label, suffix in INT8_VARIANTS:
                        bench_model(quantc, name + " " + label,
                                    os.path.join(args.models_dir, name + suffix),
                                    "input", (1, 3, 224, 224), args.runs, work)
    bench_gemm_kernels(quantc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
