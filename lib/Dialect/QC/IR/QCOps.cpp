//===- QCOps.cpp - qc op verifiers and shape inference --------------------===//
//
// The verifiers check what the ONNX spec requires of a node's shapes and
// attributes, so that a malformed import or a buggy rewrite stops here, at the
// op, rather than in a kernel. Shapes are computed once, by each op's
// inferResultShape (ShapeInferenceOpInterface): the verifier compares the
// result type with it, and builders use it to type new ops.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "quantc/Dialect/QC/IR/QuantTypeHelpers.h"
#include "quantc/Dialect/QC/IR/ShapeHelpers.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::qc;

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}
static Type elementTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}
static int64_t rankOf(Value v) { return cast<RankedTensorType>(v.getType()).getRank(); }

static LogicalResult verifyResultShape(Operation *op, ArrayRef<int64_t> expected) {
  ArrayRef<int64_t> actual = shapeOf(op->getResult(0));
  if (actual == expected)
    return success();
  InFlightDiagnostic diag = op->emitOpError("result shape [");
  llvm::interleaveComma(actual, diag);
  diag << "] does not match the expected shape [";
  llvm::interleaveComma(expected, diag);
  return diag << "]";
}

/// Verifies the result type against the op's inferred shape.
static LogicalResult verifyInferredShape(Operation *op) {
  FailureOr<SmallVector<int64_t>> shape =
      cast<ShapeInferenceOpInterface>(op).inferResultShape();
  if (failed(shape))
    return failure();
  return verifyResultShape(op, *shape);
}

LogicalResult mlir::qc::inferResultShapeInPlace(Operation *op) {
  auto inference = dyn_cast<ShapeInferenceOpInterface>(op);
  if (!inference)
    return success();
  FailureOr<SmallVector<int64_t>> shape = inference.inferResultShape();
  if (failed(shape))
    return failure();
  Value result = op->getResult(0);
  result.setType(RankedTensorType::get(*shape, elementTypeOf(result)));
  return success();
}

static LogicalResult verifyAxis(Operation *op, int64_t axis, int64_t rank,
                                StringRef what = "axis") {
  if (axis < 0 || axis >= rank)
    return op->emitOpError() << what << " " << axis << " is out of range for rank " << rank;
  return success();
}

/// ONNX's type variable T: the result and every one of `operands` that is
/// present (optional operands may be null) share one element type.
static LogicalResult verifySameElementType(Operation *op, ValueRange operands) {
  Type expected = elementTypeOf(op->getResult(0));
  for (Value operand : operands)
    if (operand && elementTypeOf(operand) != expected)
      return op->emitOpError("operands and result must have the same element type");
  return success();
}

static bool isScalarLike(Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  return type.getRank() == 0 || (type.getRank() == 1 && type.getNumElements() == 1);
}

//===----------------------------------------------------------------------===//
// Windowed ops: convolutions and pools
//===----------------------------------------------------------------------===//

namespace {
/// The attributes every windowed op carries, sized by the spatial rank.
struct WindowAttrs {
  ArrayRef<int64_t> kernel, strides, pads, dilations;
};
} // namespace

