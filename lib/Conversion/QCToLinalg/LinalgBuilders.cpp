//===- LinalgBuilders.cpp - shared helpers of convert-qc-to-linalg --------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>

namespace mlir::qc {

AffineMap getBroadcastMap(ArrayRef<int64_t> operandShape, ArrayRef<int64_t> resultShape,
                          MLIRContext *context) {
  int64_t offset = static_cast<int64_t>(resultShape.size() - operandShape.size());
  SmallVector<AffineExpr> exprs;
  for (auto [i, dim] : llvm::enumerate(operandShape)) {
    int64_t resultDim = offset + static_cast<int64_t>(i);
    exprs.push_back(dim == 1 && resultShape[resultDim] != 1
                        ? getAffineConstantExpr(0, context)
                        : getAffineDimExpr(resultDim, context));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, context);
}

Value buildParallelGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                           ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                           function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, body(nb, nloc, args.drop_back()));
             })
      .getResult(0);
}

Value reshapeTo(OpBuilder &b, Location loc, Value input, RankedTensorType resultType) {
  if (input.getType() == resultType)
    return input;
  auto shapeType = RankedTensorType::get({resultType.getRank()}, b.getI64Type());
  Value shape = arith::ConstantOp::create(
      b, loc, DenseIntElementsAttr::get(shapeType, resultType.getShape()));
  return tensor::ReshapeOp::create(b, loc, resultType, input, shape);
}

Value castToSignless(OpBuilder &b, Location loc, Value scalar) {
  auto type = dyn_cast<IntegerType>(scalar.getType());
  if (!type || type.isSignless())
    return scalar;
  return UnrealizedConversionCastOp::create(b, loc, b.getIntegerType(type.getWidth()), scalar)
      .getResult(0);
}

Value castFromSignless(OpBuilder &b, Location loc, Value scalar, Type type) {
  if (scalar.getType() == type)
    return scalar;
  return UnrealizedConversionCastOp::create(b, loc, type, scalar).getResult(0);
}

Value createScalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (isa<FloatType>(type))
    return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
  IntegerType signless = b.getIntegerType(type.getIntOrFloatBitWidth());
  bool isUnsigned = cast<IntegerType>(type).isUnsigned();
  uint64_t raw = isUnsigned ? static_cast<uint64_t>(value)
                            : static_cast<uint64_t>(static_cast<int64_t>(value));
  APInt bits(signless.getWidth(), raw, /*isSigned=*/!isUnsigned, /*implicitTrunc=*/true);
  Value constant =
      arith::ConstantOp::create(b, loc, signless, b.getIntegerAttr(signless, bits));
  return castFromSignless(b, loc, constant, type);
}

Value createLowestScalar(OpBuilder &b, Location loc, Type type) {
  if (isa<FloatType>(type))
    return createScalarConstant(b, loc, type, -std::numeric_limits<double>::infinity());
  if (type.isUnsignedInteger())
    return createScalarConstant(b, loc, type, 0.0);
  return createScalarConstant(b, loc, type, -std::ldexp(1.0, type.getIntOrFloatBitWidth() - 1));
}

Value createMaximum(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  Type type = lhs.getType();
  if (isa<FloatType>(type))
    return arith::MaximumFOp::create(b, loc, lhs, rhs);
  Value x = castToSignless(b, loc, lhs), y = castToSignless(b, loc, rhs);
  Value max = type.isUnsignedInteger() ? Value(arith::MaxUIOp::create(b, loc, x, y))
                                       : Value(arith::MaxSIOp::create(b, loc, x, y));
  return castFromSignless(b, loc, max, type);
}

Value createIntegerExtension(OpBuilder &b, Location loc, Value scalar, IntegerType type) {
  bool isUnsigned = scalar.getType().isUnsignedInteger();
  Value signless = castToSignless(b, loc, scalar);
  if (signless.getType() == type)
    return signless;
  if (isUnsigned)
    return arith::ExtUIOp::create(b, loc, type, signless);
  return arith::ExtSIOp::create(b, loc, type, signless);
}

Value createFloatConversion(OpBuilder &b, Location loc, Value scalar, FloatType type) {
  Type from = scalar.getType();
  if (from == type)
    return scalar;
  if (isa<IntegerType>(from)) {
    Value signless = castToSignless(b, loc, scalar);
    if (from.isUnsignedInteger())
      return arith::UIToFPOp::create(b, loc, type, signless);
    return arith::SIToFPOp::create(b, loc, type, signless);
  }
  unsigned fromWidth = from.getIntOrFloatBitWidth(), toWidth = type.getWidth();
  if (toWidth > fromWidth)
    return arith::ExtFOp::create(b, loc, type, scalar);
  if (toWidth < fromWidth)
    return arith::TruncFOp::create(b, loc, type, scalar);
  // f16 and bf16: through f32, which holds both exactly.
  Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), scalar);
  return arith::TruncFOp::create(b, loc, type, wide);
}

