//===- QuantizationToLinalg.cpp - quantization ops to linalg.generic ------===//
//
// The ONNX quantization ops and qc.fake_quant, bit-exact to ONNX's
// definitions, all through the quantize/dequantize arithmetic of
// LinalgBuilders (createQuantize, createDequantize):
//
//   QuantizeLinear:   y = saturate(round_half_to_even(x / scale) + zero_point)
//   DequantizeLinear: y = (x - zero_point) * scale
//   DynamicQuantizeLinear: scale = (max(x, 0) - min(x, 0)) / 255 (1 / 255
//             when that range is empty), zero_point = QuantizeLinear(-min(x, 0),
//             scale), y = QuantizeLinear(x, scale, zero_point), all uint8
//   MatMulInteger, ConvInteger: the contractions of MatMul and Conv over
//             the int32 operands x - zero_point, computed first as ONNX's
//             reference does, so that padding is 0 after the shift (the zero
//             point before it)
//   fake_quant: dequantize(quantize(x)) on the spec's grid, rounding and
//             granularity (affine, symmetric_narrow, unsigned_clipped)
//
// Scales and zero points are scalars (per tensor) or vectors read along the
// quantized axis (per axis, or per group of channels for fake_quant).
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"
#include "Patterns.h"

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::qc {
namespace {

/// The map from the loops over a tensor of rank `rank` to a quantization
/// parameter: its only element when it has one, else the index along `axis`
/// (divided by `groupSize` when positive) of a vector.
AffineMap getQuantParamMap(Value param, int64_t rank, int64_t axis, int64_t groupSize,
                           MLIRContext *context) {
  auto type = cast<RankedTensorType>(param.getType());
  if (type.getNumElements() == 1) {
    SmallVector<AffineExpr> origin(type.getRank(), getAffineConstantExpr(0, context));
    return AffineMap::get(rank, 0, origin, context);
  }
  AffineExpr channel = getAffineDimExpr(axis, context);
  if (groupSize > 0)
    channel = channel.floorDiv(groupSize);
  return AffineMap::get(rank, 0, {channel}, context);
}

/// The range of integer codes of a storage type: [-2^(n-1), 2^(n-1) - 1] for
/// signed and signless integers, [0, 2^n - 1] for unsigned ones.
struct CodeRange {
  int64_t min, max;
};
CodeRange getStorageRange(IntegerType type) {
  unsigned width = type.getWidth();
  if (type.isUnsigned())
    return {0, static_cast<int64_t>(llvm::maxUIntN(width))};
  return {llvm::minIntN(width), llvm::maxIntN(width)};
}

/// The operands of a quantize or dequantize op that read the tensor `data`,
/// with their maps: data itself, scale, and zero_point when present.
struct QuantOperands {
  SmallVector<Value> values;
  SmallVector<AffineMap> maps;
};

QuantOperands collectQuantOperands(Value data, Value scale, Value zeroPoint, int64_t axis,
                                   int64_t groupSize, MLIRContext *context) {
  int64_t rank = cast<RankedTensorType>(data.getType()).getRank();
  QuantOperands operands{{data, scale}, {AffineMap::getMultiDimIdentityMap(rank, context)}};
  operands.maps.push_back(getQuantParamMap(scale, rank, axis, groupSize, context));
  if (zeroPoint) {
    operands.values.push_back(zeroPoint);
    operands.maps.push_back(getQuantParamMap(zeroPoint, rank, axis, groupSize, context));
  }
  return operands;
}

struct QuantizeLinearLowering : OpRewritePattern<QuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeLinearOp op, PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    auto storage = dyn_cast<IntegerType>(type.getElementType());
    if (!storage)
      return rewriter.notifyMatchFailure(op, "the result is not an integer tensor");
    CodeRange codes = getStorageRange(storage);
    QuantOperands operands = collectQuantOperands(op.getInput(), op.getScale(),
                                                  op.getZeroPoint(), op.getAxis(),
                                                  /*groupSize=*/0, getContext());
    bool hasZeroPoint = static_cast<bool>(op.getZeroPoint());
    rewriter.replaceOp(
        op, buildParallelGeneric(rewriter, op.getLoc(), type, operands.values, operands.maps,
                                 [&](OpBuilder &b, Location loc, ValueRange args) {
                                   return createQuantize(b, loc, args[0], args[1],
                                                         hasZeroPoint ? args[2] : Value(),
                                                         codes.min, codes.max,
                                                         RoundingMode::half_to_even, storage);
                                 }));
    return success();
  }
};