static LogicalResult verifyWindowAttrs(Operation *op, int64_t spatialRank,
                                       const WindowAttrs &w) {
  if (spatialRank < 1)
    return op->emitOpError("needs an input of rank at least 3 (N x C x spatial...)");
  auto checkSize = [&](ArrayRef<int64_t> values, int64_t expected,
                       StringRef name) -> LogicalResult {
    if (static_cast<int64_t>(values.size()) != expected)
      return op->emitOpError() << name << " has " << values.size()
                               << " entries, expected " << expected;
    return success();
  };
  if (failed(checkSize(w.kernel, spatialRank, "kernel_shape")) ||
      failed(checkSize(w.strides, spatialRank, "strides")) ||
      failed(checkSize(w.pads, 2 * spatialRank, "pads")) ||
      failed(checkSize(w.dilations, spatialRank, "dilations")))
    return failure();
  if (llvm::any_of(w.strides, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(w.dilations, [](int64_t d) { return d < 1; }) ||
      llvm::any_of(w.kernel, [](int64_t k) { return k < 1; }))
    return op->emitOpError("strides, dilations and kernel sizes must be positive");
  if (llvm::any_of(w.pads, [](int64_t p) { return p < 0; }))
    return op->emitOpError("pads must be non-negative");
  return success();
}

/// Spatial output extents of a window sliding over `inputShape`'s trailing dims.
static FailureOr<SmallVector<int64_t>>
getWindowOutputShape(Operation *op, ArrayRef<int64_t> inputShape,
                     const WindowAttrs &w, bool ceilMode) {
  int64_t spatialRank = static_cast<int64_t>(inputShape.size()) - 2;
  SmallVector<int64_t> out;
  for (int64_t i = 0; i < spatialRank; ++i) {
    int64_t size = getWindowOutputSize(inputShape[i + 2], w.kernel[i], w.strides[i],
                                       w.dilations[i], w.pads[i],
                                       w.pads[i + spatialRank], ceilMode);
    if (size < 1)
      return op->emitOpError() << "window does not fit spatial dimension " << i
                               << " of size " << inputShape[i + 2];
    out.push_back(size);
  }
  return out;
}

/// Shared by Conv, QLinearConv and ConvInteger.
static FailureOr<SmallVector<int64_t>>
inferConvShape(Operation *op, Value input, Value weight, Value bias,
               ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
               ArrayRef<int64_t> dilations, int64_t group) {
  ArrayRef<int64_t> x = shapeOf(input), w = shapeOf(weight);
  if (x.size() != w.size())
    return op->emitOpError("input and weight ranks differ");
  WindowAttrs attrs{w.drop_front(std::min<size_t>(2, w.size())), strides, pads, dilations};
  if (failed(verifyWindowAttrs(op, static_cast<int64_t>(x.size()) - 2, attrs)))
    return failure();
  if (group < 1 || x[1] % group != 0 || w[0] % group != 0)
    return op->emitOpError() << "group " << group
                             << " must divide the input channels (" << x[1]
                             << ") and the output channels (" << w[0] << ")";
  if (w[1] * group != x[1])
    return op->emitOpError() << "weight has " << w[1]
                             << " input channels per group, expected " << x[1] / group;
  if (bias && (rankOf(bias) != 1 || shapeOf(bias)[0] != w[0]))
    return op->emitOpError() << "bias must be 1-D with " << w[0] << " elements";
  auto spatial = getWindowOutputShape(op, x, attrs, /*ceilMode=*/false);
  if (failed(spatial))
    return failure();
  SmallVector<int64_t> expected{x[0], w[0]};
  llvm::append_range(expected, *spatial);
  return expected;
}

FailureOr<SmallVector<int64_t>> ConvOp::inferResultShape() {
  return inferConvShape(*this, getInput(), getWeight(), getBias(), getStrides(), getPads(),
                        getDilations(), getGroup());
}

LogicalResult ConvOp::verify() {
  if (failed(verifySameElementType(*this, {getInput(), getWeight(), getBias()})))
    return failure();
  return verifyInferredShape(*this);
}

FailureOr<SmallVector<int64_t>> ConvIntegerOp::inferResultShape() {
  return inferConvShape(*this, getInput(), getWeight(), Value(), getStrides(), getPads(),
                        getDilations(), getGroup());
}

LogicalResult ConvIntegerOp::verify() { return verifyInferredShape(*this); }

FailureOr<SmallVector<int64_t>> QLinearConvOp::inferResultShape() {
  return inferConvShape(*this, getInput(), getWeight(), getBias(), getStrides(), getPads(),
                        getDilations(), getGroup());
}

LogicalResult QLinearConvOp::verify() { return verifyInferredShape(*this); }

LogicalResult ConvTransposeOp::verify() {
  if (failed(verifySameElementType(*this, {getInput(), getWeight(), getBias()})))
    return failure();
  return verifyInferredShape(*this);
}

FailureOr<SmallVector<int64_t>> ConvTransposeOp::inferResultShape() {
  ArrayRef<int64_t> x = shapeOf(getInput()), w = shapeOf(getWeight());
  if (x.size() != w.size())
    return emitOpError("input and weight ranks differ");
  int64_t spatialRank = static_cast<int64_t>(x.size()) - 2;
  WindowAttrs attrs{w.drop_front(std::min<size_t>(2, w.size())), getStrides(),
                    getPads(), getDilations()};
  if (failed(verifyWindowAttrs(*this, spatialRank, attrs)))
    return failure();
  if (static_cast<int64_t>(getOutputPadding().size()) != spatialRank)
    return emitOpError() << "output_padding has " << getOutputPadding().size()
                         << " entries, expected " << spatialRank;
  int64_t group = getGroup();
  if (group < 1 || x[1] % group != 0 || w[0] != x[1])
    return emitOpError() << "weight must have " << x[1]
                         << " input channels and group must divide them";
  int64_t outChannels = w[1] * group;
  if (getBias() && (rankOf(getBias()) != 1 || shapeOf(getBias())[0] != outChannels))
    return emitOpError() << "bias must be 1-D with " << outChannels << " elements";
  SmallVector<int64_t> expected{x[0], outChannels};
  for (int64_t i = 0; i < spatialRank; ++i) {
    int64_t size = getTransposedWindowOutputSize(
        x[i + 2], attrs.kernel[i], getStrides()[i], getDilations()[i], getPads()[i],
        getPads()[i + spatialRank], getOutputPadding()[i]);
    if (size < 1)
      return emitOpError() << "spatial dimension " << i << " would be empty";
    expected.push_back(size);
  }
  return expected;
}

static FailureOr<SmallVector<int64_t>> inferPoolShape(Operation *op, Value input,
                                                      const WindowAttrs &w,
                                                      bool ceilMode) {
  ArrayRef<int64_t> x = shapeOf(input);
  if (failed(verifyWindowAttrs(op, static_cast<int64_t>(x.size()) - 2, w)))
    return failure();
  for (size_t i = 0; i < w.kernel.size(); ++i)
    if (w.pads[i] >= w.kernel[i] || w.pads[i + w.kernel.size()] >= w.kernel[i])
      return op->emitOpError("pads must be smaller than the kernel");
  auto spatial = getWindowOutputShape(op, x, w, ceilMode);
  if (failed(spatial))
    return failure();
  SmallVector<int64_t> expected{x[0], x[1]};
  llvm::append_range(expected, *spatial);
  return expected;
}

/// Ops whose result has the element type of `operands` (ONNX's one type
/// variable T) and the inferred shape.
static LogicalResult verifyTypedLikeOperands(Operation *op, ValueRange operands) {
  if (failed(verifySameElementType(op, operands)))
    return failure();
  return verifyInferredShape(op);
}

FailureOr<SmallVector<int64_t>> MaxPoolOp::inferResultShape() {
  return inferPoolShape(*this, getInput(),
                        {getKernelShape(), getStrides(), getPads(), getDilations()},
                        getCeilMode());
}

LogicalResult MaxPoolOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }

