//===- IntegerToLinalg.cpp - the integer graph's level-2 ops to linalg ----===//
//
// The reference lowering of what qc-fold-scales produces, on storage types
// (qc-lower-quant-types has run): bit-exact to the runtime's integer kernels,
// which replace the accumulations where the target has them.
//
//   conv_int32:   the Conv contraction in int32 over the codes, padding with
//                 the input zero point
//   matmul_int32: bias[j] + sum_k a[i, k] * b[k, j] in int32
//   rescale:      clamp(z_out + (((x - z_in) * m + 2^(s - 1)) >> s)) in i64
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

bool hasQuantizedElements(Operation *op) {
  auto isQuantized = [](Type type) {
    return isa<quant::QuantizedType>(cast<RankedTensorType>(type).getElementType());
  };
  return llvm::any_of(op->getOperandTypes(), isQuantized) ||
         llvm::any_of(op->getResultTypes(), isQuantized);
}

/// `codes` (8-bit, either signedness) as an int32 tensor, `map` choosing
/// which element each result element reads.
Value widenToInt32(OpBuilder &b, Location loc, Value codes, RankedTensorType resultType,
                   AffineMap map) {
  return buildParallelGeneric(b, loc, resultType.clone(b.getI32Type()), codes, map,
                              [](OpBuilder &nb, Location nloc, ValueRange args) {
                                return createIntegerExtension(nb, nloc, args[0],
                                                              nb.getI32Type());
                              });
}

Value widenToInt32(OpBuilder &b, Location loc, Value codes) {
  auto type = cast<RankedTensorType>(codes.getType());
  return widenToInt32(b, loc, codes, type, b.getMultiDimIdentityMap(type.getRank()));
}

struct ConvInt32Lowering : OpRewritePattern<ConvInt32Op> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvInt32Op op, PatternRewriter &rewriter) const override {
    if (hasQuantizedElements(op))
      return rewriter.notifyMatchFailure(op, "!quant types left: run qc-lower-quant-types first");
    Location loc = op.getLoc();
    size_t spatial = op.getStrides().size();
    ArrayRef<int64_t> pads = op.getPads();
    // The codes as stored, in int32; the padding is the zero point's code.
    Value padValue = arith::ConstantOp::create(
        rewriter, loc, rewriter.getI32IntegerAttr(static_cast<int64_t>(op.getInputZeroPoint())));
    rewriter.replaceOp(op, buildConvolution(rewriter, loc, op.getType(),
                                            widenToInt32(rewriter, loc, op.getInput()),
                                            widenToInt32(rewriter, loc, op.getWeight()),
                                            op.getBias(), pads.take_front(spatial),
                                            pads.drop_front(spatial), op.getStrides(),
                                            op.getDilations(), op.getGroup(), padValue));
    return success();
  }
};

struct MatMulInt32Lowering : OpRewritePattern<MatMulInt32Op> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatMulInt32Op op, PatternRewriter &rewriter) const override {
    if (hasQuantizedElements(op))
      return rewriter.notifyMatchFailure(op, "!quant types left: run qc-lower-quant-types first");
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType type = op.getType();
    // rhs as K x N int32 (read transposed when it is stored N x K).
    auto rhsType = cast<RankedTensorType>(op.getRhs().getType());
    int64_t k = rhsType.getDimSize(op.getTransposeRhs() ? 1 : 0);
    AffineExpr row = getAffineDimExpr(0, context), col = getAffineDimExpr(1, context);
    Value rhs = widenToInt32(
        rewriter, loc, op.getRhs(), RankedTensorType::get({k, type.getDimSize(1)}, rhsType.getElementType()),
        AffineMap::get(2, 0, op.getTransposeRhs() ? ArrayRef<AffineExpr>{col, row}
                                                  : ArrayRef<AffineExpr>{row, col},
                       context));
    Value product = buildMatMul(rewriter, loc, type, widenToInt32(rewriter, loc, op.getLhs()), rhs);
    Value result = buildParallelGeneric(
        rewriter, loc, type, ValueRange{product, op.getBias()},
        {rewriter.getMultiDimIdentityMap(2), AffineMap::get(2, 0, {col}, context)},
        [](OpBuilder &b, Location l, ValueRange args) {
          return arith::AddIOp::create(b, l, args[0], args[1]).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct RescaleLowering : OpRewritePattern<RescaleOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RescaleOp op, PatternRewriter &rewriter) const override {
    if (hasQuantizedElements(op))
      return rewriter.notifyMatchFailure(op, "!quant types left: run qc-lower-quant-types first");
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    // Per-channel multipliers and shifts are read along `axis` from two
    // constant vectors; per-tensor ones are scalars in the body.
    SmallVector<Value> inputs{op.getInput()};
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(rank)};
    int64_t axis = op.getChannelAxis();
    bool perChannel = axis >= 0;
    if (perChannel) {
      auto vectorType = RankedTensorType::get({static_cast<int64_t>(op.getMultiplier().size())},
                                              rewriter.getI32Type());
      AffineMap channelMap = AffineMap::get(rank, 0, {getAffineDimExpr(axis, context)},
                                            context);
      for (ArrayRef<int32_t> values : {op.getMultiplier(), op.getShift()}) {
        inputs.push_back(arith::ConstantOp::create(
            rewriter, loc, DenseIntElementsAttr::get(vectorType, values)));
        maps.push_back(channelMap);
      }
    }
    Type inputElement = cast<RankedTensorType>(op.getInput().getType()).getElementType();
    Type outputElement = type.getElementType();
    Value result = buildParallelGeneric(
        rewriter, loc, type, inputs, maps, [&](OpBuilder &b, Location l, ValueRange args) {
          Type i64 = b.getI64Type();
          auto constant = [&](int64_t value) {
            return arith::ConstantOp::create(b, l, b.getI64IntegerAttr(value)).getResult();
          };
          Value x = castToSignless(b, l, args[0]);
          x = inputElement.isUnsignedInteger() ? Value(arith::ExtUIOp::create(b, l, i64, x))
                                               : Value(arith::ExtSIOp::create(b, l, i64, x));
          Value multiplier, shift;
          if (perChannel) {
            multiplier = arith::ExtSIOp::create(b, l, i64, args[1]);
            shift = arith::ExtSIOp::create(b, l, i64, args[2]);
          } else {
            multiplier = constant(op.getMultiplier().front());
            shift = constant(op.getShift().front());
          }
          Value centered = arith::SubIOp::create(b, l, x, constant(static_cast<int64_t>(op.getInputZeroPoint())));
          Value product = arith::MulIOp::create(b, l, centered, multiplier);
          Value half = arith::ShLIOp::create(b, l, constant(1),
                                             arith::SubIOp::create(b, l, shift, constant(1)));
          Value scaled = arith::ShRSIOp::create(b, l, arith::AddIOp::create(b, l, product, half),
                                                shift);
          Value code = arith::AddIOp::create(b, l, scaled, constant(static_cast<int64_t>(op.getOutputZeroPoint())));
          code = arith::MaxSIOp::create(b, l, code, constant(static_cast<int64_t>(op.getClampMin())));
          code = arith::MinSIOp::create(b, l, code, constant(static_cast<int64_t>(op.getClampMax())));
          Value narrowed = arith::TruncIOp::create(
              b, l, b.getIntegerType(outputElement.getIntOrFloatBitWidth()), code);
          return castFromSignless(b, l, narrowed, outputElement);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateIntegerToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvInt32Lowering, MatMulInt32Lowering, RescaleLowering>(patterns.getContext());
}

} // namespace mlir::qc