struct DequantizeLinearLowering : OpRewritePattern<DequantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DequantizeLinearOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    if (!isa<IntegerType>(op.getInput().getType().getElementType()))
      return rewriter.notifyMatchFailure(op, "the input is not an integer tensor");
    auto resultType = cast<FloatType>(type.getElementType());
    QuantOperands operands = collectQuantOperands(op.getInput(), op.getScale(),
                                                  op.getZeroPoint(), op.getAxis(),
                                                  /*groupSize=*/0, getContext());
    bool hasZeroPoint = static_cast<bool>(op.getZeroPoint());
    rewriter.replaceOp(
        op, buildParallelGeneric(rewriter, op.getLoc(), type, operands.values, operands.maps,
                                 [&](OpBuilder &b, Location loc, ValueRange args) {
                                   return createDequantize(b, loc, args[0], args[1],
                                                           hasZeroPoint ? args[2] : Value(),
                                                           resultType);
                                 }));
    return success();
  }
};

struct DynamicQuantizeLinearLowering : OpRewritePattern<DynamicQuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DynamicQuantizeLinearOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = getContext();
    Value input = op.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = inputType.getRank();
    RankedTensorType scaleType = op.getScale().getType();
    RankedTensorType zeroPointType = op.getZeroPoint().getType();
    auto storage = cast<IntegerType>(zeroPointType.getElementType());
    CodeRange codes = getStorageRange(storage);
    Type f32 = rewriter.getF32Type();

    // min(x, 0) and max(x, 0) in one pass: both accumulators start at 0.
    Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(f32));
    Value empty = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{}, f32);
    Value zeros = linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0);
    AffineMap toScalar = AffineMap::get(rank, 0, {}, context);
    auto range = linalg::GenericOp::create(
        rewriter, loc, TypeRange{scaleType, scaleType}, ValueRange{input},
        ValueRange{zeros, zeros},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank), toScalar, toScalar},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::reduction),
        [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l,
                                  ValueRange{arith::MinimumFOp::create(b, l, args[0], args[1]),
                                             arith::MaximumFOp::create(b, l, args[0], args[2])});
        });
    Value min = range.getResult(0), max = range.getResult(1);

    // scale = (max - min) / 255, with 1 for max - min when the range is
    // empty (ONNX's reference; an all-zero input then gets scale 1 / 255).
    AffineMap scalar = AffineMap::get(0, 0, {}, context);
    Value scale = buildParallelGeneric(
        rewriter, loc, scaleType, ValueRange{min, max}, {scalar, scalar},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value width = arith::SubFOp::create(b, l, args[1], args[0]);
          Value isEmpty =
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, args[1], args[0]);
          width = arith::SelectOp::create(b, l, isEmpty, createScalarConstant(b, l, f32, 1.0),
                                          width);
          return arith::DivFOp::create(b, l, width,
                                       createScalarConstant(b, l, f32, codes.max - codes.min))
              .getResult();
        });
    // zero_point = saturate(round(-min / scale)): -min quantized on the
    // storage grid.
    Value zeroPoint = buildParallelGeneric(
        rewriter, loc, zeroPointType, ValueRange{min, scale}, {scalar, scalar},
        [&](OpBuilder &b, Location l, ValueRange args) {
          return createQuantize(b, l, arith::NegFOp::create(b, l, args[0]), args[1], Value(),
                                codes.min, codes.max, RoundingMode::half_to_even, storage);
        });
    Value output = buildParallelGeneric(
        rewriter, loc, op.getOutput().getType(), ValueRange{input, scale, zeroPoint},
        {rewriter.getMultiDimIdentityMap(rank), toScalar, toScalar},
        [&](OpBuilder &b, Location l, ValueRange args) {
          return createQuantize(b, l, args[0], args[1], args[2], codes.min, codes.max,
                                RoundingMode::half_to_even, storage);
        });
    rewriter.replaceOp(op, ValueRange{output, scale, zeroPoint});
    return success();
  }
};

