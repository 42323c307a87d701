//===- NodeImporter.h - what an op handler sees of one node -----*- C++ -*-===//
//
// The importer walks the graph in topological order and hands each node to
// the handler its op type maps to. A handler reads inputs and attributes
// through NodeImporter (which knows the opset's defaults only through the
// values the handler passes), builds qc ops, and binds the node's outputs.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_LIB_IMPORT_ONNX_NODEIMPORTER_H
#define QUANTC_LIB_IMPORT_ONNX_NODEIMPORTER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"

#include <onnx/onnx_pb.h>

#include <vector>

namespace mlir::qc::onnx_import {

/// The importer's state shared by all nodes of one graph.
struct GraphState {
  MLIRContext *context;
  OpBuilder builder;
  int64_t opset;
  /// The IR value of every ONNX value name defined so far.
  llvm::StringMap<Value> values;
  /// How many node inputs and graph outputs refer to each value name.
  llvm::StringMap<int> useCounts;
};

/// The MLIR element type of an ONNX TensorProto data type, or null.
Type convertElementType(int32_t onnxType, MLIRContext *context);

/// The constant payload of an ONNX tensor, or failure with `error` set to a
/// predicate for the caller to put after its own name for the tensor
/// ("has 3 values, its shape needs 6").
FailureOr<ElementsAttr> convertTensor(const onnx::TensorProto &tensor,
                                      MLIRContext *context, std::string &error);

class NodeImporter {
public:
  NodeImporter(GraphState &graph, const onnx::NodeProto &node, int version, Location loc)
      : graph(graph), node(node), version(version), loc(loc), builder(graph.builder) {}

  /// The schema version of the op (since_version at the model's opset).
  int getVersion() const { return version; }
  const onnx::NodeProto &getNode() const { return node; }
  Location getLoc() const { return loc; }
  MLIRContext *getContext() const { return graph.context; }
  OpBuilder &getBuilder() { return builder; }

  /// An error prefixed with the node, its op type and the model's opset.
  InFlightDiagnostic error();

  // Inputs. ONNX marks an omitted optional input with an empty name.
  bool hasInput(unsigned i) const;
  Value getInput(unsigned i) const;
  RankedTensorType getInputType(unsigned i) const;
  /// The payload of input i if it is a constant (initializer or folded), else null.
  ElementsAttr getConstantInput(unsigned i) const;
  /// Input i as constant integers, or an error naming `what`.
  FailureOr<SmallVector<int64_t>> getConstantInts(unsigned i, StringRef what);
  /// Input i as constant floats, or an error naming `what`.
  FailureOr<SmallVector<double>> getConstantFloats(unsigned i, StringRef what);

  // Outputs.
  bool isOutputUsed(unsigned i) const;
  void setOutput(unsigned i, Value value);
  /// Rejects the node if output i (optional in ONNX) is consumed.
  LogicalResult requireOutputUnused(unsigned i, StringRef what);

  // Attributes: the handler passes the default of the node's opset.
  const onnx::AttributeProto *getAttribute(StringRef name) const;
  int64_t getInt(StringRef name, int64_t defaultValue) const;
  float getFloat(StringRef name, float defaultValue) const;
  std::string getString(StringRef name, StringRef defaultValue) const;
  SmallVector<int64_t> getInts(StringRef name, ArrayRef<int64_t> defaultValue = {}) const;

  /// Builds a qc.constant.
  Value createConstant(RankedTensorType type, ElementsAttr value);
  /// Builds a rank-0 qc.constant of a float or integer element type.
  Value createScalarConstant(Type elementType, double value);

  // Creating ops. quantc infers shapes itself (qc's ShapeInferenceOpInterface)
  // rather than trusting libonnx's shape inference with hostile models.

  /// Creates OpTy whose result has the element type of its first operand
  /// (ONNX's type variable T) and binds it to output 0; see finishOp.
  template <typename OpTy, typename... Args>
  LogicalResult create(Value first, Args &&...args) {
    return createWithElementType<OpTy>(cast<RankedTensorType>(first.getType()).getElementType(),
                                       first, std::forward<Args>(args)...);
  }

  /// Creates OpTy whose result has `elementType`; its shape is inferred, or
  /// for elementwise ops is the first operand's.
  template <typename OpTy, typename... Args>
  LogicalResult createWithElementType(Type elementType, Args &&...args) {
    auto placeholder = RankedTensorType::get({}, elementType);
    auto op = OpTy::create(builder, loc, placeholder, std::forward<Args>(args)...);
    return finishOp(op, /*inferShape=*/true);
  }

  /// Creates OpTy with result types the handler computed (Reshape, Cast, ...).
  template <typename OpTy, typename... Args>
  LogicalResult createWithTypes(TypeRange types, Args &&...args) {
    auto op = OpTy::create(builder, loc, types, std::forward<Args>(args)...);
    return finishOp(op, /*inferShape=*/false);
  }

  /// Infers the result shape (if asked), verifies the op, folds it when all
  /// its operands are constants, and binds its results to the node's outputs.
  /// Errors from inference or verification are reported against the node.
  LogicalResult finishOp(Operation *op, bool inferShape);

  /// Fails with an error unless every entry of `values` (a shape-like
  /// attribute named `what`) lies in [-2^31, 2^31]: larger ones could only
  /// overflow the shape arithmetic.
  LogicalResult checkShapeLikeValues(ArrayRef<int64_t> values, StringRef what);

  /// Normalizes an axis against `rank` (negative counts from the end), or an
  /// error if it is out of range.
  FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank, StringRef what = "axis");

private:
  GraphState &graph;
  const onnx::NodeProto &node;
  int version;
  Location loc;
  OpBuilder &builder;
};

/// The window of a Conv or pool node with auto_pad resolved into explicit pads.
struct WindowAttributes {
  SmallVector<int64_t> kernel, strides, pads, dilations;
};

/// The window of a convolution whose weight is input `weightIndex` (the
/// kernel is the weight's spatial shape), with auto_pad resolved against
/// input 0.
FailureOr<WindowAttributes> readConvWindow(NodeImporter &n, unsigned weightIndex);

/// The window of a pooling node (the kernel is the kernel_shape attribute).
FailureOr<WindowAttributes> readPoolWindow(NodeImporter &n);

using ImportHandler = LogicalResult (*)(NodeImporter &);

/// One row of the dispatch table: ops of `opType` whose schema version is at
/// least `minVersion` go to `handler`. Versions between the opsets quantc
/// supports where semantics changed are told apart inside the handler.
struct OpImportRule {
  const char *opType;
  int minVersion;
  ImportHandler handler;
};

// The rows each handler file contributes.
void appendElementwiseImportRules(std::vector<OpImportRule> &rules);
void appendNeuralNetImportRules(std::vector<OpImportRule> &rules);
void appendTensorImportRules(std::vector<OpImportRule> &rules);
void appendQuantizationImportRules(std::vector<OpImportRule> &rules);

} // namespace mlir::qc::onnx_import

#endif // QUANTC_LIB_IMPORT_ONNX_NODEIMPORTER_H
