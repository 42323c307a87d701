//===- ElementwiseToLinalg.cpp - qc elementwise ops to linalg.generic -----===//
//
// Each elementwise qc op becomes one linalg.generic over its result shape,
// reading broadcast operands through indexing maps, with a scalar body built
// from arith and math. Later passes fuse, vectorize and bufferize these.
//
// arith computes on signless integers only: the body sees signed/unsigned
// integer elements (ONNX uint8, ...) as signless ones of the same width, and
// the ops whose results depend on signedness (Div, Clip, Abs, Sign, Cast)
// pick the unsigned arith variant from the qc op's types.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"
#include "Patterns.h"

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace mlir::qc {

namespace {

using ScalarBuilder = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// A linalg.generic computing `body` elementwise over `resultType`, reading
/// `inputs` with broadcasting.
Value buildElementwise(OpBuilder &builder, Location loc, RankedTensorType resultType,
                       ValueRange inputs, ScalarBuilder body) {
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(getBroadcastMap(cast<RankedTensorType>(input.getType()).getShape(),
                                   resultType.getShape(), builder.getContext()));
  return buildParallelGeneric(builder, loc, resultType, inputs, maps, body);
}

Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

/// max(lo, min(hi, x)) in float.
Value clampFloat(OpBuilder &b, Location loc, Value x, double lo, double hi) {
  Type type = x.getType();
  Value upper = arith::MinimumFOp::create(b, loc, x, floatConstant(b, loc, type, hi));
  return arith::MaximumFOp::create(b, loc, upper, floatConstant(b, loc, type, lo));
}

/// Whether `value` is a tensor of unsigned integers.
bool hasUnsignedElements(Value value) {
  return cast<RankedTensorType>(value.getType()).getElementType().isUnsignedInteger();
}

/// Lowers an elementwise op by the scalar function `scalar(op, b, loc, args)`.
template <typename SourceOp>
struct ElementwiseLowering : OpRewritePattern<SourceOp> {
  using ScalarFn = Value (*)(SourceOp, OpBuilder &, Location, ValueRange);

  ElementwiseLowering(MLIRContext *context, ScalarFn scalar)
      : OpRewritePattern<SourceOp>(context), scalar(scalar) {}

  LogicalResult matchAndRewrite(SourceOp op, PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), resultType, op->getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          SmallVector<Value> signless;
          for (Value arg : args)
            signless.push_back(castToSignless(b, loc, arg));
          return castFromSignless(b, loc, scalar(op, b, loc, signless),
                                  resultType.getElementType());
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  ScalarFn scalar;
};

// Scalar bodies. `args` holds one element per operand, in operand order.

Value reluScalar(ReluOp, OpBuilder &b, Location loc, ValueRange args) {
  return arith::MaximumFOp::create(b, loc, args[0], floatConstant(b, loc, args[0].getType(), 0));
}

Value sigmoidScalar(SigmoidOp, OpBuilder &b, Location loc, ValueRange args) {
  Type type = args[0].getType();
  Value negExp = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, args[0]));
  Value denominator = arith::AddFOp::create(b, loc, floatConstant(b, loc, type, 1), negExp);
  return arith::DivFOp::create(b, loc, floatConstant(b, loc, type, 1), denominator);
}

Value tanhScalar(TanhOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::TanhOp::create(b, loc, args[0]);
}

Value expScalar(ExpOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::ExpOp::create(b, loc, args[0]);
}

Value sqrtScalar(SqrtOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::SqrtOp::create(b, loc, args[0]);
}

Value erfScalar(ErfOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::ErfOp::create(b, loc, args[0]);
}

Value hardSigmoid(OpBuilder &b, Location loc, Value x, double alpha, double beta) {
  Type type = x.getType();
  Value affine = arith::AddFOp::create(
      b, loc, arith::MulFOp::create(b, loc, x, floatConstant(b, loc, type, alpha)),
      floatConstant(b, loc, type, beta));
  return clampFloat(b, loc, affine, 0, 1);
}

Value hardSigmoidScalar(HardSigmoidOp op, OpBuilder &b, Location loc, ValueRange args) {
  return hardSigmoid(b, loc, args[0], op.getAlpha().convertToDouble(),
                     op.getBeta().convertToDouble());
}

Value hardSwishScalar(HardSwishOp, OpBuilder &b, Location loc, ValueRange args) {
  return arith::MulFOp::create(b, loc, args[0], hardSigmoid(b, loc, args[0], 1.0 / 6, 0.5));
}

Value leakyReluScalar(LeakyReluOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Value scaled = arith::MulFOp::create(
      b, loc, x, floatConstant(b, loc, x.getType(), op.getAlpha().convertToDouble()));
  Value negative = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                         floatConstant(b, loc, x.getType(), 0));
  return arith::SelectOp::create(b, loc, negative, scaled, x);
}

