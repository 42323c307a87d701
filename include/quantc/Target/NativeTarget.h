//===- NativeTarget.h - LLVM dialect to optimized object code ---*- C++ -*-===//
//
// The last steps of `quantc compile`: translate the LLVM-dialect module that
// qc-to-llvm-pipeline produces to LLVM IR, optimize it for one CPU, and emit
// an object file through an LLVM TargetMachine.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TARGET_NATIVETARGET_H
#define QUANTC_TARGET_NATIVETARGET_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace mlir::qc {

/// The architectures quantc compiles for.
enum class NativeArch { X86_64, AArch64 };

struct NativeTargetOptions {
  NativeArch arch = NativeArch::X86_64;
  /// LLVM CPU name (-mcpu). Empty: the host CPU when compiling for the host's
  /// architecture, else a generic CPU of the target.
  std::string cpu;
  /// LLVM feature string (-mattr), e.g. "+avx2,+fma". Empty: the host's
  /// features for a host CPU; "+neon,+dotprod,+i8mm" for AArch64 otherwise.
  std::string features;
  unsigned optLevel = 3;
};

/// "x86_64" / "aarch64" to NativeArch; false for anything else.
bool parseNativeArch(llvm::StringRef name, NativeArch &arch);
llvm::StringRef getNativeArchName(NativeArch arch);
/// The architecture of the machine quantc runs on.
NativeArch getHostNativeArch();
/// "x86_64-unknown-linux-gnu" or "aarch64-unknown-linux-gnu".
std::string getNativeTriple(NativeArch arch);

/// A position-independent TargetMachine for the options, or null with
/// `error` set.
std::unique_ptr<llvm::TargetMachine> createNativeTargetMachine(const NativeTargetOptions &options,
                                                               std::string &error);

/// Translates an LLVM-dialect module to LLVM IR for `targetMachine` and runs
/// LLVM's optimization pipeline at `optLevel` on it. Null (after emitting a
/// diagnostic on the module) if translation fails.
std::unique_ptr<llvm::Module> translateToOptimizedLLVMIR(ModuleOp module,
                                                         llvm::LLVMContext &context,
                                                         llvm::TargetMachine &targetMachine,
                                                         unsigned optLevel);

/// Writes `module` as an ELF object file. False with `error` set on failure.
bool emitObjectFile(llvm::Module &module, llvm::TargetMachine &targetMachine,
                    llvm::raw_pwrite_stream &os, std::string &error);

} // namespace mlir::qc

#endif // QUANTC_TARGET_NATIVETARGET_H
