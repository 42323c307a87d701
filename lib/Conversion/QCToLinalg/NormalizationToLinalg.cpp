//===- NormalizationToLinalg.cpp - Softmax and BatchNormalization ---------===//
//
// Softmax and LogSoftmax subtract the row maximum before exponentiating, so
// that large logits do not overflow: max, exp(x - max) and its sum are two
// linalg.reduce ops and two linalg.generic ops. An inference
// BatchNormalization that canonicalization could not fold into a convolution
// is one linalg.generic reading the per-channel parameters along dimension 1.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"
#include "Patterns.h"

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

namespace mlir::qc {
namespace {

/// The loop-nest map over `rank` dimensions that skips dimension `dropped`
/// (how a tensor reduced along `dropped` is read back).
AffineMap getMapWithout(int64_t rank, int64_t dropped, MLIRContext *context) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (d != dropped)
      exprs.push_back(getAffineDimExpr(d, context));
  return AffineMap::get(rank, 0, exprs, context);
}

/// The reduction of `input` along `axis` with `combine`, starting at `init`.
Value reduceAlong(OpBuilder &b, Location loc, Value input, int64_t axis, TypedAttr init,
                  function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + axis);
  Value empty = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  Value filled =
      linalg::FillOp::create(b, loc, arith::ConstantOp::create(b, loc, init).getResult(), empty)
          .getResult(0);
  return linalg::ReduceOp::create(b, loc, ValueRange{input}, ValueRange{filled}, {axis},
                                  [&](OpBuilder &nb, Location nloc, ValueRange args) {
                                    linalg::YieldOp::create(
                                        nb, nloc, combine(nb, nloc, args[0], args[1]));
                                  })
      .getResult(0);
}

template <typename SourceOp, bool IsLog>
struct SoftmaxLowering : OpRewritePattern<SourceOp> {
  using OpRewritePattern<SourceOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(SourceOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    int64_t rank = type.getRank(), axis = op.getAxis();
    MLIRContext *context = rewriter.getContext();
    AffineMap full = rewriter.getMultiDimIdentityMap(rank);
    AffineMap reduced = getMapWithout(rank, axis, context);

    Value max = reduceAlong(
        rewriter, loc, op.getInput(), axis,
        rewriter.getFloatAttr(elementType, -std::numeric_limits<double>::infinity()),
        [](OpBuilder &b, Location l, Value x, Value acc) {
          return arith::MaximumFOp::create(b, l, x, acc).getResult();
        });
    Value shiftedExp =
        buildParallelGeneric(rewriter, loc, type, {op.getInput(), max}, {full, reduced},
                     [](OpBuilder &b, Location l, ValueRange args) {
                       Value shifted = arith::SubFOp::create(b, l, args[0], args[1]);
                       return math::ExpOp::create(b, l, shifted).getResult();
                     });
    Value sum = reduceAlong(rewriter, loc, shiftedExp, axis, rewriter.getZeroAttr(elementType),
                            [](OpBuilder &b, Location l, Value x, Value acc) {
                              return arith::AddFOp::create(b, l, x, acc).getResult();
                            });
    Value result;
    if (IsLog) {
      // (x - max) - log(sum exp(x - max)): no exp of the result, no log of 0.
      result = buildParallelGeneric(rewriter, loc, type, {op.getInput(), max, sum},
                            {full, reduced, reduced},
                            [](OpBuilder &b, Location l, ValueRange args) {
                              Value shifted = arith::SubFOp::create(b, l, args[0], args[1]);
                              Value logSum = math::LogOp::create(b, l, args[2]);
                              return arith::SubFOp::create(b, l, shifted, logSum).getResult();
                            });
    } else {
      result = buildParallelGeneric(rewriter, loc, type, {shiftedExp, sum}, {full, reduced},
                            [](OpBuilder &b, Location l, ValueRange args) {
                              return arith::DivFOp::create(b, l, args[0], args[1]).getResult();
                            });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct BatchNormalizationLowering : OpRewritePattern<BatchNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormalizationOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    for (Value param : {op.getScale(), op.getBias(), op.getMean(), op.getVariance()})
      if (cast<RankedTensorType>(param.getType()).getElementType() != elementType)
        return rewriter.notifyMatchFailure(op, "mixed-precision parameters");
    MLIRContext *context = rewriter.getContext();
    AffineMap channel = AffineMap::get(type.getRank(), 0, getAffineDimExpr(1, context));
    AffineMap full = rewriter.getMultiDimIdentityMap(type.getRank());
    double epsilon = op.getEpsilon().convertToDouble();
    Value result = buildParallelGeneric(
        rewriter, op.getLoc(), type,
        {op.getInput(), op.getScale(), op.getBias(), op.getMean(), op.getVariance()},
        {full, channel, channel, channel, channel},
        [&](OpBuilder &b, Location l, ValueRange args) {
          // scale * (x - mean) / sqrt(var + epsilon) + bias
          Value eps = arith::ConstantOp::create(b, l, b.getFloatAttr(elementType, epsilon));
          Value stddev = math::SqrtOp::create(b, l, arith::AddFOp::create(b, l, args[4], eps));
          Value centered = arith::SubFOp::create(b, l, args[0], args[3]);
          Value normalized = arith::DivFOp::create(b, l, centered, stddev);
          Value scaled = arith::MulFOp::create(b, l, normalized, args[1]);
          return arith::AddFOp::create(b, l, scaled, args[2]).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateNormalizationToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<SoftmaxLowering<SoftmaxOp, false>, SoftmaxLowering<LogSoftmaxOp, true>,
               BatchNormalizationLowering>(patterns.getContext());
}

} // namespace mlir::qc
