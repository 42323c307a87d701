//===- ConvertToInteger.cpp - fake-quant and QDQ to integer qc ops --------===//
//
// Two steps. First every quantizer with constant parameters is put in one
// form, a qc.quantize / qc.dequantize pair on a !quant.uniform type: a
// fake-quant is quantize-then-dequantize, an ONNX QuantizeLinear is a
// quantize whose codes leave through qc.storage_cast, a DequantizeLinear a
// dequantize of codes that enter through qc.storage_cast (the casts cancel
// between a Q and its DQ). Then the patterns ONNX Runtime's QDQ transformer
// fuses, written on that one form, turn `quantize(op(dequantize(...)))` into
// level-1 integer ops; whatever they leave is float between a dequantize and
// a quantize, so hybrid graphs still run.
//
//===----------------------------------------------------------------------===//

#include "IntegerGraph.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/FoldBatchNormalization.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/IR/QuantTypeHelpers.h"
#include "quantc/Dialect/QC/Transforms/Passes.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <type_traits>

namespace mlir::qc {
#define GEN_PASS_DEF_CONVERTTOINTEGER
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

namespace {

//===----------------------------------------------------------------------===//
// Step 1: quantizers to qc.quantize / qc.dequantize on !quant types
//===----------------------------------------------------------------------===//

/// The !quant type of an ONNX (scale, zero point) pair of constants for codes
/// of `storage` (i8 or ui8), or null if they are not constants of that form.
/// `codeRange` narrows the codes from the whole storage range.
quant::QuantizedType getQuantTypeOfParams(Value scale, Value zeroPoint, int64_t axis,
                                          Type storage,
                                          std::optional<std::pair<int64_t, int64_t>> codeRange = {}) {
  auto storageType = dyn_cast<IntegerType>(storage);
  if (!storageType || storageType.getWidth() != 8)
    return {};
  std::optional<SmallVector<float>> scales = getFloatValues(getConstantElements(scale));
  if (!scales)
    return {};
  SmallVector<int64_t> zeroPoints(scales->size(), 0);
  if (zeroPoint) {
    std::optional<SmallVector<int64_t>> values = getIntegerValues(getConstantElements(zeroPoint));
    if (!values || values->size() != scales->size())
      return {};
    zeroPoints = *values;
  }
  if (llvm::any_of(*scales, [](float s) { return !(s > 0.0f) || !std::isfinite(s); }))
    return {};
  bool isSigned = !storageType.isUnsigned();
  bool perTensor = cast<RankedTensorType>(scale.getType()).getNumElements() == 1 &&
                   cast<RankedTensorType>(scale.getType()).getRank() <= 1;
  auto [qmin, qmax] = codeRange.value_or(
      std::pair<int64_t, int64_t>{isSigned ? -128 : 0, isSigned ? 127 : 255});
  return getQuant8Type(storage.getContext(), isSigned, SmallVector<double>(scales->begin(), scales->end()),
                       zeroPoints, perTensor ? -1 : axis, qmin, qmax);
}

/// The grid `type` with its codes in [qmin, qmax].
quant::QuantizedType withCodeRange(quant::QuantizedType type, int64_t qmin, int64_t qmax) {
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    return quant::UniformQuantizedPerAxisType::get(
        perAxis.getFlags(), perAxis.getStorageType(), perAxis.getExpressedType(),
        perAxis.getScales(), perAxis.getZeroPoints(), perAxis.getQuantizedDimension(), qmin, qmax);
  auto perTensor = cast<quant::UniformQuantizedType>(type);
  return quant::UniformQuantizedType::get(perTensor.getFlags(), perTensor.getStorageType(),
                                          perTensor.getExpressedType(), perTensor.getScale(),
                                          perTensor.getZeroPoint(), qmin, qmax);
}

/// Whether the tensor type `narrow` is the grid of the tensor type `wide`
/// with its codes in a sub-range: its codes are then codes of `wide` too.
bool isNarrowedGrid(Type narrow, Type wide) {
  auto narrowType = dyn_cast<RankedTensorType>(narrow), wideType = dyn_cast<RankedTensorType>(wide);
  if (!narrowType || !wideType || narrowType.getShape() != wideType.getShape())
    return false;
  auto narrowGrid = dyn_cast<quant::QuantizedType>(narrowType.getElementType());
  auto wideGrid = dyn_cast<quant::QuantizedType>(wideType.getElementType());
  return narrowGrid && wideGrid &&
         narrowGrid.getStorageTypeMin() >= wideGrid.getStorageTypeMin() &&
         narrowGrid.getStorageTypeMax() <= wideGrid.getStorageTypeMax() &&
         withCodeRange(narrowGrid, wideGrid.getStorageTypeMin(), wideGrid.getStorageTypeMax()) ==
             wideGrid;
}

/// `codes` (a storage-typed tensor) viewed with `quantType`: a qc.storage_cast,
/// or the value a qc.storage_cast in the other direction started from, on
/// `quantType` or on it narrowed to fewer codes (a QuantizeLinear whose codes
/// PyTorch clips, below).
Value castToQuant(OpBuilder &b, Location loc, Value codes, Type quantType) {
  if (auto storageCast = codes.getDefiningOp<StorageCastOp>())
    if (storageCast.getInput().getType() == quantType ||
        isNarrowedGrid(storageCast.getInput().getType(), quantType))
      return storageCast.getInput();
  return StorageCastOp::create(b, loc, quantType, codes);
}

/// quantize(x) on `type`, folded to the codes when x is a constant (weights),
/// so that later passes see int8 constants.
Value createQuantizedValue(OpBuilder &b, Location loc, Value input, RankedTensorType type) {
  std::optional<SmallVector<float>> values = getFloatValues(getConstantElements(input));
  if (!values)
    return QuantizeOp::create(b, loc, type, input);
  auto quantized = cast<quant::QuantizedType>(type.getElementType());
  SmallVector<double> scales = getQuantScales(type);
  SmallVector<int64_t> zeroPoints = getQuantZeroPoints(type);
  ArrayRef<int64_t> shape = type.getShape();
  int64_t axis = -1, inner = 1;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(quantized)) {
    axis = perAxis.getQuantizedDimension();
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      inner *= shape[d];
  }
  SmallVector<int64_t> codes;
  for (auto [i, x] : llvm::enumerate(*values)) {
    size_t channel = axis < 0 ? 0 : (i / inner) % shape[axis];
    codes.push_back(quantizeHalfToEven(x, static_cast<float>(scales[channel]),
                                       zeroPoints[channel], quantized.getStorageTypeMin(),
                                       quantized.getStorageTypeMax()));
  }
  auto storageType = RankedTensorType::get(shape, getStorageElementType(quantized));
  Value constant = createIntegerConstant(b, loc, storageType, codes, "quantized_weight");
  return StorageCastOp::create(b, loc, type, constant);
}

/// qc.fake_quant with constant parameters on an 8-bit grid !quant.uniform can
/// hold: dequantize(quantize(x)).
LogicalResult convertFakeQuant(FakeQuantOp op) {
  QuantizerSpecAttr spec = op.getSpec();
  if (spec.getGrid() != QuantGrid::affine && spec.getGrid() != QuantGrid::symmetric_narrow)
    return op.emitError() << "fake-quant on the " << stringifyQuantGrid(spec.getGrid())
                          << " grid has no integer form yet (only affine and "
                             "symmetric_narrow convert to integer ops)";
  if (spec.getBits() != 8)
    return op.emitError() << "fake-quant at " << spec.getBits()
                          << " bits: the integer ops take 8-bit codes only";
  if (spec.getGroupSize() > 0)
    return op.emitError("per-group fake-quant has no integer form yet");
  if (spec.getRounding() != RoundingMode::half_to_even)
    return op.emitError("fake-quant must round half to even (ONNX QuantizeLinear) "
                        "to convert to integer ops");
  if (!cast<RankedTensorType>(op.getType()).getElementType().isF32())
    return op.emitError("fake-quant of a non-f32 tensor has no integer form");
  std::optional<SmallVector<float>> scales = getFloatValues(getConstantElements(op.getScale()));
  std::optional<SmallVector<int64_t>> zeroPoints;
  if (op.getZeroPoint())
    zeroPoints = getIntegerValues(getConstantElements(op.getZeroPoint()));
  if (!scales || (op.getZeroPoint() && !zeroPoints))
    return op.emitError("fake-quant parameters must be constants to convert to integer "
                        "ops (freeze the trained scale and zero point first)");
  if (!zeroPoints)
    zeroPoints = SmallVector<int64_t>(scales->size(), 0);
  if (llvm::any_of(*scales, [](float s) { return !(s > 0.0f) || !std::isfinite(s); }))
    return op.emitError("fake-quant scale must be positive and finite");
  auto quantType = getQuant8Type(op.getContext(), spec.getIsSigned(),
                                 SmallVector<double>(scales->begin(), scales->end()),
                                 *zeroPoints, spec.getAxis(), spec.getQMin(), spec.getQMax());
  OpBuilder b(op);
  auto type = cast<RankedTensorType>(op.getType());
  Value codes = createQuantizedValue(b, op.getLoc(), op.getInput(), type.clone(quantType));
  op.replaceAllUsesWith(DequantizeOp::create(b, op.getLoc(), type, codes).getResult());
  op.erase();
  return success();
}

/// A Clip of a QuantizeLinear's codes and the code range it leaves.
struct CodeClip {
  ClipOp clip;
  std::pair<int64_t, int64_t> range;
};

/// The only user of a QuantizeLinear's 8-bit codes when it is a Clip to
/// constant bounds: PyTorch exports a fake-quant on fewer codes than its
/// storage holds (fbgemm's reduce_range activations, [0, 127] in uint8) as
/// QuantizeLinear -> Clip -> DequantizeLinear.
std::optional<CodeClip> getCodeClip(QuantizeLinearOp op) {
  auto storage = cast<IntegerType>(cast<RankedTensorType>(op.getType()).getElementType());
  if (!op->hasOneUse() || storage.getWidth() != 8)
    return std::nullopt;
  auto clip = dyn_cast<ClipOp>(*op->user_begin());
  if (!clip)
    return std::nullopt;
  int64_t qmin = storage.isUnsigned() ? 0 : -128, qmax = storage.isUnsigned() ? 255 : 127;
  // Narrows [qmin, qmax] by a bound, absent or a constant scalar.
  auto narrow = [](Value bound, int64_t &code, const auto &tighter) {
    if (!bound)
      return true;
    auto values = getIntegerValues(getConstantElements(bound));
    if (!values || values->size() != 1)
      return false;
    code = tighter(code, values->front());
    return true;
  };
  auto max = [](int64_t a, int64_t b) { return std::max(a, b); };
  auto min = [](int64_t a, int64_t b) { return std::min(a, b); };
  if (!narrow(clip.getMin(), qmin, max) || !narrow(clip.getMax(), qmax, min) || qmin > qmax)
    return std::nullopt;
  return CodeClip{clip, {qmin, qmax}};
}

/// QuantizeLinear with constant parameters and 8-bit codes; a Clip of its
/// codes to constant bounds becomes part of its grid.
void convertQuantizeLinear(QuantizeLinearOp op) {
  auto resultType = cast<RankedTensorType>(op.getType());
  std::optional<CodeClip> codeClip = getCodeClip(op);
  auto quantType = getQuantTypeOfParams(
      op.getScale(), op.getZeroPoint(), op.getAxis(), resultType.getElementType(),
      codeClip ? std::optional(codeClip->range) : std::nullopt);
  if (!quantType || !cast<RankedTensorType>(op.getInput().getType()).getElementType().isF32())
    return;
  OpBuilder b(op);
  Value codes = createQuantizedValue(b, op.getLoc(), op.getInput(), resultType.clone(quantType));
  Value storage = StorageCastOp::create(b, op.getLoc(), resultType, codes);
  if (codeClip) {
    codeClip->clip.replaceAllUsesWith(storage);
    codeClip->clip.erase();
  }
  op.replaceAllUsesWith(storage);
  op.erase();
}

/// DequantizeLinear of 8-bit codes with constant parameters.
void convertDequantizeLinear(DequantizeLinearOp op) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto quantType = getQuantTypeOfParams(op.getScale(), op.getZeroPoint(), op.getAxis(),
                                        inputType.getElementType());
  if (!quantType || !cast<RankedTensorType>(op.getType()).getElementType().isF32())
    return;
  OpBuilder b(op);
  Value codes = castToQuant(b, op.getLoc(), op.getInput(), inputType.clone(quantType));
  op.replaceAllUsesWith(DequantizeOp::create(b, op.getLoc(), op.getType(), codes).getResult());
  op.erase();
}

