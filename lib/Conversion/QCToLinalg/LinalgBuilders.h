//===- LinalgBuilders.h - shared helpers of convert-qc-to-linalg -*- C++ -*-===//

#ifndef QUANTC_LIB_CONVERSION_QCTOLINALG_LINALGBUILDERS_H
#define QUANTC_LIB_CONVERSION_QCTOLINALG_LINALGBUILDERS_H

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::qc {

/// The map from the loop nest over `resultShape` to the elements of an
/// operand of `operandShape` under numpy broadcasting: trailing dimensions
/// align, and an operand dimension of size 1 against a larger one reads 0.
AffineMap getBroadcastMap(ArrayRef<int64_t> operandShape, ArrayRef<int64_t> resultShape,
                          MLIRContext *context);

/// A linalg.generic with parallel loops over `resultType`, into a fresh
/// tensor.empty, reading `inputs` through `inputMaps`; `body` gets one scalar
/// per input and returns the result element.
Value buildParallelGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                           ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                           function_ref<Value(OpBuilder &, Location, ValueRange)> body);

/// `input` viewed with `resultType`'s shape (same element count), by a
/// tensor.reshape with a constant shape.
Value reshapeTo(OpBuilder &b, Location loc, Value input, RankedTensorType resultType);

/// A scalar of a signed or unsigned integer type (ONNX uint8, ...) as the
/// signless integer of its width, which arith computes on; other scalars
/// unchanged. Tensors keep their element types, and the casts in between are
/// unrealized_conversion_casts that the LLVM lowering (where integers lose
/// their signedness) folds away, as upstream's TOSA lowering does for
/// unsigned rescales.
Value castToSignless(OpBuilder &b, Location loc, Value scalar);

/// The inverse of castToSignless: `scalar` as `type`.
Value castFromSignless(OpBuilder &b, Location loc, Value scalar, Type type);

/// An arith.constant scalar of `type` (float or integer of any signedness)
/// holding `value`.
Value createScalarConstant(OpBuilder &b, Location loc, Type type, double value);

/// The lowest value of `type`, where a maximum starts: -inf for floats, the
/// minimum of integers of either signedness.
Value createLowestScalar(OpBuilder &b, Location loc, Type type);

/// max(lhs, rhs) of two scalars of one type: NaN-propagating for floats,
/// compared by the signedness of integer types.
Value createMaximum(OpBuilder &b, Location loc, Value lhs, Value rhs);

// The contractions of ContractionsToLinalg.cpp, shared with the integer ops.

/// init + sum of lhs * rhs over the reduction loops; integer operands are
/// extended (by their signedness) to the accumulator's type.
Value buildContraction(OpBuilder &b, Location loc, RankedTensorType type, Value lhs, Value rhs,
                       Value init, ArrayRef<AffineMap> maps,
                       ArrayRef<utils::IteratorType> iterators);

/// The grouped convolution
///   out[n, m, o...] = bias[m] + sum_{c, k...}
///     in[n, (m floordiv M/G) * C/G + c, o * s + k * d] * w[m, c, k...]
/// of `input` padded with `low` and `high` elements of `padValue` (zero when
/// null) around its spatial dimensions.
Value buildConvolution(OpBuilder &b, Location loc, RankedTensorType type, Value input,
                       Value weight, Value bias, ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                       ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations, int64_t group,
                       Value padValue = {});

} // namespace mlir::qc

#endif // QUANTC_LIB_CONVERSION_QCTOLINALG_LINALGBUILDERS_H
