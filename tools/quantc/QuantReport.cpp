//===- QuantReport.cpp - what quantization did to each layer --------------===//
//
// x_quant comes from a probe of the fake-quant graph, compiled by the same
// pipeline as the model itself: that pipeline turns the fake-quants into the
// integer graph (qc-convert-to-integer, qc-fold-scales) wherever its
// patterns apply, and a probed tensor is the dequantized value of the
// integer tensor there. The float model is cloned into the same function, so
// one library computes x_float and x_quant from each sample.
//
//===----------------------------------------------------------------------===//

#include "QuantReport.h"

#include "Driver.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCDialect.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/Transforms/Passes.h"
#include "quantc/Dialect/QC/Transforms/QuantPolicy.h"
#include "quantc/Runtime/ModelAPI.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <cmath>
#include <limits>

namespace quantc {

void ErrorEnergy::add(const float *reference, const float *measured, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    double difference = double(reference[i]) - double(measured[i]);
    signal += double(reference[i]) * reference[i];
    noise += difference * difference;
  }
  count += n;
}

double ErrorEnergy::sqnrDecibels() const {
  if (noise == 0)
    return std::numeric_limits<double>::infinity();
  return 10 * std::log10(signal / noise);
}

namespace {

mlir::func::FuncOp getOnlyFunction(mlir::ModuleOp module) {
  auto funcs = module.getOps<mlir::func::FuncOp>();
  return llvm::hasSingleElement(funcs) ? *funcs.begin() : nullptr;
}

/// The quantizer of `fakeQuant`; its scales and zero points are left empty
/// when they are not constants.
QuantizerSummary summarize(mlir::qc::FakeQuantOp fakeQuant) {
  mlir::qc::QuantizerSpecAttr spec = fakeQuant.getSpec();
  QuantizerSummary summary;
  summary.grid = mlir::qc::stringifyQuantGrid(spec.getGrid()).str();
  summary.bits = spec.getBits();
  summary.isSigned = spec.getIsSigned();
  summary.axis = spec.getAxis();
  if (fakeQuant.getScale())
    if (mlir::ElementsAttr scales = mlir::qc::getConstantElements(fakeQuant.getScale()))
      if (auto values = mlir::qc::getFloatValues(scales))
        summary.scales.assign(values->begin(), values->end());
  if (fakeQuant.getZeroPoint())
    if (mlir::ElementsAttr zeroPoints = mlir::qc::getConstantElements(fakeQuant.getZeroPoint()))
      if (auto values = mlir::qc::getIntegerValues(zeroPoints))
        summary.zeroPoints.assign(values->begin(), values->end());
  return summary;
}

/// `value`'s fake-quant when that is its only user.
mlir::qc::FakeQuantOp getOnlyFakeQuantUser(mlir::Value value) {
  if (!value.hasOneUse())
    return nullptr;
  return llvm::dyn_cast<mlir::qc::FakeQuantOp>(*value.getUsers().begin());
}

/// The fake-quant that quantizes a constant operand of `op`, if any.
mlir::qc::FakeQuantOp getWeightQuantizer(mlir::Operation *op) {
  for (mlir::Value operand : op->getOperands())
    if (auto fakeQuant = operand.getDefiningOp<mlir::qc::FakeQuantOp>())
      if (mlir::qc::getConstantElements(fakeQuant.getInput()))
        return fakeQuant;
  return nullptr;
}

/// The ops qc-fold-scales absorbs into the output range of the op before.
bool isAbsorbedActivation(mlir::Operation *op) {
  return llvm::isa<mlir::qc::ReluOp, mlir::qc::ClipOp>(op);
}

/// Bytes of every qc.constant in `module`, quantized types at their storage
/// width.
uint64_t countConstantBytes(mlir::ModuleOp module) {
  uint64_t bytes = 0;
  module.walk([&](mlir::qc::ConstantOp constant) {
    auto type = llvm::cast<mlir::ShapedType>(constant.getType());
    mlir::Type element = type.getElementType();
    unsigned bits = 0;
    if (auto quantized = llvm::dyn_cast<mlir::quant::QuantizedType>(element))
      bits = quantized.getStorageTypeIntegralWidth();
    else if (element.isIntOrFloat())
      bits = element.getIntOrFloatBitWidth();
    bytes += uint64_t(type.getNumElements()) * ((bits + 7) / 8);
  });
  return bytes;
}

/// The constant bytes of the integer graph the compile pipeline makes of the
/// fake-quant model `quantized` (its first passes, on a copy).
std::optional<uint64_t> countIntegerGraphBytes(mlir::ModuleOp quantized) {
  mlir::OwningOpRef<mlir::ModuleOp> integer = quantized.clone();
  mlir::PassManager pm(quantized.getContext());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addNestedPass<mlir::func::FuncOp>(mlir::qc::createConvertToInteger());
  pm.addNestedPass<mlir::func::FuncOp>(mlir::qc::createFoldScales());
  if (mlir::failed(pm.run(*integer)))
    return std::nullopt;
  return countConstantBytes(*integer);
}

/// A tensor compared on every sample: float reference and quantized value,
/// as indices into the probe's tensors, or for a graph input's quantizer
/// the sample's input itself (`referenceInput`, its argument number).
struct Comparison {
  std::optional<size_t> reference;
  size_t referenceInput;
  size_t measured;
  ErrorEnergy *energy;
};

} // namespace