/// The real values of a bias: a float constant, or a DequantizeLinear'd
/// integer constant with zero point 0.
std::optional<SmallVector<float>> getFloatBiasValues(Value bias) {
  if (auto values = getFloatValues(getConstantElements(bias)))
    return values;
  auto dq = bias.getDefiningOp<DequantizeLinearOp>();
  if (!dq)
    return std::nullopt;
  auto codes = getIntegerValues(getConstantElements(dq.getInput()));
  auto scales = getFloatValues(getConstantElements(dq.getScale()));
  if (!codes || !scales)
    return std::nullopt;
  if (dq.getZeroPoint()) {
    auto zeroPoints = getIntegerValues(getConstantElements(dq.getZeroPoint()));
    if (!zeroPoints || llvm::any_of(*zeroPoints, [](int64_t z) { return z != 0; }))
      return std::nullopt;
  }
  SmallVector<float> values;
  for (auto [c, code] : llvm::enumerate(*codes))
    values.push_back(static_cast<float>(code) * (*scales)[scales->size() == 1 ? 0 : c]);
  return values;
}

/// The int32 bias of an integer Conv/MatMul over `channels` output channels:
/// a DequantizeLinear'd int32 constant taken as is when its scales are
/// s_x * s_w[c] in float32 (ONNX Runtime's quantizer), otherwise the real
/// bias quantized at s_x * s_w[c] (half to even, saturated). Null when there
/// is no bias; failure when it is not a constant of `channels` values.
FailureOr<Value> getInt32Bias(OpBuilder &b, Location loc, Value bias, double inputScale,
                              ArrayRef<double> weightScales, int64_t channels) {
  if (!bias)
    return Value();
  auto biasScale = [&](int64_t c) {
    return static_cast<float>(inputScale) *
           static_cast<float>(weightScales[weightScales.size() == 1 ? 0 : c]);
  };
  auto int32Type = RankedTensorType::get({channels}, b.getI32Type());
  if (auto dq = bias.getDefiningOp<DequantizeLinearOp>()) {
    auto scales = getFloatValues(getConstantElements(dq.getScale()));
    auto zeroPoints = dq.getZeroPoint()
                          ? getIntegerValues(getConstantElements(dq.getZeroPoint()))
                          : SmallVector<int64_t>{0};
    if (scales && zeroPoints && llvm::all_of(*zeroPoints, [](int64_t z) { return z == 0; }) &&
        dq.getInput().getType() == int32Type && getConstantElements(dq.getInput()) &&
        llvm::all_of(llvm::seq<int64_t>(0, channels), [&](int64_t c) {
          return (*scales)[scales->size() == 1 ? 0 : c] == biasScale(c);
        }))
      return dq.getInput();
  }
  std::optional<SmallVector<float>> values = getFloatBiasValues(bias);
  if (!values || static_cast<int64_t>(values->size()) != channels)
    return failure();
  SmallVector<int64_t> codes;
  for (auto [c, x] : llvm::enumerate(*values))
    codes.push_back(quantizeHalfToEven(x, biasScale(c), 0, INT32_MIN, INT32_MAX));
  return createIntegerConstant(b, loc, int32Type, codes, "bias_int32");
}

