//===- CompileCommand.cpp - quantc compile --------------------------------===//
//
// ONNX model -> qc (importer) -> qc-to-llvm-pipeline -> LLVM IR -> object
// -> shared library, stopping wherever --emit says. --emit=onnx-qdq leaves
// before the lowering and writes the qc graph back as ONNX, its fake-quants
// as QuantizeLinear/DequantizeLinear (writeQDQModel).
//
//===----------------------------------------------------------------------===//

#include "Driver.h"

#include "quantc/Dialect/QC/IR/QCDialect.h"
#include "quantc/Export/ONNX.h"
#include "quantc/Import/ONNX.h"
#include "quantc/Pipelines/Pipelines.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

namespace quantc {
namespace {

enum class EmitKind { MLIR, LLVM, Object, SharedLibrary, ONNXQDQ };

struct CompileOptions {
  std::string modelPath;
  std::string outputPath;
  mlir::qc::NativeTargetOptions target;
  EmitKind emit = EmitKind::SharedLibrary;
  std::vector<std::string> inputShapes;
  bool runtimeCalls = true;
  bool verbose = false;
};

const char compileHelp[] = R"(usage: quantc compile MODEL.onnx [options]

  MODEL may also be a qc module in MLIR (MODEL.mlir, as quantc-translate
  --import-onnx writes it).

