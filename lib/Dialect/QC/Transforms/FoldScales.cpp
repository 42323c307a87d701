//===- FoldScales.cpp - level-1 integer ops to int32 ops and rescales -----===//
//
// All scale arithmetic of the integer graph happens here, at compile time
// (docs/quantization.md "Integer graph"):
//
//   y = clamp(z_y + rescale_{s_x s_w[m] / s_y}(bias'[m] + sum x * w), range)
//   bias'[m] = bias[m] - z_x * sum over the kernel of w[m, ...]
//
// with the input's codes as stored, so the kernels never subtract a zero
// point. Multipliers and shifts come from the runtime's qc_requant_multiplier.
//
//===----------------------------------------------------------------------===//

#include "IntegerGraph.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/IR/QuantTypeHelpers.h"
#include "quantc/Dialect/QC/Transforms/Passes.h"
#include "quantc/Runtime/KernelABI.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::qc {
#define GEN_PASS_DEF_FOLDSCALES
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

namespace {

/// Fixed-point multipliers and shifts of a per-tensor or per-channel rescale.
struct Requantization {
  SmallVector<int32_t> multipliers, shifts;
};

/// The rescale by each of `scales`, rounded by the runtime's own
/// qc_requant_multiplier; failure for a scale it cannot represent.
FailureOr<Requantization> computeRequantization(ArrayRef<double> scales) {
  Requantization result;
  for (double scale : scales) {
    int32_t multiplier, shift;
    if (qc_requant_multiplier(scale, &multiplier, &shift) != 0)
      return failure();
    result.multipliers.push_back(multiplier);
    result.shifts.push_back(shift);
  }
  return result;
}

/// The output codes a fused Relu/Clip leaves: [qmin, qmax] of the result's
/// grid, narrowed to the quantized bounds of the real range [min, max]
/// (quantizing is monotone, so clamping codes equals clamping reals first).
std::pair<int64_t, int64_t> getClampRange(Type resultType, std::optional<APFloat> min,
                                          std::optional<APFloat> max) {
  auto grid = getPerTensorQuantType(resultType);
  int64_t qmin = grid.getStorageTypeMin(), qmax = grid.getStorageTypeMax();
  auto code = [&](const APFloat &x) {
    return quantizeHalfToEven(x.convertToFloat(), static_cast<float>(grid.getScale()),
                              grid.getZeroPoint(), qmin, qmax);
  };
  return {min ? code(*min) : qmin, max ? code(*max) : qmax};
}

/// rescale(input) by `scales` (one, or one per index of `axis`) onto
/// `resultType`, clamped to [clampMin, clampMax].
FailureOr<Value> createRescale(PatternRewriter &rewriter, Location loc, Value input,
                               RankedTensorType resultType, ArrayRef<double> scales,
                               int64_t axis, int64_t inputZeroPoint, int64_t outputZeroPoint,
                               int64_t clampMin, int64_t clampMax) {
  FailureOr<Requantization> requant = computeRequantization(scales);
  if (failed(requant))
    return failure();
  return RescaleOp::create(rewriter, loc, resultType, input,
                           rewriter.getDenseI32ArrayAttr(requant->multipliers),
                           rewriter.getDenseI32ArrayAttr(requant->shifts),
                           rewriter.getI64IntegerAttr(scales.size() == 1 ? -1 : axis),
                           rewriter.getI64IntegerAttr(inputZeroPoint),
                           rewriter.getI64IntegerAttr(outputZeroPoint),
                           rewriter.getI64IntegerAttr(clampMin),
                           rewriter.getI64IntegerAttr(clampMax))
      .getResult();
}

/// The int8 codes of a constant weight (qc.storage_cast of a qc.constant).
std::optional<SmallVector<int64_t>> getWeightCodes(Value weight) {
  auto storageCast = weight.getDefiningOp<StorageCastOp>();
  if (!storageCast)
    return std::nullopt;
  return getIntegerValues(getConstantElements(storageCast.getInput()));
}

/// bias[c] - z_x * sums[c] as an int32 constant, or failure on int32 overflow.
FailureOr<Value> createCorrectedBias(PatternRewriter &rewriter, Location loc, Value bias,
                                     int64_t inputZeroPoint, ArrayRef<int64_t> sums) {
  SmallVector<int64_t> values(sums.size(), 0);
  if (bias) {
    std::optional<SmallVector<int64_t>> biasValues = getIntegerValues(getConstantElements(bias));
    if (!biasValues)
      return failure();
    values = *biasValues;
  }
  for (auto [value, sum] : llvm::zip_equal(values, sums)) {
    value -= inputZeroPoint * sum;
    if (value < INT32_MIN || value > INT32_MAX)
      return failure();
  }
  return createIntegerConstant(
      rewriter, loc, RankedTensorType::get({static_cast<int64_t>(sums.size())}, rewriter.getI32Type()),
      values, "bias_corrected");
}

/// s_x * s_w[c] / s_y for every weight scale.
SmallVector<double> getAccumulatorScales(Type input, Type weight, Type output) {
  double inputScale = getQuantScales(input).front(), outputScale = getQuantScales(output).front();
  SmallVector<double> scales;
  for (double weightScale : getQuantScales(weight))
    scales.push_back(inputScale * weightScale / outputScale);
  return scales;
}

/// The int8 codes of `weight` as a plain i8 constant.
Value getWeightStorage(Value weight) {
  return weight.getDefiningOp<StorageCastOp>().getInput();
}

struct FoldQuantizedConv : OpRewritePattern<QuantizedConvOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizedConvOp op, PatternRewriter &rewriter) const override {
    std::optional<SmallVector<int64_t>> codes = getWeightCodes(op.getWeight());
    if (!codes)
      return rewriter.notifyMatchFailure(op, "weights are not constant");
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    int64_t channels = weightType.getDimSize(0), perChannel = weightType.getNumElements() / channels;
    SmallVector<int64_t> sums(channels, 0);
    for (auto [i, code] : llvm::enumerate(*codes))
      sums[i / perChannel] += code;
    Location loc = op.getLoc();
    int64_t inputZeroPoint = getPerTensorQuantType(op.getInput().getType()).getZeroPoint();
    FailureOr<Value> bias = createCorrectedBias(rewriter, loc, op.getBias(), inputZeroPoint, sums);
    if (failed(bias))
      return rewriter.notifyMatchFailure(op, "the corrected bias overflows int32");
    auto outputType = cast<RankedTensorType>(op.getType());
    auto accumulators = ConvInt32Op::create(
        rewriter, loc, outputType.clone(rewriter.getI32Type()), op.getInput(),
        getWeightStorage(op.getWeight()), *bias, rewriter.getI64IntegerAttr(inputZeroPoint),
        op.getStridesAttr(), op.getPadsAttr(), op.getDilationsAttr(), op.getGroupAttr(),
        /*weight_layout=*/nullptr, /*packed_weights=*/nullptr);
    auto [clampMin, clampMax] = getClampRange(outputType, op.getOutputMin(), op.getOutputMax());
    FailureOr<Value> rescaled = createRescale(
        rewriter, loc, accumulators, outputType,
        getAccumulatorScales(op.getInput().getType(), weightType, outputType), /*axis=*/1, 0,
        getPerTensorQuantType(outputType).getZeroPoint(), clampMin, clampMax);
    if (failed(rescaled))
      return rewriter.notifyMatchFailure(op, "a rescale is out of the multiplier's range");
    rewriter.replaceOp(op, *rescaled);
    return success();
  }
};

