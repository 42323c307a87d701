//===- QCFolders.cpp - qc op folders --------------------------------------===//
//
// Folders remove no-op data movement and evaluate shape ops on constants. The
// exporters of PyTorch and TensorFlow emit shape arithmetic (Shape, Gather,
// Concat, Reshape) that must vanish before quantization sees the graph.
// Evaluation works on raw bytes, so every element type folds the same way.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/STLExtras.h"

#include <cstring>

using namespace mlir;
using namespace mlir::qc;

/// Folding can copy data: keep it to the shape-computation sizes it exists for.
static constexpr int64_t kMaxFoldedElements = 1 << 16;

static SmallVector<int64_t> getStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// A constant of `outType` whose element i is the input element at offset
/// sum_d (base[d] + index[d] * step[d]) * inStrides[d], where index is i's
/// multi-index in `outType`: transposes and slices are both such copies.
static ElementsAttr gatherStrided(ArrayRef<char> input, ShapedType outType,
                                  ArrayRef<int64_t> inStrides, ArrayRef<int64_t> base,
                                  ArrayRef<int64_t> step) {
  ArrayRef<int64_t> outShape = outType.getShape();
  int64_t width = getElementByteWidth(outType.getElementType());
  int64_t total = outType.getNumElements();
  std::vector<char> out(total * width);
  SmallVector<int64_t> index(outShape.size(), 0);
  for (int64_t linear = 0; linear < total; ++linear) {
    int64_t offset = 0;
    for (size_t d = 0; d < outShape.size(); ++d)
      offset += (base[d] + index[d] * step[d]) * inStrides[d];
    std::memcpy(&out[linear * width], &input[offset * width], width);
    for (int64_t d = static_cast<int64_t>(outShape.size()) - 1; d >= 0; --d) {
      if (++index[d] < outShape[d])
        break;
      index[d] = 0;
    }
  }
  return makeConstantElements(outType, out, "folded");
}

/// The constant payload of `operand` if it is small enough to fold.
static ElementsAttr getFoldableConstant(Attribute operand) {
  auto attr = dyn_cast_if_present<ElementsAttr>(operand);
  if (!attr || attr.getNumElements() > kMaxFoldedElements)
    return {};
  return attr;
}

/// The same elements under another shape: free for both payload kinds.
static Attribute reshapeConstant(Attribute operand, ShapedType type) {
  if (auto dense = dyn_cast_if_present<DenseElementsAttr>(operand))
    return dense.reshape(type);
  if (auto resource = dyn_cast_if_present<DenseResourceElementsAttr>(operand))
    return DenseResourceElementsAttr::get(type, resource.getRawHandle());
  return {};
}