//===----------------------------------------------------------------------===//
// Step 2: quantize(op(dequantize(...))) to level-1 integer ops
//===----------------------------------------------------------------------===//

/// The codes `value` dequantizes, or null.
Value getDequantizedCodes(Value value) {
  auto dq = value.getDefiningOp<DequantizeOp>();
  return dq ? dq.getInput() : Value();
}

/// A fused Relu, or Clip with constant bounds, between an op and its
/// quantize: its real output range.
struct OutputRange {
  Value producer; // what the activation reads
  FloatAttr min, max;
};

OutputRange getOutputRange(Builder &b, Value quantizeInput) {
  Operation *op = quantizeInput.getDefiningOp();
  if (!op || !op->hasOneUse())
    return {quantizeInput, {}, {}};
  if (auto relu = dyn_cast<ReluOp>(op))
    return {relu.getInput(), b.getF64FloatAttr(0.0), {}};
  if (auto clip = dyn_cast<ClipOp>(op)) {
    auto bound = [&](Value v) -> std::optional<FloatAttr> {
      if (!v)
        return FloatAttr();
      auto values = getFloatValues(getConstantElements(v));
      if (!values || values->size() != 1)
        return std::nullopt;
      return b.getF64FloatAttr(values->front());
    };
    auto min = bound(clip.getMin()), max = bound(clip.getMax());
    if (min && max)
      return {clip.getInput(), *min, *max};
  }
  return {quantizeInput, {}, {}};
}

/// A weight grid the integer kernels take: signed codes with zero point 0, per
/// tensor or along `channelAxis`.
bool isSymmetricWeightGrid(Type quantTensorType, int64_t channelAxis) {
  auto quantized = dyn_cast<quant::QuantizedType>(
      cast<RankedTensorType>(quantTensorType).getElementType());
  if (!quantized || !quantized.isSigned())
    return false;
  if (auto perAxis = getPerAxisQuantType(quantTensorType))
    if (perAxis.getQuantizedDimension() != channelAxis)
      return false;
  return llvm::all_of(getQuantZeroPoints(quantTensorType), [](int64_t z) { return z == 0; });
}

