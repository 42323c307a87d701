//===- LinalgBuilders.cpp - shared helpers of convert-qc-to-linalg --------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

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

} // namespace mlir::qc
