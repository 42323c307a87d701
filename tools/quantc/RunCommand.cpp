//===- RunCommand.cpp - quantc run ----------------------------------------===//
//
// Hands a compiled model to quantc-runner, the runner built with the runtime
// (DESIGN §2): the host's for an x86-64 library, the AArch64 one under
// qemu-aarch64 for an AArch64 library. The runner parses and checks every
// other argument itself.
//
//===----------------------------------------------------------------------===//

#include "Driver.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

namespace quantc {
namespace {

/// The architecture an ELF shared library was built for, from e_machine.
bool getLibraryArch(llvm::StringRef path, mlir::qc::NativeArch &arch, std::string &error) {
  auto file = llvm::MemoryBuffer::getFileSlice(path, 20, 0);
  if (!file) {
    error = "cannot read '" + path.str() + "': " + file.getError().message();
    return false;
  }
  llvm::StringRef header = (*file)->getBuffer();
  if (header.size() < 20 || !header.starts_with("\x7f" "ELF")) {
    error = "'" + path.str() + "' is not an ELF shared library";
    return false;
  }
  // e_machine: a little-endian 16-bit field at offset 18.
  unsigned machine = static_cast<unsigned char>(header[18]) |
                     static_cast<unsigned char>(header[19]) << 8;
  if (machine == 62)
    arch = mlir::qc::NativeArch::X86_64;
  else if (machine == 183)
    arch = mlir::qc::NativeArch::AArch64;
  else {
    error = "'" + path.str() + "' is for an architecture quantc does not compile for";
    return false;
  }
  return true;
}

} // namespace

int runRunCommand(llvm::ArrayRef<std::string> args) {
  if (args.empty() || args[0].empty() || args[0][0] == '-')
    return reportError("no model given (usage: quantc run MODEL.so [options]; see quantc --help)");
  mlir::qc::NativeArch arch;
  std::string error;
  if (!getLibraryArch(args[0], arch, error))
    return reportError(error);

  llvm::SmallString<256> runner(arch == mlir::qc::getHostNativeArch()
                                    ? getExecutableDir()
                                    : getRuntimeDir(arch));
  llvm::sys::path::append(runner, "quantc-runner");
  if (!llvm::sys::fs::can_execute(runner))
    return reportError("no model runner for " + mlir::qc::getNativeArchName(arch) + " at '" +
                       runner + "'");

  std::vector<std::string> command;
  if (arch != mlir::qc::getHostNativeArch()) {
    auto qemu = llvm::sys::findProgramByName("qemu-" + mlir::qc::getNativeArchName(arch).str());
    if (!qemu)
      return reportError("running an " + mlir::qc::getNativeArchName(arch) +
                         " model needs qemu-user (qemu-" + mlir::qc::getNativeArchName(arch) +
                         ")");
    command = {*qemu, "-cpu", "max", "-L",
               "/usr/" + mlir::qc::getNativeArchName(arch).str() + "-linux-gnu"};
  }
  command.push_back(runner.str().str());
  command.insert(command.end(), args.begin(), args.end());
  std::vector<llvm::StringRef> commandRefs(command.begin(), command.end());
  std::string message;
  int status = llvm::sys::ExecuteAndWait(commandRefs[0], commandRefs, std::nullopt, {}, 0, 0,
                                         &message);
  if (status < 0)
    return reportError("cannot run '" + command[0] + "': " + message);
  return status;
}

} // namespace quantc
