//===- FoldBatchNormalization.cpp - BN into the preceding Conv/Gemm -------===//
//
// An inference BatchNormalization is a per-channel affine map
//   y = s * (x - mean) + beta,  s = gamma / sqrt(var + epsilon),
// so after a Conv or Gemm with constant weights it folds into them:
//   W'[m] = s[m] * W[m],  b'[m] = s[m] * (b[m] - mean[m]) + beta[m].
// Quantization must see the folded weights: their range is what gets quantized.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/FoldBatchNormalization.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/IR/PatternMatch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qc;

std::optional<BatchNormChannelAffine> mlir::qc::getBatchNormChannelAffine(BatchNormalizationOp bn) {
  auto gamma = getFloatValues(getConstantElements(bn.getScale()));
  auto beta = getFloatValues(getConstantElements(bn.getBias()));
  auto mean = getFloatValues(getConstantElements(bn.getMean()));
  auto var = getFloatValues(getConstantElements(bn.getVariance()));
  if (!gamma || !beta || !mean || !var)
    return std::nullopt;
  float epsilon = bn.getEpsilon().convertToFloat();
  BatchNormChannelAffine affine;
  for (size_t c = 0; c < gamma->size(); ++c) {
    float s = (*gamma)[c] / std::sqrt((*var)[c] + epsilon);
    affine.scale.push_back(s);
    affine.shift.push_back((*beta)[c] - s * (*mean)[c]);
  }
  return affine;
}

SmallVector<float> mlir::qc::foldBatchNormBias(const BatchNormChannelAffine &affine,
                                               std::optional<SmallVector<float>> oldBias) {
  SmallVector<float> bias;
  for (size_t c = 0; c < affine.scale.size(); ++c)
    bias.push_back(affine.scale[c] * (oldBias ? (*oldBias)[c] : 0.0f) + affine.shift[c]);
  return bias;
}

namespace {

Value makeFloatConstant(PatternRewriter &rewriter, Location loc, ShapedType type,
                        ArrayRef<float> values, StringRef name) {
  return ConstantOp::create(rewriter, loc, type,
                            makeFloatConstantElements(type, values, name));
}

struct FoldBatchNormIntoConv : OpRewritePattern<BatchNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormalizationOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<ConvOp>();
    if (!conv || !conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not a single-use Conv");
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    auto weight = getFloatValues(getConstantElements(conv.getWeight()));
    std::optional<SmallVector<float>> bias;
    if (conv.getBias()) {
      bias = getFloatValues(getConstantElements(conv.getBias()));
      if (!bias)
        return rewriter.notifyMatchFailure(bn, "Conv bias is not constant f32");
    }
    std::optional<BatchNormChannelAffine> affine = getBatchNormChannelAffine(bn);
    if (!weight || !affine)
      return rewriter.notifyMatchFailure(bn, "weights or BN parameters not constant f32");

    int64_t perChannel = weightType.getNumElements() / weightType.getDimSize(0);
    for (size_t i = 0; i < weight->size(); ++i)
      (*weight)[i] *= affine->scale[i / perChannel];

    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    auto biasType = RankedTensorType::get({weightType.getDimSize(0)}, rewriter.getF32Type());
    Value newWeight = makeFloatConstant(rewriter, loc, weightType, *weight, "folded_weight");
    Value newBias = makeFloatConstant(rewriter, loc, biasType, foldBatchNormBias(*affine, bias),
                                      "folded_bias");
    // The folded Conv answers to both nodes' names (qc-insert-fake-quant's
    // --keep-float and policy file name it by its Conv).
    rewriter.replaceOp(bn, ConvOp::create(rewriter, loc, bn.getType(), conv.getInput(),
                                          newWeight, newBias, conv.getStridesAttr(),
                                          conv.getPadsAttr(), conv.getDilationsAttr(),
                                          conv.getGroupAttr()));
    rewriter.eraseOp(conv);
    return success();
  }
};

struct FoldBatchNormIntoGemm : OpRewritePattern<BatchNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormalizationOp bn,
                                PatternRewriter &rewriter) const override {
    auto gemm = bn.getInput().getDefiningOp<GemmOp>();
    if (!gemm || !gemm->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not a single-use Gemm");
    auto bType = cast<RankedTensorType>(gemm.getB().getType());
    auto b = getFloatValues(getConstantElements(gemm.getB()));
    std::optional<BatchNormChannelAffine> affine = getBatchNormChannelAffine(bn);
    if (!b || !affine)
      return rewriter.notifyMatchFailure(bn, "weights or BN parameters not constant f32");
    int64_t n = static_cast<int64_t>(affine->scale.size());

    // y = alpha * A op(B) + beta * C: scale op(B)'s columns; C becomes a
    // per-column vector beta * C that the BN shift then moves.
    std::optional<SmallVector<float>> c;
    if (gemm.getC()) {
      auto cType = cast<RankedTensorType>(gemm.getC().getType());
      c = getFloatValues(getConstantElements(gemm.getC()));
      if (!c)
        return rewriter.notifyMatchFailure(bn, "Gemm C is not constant f32");
      if (cType.getNumElements() == 1)
        c = SmallVector<float>(n, c->front());
      else if (cType.getNumElements() != n || cType.getShape().back() != n)
        return rewriter.notifyMatchFailure(bn, "Gemm C is not per column");
      for (float &value : *c)
        value *= gemm.getBeta().convertToFloat();
    }
    bool transB = gemm.getTransB();
    int64_t cols = bType.getDimSize(1);
    for (size_t i = 0; i < b->size(); ++i)
      (*b)[i] *= affine->scale[transB ? i / cols : i % cols];

    Location loc = rewriter.getFusedLoc({gemm.getLoc(), bn.getLoc()});
    auto cTypeNew = RankedTensorType::get({n}, rewriter.getF32Type());
    Value newB = makeFloatConstant(rewriter, loc, bType, *b, "folded_weight");
    Value newC = makeFloatConstant(rewriter, loc, cTypeNew, foldBatchNormBias(*affine, c),
                                   "folded_bias");
    rewriter.replaceOp(bn, GemmOp::create(rewriter, loc, bn.getType(), gemm.getA(), newB, newC,
                                          gemm.getAlphaAttr(), rewriter.getF32FloatAttr(1.0f),
                                          gemm.getTransAAttr(), gemm.getTransBAttr()));
    rewriter.eraseOp(gemm);
    return success();
  }
};

} // namespace

void BatchNormalizationOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                                       MLIRContext *context) {
  patterns.add<FoldBatchNormIntoConv, FoldBatchNormIntoGemm>(context);
}