struct FoldQuantizedMatMul : OpRewritePattern<QuantizedMatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizedMatMulOp op, PatternRewriter &rewriter) const override {
    std::optional<SmallVector<int64_t>> codes = getWeightCodes(op.getRhs());
    if (!codes)
      return rewriter.notifyMatchFailure(op, "weights are not constant");
    auto rhsType = cast<RankedTensorType>(op.getRhs().getType());
    bool transposed = op.getTransposeRhs();
    int64_t columns = rhsType.getDimSize(transposed ? 0 : 1), rowLength = rhsType.getDimSize(1);
    SmallVector<int64_t> sums(columns, 0);
    for (auto [i, code] : llvm::enumerate(*codes))
      sums[transposed ? i / rowLength : i % rowLength] += code;
    Location loc = op.getLoc();
    int64_t inputZeroPoint = getPerTensorQuantType(op.getLhs().getType()).getZeroPoint();
    FailureOr<Value> bias = createCorrectedBias(rewriter, loc, op.getBias(), inputZeroPoint, sums);
    if (failed(bias))
      return rewriter.notifyMatchFailure(op, "the corrected bias overflows int32");
    auto outputType = cast<RankedTensorType>(op.getType());
    auto accumulators = MatMulInt32Op::create(
        rewriter, loc, outputType.clone(rewriter.getI32Type()), op.getLhs(),
        getWeightStorage(op.getRhs()), *bias, op.getTransposeRhsAttr(),
        /*weight_layout=*/nullptr, /*packed_weights=*/nullptr);
    auto [clampMin, clampMax] = getClampRange(outputType, op.getOutputMin(), op.getOutputMax());
    FailureOr<Value> rescaled = createRescale(
        rewriter, loc, accumulators, outputType,
        getAccumulatorScales(op.getLhs().getType(), rhsType, outputType), /*axis=*/1, 0,
        getPerTensorQuantType(outputType).getZeroPoint(), clampMin, clampMax);
    if (failed(rescaled))
      return rewriter.notifyMatchFailure(op, "a rescale is out of the multiplier's range");
    rewriter.replaceOp(op, *rescaled);
    return success();
  }
};