FailureOr<SmallVector<int64_t>> AveragePoolOp::inferResultShape() {
  SmallVector<int64_t> ones(getKernelShape().size(), 1);
  return inferPoolShape(*this, getInput(), {getKernelShape(), getStrides(), getPads(), ones},
                        getCeilMode());
}

LogicalResult AveragePoolOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }

static FailureOr<SmallVector<int64_t>> inferGlobalPoolShape(Operation *op, Value input) {
  ArrayRef<int64_t> x = shapeOf(input);
  if (x.size() < 3)
    return op->emitOpError("needs an input of rank at least 3 (N x C x spatial...)");
  SmallVector<int64_t> expected{x[0], x[1]};
  expected.append(x.size() - 2, 1);
  return expected;
}

FailureOr<SmallVector<int64_t>> GlobalAveragePoolOp::inferResultShape() {
  return inferGlobalPoolShape(*this, getInput());
}
FailureOr<SmallVector<int64_t>> GlobalMaxPoolOp::inferResultShape() {
  return inferGlobalPoolShape(*this, getInput());
}
LogicalResult GlobalAveragePoolOp::verify() {
  return verifyTypedLikeOperands(*this, getInput());
}
LogicalResult GlobalMaxPoolOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }

//===----------------------------------------------------------------------===//
// Matrix multiplication
//===----------------------------------------------------------------------===//

static FailureOr<SmallVector<int64_t>> inferMatMulShape(Operation *op, Value lhs,
                                                        Value rhs) {
  SmallVector<int64_t> expected;
  if (!getMatMulShape(shapeOf(lhs), shapeOf(rhs), expected))
    return op->emitOpError("operand shapes are not compatible for matmul");
  return expected;
}

FailureOr<SmallVector<int64_t>> MatMulOp::inferResultShape() {
  return inferMatMulShape(*this, getLhs(), getRhs());
}
FailureOr<SmallVector<int64_t>> MatMulIntegerOp::inferResultShape() {
  return inferMatMulShape(*this, getLhs(), getRhs());
}
FailureOr<SmallVector<int64_t>> QLinearMatMulOp::inferResultShape() {
  return inferMatMulShape(*this, getLhs(), getRhs());
}
LogicalResult MatMulOp::verify() { return verifyTypedLikeOperands(*this, getOperands()); }
LogicalResult MatMulIntegerOp::verify() { return verifyInferredShape(*this); }
LogicalResult QLinearMatMulOp::verify() { return verifyInferredShape(*this); }

LogicalResult GemmOp::verify() { return verifyTypedLikeOperands(*this, getOperands()); }

FailureOr<SmallVector<int64_t>> GemmOp::inferResultShape() {
  ArrayRef<int64_t> a = shapeOf(getA()), b = shapeOf(getB());
  if (a.size() != 2 || b.size() != 2)
    return emitOpError("A and B must be 2-D");
  int64_t m = getTransA() ? a[1] : a[0], k = getTransA() ? a[0] : a[1];
  int64_t kb = getTransB() ? b[1] : b[0], n = getTransB() ? b[0] : b[1];
  if (k != kb)
    return emitOpError() << "inner dimensions differ: " << k << " vs " << kb;
  if (getC()) {
    SmallVector<int64_t> broadcast;
    if (!OpTrait::util::getBroadcastedShape(shapeOf(getC()), {m, n}, broadcast) ||
        broadcast != SmallVector<int64_t>{m, n})
      return emitOpError() << "C does not broadcast to " << m << "x" << n;
  }
  return SmallVector<int64_t>{m, n};
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

static FailureOr<SmallVector<int64_t>> inferBroadcastShape(Operation *op) {
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(shapeOf(op->getOperand(0)),
                                          shapeOf(op->getOperand(1)), shape))
    return op->emitOpError("operands are not broadcast-compatible");
  return shape;
}

FailureOr<SmallVector<int64_t>> AddOp::inferResultShape() { return inferBroadcastShape(*this); }
FailureOr<SmallVector<int64_t>> SubOp::inferResultShape() { return inferBroadcastShape(*this); }
FailureOr<SmallVector<int64_t>> MulOp::inferResultShape() { return inferBroadcastShape(*this); }
FailureOr<SmallVector<int64_t>> DivOp::inferResultShape() { return inferBroadcastShape(*this); }
FailureOr<SmallVector<int64_t>> PowOp::inferResultShape() { return inferBroadcastShape(*this); }

FailureOr<SmallVector<int64_t>> PReluOp::inferResultShape() {
  FailureOr<SmallVector<int64_t>> shape = inferBroadcastShape(*this);
  // The slope broadcasts to the input, never the other way round.
  if (succeeded(shape) && ArrayRef<int64_t>(*shape) != shapeOf(getLhs()))
    return emitOpError("the slope must broadcast to the input's shape");
  return shape;
}

LogicalResult AddOp::verify() { return verifyTypedLikeOperands(*this, getOperands()); }
LogicalResult SubOp::verify() { return verifyTypedLikeOperands(*this, getOperands()); }
LogicalResult MulOp::verify() { return verifyTypedLikeOperands(*this, getOperands()); }
LogicalResult DivOp::verify() { return verifyTypedLikeOperands(*this, getOperands()); }
LogicalResult PowOp::verify() { return verifyTypedLikeOperands(*this, getOperands()); }
LogicalResult PReluOp::verify() { return verifyTypedLikeOperands(*this, getOperands()); }

