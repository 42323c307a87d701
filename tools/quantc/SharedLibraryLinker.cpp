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

namespace {

// The model API (ModelAPI.h) is all a model library exports: the runtime's
// kernels and the generated entry stay local, so two models (or a model and
// another copy of the runtime) loaded into one process cannot bind to each
// other's symbols, and the dynamic symbol table stays four entries long.
constexpr llvm::StringLiteral kExportedSymbols =
    "{\n  global: qc_model_describe; qc_model_create; qc_model_run; qc_model_destroy;\n"
    "  local: *;\n};\n";

// A version script holding kExportedSymbols in a temporary file, removed when
// the link is done.
class ExportList {
public:
  bool create(std::string &error) {
    int fd;
    if (std::error_code ec = llvm::sys::fs::createTemporaryFile("quantc-exports", "map", fd, path_)) {
      error = "cannot create the linker's export list: " + ec.message();
      return false;
    }
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out << kExportedSymbols;
    out.close();
    if (out.has_error()) {
      error = "cannot write the linker's export list '" + path_.str().str() + "'";
      out.clear_error();
      return false;
    }
    return true;
  }
  ~ExportList() {
    if (!path_.empty())
      llvm::sys::fs::remove(path_);
  }
  llvm::StringRef path() const { return path_; }

private:
  llvm::SmallString<128> path_;
};

} // namespace

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

  ExportList exports;
  if (!exports.create(error))
    return false;

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
                           "-Wl,--version-script=" + exports.path().str(), runtime.str().str()});
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
