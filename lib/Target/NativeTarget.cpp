//===- NativeTarget.cpp - LLVM dialect to optimized object code -----------===//

#include "quantc/Target/NativeTarget.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

namespace mlir::qc {

bool parseNativeArch(llvm::StringRef name, NativeArch &arch) {
  if (name == "x86_64" || name == "x86-64") {
    arch = NativeArch::X86_64;
    return true;
  }
  if (name == "aarch64" || name == "arm64") {
    arch = NativeArch::AArch64;
    return true;
  }
  return false;
}

llvm::StringRef getNativeArchName(NativeArch arch) {
  return arch == NativeArch::X86_64 ? "x86_64" : "aarch64";
}

NativeArch getHostNativeArch() {
  llvm::Triple host(llvm::sys::getProcessTriple());
  return host.getArch() == llvm::Triple::aarch64 ? NativeArch::AArch64 : NativeArch::X86_64;
}

std::string getNativeTriple(NativeArch arch) {
  return (getNativeArchName(arch) + "-unknown-linux-gnu").str();
}

/// The host's features in LLVM's "+a,-b" form.
static std::string getHostFeatureString() {
  std::string features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures()) {
    if (!features.empty())
      features += ',';
    features += (feature.second ? "+" : "-") + feature.first().str();
  }
  return features;
}

std::unique_ptr<llvm::TargetMachine> createNativeTargetMachine(const NativeTargetOptions &options,
                                                               std::string &error) {
  static std::once_flag initialized;
  std::call_once(initialized, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
  });

  llvm::Triple triple(getNativeTriple(options.arch));
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;

  std::string cpu = options.cpu;
  std::string features = options.features;
  bool forHost = options.arch == getHostNativeArch();
  if (cpu.empty() || cpu == "native") {
    if (forHost) {
      cpu = llvm::sys::getHostCPUName().str();
      if (features.empty())
        features = getHostFeatureString();
    } else {
      cpu = "generic";
    }
  }
  // LLVM only warns about an unknown CPU (once per function) and may then
  // abort on a subtarget without the architecture's basics: refuse it here.
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!subtarget || !subtarget->isCPUStringValid(cpu)) {
    error = "unknown --mcpu '" + cpu + "' for " + getNativeArchName(options.arch).str();
    return nullptr;
  }
  for (llvm::StringRef feature : llvm::split(options.features, ',')) {
    llvm::StringRef name = feature.trim();
    if (name.empty())
      continue;
    if (!name.consume_front("+") && !name.consume_front("-")) {
      error = "--mattr feature '" + feature.str() + "' needs a leading + or -";
      return nullptr;
    }
    if (!llvm::any_of(subtarget->getAllProcessorFeatures(),
                      [&](const llvm::SubtargetFeatureKV &known) { return name == known.Key; })) {
      error = "unknown --mattr feature '" + name.str() + "' for " +
              getNativeArchName(options.arch).str();
      return nullptr;
    }
  }
  if (features.empty() && options.arch == NativeArch::AArch64)
    features = "+neon,+dotprod,+i8mm";

  llvm::CodeGenOptLevel codeGenLevel =
      options.optLevel >= 3   ? llvm::CodeGenOptLevel::Aggressive
      : options.optLevel == 0 ? llvm::CodeGenOptLevel::None
                              : llvm::CodeGenOptLevel::Default;
  // PIC: the object is linked into a shared library.
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, llvm::TargetOptions(), llvm::Reloc::PIC_, std::nullopt,
      codeGenLevel));
  if (!machine)
    error = "LLVM cannot create a target machine for " + triple.str() + " cpu '" + cpu + "'";
  return machine;
}

/// Generated code allocates its buffers through the runtime's allocator
/// (qc-to-llvm-pipeline's finalize-memref-to-llvm{use-generic-functions}).
/// Told that these functions behave like malloc and free, LLVM knows every
/// buffer is a fresh object that aliases no other, which its vectorizers need
/// to vectorize loops between buffers without runtime overlap checks.
static void describeRuntimeAllocator(llvm::Module &module) {
  llvm::LLVMContext &context = module.getContext();
  for (llvm::StringRef name : {"_mlir_memref_to_llvm_alloc", "_mlir_memref_to_llvm_aligned_alloc"}) {
    llvm::Function *alloc = module.getFunction(name);
    if (!alloc)
      continue;
    alloc->setReturnDoesNotAlias();
    alloc->setDoesNotThrow();
    alloc->addFnAttr(llvm::Attribute::WillReturn);
    alloc->addFnAttr(llvm::Attribute::get(
        context, llvm::Attribute::AllocKind,
        uint64_t(llvm::AllocFnKind::Alloc | llvm::AllocFnKind::Uninitialized)));
    alloc->addFnAttr("alloc-family", "quantc");
  }
  if (llvm::Function *free = module.getFunction("_mlir_memref_to_llvm_free")) {
    free->setDoesNotThrow();
    free->addFnAttr(llvm::Attribute::WillReturn);
    free->addFnAttr(llvm::Attribute::get(context, llvm::Attribute::AllocKind,
                                         uint64_t(llvm::AllocFnKind::Free)));
    free->addFnAttr("alloc-family", "quantc");
    free->addParamAttr(0, llvm::Attribute::AllocatedPointer);
  }
}

std::unique_ptr<llvm::Module> translateToOptimizedLLVMIR(ModuleOp module,
                                                         llvm::LLVMContext &context,
                                                         llvm::TargetMachine &targetMachine,
                                                         unsigned optLevel) {
  registerBuiltinDialectTranslation(*module.getContext());
  registerLLVMDialectTranslation(*module.getContext());
  std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    return nullptr;
  describeRuntimeAllocator(*llvmModule);
  llvmModule->setTargetTriple(targetMachine.getTargetTriple());
  llvmModule->setDataLayout(targetMachine.createDataLayout());
  auto optimize = makeOptimizingTransformer(optLevel, /*sizeLevel=*/0, &targetMachine);
  if (llvm::Error failure = optimize(llvmModule.get())) {
    module.emitError() << "LLVM optimization failed: " << llvm::toString(std::move(failure));
    return nullptr;
  }
  return llvmModule;
}

bool emitObjectFile(llvm::Module &module, llvm::TargetMachine &targetMachine,
                    llvm::raw_pwrite_stream &os, std::string &error) {
  llvm::legacy::PassManager codeGen;
  if (targetMachine.addPassesToEmitFile(codeGen, os, nullptr,
                                        llvm::CodeGenFileType::ObjectFile)) {
    error = "the LLVM target cannot emit object files";
    return false;
  }
  codeGen.run(module);
  return true;
}

} // namespace mlir::qc
