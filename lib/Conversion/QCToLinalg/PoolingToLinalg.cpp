//===- PoolingToLinalg.cpp - MaxPool and AveragePool to linalg.generic ----===//
//
// A pool is a linalg.generic over (N, C, outputs..., window...) reading the
// padded input at output * stride + window * dilation, with the window
// dimensions as reductions. The input is padded with the pads ONNX gives
// plus, for ceil_mode, whatever the last partial windows reach past them;
// padding never wins a max (the lowest value of the type) and adds nothing
// to a sum (0).
// AveragePool's divisors depend only on shapes and attributes, so they are
// counted here and become a constant.
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

struct Window {
  ArrayRef<int64_t> kernel, strides, pads, dilations;
};

/// How far the windows of spatial dimension `i` reach past the trailing pad
/// (ceil_mode's partial windows), so that every tap reads a padded element.
int64_t getExtraEndPad(int64_t in, int64_t out, int64_t i, const Window &w) {
  size_t spatial = w.kernel.size();
  int64_t reach = (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] + 1;
  return std::max<int64_t>(0, reach - (in + w.pads[i] + w.pads[i + spatial]));
}

/// The windows of `input` combined by `combine`, starting from `padScalar`,
/// which also fills the padding.
Value buildPool(PatternRewriter &b, Operation *op, Value input, RankedTensorType resultType,
                const Window &w, Value padScalar,
                function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  Location loc = op->getLoc();
  MLIRContext *context = b.getContext();
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t spatial = static_cast<int64_t>(w.kernel.size());

  SmallVector<OpFoldResult> low(2, b.getIndexAttr(0)), high(2, b.getIndexAttr(0));
  SmallVector<int64_t> paddedShape(inputType.getShape().take_front(2));
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t in = inputType.getDimSize(i + 2);
    int64_t extra = getExtraEndPad(in, resultType.getDimSize(i + 2), i, w);
    low.push_back(b.getIndexAttr(w.pads[i]));
    high.push_back(b.getIndexAttr(w.pads[i + spatial] + extra));
    paddedShape.push_back(in + w.pads[i] + w.pads[i + spatial] + extra);
  }
  Value padded = tensor::PadOp::create(b, loc, inputType.clone(paddedShape), input, low, high,
                                       padScalar);

  // Loop dimensions: n, c, outputs (spatial), window taps (spatial).
  int64_t loops = 2 + 2 * spatial;
  SmallVector<AffineExpr> inputExprs{getAffineDimExpr(0, context),
                                     getAffineDimExpr(1, context)};
  SmallVector<AffineExpr> windowExprs;
  for (int64_t i = 0; i < spatial; ++i) {
    AffineExpr outDim = getAffineDimExpr(2 + i, context);
    AffineExpr tapDim = getAffineDimExpr(2 + spatial + i, context);
    inputExprs.push_back(outDim * w.strides[i] + tapDim * w.dilations[i]);
    windowExprs.push_back(tapDim);
  }
  SmallVector<AffineExpr> outputExprs;
  for (int64_t d = 0; d < 2 + spatial; ++d)
    outputExprs.push_back(getAffineDimExpr(d, context));
  SmallVector<AffineMap> maps{AffineMap::get(loops, 0, inputExprs, context),
                              AffineMap::get(loops, 0, windowExprs, context),
                              AffineMap::get(loops, 0, outputExprs, context)};
  SmallVector<utils::IteratorType> iterators(2 + spatial, utils::IteratorType::parallel);
  iterators.append(spatial, utils::IteratorType::reduction);

  // The window operand only gives the reduction loops their extent.
  Value windowShape =
      tensor::EmptyOp::create(b, loc, w.kernel, inputType.getElementType());
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  init = linalg::FillOp::create(b, loc, padScalar, init).getResult(0);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ValueRange{padded, windowShape}, ValueRange{init},
             maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, combine(nb, nloc, args[0], args[2]));
             })
      .getResult(0);
}

struct MaxPoolLowering : OpRewritePattern<MaxPoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MaxPoolOp op, PatternRewriter &rewriter) const override {
    Value padScalar =
        createLowestScalar(rewriter, op.getLoc(), op.getType().getElementType());
    Window w{op.getKernelShape(), op.getStrides(), op.getPads(), op.getDilations()};
    Value result = buildPool(rewriter, op, op.getInput(), op.getType(), w, padScalar,
                             [](OpBuilder &b, Location l, Value x, Value acc) {
                               return createMaximum(b, l, x, acc);
                             });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct AveragePoolLowering : OpRewritePattern<AveragePoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AveragePoolOp op, PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    SmallVector<int64_t> ones(op.getKernelShape().size(), 1);
    Window w{op.getKernelShape(), op.getStrides(), op.getPads(), ones};
    Value zero = arith::ConstantOp::create(rewriter, op.getLoc(), rewriter.getZeroAttr(elementType));
    Value sum = buildPool(rewriter, op, op.getInput(), type, w, zero,
                          [](OpBuilder &b, Location l, Value x, Value acc) {
                            return arith::AddFOp::create(b, l, x, acc).getResult();
                          });

    // Divisors per output position: the taps inside the input, or with
    // count_include_pad inside the padded input, never those of ceil_mode's
    // partial windows beyond the pads (as ONNX Runtime counts).
    int64_t spatial = static_cast<int64_t>(w.kernel.size());
    ArrayRef<int64_t> outShape = type.getShape().drop_front(2);
    SmallVector<float> counts;
    SmallVector<int64_t> index(spatial, 0);
    int64_t positions = 1;
    for (int64_t d : outShape)
      positions *= d;
    for (int64_t p = 0; p < positions; ++p) {
      int64_t count = 1;
      for (int64_t i = 0; i < spatial; ++i) {
        int64_t in = inputType.getDimSize(i + 2);
        int64_t lo = op.getCountIncludePad() ? -w.pads[i] : 0;
        int64_t hi = op.getCountIncludePad() ? in + w.pads[i + spatial] : in;
        int64_t start = index[i] * w.strides[i] - w.pads[i];
        int64_t end = start + w.kernel[i];
        count *= std::max<int64_t>(0, std::min(end, hi) - std::max(start, lo));
      }
      counts.push_back(static_cast<float>(std::max<int64_t>(count, 1)));
      for (int64_t i = spatial - 1; i >= 0; --i) {
        if (++index[i] < outShape[i])
          break;
        index[i] = 0;
      }
    }
    if (!elementType.isF32())
      return rewriter.notifyMatchFailure(op, "only f32 average pooling is lowered yet");
    auto countsType = RankedTensorType::get(outShape, elementType);
    Value divisors = arith::ConstantOp::create(
        rewriter, op.getLoc(), DenseElementsAttr::get(countsType, ArrayRef<float>(counts)));
    MLIRContext *context = rewriter.getContext();
    int64_t rank = type.getRank();
    SmallVector<AffineExpr> spatialExprs;
    for (int64_t d = 2; d < rank; ++d)
      spatialExprs.push_back(getAffineDimExpr(d, context));
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(rank),
                                AffineMap::get(rank, 0, spatialExprs, context)};
    Value result = buildParallelGeneric(
        rewriter, op.getLoc(), type, {sum, divisors}, maps,
        [](OpBuilder &b, Location l, ValueRange args) {
          return arith::DivFOp::create(b, l, args[0], args[1]).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populatePoolingToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPoolLowering, AveragePoolLowering>(patterns.getContext());
}

} // namespace mlir::qc
