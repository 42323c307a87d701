//===- QuantPolicy.h - what qc-insert-fake-quant quantizes, and how -*- C++ -*-===//
//
// The interface between calibration and qc-insert-fake-quant, and the
// per-node policy both read (docs/quantization.md, "Policy"):
//
// - the calibrated range of a tensor is the discardable attribute
//   `qc.ranges` on its defining op, one `array<f64: min, max>` per result,
//   and the argument attribute `qc.range = array<f64: min, max>` for a graph
//   input;
// - a JSON policy file overrides, per ONNX node name, the weight bits and
//   granularity, the calibration method of the node's outputs, and whether
//   the node stays in float.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_TRANSFORMS_QUANTPOLICY_H
#define QUANTC_DIALECT_QC_TRANSFORMS_QUANTPOLICY_H

#include "quantc/Calibration/Calibration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>

namespace mlir::qc {

/// `qc.ranges` on an op, `qc.range` on a function argument.
constexpr llvm::StringLiteral kRangesAttrName = "qc.ranges";
constexpr llvm::StringLiteral kRangeArgAttrName = "qc.range";

enum class WeightGranularity { PerTensor, PerChannel, PerGroup };

/// One node's entry of the policy file; unset fields keep the defaults.
struct NodeQuantPolicy {
  std::optional<unsigned> bits;
  std::optional<WeightGranularity> granularity;
  std::optional<int64_t> groupSize;
  std::optional<quantc::calibration::Method> calibration;
  bool keepFloat = false;
};

/// The parsed policy file, by ONNX node name.
struct QuantPolicy {
  llvm::StringMap<NodeQuantPolicy> nodes;
};

/// Parses a policy file's text. `fileName` prefixes the error messages,
/// which name the offending node and key.
std::optional<QuantPolicy> parseQuantPolicy(llvm::StringRef text, llvm::StringRef fileName,
                                            std::string &error);

/// Reads and parses the policy file at `path`; an empty path is the empty
/// policy.
std::optional<QuantPolicy> readQuantPolicyFile(llvm::StringRef path, std::string &error);

/// The tensors of `func` whose calibrated ranges qc-insert-fake-quant reads,
/// in program order (graph inputs are block arguments), with the decisions
/// of `keepFloat` (the --keep-float list: first, last, node names) and
/// `policy`. Fails, after an error naming the node, if a name in either
/// names no node of `func` or the policy asks what a node cannot do.
FailureOr<SmallVector<Value>> getTensorsToCalibrate(func::FuncOp func,
                                                    ArrayRef<std::string> keepFloat,
                                                    const QuantPolicy &policy);

/// The names an op answers to in the policy file and --keep-float: its ONNX
/// node name and, for an op that rewrites merged from several nodes (a Conv
/// with the BatchNormalization folded into it), each of theirs.
SmallVector<std::string> getPolicyNodeNames(Operation *op);

/// The policy entry of `op` under any of its names, or null.
const NodeQuantPolicy *findNodePolicy(const QuantPolicy &policy, Operation *op);

} // namespace mlir::qc

#endif // QUANTC_DIALECT_QC_TRANSFORMS_QUANTPOLICY_H
