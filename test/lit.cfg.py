# -*- Python -*-
# lit configuration for quantc's regression tests.

import os
import shutil

import lit.formats
from lit.llvm import llvm_config

config.name = "QUANTC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "Unit", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.quantc_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.quantc_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tools = ["quantc-opt", "quantc-translate", "FileCheck", "not", "count", "split-file"]
llvm_config.add_tool_substitutions(tools, [config.quantc_tools_dir, config.llvm_tools_dir])

# Debian's python3 has onnx, numpy and torch; a pyenv or venv python3 first on
# PATH would not.
config.substitutions.append(("%python", "/usr/bin/python3"))
config.substitutions.append(("%utils", os.path.join(config.quantc_src_root, "utils")))
config.substitutions.append(("%examples", os.path.join(config.quantc_src_root, "examples")))
config.substitutions.append(
    ("%models", os.path.join(config.quantc_obj_root, "test", "models-cache")))

# ONNX Runtime (npm onnxruntime-node) drives the cross-checks.
ort = os.path.join(config.quantc_src_root, "utils", "ort", "node_modules", "onnxruntime-node")
if shutil.which("node") and os.path.isdir(ort):
    config.available_features.add("ort")
if os.path.exists("/usr/lib/python3/dist-packages/torch"):
    config.available_features.add("torch")