Value preluScalar(PReluOp, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Value negative = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                         floatConstant(b, loc, x.getType(), 0));
  return arith::SelectOp::create(b, loc, negative, arith::MulFOp::create(b, loc, x, args[1]),
                                 x);
}

/// Ops with a float and a signless-integer form.
template <typename FloatOp, typename IntOp>
Value floatOrInt(OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return FloatOp::create(b, loc, args);
  return IntOp::create(b, loc, args);
}

Value addScalar(AddOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::AddFOp, arith::AddIOp>(b, loc, args);
}
Value subScalar(SubOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::SubFOp, arith::SubIOp>(b, loc, args);
}
Value mulScalar(MulOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::MulFOp, arith::MulIOp>(b, loc, args);
}
Value divScalar(DivOp op, OpBuilder &b, Location loc, ValueRange args) {
  // ONNX integer division truncates toward zero, as divsi does.
  if (hasUnsignedElements(op.getLhs()))
    return arith::DivUIOp::create(b, loc, args);
  return floatOrInt<arith::DivFOp, arith::DivSIOp>(b, loc, args);
}

Value powScalar(PowOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return math::PowFOp::create(b, loc, args[0], args[1]);
  return math::IPowIOp::create(b, loc, args[0], args[1]);
}

Value absScalar(AbsOp op, OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return math::AbsFOp::create(b, loc, args[0]);
  if (hasUnsignedElements(op.getInput()))
    return args[0];
  return math::AbsIOp::create(b, loc, args[0]);
}

Value negScalar(NegOp, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  if (isa<FloatType>(x.getType()))
    return arith::NegFOp::create(b, loc, x);
  Value zero = arith::ConstantOp::create(b, loc, x.getType(), b.getIntegerAttr(x.getType(), 0));
  return arith::SubIOp::create(b, loc, zero, x);
}

Value signScalar(SignOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Type type = x.getType();
  if (isa<FloatType>(type)) {
    // NaN and zeros fall through to x itself.
    Value positive = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x,
                                           floatConstant(b, loc, type, 0));
    Value negative = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                           floatConstant(b, loc, type, 0));
    Value otherwise =
        arith::SelectOp::create(b, loc, negative, floatConstant(b, loc, type, -1), x);
    return arith::SelectOp::create(b, loc, positive, floatConstant(b, loc, type, 1),
                                   otherwise);
  }
  auto intConstant = [&](int64_t v) {
    return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, v));
  };
  Value zero = intConstant(0);
  if (hasUnsignedElements(op.getInput())) {
    Value nonZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
    return arith::ExtUIOp::create(b, loc, type, nonZero);
  }
  Value positive = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x, zero);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
  Value otherwise = arith::SelectOp::create(b, loc, negative, intConstant(-1), zero);
  return arith::SelectOp::create(b, loc, positive, intConstant(1), otherwise);
}

Value clipScalar(ClipOp op, OpBuilder &b, Location loc, ValueRange args) {
  // args: x, then min and max when present.
  Value x = args[0];
  bool isFloat = isa<FloatType>(x.getType());
  bool isUnsigned = hasUnsignedElements(op.getInput());
  unsigned next = 1;
  if (op.getMin()) {
    Value lo = args[next++];
    x = isFloat      ? Value(arith::MaximumFOp::create(b, loc, x, lo))
        : isUnsigned ? Value(arith::MaxUIOp::create(b, loc, x, lo))
                     : Value(arith::MaxSIOp::create(b, loc, x, lo));
  }
  if (op.getMax()) {
    Value hi = args[next++];
    x = isFloat      ? Value(arith::MinimumFOp::create(b, loc, x, hi))
        : isUnsigned ? Value(arith::MinUIOp::create(b, loc, x, hi))
                     : Value(arith::MinSIOp::create(b, loc, x, hi));
  }
  return x;
}

