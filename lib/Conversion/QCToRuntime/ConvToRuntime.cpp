//===- ConvToRuntime.cpp - convolutions to qc_conv2d_f32 / qc_conv2d_s8 ---===//
//
// qc.conv (f32) becomes a qc_conv2d_f32 call, qc.conv_int32 (8-bit codes)
// a qc_conv2d_s8 call; a qc.rescale that alone reads the int32 accumulators
// becomes that call's requantizing epilogue. Both kernels read the same
// descriptor and take 1-D convolutions as 2-D ones with a height of 1.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"
#include "RuntimeCalls.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Runtime/KernelABI.h"

#include "mlir/IR/BuiltinTypes.h"

namespace mlir::qc {
namespace {

/// The descriptor of a static 1-D or 2-D NCHW convolution, or nullopt for
/// any other rank. A 1-D convolution is the 2-D one with a height of 1:
/// N x C x L has the memory layout of N x C x 1 x L.
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

/// The descriptor as the constant i64 array generated code passes.
Value getDescriptorPointer(RuntimeCallBuilder &call, const qc_conv2d_desc &desc) {
  static_assert(sizeof(desc) == 16 * sizeof(int64_t), "qc_conv2d_desc is 16 int64_t");
  ArrayRef<int64_t> fields(reinterpret_cast<const int64_t *>(&desc), 16);
  return call.getConstantI64Array("__qc_conv2d_desc", fields);
}

/// A fresh scratch buffer of `bytes` (as `elementType` elements), or null.
Value getScratchPointer(RuntimeCallBuilder &call, int64_t bytes, Type elementType) {
  if (bytes == 0)
    return call.getNullPointer();
  int64_t elements = bytes / getElementByteWidth(elementType);
  return call.allocate(MemRefType::get({elements}, elementType)).second;
}

struct ConvToRuntimeCall : OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp op, PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    auto outputType = cast<RankedTensorType>(op.getType());
    std::optional<qc_conv2d_desc> desc =
        getConvDescriptor(inputType, weightType, outputType, op.getStrides(), op.getPads(),
                          op.getDilations(), op.getGroup());
    if (!desc || !inputType.getElementType().isF32() || !weightType.getElementType().isF32() ||
        !outputType.getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "not an f32 1-D or 2-D convolution of static shape");

