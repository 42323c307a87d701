//===- DataMovementToTensor.cpp - qc shape ops to tensor/linalg -----------===//
//
// Ops that only move elements: reshapes become tensor.reshape with a
// constant shape, Transpose becomes linalg.transpose, Concat a chain of
// tensor.insert_slice, forward Slice a strided tensor.extract_slice and
// backward Slice a linalg.generic reading start + step * index. Pad crops
// negative pads with an extract_slice first; constant-mode Pad is then a
// tensor.pad, edge and reflect Pad a linalg.generic extracting at the clamped
// or mirrored index. Gather is a linalg.generic that extracts data at the
// gathered index. None of these look at element values, so every element type
// lowers.
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

template <typename SourceOp>
struct ReshapeLike : OpRewritePattern<SourceOp> {
  using OpRewritePattern<SourceOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(SourceOp op, PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), op.getInput(),
                                     cast<RankedTensorType>(op.getType())));
    return success();
  }
};

struct TransposeLowering : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op, PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), type.getShape(),
                                         type.getElementType());
    auto transpose = linalg::TransposeOp::create(rewriter, op.getLoc(), op.getInput(), init,
                                                 op.getPerm());
    rewriter.replaceOp(op, transpose->getResult(0));
    return success();
  }
};

struct ConcatLowering : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op, PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Location loc = op.getLoc();
    Value result =
        tensor::EmptyOp::create(rewriter, loc, type.getShape(), type.getElementType());
    int64_t axis = op.getAxis(), offset = 0;
    SmallVector<OpFoldResult> strides(type.getRank(), rewriter.getIndexAttr(1));
    for (Value input : op.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes;
      for (int64_t dim : inputType.getShape())
        sizes.push_back(rewriter.getIndexAttr(dim));
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result, offsets, sizes,
                                             strides);
      offset += inputType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceLowering : OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SliceOp op, PatternRewriter &rewriter) const override {
    // extract_slice strides are positive: a backward slice reads its input
    // through the map start + step * index instead.
    if (llvm::any_of(op.getSteps(), [](int64_t step) { return step < 0; })) {
      MLIRContext *context = rewriter.getContext();
      SmallVector<AffineExpr> exprs;
      for (auto [d, start, step] : llvm::enumerate(op.getStarts(), op.getSteps()))
        exprs.push_back(getAffineConstantExpr(start, context) +
                        getAffineDimExpr(d, context) * step);
      AffineMap map = AffineMap::get(op.getType().getRank(), 0, exprs, context);
      rewriter.replaceOp(op, buildParallelGeneric(
                                 rewriter, op.getLoc(), op.getType(), op.getInput(), map,
                                 [](OpBuilder &, Location, ValueRange args) { return args[0]; }));
      return success();
    }
    SmallVector<OpFoldResult> offsets, sizes, strides;
    for (auto [start, size, step] :
         llvm::zip(op.getStarts(), op.getType().getShape(), op.getSteps())) {
      // An empty slice may start at the end, where extract_slice takes no offset.
      offsets.push_back(rewriter.getIndexAttr(size == 0 ? 0 : start));
      sizes.push_back(rewriter.getIndexAttr(size));
      strides.push_back(rewriter.getIndexAttr(step));
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(op, op.getType(), op.getInput(),
                                                        offsets, sizes, strides);
    return success();
  }
};

/// The input index that pad mode `mode` reads for `index` (an output index
/// minus the leading pad) in a dimension of `size` elements: edge clamps to
/// [0, size), reflect mirrors at the first and last element without repeating
/// them (pads are smaller than the dimension), |i| then size-1 - |size-1 - i|.
Value getPaddedSourceIndex(OpBuilder &b, Location loc, PadMode mode, Value index, int64_t size) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value last = arith::ConstantIndexOp::create(b, loc, size - 1);
  if (mode == PadMode::edge)
    return arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, index, zero), last);
  auto abs = [&](Value x) {
    return arith::MaxSIOp::create(b, loc, x, arith::SubIOp::create(b, loc, zero, x));
  };
  Value fromLast = arith::SubIOp::create(b, loc, last, abs(index));
  return arith::SubIOp::create(b, loc, last, abs(fromLast));
}