LogicalResult ClipOp::verify() {
  for (Value bound : {Value(getMin()), Value(getMax())}) {
    if (!bound)
      continue;
    if (!isScalarLike(bound))
      return emitOpError("min and max must be scalars");
    if (elementTypeOf(bound) != elementTypeOf(getInput()))
      return emitOpError("min and max must have the input's element type");
  }
  if (getInput().getType() != getOutput().getType())
    return emitOpError("result type must match the input type");
  return success();
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

LogicalResult BatchNormalizationOp::verify() {
  // Only X and Y share T: ONNX gives scale/bias (T1) and mean/var (T2) their own.
  return verifyTypedLikeOperands(*this, getInput());
}

FailureOr<SmallVector<int64_t>> BatchNormalizationOp::inferResultShape() {
  ArrayRef<int64_t> x = shapeOf(getInput());
  if (x.size() < 2)
    return emitOpError("needs an input of rank at least 2 (N x C x ...)");
  for (Value param : {Value(getScale()), Value(getBias()), Value(getMean()), Value(getVariance())})
    if (shapeOf(param) != ArrayRef<int64_t>{x[1]})
      return emitOpError() << "scale, bias, mean and variance must be 1-D with "
                           << x[1] << " elements";
  return SmallVector<int64_t>(x);
}

LogicalResult LayerNormalizationOp::verify() {
  return verifyTypedLikeOperands(*this, {getInput(), getScale(), getBias()});
}

FailureOr<SmallVector<int64_t>> LayerNormalizationOp::inferResultShape() {
  int64_t rank = rankOf(getInput());
  if (failed(verifyAxis(*this, getAxis(), rank)))
    return failure();
  ArrayRef<int64_t> normalized = shapeOf(getInput()).drop_front(getAxis());
  for (Value param : {Value(getScale()), Value(getBias())}) {
    if (!param)
      continue;
    SmallVector<int64_t> broadcast;
    if (!OpTrait::util::getBroadcastedShape(shapeOf(param), normalized, broadcast) ||
        ArrayRef<int64_t>(broadcast) != normalized)
      return emitOpError("scale and bias must broadcast to the normalized dimensions");
  }
  return SmallVector<int64_t>(shapeOf(getInput()));
}

LogicalResult SoftmaxOp::verify() {
  return verifyAxis(*this, getAxis(), rankOf(getInput()));
}
LogicalResult LogSoftmaxOp::verify() {
  return verifyAxis(*this, getAxis(), rankOf(getInput()));
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }

FailureOr<SmallVector<int64_t>> FlattenOp::inferResultShape() {
  ArrayRef<int64_t> x = shapeOf(getInput());
  int64_t axis = getAxis();
  if (axis < 0 || axis > static_cast<int64_t>(x.size()))
    return emitOpError() << "axis " << axis << " is out of range for rank " << x.size();
  int64_t outer = 1, inner = 1;
  for (auto [i, d] : llvm::enumerate(x))
    (static_cast<int64_t>(i) < axis ? outer : inner) *= d;
  return SmallVector<int64_t>{outer, inner};
}

LogicalResult ReshapeOp::verify() {
  if (failed(verifySameElementType(*this, getInput())))
    return failure();
  auto in = cast<RankedTensorType>(getInput().getType());
  auto out = cast<RankedTensorType>(getOutput().getType());
  if (in.getNumElements() != out.getNumElements())
    return emitOpError() << "cannot reshape " << in.getNumElements() << " elements into "
                         << out.getNumElements();
  return success();
}

LogicalResult TransposeOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }

FailureOr<SmallVector<int64_t>> TransposeOp::inferResultShape() {
  ArrayRef<int64_t> x = shapeOf(getInput());
  ArrayRef<int64_t> perm = getPerm();
  if (perm.size() != x.size())
    return emitOpError() << "perm has " << perm.size() << " entries for rank " << x.size();
  SmallVector<bool> seen(x.size(), false);
  SmallVector<int64_t> expected;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(x.size()) || seen[p])
      return emitOpError("perm must be a permutation of the dimensions");
    seen[p] = true;
    expected.push_back(x[p]);
  }
  return expected;
}

/// Axes that must be sorted, unique and within [0, rank).
static LogicalResult verifySortedAxes(Operation *op, ArrayRef<int64_t> axes,
                                      int64_t rank) {
  for (auto [i, axis] : llvm::enumerate(axes)) {
    if (axis < 0 || axis >= rank)
      return op->emitOpError() << "axis " << axis << " is out of range for rank " << rank;
    if (i > 0 && axes[i - 1] >= axis)
      return op->emitOpError("axes must be sorted and unique");
  }
  return success();
}

LogicalResult SqueezeOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }

FailureOr<SmallVector<int64_t>> SqueezeOp::inferResultShape() {
  ArrayRef<int64_t> x = shapeOf(getInput());
  if (failed(verifySortedAxes(*this, getAxes(), x.size())))
    return failure();
  SmallVector<int64_t> expected;
  for (auto [i, d] : llvm::enumerate(x)) {
    if (!llvm::is_contained(getAxes(), static_cast<int64_t>(i))) {
      expected.push_back(d);
    } else if (d != 1) {
      return emitOpError() << "cannot squeeze dimension " << i << " of size " << d;
    }
  }
  return expected;
}

LogicalResult UnsqueezeOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }

