//===- QuantReport.h - what quantization did to each layer ------*- C++ -*-===//
//
// `quantc compile --quant=w8a8 --report=FILE`: per layer, the quantizers of
// its weights and output (bits, scales, zero points) and the SQNR of its
// output against the float model on the calibration samples; the SQNR of
// each model output; the weight bytes before and after. Printed as a table
// and written as JSON (schema in docs/tools.md).
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TOOLS_QUANTC_QUANTREPORT_H
#define QUANTC_TOOLS_QUANTC_QUANTREPORT_H

#include "Probe.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace quantc {

/// One qc.fake_quant with constant parameters.
struct QuantizerSummary {
  std::string grid; // #qc.quantizer's grid: affine, symmetric_narrow, ...
  unsigned bits = 0;
  bool isSigned = true;
  int64_t axis = -1; // -1: per tensor
  std::vector<double> scales;
  /// Empty for grids without a zero point (symmetric_narrow: 0).
  std::vector<int64_t> zeroPoints;
};

/// Σ x_float² and Σ (x_float - x_quant)² over every element of a tensor on
/// every sample.
struct ErrorEnergy {
  double signal = 0;
  double noise = 0;
  uint64_t count = 0;

  void add(const float *reference, const float *measured, size_t n);
  /// 10 log10(signal / noise); +inf when there is no noise.
  double sqnrDecibels() const;
};

/// A quantized node: a Conv/Gemm/MatMul with quantized weights, or a node
/// whose output has its own calibrated range, with the Relu/Clip after it
/// that qc-fold-scales absorbs into its output range; or the graph input.
struct LayerReport {
  std::string node;                 // the ONNX node (its op's location)
  std::string op;                   // conv, gemm, relu, ..., input
  struct AbsorbedNode {
    std::string node, op;
  };
  std::vector<AbsorbedNode> absorbed; // the Relu/Clip nodes after it
  std::optional<QuantizerSummary> weights;
  std::vector<QuantizerSummary> inputs; // fake-quantized activation operands
  std::optional<QuantizerSummary> output;
  ErrorEnergy error; // at the output's fake-quant (the last absorbed node without one)
};

struct OutputReport {
  std::string name;
  ErrorEnergy error;
};

struct QuantReport {
  size_t samples = 0;
  std::vector<LayerReport> layers;
  std::vector<OutputReport> outputs;
  /// Bytes of every constant of the float model (after BatchNormalization
  /// folding) and of the integer graph qc-convert-to-integer and
  /// qc-fold-scales make of the quantized one.
  uint64_t floatWeightBytes = 0;
  uint64_t quantizedWeightBytes = 0;
  /// The shared library written, when --emit=so.
  std::optional<uint64_t> libraryBytes;
};

/// Fills `report` for `quantized`, which is `floatModel` after
/// qc-insert-fake-quant (`floatOf` maps its values to `floatModel`'s, as
/// Operation::clone filled it before the pass): runs both on the samples in
/// one probe and compares each layer's output. False after reporting.
bool buildQuantReport(mlir::ModuleOp floatModel, mlir::ModuleOp quantized,
                      const mlir::IRMapping &floatOf, const ProbeSamples &samples,
                      CompileForHostFn compileForHost, QuantReport &report);

/// The table `quantc compile --report` prints.
void printQuantReport(const QuantReport &report, llvm::raw_ostream &os);

/// The JSON document of docs/tools.md, "Quantization report".
void writeQuantReportJSON(const QuantReport &report, llvm::raw_ostream &os);

} // namespace quantc

#endif // QUANTC_TOOLS_QUANTC_QUANTREPORT_H