struct PadLowering : OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PadOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    Type elementType = inputType.getElementType();
    int64_t rank = inputType.getRank();
    ArrayRef<int64_t> pads = op.getPads();

    // Negative pads crop first (in every mode, as ONNX Runtime does); what is
    // left pads the cropped input.
    Value input = op.getInput();
    SmallVector<OpFoldResult> offsets, sizes, strides, low, high;
    SmallVector<int64_t> croppedShape, lowPads;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t cropBegin = std::max<int64_t>(0, -pads[d]);
      int64_t cropEnd = std::max<int64_t>(0, -pads[d + rank]);
      croppedShape.push_back(inputType.getDimSize(d) - cropBegin - cropEnd);
      offsets.push_back(rewriter.getIndexAttr(cropBegin));
      sizes.push_back(rewriter.getIndexAttr(croppedShape.back()));
      strides.push_back(rewriter.getIndexAttr(1));
      lowPads.push_back(std::max<int64_t>(0, pads[d]));
      low.push_back(rewriter.getIndexAttr(lowPads.back()));
      high.push_back(rewriter.getIndexAttr(std::max<int64_t>(0, pads[d + rank])));
    }
    if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
      input = tensor::ExtractSliceOp::create(rewriter, loc, inputType.clone(croppedShape), input,
                                             offsets, sizes, strides);

    if (op.getMode() == PadMode::constant) {
      Value padValue =
          createScalarConstant(rewriter, loc, elementType, op.getValue().convertToDouble());
      rewriter.replaceOpWithNewOp<tensor::PadOp>(op, op.getType(), input, low, high, padValue);
      return success();
    }
    if (llvm::is_contained(croppedShape, 0))
      return rewriter.notifyMatchFailure(op, "nothing to repeat in an empty dimension");
    Value result = buildParallelGeneric(
        rewriter, loc, op.getType(), {}, {}, [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> coordinates;
          for (int64_t d = 0; d < rank; ++d) {
            Value index = linalg::IndexOp::create(b, l, d);
            if (op.getType().getDimSize(d) != croppedShape[d]) {
              index = arith::SubIOp::create(b, l, index,
                                            arith::ConstantIndexOp::create(b, l, lowPads[d]));
              index = getPaddedSourceIndex(b, l, op.getMode(), index, croppedShape[d]);
            }
            coordinates.push_back(index);
          }
          return tensor::ExtractOp::create(b, l, input, coordinates).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct GatherLowering : OpRewritePattern<GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GatherOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType type = op.getType();
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    int64_t axis = op.getAxis(), indexRank = indicesType.getRank();
    // Output dimensions: data[:axis], indices..., data[axis+1:].
    SmallVector<AffineExpr> indexExprs;
    for (int64_t d = 0; d < indexRank; ++d)
      indexExprs.push_back(getAffineDimExpr(axis + d, context));
    SmallVector<AffineMap> maps{AffineMap::get(type.getRank(), 0, indexExprs, context),
                                rewriter.getMultiDimIdentityMap(type.getRank())};
    SmallVector<utils::IteratorType> iterators(type.getRank(), utils::IteratorType::parallel);
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), type.getElementType());
    int64_t axisSize = dataType.getDimSize(axis);
    Value data = op.getData();
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, ValueRange{op.getIndices()}, ValueRange{init}, maps,
            iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              // Negative indices count from the end of the axis.
              Value index = arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
              Value size = arith::ConstantIndexOp::create(b, l, axisSize);
              Value zero = arith::ConstantIndexOp::create(b, l, 0);
              Value negative =
                  arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, index, zero);
              Value wrapped = arith::AddIOp::create(b, l, index, size);
              index = arith::SelectOp::create(b, l, negative, wrapped, index);
              SmallVector<Value> coordinates;
              for (int64_t d = 0; d < axis; ++d)
                coordinates.push_back(linalg::IndexOp::create(b, l, d));
              coordinates.push_back(index);
              for (int64_t d = axis + 1; d < dataType.getRank(); ++d)
                coordinates.push_back(linalg::IndexOp::create(b, l, d - 1 + indexRank));
              linalg::YieldOp::create(b, l,
                                      tensor::ExtractOp::create(b, l, data, coordinates)
                                          .getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateDataMovementToTensorPatterns(RewritePatternSet &patterns) {
  patterns.add<ReshapeLike<ReshapeOp>, ReshapeLike<FlattenOp>, ReshapeLike<SqueezeOp>,
               ReshapeLike<UnsqueezeOp>, TransposeLowering, ConcatLowering, SliceLowering,
               PadLowering, GatherLowering>(patterns.getContext());
}

} // namespace mlir::qc
