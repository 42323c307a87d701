//===- ConvToRuntime.cpp - qc.conv to qc_conv2d_f32 -----------------------===//

#include "Patterns.h"
#include "RuntimeCalls.h"

#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Runtime/KernelABI.h"

#include "mlir/IR/BuiltinTypes.h"

namespace mlir::qc {
namespace {

/// The pointer to the weights in the layout qc_conv2d_f32 reads: packed at
/// compile time when they are constant, by the generated code before the
/// convolution otherwise.
Value getPackedWeights(RuntimeCallBuilder &call, Value weights, const qc_conv2d_f32_desc &desc,
                       Value descPointer) {
  return call.getPackedPointer(
      weights, qc_conv2d_f32_packed_weights_size(&desc), "packed_conv_weights",
      [&](const float *values, float *packed) {
        qc_conv2d_f32_pack_weights(&desc, values, packed);
      },
      "qc_conv2d_f32_pack_weights",
      [&](Value source, Value packed) -> SmallVector<Value> {
        return {descPointer, source, packed};
      });
}

/// f32 Conv over one or two spatial dimensions, in NCHW. A 1-D convolution
/// is the 2-D one with a height of 1: N x C x L has the memory layout of
/// N x C x 1 x L.
struct ConvToRuntimeCall : OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp op, PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    auto outputType = cast<RankedTensorType>(op.getType());
    int64_t rank = inputType.getRank();
    if ((rank != 3 && rank != 4) || !inputType.getElementType().isF32() ||
        !weightType.getElementType().isF32() || !outputType.getElementType().isF32() ||
        !inputType.hasStaticShape() || !weightType.hasStaticShape() ||
        !outputType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "not an f32 1-D or 2-D convolution of static shape");

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
    SmallVector<int64_t> strides = spatial(op.getStrides(), 1);
    SmallVector<int64_t> dilations = spatial(op.getDilations(), 1);
    SmallVector<int64_t> leadingPads = spatial(op.getPads().take_front(rank - 2), 0);

    qc_conv2d_f32_desc desc = {};
    desc.batch = inputType.getDimSize(0);
    desc.in_channels = inputType.getDimSize(1);
    desc.in_height = inShape[0];
    desc.in_width = inShape[1];
    desc.out_channels = outputType.getDimSize(1);
    desc.out_height = outShape[0];
    desc.out_width = outShape[1];
    desc.groups = op.getGroup();
    desc.kernel_height = kernel[0];
    desc.kernel_width = kernel[1];
    desc.stride_h = strides[0];
    desc.stride_w = strides[1];
    desc.dilation_h = dilations[0];
    desc.dilation_w = dilations[1];
    desc.pad_top = leadingPads[0];
    desc.pad_left = leadingPads[1];
    static_assert(sizeof(desc) == 16 * sizeof(int64_t), "qc_conv2d_f32_desc is 16 int64_t");
    ArrayRef<int64_t> descFields(reinterpret_cast<const int64_t *>(&desc), 16);

    KernelEpilogue epilogue = matchKernelEpilogue(op.getResult());
    RuntimeCallBuilder call(rewriter, op.getLoc());
    Value input = call.getReadPointer(op.getInput());
    Value descPointer = call.getConstantI64Array("__qc_conv2d_desc", descFields);
    Value weight =
        getPackedWeights(call, op.getWeight(), desc, descPointer);
    Value bias = op.getBias() ? call.getReadPointer(op.getBias()) : call.getNullPointer();
    auto [output, outputPointer] =
        call.allocate(MemRefType::get(outputType.getShape(), outputType.getElementType()));
    Value scratchPointer = call.getNullPointer();
    if (int64_t scratchFloats = qc_conv2d_f32_scratch_size(&desc))
      scratchPointer =
          call.allocate(MemRefType::get({scratchFloats}, rewriter.getF32Type())).second;
    call.call("qc_conv2d_f32",
              {descPointer, input, weight, bias, outputPointer, scratchPointer,
               call.getI32(epilogue.kind), call.getF32(epilogue.clampMin),
               call.getF32(epilogue.clampMax)});
    Value result = call.toTensor(output);
    if (epilogue.op)
      rewriter.replaceOp(epilogue.op, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateConvToRuntimePatterns(RewritePatternSet &patterns) {
  patterns.add<ConvToRuntimeCall>(patterns.getContext());
}

} // namespace mlir::qc