FailureOr<SmallVector<int64_t>> UnsqueezeOp::inferResultShape() {
  ArrayRef<int64_t> x = shapeOf(getInput());
  int64_t outRank = static_cast<int64_t>(x.size() + getAxes().size());
  if (failed(verifySortedAxes(*this, getAxes(), outRank)))
    return failure();
  SmallVector<int64_t> expected;
  auto next = x.begin();
  for (int64_t i = 0; i < outRank; ++i)
    expected.push_back(llvm::is_contained(getAxes(), i) ? 1 : *next++);
  return expected;
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  return verifyTypedLikeOperands(*this, getInputs());
}

FailureOr<SmallVector<int64_t>> ConcatOp::inferResultShape() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  ArrayRef<int64_t> first = shapeOf(getInputs().front());
  int64_t axis = getAxis();
  if (failed(verifyAxis(*this, axis, first.size())))
    return failure();
  SmallVector<int64_t> expected(first);
  expected[axis] = 0;
  for (Value input : getInputs()) {
    ArrayRef<int64_t> s = shapeOf(input);
    if (s.size() != first.size())
      return emitOpError("inputs must have the same rank");
    for (size_t d = 0; d < s.size(); ++d)
      if (static_cast<int64_t>(d) != axis && s[d] != first[d])
        return emitOpError() << "inputs differ in dimension " << d;
    expected[axis] += s[axis];
  }
  return expected;
}

LogicalResult SliceOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }

FailureOr<SmallVector<int64_t>> SliceOp::inferResultShape() {
  ArrayRef<int64_t> x = shapeOf(getInput());
  if (getStarts().size() != x.size() || getEnds().size() != x.size() ||
      getSteps().size() != x.size())
    return emitOpError() << "starts, ends and steps need one entry per dimension ("
                         << x.size() << ")";
  SmallVector<int64_t> expected;
  for (size_t d = 0; d < x.size(); ++d) {
    int64_t start = getStarts()[d], end = getEnds()[d], step = getSteps()[d];
    if (step == 0)
      return emitOpError("steps must be non-zero");
    // ONNX's clamping: [0, dim] stepping forward, [-1, dim - 1] stepping back
    // (-1 ends before the first element; as a start it only arises for an empty
    // dimension). Within these bounds every index the slice reads exists, which
    // the folder relies on.
    int64_t lowest = step > 0 ? 0 : -1, highest = step > 0 ? x[d] : x[d] - 1;
    if (start < lowest || start > highest || end < lowest || end > highest)
      return emitOpError() << "bounds of dimension " << d << " are not normalized";
    int64_t count = step > 0 ? (end - start + step - 1) / step
                             : (start - end + (-step) - 1) / (-step);
    expected.push_back(std::max<int64_t>(0, count));
  }
  return expected;
}

LogicalResult GatherOp::verify() { return verifyTypedLikeOperands(*this, getData()); }

FailureOr<SmallVector<int64_t>> GatherOp::inferResultShape() {
  ArrayRef<int64_t> data = shapeOf(getData());
  int64_t axis = getAxis();
  if (failed(verifyAxis(*this, axis, data.size())))
    return failure();
  SmallVector<int64_t> expected(data.take_front(axis));
  llvm::append_range(expected, shapeOf(getIndices()));
  llvm::append_range(expected, data.drop_front(axis + 1));
  return expected;
}

LogicalResult PadOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }

FailureOr<SmallVector<int64_t>> PadOp::inferResultShape() {
  ArrayRef<int64_t> x = shapeOf(getInput());
  ArrayRef<int64_t> pads = getPads();
  if (pads.size() != 2 * x.size())
    return emitOpError() << "pads has " << pads.size() << " entries, expected "
                         << 2 * x.size();
  SmallVector<int64_t> expected;
  for (size_t d = 0; d < x.size(); ++d) {
    int64_t size = x[d] + pads[d] + pads[d + x.size()];
    if (size < 0)
      return emitOpError() << "pads crop dimension " << d << " below zero";
    if (getMode() == PadMode::reflect && (pads[d] >= x[d] || pads[d + x.size()] >= x[d]))
      return emitOpError("reflect pads must be smaller than the dimension");
    expected.push_back(size);
  }
  return expected;
}

LogicalResult ResizeOp::verify() {
  int64_t rank = rankOf(getInput());
  if (static_cast<int64_t>(getScales().size()) != rank)
    return emitOpError() << "scales has " << getScales().size() << " entries for rank "
                         << rank;
  if (llvm::any_of(getScales(), [](float s) { return !(s > 0.0f); }))
    return emitOpError("scales must be positive");
  if (rankOf(getOutput()) != rank)
    return emitOpError("result rank must match the input rank");
  return verifySameElementType(*this, getInput());
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

static FailureOr<SmallVector<int64_t>> inferReduceShape(Operation *op, Value input,
                                                        ArrayRef<int64_t> axes,
                                                        bool keepdims) {
  ArrayRef<int64_t> x = shapeOf(input);
  if (failed(verifySortedAxes(op, axes, x.size())))
    return failure();
  SmallVector<int64_t> expected;
  for (auto [i, d] : llvm::enumerate(x)) {
    if (!llvm::is_contained(axes, static_cast<int64_t>(i)))
      expected.push_back(d);
    else if (keepdims)
      expected.push_back(1);
  }
  return expected;
}

FailureOr<SmallVector<int64_t>> ReduceMeanOp::inferResultShape() {
  return inferReduceShape(*this, getInput(), getAxes(), getKeepdims());
}
FailureOr<SmallVector<int64_t>> ReduceSumOp::inferResultShape() {
  return inferReduceShape(*this, getInput(), getAxes(), getKeepdims());
}
FailureOr<SmallVector<int64_t>> ReduceMaxOp::inferResultShape() {
  return inferReduceShape(*this, getInput(), getAxes(), getKeepdims());
}
LogicalResult ReduceMeanOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }
LogicalResult ReduceSumOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }
LogicalResult ReduceMaxOp::verify() { return verifyTypedLikeOperands(*this, getInput()); }

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

