//===- ImportNeuralNet.cpp - convolution, GEMM, pooling, normalization ----===//

#include "NodeImporter.h"

#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/IR/ShapeHelpers.h"

namespace mlir::qc::onnx_import {

/// Reads kernel_shape (or takes `weightKernel`), strides, dilations and pads,
/// resolving auto_pad against `inputShape`.
static FailureOr<WindowAttributes> readWindowAttributes(NodeImporter &n,
                                                        ArrayRef<int64_t> inputShape,
                                                        ArrayRef<int64_t> weightKernel) {
  if (inputShape.size() < 3) {
    n.error() << "input must have rank at least 3 (N x C x spatial...)";
    return failure();
  }
  size_t spatial = inputShape.size() - 2;
  WindowAttributes w;
  w.kernel = n.getInts("kernel_shape", weightKernel);
  if (w.kernel.empty()) {
    n.error() << "kernel_shape is required";
    return failure();
  }
  if (!weightKernel.empty() && ArrayRef<int64_t>(w.kernel) != weightKernel) {
    n.error() << "kernel_shape does not match the weight's spatial dimensions";
    return failure();
  }
  SmallVector<int64_t> ones(spatial, 1), zeros(2 * spatial, 0);
  w.strides = n.getInts("strides", ones);
  w.dilations = n.getInts("dilations", ones);
  w.pads = n.getInts("pads", zeros);
  if (w.kernel.size() != spatial || w.strides.size() != spatial ||
      w.dilations.size() != spatial || w.pads.size() != 2 * spatial) {
    n.error() << "kernel_shape, strides and dilations need " << spatial
              << " entries and pads " << 2 * spatial;
    return failure();
  }
  if (failed(n.checkShapeLikeValues(w.kernel, "kernel_shape")) ||
      failed(n.checkShapeLikeValues(w.strides, "strides")) ||
      failed(n.checkShapeLikeValues(w.dilations, "dilations")) ||
      failed(n.checkShapeLikeValues(w.pads, "pads")))
    return failure();
  if (llvm::any_of(w.strides, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(w.dilations, [](int64_t d) { return d < 1; })) {
    n.error() << "strides and dilations must be positive";
    return failure();
  }
  std::string autoPad = n.getString("auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    w.pads = zeros;
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < spatial; ++i) {
      auto [begin, end] = getSamePadding(inputShape[i + 2], w.kernel[i], w.strides[i],
                                         w.dilations[i], autoPad == "SAME_LOWER");
      w.pads[i] = begin;
      w.pads[i + spatial] = end;
    }
  } else if (autoPad != "NOTSET") {
    n.error() << "unknown auto_pad '" << autoPad << "'";
    return failure();
  }
  return w;
}

FailureOr<WindowAttributes> readConvWindow(NodeImporter &n, unsigned weightIndex) {
  ArrayRef<int64_t> input = n.getInputType(0).getShape();
  ArrayRef<int64_t> weight = n.getInputType(weightIndex).getShape();
  if (input.size() < 3 || weight.size() != input.size()) {
    n.error() << "input and weight must have the same rank, at least 3 (N x C x spatial...)";
    return failure();
  }
  return readWindowAttributes(n, input, weight.drop_front(2));
}

FailureOr<WindowAttributes> readPoolWindow(NodeImporter &n) {
  return readWindowAttributes(n, n.getInputType(0).getShape(), {});
}

namespace {

LogicalResult importConv(NodeImporter &n) {
  FailureOr<WindowAttributes> w = readConvWindow(n, 1);
  if (failed(w))
    return failure();
  OpBuilder &b = n.getBuilder();
  return n.create<ConvOp>(
      n.getInput(0), n.getInput(1), n.getInput(2), b.getDenseI64ArrayAttr(w->strides),
      b.getDenseI64ArrayAttr(w->pads), b.getDenseI64ArrayAttr(w->dilations),
      b.getI64IntegerAttr(n.getInt("group", 1)));
}

LogicalResult importConvTranspose(NodeImporter &n) {
  ArrayRef<int64_t> x = n.getInputType(0).getShape();
  std::string autoPad = n.getString("auto_pad", "NOTSET");
  // Pads are resolved below from output_shape or auto_pad, not as for Conv.
  FailureOr<WindowAttributes> w = readConvWindow(n, 1);
  if (failed(w))
    return failure();
  ArrayRef<int64_t> kernel = w->kernel;
  size_t spatial = x.size() - 2;
  SmallVector<int64_t> outputPadding =
      n.getInts("output_padding", SmallVector<int64_t>(spatial, 0));
  SmallVector<int64_t> outputShape = n.getInts("output_shape");
  if (outputPadding.size() != spatial) {
    return n.error() << "output_padding needs " << spatial << " entries";
  if (failed(n.checkShapeLikeValues(outputPadding, "output_padding")) ||
      failed(n.checkShapeLikeValues(outputShape, "output_shape")))
    return failure();
  }
  bool same = autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
  if (!outputShape.empty() || same) {
    // Take the last `spatial` entries: output_shape may include N and C.
    if (!outputShape.empty() && outputShape.size() < spatial)
      return n.error() << "output_shape needs " << spatial << " entries";
    for (size_t i = 0; i < spatial; ++i) {
      int64_t target = outputShape.empty() ? x[i + 2] * w->strides[i]
                                           : outputShape[outputShape.size() - spatial + i];
      int64_t total = w->strides[i] * (x[i + 2] - 1) + outputPadding[i] +
                      (kernel[i] - 1) * w->dilations[i] + 1 - target;
      if (total < 0) {
        // A larger output than the kernels cover: ONNX puts the excess in
        // output_padding.
        outputPadding[i] -= total;
        total = 0;
      }
      bool lower = autoPad == "SAME_LOWER";
      w->pads[i] = lower ? total - total / 2 : total / 2;
      w->pads[i + spatial] = total - w->pads[i];
    }
  }
  OpBuilder &b = n.getBuilder();
  return n.create<ConvTransposeOp>(
      n.getInput(0), n.getInput(1), n.getInput(2), b.getDenseI64ArrayAttr(w->strides),
      b.getDenseI64ArrayAttr(w->pads), b.getDenseI64ArrayAttr(w->dilations),
      b.getDenseI64ArrayAttr(outputPadding), b.getI64IntegerAttr(n.getInt("group", 1)));
}

LogicalResult importGemm(NodeImporter &n) {
  OpBuilder &b = n.getBuilder();
  return n.create<GemmOp>(
      n.getInput(0), n.getInput(1), n.getInput(2),
      b.getF32FloatAttr(n.getFloat("alpha", 1.0f)), b.getF32FloatAttr(n.getFloat("beta", 1.0f)),
      b.getBoolAttr(n.getInt("transA", 0) != 0), b.getBoolAttr(n.getInt("transB", 0) != 0));
}

LogicalResult importMatMul(NodeImporter &n) {
  return n.create<MatMulOp>(n.getInput(0), n.getInput(1));
}

LogicalResult importMaxPool(NodeImporter &n) {
  if (failed(n.requireOutputUnused(1, "Indices")))
    return failure();
  FailureOr<WindowAttributes> w = readPoolWindow(n);
  if (failed(w))
    return failure();
  OpBuilder &b = n.getBuilder();
  return n.create<MaxPoolOp>(
      n.getInput(0), b.getDenseI64ArrayAttr(w->kernel), b.getDenseI64ArrayAttr(w->strides),
      b.getDenseI64ArrayAttr(w->pads), b.getDenseI64ArrayAttr(w->dilations),
      b.getBoolAttr(n.getInt("ceil_mode", 0) != 0));
}

LogicalResult importAveragePool(NodeImporter &n) {
  if (n.getAttribute("dilations"))
    return n.error() << "dilated average pooling is not supported";
  FailureOr<WindowAttributes> w = readPoolWindow(n);
  if (failed(w))
    return failure();
  OpBuilder &b = n.getBuilder();
  return n.create<AveragePoolOp>(
      n.getInput(0), b.getDenseI64ArrayAttr(w->kernel), b.getDenseI64ArrayAttr(w->strides),
      b.getDenseI64ArrayAttr(w->pads), b.getBoolAttr(n.getInt("ceil_mode", 0) != 0),
      b.getBoolAttr(n.getInt("count_include_pad", 0) != 0));
}

template <typename OpTy>
LogicalResult importGlobalPool(NodeImporter &n) {
  return n.create<OpTy>(n.getInput(0));
}

LogicalResult importBatchNormalization(NodeImporter &n) {
  if (n.getVersion() < 9 && n.getInt("spatial", 1) != 1)
    return n.error() << "spatial = 0 is not supported";
  if (n.getInt("training_mode", 0) != 0)
    return n.error() << "training_mode is not supported: quantc compiles inference";
  for (unsigned i = 1; i < 5; ++i)
    if (failed(n.requireOutputUnused(i, "running statistics")))
      return failure();
  return n.create<BatchNormalizationOp>(
      n.getInput(0), n.getInput(1), n.getInput(2), n.getInput(3), n.getInput(4),
      n.getBuilder().getF32FloatAttr(n.getFloat("epsilon", 1e-5f)));
}

LogicalResult importLayerNormalization(NodeImporter &n) {
  if (failed(n.requireOutputUnused(1, "Mean")) ||
      failed(n.requireOutputUnused(2, "InvStdDev")))
    return failure();
  if (n.getInt("stash_type", 1) != 1)
    return n.error() << "stash_type other than float is not supported";
  FailureOr<int64_t> axis =
      n.normalizeAxis(n.getInt("axis", -1), n.getInputType(0).getRank());
  if (failed(axis))
    return failure();
  OpBuilder &b = n.getBuilder();
  return n.create<LayerNormalizationOp>(
      n.getInput(0), n.getInput(1), n.getInput(2), b.getI64IntegerAttr(*axis),
      b.getF32FloatAttr(n.getFloat("epsilon", 1e-5f)));
}

/// Softmax and LogSoftmax. Before opset 13 they normalize over the flattened
/// dimensions [axis, rank), which reshapes around the one-axis op express.
template <typename OpTy>
LogicalResult importSoftmax(NodeImporter &n) {
  RankedTensorType type = n.getInputType(0);
  int64_t rank = type.getRank();
  bool legacy = n.getVersion() < 13;
  FailureOr<int64_t> axis = n.normalizeAxis(n.getInt("axis", legacy ? 1 : -1), rank);
  if (failed(axis))
    return failure();
  OpBuilder &b = n.getBuilder();
  if (!legacy || *axis == rank - 1)
    return n.create<OpTy>(n.getInput(0), b.getI64IntegerAttr(*axis));
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < *axis ? outer : inner) *= type.getDimSize(d);
  auto flatType = RankedTensorType::get({outer, inner}, type.getElementType());
  Value flat = ReshapeOp::create(b, n.getLoc(), flatType, n.getInput(0));
  Value normalized = OpTy::create(b, n.getLoc(), flatType, flat, b.getI64IntegerAttr(1));
  return n.createWithTypes<ReshapeOp>(type, normalized);
}

} // namespace

void appendNeuralNetImportRules(std::vector<OpImportRule> &rules) {
  rules.insert(rules.end(), {
      {"Conv", 1, importConv},
      {"ConvTranspose", 1, importConvTranspose},
      {"Gemm", 7, importGemm},
      {"MatMul", 1, importMatMul},
      {"MaxPool", 8, importMaxPool},
      {"AveragePool", 7, importAveragePool},
      {"GlobalAveragePool", 1, importGlobalPool<GlobalAveragePoolOp>},
      {"GlobalMaxPool", 1, importGlobalPool<GlobalMaxPoolOp>},
      {"BatchNormalization", 7, importBatchNormalization},
      {"LayerNormalization", 17, importLayerNormalization},
      {"Softmax", 1, importSoftmax<SoftmaxOp>},
      {"LogSoftmax", 1, importSoftmax<LogSoftmaxOp>},
  });
}

} // namespace mlir::qc::onnx_import