    KernelEpilogue epilogue = matchKernelEpilogue(op.getResult());
    RuntimeCallBuilder call(rewriter, op.getLoc());
    Value input = call.getReadPointer(op.getInput());
    Value descPointer = getDescriptorPointer(call, *desc);
    Value weight = call.getPackedPointer(
        op.getWeight(), rewriter.getF32Type(), qc_conv2d_f32_packed_weights_size(&*desc),
        "packed_conv_weights",
        [&](const void *values, void *packed) {
          qc_conv2d_f32_pack_weights(&*desc, static_cast<const float *>(values),
                                     static_cast<float *>(packed));
        },
        "qc_conv2d_f32_pack_weights",
        [&](Value source, Value packed) -> SmallVector<Value> {
          return {descPointer, source, packed};
        });
    Value bias = op.getBias() ? call.getReadPointer(op.getBias()) : call.getNullPointer();
    auto [output, outputPointer] =
        call.allocate(MemRefType::get(outputType.getShape(), outputType.getElementType()));
    Value scratch = getScratchPointer(call, qc_conv2d_f32_scratch_size(&*desc) * sizeof(float),
                                      rewriter.getF32Type());
    call.call("qc_conv2d_f32",
              {descPointer, input, weight, bias, outputPointer, scratch,
               call.getI32(epilogue.kind), call.getF32(epilogue.clampMin),
               call.getF32(epilogue.clampMax)});
    Value result = call.toTensor(output);
    if (epilogue.op)
      rewriter.replaceOp(epilogue.op, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// One of the runtime's int8 convolutions: its entry point and the functions
/// that size and pack its weights and size its scratch (KernelABI.h).
struct Int8ConvolutionEntry {
  const char *function, *packFunction, *packedName;
  int64_t (*packedSize)(const qc_conv2d_desc *);
  void (*pack)(const qc_conv2d_desc *, const int8_t *, void *);
  int64_t (*scratchSize)(const qc_conv2d_desc *);
};

constexpr Int8ConvolutionEntry kIm2colInt8Convolution = {
    "qc_conv2d_s8", "qc_conv2d_s8_pack_weights", "packed_conv_weights_s8",
    qc_conv2d_s8_packed_weights_size, qc_conv2d_s8_pack_weights, qc_conv2d_s8_scratch_size};

constexpr Int8ConvolutionEntry kWinogradInt8Convolution = {
    "qc_conv2d_s8_winograd", "qc_conv2d_s8_winograd_pack_weights",
    "packed_conv_weights_s8_winograd", qc_conv2d_s8_winograd_packed_weights_size,
    qc_conv2d_s8_winograd_pack_weights, qc_conv2d_s8_winograd_scratch_size};

/// Below this many input or output channels the Winograd form's transforms
/// cost about what its saved multiplies do (docs/runtime.md).
constexpr int64_t kWinogradMinChannels = 32;

/// qc.conv_int32, with the qc.rescale that alone reads it as the epilogue.
/// The weights are int8 in ONNX layout, packed at compile time when constant.
/// With `winograd`, the 3x3 stride-1 convolutions with enough channels call
/// the Winograd form, which computes the same bits.
struct ConvInt32ToRuntimeCall : OpRewritePattern<ConvInt32Op> {
  ConvInt32ToRuntimeCall(MLIRContext *context, bool winograd)
      : OpRewritePattern(context), winograd(winograd) {}

  LogicalResult matchAndRewrite(ConvInt32Op op, PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    auto outputType = cast<RankedTensorType>(op.getType());
    std::optional<qc_conv2d_desc> desc =
        getConvDescriptor(inputType, weightType, outputType, op.getStrides(), op.getPads(),
                          op.getDilations(), op.getGroup());
    std::optional<int32_t> inputFlags = getInt8Flags(inputType.getElementType(), QC_INT8_A_SIGNED);
    if (!desc || !inputFlags)
      return rewriter.notifyMatchFailure(op, "not a 1-D or 2-D convolution of 8-bit codes");
    RequantEpilogue epilogue = matchRequantEpilogue(op.getResult(), /*channelAxis=*/1);
    if (!epilogue.valid)
      return rewriter.notifyMatchFailure(op, "the rescale has no kernel epilogue");

    const Int8ConvolutionEntry &entry =
        winograd && qc_conv2d_s8_winograd_supported(&*desc) &&
                desc->in_channels >= kWinogradMinChannels &&
                desc->out_channels >= kWinogradMinChannels
            ? kWinogradInt8Convolution
            : kIm2colInt8Convolution;

    RuntimeCallBuilder call(rewriter, op.getLoc());
    Value input = call.getReadPointer(op.getInput());
    Value descPointer = getDescriptorPointer(call, *desc);
    Type byteType = rewriter.getI8Type();
    Value weight = call.getPackedPointer(
        op.getWeight(), byteType, entry.packedSize(&*desc), entry.packedName,
        [&](const void *values, void *packed) {
          entry.pack(&*desc, static_cast<const int8_t *>(values), packed);
        },
        entry.packFunction,
        [&](Value source, Value packed) -> SmallVector<Value> {
          return {descPointer, source, packed};
        });
    Value bias = call.getReadPointer(op.getBias());
    auto resultType = cast<RankedTensorType>(epilogue.result.getType());
    auto [output, outputPointer] =
        call.allocate(MemRefType::get(resultType.getShape(), resultType.getElementType()));
    Value scratch = getScratchPointer(call, entry.scratchSize(&*desc), byteType);
    SmallVector<Value> arguments = {descPointer, input,
                                    call.getI32(static_cast<int32_t>(op.getInputZeroPoint())),
                                    weight, bias};
    llvm::append_range(arguments, epilogue.getArguments(call));
    arguments.append({call.getI32(*inputFlags | epilogue.flags), outputPointer, scratch});
    call.call(entry.function, arguments);
    epilogue.replace(rewriter, op, call.toTensor(output));
    return success();
  }

private:
  bool winograd;
};

} // namespace

void populateConvToRuntimePatterns(RewritePatternSet &patterns, bool winogradInt8) {
  patterns.add<ConvToRuntimeCall>(patterns.getContext());
  patterns.add<ConvInt32ToRuntimeCall>(patterns.getContext(), winogradInt8);
}

} // namespace mlir::qc
