//===- LinalgBuilders.h - shared helpers of convert-qc-to-linalg -*- C++ -*-===//

#ifndef QUANTC_LIB_CONVERSION_QCTOLINALG_LINALGBUILDERS_H
#define QUANTC_LIB_CONVERSION_QCTOLINALG_LINALGBUILDERS_H

#include "quantc/Dialect/QC/IR/QCAttrs.h"

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

/// `scalar`, an integer of any signedness, as a signless integer of the
/// wider `type`: zero-extended if unsigned, sign-extended otherwise.
Value createIntegerExtension(OpBuilder &b, Location loc, Value scalar, IntegerType type);

/// `scalar`, an integer of any signedness or a float, as a float of `type`
/// (integers converted by their signedness, floats extended or truncated).
Value createFloatConversion(OpBuilder &b, Location loc, Value scalar, FloatType type);

//===----------------------------------------------------------------------===//
// Quantization arithmetic: the one definition that QuantizeLinear,
// DequantizeLinear, DynamicQuantizeLinear and fake_quant lower through.
//===----------------------------------------------------------------------===//

/// The float `x` rounded to an integral value of its type by `mode`.
Value createRounding(OpBuilder &b, Location loc, Value x, RoundingMode mode);

/// The integer code of the float `x` on an affine grid:
///   clamp(round(x / scale) + zeroPoint, qmin, qmax)
/// as a scalar of `codeType` (an integer of any signedness wide enough for
/// [qmin, qmax]). x / scale is a division in x's type, as ONNX computes it
/// (not a multiplication by 1 / scale), and it saturates, never wraps.
/// `zeroPoint` is an integer scalar of any signedness, or null for 0.
Value createQuantize(OpBuilder &b, Location loc, Value x, Value scale, Value zeroPoint,
                     int64_t qmin, int64_t qmax, RoundingMode mode, Type codeType);

/// The value of the integer `code` on an affine grid,
///   (code - zeroPoint) * scale,
/// computed as ONNX's DequantizeLinear does: code and zero point converted
/// to float32 (or to scale's type if wider), subtracted, multiplied, and the
/// result converted to `resultType`. `zeroPoint` may be null for 0.
Value createDequantize(OpBuilder &b, Location loc, Value code, Value scale, Value zeroPoint,
                       FloatType resultType);

//===----------------------------------------------------------------------===//
// Contractions (ContractionsToLinalg.cpp), shared with the integer ones
//===----------------------------------------------------------------------===//

/// numpy.matmul of `lhs` and `rhs` (both of rank >= 2, batch dimensions
/// broadcast) into a zero-filled `type`, in float or signless-integer
/// arithmetic by the element type.
Value buildMatMul(OpBuilder &b, Location loc, RankedTensorType type, Value lhs, Value rhs);

/// The grouped convolution
///   out[n, m, o...] = bias[m] + sum_{c, k...}
///     in[n, (m floordiv M/G) * C/G + c, o * s + k * d] * w[m, c, k...]
/// of `input` with `low` and `high` zeros (or `padValue`s, a scalar of the
/// input's element type, when given) around its spatial dimensions, in float
/// or signless-integer arithmetic by the element type; `bias` may be null.
Value buildConvolution(OpBuilder &b, Location loc, RankedTensorType type, Value input,
                       Value weight, Value bias, ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                       ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations, int64_t group,
                       Value padValue = {});

} // namespace mlir::qc

#endif // QUANTC_LIB_CONVERSION_QCTOLINALG_LINALGBUILDERS_H