/// Weights an integer op can take: constant int8 codes (a storage cast of a
/// constant) on a symmetric grid.
bool isSymmetricConstantWeight(Value codes, int64_t channelAxis) {
  auto storageCast = codes ? codes.getDefiningOp<StorageCastOp>() : nullptr;
  return storageCast && getConstantElements(storageCast.getInput()) &&
         isSymmetricWeightGrid(codes.getType(), channelAxis);
}

/// Per-tensor 8-bit activation codes (what the integer ops read and write).
bool isPerTensorActivation(Value codes) {
  return codes && getPerTensorQuantType(codes.getType());
}

/// A per-channel affine map y = s[m] * conv + t[m] after a Conv on
/// dequantized constant int8 weights folded exactly into the weights' grid,
/// whose scale of channel m becomes s_w[m] * |s[m]| (codes negated where
/// s[m] < 0), and into the float bias s * b + t. `affineOp` is replaced.
LogicalResult foldChannelAffineIntoQuantizedConv(PatternRewriter &rewriter, Operation *affineOp,
                                                 ConvOp conv,
                                                 const BatchNormChannelAffine &affine) {
  if (!conv->hasOneUse())
    return rewriter.notifyMatchFailure(affineOp, "input is not a single-use Conv");
  Value weight = getDequantizedCodes(conv.getWeight());
  if (!isSymmetricConstantWeight(weight, 0))
    return rewriter.notifyMatchFailure(affineOp, "the Conv weights are not constant int8");
  std::optional<SmallVector<float>> bias;
  if (conv.getBias() && !(bias = getFloatBiasValues(conv.getBias())))
    return rewriter.notifyMatchFailure(affineOp, "the Conv bias is not constant");
  auto weightType = cast<RankedTensorType>(weight.getType());
  auto grid = cast<quant::QuantizedType>(weightType.getElementType());
  SmallVector<int64_t> codes = *getIntegerValues(
      getConstantElements(weight.getDefiningOp<StorageCastOp>().getInput()));
  int64_t channels = weightType.getDimSize(0), perChannel = weightType.getNumElements() / channels;
  if (static_cast<int64_t>(affine.scale.size()) != channels)
    return rewriter.notifyMatchFailure(affineOp, "not one scale per output channel");
  SmallVector<double> weightScales = getQuantScales(weightType), scales;
  for (int64_t m = 0; m < channels; ++m) {
    float s = affine.scale[m];
    if (s == 0.0f || !std::isfinite(s))
      return rewriter.notifyMatchFailure(affineOp, "a channel scale is 0 or not finite");
    scales.push_back(weightScales[weightScales.size() == 1 ? 0 : m] * std::fabs(s));
    if (s > 0.0f)
      continue;
    for (int64_t i = m * perChannel; i < (m + 1) * perChannel; ++i) {
      if (-codes[i] > grid.getStorageTypeMax())
        return rewriter.notifyMatchFailure(affineOp, "a negated code leaves the grid");
      codes[i] = -codes[i];
    }
  }
  Location loc = rewriter.getFusedLoc({conv.getLoc(), affineOp->getLoc()});
  auto foldedType = weightType.clone(getQuant8Type(
      rewriter.getContext(), /*isSigned=*/true, scales, SmallVector<int64_t>(channels, 0),
      /*axis=*/0, grid.getStorageTypeMin(), grid.getStorageTypeMax()));
  Value foldedCodes = createIntegerConstant(
      rewriter, loc, RankedTensorType::get(weightType.getShape(), getStorageElementType(grid)),
      codes, "folded_weight");
  Value foldedWeight = DequantizeOp::create(
      rewriter, loc, conv.getWeight().getType(),
      StorageCastOp::create(rewriter, loc, foldedType, foldedCodes));
  auto biasType = RankedTensorType::get({channels}, rewriter.getF32Type());
  Value foldedBias = ConstantOp::create(
      rewriter, loc, biasType,
      makeFloatConstantElements(biasType, foldBatchNormBias(affine, bias), "folded_bias"));
  rewriter.replaceOpWithNewOp<ConvOp>(affineOp, affineOp->getResult(0).getType(), conv.getInput(),
                                      foldedWeight, foldedBias, conv.getStridesAttr(),
                                      conv.getPadsAttr(), conv.getDilationsAttr(),
                                      conv.getGroupAttr());
  return success();
}

/// A BatchNormalization still after a Conv on dequantized constant int8
/// weights (QAT exports) folds into the weights' grid and the bias.
struct FoldBatchNormIntoQuantizedWeights : OpRewritePattern<BatchNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormalizationOp bn, PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<ConvOp>();
    std::optional<BatchNormChannelAffine> affine = getBatchNormChannelAffine(bn);
    if (!conv || !affine)
      return rewriter.notifyMatchFailure(bn, "not a Conv's output, or BN parameters not constant");
    return foldChannelAffineIntoQuantizedConv(rewriter, bn, conv, *affine);
  }
};

/// The per-channel values of a constant f32 operand broadcast against an
/// N x C x ... Conv output: one value, or C along dimension 1. Null otherwise.
std::optional<SmallVector<float>> getChannelValues(Value operand, RankedTensorType convType) {
  auto type = dyn_cast<RankedTensorType>(operand.getType());
  std::optional<SmallVector<float>> values = getFloatValues(getConstantElements(operand));
  int64_t channels = convType.getDimSize(1);
  if (!type || !values || type.getRank() > convType.getRank())
    return std::nullopt;
  int64_t channelDim = 1 - (convType.getRank() - type.getRank());
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.getDimSize(d) != 1 && d != channelDim)
      return std::nullopt;
  if (values->size() == 1)
    return SmallVector<float>(channels, values->front());
  if (static_cast<int64_t>(values->size()) != channels)
    return std::nullopt;
  return values;
}

