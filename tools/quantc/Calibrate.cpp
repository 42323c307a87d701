//===- Calibrate.cpp - record activation ranges by running the float model ===//
//
// One code path for all execution: the float model runs as a probe (Probe.h)
// with every tensor qc-insert-fake-quant needs a range for added as an
// output; the statistics of each tensor over the samples (lib/Calibration)
// give its range, attached as qc.ranges / qc.range.
//
//===----------------------------------------------------------------------===//

#include "Calibrate.h"

#include "Driver.h"

#include "quantc/Dialect/QC/IR/QCDialect.h"
#include "quantc/Dialect/QC/Transforms/QuantPolicy.h"
#include "quantc/Runtime/ModelAPI.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace quantc {
namespace {

using calibration::Range;
using calibration::TensorStatistics;

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

} // namespace

bool calibrateModel(mlir::ModuleOp module, const CalibrationOptions &options,
                    CompileForHostFn compileForHost) {
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
  std::vector<bool> inputNeeded(func.getNumArguments());
  for (mlir::Value tensor : *needed) {
    if (mlir::Operation *def = tensor.getDefiningOp())
      outputs.insert(def->result_begin(), def->result_end());
    else
      inputNeeded[llvm::cast<mlir::BlockArgument>(tensor).getArgNumber()] = true;
  }
  std::vector<TensorStatistics> outputStats(outputs.size());
  std::vector<bool> outputIsFloat(outputs.size());
  std::vector<TensorStatistics> inputStats(func.getNumArguments());
  ProbeSamples samples{options.data, options.samples};
  bool ran = runProbe(
      module, outputs.getArrayRef(), samples, "calibrating", compileForHost,
      [&](llvm::ArrayRef<runner::Tensor> sample, llvm::ArrayRef<ProbedTensor> probed) {
        // Only float inputs are quantized (getTensorsToCalibrate).
        for (auto [needs, stats, input] : llvm::zip_equal(inputNeeded, inputStats, sample))
          if (needs && input.elementType == QC_DTYPE_FLOAT32)
            stats.add(reinterpret_cast<const float *>(input.bytes.data()), input.elementCount());
        for (auto [k, tensor] : llvm::enumerate(probed)) {
          outputIsFloat[k] = tensor.values != nullptr;
          if (tensor.values)
            outputStats[k].add(tensor.values, tensor.count);
        }
      });
  if (!ran)
    return false;

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
  for (auto [index, needs] : llvm::enumerate(inputNeeded))
    if (needs)
      func.setArgAttr(index, mlir::qc::kRangeArgAttrName,
                      chooseFor(func.getArgument(index), inputStats[index]));
  llvm::MapVector<mlir::Operation *, llvm::SmallVector<mlir::Attribute>> ranges;
  for (auto [k, tensor] : llvm::enumerate(outputs)) {
    // A non-float result of the same op needs no range: an empty array.
    ranges[tensor.getDefiningOp()].push_back(
        outputIsFloat[k] ? chooseFor(tensor, outputStats[k]) : mlir::DenseF64ArrayAttr::get(context, {}));
  }
  for (auto &[op, attrs] : ranges)
    op->setAttr(mlir::qc::kRangesAttrName, mlir::ArrayAttr::get(context, attrs));
  return true;
}

} // namespace quantc
