# -*- Python -*-
# lit configuration for quantc's regression tests.

import os
import shutil

import lit.formats
from lit.llvm import llvm_config

config.name = "QUANTC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "Unit", "Fuzz", "Runtime", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.quantc_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.quantc_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tools = ["quantc", "quantc-opt", "quantc-translate", "FileCheck", "not", "count", "split-file",
         "llvm-nm"]
llvm_config.add_tool_substitutions(tools, [config.quantc_tools_dir, config.llvm_tools_dir])

if config.quantc_sanitize:
    # libMLIR.so is not instrumented, but LLVM's allocator headers inlined into
    # quantc poison memory the library then touches legitimately: ignore
    # manual poisoning, keep every other ASan and UBSan check.
    config.environment["ASAN_OPTIONS"] = "allow_user_poisoning=0:detect_leaks=1"
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    config.available_features.add("sanitize")

# Debian's python3 has onnx, numpy and torch; a pyenv or venv python3 first on
# PATH would not.
config.substitutions.append(("%python", "/usr/bin/python3"))
config.substitutions.append(("%utils", os.path.join(config.quantc_src_root, "utils")))
config.substitutions.append(("%quantc_obj_root", config.quantc_obj_root))
config.substitutions.append(("%quantc_src_root", config.quantc_src_root))
config.substitutions.append(("%examples", os.path.join(config.quantc_src_root, "examples")))
config.substitutions.append(
    ("%models", os.path.join(config.quantc_obj_root, "test", "models-cache")))

# Upstream MLIR's lowering of linalg on tensors to LLVM and its JIT runner, to
# check lowered qc ops numerically before quantc's own pipeline exists.
config.substitutions.append((
    "%{lower-to-llvm}",
    "--one-shot-bufferize=bufferize-function-boundaries --buffer-deallocation-pipeline "
    "--convert-bufferization-to-memref --convert-linalg-to-loops --convert-scf-to-cf "
    "--expand-strided-metadata --lower-affine --convert-math-to-llvm --convert-math-to-libm "
    "--convert-arith-to-llvm --finalize-memref-to-llvm --convert-func-to-llvm "
    "--convert-cf-to-llvm --reconcile-unrealized-casts"))
runner_libs = ",".join(
    os.path.join(config.llvm_tools_dir, "..", "lib", lib)
    for lib in ["libmlir_runner_utils.so", "libmlir_c_runner_utils.so"])
config.substitutions.append((
    "%{run-main}",
    os.path.join(config.llvm_tools_dir, "mlir-runner")
    + " -e main -entry-point-result=void -shared-libs=" + runner_libs))

# ONNX Runtime (npm onnxruntime-node) drives the cross-checks.
ort = os.path.join(config.quantc_src_root, "utils", "ort", "node_modules", "onnxruntime-node")
if shutil.which("node") and os.path.isdir(ort):
    config.available_features.add("ort")
# Compiled models run one-threaded in tests: lit already runs two tests at
# once on this 2-core machine, and a thread pool per test process would only
# oversubscribe it. The runtime's own gtest suite covers the pool.
config.environment["QUANTC_NUM_THREADS"] = "1"

if config.quantc_aarch64:
    # quantc compile --target=aarch64 has a runtime to link, and quantc run an
    # AArch64 runner to start under qemu.
    config.available_features.add("aarch64")
if os.path.exists("/usr/lib/python3/dist-packages/torch"):
    config.available_features.add("torch")