/// ONNX's rules for (scale, zero point) pairs: a scalar for per-tensor, a 1-D
/// vector as long as dimension `axis` for per-axis quantization.
static LogicalResult verifyQuantParams(Operation *op, Value data, Value scale,
                                       Value zeroPoint, int64_t axis, Type storage) {
  int64_t rank = rankOf(data);
  if (!isScalarLike(scale)) {
    if (rankOf(scale) != 1)
      return op->emitOpError("scale must be a scalar or a 1-D per-axis vector");
    if (failed(verifyAxis(op, axis, rank)))
      return failure();
    if (shapeOf(scale)[0] != shapeOf(data)[axis])
      return op->emitOpError() << "per-axis scale has " << shapeOf(scale)[0]
                               << " elements, but dimension " << axis << " has "
                               << shapeOf(data)[axis];
  }
  if (zeroPoint) {
    if (shapeOf(zeroPoint) != shapeOf(scale))
      return op->emitOpError("zero_point must have the shape of scale");
    if (elementTypeOf(zeroPoint) != storage)
      return op->emitOpError("zero_point must have the quantized element type");
  }
  return success();
}

FailureOr<SmallVector<int64_t>> QuantizeLinearOp::inferResultShape() {
  return SmallVector<int64_t>(shapeOf(getInput()));
}
FailureOr<SmallVector<int64_t>> DequantizeLinearOp::inferResultShape() {
  return SmallVector<int64_t>(shapeOf(getInput()));
}

LogicalResult QuantizeLinearOp::verify() {
  if (shapeOf(getInput()) != shapeOf(getOutput()))
    return emitOpError("result shape must match the input shape");
  return verifyQuantParams(*this, getInput(), getScale(), getZeroPoint(), getAxis(),
                           elementTypeOf(getOutput()));
}

LogicalResult DequantizeLinearOp::verify() {
  if (shapeOf(getInput()) != shapeOf(getOutput()))
    return emitOpError("result shape must match the input shape");
  return verifyQuantParams(*this, getInput(), getScale(), getZeroPoint(), getAxis(),
                           elementTypeOf(getInput()));
}

LogicalResult DynamicQuantizeLinearOp::verify() {
  if (shapeOf(getInput()) != shapeOf(getOutput()))
    return emitOpError("result shape must match the input shape");
  if (rankOf(getScale()) != 0 || rankOf(getZeroPoint()) != 0)
    return emitOpError("scale and zero_point results must be scalars");
  return success();
}

LogicalResult FakeQuantOp::verify() {
  QuantizerSpecAttr spec = getSpec();
  bool clipped = spec.getGrid() == QuantGrid::unsigned_clipped;
  if (clipped != static_cast<bool>(getClip()) || clipped == static_cast<bool>(getScale()))
    return emitOpError() << "grid " << stringifyQuantGrid(spec.getGrid())
                         << (clipped ? " takes a clip operand and no scale"
                                     : " takes a scale operand and no clip");
  if (getZeroPoint() && spec.getGrid() != QuantGrid::affine)
    return emitOpError("only the affine grid has a zero point");
  Value param = clipped ? getClip() : getScale();
  int64_t expected = 1;
  if (!spec.isPerTensor()) {
    if (failed(verifyAxis(*this, spec.getAxis(), rankOf(getInput()))))
      return failure();
    int64_t channels = shapeOf(getInput())[spec.getAxis()];
    int64_t groupSize = spec.getGroupSize();
    if (groupSize > 0 && channels % groupSize != 0)
      return emitOpError() << "group_size " << groupSize << " does not divide the "
                           << channels << " channels";
    expected = groupSize > 0 ? channels / groupSize : channels;
  }
  for (Value v : {param, Value(getZeroPoint())}) {
    if (!v)
      continue;
    auto type = cast<RankedTensorType>(v.getType());
    bool ok = spec.isPerTensor() ? isScalarLike(v)
                                 : (type.getRank() == 1 && type.getNumElements() == expected);
    if (!ok)
      return emitOpError() << "quantizer parameters must have " << expected
                           << (spec.isPerTensor() ? " element (a scalar)" : " elements");
  }
  return success();
}

#define GET_OP_CLASSES
#include "quantc/Dialect/QC/IR/QCOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Integer graph, level 1: ops on !quant types
//===----------------------------------------------------------------------===//

/// A per-axis grid must run along an axis of the tensor it types.
static LogicalResult verifyQuantAxis(Operation *op, Value value) {
  auto perAxis = getPerAxisQuantType(value.getType());
  if (!perAxis)
    return success();
  int64_t axis = perAxis.getQuantizedDimension();
  if (failed(verifyAxis(op, axis, rankOf(value), "quantized dimension")))
    return failure();
  if (static_cast<int64_t>(perAxis.getScales().size()) != shapeOf(value)[axis])
    return op->emitOpError() << "per-axis type has " << perAxis.getScales().size()
                             << " scales for dimension " << axis << " of size "
                             << shapeOf(value)[axis];
  return success();
}

LogicalResult StorageCastOp::verify() {
  Type input = getInput().getType(), output = getOutput().getType();
  bool inputQuantized = getPerTensorQuantType(input) || getPerAxisQuantType(input);
  bool outputQuantized = getPerTensorQuantType(output) || getPerAxisQuantType(output);
  if (inputQuantized == outputQuantized || stripQuantType(input) != stripQuantType(output))
    return emitOpError("casts between a !quant tensor and its storage type (ui8 for "
                       "unsigned codes, i8 for signed ones)");
  return success();
}