/// A Mul, Div, Add or Sub of a per-channel constant after a Conv on
/// dequantized constant int8 weights folds the same way. PyTorch's fused
/// Conv+BN QAT modules export as Conv (weights pre-scaled by the BN scale) ->
/// Div (by that scale) -> Add (the Conv bias) -> BatchNormalization.
template <typename OpTy>
struct FoldChannelArithmeticIntoQuantizedWeights : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    auto conv = op.getLhs().template getDefiningOp<ConvOp>();
    if (!conv || op.getType() != conv.getType())
      return rewriter.notifyMatchFailure(op, "lhs is not a Conv of the result's type");
    std::optional<SmallVector<float>> values =
        getChannelValues(op.getRhs(), cast<RankedTensorType>(conv.getType()));
    if (!values)
      return rewriter.notifyMatchFailure(op, "rhs is not a per-channel f32 constant");
    // x * c, x / c, x + c and x - c as s * x + t.
    BatchNormChannelAffine affine;
    for (float c : *values) {
      if constexpr (std::is_same_v<OpTy, MulOp> || std::is_same_v<OpTy, DivOp>) {
        affine.scale.push_back(std::is_same_v<OpTy, MulOp> ? c : 1.0f / c);
        affine.shift.push_back(0.0f);
      } else {
        affine.scale.push_back(1.0f);
        affine.shift.push_back(std::is_same_v<OpTy, AddOp> ? c : -c);
      }
    }
    return foldChannelAffineIntoQuantizedConv(rewriter, op, conv, affine);
  }
};

struct QuantizedConvPattern : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q, PatternRewriter &rewriter) const override {
    OutputRange range = getOutputRange(rewriter, q.getInput());
    auto conv = range.producer.getDefiningOp<ConvOp>();
    if (!conv || !conv->hasOneUse() || !isPerTensorActivation(q.getOutput()))
      return failure();
    Value input = getDequantizedCodes(conv.getInput());
    Value weight = getDequantizedCodes(conv.getWeight());
    if (!isPerTensorActivation(input) || !isSymmetricConstantWeight(weight, 0))
      return rewriter.notifyMatchFailure(q, "not DQ(activation), DQ(constant int8 weight)");
    int64_t channels = cast<RankedTensorType>(weight.getType()).getDimSize(0);
    FailureOr<Value> bias = getInt32Bias(rewriter, conv.getLoc(), conv.getBias(),
                                         getQuantScales(input.getType()).front(),
                                         getQuantScales(weight.getType()), channels);
    if (failed(bias))
      return rewriter.notifyMatchFailure(q, "bias is neither a float nor a DQ'd int32 constant");
    rewriter.replaceOpWithNewOp<QuantizedConvOp>(
        q, q.getType(), input, weight, *bias, conv.getStridesAttr(), conv.getPadsAttr(),
        conv.getDilationsAttr(), conv.getGroupAttr(), range.min, range.max);
    return success();
  }
};

struct QuantizedMatMulPattern : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q, PatternRewriter &rewriter) const override {
    OutputRange range = getOutputRange(rewriter, q.getInput());
    Operation *producer = range.producer.getDefiningOp();
    if (!producer || !producer->hasOneUse() || !isPerTensorActivation(q.getOutput()))
      return failure();
    Value lhs, rhs, floatBias;
    bool transposed = false;
    if (auto gemm = dyn_cast<GemmOp>(producer)) {
      if (gemm.getAlpha().convertToFloat() != 1.0f || gemm.getTransA() ||
          (gemm.getC() && gemm.getBeta().convertToFloat() != 1.0f))
        return rewriter.notifyMatchFailure(q, "Gemm with alpha, beta or transA");
      lhs = gemm.getA();
      rhs = gemm.getB();
      floatBias = gemm.getC();
      transposed = gemm.getTransB();
    } else if (auto matmul = dyn_cast<MatMulOp>(producer)) {
      lhs = matmul.getLhs();
      rhs = matmul.getRhs();
    } else {
      return failure();
    }
    Value lhsCodes = getDequantizedCodes(lhs), rhsCodes = getDequantizedCodes(rhs);
    if (!isPerTensorActivation(lhsCodes) || !isSymmetricConstantWeight(rhsCodes, transposed ? 0 : 1))
      return rewriter.notifyMatchFailure(q, "not DQ(activation), DQ(constant int8 weight)");
    auto rhsType = cast<RankedTensorType>(rhsCodes.getType());
    if (cast<RankedTensorType>(lhsCodes.getType()).getRank() != 2 || rhsType.getRank() != 2)
      return rewriter.notifyMatchFailure(q, "not a 2-D product");
    int64_t columns = rhsType.getDimSize(transposed ? 0 : 1);
    // A Gemm's C may be 1 x N; the bias is its N values.
    FailureOr<Value> bias = getInt32Bias(rewriter, producer->getLoc(), floatBias,
                                         getQuantScales(lhsCodes.getType()).front(),
                                         getQuantScales(rhsCodes.getType()), columns);
    if (failed(bias))
      return rewriter.notifyMatchFailure(q, "bias is not a constant of N elements");
    rewriter.replaceOpWithNewOp<QuantizedMatMulOp>(q, q.getType(), lhsCodes, rhsCodes, *bias,
                                                   rewriter.getBoolAttr(transposed), range.min,
                                                   range.max);
    return success();
  }
};

struct QuantizedAddPattern : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q, PatternRewriter &rewriter) const override {
    OutputRange range = getOutputRange(rewriter, q.getInput());
    auto add = range.producer.getDefiningOp<AddOp>();
    if (!add || !add->hasOneUse() || !isPerTensorActivation(q.getOutput()))
      return failure();
    Value lhs = getDequantizedCodes(add.getLhs()), rhs = getDequantizedCodes(add.getRhs());
    if (!isPerTensorActivation(lhs) || !isPerTensorActivation(rhs) ||
        cast<RankedTensorType>(lhs.getType()).getShape() !=
            cast<RankedTensorType>(rhs.getType()).getShape())
      return rewriter.notifyMatchFailure(q, "not DQ(a) + DQ(b) of one shape");
    rewriter.replaceOpWithNewOp<QuantizedAddOp>(q, q.getType(), lhs, rhs, range.min, range.max);
    return success();
  }
};

