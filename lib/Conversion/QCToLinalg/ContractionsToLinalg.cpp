//===- ContractionsToLinalg.cpp - Conv, Gemm, MatMul to linalg.generic ----===//
//
// The portable lowering of the heavy ops: one linalg.generic each, with the
// contracted dimensions as reduction loops. It is the reference the runtime
// kernels are checked against and the fallback for targets without them.
//
//   Conv:   out[n, m, o...] = bias[m] + sum_{c, k...}
//             in[n, (m floordiv M/G) * C/G + c, o * s + k * d] * w[m, c, k...]
//   ConvTranspose: a stride-1 Conv over the input with s - 1 zeros between
//             its elements and (K - 1) * d - pad zeros around them (plus
//             output_padding at the end; negative amounts crop), with the
//             kernel flipped and its channel dimensions swapped:
//             w'[m, c, k...] = w[(m floordiv M/G) * C/G + c, m mod M/G, K - 1 - k...]
//   MatMul: numpy.matmul with broadcast batch dimensions
//   Gemm:   alpha * op(A) op(B) + beta * C
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

AffineExpr dim(int64_t d, MLIRContext *context) { return getAffineDimExpr(d, context); }

/// A zero-filled accumulator of `type`.
Value buildZeros(OpBuilder &b, Location loc, RankedTensorType type) {
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

/// acc + x * y, in the element type's arithmetic (floats, or the signless
/// integers of the integer contractions).
Value multiplyAccumulate(OpBuilder &b, Location loc, Value x, Value y, Value acc) {
  if (isa<IntegerType>(acc.getType())) {
    Value product = arith::MulIOp::create(b, loc, x, y);
    return arith::AddIOp::create(b, loc, acc, product);
  }
  Value product = arith::MulFOp::create(b, loc, x, y);
  return arith::AddFOp::create(b, loc, acc, product);
}

/// init + sum of lhs * rhs over the reduction loops.
Value buildContraction(OpBuilder &b, Location loc, RankedTensorType type, Value lhs, Value rhs,
                       Value init, ArrayRef<AffineMap> maps,
                       ArrayRef<utils::IteratorType> iterators) {
  return linalg::GenericOp::create(b, loc, TypeRange{type}, ValueRange{lhs, rhs},
                                   ValueRange{init}, maps, iterators,
                                   [](OpBuilder &nb, Location nloc, ValueRange args) {
                                     linalg::YieldOp::create(
                                         nb, nloc,
                                         multiplyAccumulate(nb, nloc, args[0], args[1], args[2]));
                                   })
      .getResult(0);
}

} // namespace

Value buildConvolution(OpBuilder &b, Location loc, RankedTensorType type, Value input,
                       Value weight, Value bias, ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                       ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations, int64_t group,
                       Value padValue) {
  MLIRContext *context = b.getContext();
  auto inputType = cast<RankedTensorType>(input.getType());
  auto weightType = cast<RankedTensorType>(weight.getType());
  int64_t spatial = inputType.getRank() - 2;
  int64_t channelsPerGroup = weightType.getDimSize(1);
  int64_t outputsPerGroup = weightType.getDimSize(0) / group;

  Value padded = input;
  if (llvm::any_of(low, [](int64_t p) { return p != 0; }) ||
      llvm::any_of(high, [](int64_t p) { return p != 0; })) {
    SmallVector<OpFoldResult> lowAttrs(2, b.getIndexAttr(0)), highAttrs(2, b.getIndexAttr(0));
    SmallVector<int64_t> paddedShape(inputType.getShape().take_front(2));
    for (int64_t i = 0; i < spatial; ++i) {
      lowAttrs.push_back(b.getIndexAttr(low[i]));
      highAttrs.push_back(b.getIndexAttr(high[i]));
      paddedShape.push_back(inputType.getDimSize(i + 2) + low[i] + high[i]);
    }
    if (!padValue)
      padValue = arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
    padded = tensor::PadOp::create(b, loc, inputType.clone(paddedShape), input, lowAttrs,
                                   highAttrs, padValue);
  }

  // Loops: n, m, outputs..., c, taps...
  int64_t loops = 2 + spatial + 1 + spatial;
  AffineExpr n = dim(0, context), m = dim(1, context), c = dim(2 + spatial, context);
  SmallVector<AffineExpr> inputExprs{n, m.floorDiv(outputsPerGroup) * channelsPerGroup + c};
  SmallVector<AffineExpr> weightExprs{m, c}, outputExprs{n, m};
  for (int64_t i = 0; i < spatial; ++i) {
    AffineExpr out = dim(2 + i, context), tap = dim(3 + spatial + i, context);
    inputExprs.push_back(out * strides[i] + tap * dilations[i]);
    weightExprs.push_back(tap);
    outputExprs.push_back(out);
  }
  SmallVector<AffineMap> maps{AffineMap::get(loops, 0, inputExprs, context),
                              AffineMap::get(loops, 0, weightExprs, context),
                              AffineMap::get(loops, 0, outputExprs, context)};
  SmallVector<utils::IteratorType> iterators(2 + spatial, utils::IteratorType::parallel);
  iterators.append(1 + spatial, utils::IteratorType::reduction);

  AffineMap biasMap = AffineMap::get(type.getRank(), 0, {dim(1, context)}, context);
  Value init =
      bias ? buildParallelGeneric(b, loc, type, bias, biasMap,
                                  [](OpBuilder &, Location, ValueRange args) { return args[0]; })
           : buildZeros(b, loc, type);
  return buildContraction(b, loc, type, padded, weight, init, maps, iterators);
}

