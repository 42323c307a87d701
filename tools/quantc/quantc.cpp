//===- quantc.cpp - the quantc driver -------------------------------------===//
//
// `quantc compile` turns an ONNX model into a native shared library through
// the same named pipelines quantc-opt registers; `quantc run` hands a
// compiled library to the runtime's model runner. docs/tools.md documents
// both.
//
//===----------------------------------------------------------------------===//

#include "Driver.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

namespace quantc {

int reportError(const llvm::Twine &message) {
  llvm::errs() << "quantc: error: " << message << "\n";
  return 1;
}

std::string getExecutableDir() {
  static int anchor;
  std::string path = llvm::sys::fs::getMainExecutable("quantc", &anchor);
  return llvm::sys::path::parent_path(path).str();
}

std::string getRuntimeDir(mlir::qc::NativeArch arch) {
  if (const char *dir = std::getenv("QUANTC_RUNTIME_DIR"))
    return dir;
  llvm::SmallString<256> dir(getExecutableDir());
  llvm::sys::path::append(dir, "..", "lib");
  if (arch != mlir::qc::getHostNativeArch())
    llvm::sys::path::append(dir, "quantc",
                            mlir::qc::getNativeArchName(arch) + "-linux-gnu");
  return dir.str().str();
}

} // namespace quantc

static const char usage[] = R"(usage: quantc <command> [options]

commands:
  compile MODEL.onnx [-o OUT] [--target=x86_64|aarch64] [--mcpu=CPU] [--mattr=FEATURES]
          [--emit=mlir|llvm|obj|so] [--input-shape NAME=DxDx...]... [-v]
      Compiles an ONNX model to a shared library (default MODEL.so) and writes
      its C header next to it (OUT with .h).
  run MODEL.so [--input [NAME=]FILE]... [--output-dir DIR] [--expect NAME=FILE]...
          [--rtol R] [--atol A] [--bench N] [--warmup W]
      Runs a compiled model on .npy or ONNX TensorProto .pb inputs
      (AArch64 libraries run under qemu-aarch64).

`quantc <command> --help` describes a command's options.
)";

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  if (argc < 2 || llvm::StringRef(argv[1]) == "--help" || llvm::StringRef(argv[1]) == "-h") {
    llvm::outs() << usage;
    return argc < 2 ? 1 : 0;
  }
  llvm::StringRef command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "compile")
    return quantc::runCompileCommand(args);
  if (command == "run")
    return quantc::runRunCommand(args);
  return quantc::reportError("unknown command '" + command +
                             "' (expected 'compile' or 'run'; see quantc --help)");
}
