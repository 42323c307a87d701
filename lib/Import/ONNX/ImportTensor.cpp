//===- ImportTensor.cpp - shape, data movement, reductions, constants -----===//
//
// Inputs that ONNX passes as tensors but that fix the output shape (Reshape's
// shape, Slice's starts/ends, Pad's pads, Resize's scales/sizes, Squeeze's
// axes) must be constants; they become attributes or the result type.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>

namespace mlir::qc::onnx_import {
namespace {

/// Normalizes, sorts and deduplicates-checks a list of axes.
FailureOr<SmallVector<int64_t>> normalizeAxes(NodeImporter &n, ArrayRef<int64_t> axes,
                                              int64_t rank) {
  SmallVector<int64_t> result;
  for (int64_t axis : axes) {
    FailureOr<int64_t> normalized = n.normalizeAxis(axis, rank);
    if (failed(normalized))
      return failure();
    result.push_back(*normalized);
  }
  llvm::sort(result);
  if (std::adjacent_find(result.begin(), result.end()) != result.end()) {
    n.error() << "axes must not repeat";
    return failure();
  }
  return result;
}

/// Axes from the attribute (older opsets) or from constant input `index`.
FailureOr<SmallVector<int64_t>> readAxes(NodeImporter &n, bool fromInput, unsigned index) {
  if (!fromInput)
    return n.getInts("axes");
  if (!n.hasInput(index))
    return SmallVector<int64_t>();
  return n.getConstantInts(index, "axes");
}

LogicalResult importFlatten(NodeImporter &n) {
  int64_t rank = n.getInputType(0).getRank();
  int64_t axis = n.getInt("axis", 1);
  // Flatten accepts axis == rank (everything in the outer dimension).
  if (axis < -rank || axis > rank)
    return n.error() << "axis " << axis << " is out of range for rank " << rank;
  return n.create<FlattenOp>(
      n.getInput(0), n.getBuilder().getI64IntegerAttr(axis < 0 ? axis + rank : axis));
}

/// The target shape becomes the result type: 0 copies the input dimension
/// (unless allowzero), -1 takes what is left.
LogicalResult importReshape(NodeImporter &n) {
  FailureOr<SmallVector<int64_t>> shape = n.getConstantInts(1, "shape");
  if (failed(shape))
    return failure();
  RankedTensorType inType = n.getInputType(0);
  bool allowZero = n.getInt("allowzero", 0) != 0;
  int64_t known = 1, inferred = -1;
  for (auto [i, dim] : llvm::enumerate(*shape)) {
    if (dim == 0 && !allowZero) {
      if (static_cast<int64_t>(i) >= inType.getRank())
        return n.error() << "shape entry " << i << " is 0 but the input has rank "
                         << inType.getRank();
      dim = inType.getDimSize(i);
    }
    if (dim == -1) {
      if (inferred >= 0)
        return n.error() << "shape has more than one -1";
      inferred = static_cast<int64_t>(i);
      continue;
    }
    if (dim < 0 || dim > (int64_t(1) << 31))
      return n.error() << "shape entry " << dim << " is invalid";
    known *= dim;
  }
  int64_t count = inType.getNumElements();
  if (inferred >= 0) {
    if (known == 0 || count % known != 0)
      return n.error() << "cannot reshape " << count << " elements with a -1 entry";
    (*shape)[inferred] = count / known;
  } else if (known != count) {
    return n.error() << "cannot reshape " << count << " elements into " << known;
  }
  return n.createWithTypes<ReshapeOp>(inType.clone(*shape), n.getInput(0));
}

LogicalResult importTranspose(NodeImporter &n) {
  int64_t rank = n.getInputType(0).getRank();
  SmallVector<int64_t> reversed(llvm::reverse(llvm::seq<int64_t>(0, rank)));
  return n.create<TransposeOp>(
      n.getInput(0), n.getBuilder().getDenseI64ArrayAttr(n.getInts("perm", reversed)));
}

LogicalResult importSqueeze(NodeImporter &n) {
  RankedTensorType type = n.getInputType(0);
  FailureOr<SmallVector<int64_t>> axes = readAxes(n, n.getVersion() >= 13, 1);
  if (failed(axes))
    return failure();
  if (axes->empty()) {
    // No axes: every dimension of size 1.
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.getDimSize(d) == 1)
        axes->push_back(d);
  }
  FailureOr<SmallVector<int64_t>> normalized = normalizeAxes(n, *axes, type.getRank());
  if (failed(normalized))
    return failure();
  return n.create<SqueezeOp>(n.getInput(0),
                                         n.getBuilder().getDenseI64ArrayAttr(*normalized));
}

LogicalResult importUnsqueeze(NodeImporter &n) {
  FailureOr<SmallVector<int64_t>> axes = readAxes(n, n.getVersion() >= 13, 1);
  if (failed(axes))
    return failure();
  int64_t outRank = n.getInputType(0).getRank() + static_cast<int64_t>(axes->size());
  FailureOr<SmallVector<int64_t>> normalized = normalizeAxes(n, *axes, outRank);
  if (failed(normalized))
    return failure();
  return n.create<UnsqueezeOp>(n.getInput(0),
                                           n.getBuilder().getDenseI64ArrayAttr(*normalized));
}

LogicalResult importConcat(NodeImporter &n) {
  SmallVector<Value> inputs;
  for (int i = 0; i < n.getNode().input_size(); ++i)
    if (n.hasInput(i))
      inputs.push_back(n.getInput(i));
  if (inputs.empty())
    return n.error() << "needs at least one input";
  FailureOr<int64_t> axis =
      n.normalizeAxis(n.getInt("axis", 0), cast<RankedTensorType>(inputs[0].getType()).getRank());
  if (failed(axis))
    return failure();
  return n.createWithElementType<ConcatOp>(
      cast<RankedTensorType>(inputs[0].getType()).getElementType(), inputs,
      n.getBuilder().getI64IntegerAttr(*axis));
}

LogicalResult importSlice(NodeImporter &n) {
  ArrayRef<int64_t> shape = n.getInputType(0).getShape();
  int64_t rank = static_cast<int64_t>(shape.size());
  SmallVector<int64_t> starts, ends, axes, steps;
  if (n.getVersion() < 10) {
    starts = n.getInts("starts");
    ends = n.getInts("ends");
    axes = n.getInts("axes");
  } else {
    FailureOr<SmallVector<int64_t>> s = n.getConstantInts(1, "starts");
    FailureOr<SmallVector<int64_t>> e = n.getConstantInts(2, "ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (n.hasInput(3)) {
      FailureOr<SmallVector<int64_t>> a = n.getConstantInts(3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (n.hasInput(4)) {
      FailureOr<SmallVector<int64_t>> st = n.getConstantInts(4, "steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  if (axes.empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, starts.size()));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (starts.size() != ends.size() || starts.size() != axes.size() ||
      starts.size() != steps.size())
    return n.error() << "starts, ends, axes and steps must have the same length";

  // Every dimension starts as a full slice; listed axes get ONNX's clamping.
  SmallVector<int64_t> fullStarts(rank, 0), fullEnds(shape), fullSteps(rank, 1);
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < axes.size(); ++i) {
    FailureOr<int64_t> axis = n.normalizeAxis(axes[i], rank);
    if (failed(axis))
      return failure();
    if (seen[*axis])
      return n.error() << "axis " << *axis << " is sliced twice";
    seen[*axis] = true;
    int64_t dim = shape[*axis], step = steps[i];
    if (step == 0)
      return n.error() << "steps must be non-zero";
    // Clamp in 128-bit-safe steps: ONNX uses INT64_MAX/MIN for "to the end".
    auto clamp = [](int64_t v, int64_t lo, int64_t hi) { return std::min(std::max(v, lo), hi); };
    int64_t start = starts[i] < 0 ? (starts[i] < -dim ? -1 - dim : starts[i]) + dim : starts[i];
    int64_t end = ends[i] < 0 ? (ends[i] < -dim ? -1 - dim : ends[i]) + dim : ends[i];
    if (step > 0) {
      start = clamp(start, 0, dim);
      end = clamp(end, 0, dim);
    } else {
      start = clamp(start, 0, dim - 1);
      end = clamp(end, -1, dim - 1);
    }
    fullStarts[*axis] = start;
    fullEnds[*axis] = end;
    fullSteps[*axis] = step;
  }
  OpBuilder &b = n.getBuilder();
  return n.create<SliceOp>(n.getInput(0), b.getDenseI64ArrayAttr(fullStarts),
                                       b.getDenseI64ArrayAttr(fullEnds),
                                       b.getDenseI64ArrayAttr(fullSteps));
}

LogicalResult importGather(NodeImporter &n) {
  FailureOr<int64_t> axis = n.normalizeAxis(n.getInt("axis", 0), n.getInputType(0).getRank());
  if (failed(axis))
    return failure();
  return n.create<GatherOp>(n.getInput(0), n.getInput(1),
                                        n.getBuilder().getI64IntegerAttr(*axis));
}

LogicalResult importPad(NodeImporter &n) {
  SmallVector<int64_t> pads;
  double value = 0.0;
  if (n.getVersion() < 11) {
    pads = n.getInts("pads");
    value = n.getFloat("value", 0.0f);
  } else {
    FailureOr<SmallVector<int64_t>> p = n.getConstantInts(1, "pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (n.hasInput(2)) {
      DenseElementsAttr constant = toDenseElements(n.getConstantInput(2));
      if (!constant || constant.getNumElements() != 1)
        return n.error() << "constant_value must be a constant scalar";
      Attribute element = constant.getValues<Attribute>()[0];
      if (auto f = dyn_cast<FloatAttr>(element))
        value = f.getValueAsDouble();
      else
        value = static_cast<double>(cast<IntegerAttr>(element).getValue().getSExtValue());
    }
  }
  if (failed(n.checkShapeLikeValues(pads, "pads")))
    return failure();
  std::string modeName = n.getString("mode", "constant");
  std::optional<PadMode> mode = symbolizePadMode(modeName);
  if (!mode)
    return n.error() << "unknown pad mode '" << modeName << "'";
  OpBuilder &b = n.getBuilder();
  return n.create<PadOp>(n.getInput(0), b.getDenseI64ArrayAttr(pads),
                                     PadModeAttr::get(n.getContext(), *mode),
                                     b.getF64FloatAttr(value));
}

LogicalResult importResize(NodeImporter &n) {
  RankedTensorType inType = n.getInputType(0);
  int64_t rank = inType.getRank();
  // Resize-10 takes (X, scales); Resize-11 and later (X, roi, scales, sizes).
  // Output dimension d is floor(in * scale) from scales, or sizes[d]; with
  // sizes the scales are out / in, as ONNX defines.
  unsigned scalesIndex = n.getVersion() < 11 ? 1 : 2;
  SmallVector<float> scales;
  SmallVector<int64_t> outShape;
  if (n.hasInput(scalesIndex) && n.getInputType(scalesIndex).getNumElements() > 0) {
    FailureOr<SmallVector<double>> s = n.getConstantFloats(scalesIndex, "scales");
    if (failed(s))
      return failure();
    if (static_cast<int64_t>(s->size()) != rank)
      return n.error() << "scales has " << s->size() << " entries for rank " << rank;
    for (auto [d, scale] : llvm::enumerate(*s)) {
      if (!(scale > 0.0) || inType.getDimSize(d) * scale > double(int64_t(1) << 31))
        return n.error() << "scale " << scale << " is invalid";
      scales.push_back(static_cast<float>(scale));
      // In float, as ONNX Runtime computes it.
      outShape.push_back(static_cast<int64_t>(
          std::floor(static_cast<float>(inType.getDimSize(d)) * static_cast<float>(scale))));
    }
  } else {
    FailureOr<SmallVector<int64_t>> sizes = n.getConstantInts(3, "sizes");
    if (failed(sizes))
      return failure();
    if (static_cast<int64_t>(sizes->size()) != rank)
      return n.error() << "sizes has " << sizes->size() << " entries for rank " << rank;
    for (auto [d, size] : llvm::enumerate(*sizes)) {
      if (size < 1 || size > (int64_t(1) << 31) || inType.getDimSize(d) == 0)
        return n.error() << "size " << size << " is invalid";
      scales.push_back(static_cast<float>(size) / static_cast<float>(inType.getDimSize(d)));
      outShape.push_back(size);
    }
  }
  std::string mode = n.getString("mode", "nearest");
  // Resize-10 maps coordinates asymmetrically and floors, like Upsample.
  std::string transform = n.getVersion() < 11
                              ? "asymmetric"
                              : n.getString("coordinate_transformation_mode", "half_pixel");
  std::string nearest =
      n.getVersion() < 11 ? "floor" : n.getString("nearest_mode", "round_prefer_floor");
  std::optional<ResizeMode> modeEnum = symbolizeResizeMode(mode);
  std::optional<CoordinateTransform> transformEnum = symbolizeCoordinateTransform(transform);
  std::optional<NearestMode> nearestEnum = symbolizeNearestMode(nearest);
  if (!modeEnum)
    return n.error() << "mode '" << mode << "' is not supported (nearest, linear, cubic)";
  if (!transformEnum)
    return n.error() << "coordinate_transformation_mode '" << transform << "' is not supported";
  if (!nearestEnum)
    return n.error() << "nearest_mode '" << nearest << "' is not supported";
  OpBuilder &b = n.getBuilder();
  return n.createWithTypes<ResizeOp>(
      inType.clone(outShape), n.getInput(0), b.getDenseF32ArrayAttr(scales),
      ResizeModeAttr::get(n.getContext(), *modeEnum),
      CoordinateTransformAttr::get(n.getContext(), *transformEnum),
      NearestModeAttr::get(n.getContext(), *nearestEnum),
      b.getF32FloatAttr(n.getFloat("cubic_coeff_a", -0.75f)),
      b.getBoolAttr(n.getInt("exclude_outside", 0) != 0));
}

/// ReduceSum-13 takes axes as an input; the others (up to opset 17) as an
/// attribute. An empty list reduces everything unless noop_with_empty_axes.
template <typename OpTy>
LogicalResult importReduce(NodeImporter &n) {
  bool axesFromInput = std::is_same_v<OpTy, ReduceSumOp> && n.getVersion() >= 13;
  FailureOr<SmallVector<int64_t>> axes = readAxes(n, axesFromInput, 1);
  if (failed(axes))
    return failure();
  int64_t rank = n.getInputType(0).getRank();
  if (axes->empty()) {
    if (n.getInt("noop_with_empty_axes", 0) != 0)
      return n.create<IdentityOp>(n.getInput(0));
    *axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  FailureOr<SmallVector<int64_t>> normalized = normalizeAxes(n, *axes, rank);
  if (failed(normalized))
    return failure();
  OpBuilder &b = n.getBuilder();
  return n.create<OpTy>(n.getInput(0), b.getDenseI64ArrayAttr(*normalized),
                                    b.getBoolAttr(n.getInt("keepdims", 1) != 0));
}

/// ModelLoader rewrote the value_float(s)/value_int(s) forms into `value`.
LogicalResult importConstant(NodeImporter &n) {
  if (n.getNode().attribute_size() != 1)
    return n.error() << "needs exactly one value attribute";
  const onnx::AttributeProto &attr = n.getNode().attribute(0);
  if (attr.name() != "value")
    return n.error() << "constant attribute '" << attr.name() << "' is not supported";
  std::string message;
  FailureOr<ElementsAttr> value = convertTensor(attr.t(), n.getContext(), message);
  if (failed(value))
    return n.error() << "the value tensor " << message;
  n.setOutput(0, n.createConstant(cast<RankedTensorType>(value->getType()), *value));
  return success();
}

/// Shape of a statically shaped tensor is a constant.
LogicalResult importShape(NodeImporter &n) {
  ArrayRef<int64_t> shape = n.getInputType(0).getShape();
  int64_t rank = static_cast<int64_t>(shape.size());
  int64_t start = n.getInt("start", 0), end = n.getInt("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  SmallVector<int64_t> dims(shape.begin() + start, shape.begin() + std::max(start, end));
  auto type = RankedTensorType::get({static_cast<int64_t>(dims.size())},
                                    n.getBuilder().getI64Type());
  n.setOutput(0, n.createConstant(type, DenseElementsAttr::get(type, ArrayRef<int64_t>(dims))));
  return success();
}

} // namespace

void appendTensorImportRules(std::vector<OpImportRule> &rules) {
  rules.insert(rules.end(), {
      {"Flatten", 1, importFlatten},
      {"Reshape", 5, importReshape},
      {"Transpose", 1, importTranspose},
      {"Squeeze", 1, importSqueeze},
      {"Unsqueeze", 1, importUnsqueeze},
      {"Concat", 4, importConcat},
      {"Slice", 1, importSlice},
      {"Gather", 1, importGather},
      {"Pad", 2, importPad},
      {"Resize", 10, importResize},
      {"ReduceMean", 1, importReduce<ReduceMeanOp>},
      {"ReduceSum", 1, importReduce<ReduceSumOp>},
      {"ReduceMax", 1, importReduce<ReduceMaxOp>},
      {"Constant", 1, importConstant},
      {"Shape", 1, importShape},
  });
}

} // namespace mlir::qc::onnx_import