Value buildMatMul(OpBuilder &b, Location loc, RankedTensorType type, Value lhs, Value rhs) {
  MLIRContext *context = b.getContext();
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  int64_t batch = type.getRank() - 2;
  // Loops: batch..., i, j, k.
  int64_t loops = batch + 3;
  AffineExpr i = dim(batch, context), j = dim(batch + 1, context), k = dim(batch + 2, context);
  // Batch dimensions broadcast like elementwise operands; the batch loops
  // come first, so the broadcast map's dimensions are the loop dimensions.
  auto operandExprs = [&](RankedTensorType operand, AffineExpr row, AffineExpr col) {
    SmallVector<AffineExpr> exprs(
        getBroadcastMap(operand.getShape().drop_back(2), type.getShape().drop_back(2), context)
            .getResults());
    exprs.push_back(row);
    exprs.push_back(col);
    return exprs;
  };
  SmallVector<AffineExpr> outputExprs;
  for (int64_t d = 0; d < batch; ++d)
    outputExprs.push_back(dim(d, context));
  outputExprs.push_back(i);
  outputExprs.push_back(j);
  SmallVector<AffineMap> maps{AffineMap::get(loops, 0, operandExprs(lhsType, i, k), context),
                              AffineMap::get(loops, 0, operandExprs(rhsType, k, j), context),
                              AffineMap::get(loops, 0, outputExprs, context)};
  SmallVector<utils::IteratorType> iterators(batch + 2, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  Value init = buildZeros(b, loc, type);
  return buildContraction(b, loc, type, lhs, rhs, init, maps, iterators);
}

namespace {

struct ConvLowering : OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvOp op, PatternRewriter &rewriter) const override {
    size_t spatial = op.getStrides().size();
    ArrayRef<int64_t> pads = op.getPads();
    rewriter.replaceOp(op, buildConvolution(rewriter, op.getLoc(), op.getType(), op.getInput(),
                                            op.getWeight(), op.getBias(),
                                            pads.take_front(spatial), pads.drop_front(spatial),
                                            op.getStrides(), op.getDilations(), op.getGroup()));
    return success();
  }
};

