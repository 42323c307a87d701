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
#include "quantc/Dialect/QC/Transforms/WeightLayouts.h"
#include "quantc/Runtime/KernelABI.h"

#include "mlir/IR/BuiltinTypes.h"

namespace mlir::qc {
namespace {

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
    std::optional<qc_conv2d_desc> desc = getConvDescriptor(op);
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

/// qc.conv_int32, with the qc.rescale that alone reads it as the epilogue.
/// Weights that qc-pack-weights packed call the kernel of their layout with
/// those bytes; other weights (int8, ONNX layout) take their layout's kernel
/// (im2col without one), packed now when constant, by the generated code
/// otherwise: once, on the model's first run, for the constants of a layout
/// that says so (Winograd), on every run for weights computed at run time.
struct ConvInt32ToRuntimeCall : OpRewritePattern<ConvInt32Op> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvInt32Op op, PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    std::optional<qc_conv2d_desc> desc = getConvDescriptor(op);
    std::optional<int32_t> inputFlags = getInt8Flags(inputType.getElementType(), QC_INT8_A_SIGNED);
    if (!desc || !inputFlags)
      return rewriter.notifyMatchFailure(op, "not a 1-D or 2-D convolution of 8-bit codes");
    RequantEpilogue epilogue = matchRequantEpilogue(op.getResult(), /*channelAxis=*/1);
    if (!epilogue.valid)
      return rewriter.notifyMatchFailure(op, "the rescale has no kernel epilogue");

    const Int8ConvolutionLayout *layout = &kIm2colInt8Convolution;
    if (std::optional<StringRef> name = op.getWeightLayout())
      layout = lookupInt8ConvolutionLayout(*name); // the verifier knows the names

    RuntimeCallBuilder call(rewriter, op.getLoc());
    Value input = call.getReadPointer(op.getInput());
    Value descPointer = getDescriptorPointer(call, *desc);
    Type byteType = rewriter.getI8Type();
    // Constant im2col weights whose k pairs fit int16 spare the kernel its
    // check (Winograd's int16 transforms have no such form).
    int32_t pairsFit = 0;
    auto checkPairs = [&](const void *packed) {
      if (layout == &kIm2colInt8Convolution &&
          qc_conv2d_s8_packed_weights_pairs_fit(&*desc, packed))
        pairsFit = QC_INT8_B_PAIRS_FIT;
    };
    Value weight;
    if (std::optional<ElementsAttr> packed = op.getPackedWeights()) {
      if (std::optional<std::vector<char>> bytes = getRawBytes(*packed))
        checkPairs(bytes->data());
      weight = call.getConstantPointer(*packed);
    }
    else if (!layout->packOnceFunction.empty())
      weight = call.getPackedOnceAtRunTime(
          op.getWeight(), byteType, layout->packedSize(&*desc), "packed_conv_weights_s8",
          layout->packOnceFunction,
          [&](Value once, Value source, Value packed) -> SmallVector<Value> {
            return {once, descPointer, source, packed};
          });
    if (!weight)
      weight = call.getPackedPointer(
          op.getWeight(), byteType, layout->packedSize(&*desc), "packed_conv_weights_s8",
          [&](const void *values, void *packed) {
            layout->pack(&*desc, static_cast<const int8_t *>(values), packed);
            checkPairs(packed);
          },
          layout->packFunction,
          [&](Value source, Value packed) -> SmallVector<Value> {
            return {descPointer, source, packed};
          });
    Value bias = call.getReadPointer(op.getBias());
    auto resultType = cast<RankedTensorType>(epilogue.result.getType());
    auto [output, outputPointer] =
        call.allocate(MemRefType::get(resultType.getShape(), resultType.getElementType()));
    Value scratch = getScratchPointer(call, layout->scratchSize(&*desc), byteType);
    SmallVector<Value> arguments = {descPointer, input,
                                    call.getI32(static_cast<int32_t>(op.getInputZeroPoint())),
                                    weight, bias};
    llvm::append_range(arguments, epilogue.getArguments(call));
    arguments.append({call.getI32(*inputFlags | epilogue.flags | pairsFit), outputPointer, scratch});
    call.call(layout->kernel, arguments);
    epilogue.replace(rewriter, op, call.toTensor(output));
    return success();
  }
};

} // namespace

void populateConvToRuntimePatterns(RewritePatternSet &patterns) {
  patterns.add<ConvToRuntimeCall, ConvInt32ToRuntimeCall>(patterns.getContext());
}

} // namespace mlir::qc