struct QuantizedGlobalAveragePoolPattern : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q, PatternRewriter &rewriter) const override {
    auto pool = q.getInput().getDefiningOp<GlobalAveragePoolOp>();
    if (!pool || !pool->hasOneUse() || !isPerTensorActivation(q.getOutput()))
      return failure();
    Value input = getDequantizedCodes(pool.getInput());
    if (!isPerTensorActivation(input))
      return failure();
    rewriter.replaceOpWithNewOp<QuantizedGlobalAveragePoolOp>(q, q.getType(), input);
    return success();
  }
};

/// Ops whose float result, quantized, equals the op applied to the codes
/// once every input is on the output's grid: they move or select values, and
/// MaxPool commutes with any monotone map.
bool commutesWithQuantization(Operation *op) {
  return isa<MaxPoolOp, GlobalMaxPoolOp, ReshapeOp, FlattenOp, TransposeOp, SqueezeOp,
             UnsqueezeOp, SliceOp, ConcatOp>(op);
}

/// A data-movement op on one dequantized per-tensor activation runs on its
/// codes, and the dequantize moves after it: PyTorch puts no QuantizeLinear
/// after MaxPool or Flatten, so a Gemm after them otherwise reads float.
struct DequantizeBeforeDataMovement : RewritePattern {
  DequantizeBeforeDataMovement(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}
  LogicalResult matchAndRewrite(Operation *op, PatternRewriter &rewriter) const override {
    if (!commutesWithQuantization(op) || isa<ConcatOp>(op) || op->getNumResults() != 1)
      return failure();
    auto dequantize = op->getOperand(0).getDefiningOp<DequantizeOp>();
    if (!dequantize || !isPerTensorActivation(dequantize.getInput()))
      return failure();
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    Type grid = cast<RankedTensorType>(dequantize.getInput().getType()).getElementType();
    Operation *moved = rewriter.clone(*op);
    moved->setOperand(0, dequantize.getInput());
    moved->getResult(0).setType(resultType.clone(grid));
    rewriter.replaceOpWithNewOp<DequantizeOp>(op, resultType, moved->getResult(0));
    return success();
  }
};

struct DataMovementPattern : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q, PatternRewriter &rewriter) const override {
    Operation *op = q.getInput().getDefiningOp();
    if (!op || !op->hasOneUse() || !commutesWithQuantization(op) ||
        !isPerTensorActivation(q.getOutput()))
      return failure();
    Type outputElement = cast<RankedTensorType>(q.getType()).getElementType();
    SmallVector<Value> operands;
    for (Value operand : op->getOperands()) {
      Value codes = getDequantizedCodes(operand);
      if (!isPerTensorActivation(codes))
        return rewriter.notifyMatchFailure(q, "an input is not dequantized per tensor");
      auto codesType = cast<RankedTensorType>(codes.getType());
      // An input on another grid is requantized to the output's first (a
      // dequantize -> quantize chain qc-fold-scales makes one rescale).
      if (codesType.getElementType() != outputElement)
        codes = QuantizeOp::create(rewriter, op->getLoc(), codesType.clone(outputElement), operand);
      operands.push_back(codes);
    }
    Operation *moved = rewriter.clone(*op);
    moved->setOperands(operands);
    moved->getResult(0).setType(q.getType());
    rewriter.replaceOp(q, moved->getResults());
    return success();
  }
};

/// dequantize -> quantize on the same grid is the identity.
struct RequantizeIdentityPattern : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q, PatternRewriter &rewriter) const override {
    Value codes = getDequantizedCodes(q.getInput());
    if (!codes || codes.getType() != q.getType())
      return failure();
    rewriter.replaceOp(q, codes);
    return success();
  }
};

/// QLinearConv / QLinearMatMul with constant parameters: the same integer
/// ops, between qc.storage_casts of their codes.
struct QLinearConvPattern : OpRewritePattern<QLinearConvOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QLinearConvOp op, PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    auto outputType = cast<RankedTensorType>(op.getType());
    auto inputQuant = getQuantTypeOfParams(op.getInputScale(), op.getInputZeroPoint(), -1,
                                           inputType.getElementType());
    auto weightQuant = getQuantTypeOfParams(op.getWeightScale(), op.getWeightZeroPoint(), 0,
                                            weightType.getElementType());
    auto outputQuant = getQuantTypeOfParams(op.getOutputScale(), op.getOutputZeroPoint(), -1,
                                            outputType.getElementType());
    if (!inputQuant || !weightQuant || !outputQuant)
      return rewriter.notifyMatchFailure(op, "parameters are not constants");
    if (!isa<quant::UniformQuantizedType>(inputQuant) || !getConstantElements(op.getWeight()) ||
        !isSymmetricWeightGrid(weightType.clone(weightQuant), 0))
      return rewriter.notifyMatchFailure(op, "not per-tensor input and constant int8 weight");
    Location loc = op.getLoc();
    Value input = castToQuant(rewriter, loc, op.getInput(), inputType.clone(inputQuant));
    Value weight = castToQuant(rewriter, loc, op.getWeight(), weightType.clone(weightQuant));
    auto conv = QuantizedConvOp::create(
        rewriter, loc, outputType.clone(outputQuant), input, weight, op.getBias(),
        op.getStridesAttr(), op.getPadsAttr(), op.getDilationsAttr(), op.getGroupAttr(),
        FloatAttr(), FloatAttr());
    rewriter.replaceOpWithNewOp<StorageCastOp>(op, outputType, conv.getResult());
    return success();
  }
};