struct ConvTransposeLowering : OpRewritePattern<ConvTransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvTransposeOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    int64_t rank = inputType.getRank(), spatial = rank - 2, group = op.getGroup();
    ArrayRef<int64_t> kernel = weightType.getShape().drop_front(2);
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
    ArrayRef<int64_t> pads = op.getPads(), outputPadding = op.getOutputPadding();

    // The input with stride - 1 zeros between its elements.
    Value input = op.getInput();
    SmallVector<int64_t> stuffedShape(inputType.getShape().take_front(2));
    for (int64_t i = 0; i < spatial; ++i)
      stuffedShape.push_back((inputType.getDimSize(i + 2) - 1) * strides[i] + 1);
    if (llvm::any_of(strides, [](int64_t s) { return s > 1; })) {
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0)), sizes,
          steps(2, rewriter.getIndexAttr(1));
      for (int64_t d : inputType.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      for (int64_t s : strides)
        steps.push_back(rewriter.getIndexAttr(s));
      Value zeros = buildZeros(rewriter, loc, inputType.clone(stuffedShape));
      input = tensor::InsertSliceOp::create(rewriter, loc, input, zeros, offsets, sizes, steps);
    }

    // (K - 1) * d - pad zeros in front, (K - 1) * d - pad + output_padding
    // behind; pads beyond the kernel's reach crop the stuffed input instead.
    SmallVector<int64_t> low, high;
    SmallVector<OpFoldResult> cropOffsets(2, rewriter.getIndexAttr(0)), cropSizes,
        unitSteps(rank, rewriter.getIndexAttr(1));
    SmallVector<int64_t> croppedShape(stuffedShape.begin(), stuffedShape.begin() + 2);
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t reach = (kernel[i] - 1) * dilations[i];
      int64_t front = reach - pads[i];
      int64_t back = reach - pads[i + spatial] + outputPadding[i];
      low.push_back(std::max<int64_t>(front, 0));
      high.push_back(std::max<int64_t>(back, 0));
      cropOffsets.push_back(rewriter.getIndexAttr(std::max<int64_t>(-front, 0)));
      croppedShape.push_back(stuffedShape[i + 2] + std::min<int64_t>(front, 0) +
                             std::min<int64_t>(back, 0));
      if (croppedShape.back() < 1)
        return rewriter.notifyMatchFailure(op, "the pads crop the whole input");
    }
    if (croppedShape != stuffedShape) {
      for (int64_t d : croppedShape)
        cropSizes.push_back(rewriter.getIndexAttr(d));
      input = tensor::ExtractSliceOp::create(rewriter, loc, inputType.clone(croppedShape), input,
                                             cropOffsets, cropSizes, unitSteps);
    }

    // The Conv weight: M x C/G x K..., flipped.
    int64_t channelsPerGroup = inputType.getDimSize(1) / group;
    int64_t outputsPerGroup = weightType.getDimSize(1);
    SmallVector<int64_t> convWeightShape{outputsPerGroup * group, channelsPerGroup};
    convWeightShape.append(kernel.begin(), kernel.end());
    AffineExpr m = dim(0, context), c = dim(1, context);
    SmallVector<AffineExpr> exprs{m.floorDiv(outputsPerGroup) * channelsPerGroup + c,
                                  m % outputsPerGroup};
    for (auto [i, size] : llvm::enumerate(kernel))
      exprs.push_back(size - 1 - dim(2 + i, context));
    Value convWeight = buildParallelGeneric(
        rewriter, loc, weightType.clone(convWeightShape), op.getWeight(),
        AffineMap::get(rank, 0, exprs, context),
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });

    SmallVector<int64_t> ones(spatial, 1);
    rewriter.replaceOp(op, buildConvolution(rewriter, loc, op.getType(), input, convWeight,
                                            op.getBias(), low, high, ones, dilations, group));
    return success();
  }
};

struct MatMulLowering : OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatMulOp op, PatternRewriter &rewriter) const override {
    // numpy promotes 1-D operands to matrices; lower only the matrix forms.
    if (cast<RankedTensorType>(op.getLhs().getType()).getRank() < 2 ||
        cast<RankedTensorType>(op.getRhs().getType()).getRank() < 2)
      return rewriter.notifyMatchFailure(op, "vector operands are not lowered yet");
    rewriter.replaceOp(
        op, buildMatMul(rewriter, op.getLoc(), op.getType(), op.getLhs(), op.getRhs()));
    return success();
  }
};

struct GemmLowering : OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GemmOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    AffineExpr i = dim(0, context), j = dim(1, context), k = dim(2, context);
    AffineMap aMap = AffineMap::get(3, 0, op.getTransA() ? ArrayRef<AffineExpr>{k, i}
                                                         : ArrayRef<AffineExpr>{i, k},
                                    context);
    AffineMap bMap = AffineMap::get(3, 0, op.getTransB() ? ArrayRef<AffineExpr>{j, k}
                                                         : ArrayRef<AffineExpr>{k, j},
                                    context);
    AffineMap outMap = AffineMap::get(3, 0, {i, j}, context);

    // beta * C, broadcast to M x N, is the accumulator's start.
    Value init;
    if (Value c = op.getC()) {
      Value beta = arith::ConstantOp::create(
          rewriter, loc, rewriter.getFloatAttr(elementType, op.getBeta().convertToDouble()));
      AffineMap cMap = getBroadcastMap(cast<RankedTensorType>(c.getType()).getShape(),
                                       type.getShape(), context);
      init = buildParallelGeneric(rewriter, loc, type, c, cMap,
                                  [&](OpBuilder &b, Location l, ValueRange args) {
                                    return arith::MulFOp::create(b, l, args[0], beta).getResult();
                                  });
    } else {
      init = buildZeros(rewriter, loc, type);
    }
    Value alpha = arith::ConstantOp::create(
        rewriter, loc, rewriter.getFloatAttr(elementType, op.getAlpha().convertToDouble()));
    SmallVector<utils::IteratorType> iterators{utils::IteratorType::parallel,
                                               utils::IteratorType::parallel,
                                               utils::IteratorType::reduction};
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, ValueRange{op.getA(), op.getB()}, ValueRange{init},
            ArrayRef<AffineMap>{aMap, bMap, outMap}, iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value scaled = arith::MulFOp::create(b, l, args[0], alpha);
              linalg::YieldOp::create(b, l, multiplyAccumulate(b, l, scaled, args[1], args[2]));
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateContractionsToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvLowering, ConvTransposeLowering, MatMulLowering, GemmLowering>(
      patterns.getContext());
}

} // namespace mlir::qc
