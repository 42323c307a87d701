//===- WeightLayouts.h - the runtime's 8-bit weight layouts -----*- C++ -*-===//
//
// The layouts the runtime's 8-bit kernels read their weights in, as the
// compiler names them: which kernel reads each one, and the runtime's own
// functions that size and fill it (KernelABI.h). qc-pack-weights chooses a
// layout per op and target and packs constant weights at compile time, or,
// for a layout much larger than the int8 weights, leaves them for the
// generated code to pack once on the model's first run; convert-qc-to-runtime
// calls the layout's kernel. Both link the runtime, so the compiler and the
// kernels can never disagree on a layout.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_TRANSFORMS_WEIGHTLAYOUTS_H
#define QUANTC_DIALECT_QC_TRANSFORMS_WEIGHTLAYOUTS_H

#include "quantc/Runtime/KernelABI.h"

#include "mlir/IR/BuiltinTypes.h"

#include <optional>

namespace mlir::qc {

/// One layout of an 8-bit convolution's weights and the kernel that reads it.
struct Int8ConvolutionLayout {
  StringRef name;          // the ops' weight_layout
  StringRef kernel;        // the entry point generated code calls
  StringRef packFunction;  // packs weights computed at run time
  // Packs constant weights once, on the model's first run, into a buffer of
  // the model's own (the file keeps the int8 weights); empty: constant
  // weights are packed at compile time.
  StringRef packOnceFunction;
  int64_t (*packedSize)(const qc_conv2d_desc *);
  void (*pack)(const qc_conv2d_desc *, const int8_t *, void *);
  int64_t (*scratchSize)(const qc_conv2d_desc *);
};

/// im2col through the int8 GEMM (qc_conv2d_s8): every convolution, every target.
extern const Int8ConvolutionLayout kIm2colInt8Convolution;
/// Winograd F(2x2, 3x3) (qc_conv2d_s8_winograd): 3x3, stride 1, one group.
extern const Int8ConvolutionLayout kWinogradInt8Convolution;

/// The layout named `name`, or null.
const Int8ConvolutionLayout *lookupInt8ConvolutionLayout(StringRef name);

/// The int8 GEMM's packed-B layout (qc_gemm_s8_pack_b), for qc.matmul_int32.
constexpr StringLiteral kGemmInt8LayoutName = "gemm_s8";

/// The descriptor of a static 1-D or 2-D NCHW convolution, or nullopt for
/// any other rank. A 1-D convolution is the 2-D one with a height of 1:
/// N x C x L has the memory layout of N x C x 1 x L.
std::optional<qc_conv2d_desc> getConvDescriptor(RankedTensorType inputType,
                                                RankedTensorType weightType,
                                                RankedTensorType outputType,
                                                ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                                                ArrayRef<int64_t> dilations, int64_t group);

/// The descriptor of a convolution op (qc.conv, qc.conv_int32): its input,
/// weight and result types and its strides, pads, dilations and group.
template <typename ConvolutionOp>
std::optional<qc_conv2d_desc> getConvDescriptor(ConvolutionOp op) {
  return getConvDescriptor(cast<RankedTensorType>(op.getInput().getType()),
                           cast<RankedTensorType>(op.getWeight().getType()),
                           cast<RankedTensorType>(op.getType()), op.getStrides(), op.getPads(),
                           op.getDilations(), op.getGroup());
}

} // namespace mlir::qc

#endif // QUANTC_DIALECT_QC_TRANSFORMS_WEIGHTLAYOUTS_H