OpFoldResult StorageCastOp::fold(FoldAdaptor) {
  if (auto inner = getInput().getDefiningOp<StorageCastOp>())
    if (inner.getInput().getType() == getType())
      return inner.getInput();
  return {};
}

LogicalResult QuantizeOp::verify() { return verifyQuantAxis(*this, getOutput()); }
LogicalResult DequantizeOp::verify() { return verifyQuantAxis(*this, getInput()); }

/// Activations of the integer ops are quantized per tensor.
static LogicalResult verifyPerTensor(Operation *op, ValueRange values) {
  for (Value value : values)
    if (!getPerTensorQuantType(value.getType()))
      return op->emitOpError("activations must be quantized per tensor");
  return success();
}

/// Weights: signed codes with zero point 0, per tensor or per channel along
/// `channelAxis`.
static LogicalResult verifySymmetricWeight(Operation *op, Value weight, int64_t channelAxis) {
  auto quantized = cast<quant::QuantizedType>(elementTypeOf(weight));
  if (!quantized.isSigned())
    return op->emitOpError("weights must have signed (int8) codes");
  if (auto perAxis = getPerAxisQuantType(weight.getType())) {
    if (perAxis.getQuantizedDimension() != channelAxis)
      return op->emitOpError() << "weights must be quantized per tensor or along axis "
                               << channelAxis;
    if (failed(verifyQuantAxis(op, weight)))
      return failure();
  }
  if (llvm::any_of(getQuantZeroPoints(weight.getType()), [](int64_t z) { return z != 0; }))
    return op->emitOpError("weights must have zero point 0");
  return success();
}

/// A fused Relu or Clip: [output_min, output_max] in real values.
static LogicalResult verifyOutputRange(Operation *op, std::optional<APFloat> min,
                                       std::optional<APFloat> max) {
  if (min && max && min->convertToDouble() > max->convertToDouble())
    return op->emitOpError("output_min must not exceed output_max");
  return success();
}

FailureOr<SmallVector<int64_t>> QuantizedConvOp::inferResultShape() {
  return inferConvShape(*this, getInput(), getWeight(), getBias(), getStrides(), getPads(),
                        getDilations(), getGroup());
}

LogicalResult QuantizedConvOp::verify() {
  if (failed(verifyPerTensor(*this, {getInput(), getOutput()})) ||
      failed(verifySymmetricWeight(*this, getWeight(), /*channelAxis=*/0)) ||
      failed(verifyOutputRange(*this, getOutputMin(), getOutputMax())))
    return failure();
  return verifyInferredShape(*this);
}

/// M x K times K x N (or N x K transposed) with an N-element bias.
static FailureOr<SmallVector<int64_t>> inferMatrixProductShape(Operation *op, Value lhs,
                                                               Value rhs, Value bias,
                                                               bool transposeRhs) {
  if (rankOf(lhs) != 2 || rankOf(rhs) != 2)
    return op->emitOpError("operands must be 2-D");
  int64_t k = shapeOf(rhs)[transposeRhs ? 1 : 0], n = shapeOf(rhs)[transposeRhs ? 0 : 1];
  if (shapeOf(lhs)[1] != k)
    return op->emitOpError() << "lhs has " << shapeOf(lhs)[1] << " columns, rhs " << k
                             << " rows";
  if (bias && (rankOf(bias) != 1 || shapeOf(bias)[0] != n))
    return op->emitOpError() << "bias must be 1-D with " << n << " elements";
  return SmallVector<int64_t>{shapeOf(lhs)[0], n};
}

FailureOr<SmallVector<int64_t>> QuantizedMatMulOp::inferResultShape() {
  return inferMatrixProductShape(*this, getLhs(), getRhs(), getBias(), getTransposeRhs());
}

LogicalResult QuantizedMatMulOp::verify() {
  if (failed(verifyPerTensor(*this, {getLhs(), getOutput()})) ||
      failed(verifySymmetricWeight(*this, getRhs(), getTransposeRhs() ? 0 : 1)) ||
      failed(verifyOutputRange(*this, getOutputMin(), getOutputMax())))
    return failure();
  return verifyInferredShape(*this);
}

LogicalResult QuantizedAddOp::verify() {
  if (failed(verifyPerTensor(*this, {getLhs(), getRhs(), getOutput()})))
    return failure();
  return verifyOutputRange(*this, getOutputMin(), getOutputMax());
}

FailureOr<SmallVector<int64_t>> QuantizedGlobalAveragePoolOp::inferResultShape() {
  return inferGlobalPoolShape(*this, getInput());
}

LogicalResult QuantizedGlobalAveragePoolOp::verify() {
  if (failed(verifyPerTensor(*this, {getInput(), getOutput()})))
    return failure();
  return verifyInferredShape(*this);
}

//===----------------------------------------------------------------------===//
// Integer graph, level 2: int32 accumulation and rescaling
//===----------------------------------------------------------------------===//

/// The codes an 8-bit (or !quant) element type stores: [min, max].
static std::pair<int64_t, int64_t> getCodeRange(Type elementType) {
  if (auto quantized = dyn_cast<quant::QuantizedType>(elementType))
    return {quantized.getStorageTypeMin(), quantized.getStorageTypeMax()};
  auto integer = cast<IntegerType>(elementType);
  unsigned width = integer.getWidth();
  if (integer.isUnsigned())
    return {0, (int64_t{1} << width) - 1};
  return {-(int64_t{1} << (width - 1)), (int64_t{1} << (width - 1)) - 1};
}

