//===- QuantTypeHelpers.h - !quant.uniform tensors in qc --------*- C++ -*-===//
//
// The integer graph types activations and weights with upstream's
// !quant.uniform; these helpers read the grid back out of a tensor type and
// give the storage type qc's ONNX ops use for the same codes (ui8 for unsigned
// codes, as the importer types ONNX uint8, i8 for signed ones).
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_QUANTTYPEHELPERS_H
#define QUANTC_DIALECT_QC_IR_QUANTTYPEHELPERS_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::qc {

/// The per-tensor grid of a tensor-typed value's elements, or null.
quant::UniformQuantizedType getPerTensorQuantType(Type tensorType);

/// The per-axis grid of a tensor-typed value's elements, or null.
quant::UniformQuantizedPerAxisType getPerAxisQuantType(Type tensorType);

/// The integer type holding `type`'s codes: ui<N> for unsigned storage, i<N>
/// for signed storage.
IntegerType getStorageElementType(quant::QuantizedType type);

/// `type` with a quantized element type replaced by its storage type; other
/// types unchanged.
Type stripQuantType(Type type);

/// The scales of `type` (one for per-tensor, one per channel for per-axis),
/// empty for other types.
SmallVector<double> getQuantScales(Type tensorType);

/// The zero points of `type`, parallel to getQuantScales.
SmallVector<int64_t> getQuantZeroPoints(Type tensorType);

} // namespace mlir::qc

#endif // QUANTC_DIALECT_QC_IR_QUANTTYPEHELPERS_H
