//===- DataMovementToTensor.cpp - qc shape ops to tensor/linalg -----------===//
//
// Ops that only move elements: reshapes become tensor.reshape with a
// constant shape, Transpose becomes linalg.transpose, Concat a chain of
// tensor.insert_slice, Slice a strided tensor.extract_slice, constant-mode Pad
// a tensor.pad (after an extract_slice for negative pads), Gather a
// linalg.generic that extracts data at the gathered index. None of these
// look at element values, so every element type lowers.
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
    // extract_slice strides are positive; backward slices need a gather.
    if (llvm::any_of(op.getSteps(), [](int64_t step) { return step < 0; }))
      return rewriter.notifyMatchFailure(op, "negative steps are not lowered yet");
    SmallVector<OpFoldResult> offsets, sizes, strides;
    for (auto [start, size, step] :
         llvm::zip(op.getStarts(), op.getType().getShape(), op.getSteps())) {
      offsets.push_back(rewriter.getIndexAttr(start));
      sizes.push_back(rewriter.getIndexAttr(size));
      strides.push_back(rewriter.getIndexAttr(step));
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(op, op.getType(), op.getInput(),
                                                        offsets, sizes, strides);
    return success();
  }
};

struct PadLowering : OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PadOp op, PatternRewriter &rewriter) const override {
    if (op.getMode() != PadMode::constant)
      return rewriter.notifyMatchFailure(op, "reflect and edge padding are not lowered yet");
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    Type elementType = inputType.getElementType();
    int64_t rank = inputType.getRank();
    ArrayRef<int64_t> pads = op.getPads();

    // Negative pads crop first; what is left pads with the constant.
    Value input = op.getInput();
    SmallVector<OpFoldResult> offsets, sizes, strides, low, high;
    SmallVector<int64_t> croppedShape;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t cropBegin = std::max<int64_t>(0, -pads[d]);
      int64_t cropEnd = std::max<int64_t>(0, -pads[d + rank]);
      croppedShape.push_back(inputType.getDimSize(d) - cropBegin - cropEnd);
      offsets.push_back(rewriter.getIndexAttr(cropBegin));
      sizes.push_back(rewriter.getIndexAttr(croppedShape.back()));
      strides.push_back(rewriter.getIndexAttr(1));
      low.push_back(rewriter.getIndexAttr(std::max<int64_t>(0, pads[d])));
      high.push_back(rewriter.getIndexAttr(std::max<int64_t>(0, pads[d + rank])));
    }
    if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
      input = tensor::ExtractSliceOp::create(rewriter, loc, inputType.clone(croppedShape), input,
                                             offsets, sizes, strides);
    TypedAttr value;
    if (isa<FloatType>(elementType))
      value = rewriter.getFloatAttr(elementType, op.getValue().convertToDouble());
    else if (elementType.isSignlessInteger())
      value = rewriter.getIntegerAttr(elementType,
                                      static_cast<int64_t>(op.getValue().convertToDouble()));
    else
      return rewriter.notifyMatchFailure(op, "element type not supported yet");
    Value padValue = arith::ConstantOp::create(rewriter, loc, value);
    rewriter.replaceOpWithNewOp<tensor::PadOp>(op, op.getType(), input, low, high, padValue);
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