bool buildQuantReport(mlir::ModuleOp floatModel, mlir::ModuleOp quantized,
                      const mlir::IRMapping &floatOf, const ProbeSamples &samples,
                      CompileForHostFn compileForHost, QuantReport &report) {
  mlir::func::FuncOp floatFunc = getOnlyFunction(floatModel);
  mlir::func::FuncOp quantFunc = getOnlyFunction(quantized);
  if (!floatFunc || !quantFunc) {
    reportError("the quantization report expects a model with one function");
    return false;
  }

  // The probe: the quantized function, with the float function's ops cloned
  // in before its return, reading the same arguments.
  mlir::IRMapping toProbe;
  mlir::OwningOpRef<mlir::ModuleOp> probe =
      llvm::cast<mlir::ModuleOp>(quantized->clone(toProbe));
  mlir::func::FuncOp probeFunc = getOnlyFunction(*probe);
  mlir::IRMapping floatToProbe;
  floatToProbe.map(floatFunc.getArguments(), probeFunc.getArguments());
  mlir::Operation *probeReturn = probeFunc.getBody().front().getTerminator();
  mlir::OpBuilder builder(probeReturn);
  for (mlir::Operation &op : floatFunc.getBody().front().without_terminator())
    builder.clone(op, floatToProbe);

  // The probe's extra outputs, each once, and what is compared on them.
  std::vector<mlir::Value> tensors;
  llvm::DenseMap<mlir::Value, size_t> tensorIndex;
  auto probeIndex = [&](mlir::Value tensor) {
    auto [entry, inserted] = tensorIndex.try_emplace(tensor, tensors.size());
    if (inserted)
      tensors.push_back(tensor);
    return entry->second;
  };
  std::vector<Comparison> comparisons;
  // `floatTensor` of the float model against `quantTensor` of the quantized
  // one; a graph input stands for the sample's value of that input.
  auto compare = [&](mlir::Value floatTensor, mlir::Value quantTensor, ErrorEnergy &energy) {
    Comparison comparison{std::nullopt, 0, probeIndex(toProbe.lookup(quantTensor)), &energy};
    if (auto input = llvm::dyn_cast<mlir::BlockArgument>(floatTensor))
      comparison.referenceInput = input.getArgNumber();
    else
      comparison.reference = probeIndex(floatToProbe.lookup(floatTensor));
    comparisons.push_back(comparison);
  };

  // Layers, in graph order; compared once `report.layers` stops growing
  // (the comparisons point into it).
  struct PendingComparison {
    mlir::Value floatTensor, quantTensor;
  };
  std::vector<PendingComparison> pending;
  mlir::Block &body = quantFunc.getBody().front();
  for (auto [index, argument] : llvm::enumerate(body.getArguments())) {
    mlir::qc::FakeQuantOp fakeQuant = getOnlyFakeQuantUser(argument);
    if (!fakeQuant)
      continue;
    LayerReport layer;
    auto name = quantFunc.getArgAttrOfType<mlir::StringAttr>(index, "qc.name");
    layer.node = name ? name.str() : std::to_string(index);
    layer.op = "input";
    layer.output = summarize(fakeQuant);
    report.layers.push_back(layer);
    pending.push_back({floatFunc.getArgument(index), fakeQuant.getResult()});
  }
  llvm::DenseSet<mlir::Operation *> absorbed;
  for (mlir::Operation &op : body.without_terminator()) {
    if (llvm::isa<mlir::qc::FakeQuantOp, mlir::qc::ConstantOp>(op) || absorbed.contains(&op))
      continue;
    mlir::qc::FakeQuantOp weights = getWeightQuantizer(&op);
    if (!weights && !op.hasAttr(mlir::qc::kRangesAttrName))
      continue;
    LayerReport layer;
    layer.node = mlir::qc::getONNXNodeName(op.getLoc());
    layer.op = op.getName().stripDialect().str();
    if (weights)
      layer.weights = summarize(weights);
    for (mlir::Value operand : op.getOperands())
      if (auto input = operand.getDefiningOp<mlir::qc::FakeQuantOp>(); input && input != weights)
        layer.inputs.push_back(summarize(input));
    mlir::Operation *last = &op;
    while (last->getNumResults() == 1 && last->getResult(0).hasOneUse() &&
           isAbsorbedActivation(*last->getUsers().begin())) {
      last = *last->getUsers().begin();
      absorbed.insert(last);
      layer.absorbed.push_back(
          {mlir::qc::getONNXNodeName(last->getLoc()), last->getName().stripDialect().str()});
    }
    // Only ops with one result are quantized (qc-insert-fake-quant).
    if (last->getNumResults() != 1)
      continue;
    mlir::Value output = last->getResult(0);
    mlir::qc::FakeQuantOp outputQuant = getOnlyFakeQuantUser(output);
    if (outputQuant)
      layer.output = summarize(outputQuant);
    report.layers.push_back(layer);
    pending.push_back({floatOf.lookup(output), outputQuant ? outputQuant.getResult() : output});
  }
  for (auto [layer, tensor] : llvm::zip_equal(report.layers, pending))
    compare(tensor.floatTensor, tensor.quantTensor, layer.error);

  mlir::Operation *floatReturn = floatFunc.getBody().front().getTerminator();
  mlir::Operation *quantReturn = body.getTerminator();
  for (unsigned i = 0; i < quantReturn->getNumOperands(); ++i) {
    auto name = quantFunc.getResultAttrOfType<mlir::StringAttr>(i, "qc.name");
    report.outputs.push_back({name ? name.str() : std::to_string(i), {}});
  }
  for (auto [i, output] : llvm::enumerate(report.outputs))
    compare(floatReturn->getOperand(i), quantReturn->getOperand(i), output.error);

  bool ran = runProbe(
      *probe, tensors, samples, "measuring SQNR", compileForHost,
      [&](llvm::ArrayRef<runner::Tensor> sample, llvm::ArrayRef<ProbedTensor> probed) {
        ++report.samples;
        for (const Comparison &comparison : comparisons) {
          const ProbedTensor &measured = probed[comparison.measured];
          ProbedTensor reference;
          if (comparison.reference) {
            reference = probed[*comparison.reference];
          } else if (const runner::Tensor &input = sample[comparison.referenceInput];
                     input.elementType == QC_DTYPE_FLOAT32) {
            reference = {reinterpret_cast<const float *>(input.bytes.data()),
                         input.elementCount()};
          }
          if (measured.values && reference.values && measured.count == reference.count)
            comparison.energy->add(reference.values, measured.values, measured.count);
        }
      });
  if (!ran)
    return false;

  report.floatWeightBytes = countConstantBytes(floatModel);
  std::optional<uint64_t> integerBytes = countIntegerGraphBytes(quantized);
  if (!integerBytes)
    return false;
  report.quantizedWeightBytes = *integerBytes;
  return true;
}

