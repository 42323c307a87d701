//===- CompileCommand.cpp - quantc compile --------------------------------===//
//
// ONNX model -> qc (importer) -> [calibration, qc-insert-fake-quant with
// --quant] -> qc-to-llvm-pipeline -> LLVM IR -> object -> shared library,
// stopping wherever --emit says. --emit=onnx-qdq stops after the quantization
// passes and writes the qc graph back as ONNX, its fake-quants as
// QuantizeLinear/DequantizeLinear (writeQDQModel).
//
//===----------------------------------------------------------------------===//

#include "Calibrate.h"
#include "Driver.h"
#include "QuantReport.h"

#include "quantc/Dialect/QC/IR/QCDialect.h"
#include "quantc/Dialect/QC/Transforms/Passes.h"
#include "quantc/Export/ONNX.h"
#include "quantc/Import/ONNX.h"
#include "quantc/Pipelines/Pipelines.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/TargetParser/Host.h"

namespace quantc {
namespace {

enum class EmitKind { QC, MLIR, LLVM, Object, SharedLibrary, ONNXQDQ };

struct CompileOptions {
  std::string modelPath;
  std::string outputPath;
  mlir::qc::NativeTargetOptions target;
  EmitKind emit = EmitKind::SharedLibrary;
  std::vector<std::string> inputShapes;
  bool runtimeCalls = true;
  bool winogradInt8 = true;
  bool verbose = false;
  /// --quant=w8a8: calibrate, then quantize weights and activations to 8 bits.
  bool quantize = false;
  CalibrationOptions calibration;
  /// --report=FILE: the quantization report as JSON, and its table printed.
  std::string reportPath;
  /// A flag that needs --quant was given (calibration, --report).
  std::string calibrationFlag;
};

const char compileHelp[] = R"(usage: quantc compile MODEL.onnx [options]

  MODEL may also be a qc module in MLIR (MODEL.mlir, as --emit=qc or
  quantc-translate --import-onnx write it).

