//===- WeightLayouts.cpp - the runtime's 8-bit weight layouts -------------===//

#include "quantc/Dialect/QC/Transforms/WeightLayouts.h"

namespace mlir::qc {

const Int8ConvolutionLayout kIm2colInt8Convolution = {
    "conv2d_s8",
    "qc_conv2d_s8",
    "qc_conv2d_s8_pack_weights",
    "",
    qc_conv2d_s8_packed_weights_size,
    qc_conv2d_s8_pack_weights,
    qc_conv2d_s8_scratch_size};

const Int8ConvolutionLayout kWinogradInt8Convolution = {
    "conv2d_s8_winograd",
    "qc_conv2d_s8_winograd",
    "qc_conv2d_s8_winograd_pack_weights",
    // 3.6 times the int8 bytes: ResNet-18's library would triple.
    "qc_conv2d_s8_winograd_pack_weights_once",
    qc_conv2d_s8_winograd_packed_weights_size,
    qc_conv2d_s8_winograd_pack_weights,
    qc_conv2d_s8_winograd_scratch_size};

const Int8ConvolutionLayout *lookupInt8ConvolutionLayout(StringRef name) {
  for (const Int8ConvolutionLayout *layout : {&kIm2colInt8Convolution, &kWinogradInt8Convolution})
    if (layout->name == name)
      return layout;
  return nullptr;
}

std::optional<qc_conv2d_desc> getConvDescriptor(RankedTensorType inputType,
                                                RankedTensorType weightType,
                                                RankedTensorType outputType,
                                                ArrayRef<int64_t> strides,
                                                ArrayRef<int64_t> pads,
                                                ArrayRef<int64_t> dilations, int64_t group) {
  int64_t rank = inputType.getRank();
  if ((rank != 3 && rank != 4) || !inputType.hasStaticShape() ||
      !weightType.hasStaticShape() || !outputType.hasStaticShape())
    return std::nullopt;
  // Spatial attributes with a leading height of 1 for 1-D convolutions.
  auto spatial = [&](ArrayRef<int64_t> values, int64_t heightValue) {
    SmallVector<int64_t, 2> result(values);
    if (rank == 3)
      result.insert(result.begin(), heightValue);
    return result;
  };
  SmallVector<int64_t> inShape = spatial(inputType.getShape().drop_front(2), 1);
  SmallVector<int64_t> outShape = spatial(outputType.getShape().drop_front(2), 1);
  SmallVector<int64_t> kernel = spatial(weightType.getShape().drop_front(2), 1);
  SmallVector<int64_t> stride = spatial(strides, 1);
  SmallVector<int64_t> dilation = spatial(dilations, 1);
  SmallVector<int64_t> leadingPads = spatial(pads.take_front(rank - 2), 0);

  qc_conv2d_desc desc = {};
  desc.batch = inputType.getDimSize(0);
  desc.in_channels = inputType.getDimSize(1);
  desc.in_height = inShape[0];
  desc.in_width = inShape[1];
  desc.out_channels = outputType.getDimSize(1);
  desc.out_height = outShape[0];
  desc.out_width = outShape[1];
  desc.groups = group;
  desc.kernel_height = kernel[0];
  desc.kernel_width = kernel[1];
  desc.stride_h = stride[0];
  desc.stride_w = stride[1];
  desc.dilation_h = dilation[0];
  desc.dilation_w = dilation[1];
  desc.pad_top = leadingPads[0];
  desc.pad_left = leadingPads[1];
  return desc;
}

} // namespace mlir::qc