namespace {

/// "u8", "s8": the storage of a quantizer's codes.
std::string formatBits(const QuantizerSummary &quantizer) {
  return (quantizer.isSigned ? "s" : "u") + std::to_string(quantizer.bits);
}

std::string formatNumber(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.4g", value);
  return text;
}
std::string formatNumber(int64_t value) { return std::to_string(value); }

/// One value, or "n: min..max" for per-channel arrays.
template <typename T>
std::string formatValues(const std::vector<T> &values) {
  if (values.empty())
    return "-";
  if (values.size() == 1)
    return formatNumber(values.front());
  auto [min, max] = std::minmax_element(values.begin(), values.end());
  return std::to_string(values.size()) + ": " + formatNumber(*min) + ".." + formatNumber(*max);
}

std::string formatSQNR(const ErrorEnergy &error) {
  if (error.count == 0)
    return "-";
  double sqnr = error.sqnrDecibels();
  return std::isinf(sqnr) ? "inf" : llvm::formatv("{0:f1}", sqnr).str();
}

/// A weight grid without a zero point stores 0 for every channel.
std::string formatZeroPoints(const QuantizerSummary &quantizer) {
  return quantizer.zeroPoints.empty() ? "0" : formatValues(quantizer.zeroPoints);
}

} // namespace