/// The extra bits the Add's common accumulator scale keeps below the inputs'
/// scales: TFLite's left_shift. 8-bit inputs then use at most 28 bits.
constexpr int kAddAccumulatorBits = 20;

struct FoldQuantizedAdd : OpRewritePattern<QuantizedAddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizedAddOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto lhsGrid = getPerTensorQuantType(op.getLhs().getType());
    auto rhsGrid = getPerTensorQuantType(op.getRhs().getType());
    auto outputType = cast<RankedTensorType>(op.getType());
    auto outputGrid = getPerTensorQuantType(outputType);
    double common =
        2.0 * std::max(lhsGrid.getScale(), rhsGrid.getScale()) / std::ldexp(1.0, kAddAccumulatorBits);
    auto int32Type = outputType.clone(rewriter.getI32Type());
    SmallVector<Value> terms;
    for (auto [input, grid] : {std::pair(op.getLhs(), lhsGrid), std::pair(op.getRhs(), rhsGrid)}) {
      FailureOr<Value> term = createRescale(rewriter, loc, input, int32Type, {grid.getScale() / common},
                                            -1, grid.getZeroPoint(), 0, INT32_MIN, INT32_MAX);
      if (failed(term))
        return rewriter.notifyMatchFailure(op, "an input rescale is out of range");
      terms.push_back(*term);
    }
    Value sum = AddOp::create(rewriter, loc, int32Type, terms[0], terms[1]);
    auto [clampMin, clampMax] = getClampRange(outputType, op.getOutputMin(), op.getOutputMax());
    FailureOr<Value> rescaled =
        createRescale(rewriter, loc, sum, outputType, {common / outputGrid.getScale()}, -1, 0,
                      outputGrid.getZeroPoint(), clampMin, clampMax);
    if (failed(rescaled))
      return rewriter.notifyMatchFailure(op, "the output rescale is out of range");
    rewriter.replaceOp(op, *rescaled);
    return success();
  }
};