struct QLinearMatMulPattern : OpRewritePattern<QLinearMatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QLinearMatMulOp op, PatternRewriter &rewriter) const override {
    auto lhsType = cast<RankedTensorType>(op.getLhs().getType());
    auto rhsType = cast<RankedTensorType>(op.getRhs().getType());
    auto outputType = cast<RankedTensorType>(op.getType());
    if (lhsType.getRank() != 2 || rhsType.getRank() != 2)
      return rewriter.notifyMatchFailure(op, "not a 2-D product");
    auto lhsQuant = getQuantTypeOfParams(op.getLhsScale(), op.getLhsZeroPoint(), -1,
                                         lhsType.getElementType());
    auto rhsQuant = getQuantTypeOfParams(op.getRhsScale(), op.getRhsZeroPoint(), 1,
                                         rhsType.getElementType());
    auto outputQuant = getQuantTypeOfParams(op.getOutputScale(), op.getOutputZeroPoint(), -1,
                                            outputType.getElementType());
    if (!lhsQuant || !rhsQuant || !outputQuant)
      return rewriter.notifyMatchFailure(op, "parameters are not constants");
    if (!isa<quant::UniformQuantizedType>(lhsQuant) || !getConstantElements(op.getRhs()) ||
        !isSymmetricWeightGrid(rhsType.clone(rhsQuant), 1))
      return rewriter.notifyMatchFailure(op, "not per-tensor lhs and constant int8 rhs");
    Location loc = op.getLoc();
    Value lhs = castToQuant(rewriter, loc, op.getLhs(), lhsType.clone(lhsQuant));
    Value rhs = castToQuant(rewriter, loc, op.getRhs(), rhsType.clone(rhsQuant));
    auto matmul = QuantizedMatMulOp::create(rewriter, loc, outputType.clone(outputQuant), lhs,
                                            rhs, Value(), rewriter.getBoolAttr(false),
                                            FloatAttr(), FloatAttr());
    rewriter.replaceOpWithNewOp<StorageCastOp>(op, outputType, matmul.getResult());
    return success();
  }
};

/// The requantization factor x_scale * w_scale / y_scale of a QLinear op, in
/// float32 as ONNX's reference computes it, shaped to broadcast against an
/// output of rank `rank` along `channelAxis`.
Value createRequantizationFactor(PatternRewriter &rewriter, Location loc, Value inputScale,
                                 Value weightScale, Value outputScale, int64_t rank,
                                 int64_t channelAxis) {
  // The numpy broadcast of two scale tensors (scalars or 1-D).
  auto broadcast = [&](Value lhs, Value rhs) {
    SmallVector<int64_t> shape;
    (void)OpTrait::util::getBroadcastedShape(
        cast<RankedTensorType>(lhs.getType()).getShape(),
        cast<RankedTensorType>(rhs.getType()).getShape(), shape);
    return RankedTensorType::get(shape, rewriter.getF32Type());
  };
  Value product = MulOp::create(rewriter, loc, broadcast(inputScale, weightScale), inputScale,
                                weightScale);
  Value factor = DivOp::create(rewriter, loc, broadcast(product, outputScale), product, outputScale);
  auto factorType = cast<RankedTensorType>(factor.getType());
  if (factorType.getNumElements() == 1)
    return factor;
  // One factor per channel: channels along `channelAxis`, 1 after it.
  SmallVector<int64_t> shape(rank - channelAxis, 1);
  shape.front() = factorType.getNumElements();
  return ReshapeOp::create(rewriter, loc, RankedTensorType::get(shape, rewriter.getF32Type()),
                           factor);
}

/// ONNX's definition of a QLinear op's output from its int32 accumulators:
/// saturate(round_half_to_even(acc * factor) + y_zero_point), as a
/// QuantizeLinear with scale 1 of the product in float32.
Value createFloatRequantization(PatternRewriter &rewriter, Location loc, Value accumulators,
                                Value factor, Value outputZeroPoint, RankedTensorType resultType) {
  auto floatType = cast<RankedTensorType>(accumulators.getType()).clone(rewriter.getF32Type());
  Value real = CastOp::create(rewriter, loc, floatType, accumulators);
  Value scaled = MulOp::create(rewriter, loc, floatType, real, factor);
  auto zeroPointType = cast<RankedTensorType>(outputZeroPoint.getType());
  auto unitType = zeroPointType.clone(rewriter.getF32Type());
  SmallVector<float> ones(unitType.getNumElements(), 1.0f);
  Value unit = ConstantOp::create(rewriter, loc, unitType,
                                  makeFloatConstantElements(unitType, ones, "unit_scale"));
  return QuantizeLinearOp::create(rewriter, loc, resultType, scaled, unit, outputZeroPoint,
                                  rewriter.getI64IntegerAttr(0));
}

/// QLinearConv / QLinearMatMul outside the integer ops' forms (parameters the
/// graph computes, weights with zero points): their ONNX definition, an
/// exact ConvInteger / MatMulInteger and a float requantization, which the
/// linalg lowering runs. Tried after the integer patterns.
struct QLinearConvDefinitionPattern : OpRewritePattern<QLinearConvOp> {
  QLinearConvDefinitionPattern(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/0) {}
  LogicalResult matchAndRewrite(QLinearConvOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outputType = cast<RankedTensorType>(op.getType());
    Value accumulators = ConvIntegerOp::create(
        rewriter, loc, outputType.clone(rewriter.getI32Type()), op.getInput(), op.getWeight(),
        op.getInputZeroPoint(), op.getWeightZeroPoint(), op.getStridesAttr(), op.getPadsAttr(),
        op.getDilationsAttr(), op.getGroupAttr());
    if (Value bias = op.getBias()) {
      // One bias per output channel (axis 1).
      SmallVector<int64_t> shape(outputType.getRank() - 1, 1);
      shape.front() = cast<RankedTensorType>(bias.getType()).getNumElements();
      Value column = ReshapeOp::create(rewriter, loc, RankedTensorType::get(shape, rewriter.getI32Type()), bias);
      accumulators = AddOp::create(rewriter, loc, accumulators.getType(), accumulators, column);
    }
    Value factor = createRequantizationFactor(rewriter, loc, op.getInputScale(), op.getWeightScale(),
                                              op.getOutputScale(), outputType.getRank(), 1);
    rewriter.replaceOp(op, createFloatRequantization(rewriter, loc, accumulators, factor,
                                                     op.getOutputZeroPoint(), outputType));
    return success();
  }
};