void printQuantReport(const QuantReport &report, llvm::raw_ostream &os) {
  std::vector<std::vector<std::string>> rows = {
      {"node", "op", "bits w/a", "w scales", "w zp", "a scale", "a zp", "SQNR dB"}};
  for (const LayerReport &layer : report.layers) {
    std::string op = layer.op;
    for (const LayerReport::AbsorbedNode &absorbed : layer.absorbed)
      op += "+" + absorbed.op;
    std::string bits = (layer.weights ? formatBits(*layer.weights) : "-") + "/" +
                       (layer.output ? formatBits(*layer.output) : "f32");
    rows.push_back({layer.node, op, bits,
                    layer.weights ? formatValues(layer.weights->scales) : "-",
                    layer.weights ? formatZeroPoints(*layer.weights) : "-",
                    layer.output ? formatValues(layer.output->scales) : "-",
                    layer.output ? formatValues(layer.output->zeroPoints) : "-",
                    formatSQNR(layer.error)});
  }
  std::vector<size_t> widths(rows.front().size(), 0);
  for (const auto &row : rows)
    for (auto [width, cell] : llvm::zip_equal(widths, row))
      width = std::max(width, cell.size());
  os << "quantization report (" << report.samples << " calibration samples; SQNR of each "
     << "layer's quantized output against float)\n";
  for (const auto &row : rows) {
    for (auto [column, cell] : llvm::enumerate(row)) {
      bool last = column + 1 == row.size();
      std::string padding(widths[column] - cell.size(), ' ');
      os << (column ? "  " : "");
      // Names left-aligned, numbers right-aligned.
      if (column < 2)
        os << cell << (last ? "" : padding);
      else
        os << padding << cell;
    }
    os << "\n";
  }
  for (const OutputReport &output : report.outputs)
    os << "model output '" << output.name << "': SQNR " << formatSQNR(output.error) << " dB\n";
  os << "weights: " << report.floatWeightBytes << " bytes float, " << report.quantizedWeightBytes
     << " bytes quantized ("
     << llvm::format("%.2f", double(report.floatWeightBytes) /
                                 double(std::max<uint64_t>(report.quantizedWeightBytes, 1)))
     << "x smaller)";
  if (report.libraryBytes)
    os << "; shared library " << *report.libraryBytes << " bytes";
  os << "\n";
}

namespace {

llvm::json::Value toJSON(const QuantizerSummary &quantizer) {
  return llvm::json::Object{
      {"grid", quantizer.grid},
      {"bits", quantizer.bits},
      {"signed", quantizer.isSigned},
      {"axis", quantizer.axis},
      {"scales", llvm::json::Array(quantizer.scales)},
      {"zero_points", llvm::json::Array(quantizer.zeroPoints)},
  };
}

template <typename T>
llvm::json::Value toJSON(const std::optional<T> &value) {
  return value ? toJSON(*value) : llvm::json::Value(nullptr);
}

/// The SQNR in dB; null when the quantized tensor equals the float one
/// (infinite SQNR) or nothing was compared.
llvm::json::Value sqnrToJSON(const ErrorEnergy &error) {
  double sqnr = error.sqnrDecibels();
  if (error.count == 0 || std::isinf(sqnr))
    return nullptr;
  return sqnr;
}

} // namespace

void writeQuantReportJSON(const QuantReport &report, llvm::raw_ostream &os) {
  llvm::json::Array layers;
  for (const LayerReport &layer : report.layers) {
    llvm::json::Array absorbed, inputs;
    for (const LayerReport::AbsorbedNode &node : layer.absorbed)
      absorbed.push_back(llvm::json::Object{{"node", node.node}, {"op", node.op}});
    for (const QuantizerSummary &input : layer.inputs)
      inputs.push_back(toJSON(input));
    layers.push_back(llvm::json::Object{
        {"node", layer.node},
        {"op", layer.op},
        {"absorbed", std::move(absorbed)},
        {"weights", toJSON(layer.weights)},
        {"inputs", std::move(inputs)},
        {"output", toJSON(layer.output)},
        {"compared_values", layer.error.count},
        {"sqnr_db", sqnrToJSON(layer.error)},
    });
  }
  llvm::json::Array outputs;
  for (const OutputReport &output : report.outputs)
    outputs.push_back(llvm::json::Object{{"name", output.name},
                                         {"compared_values", output.error.count},
                                         {"sqnr_db", sqnrToJSON(output.error)}});
  llvm::json::Object size{
      {"float_weight_bytes", report.floatWeightBytes},
      {"quantized_weight_bytes", report.quantizedWeightBytes},
      {"library_bytes", report.libraryBytes ? llvm::json::Value(*report.libraryBytes)
                                            : llvm::json::Value(nullptr)},
  };
  llvm::json::Object document{
      {"samples", report.samples},
      {"layers", std::move(layers)},
      {"outputs", std::move(outputs)},
      {"size", std::move(size)},
  };
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(document))) << "\n";
}

} // namespace quantc
