//===- Driver.h - pieces of the quantc driver -------------------*- C++ -*-===//

#ifndef QUANTC_TOOLS_QUANTC_DRIVER_H
#define QUANTC_TOOLS_QUANTC_DRIVER_H

#include "quantc/Target/NativeTarget.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace quantc {

/// Prints "quantc: error: <message>" on stderr and returns 1, the exit code
/// of every user-facing failure.
int reportError(const llvm::Twine &message);

/// `quantc compile ...` and `quantc run ...`; args exclude the subcommand.
int runCompileCommand(llvm::ArrayRef<std::string> args);
int runRunCommand(llvm::ArrayRef<std::string> args);

/// Directory of the quantc executable (tools and runtime libraries are found
/// relative to it, in the build tree and once installed).
std::string getExecutableDir();

/// Where the runtime library and runner built for `arch` live:
/// <bindir>/../lib for the host, <bindir>/../lib/quantc/<arch>-linux-gnu for a
/// cross target. Overridden by QUANTC_RUNTIME_DIR.
std::string getRuntimeDir(mlir::qc::NativeArch arch);

/// Writes the self-contained C header of a compiled model: the C API of
/// ModelAPI.h and a description of `model`'s inputs and outputs.
bool writeModelHeader(mlir::ModuleOp model, llvm::StringRef modelFileName,
                      llvm::StringRef headerPath, std::string &error);

/// Links `objectPath` with the runtime library into the shared library
/// `outputPath`, with the C compiler driver quantc was configured with
/// (QUANTC_CC overrides it).
bool linkSharedLibrary(llvm::StringRef objectPath, llvm::StringRef outputPath,
                       mlir::qc::NativeArch arch, bool verbose, std::string &error);

} // namespace quantc

#endif // QUANTC_TOOLS_QUANTC_DRIVER_H
