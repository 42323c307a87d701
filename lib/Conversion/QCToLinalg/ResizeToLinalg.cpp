//===- ResizeToLinalg.cpp - Resize to linalg.generic ----------------------===//
//
// Resize is separable: along each dimension, output index o reads a few input
// indices ("taps") with weights that depend only on o, the shapes and the
// attributes. They are computed here as ONNX Runtime computes them (in float,
// so that nearest mode rounds the same ties) and become constant tables:
//
//   nearest  one tap, weight 1, at the rounded original coordinate, clamped;
//   linear   two taps at floor(x) and floor(x) + 1 of the coordinate clamped
//            to [0, in - 1], weighted 1 - frac and frac;
//   cubic    four taps at floor(x) - 1 ... floor(x) + 2 with Keys' weights for
//            cubic_coeff_a, clamped to the input, or with exclude_outside
//            dropped and the remaining weights renormalized.
//
// As in ONNX Runtime, dimensions with scale 1 map every index to itself and
// read the loop index directly, and a Resize that keeps the shape copies its
// input. Where ONNX Runtime departs from ONNX's reference implementation and
// backend tests (align_corners and pytorch_half_pixel with a fractional
// input length * scale), this follows ONNX: see getResizedLength.
//
// The result is one linalg.generic over the output with a reduction loop per
// interpolated dimension, extracting the input at the tabled indices and
// summing it times the product of the weights.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"
#include "Patterns.h"

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <array>
#include <cmath>

namespace mlir::qc {
namespace {

/// ONNX's length_resized: length_original * scale (the spec defines scale as
/// length_resized / length_original). That is the output size unless the
/// scales input asked for a fractional length, which the output size floors:
/// align_corners and pytorch_half_pixel then use the fraction, as ONNX's
/// reference implementation and backend tests do (onnx/onnx#2462; ONNX
/// Runtime uses the output size). A scale computed from the sizes input gives
/// the output size back up to float rounding, which must not move a nearest
/// coordinate across an integer: that case is the output size exactly.
float getResizedLength(int64_t inSize, int64_t outSize, float scale) {
  float length = static_cast<float>(inSize) * scale;
  float output = static_cast<float>(outSize);
  return std::fabs(length - output) <= 1e-5f * output ? output : length;
}

/// The input coordinate of output index `out`, as ONNX Runtime's
/// get_original_coordinate computes it in float.
float getOriginalCoordinate(CoordinateTransform transform, float out, float scale,
                            float outSize, float inSize) {
  switch (transform) {
  case CoordinateTransform::half_pixel:
    return (out + 0.5f) / scale - 0.5f;
  case CoordinateTransform::pytorch_half_pixel:
    return outSize > 1 ? (out + 0.5f) / scale - 0.5f : 0.0f;
  case CoordinateTransform::align_corners:
    return outSize == 1 ? 0.0f : out * (inSize - 1) / (outSize - 1);
  case CoordinateTransform::asymmetric:
    return out / scale;
  case CoordinateTransform::tf_half_pixel_for_nn:
    return (out + 0.5f) / scale;
  }
  llvm_unreachable("unknown coordinate transformation");
}

int64_t roundNearest(NearestMode mode, float x) {
  switch (mode) {
  case NearestMode::round_prefer_floor:
    if (x == static_cast<float>(static_cast<int64_t>(x)) + 0.5f)
      return static_cast<int64_t>(std::floor(x));
    return static_cast<int64_t>(std::round(x));
  case NearestMode::round_prefer_ceil:
    return static_cast<int64_t>(std::round(x));
  case NearestMode::floor:
    return static_cast<int64_t>(std::floor(x));
  case NearestMode::ceil:
    return static_cast<int64_t>(std::ceil(x));
  }
  llvm_unreachable("unknown nearest mode");
}

/// Keys' cubic convolution weights of the taps at distances 1 + s, s, 1 - s
/// and 2 - s from the coordinate (ONNX Runtime's GetCubicCoeffs).
std::array<float, 4> getCubicWeights(float s, float a) {
  float x0 = s + 1, x1 = s, x2 = 1 - s, x3 = 2 - s;
  return {((a * x0 - 5 * a) * x0 + 8 * a) * x0 - 4 * a, ((a + 2) * x1 - (a + 3)) * x1 * x1 + 1,
          ((a + 2) * x2 - (a + 3)) * x2 * x2 + 1, ((a * x3 - 5 * a) * x3 + 8 * a) * x3 - 4 * a};
}

/// The taps of one dimension: `count` (index, weight) pairs per output index.
struct DimensionTaps {
  int64_t count = 1;
  SmallVector<int64_t> indices;
  SmallVector<float> weights;