  -o OUT                   output file (default: MODEL with the --emit extension)
  --target=ARCH            x86_64 or aarch64 (default: this machine's)
  --mcpu=CPU               LLVM CPU name (default: this CPU for its own
                           architecture, generic otherwise)
  --mattr=FEATURES         LLVM features, e.g. +avx2,+fma (default: the CPU's;
                           +neon,+dotprod,+i8mm for AArch64)
  --emit=KIND              mlir (LLVM dialect), llvm (LLVM IR), obj, so (default),
                           onnx-qdq (the qc graph as ONNX, fake-quants as QDQ)
  --input-shape NAME=DIMS  static shape of a symbolic graph input, e.g. x=1x3x224x224
  --no-runtime-calls       lower Conv/Gemm/MatMul as portable loops, not kernel calls
  -v                       print the pipeline and per-pass timing
)";

/// "--name=value" or "--name value" (also "-o value"). Returns true and
/// fills `value` when args[index] is that flag, advancing `index` past a
/// separate value.
bool takeValue(llvm::ArrayRef<std::string> args, size_t &index, llvm::StringRef name,
               std::string &value, std::string &error) {
  llvm::StringRef arg = args[index];
  if (arg.consume_front(name)) {
    if (arg.consume_front("=")) {
      value = arg.str();
      return true;
    }
    if (arg.empty()) {
      if (index + 1 >= args.size()) {
        error = "option '" + name.str() + "' needs a value";
        return true;
      }
      value = args[++index];
      return true;
    }
  }
  return false;
}

/// Parses the command line; false (after reporting) on a bad flag.
bool parseCompileOptions(llvm::ArrayRef<std::string> args, CompileOptions &options,
                         bool &showHelp) {
  options.target.arch = mlir::qc::getHostNativeArch();
  for (size_t i = 0; i < args.size(); ++i) {
    llvm::StringRef arg = args[i];
    std::string value, error;
    auto failed = [&](const llvm::Twine &message) {
      reportError(message);
      return false;
    };
    if (arg == "--help" || arg == "-h") {
      showHelp = true;
      return true;
    }
    if (arg == "-v") {
      options.verbose = true;
    } else if (arg == "--no-runtime-calls") {
      options.runtimeCalls = false;
    } else if (takeValue(args, i, "-o", value, error)) {
      options.outputPath = value;
    } else if (takeValue(args, i, "--target", value, error)) {
      if (error.empty() && !mlir::qc::parseNativeArch(value, options.target.arch))
        return failed("unknown --target '" + value + "' (expected x86_64 or aarch64)");
    } else if (takeValue(args, i, "--mcpu", value, error)) {
      options.target.cpu = value;
    } else if (takeValue(args, i, "--mattr", value, error)) {
      options.target.features = value;
    } else if (takeValue(args, i, "--emit", value, error)) {
      if (value == "mlir")
        options.emit = EmitKind::MLIR;
      else if (value == "llvm")
        options.emit = EmitKind::LLVM;
      else if (value == "obj")
        options.emit = EmitKind::Object;
      else if (value == "so")
        options.emit = EmitKind::SharedLibrary;
      else if (value == "onnx-qdq")
        options.emit = EmitKind::ONNXQDQ;
      else if (error.empty())
        return failed("unknown --emit '" + value +
                      "' (expected mlir, llvm, obj, so or onnx-qdq)");
    } else if (takeValue(args, i, "--input-shape", value, error)) {
      options.inputShapes.push_back(value);
    } else if (arg.starts_with("-")) {
      return failed("unknown option '" + arg + "' (see quantc compile --help)");
    } else if (options.modelPath.empty()) {
      options.modelPath = arg.str();
    } else {
      return failed("more than one model given: '" + options.modelPath + "' and '" + arg + "'");
    }
    if (!error.empty())
      return failed(error);
  }
  if (options.modelPath.empty()) {
    reportError("no model given (usage: quantc compile MODEL.onnx [options])");
    return false;
  }
  return true;
}

llvm::StringRef getExtension(EmitKind emit) {
  switch (emit) {
  case EmitKind::MLIR:
    return ".mlir";
  case EmitKind::LLVM:
    return ".ll";
  case EmitKind::Object:
    return ".o";
  case EmitKind::SharedLibrary:
    return ".so";
  case EmitKind::ONNXQDQ:
    // Not .onnx: the default output must not overwrite the model it came from.
    return ".qdq.onnx";
  }
  llvm_unreachable("unknown emit kind");
}

/// Opens `path` for writing; null after reporting.
std::unique_ptr<llvm::ToolOutputFile> openOutput(llvm::StringRef path) {
  std::error_code ec;
  auto file = std::make_unique<llvm::ToolOutputFile>(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    reportError("cannot write '" + path + "': " + ec.message());
    return nullptr;
  }
  return file;
}

/// Imports the model (or parses a .mlir qc module); null after the
/// importer's or parser's diagnostics.
mlir::OwningOpRef<mlir::ModuleOp> importModel(const CompileOptions &options,
                                              mlir::MLIRContext &context) {
  if (llvm::sys::path::extension(options.modelPath) == ".mlir") {
    if (!options.inputShapes.empty()) {
      reportError("--input-shape applies to ONNX models, not to '" + options.modelPath + "'");
      return nullptr;
    }
    llvm::SourceMgr sourceMgr;
    mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
    std::string error;
    auto file = mlir::openInputFile(options.modelPath, &error);
    if (!file) {
      reportError(error);
      return nullptr;
    }
    sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
    return mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
  }
  auto buffer = llvm::MemoryBuffer::getFile(options.modelPath, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    reportError("cannot read '" + options.modelPath + "': " + buffer.getError().message());
    return nullptr;
  }
  mlir::qc::ONNXImportOptions importOptions;
  importOptions.fileName = options.modelPath;
  llvm::SmallString<256> dir(options.modelPath);
  llvm::sys::path::remove_filename(dir);
  importOptions.externalDataDir = dir.empty() ? "." : dir.str().str();
  for (const std::string &shape : options.inputShapes) {
    std::string error;
    if (!mlir::qc::parseInputShapeOption(shape, importOptions, error)) {
      reportError(error);
      return nullptr;
    }
  }
  return mlir::qc::importONNXModel((*buffer)->getBuffer(), &context, importOptions);
}

/// Writes `module` as it stands as an ONNX model: its qc ops as their ONNX
/// operators, its fake-quants as QuantizeLinear/DequantizeLinear pairs (and
/// quantized weight initializers) that ONNX Runtime runs.
int writeQDQModel(mlir::ModuleOp module, llvm::StringRef outputPath) {
  auto output = openOutput(outputPath);
  if (!output)
    return 1;
  if (mlir::failed(mlir::qc::exportONNXModel(module, output->os())))
    return 1;
  output->keep();
  return 0;
}

int compile(const CompileOptions &options) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::qc::QCDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::MLIRContext context(registry);
  // Compiling a model is single-threaded work per function; MLIR's own
  // thread pool would only compete with the kernels' benchmark runs.
  context.disableMultithreading();