struct FoldQuantizedGlobalAveragePool : OpRewritePattern<QuantizedGlobalAveragePoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizedGlobalAveragePoolOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto outputType = cast<RankedTensorType>(op.getType());
    auto inputGrid = getPerTensorQuantType(inputType), outputGrid = getPerTensorQuantType(outputType);
    // x - z_x in int32 (a rescale by exactly 1), summed over the window, then
    // one rescale by s_x / (s_y * window).
    FailureOr<Value> centered =
        createRescale(rewriter, loc, op.getInput(), inputType.clone(rewriter.getI32Type()), {1.0},
                      -1, inputGrid.getZeroPoint(), 0, INT32_MIN, INT32_MAX);
    if (failed(centered))
      return failure();
    SmallVector<int64_t> spatialAxes;
    int64_t window = 1;
    for (int64_t d = 2; d < inputType.getRank(); ++d) {
      spatialAxes.push_back(d);
      window *= inputType.getDimSize(d);
    }
    Value sum = ReduceSumOp::create(rewriter, loc, outputType.clone(rewriter.getI32Type()),
                                    *centered, rewriter.getDenseI64ArrayAttr(spatialAxes),
                                    rewriter.getBoolAttr(true));
    FailureOr<Value> rescaled = createRescale(
        rewriter, loc, sum, outputType,
        {inputGrid.getScale() / (outputGrid.getScale() * static_cast<double>(window))}, -1, 0,
        outputGrid.getZeroPoint(), outputGrid.getStorageTypeMin(), outputGrid.getStorageTypeMax());
    if (failed(rescaled))
      return rewriter.notifyMatchFailure(op, "the output rescale is out of range");
    rewriter.replaceOp(op, *rescaled);
    return success();
  }
};

/// dequantize -> quantize between two per-tensor grids: one rescale by
/// s_in / s_out (the same grid: nothing).
struct FoldRequantizeChain : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp op, PatternRewriter &rewriter) const override {
    auto dq = op.getInput().getDefiningOp<DequantizeOp>();
    if (!dq)
      return failure();
    if (dq.getInput().getType() == op.getType()) {
      rewriter.replaceOp(op, dq.getInput());
      return success();
    }
    auto inputGrid = getPerTensorQuantType(dq.getInput().getType());
    auto outputGrid = getPerTensorQuantType(op.getType());
    if (!inputGrid || !outputGrid)
      return rewriter.notifyMatchFailure(op, "a per-axis requantization");
    FailureOr<Value> rescaled = createRescale(
        rewriter, op.getLoc(), dq.getInput(), cast<RankedTensorType>(op.getType()),
        {inputGrid.getScale() / outputGrid.getScale()}, -1, inputGrid.getZeroPoint(),
        outputGrid.getZeroPoint(), outputGrid.getStorageTypeMin(), outputGrid.getStorageTypeMax());
    if (failed(rescaled))
      return rewriter.notifyMatchFailure(op, "the rescale is out of range");
    rewriter.replaceOp(op, *rescaled);
    return success();
  }
};

struct FoldScalesPass : qc::impl::FoldScalesBase<FoldScalesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldScalesPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // What the patterns could not fold is reported once, at the op (whose
    // location names the ONNX node).
    WalkResult result = getOperation().walk([](Operation *op) {
      if (!isa<QuantizedConvOp, QuantizedMatMulOp, QuantizedAddOp, QuantizedGlobalAveragePoolOp>(op))
        return WalkResult::advance();
      op->emitError() << "cannot fold the scales of " << op->getName()
                      << ": it needs constant int8 weights, an int32 bias that stays in "
                         "range after the zero-point correction, and rescales in (2^-32, 2^30)";
      return WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace

void mlir::qc::populateFoldScalesPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldQuantizedConv, FoldQuantizedMatMul, FoldQuantizedAdd,
               FoldQuantizedGlobalAveragePool, FoldRequantizeChain>(patterns.getContext());
}