/// `operand` - `zeroPoint` as an int32 tensor of operand's shape, reading the
/// zero point through `zeroPointMap` (the operand unchanged, widened, when
/// there is no zero point).
Value buildZeroPointShift(OpBuilder &builder, Location loc, Value operand, Value zeroPoint,
                          AffineMap zeroPointMap) {
  auto type = cast<RankedTensorType>(operand.getType());
  IntegerType i32 = builder.getI32Type();
  SmallVector<Value> inputs{operand};
  SmallVector<AffineMap> maps{builder.getMultiDimIdentityMap(type.getRank())};
  if (zeroPoint) {
    inputs.push_back(zeroPoint);
    maps.push_back(zeroPointMap);
  }
  return buildParallelGeneric(builder, loc, type.clone(i32), inputs, maps,
                              [&](OpBuilder &b, Location l, ValueRange args) {
                                Value x = createIntegerExtension(b, l, args[0], i32);
                                if (args.size() == 1)
                                  return x;
                                Value z = createIntegerExtension(b, l, args[1], i32);
                                return arith::SubIOp::create(b, l, x, z).getResult();
                              });
}

/// Whether every operand holds plain integers (not !quant types).
bool hasIntegerElements(ValueRange operands) {
  return llvm::all_of(operands, [](Value v) {
    return !v || isa<IntegerType>(cast<RankedTensorType>(v.getType()).getElementType());
  });
}

/// Whether a tensor of `shape` broadcasts to `target` under numpy's rules.
bool broadcastsTo(ArrayRef<int64_t> shape, ArrayRef<int64_t> target) {
  if (shape.size() > target.size())
    return false;
  for (auto [dim, targetDim] : llvm::zip(llvm::reverse(shape), llvm::reverse(target)))
    if (dim != 1 && dim != targetDim)
      return false;
  return true;
}

struct MatMulIntegerLowering : OpRewritePattern<MatMulIntegerOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatMulIntegerOp op, PatternRewriter &rewriter) const override {
    MLIRContext *context = getContext();
    Value lhs = op.getLhs(), rhs = op.getRhs();
    Value lhsZeroPoint = op.getLhsZeroPoint(), rhsZeroPoint = op.getRhsZeroPoint();
    if (!hasIntegerElements({lhs, rhs, lhsZeroPoint, rhsZeroPoint}))
      return rewriter.notifyMatchFailure(op, "operands are not plain integer tensors");
    ArrayRef<int64_t> lhsShape = cast<RankedTensorType>(lhs.getType()).getShape();
    ArrayRef<int64_t> rhsShape = cast<RankedTensorType>(rhs.getType()).getShape();
    if (lhsShape.size() < 2 || rhsShape.size() < 2)
      return rewriter.notifyMatchFailure(op, "vector operands are not lowered yet");

    // A's zero point is a scalar, one per row (M) or [..., M, 1]; B's a
    // scalar, one per column (N) or [..., 1, N]. All but A's per-row vector
    // broadcast to their operand as numpy does.
    auto zeroPointMap = [&](Value zeroPoint, ArrayRef<int64_t> shape,
                            bool isLhs) -> FailureOr<AffineMap> {
      if (!zeroPoint)
        return AffineMap();
      ArrayRef<int64_t> zpShape = cast<RankedTensorType>(zeroPoint.getType()).getShape();
      int64_t rank = shape.size();
      if (isLhs && zpShape.size() == 1 && zpShape[0] != 1) {
        if (zpShape[0] != shape[rank - 2])
          return failure();
        return AffineMap::get(rank, 0, {getAffineDimExpr(rank - 2, context)}, context);
      }
      if (!broadcastsTo(zpShape, shape))
        return failure();
      return getBroadcastMap(zpShape, shape, context);
    };
    FailureOr<AffineMap> lhsMap = zeroPointMap(lhsZeroPoint, lhsShape, /*isLhs=*/true);
    FailureOr<AffineMap> rhsMap = zeroPointMap(rhsZeroPoint, rhsShape, /*isLhs=*/false);
    if (failed(lhsMap) || failed(rhsMap))
      return rewriter.notifyMatchFailure(op, "zero point shapes do not fit the operands");

    Location loc = op.getLoc();
    Value lhsShifted = buildZeroPointShift(rewriter, loc, lhs, lhsZeroPoint, *lhsMap);
    Value rhsShifted = buildZeroPointShift(rewriter, loc, rhs, rhsZeroPoint, *rhsMap);
    rewriter.replaceOp(op, buildMatMul(rewriter, loc, op.getType(), lhsShifted, rhsShifted));
    return success();
  }
};