  bool isIdentity(int64_t inSize) const {
    if (count != 1 || static_cast<int64_t>(indices.size()) != inSize)
      return false;
    for (auto [out, index] : llvm::enumerate(indices))
      if (index != static_cast<int64_t>(out) || weights[out] != 1.0f)
        return false;
    return true;
  }
  bool hasUnitWeights() const {
    return count == 1 && llvm::all_of(weights, [](float w) { return w == 1.0f; });
  }
};

DimensionTaps computeTaps(ResizeOp op, int64_t inSize, int64_t outSize, float scale) {
  // ONNX Runtime leaves unscaled dimensions alone, whatever the coordinate
  // transformation would make of them (tf_half_pixel_for_nn and ceil shift).
  if (scale == 1.0f) {
    DimensionTaps identity;
    identity.indices = llvm::to_vector(llvm::seq<int64_t>(0, outSize));
    identity.weights.assign(outSize, 1.0f);
    return identity;
  }
  // Per output index: the taps with their weights summed per input index
  // (clamping makes edge taps coincide), zero weights dropped.
  SmallVector<SmallVector<std::pair<int64_t, float>>> perOutput;
  auto clampIndex = [&](int64_t i) { return std::clamp<int64_t>(i, 0, inSize - 1); };
  for (int64_t out = 0; out < outSize; ++out) {
    SmallVector<std::pair<int64_t, float>> taps;
    auto addTap = [&](int64_t index, float weight) {
      for (auto &tap : taps)
        if (tap.first == index) {
          tap.second += weight;
          return;
        }
      taps.push_back({index, weight});
    };
    float coordinate = getOriginalCoordinate(
        op.getCoordinateTransformationMode(), static_cast<float>(out), scale,
        getResizedLength(inSize, outSize, scale), static_cast<float>(inSize));
    switch (op.getMode()) {
    case ResizeMode::nearest:
      addTap(clampIndex(roundNearest(op.getNearestMode(), coordinate)), 1.0f);
      break;
    case ResizeMode::linear: {
      float x = std::max(0.0f, std::min(coordinate, static_cast<float>(inSize - 1)));
      int64_t lower = std::min(static_cast<int64_t>(x), inSize - 1);
      int64_t upper = std::min(lower + 1, inSize - 1);
      if (lower == upper) {
        addTap(lower, 1.0f);
      } else {
        addTap(lower, std::fabs(x - static_cast<float>(upper)));
        addTap(upper, std::fabs(x - static_cast<float>(lower)));
      }
      break;
    }
    case ResizeMode::cubic: {
      float base = std::floor(coordinate);
      std::array<float, 4> weights =
          getCubicWeights(coordinate - base, op.getCubicCoeffA().convertToFloat());
      int64_t first = static_cast<int64_t>(base) - 1;
      float sum = 0.0f;
      for (int64_t i = 0; i < 4; ++i) {
        if (op.getExcludeOutside() && (first + i < 0 || first + i >= inSize))
          weights[i] = 0.0f;
        sum += weights[i];
      }
      for (int64_t i = 0; i < 4; ++i)
        addTap(clampIndex(first + i), op.getExcludeOutside() ? weights[i] / sum : weights[i]);
      break;
    }
    }
    llvm::erase_if(taps, [](const auto &tap) { return tap.second == 0.0f; });
    perOutput.push_back(std::move(taps));
  }

  DimensionTaps result;
  for (const auto &taps : perOutput)
    result.count = std::max<int64_t>(result.count, taps.size());
  for (const auto &taps : perOutput)
    for (int64_t i = 0; i < result.count; ++i) {
      // Missing taps read index 0 with weight 0.
      bool present = i < static_cast<int64_t>(taps.size());
      result.indices.push_back(present ? taps[i].first : 0);
      result.weights.push_back(present ? taps[i].second : 0.0f);
    }
  return result;
}

struct ResizeLowering : OpRewritePattern<ResizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ResizeOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType type = op.getType();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    Type elementType = type.getElementType();
    if (op.getMode() != ResizeMode::nearest && !isa<FloatType>(elementType))
      return rewriter.notifyMatchFailure(op, "only float tensors are interpolated");
    // ONNX Runtime copies the input when the shape does not change, even when
    // the scales would move coordinates (1.3 of 3 elements is 3 elements).
    if (inputType == type) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    int64_t rank = type.getRank();