/// Folds an op that only renames the shape: to its input if the type is
/// unchanged, to a reshaped constant if the input is one.
static OpFoldResult foldShapeOnly(Operation *op, Attribute input) {
  Value operand = op->getOperand(0);
  auto type = cast<ShapedType>(op->getResult(0).getType());
  if (operand.getType() == type)
    return operand;
  return reshapeConstant(input, type);
}

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }
OpFoldResult DropoutOp::fold(FoldAdaptor) { return getInput(); }
OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult FlattenOp::fold(FoldAdaptor adaptor) {
  return foldShapeOnly(*this, adaptor.getInput());
}
OpFoldResult SqueezeOp::fold(FoldAdaptor adaptor) {
  return foldShapeOnly(*this, adaptor.getInput());
}
OpFoldResult UnsqueezeOp::fold(FoldAdaptor adaptor) {
  return foldShapeOnly(*this, adaptor.getInput());
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  // reshape(reshape(x)) is one reshape of x.
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    return getResult();
  }
  return foldShapeOnly(*this, adaptor.getInput());
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  if (llvm::equal(getPerm(), llvm::seq<int64_t>(0, getPerm().size())))
    return getInput();
  ElementsAttr input = getFoldableConstant(adaptor.getInput());
  std::optional<std::vector<char>> bytes = getRawBytes(input);
  if (!bytes)
    return {};
  auto inType = cast<ShapedType>(getInput().getType());
  SmallVector<int64_t> inStrides = getStrides(inType.getShape());
  SmallVector<int64_t> permutedStrides, zeros(getPerm().size(), 0),
      ones(getPerm().size(), 1);
  for (int64_t p : getPerm())
    permutedStrides.push_back(inStrides[p]);
  return gatherStrided(*bytes, cast<ShapedType>(getType()), permutedStrides, zeros, ones);
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getStarts(), [](int64_t s) { return s == 0; }) &&
      llvm::all_of(getSteps(), [](int64_t s) { return s == 1; }))
    return getInput();
  ElementsAttr input = getFoldableConstant(adaptor.getInput());
  std::optional<std::vector<char>> bytes = getRawBytes(input);
  if (!bytes)
    return {};
  auto inType = cast<ShapedType>(getInput().getType());
  return gatherStrided(*bytes, cast<ShapedType>(getType()), getStrides(inType.getShape()),
                       getStarts(), getSteps());
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs().front().getType() == getType())
    return getInputs().front();
  auto outType = cast<ShapedType>(getType());
  // Only constants fold (and only they have a byte width: not !quant codes).
  if (outType.getNumElements() > kMaxFoldedElements ||
      llvm::any_of(adaptor.getInputs(), [](Attribute operand) { return !operand; }))
    return {};
  int64_t width = getElementByteWidth(outType.getElementType());
  int64_t axis = getAxis();
  // Rows above the axis; each input contributes a contiguous run per row.
  int64_t rows = 1;
  for (int64_t d = 0; d < axis; ++d)
    rows *= outType.getDimSize(d);
  SmallVector<std::vector<char>> inputs;
  for (Attribute operand : adaptor.getInputs()) {
    std::optional<std::vector<char>> bytes =
        getRawBytes(dyn_cast_if_present<ElementsAttr>(operand));
    if (!bytes)
      return {};
    inputs.push_back(std::move(*bytes));
  }
  std::vector<char> out;
  out.reserve(outType.getNumElements() * width);
  for (int64_t row = 0; row < rows; ++row)
    for (const std::vector<char> &input : inputs) {
      size_t run = input.size() / rows;
      out.insert(out.end(), input.begin() + row * run, input.begin() + (row + 1) * run);
    }
  return makeConstantElements(outType, out, "folded");
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  ElementsAttr data = getFoldableConstant(adaptor.getData());
  DenseElementsAttr indices =
      toDenseElements(getFoldableConstant(adaptor.getIndices()));
  std::optional<std::vector<char>> bytes = getRawBytes(data);
  if (!bytes || !indices)
    return {};
  auto dataType = cast<ShapedType>(getData().getType());
  auto outType = cast<ShapedType>(getType());
  int64_t width = getElementByteWidth(dataType.getElementType());
  int64_t axis = getAxis(), axisSize = dataType.getDimSize(axis);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= dataType.getDimSize(d);
  for (int64_t d = axis + 1; d < dataType.getRank(); ++d)
    inner *= dataType.getDimSize(d);
  SmallVector<int64_t> picks;
  for (const APInt &index : indices.getValues<APInt>()) {
    int64_t i = index.getSExtValue();
    if (i < -axisSize || i >= axisSize)
      return {}; // Out of range: leave the error to run time, as ONNX does.
    picks.push_back(i < 0 ? i + axisSize : i);
  }
  std::vector<char> out;
  out.reserve(outType.getNumElements() * width);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t pick : picks) {
      auto begin = bytes->begin() + ((o * axisSize + pick) * inner) * width;
      out.insert(out.end(), begin, begin + inner * width);
    }
  return makeConstantElements(outType, out, "folded");
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  DenseElementsAttr input = toDenseElements(getFoldableConstant(adaptor.getInput()));
  if (!input)
    return {};
  auto outType = cast<ShapedType>(getType());
  Type from = input.getElementType(), to = outType.getElementType();
  // Casts between integers and floats of shape computations; the float to
  // float cases need a rounding decision that belongs to the lowering.
  // ONNX's bool is i1 here and means 0 or 1, so it extends with zeros.
  bool isUnsigned = from.isUnsignedInteger() || from.isInteger(1);
  if (isa<IntegerType>(from) && isa<IntegerType>(to)) {
    unsigned bits = to.getIntOrFloatBitWidth();
    return input.mapValues(to, [&](const APInt &v) {
      // To bool, any non-zero value is true; truncation would keep bit 0 only.
      if (bits == 1)
        return APInt(1, !v.isZero());
      return isUnsigned ? v.zextOrTrunc(bits) : v.sextOrTrunc(bits);
    });
  }
  if (isa<IntegerType>(from) && isa<FloatType>(to)) {
    const llvm::fltSemantics &semantics = cast<FloatType>(to).getFloatSemantics();
    SmallVector<APFloat> values;
    for (const APInt &v : input.getValues<APInt>()) {
      APFloat f(semantics);
      f.convertFromAPInt(v, !isUnsigned, APFloat::rmNearestTiesToEven);
      values.push_back(f);
    }
    return DenseElementsAttr::get(outType, values);
  }
  return {};
}
