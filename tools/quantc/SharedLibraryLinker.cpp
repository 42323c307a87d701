//===- SharedLibraryLinker.cpp - object + runtime -> model.so -------------===//
//
// quantc links through a C compiler driver (the one it was configured with,
// clang-22 on Debian), as onnx-mlir does: the driver knows the target's crt
// files and libc, and `--target=aarch64-linux-gnu -fuse-ld=lld` links for
// AArch64 against Debian's cross libc without a cross binutils.
//
//===----------------------------------------------------------------------===//

#include "Driver.h"

#include "LinkConfig.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

namespace quantc {

bool linkSharedLibrary(llvm::StringRef objectPath, llvm::StringRef outputPath,
                       mlir::qc::NativeArch arch, bool verbose, std::string &error) {
  std::string compiler = QUANTC_LINK_DRIVER;
  if (const char *override = std::getenv("QUANTC_CC"))
    compiler = override;
  auto compilerPath = llvm::sys::findProgramByName(compiler);
  if (!compilerPath) {
    error = "cannot find the C compiler '" + compiler +
            "' that links models (set QUANTC_CC to one)";
    return false;
  }

  llvm::SmallString<256> runtime(getRuntimeDir(arch));
  llvm::sys::path::append(runtime, "libQuantcRuntime.a");
  if (!llvm::sys::fs::exists(runtime)) {
    error = ("no quantc runtime library for " + mlir::qc::getNativeArchName(arch) + " at '" +
             runtime + "' (set QUANTC_RUNTIME_DIR)")
                .str();
    return false;
  }

  std::vector<std::string> args = {*compilerPath};
  if (arch != mlir::qc::getHostNativeArch()) {
    args.push_back("--target=" + mlir::qc::getNativeTriple(arch));
    args.push_back("-fuse-ld=lld");
  }
  args.insert(args.end(), {"-shared", "-o", outputPath.str(), objectPath.str(),
                           // The runtime's model glue is what the library
                           // exports; nothing in the object refers to it.
                           "-Wl,--undefined=qc_model_describe", "-Wl,--undefined=qc_model_create",
                           "-Wl,--undefined=qc_model_run", "-Wl,--undefined=qc_model_destroy",
                           runtime.str().str()});
  bool forHost = arch == mlir::qc::getHostNativeArch();
  for (llvm::StringRef flag :
       llvm::split(forHost ? QUANTC_HOST_MODEL_LINK_FLAGS : "-Wl,--no-undefined", ';'))
    args.push_back(flag.str());
  for (llvm::StringRef lib : llvm::split(
           forHost ? QUANTC_HOST_RUNTIME_LINK_LIBS : QUANTC_CROSS_RUNTIME_LINK_LIBS, ';'))
    if (!lib.empty())
      args.push_back(lib.str());

  std::vector<llvm::StringRef> argRefs(args.begin(), args.end());
  if (verbose) {
    llvm::errs() << "quantc: link:";
    for (llvm::StringRef arg : argRefs)
      llvm::errs() << " " << arg;
    llvm::errs() << "\n";
  }
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*compilerPath, argRefs, std::nullopt, {}, 0, 0, &message);
  if (status != 0) {
    error = "linking '" + outputPath.str() + "' failed" +
            (message.empty() ? "" : ": " + message) + " (command: " +
            llvm::join(argRefs, " ") + ")";
    return false;
  }
  return true;
}

} // namespace quantc