/// ONNX Cast between floats, integers and bool: float to integer truncates
/// toward zero, anything to bool tests for non-zero, bool is 0 or 1, a wider
/// integer extends by the source's signedness (as C++ conversions do).
/// `args` and the result are signless; the signedness comes from `op`.
Value castScalar(CastOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Type from = x.getType(), to = op.getType().getElementType();
  bool fromUnsigned = hasUnsignedElements(op.getInput());
  bool toUnsigned = to.isUnsignedInteger();
  if (auto toInteger = dyn_cast<IntegerType>(to))
    to = b.getIntegerType(toInteger.getWidth());
  if (from == to)
    return x;
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  if (to.isInteger(1)) {
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x,
                                   floatConstant(b, loc, from, 0));
    Value zero = arith::ConstantOp::create(b, loc, from, b.getIntegerAttr(from, 0));
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
  }
  if (fromFloat && toFloat)
    return to.getIntOrFloatBitWidth() > from.getIntOrFloatBitWidth()
               ? Value(arith::ExtFOp::create(b, loc, to, x))
               : Value(arith::TruncFOp::create(b, loc, to, x));
  if (fromFloat)
    return toUnsigned ? Value(arith::FPToUIOp::create(b, loc, to, x))
                      : Value(arith::FPToSIOp::create(b, loc, to, x));
  bool zeroExtends = fromUnsigned || from.isInteger(1);
  if (toFloat)
    return zeroExtends ? Value(arith::UIToFPOp::create(b, loc, to, x))
                       : Value(arith::SIToFPOp::create(b, loc, to, x));
  if (to.getIntOrFloatBitWidth() <= from.getIntOrFloatBitWidth())
    return arith::TruncIOp::create(b, loc, to, x);
  return zeroExtends ? Value(arith::ExtUIOp::create(b, loc, to, x))
                     : Value(arith::ExtSIOp::create(b, loc, to, x));
}

/// Identity and Dropout (inference) forward their input.
template <typename SourceOp>
struct ForwardInput : OpRewritePattern<SourceOp> {
  using OpRewritePattern<SourceOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(SourceOp op, PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

/// `qc.constant` to `arith.constant`. Signed and unsigned integer constants
/// are held signless and converted elementwise: a splat arith.constant of ui8
/// would become a scalar arith.constant of ui8 when linalg fusion inlines it,
/// which arith rejects.
struct ConstantLowering : OpRewritePattern<ConstantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConstantOp op, PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    if (!elementType.isIntOrFloat())
      return rewriter.notifyMatchFailure(op, "not an integer or float tensor");
    if (!isa<IntegerType>(elementType) || elementType.isSignlessInteger()) {
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, cast<TypedAttr>(op.getValue()));
      return success();
    }
    RankedTensorType signlessType =
        type.clone(rewriter.getIntegerType(elementType.getIntOrFloatBitWidth()));
    TypedAttr signlessValue;
    if (auto dense = dyn_cast<DenseElementsAttr>(op.getValue()))
      signlessValue = dense.bitcast(signlessType.getElementType());
    else if (auto resource = dyn_cast<DenseResourceElementsAttr>(op.getValue()))
      signlessValue = DenseResourceElementsAttr::get(signlessType, resource.getRawHandle());
    else
      return rewriter.notifyMatchFailure(op, "unknown kind of elements attribute");
    Value constant = arith::ConstantOp::create(rewriter, op.getLoc(), signlessValue);
    rewriter.replaceOp(op, buildParallelGeneric(
                               rewriter, op.getLoc(), type, constant,
                               rewriter.getMultiDimIdentityMap(type.getRank()),
                               [&](OpBuilder &b, Location loc, ValueRange args) {
                                 return castFromSignless(b, loc, args[0], elementType);
                               }));
    return success();
  }
};

} // namespace

void populateElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<ElementwiseLowering<ReluOp>>(context, reluScalar);
  patterns.add<ElementwiseLowering<SigmoidOp>>(context, sigmoidScalar);
  patterns.add<ElementwiseLowering<TanhOp>>(context, tanhScalar);
  patterns.add<ElementwiseLowering<ExpOp>>(context, expScalar);
  patterns.add<ElementwiseLowering<SqrtOp>>(context, sqrtScalar);
  patterns.add<ElementwiseLowering<ErfOp>>(context, erfScalar);
  patterns.add<ElementwiseLowering<HardSigmoidOp>>(context, hardSigmoidScalar);
  patterns.add<ElementwiseLowering<HardSwishOp>>(context, hardSwishScalar);
  patterns.add<ElementwiseLowering<LeakyReluOp>>(context, leakyReluScalar);
  patterns.add<ElementwiseLowering<PReluOp>>(context, preluScalar);
  patterns.add<ElementwiseLowering<AddOp>>(context, addScalar);
  patterns.add<ElementwiseLowering<SubOp>>(context, subScalar);
  patterns.add<ElementwiseLowering<MulOp>>(context, mulScalar);
  patterns.add<ElementwiseLowering<DivOp>>(context, divScalar);
  patterns.add<ElementwiseLowering<PowOp>>(context, powScalar);
  patterns.add<ElementwiseLowering<AbsOp>>(context, absScalar);
  patterns.add<ElementwiseLowering<NegOp>>(context, negScalar);
  patterns.add<ElementwiseLowering<SignOp>>(context, signScalar);
  patterns.add<ElementwiseLowering<ClipOp>>(context, clipScalar);
  patterns.add<ElementwiseLowering<CastOp>>(context, castScalar);
  patterns.add<ForwardInput<IdentityOp>, ForwardInput<DropoutOp>, ConstantLowering>(context);
}

} // namespace mlir::qc
