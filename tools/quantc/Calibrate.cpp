//===- Calibrate.cpp - record activation ranges by running the float model ===//
//
// One code path for all execution: the float model is compiled by quantc's
// own pipeline for the host, with every tensor qc-insert-fake-quant needs a
// range for added as an output; the library is loaded with dlopen and run
// through the model C API on each sample; the statistics of each tensor
// (lib/Calibration) give its range, attached as qc.ranges / qc.range.
//
//===----------------------------------------------------------------------===//

#include "Calibrate.h"

#include "CalibrationData.h"
#include "Driver.h"
#include "Model.h"

#include "quantc/Dialect/QC/IR/QCDialect.h"
#include "quantc/Dialect/QC/Transforms/QuantPolicy.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace quantc {
namespace {

using calibration::Range;
using calibration::TensorStatistics;

/// A bar on stderr, redrawn in place; silent when stderr is not a terminal.
class ProgressBar {
public:
  explicit ProgressBar(size_t total)
      : total_(total), enabled_(llvm::sys::Process::StandardErrIsDisplayed()) {}
  ~ProgressBar() {
    if (enabled_ && drawn_)
      llvm::errs() << "\n";
  }

  void update(size_t done) {
    if (!enabled_)
      return;
    constexpr size_t kWidth = 40;
    size_t filled = total_ ? done * kWidth / total_ : kWidth;
    llvm::errs() << "\rcalibrating [" << std::string(filled, '#')
                 << std::string(kWidth - filled, '.') << "] " << done << "/" << total_;
    llvm::errs().flush();
    drawn_ = true;
  }

private:
  size_t total_;
  bool enabled_;
  bool drawn_ = false;
};

/// reportError for the functions here that return success as a bool.
bool failWith(const llvm::Twine &message) {
  reportError(message);
  return false;
}

/// "graph input 'x'" or "'/conv/Conv' output 0", for -v and messages.
std::string describeTensor(mlir::Value tensor) {
  if (auto argument = llvm::dyn_cast<mlir::BlockArgument>(tensor)) {
    auto func = llvm::cast<mlir::func::FuncOp>(argument.getOwner()->getParentOp());
    auto name = func.getArgAttrOfType<mlir::StringAttr>(argument.getArgNumber(), "qc.name");
    return "graph input '" + (name ? name.str() : std::to_string(argument.getArgNumber())) + "'";
  }
  auto result = llvm::cast<mlir::OpResult>(tensor);
  return "'" + mlir::qc::getONNXNodeName(result.getOwner()->getLoc()) + "' output " +
         std::to_string(result.getResultNumber());
}

/// A copy of `func`'s module whose function also returns `extraOutputs`
/// (values of `func`), after its own results.
mlir::OwningOpRef<mlir::ModuleOp> makeProbeModule(mlir::ModuleOp module, mlir::func::FuncOp func,
                                                  llvm::ArrayRef<mlir::Value> extraOutputs) {
  mlir::IRMapping mapping;
  auto probe = llvm::cast<mlir::ModuleOp>(module->clone(mapping));
  auto probeFunc = probe.lookupSymbol<mlir::func::FuncOp>(func.getSymName());
  mlir::Operation *terminator = probeFunc.getBody().front().getTerminator();
  llvm::SmallVector<mlir::Value> results(terminator->getOperands());
  mlir::MLIRContext *context = module.getContext();
  for (auto [index, value] : llvm::enumerate(extraOutputs)) {
    unsigned position = results.size();
    results.push_back(mapping.lookup(value));
    auto name = mlir::StringAttr::get(context, "qc_calibration_" + std::to_string(index));
    (void)probeFunc.insertResult(
        position, value.getType(),
        mlir::DictionaryAttr::get(context, {mlir::NamedAttribute("qc.name", name)}));
  }
  terminator->setOperands(results);
  return probe;
}

} // namespace

