//===- ImportQuantization.cpp - QDQ and QOperator ONNX ops ----------------===//
//
// Models quantized elsewhere (ONNX Runtime's quantizer, PyTorch QAT exports)
// arrive as QuantizeLinear/DequantizeLinear pairs or as QOperator ops. They are
// imported as they are; qc-convert-to-integer later puts them on the same
// integer path as quantc's own quantization.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "quantc/Dialect/QC/IR/QCOps.h"

namespace mlir::qc::onnx_import {
namespace {

/// The axis of a per-axis (scale, zero point) pair; per-tensor pairs ignore
/// the attribute, as ONNX does, and get 0.
FailureOr<int64_t> readQuantAxis(NodeImporter &n, unsigned dataIndex, unsigned scaleIndex) {
  RankedTensorType scale = n.getInputType(scaleIndex);
  if (scale.getNumElements() == 1 && scale.getRank() <= 1)
    return 0;
  if (n.getVersion() < 13)
    return n.error() << "per-axis scales need opset 13", failure();
  return n.normalizeAxis(n.getInt("axis", 1), n.getInputType(dataIndex).getRank());
}

LogicalResult importQuantizeLinear(NodeImporter &n) {
  FailureOr<int64_t> axis = readQuantAxis(n, 0, 1);
  if (failed(axis))
    return failure();
  // The zero point's type is the storage type; without one, uint8.
  Type storage = n.hasInput(2) ? n.getInputType(2).getElementType()
                               : n.getBuilder().getIntegerType(8, /*isSigned=*/false);
  return n.createWithElementType<QuantizeLinearOp>(storage, n.getInput(0), n.getInput(1),
                                                   n.getInput(2),
                                                   n.getBuilder().getI64IntegerAttr(*axis));
}

LogicalResult importDequantizeLinear(NodeImporter &n) {
  FailureOr<int64_t> axis = readQuantAxis(n, 0, 1);
  if (failed(axis))
    return failure();
  return n.createWithElementType<DequantizeLinearOp>(
      n.getInputType(1).getElementType(), n.getInput(0), n.getInput(1), n.getInput(2),
      n.getBuilder().getI64IntegerAttr(*axis));
}

LogicalResult importDynamicQuantizeLinear(NodeImporter &n) {
  OpBuilder &b = n.getBuilder();
  Type u8 = b.getIntegerType(8, /*isSigned=*/false);
  RankedTensorType input = n.getInputType(0);
  return n.createWithTypes<DynamicQuantizeLinearOp>(
      TypeRange{input.clone(u8), RankedTensorType::get({}, b.getF32Type()),
                RankedTensorType::get({}, u8)},
      n.getInput(0));
}

LogicalResult importQLinearConv(NodeImporter &n) {
  FailureOr<WindowAttributes> w = readConvWindow(n, 3);
  if (failed(w))
    return failure();
  OpBuilder &b = n.getBuilder();
  // The output zero point's type is the output's storage type.
  return n.createWithElementType<QLinearConvOp>(
      n.getInputType(7).getElementType(), n.getInput(0), n.getInput(1), n.getInput(2), n.getInput(3), n.getInput(4),
      n.getInput(5), n.getInput(6), n.getInput(7), n.getInput(8),
      b.getDenseI64ArrayAttr(w->strides), b.getDenseI64ArrayAttr(w->pads),
      b.getDenseI64ArrayAttr(w->dilations), b.getI64IntegerAttr(n.getInt("group", 1)));
}

LogicalResult importQLinearMatMul(NodeImporter &n) {
  return n.createWithElementType<QLinearMatMulOp>(
      n.getInputType(7).getElementType(), n.getInput(0), n.getInput(1), n.getInput(2),
      n.getInput(3), n.getInput(4), n.getInput(5), n.getInput(6), n.getInput(7));
}

LogicalResult importMatMulInteger(NodeImporter &n) {
  return n.createWithElementType<MatMulIntegerOp>(n.getBuilder().getI32Type(), n.getInput(0),
                                                  n.getInput(1), n.getInput(2), n.getInput(3));
}

LogicalResult importConvInteger(NodeImporter &n) {
  FailureOr<WindowAttributes> w = readConvWindow(n, 1);
  if (failed(w))
    return failure();
  OpBuilder &b = n.getBuilder();
  return n.createWithElementType<ConvIntegerOp>(
      b.getI32Type(), n.getInput(0), n.getInput(1), n.getInput(2), n.getInput(3),
      b.getDenseI64ArrayAttr(w->strides), b.getDenseI64ArrayAttr(w->pads),
      b.getDenseI64ArrayAttr(w->dilations), b.getI64IntegerAttr(n.getInt("group", 1)));
}

} // namespace

void appendQuantizationImportRules(std::vector<OpImportRule> &rules) {
  rules.insert(rules.end(), {
      {"QuantizeLinear", 10, importQuantizeLinear},
      {"DequantizeLinear", 10, importDequantizeLinear},
      {"DynamicQuantizeLinear", 11, importDynamicQuantizeLinear},
      {"QLinearConv", 10, importQLinearConv},
      {"QLinearMatMul", 10, importQLinearMatMul},
      {"MatMulInteger", 10, importMatMulInteger},
      {"ConvInteger", 10, importConvInteger},
  });
}

} // namespace mlir::qc::onnx_import