struct ConvIntegerLowering : OpRewritePattern<ConvIntegerOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvIntegerOp op, PatternRewriter &rewriter) const override {
    MLIRContext *context = getContext();
    Value input = op.getInput(), weight = op.getWeight();
    Value inputZeroPoint = op.getInputZeroPoint(), weightZeroPoint = op.getWeightZeroPoint();
    if (!hasIntegerElements({input, weight, inputZeroPoint, weightZeroPoint}))
      return rewriter.notifyMatchFailure(op, "operands are not plain integer tensors");
    auto weightType = cast<RankedTensorType>(weight.getType());
    int64_t rank = weightType.getRank();

    // x's zero point is per tensor; w's per tensor or per output channel.
    auto isPerTensor = [](Value zeroPoint) {
      return !zeroPoint || cast<RankedTensorType>(zeroPoint.getType()).getNumElements() == 1;
    };
    if (!isPerTensor(inputZeroPoint))
      return rewriter.notifyMatchFailure(op, "the input's zero point is not a scalar");
    if (!isPerTensor(weightZeroPoint) &&
        cast<RankedTensorType>(weightZeroPoint.getType()).getShape() !=
            ArrayRef<int64_t>{weightType.getDimSize(0)})
      return rewriter.notifyMatchFailure(op, "the weight's zero point is not per channel");

    Location loc = op.getLoc();
    Value inputShifted = buildZeroPointShift(
        rewriter, loc, input, inputZeroPoint,
        inputZeroPoint ? getQuantParamMap(inputZeroPoint, rank, 0, 0, context) : AffineMap());
    Value weightShifted = buildZeroPointShift(
        rewriter, loc, weight, weightZeroPoint,
        weightZeroPoint ? getQuantParamMap(weightZeroPoint, rank, 0, 0, context)
                        : AffineMap());
    size_t spatial = op.getStrides().size();
    ArrayRef<int64_t> pads = op.getPads();
    rewriter.replaceOp(op, buildConvolution(rewriter, loc, op.getType(), inputShifted,
                                            weightShifted, Value(), pads.take_front(spatial),
                                            pads.drop_front(spatial), op.getStrides(),
                                            op.getDilations(), op.getGroup()));
    return success();
  }
};

struct FakeQuantLowering : OpRewritePattern<FakeQuantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(FakeQuantOp op, PatternRewriter &rewriter) const override {
    QuantizerSpecAttr spec = op.getSpec();
    QuantGrid grid = spec.getGrid();
    // zero_free and power_of_two codes are not affine in x / s; they stay for
    // the unconverted-op report.
    if (grid != QuantGrid::affine && grid != QuantGrid::symmetric_narrow &&
        grid != QuantGrid::unsigned_clipped)
      return rewriter.notifyMatchFailure(op, "grid not lowered yet");
    bool clipped = grid == QuantGrid::unsigned_clipped;
    Value param = clipped ? op.getClip() : op.getScale();
    Value zeroPoint = op.getZeroPoint();
    RankedTensorType type = op.getType();
    auto floatType = cast<FloatType>(type.getElementType());
    int64_t qmin = spec.getQMin(), qmax = spec.getQMax();
    RoundingMode rounding = spec.getRounding();
    // Codes of up to 16 bits (the spec's limit) in int32.
    IntegerType codeType = rewriter.getI32Type();

    QuantOperands operands = collectQuantOperands(op.getInput(), param, zeroPoint,
                                                  spec.getAxis(), spec.getGroupSize(),
                                                  getContext());
    rewriter.replaceOp(
        op, buildParallelGeneric(
                rewriter, op.getLoc(), type, operands.values, operands.maps,
                [&](OpBuilder &b, Location loc, ValueRange args) {
                  // unsigned_clipped: [0, clip] in 2^n - 1 steps.
                  Value scale = clipped ? arith::DivFOp::create(
                                              b, loc, args[1],
                                              createScalarConstant(b, loc, args[1].getType(),
                                                                   qmax))
                                        : args[1];
                  Value zp = zeroPoint ? args[2] : Value();
                  Value code =
                      createQuantize(b, loc, args[0], scale, zp, qmin, qmax, rounding, codeType);
                  return createDequantize(b, loc, code, scale, zp, floatType);
                }));
    return success();
  }
};

} // namespace

void populateQuantizationToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<QuantizeLinearLowering, DequantizeLinearLowering, DynamicQuantizeLinearLowering,
               MatMulIntegerLowering, ConvIntegerLowering, FakeQuantLowering>(
      patterns.getContext());
}

} // namespace mlir::qc