/// `zeroPoint` is a code of `value`'s type, and its zero point if it has one.
static LogicalResult verifyZeroPointOf(Operation *op, Value value, int64_t zeroPoint,
                                       StringRef name) {
  auto [min, max] = getCodeRange(elementTypeOf(value));
  if (zeroPoint < min || zeroPoint > max)
    return op->emitOpError() << name << " " << zeroPoint << " is outside the codes [" << min
                             << ", " << max << "]";
  if (auto perTensor = getPerTensorQuantType(value.getType()))
    if (perTensor.getZeroPoint() != zeroPoint)
      return op->emitOpError() << name << " " << zeroPoint
                               << " differs from the type's zero point "
                               << perTensor.getZeroPoint();
  if (getPerAxisQuantType(value.getType()))
    return op->emitOpError("8-bit operands must be quantized per tensor");
  return success();
}

FailureOr<SmallVector<int64_t>> ConvInt32Op::inferResultShape() {
  return inferConvShape(*this, getInput(), getWeight(), getBias(), getStrides(), getPads(),
                        getDilations(), getGroup());
}

/// packed_weights and weight_layout come together; the layout is one of
/// `layouts` and the bytes a 1-D i8 tensor (their size is the runtime's to
/// check: convert-qc-to-runtime).
static LogicalResult verifyPackedWeights(Operation *op, std::optional<StringRef> layout,
                                         std::optional<ElementsAttr> packed,
                                         ArrayRef<StringRef> layouts) {
  // A layout alone is packed by the generated code (qc-pack-weights).
  if (packed && !layout)
    return op->emitOpError("needs a weight_layout for its packed_weights");
  if (!layout)
    return success();
  if (!llvm::is_contained(layouts, *layout))
    return op->emitOpError() << "has unknown weight_layout \"" << *layout << "\"";
  if (!packed)
    return success();
  auto type = cast<ShapedType>(packed->getType());
  if (type.getRank() != 1 || !type.getElementType().isSignlessInteger(8))
    return op->emitOpError("needs packed_weights as a 1-D i8 tensor");
  return success();
}

LogicalResult ConvInt32Op::verify() {
  if (failed(verifyZeroPointOf(*this, getInput(), static_cast<int64_t>(getInputZeroPoint()),
                               "input_zero_point")))
    return failure();
  if (failed(verifyPackedWeights(*this, getWeightLayout(), getPackedWeights(),
                                 {"conv2d_s8", "conv2d_s8_winograd"})))
    return failure();
  return verifyInferredShape(*this);
}

FailureOr<SmallVector<int64_t>> MatMulInt32Op::inferResultShape() {
  return inferMatrixProductShape(*this, getLhs(), getRhs(), getBias(), getTransposeRhs());
}

LogicalResult MatMulInt32Op::verify() {
  if (getPerAxisQuantType(getLhs().getType()))
    return emitOpError("8-bit operands must be quantized per tensor");
  if (failed(verifyPackedWeights(*this, getWeightLayout(), getPackedWeights(), {"gemm_s8"})))
    return failure();
  return verifyInferredShape(*this);
}

LogicalResult RescaleOp::verify() {
  ArrayRef<int32_t> multiplier = getMultiplier(), shift = getShift();
  if (multiplier.size() != shift.size() || multiplier.empty())
    return emitOpError("needs as many shifts as multipliers, at least one");
  // I64Attr reads back unsigned: the signed values of the attributes.
  int64_t axis = getChannelAxis();
  auto inputZeroPoint = static_cast<int64_t>(getInputZeroPoint());
  auto outputZeroPoint = static_cast<int64_t>(getOutputZeroPoint());
  auto clampMin = static_cast<int64_t>(getClampMin()), clampMax = static_cast<int64_t>(getClampMax());
  int64_t expected = 1;
  if (axis >= 0) {
    if (failed(verifyAxis(*this, axis, rankOf(getInput()))))
      return failure();
    expected = shapeOf(getInput())[axis];
  } else if (axis != -1) {
    return emitOpError("axis must be -1 (per tensor) or a dimension");
  }
  if (static_cast<int64_t>(multiplier.size()) != expected)
    return emitOpError() << "has " << multiplier.size() << " multipliers, expected "
                         << expected;
  if (llvm::any_of(multiplier, [](int32_t m) { return m < 0; }))
    return emitOpError("multipliers must be non-negative");
  if (llvm::any_of(shift, [](int32_t s) { return s < 1 || s > 62; }))
    return emitOpError("shifts must be in [1, 62]");
  Type inputElement = elementTypeOf(getInput()), outputElement = elementTypeOf(getOutput());
  if (inputElement.isInteger(32)) {
    if (inputZeroPoint != 0)
      return emitOpError("an int32 input has no zero point");
  } else if (failed(verifyZeroPointOf(*this, getInput(), inputZeroPoint,
                                      "input_zero_point"))) {
    return failure();
  }
  auto [min, max] = getCodeRange(outputElement);
  if (!outputElement.isInteger(32) &&
      failed(verifyZeroPointOf(*this, getOutput(), outputZeroPoint, "output_zero_point")))
    return failure();
  if (clampMin < min || clampMax > max || clampMin > clampMax)
    return emitOpError() << "clamp [" << clampMin << ", " << clampMax
                         << "] must be a range inside the output codes [" << min << ", "
                         << max << "]";
  return success();
}