Value createRounding(OpBuilder &b, Location loc, Value x, RoundingMode mode) {
  switch (mode) {
  case RoundingMode::half_to_even:
    return math::RoundEvenOp::create(b, loc, x);
  case RoundingMode::half_away_from_zero:
    return math::RoundOp::create(b, loc, x);
  case RoundingMode::half_up: {
    // floor(x) + (x - floor(x) >= 0.5): floor(x + 0.5) would round the float
    // just below 0.5 up, since x + 0.5 rounds to 1 there.
    Value floor = math::FloorOp::create(b, loc, x);
    Value fraction = arith::SubFOp::create(b, loc, x, floor);
    Value atLeastHalf =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, fraction,
                              createScalarConstant(b, loc, x.getType(), 0.5));
    Value one = createScalarConstant(b, loc, x.getType(), 1.0);
    return arith::SelectOp::create(b, loc, atLeastHalf, arith::AddFOp::create(b, loc, floor, one),
                                   floor);
  }
  }
  llvm_unreachable("unknown rounding mode");
}

/// The largest magnitude of an integer of `type`.
static uint64_t getMaxMagnitude(Type type) {
  unsigned width = type.getIntOrFloatBitWidth();
  return type.isUnsignedInteger() ? llvm::maxUIntN(width) : uint64_t(1) << (width - 1);
}

Value createQuantize(OpBuilder &b, Location loc, Value x, Value scale, Value zeroPoint,
                     int64_t qmin, int64_t qmax, RoundingMode mode, Type codeType) {
  auto floatType = cast<FloatType>(x.getType());
  Value scaled =
      arith::DivFOp::create(b, loc, x, createFloatConversion(b, loc, scale, floatType));
  Value rounded = createRounding(b, loc, scaled, mode);

  // The zero point and the clamp work on integral values in a float type
  // that holds every integer they can meet exactly: x's own type for 8-bit
  // codes, f64 for 32-bit ones. Then adding the zero point rounds only
  // values far outside [qmin, qmax], monotonically, so the clamp still
  // saturates them correctly.
  uint64_t magnitude = std::max<uint64_t>(std::abs(qmin), std::abs(qmax));
  if (zeroPoint)
    magnitude = std::max(magnitude, getMaxMagnitude(zeroPoint.getType()));
  FloatType computeType = llvm::Log2_64_Ceil(magnitude) <= floatType.getFPMantissaWidth()
                              ? floatType
                              : FloatType(b.getF64Type());
  Value value = createFloatConversion(b, loc, rounded, computeType);
  if (zeroPoint)
    value = arith::AddFOp::create(b, loc, value,
                                  createFloatConversion(b, loc, zeroPoint, computeType));
  // maxnumf/minnumf take the number over a NaN: a NaN input becomes qmin.
  value = arith::MaxNumFOp::create(b, loc, value,
                                   createScalarConstant(b, loc, computeType, qmin));
  value = arith::MinNumFOp::create(b, loc, value,
                                   createScalarConstant(b, loc, computeType, qmax));
  IntegerType signless = b.getIntegerType(codeType.getIntOrFloatBitWidth());
  Value code = codeType.isUnsignedInteger()
                   ? Value(arith::FPToUIOp::create(b, loc, signless, value))
                   : Value(arith::FPToSIOp::create(b, loc, signless, value));
  return castFromSignless(b, loc, code, codeType);
}

Value createDequantize(OpBuilder &b, Location loc, Value code, Value scale, Value zeroPoint,
                       FloatType resultType) {
  auto scaleType = cast<FloatType>(scale.getType());
  FloatType computeType =
      scaleType.getWidth() > 32 ? scaleType : FloatType(b.getF32Type());
  Value value = createFloatConversion(b, loc, code, computeType);
  if (zeroPoint)
    value = arith::SubFOp::create(b, loc, value,
                                  createFloatConversion(b, loc, zeroPoint, computeType));
  value = arith::MulFOp::create(b, loc, value,
                                createFloatConversion(b, loc, scale, computeType));
  return createFloatConversion(b, loc, value, resultType);
}

} // namespace mlir::qc