  mlir::OwningOpRef<mlir::ModuleOp> module = importModel(options, context);
  if (!module)
    return 1;

  std::string outputPath = options.outputPath;
  if (outputPath.empty()) {
    llvm::SmallString<256> path(options.modelPath);
    llvm::sys::path::replace_extension(path, getExtension(options.emit));
    outputPath = path.str().str();
  }

  // The quantization passes (calibration, qc-insert-fake-quant) go here: the
  // QDQ export writes their result, before fake-quants become integer ops.
  if (options.emit == EmitKind::ONNXQDQ)
    return writeQDQModel(*module, outputPath);
  if (options.emit == EmitKind::Object || options.emit == EmitKind::SharedLibrary) {
    llvm::SmallString<256> headerPath(outputPath);
    llvm::sys::path::replace_extension(headerPath, ".h");
    std::string error;
    if (!writeModelHeader(*module, options.modelPath, headerPath, error))
      return reportError(error);
  }

  mlir::qc::QCToLLVMPipelineOptions pipelineOptions;
  pipelineOptions.target = mlir::qc::getNativeArchName(options.target.arch).str();
  pipelineOptions.runtimeCalls = options.runtimeCalls;
  mlir::PassManager pm(&context);
  mlir::qc::buildQCToLLVMPipeline(pm, pipelineOptions);
  if (options.verbose) {
    llvm::errs() << "quantc: pipeline: builtin.module("
                 << mlir::qc::getQCToLLVMPipelineText(pipelineOptions) << ")\n";
    pm.enableTiming();
  }
  if (mlir::failed(pm.run(*module)))
    return 1;

  if (options.emit == EmitKind::MLIR) {
    auto output = openOutput(outputPath);
    if (!output)
      return 1;
    module->print(output->os());
    output->keep();
    return 0;
  }

  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine =
      mlir::qc::createNativeTargetMachine(options.target, error);
  if (!machine)
    return reportError(error);
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule = mlir::qc::translateToOptimizedLLVMIR(
      *module, llvmContext, *machine, options.target.optLevel);
  if (!llvmModule)
    return 1;

  if (options.emit == EmitKind::LLVM) {
    auto output = openOutput(outputPath);
    if (!output)
      return 1;
    llvmModule->print(output->os(), nullptr);
    output->keep();
    return 0;
  }

  std::string objectPath = outputPath;
  if (options.emit == EmitKind::SharedLibrary)
    objectPath += ".o";
  {
    auto output = openOutput(objectPath);
    if (!output)
      return 1;
    if (!mlir::qc::emitObjectFile(*llvmModule, *machine, output->os(), error))
      return reportError(error);
    output->keep();
  }
  if (options.emit == EmitKind::Object)
    return 0;
  bool linked = linkSharedLibrary(objectPath, outputPath, options.target.arch,
                                  options.verbose, error);
  llvm::sys::fs::remove(objectPath);
  if (!linked)
    return reportError(error);
  return 0;
}

} // namespace

int runCompileCommand(llvm::ArrayRef<std::string> args) {
  CompileOptions options;
  bool showHelp = false;
  if (!parseCompileOptions(args, options, showHelp))
    return 1;
  if (showHelp) {
    llvm::outs() << compileHelp;
    return 0;
  }
  return compile(options);
}

} // namespace quantc