struct QLinearMatMulDefinitionPattern : OpRewritePattern<QLinearMatMulOp> {
  QLinearMatMulDefinitionPattern(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/0) {}
  LogicalResult matchAndRewrite(QLinearMatMulOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outputType = cast<RankedTensorType>(op.getType());
    Value accumulators = MatMulIntegerOp::create(
        rewriter, loc, outputType.clone(rewriter.getI32Type()), op.getLhs(), op.getRhs(),
        op.getLhsZeroPoint(), op.getRhsZeroPoint());
    Value factor = createRequantizationFactor(rewriter, loc, op.getLhsScale(), op.getRhsScale(),
                                              op.getOutputScale(), outputType.getRank(),
                                              outputType.getRank() - 1);
    rewriter.replaceOp(op, createFloatRequantization(rewriter, loc, accumulators, factor,
                                                     op.getOutputZeroPoint(), outputType));
    return success();
  }
};

/// Constant weight codes w on a grid with zero points z re-encoded, exactly,
/// as int8 codes w - z with zero point 0 (uint8 weights with zero point 128,
/// say): false when some w - z is not an int8.
bool reencodeAsSymmetric(DequantizeOp dequantize) {
  Value codes = dequantize.getInput();
  auto storageCast = codes.getDefiningOp<StorageCastOp>();
  std::optional<SmallVector<int64_t>> values;
  if (storageCast)
    values = getIntegerValues(getConstantElements(storageCast.getInput()));
  if (!values)
    return false;
  auto type = cast<RankedTensorType>(codes.getType());
  SmallVector<int64_t> zeroPoints = getQuantZeroPoints(type);
  int64_t axis = -1, inner = 1;
  if (auto perAxis = getPerAxisQuantType(type)) {
    axis = perAxis.getQuantizedDimension();
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      inner *= type.getDimSize(d);
  }
  for (auto [i, value] : llvm::enumerate(*values)) {
    value -= zeroPoints[axis < 0 ? 0 : (i / inner) % type.getDimSize(axis)];
    if (value < -128 || value > 127)
      return false;
  }
  OpBuilder b(dequantize);
  Location loc = dequantize.getLoc();
  auto symmetric = type.clone(getQuant8Type(b.getContext(), /*isSigned=*/true,
                                            getQuantScales(type),
                                            SmallVector<int64_t>(zeroPoints.size(), 0), axis,
                                            -128, 127));
  Value constant = createIntegerConstant(
      b, loc, RankedTensorType::get(type.getShape(), b.getIntegerType(8)), *values, "weight_int8");
  dequantize.getInputMutable().assign(StorageCastOp::create(b, loc, symmetric, constant));
  return true;
}

/// The weights of every Conv/Gemm/MatMul on dequantized inputs made
/// symmetric int8 where they can be; quantized patterns the integer path
/// refuses rather than running them in float are reported, at the float op
/// (which carries the ONNX node's name): their quantization has no integer
/// kernel (per-axis activations, weights with zero points that int8 cannot
/// absorb), and silently keeping them float would hide it.
LogicalResult prepareIntegerWeights(func::FuncOp func) {
  WalkResult result = func.walk([](Operation *op) {
    if (!isa<ConvOp, GemmOp, MatMulOp>(op))
      return WalkResult::advance();
    Value activation = getDequantizedCodes(op->getOperand(0));
    if (activation && getPerAxisQuantType(activation.getType())) {
      op->emitError() << "unsupported quantized pattern: the input of " << op->getName()
                      << " is quantized per axis; integer " << op->getName()
                      << " needs a per-tensor activation scale";
      return WalkResult::interrupt();
    }
    auto weight = op->getOperand(1).getDefiningOp<DequantizeOp>();
    if (activation && weight &&
        llvm::any_of(getQuantZeroPoints(weight.getInput().getType()),
                     [](int64_t z) { return z != 0; }) &&
        !reencodeAsSymmetric(weight)) {
      op->emitError() << "unsupported quantized pattern: the weights of " << op->getName()
                      << " have a zero point that int8 codes cannot absorb; the integer "
                         "kernels take symmetric int8 weights";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

} // namespace

void mlir::qc::populateConvertToIntegerPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldBatchNormIntoQuantizedWeights, FoldChannelArithmeticIntoQuantizedWeights<MulOp>,
               FoldChannelArithmeticIntoQuantizedWeights<DivOp>,
               FoldChannelArithmeticIntoQuantizedWeights<AddOp>,
               FoldChannelArithmeticIntoQuantizedWeights<SubOp>, DequantizeBeforeDataMovement,
               QuantizedConvPattern, QuantizedMatMulPattern,
               QuantizedAddPattern, QuantizedGlobalAveragePoolPattern, DataMovementPattern,
               RequantizeIdentityPattern, QLinearConvPattern, QLinearMatMulPattern,
               QLinearConvDefinitionPattern, QLinearMatMulDefinitionPattern>(patterns.getContext());
}

namespace {

struct ConvertToIntegerPass : qc::impl::ConvertToIntegerBase<ConvertToIntegerPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<FakeQuantOp> fakeQuants;
    SmallVector<QuantizeLinearOp> quantizes;
    SmallVector<DequantizeLinearOp> dequantizes;
    func.walk([&](Operation *op) {
      if (auto fq = dyn_cast<FakeQuantOp>(op))
        fakeQuants.push_back(fq);
      else if (auto q = dyn_cast<QuantizeLinearOp>(op))
        quantizes.push_back(q);
      else if (auto dq = dyn_cast<DequantizeLinearOp>(op))
        dequantizes.push_back(dq);
    });
    for (FakeQuantOp op : fakeQuants)
      if (failed(convertFakeQuant(op)))
        return signalPassFailure();
    // Quantizes first, so that each dequantize of their codes meets the
    // qc.storage_cast it cancels.
    for (QuantizeLinearOp op : quantizes)
      convertQuantizeLinear(op);
    for (DequantizeLinearOp op : dequantizes)
      convertDequantizeLinear(op);
    if (failed(prepareIntegerWeights(func)))
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    populateConvertToIntegerPatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