    // Loops: the output dimensions, then one reduction per dimension with
    // more than one tap. Each interpolated dimension reads its index table
    // (and weight table) at (output index[, tap]).
    struct TableUse {
      int64_t dimension;
      bool hasWeights;
    };
    SmallVector<TableUse> tables;
    SmallVector<Value> inputs;
    SmallVector<AffineExpr> tableExprs;
    SmallVector<std::optional<int64_t>> tapLoops;
    int64_t loops = rank;
    for (int64_t d = 0; d < rank; ++d) {
      DimensionTaps taps = computeTaps(op, inputType.getDimSize(d), type.getDimSize(d),
                                       op.getScales()[d]);
      if (taps.isIdentity(inputType.getDimSize(d)))
        continue;
      SmallVector<int64_t> tableShape{type.getDimSize(d)};
      SmallVector<AffineExpr> exprs{getAffineDimExpr(d, context)};
      if (taps.count > 1) {
        tableShape.push_back(taps.count);
        exprs.push_back(getAffineDimExpr(loops++, context));
      }
      auto indexType = RankedTensorType::get(tableShape, rewriter.getI64Type());
      inputs.push_back(arith::ConstantOp::create(
          rewriter, loc, DenseIntElementsAttr::get(indexType, ArrayRef<int64_t>(taps.indices))));
      tableExprs.append(exprs);
      bool hasWeights = !taps.hasUnitWeights();
      if (hasWeights) {
        auto weightType = RankedTensorType::get(tableShape, elementType);
        SmallVector<APFloat> weights;
        for (float w : taps.weights) {
          APFloat value(w);
          bool losesInfo;
          value.convert(cast<FloatType>(elementType).getFloatSemantics(),
                        APFloat::rmNearestTiesToEven, &losesInfo);
          weights.push_back(value);
        }
        inputs.push_back(
            arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(weightType, weights)));
        tableExprs.append(exprs);
      }
      tables.push_back({d, hasWeights});
    }

    SmallVector<AffineMap> maps;
    for (size_t i = 0, e = 0; i < inputs.size(); ++i) {
      int64_t results = cast<RankedTensorType>(inputs[i].getType()).getRank();
      maps.push_back(AffineMap::get(loops, 0, ArrayRef(tableExprs).slice(e, results), context));
      e += results;
    }
    maps.push_back(AffineMap::getMultiDimIdentityMap(loops, context).getMajorSubMap(rank));
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators.append(loops - rank, utils::IteratorType::reduction);
    bool interpolates = llvm::any_of(tables, [](TableUse t) { return t.hasWeights; });
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), elementType);
    if (interpolates)
      init = linalg::FillOp::create(
                 rewriter, loc,
                 arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elementType))
                     .getResult(),
                 init)
                 .getResult(0);

    Value input = op.getInput();
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, inputs, ValueRange{init}, maps, iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              SmallVector<Value> coordinates;
              Value weight;
              size_t next = 0;
              auto table = tables.begin();
              for (int64_t d = 0; d < rank; ++d) {
                if (table == tables.end() || table->dimension != d) {
                  coordinates.push_back(linalg::IndexOp::create(b, l, d));
                  continue;
                }
                coordinates.push_back(
                    arith::IndexCastOp::create(b, l, b.getIndexType(), args[next++]));
                if (table->hasWeights) {
                  Value w = args[next++];
                  weight = weight ? Value(arith::MulFOp::create(b, l, weight, w)) : w;
                }
                ++table;
              }
              Value element = tensor::ExtractOp::create(b, l, input, coordinates);
              if (weight)
                element = arith::AddFOp::create(b, l, args.back(),
                                                arith::MulFOp::create(b, l, element, weight));
              linalg::YieldOp::create(b, l, element);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateResizeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ResizeLowering>(patterns.getContext());
}

} // namespace mlir::qc
