//===- ReductionsToLinalg.cpp - qc reductions to linalg.reduce ------------===//
//
// ReduceSum/Mean/Max and GlobalAverage/MaxPool become one linalg.reduce over
// the reduced dimensions (into a filled init), a division by the element
// count for means, and a reshape that reinserts kept dimensions.
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

enum class ReductionKind { Sum, Mean, Max };

/// The reduction of `input` over `axes` (sorted), shaped as `resultType`.
/// Integers (of any signedness) are summed and maximized, not averaged.
FailureOr<Value> buildReduction(PatternRewriter &b, Location loc, Value input,
                                ArrayRef<int64_t> axes, RankedTensorType resultType,
                                ReductionKind kind) {
  auto inputType = cast<RankedTensorType>(input.getType());
  Type elementType = inputType.getElementType();
  bool isFloat = isa<FloatType>(elementType);
  if (!isFloat && kind == ReductionKind::Mean)
    return failure();

  SmallVector<int64_t> reducedShape;
  int64_t count = 1;
  for (auto [d, dim] : llvm::enumerate(inputType.getShape())) {
    if (llvm::is_contained(axes, static_cast<int64_t>(d)))
      count *= dim;
    else
      reducedShape.push_back(dim);
  }
  Value init = tensor::EmptyOp::create(b, loc, reducedShape, elementType);
  Value initScalar = kind == ReductionKind::Max
                         ? createLowestScalar(b, loc, elementType)
                         : createScalarConstant(b, loc, elementType, 0.0);
  init = linalg::FillOp::create(b, loc, initScalar, init).getResult(0);
  auto reduce = linalg::ReduceOp::create(
      b, loc, ValueRange{input}, ValueRange{init}, axes,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value combined;
        if (kind == ReductionKind::Max) {
          combined = createMaximum(nb, nloc, args[0], args[1]);
        } else if (isFloat) {
          combined = arith::AddFOp::create(nb, nloc, args[0], args[1]);
        } else {
          Value sum = arith::AddIOp::create(nb, nloc, castToSignless(nb, nloc, args[0]),
                                            castToSignless(nb, nloc, args[1]));
          combined = castFromSignless(nb, nloc, sum, elementType);
        }
        linalg::YieldOp::create(nb, nloc, combined);
      });
  Value result = reduce.getResult(0);

  if (kind == ReductionKind::Mean) {
    auto reducedType = RankedTensorType::get(reducedShape, elementType);
    Value divisor = arith::ConstantOp::create(
        b, loc, b.getFloatAttr(elementType, static_cast<double>(count)));
    result = buildParallelGeneric(b, loc, reducedType, result,
                                  b.getMultiDimIdentityMap(reducedShape.size()),
                                  [&](OpBuilder &nb, Location nloc, ValueRange args) {
                                    return arith::DivFOp::create(nb, nloc, args[0], divisor)
                                        .getResult();
                                  });
  }
  // Kept dimensions come back as size 1.
  return reshapeTo(b, loc, result, resultType);
}

template <typename SourceOp, ReductionKind Kind>
struct ReduceLowering : OpRewritePattern<SourceOp> {
  using OpRewritePattern<SourceOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(SourceOp op, PatternRewriter &rewriter) const override {
    FailureOr<Value> result = buildReduction(rewriter, op.getLoc(), op.getInput(),
                                             op.getAxes(), op.getType(), Kind);
    if (failed(result))
      return rewriter.notifyMatchFailure(op, "element type not supported yet");
    rewriter.replaceOp(op, *result);
    return success();
  }
};

/// Global pools reduce every spatial dimension and keep them as size 1.
template <typename SourceOp, ReductionKind Kind>
struct GlobalPoolLowering : OpRewritePattern<SourceOp> {
  using OpRewritePattern<SourceOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(SourceOp op, PatternRewriter &rewriter) const override {
    int64_t rank = op.getType().getRank();
    SmallVector<int64_t> spatial = llvm::to_vector(llvm::seq<int64_t>(2, rank));
    FailureOr<Value> result = buildReduction(rewriter, op.getLoc(), op.getInput(), spatial,
                                             op.getType(), Kind);
    if (failed(result))
      return rewriter.notifyMatchFailure(op, "element type not supported yet");
    rewriter.replaceOp(op, *result);
    return success();
  }
};

} // namespace

void populateReductionsToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ReduceLowering<ReduceSumOp, ReductionKind::Sum>,
               ReduceLowering<ReduceMeanOp, ReductionKind::Mean>,
               ReduceLowering<ReduceMaxOp, ReductionKind::Max>,
               GlobalPoolLowering<GlobalAveragePoolOp, ReductionKind::Mean>,
               GlobalPoolLowering<GlobalMaxPoolOp, ReductionKind::Max>>(patterns.getContext());
}

} // namespace mlir::qc