  -o OUT                   output file (default: MODEL with the --emit extension)
  --target=ARCH            x86_64 or aarch64 (default: this machine's)
  --mcpu=CPU               LLVM CPU name (default: this CPU for its own
                           architecture, generic otherwise)
  --mattr=FEATURES         LLVM features, e.g. +avx2,+fma (default: the CPU's;
                           +neon,+dotprod,+i8mm for AArch64)
  --emit=KIND              qc (the qc graph before lowering, quantized with
                           --quant), mlir (LLVM dialect), llvm (LLVM IR), obj,
                           so (default), onnx-qdq (the qc graph as ONNX after
                           quantization, fake-quants as QDQ)
  --input-shape NAME=DIMS  static shape of a symbolic graph input, e.g. x=1x3x224x224
  --no-runtime-calls       lower Conv/Gemm/MatMul as portable loops, not kernel calls
  --no-winograd            x86-64: int8 3x3 convolutions by im2col, not Winograd
                           (same results; smaller weights, slower)
  -v                       print the pipeline and per-pass timing (and, with
                           --quant, each calibrated range)

Post-training quantization (docs/quantization.md):
  --quant=w8a8             int8 weights (per channel) and 8-bit activations
                           (u8 on x86-64, s8 on AArch64 and AMX)
  --calib-data=SOURCE      sample inputs: a directory of .npy/.pb files, an
                           .npz file, or idx:PATH (IDX unsigned bytes, e.g.
                           Fashion-MNIST, scaled to [0, 1])
  --calib-samples=N        use the first N samples (default: all, up to 500)
  --calib-method=METHOD    minmax (default), percentile:P, mse or entropy
  --keep-float=NODES       comma-separated ONNX node names left in float;
                           first and last name the first and last Conv/Gemm/MatMul
  --quant-policy=FILE      JSON per-node overrides (bits, granularity, ...)
  --report=FILE            print each layer's quantizers and the SQNR of its
                           output against float on the calibration samples,
                           and the weight sizes; write them to FILE as JSON
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
    } else if (arg == "--no-winograd") {
      options.winogradInt8 = false;
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
      if (value == "qc")
        options.emit = EmitKind::QC;
      else if (value == "mlir")
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
                      "' (expected qc, mlir, llvm, obj, so or onnx-qdq)");
    } else if (takeValue(args, i, "--input-shape", value, error)) {
      options.inputShapes.push_back(value);
    } else if (takeValue(args, i, "--quant", value, error)) {
      if (error.empty() && value != "w8a8")
        return failed("unknown --quant '" + value + "' (expected w8a8)");
      options.quantize = true;
    } else if (takeValue(args, i, "--calib-data", value, error)) {
      options.calibration.data = value;
      options.calibrationFlag = "--calib-data";
    } else if (takeValue(args, i, "--calib-samples", value, error)) {
      unsigned long long samples = 0;
      if (error.empty() && (llvm::StringRef(value).getAsInteger(10, samples) || samples == 0))
        return failed("--calib-samples needs a positive number, got '" + value + "'");
      options.calibration.samples = samples;
      options.calibrationFlag = "--calib-samples";
    } else if (takeValue(args, i, "--calib-method", value, error)) {
      if (error.empty() && !calibration::Method::parse(value, options.calibration.method, error))
        return failed(error);
      options.calibrationFlag = "--calib-method";
    } else if (takeValue(args, i, "--keep-float", value, error)) {
      llvm::SmallVector<llvm::StringRef> names;
      llvm::StringRef(value).split(names, ',', -1, /*KeepEmpty=*/false);
      for (llvm::StringRef name : names)
        options.calibration.keepFloat.push_back(name.str());
      options.calibrationFlag = "--keep-float";
    } else if (takeValue(args, i, "--quant-policy", value, error)) {
      options.calibration.policyPath = value;
      options.calibrationFlag = "--quant-policy";
    } else if (takeValue(args, i, "--report", value, error)) {
      options.reportPath = value;
      options.calibrationFlag = "--report";
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
  if (!options.quantize && !options.calibrationFlag.empty()) {
    reportError(options.calibrationFlag + " needs --quant=w8a8");
    return false;
  }
  if (options.quantize && options.calibration.data.empty()) {
    reportError("--quant=w8a8 needs calibration data (--calib-data=DIR|FILE.npz|idx:PATH)");
    return false;
  }
  return true;
}

llvm::StringRef getExtension(EmitKind emit) {
  switch (emit) {
  case EmitKind::QC:
    return ".qc.mlir";
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

/// Lowers `module` through qc-to-llvm-pipeline and writes what options.emit
/// asks for to `outputPath`; the exit code.
int lowerAndEmit(mlir::ModuleOp module, const CompileOptions &options,
                 llvm::StringRef outputPath) {
  mlir::MLIRContext &context = *module.getContext();
  mlir::qc::QCToLLVMPipelineOptions pipelineOptions;
  pipelineOptions.target = mlir::qc::getNativeArchName(options.target.arch).str();
  pipelineOptions.runtimeCalls = options.runtimeCalls;
  pipelineOptions.winogradInt8 = options.winogradInt8;
  mlir::PassManager pm(&context);
  mlir::qc::buildQCToLLVMPipeline(pm, pipelineOptions);
  if (options.verbose) {
    llvm::errs() << "quantc: pipeline: builtin.module("
                 << mlir::qc::getQCToLLVMPipelineText(pipelineOptions) << ")\n";
    pm.enableTiming();
  }
  if (mlir::failed(pm.run(module)))
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
      module, llvmContext, *machine, options.target.optLevel);
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

  std::string objectPath = outputPath.str();
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

/// Whether the target's integer kernels want symmetric s8 activations:
/// AArch64's sdot/smmla and AMX multiply s8 x s8; AVX2 and AVX512-VNNI
/// multiply u8 x s8.
bool usesSignedActivations(const mlir::qc::NativeTargetOptions &target) {
  if (target.arch == mlir::qc::NativeArch::AArch64)
    return true;
  if (llvm::StringRef(target.features).contains("+amx-int8"))
    return true;
  bool hostCpu = target.cpu.empty() && target.features.empty() &&
                 target.arch == mlir::qc::getHostNativeArch();
  return hostCpu && llvm::sys::getHostCPUFeatures().lookup("amx-int8");
}

/// Calibrates the imported float model and puts qc.fake_quant on it; with
/// `report`, measures the result against the float model. False after
/// reporting.
bool quantizeModel(mlir::ModuleOp module, const CompileOptions &options, QuantReport *report) {
  // BatchNormalization is folded into its Conv first, so that the ranges
  // are those of the graph that will be quantized.
  mlir::PassManager canonicalize(module.getContext());
  canonicalize.addPass(mlir::createCanonicalizerPass());
  if (mlir::failed(canonicalize.run(module)))
    return false;

  CalibrationOptions calibration = options.calibration;
  calibration.signedActivations = usesSignedActivations(options.target);
  calibration.verbose = options.verbose;
  auto compileForHost = [&](mlir::ModuleOp probe, llvm::StringRef libraryPath) {
    CompileOptions host;
    host.target.arch = mlir::qc::getHostNativeArch();
    host.runtimeCalls = options.runtimeCalls;
    return lowerAndEmit(probe, host, libraryPath) == 0;
  };
  if (!calibrateModel(module, calibration, compileForHost))
    return false;
  // The float model as calibrated, to compare the quantized one with;
  // qc-insert-fake-quant keeps every op it finds, so `floatOf` maps them.
  mlir::IRMapping floatOf;
  mlir::OwningOpRef<mlir::ModuleOp> floatModel;
  if (report)
    floatModel = llvm::cast<mlir::ModuleOp>(module->clone(floatOf));

  mlir::qc::InsertFakeQuantOptions insertOptions;
  insertOptions.activationType = calibration.signedActivations ? "s8" : "u8";
  insertOptions.keepFloat.assign(calibration.keepFloat.begin(), calibration.keepFloat.end());
  insertOptions.policyFile = calibration.policyPath;
  mlir::PassManager pm(module.getContext());
  pm.addPass(mlir::qc::createInsertFakeQuant(insertOptions));
  if (mlir::failed(pm.run(module)))
    return false;
  if (!report)
    return true;
  ProbeSamples samples{calibration.data, calibration.samples};
  return buildQuantReport(*floatModel, module, floatOf, samples, compileForHost, *report);
}

/// Writes what options.emit asks for of the imported (and quantized)
/// `module` to `outputPath`; the exit code.
int emit(mlir::ModuleOp module, const CompileOptions &options, llvm::StringRef outputPath) {
  // The graph the quantization passes leave, before fake-quants become
  // integer ops.
  if (options.emit == EmitKind::ONNXQDQ)
    return writeQDQModel(module, outputPath);
  if (options.emit == EmitKind::Object || options.emit == EmitKind::SharedLibrary) {
    llvm::SmallString<256> headerPath(outputPath);
    llvm::sys::path::replace_extension(headerPath, ".h");
    std::string error;
    if (!writeModelHeader(module, options.modelPath, headerPath, error))
      return reportError(error);
  }
  if (options.emit == EmitKind::QC) {
    auto output = openOutput(outputPath);
    if (!output)
      return 1;
    // With the ONNX node names, so that quantc-opt can take over pass by pass.
    module->print(output->os(), mlir::OpPrintingFlags().enableDebugInfo());
    output->keep();
    return 0;
  }
  return lowerAndEmit(module, options, outputPath);
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

  // Opened first, so that an unwritable path fails before calibration.
  std::unique_ptr<llvm::ToolOutputFile> reportFile;
  if (!options.reportPath.empty() && !(reportFile = openOutput(options.reportPath)))
    return 1;
  mlir::OwningOpRef<mlir::ModuleOp> module = importModel(options, context);
  if (!module)
    return 1;
  QuantReport report;
  if (options.quantize && !quantizeModel(*module, options, reportFile ? &report : nullptr))
    return 1;

  std::string outputPath = options.outputPath;
  if (outputPath.empty()) {
    llvm::SmallString<256> path(options.modelPath);
    llvm::sys::path::replace_extension(path, getExtension(options.emit));
    outputPath = path.str().str();
  }
  if (int status = emit(*module, options, outputPath))
    return status;
  if (reportFile) {
    uint64_t libraryBytes = 0;
    if (options.emit == EmitKind::SharedLibrary &&
        !llvm::sys::fs::file_size(outputPath, libraryBytes))
      report.libraryBytes = libraryBytes;
    printQuantReport(report, llvm::outs());
    writeQuantReportJSON(report, reportFile->os());
    reportFile->keep();
  }
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
