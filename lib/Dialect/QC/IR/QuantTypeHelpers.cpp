//===- QuantTypeHelpers.cpp - !quant.uniform tensors in qc ----------------===//

#include "quantc/Dialect/QC/IR/QuantTypeHelpers.h"

using namespace mlir;

static Type elementTypeOf(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    return shaped.getElementType();
  return type;
}

quant::UniformQuantizedType mlir::qc::getPerTensorQuantType(Type tensorType) {
  return dyn_cast<quant::UniformQuantizedType>(elementTypeOf(tensorType));
}

quant::UniformQuantizedPerAxisType mlir::qc::getPerAxisQuantType(Type tensorType) {
  return dyn_cast<quant::UniformQuantizedPerAxisType>(elementTypeOf(tensorType));
}

IntegerType mlir::qc::getStorageElementType(quant::QuantizedType type) {
  return IntegerType::get(type.getContext(), type.getStorageTypeIntegralWidth(),
                          type.isSigned() ? IntegerType::Signless : IntegerType::Unsigned);
}

Type mlir::qc::stripQuantType(Type type) {
  auto quantized = dyn_cast<quant::QuantizedType>(elementTypeOf(type));
  if (!quantized)
    return type;
  if (auto shaped = dyn_cast<ShapedType>(type))
    return shaped.clone(getStorageElementType(quantized));
  return getStorageElementType(quantized);
}

SmallVector<double> mlir::qc::getQuantScales(Type tensorType) {
  if (auto perTensor = getPerTensorQuantType(tensorType))
    return {perTensor.getScale()};
  if (auto perAxis = getPerAxisQuantType(tensorType))
    return SmallVector<double>(perAxis.getScales());
  return {};
}

SmallVector<int64_t> mlir::qc::getQuantZeroPoints(Type tensorType) {
  if (auto perTensor = getPerTensorQuantType(tensorType))
    return {perTensor.getZeroPoint()};
  if (auto perAxis = getPerAxisQuantType(tensorType))
    return SmallVector<int64_t>(perAxis.getZeroPoints());
  return {};
}