bool calibrateModel(mlir::ModuleOp module, const CalibrationOptions &options,
                    llvm::function_ref<bool(mlir::ModuleOp, llvm::StringRef)> compileForHost) {
  std::string error;
  std::optional<mlir::qc::QuantPolicy> policy =
      mlir::qc::readQuantPolicyFile(options.policyPath, error);
  if (!policy)
    return failWith(error);
  auto funcs = module.getOps<mlir::func::FuncOp>();
  if (!llvm::hasSingleElement(funcs))
    return failWith("calibration expects a model with one function");
  mlir::func::FuncOp func = *funcs.begin();
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> needed =
      mlir::qc::getTensorsToCalibrate(func, options.keepFloat, *policy);
  if (mlir::failed(needed))
    return false;

  // Graph inputs are measured on the samples themselves; every other tensor
  // becomes an output of the probe, with the other results of its op (qc.ranges
  // has one entry per result).
  llvm::SetVector<mlir::Value> outputs;
  bool inputNeeded = false;
  for (mlir::Value tensor : *needed) {
    if (mlir::Operation *def = tensor.getDefiningOp())
      outputs.insert(def->result_begin(), def->result_end());
    else
      inputNeeded = true;
  }
  unsigned modelOutputs = func.getNumResults();
  mlir::OwningOpRef<mlir::ModuleOp> probe =
      makeProbeModule(module, func, outputs.getArrayRef());

  llvm::SmallString<128> dir;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("quantc-calibration", dir))
    return failWith("cannot create a temporary directory: " + ec.message());
  llvm::scope_exit removeDir([&] { llvm::sys::fs::remove_directories(dir); });
  llvm::SmallString<128> libraryPath(dir);
  llvm::sys::path::append(libraryPath, "probe.so");
  if (!compileForHost(*probe, libraryPath))
    return false;

  runner::LoadedModel model;
  runner::Status status = model.load(libraryPath.str().str());
  if (status.failed())
    return failWith(status.message());
  const qc_model_desc &desc = model.desc();
  if (desc.num_inputs != 1)
    return failWith("calibration data feeds models with one input; this one has " +
                    llvm::Twine(desc.num_inputs));
  std::vector<runner::Tensor> samples;
  if (!loadCalibrationSamples(options.data, desc.inputs[0], options.samples, samples, error))
    return failWith(error);

  std::vector<runner::ByteBuffer> buffers(desc.num_outputs);
  std::vector<void *> outputPointers;
  for (int32_t i = 0; i < desc.num_outputs; ++i) {
    if (buffers[i].allocate(runner::tensorByteSize(desc.outputs[i])).failed())
      return failWith("out of memory for the calibration outputs");
    outputPointers.push_back(buffers[i].data());
  }
  std::vector<TensorStatistics> outputStats(outputs.size());
  TensorStatistics inputStats;
  ProgressBar progress(samples.size());
  for (size_t s = 0; s < samples.size(); ++s) {
    const void *input = samples[s].bytes.data();
    status = model.run(&input, outputPointers.data());
    if (status.failed())
      return failWith(status.message());
    if (inputNeeded)
      inputStats.add(reinterpret_cast<const float *>(input), samples[s].elementCount());
    for (size_t k = 0; k < outputs.size(); ++k) {
      const qc_tensor_desc &output = desc.outputs[modelOutputs + k];
      if (output.elem_type != QC_DTYPE_FLOAT32)
        continue;
      size_t count = runner::tensorByteSize(output) / sizeof(float);
      outputStats[k].add(reinterpret_cast<const float *>(outputPointers[modelOutputs + k]),
                         count);
    }
    progress.update(s + 1);
  }

  // Each tensor's range by its method: its node's policy entry, or the
  // command line's.
  calibration::IntegerGrid grid = options.signedActivations
                                      ? calibration::IntegerGrid::int8Symmetric()
                                      : calibration::IntegerGrid::uint8Asymmetric();
  mlir::MLIRContext *context = module.getContext();
  auto chooseFor = [&](mlir::Value tensor, const TensorStatistics &stats) {
    mlir::Operation *def = tensor.getDefiningOp();
    const mlir::qc::NodeQuantPolicy *entry = def ? findNodePolicy(*policy, def) : nullptr;
    calibration::Method method =
        entry && entry->calibration ? *entry->calibration : options.method;
    Range range = calibration::chooseRange(stats, method, grid);
    if (options.verbose)
      llvm::errs() << "quantc: range of " << describeTensor(tensor) << ": ["
                   << llvm::format("%g", range.min) << ", " << llvm::format("%g", range.max)
                   << "] (" << method.str() << ", " << stats.count() << " values)\n";
    return mlir::DenseF64ArrayAttr::get(context, {range.min, range.max});
  };
  if (inputNeeded)
    func.setArgAttr(0, mlir::qc::kRangeArgAttrName, chooseFor(func.getArgument(0), inputStats));
  llvm::MapVector<mlir::Operation *, llvm::SmallVector<mlir::Attribute>> ranges;
  for (auto [k, tensor] : llvm::enumerate(outputs)) {
    bool isFloat = desc.outputs[modelOutputs + k].elem_type == QC_DTYPE_FLOAT32;
    // A non-float result of the same op needs no range: an empty array.
    ranges[tensor.getDefiningOp()].push_back(
        isFloat ? chooseFor(tensor, outputStats[k]) : mlir::DenseF64ArrayAttr::get(context, {}));
  }
  for (auto &[op, attrs] : ranges)
    op->setAttr(mlir::qc::kRangesAttrName, mlir::ArrayAttr::get(context, attrs));
  return true;
}

} // namespace quantc
