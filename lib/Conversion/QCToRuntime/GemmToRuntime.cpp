//===- GemmToRuntime.cpp - matrix products to qc_gemm_f32_call / qc_gemm_s8 -===//
//
// qc.gemm and qc.matmul (f32) become qc_gemm_f32_call, qc.matmul_int32
// (8-bit codes) qc_gemm_s8 with the qc.rescale that alone reads it as the
// requantizing epilogue. Constant right operands are packed at compile time.
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

/// The right-hand operand of a GEMM, K x N, or N x K when `transposed`.
struct RightOperand {
  Value value;
  int64_t k, n;
  bool transposed;
};

/// The pointer to B in the packed layout of KernelABI.h: packed at compile
/// time when B is constant, by the generated code otherwise.
Value getPackedRightOperand(RuntimeCallBuilder &call, const RightOperand &b) {
  int64_t ldb = b.transposed ? b.k : b.n;
  return call.getPackedPointer(
      b.value, Float32Type::get(b.value.getContext()), qc_gemm_f32_packed_b_size(b.k, b.n), "packed_b",
      [&](const void *values, void *packed) {
        qc_gemm_f32_pack_b(static_cast<const float *>(values), b.k, b.n, ldb, b.transposed,
                           static_cast<float *>(packed));
      },
      "qc_gemm_f32_pack_b",
      [&](Value source, Value packed) -> SmallVector<Value> {
        return {source, call.getI64(b.k), call.getI64(b.n), call.getI64(ldb),
                call.getI32(b.transposed), packed};
      });
}

/// C[M x N] = epilogue(A[M x K] * B + bias) as one kernel call, replacing
/// `op` (and the epilogue op, if any) by the result.
void replaceByGemmCall(PatternRewriter &rewriter, Operation *op, Value a, int64_t m,
                       const RightOperand &b, Value bias) {
  auto outputType = cast<RankedTensorType>(op->getResult(0).getType());
  KernelEpilogue epilogue = matchKernelEpilogue(op->getResult(0));
  RuntimeCallBuilder call(rewriter, op->getLoc());
  Value aPointer = call.getReadPointer(a);
  Value packedB = getPackedRightOperand(call, b);
  Value biasPointer = bias ? call.getReadPointer(bias) : call.getNullPointer();
  auto [output, outputPointer] =
      call.allocate(MemRefType::get(outputType.getShape(), outputType.getElementType()));
  call.call("qc_gemm_f32_call",
            {call.getI64(m), call.getI64(b.n), call.getI64(b.k), aPointer, call.getI64(b.k),
             packedB, biasPointer, outputPointer, call.getI64(b.n), call.getI32(epilogue.kind),
             call.getF32(epilogue.clampMin), call.getF32(epilogue.clampMax)});
  Value result = call.toTensor(output);
  if (epilogue.op)
    rewriter.replaceOp(epilogue.op, result);
  rewriter.replaceOp(op, result);
}

bool isStaticF32(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return type.hasStaticShape() && type.getElementType().isF32();
}

/// ONNX Gemm, Y = alpha * A' * B' + beta * C, in the forms the kernel
/// computes: alpha 1, A not transposed, C absent or a row of N biases
/// (shape [N] or [1, N]) with beta 1.
struct GemmToRuntimeCall : OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GemmOp op, PatternRewriter &rewriter) const override {
    if (!isStaticF32(op.getA()) || !isStaticF32(op.getB()) || !isStaticF32(op.getResult()))
      return rewriter.notifyMatchFailure(op, "not a static f32 Gemm");
    if (op.getAlpha().convertToFloat() != 1.0f || op.getTransA())
      return rewriter.notifyMatchFailure(op, "alpha != 1 or transA");
    auto aType = cast<RankedTensorType>(op.getA().getType());
    auto bType = cast<RankedTensorType>(op.getB().getType());
    RightOperand b{op.getB(), bType.getDimSize(0), bType.getDimSize(1), op.getTransB()};
    if (b.transposed)
      std::swap(b.k, b.n);
    Value bias = op.getC();
    if (bias) {
      auto biasType = cast<RankedTensorType>(bias.getType());
      bool isRowOfBiases = biasType.getNumElements() == b.n && biasType.getRank() >= 1 &&
                           biasType.getShape().back() == b.n;
      if (!isStaticF32(bias) || !isRowOfBiases || op.getBeta().convertToFloat() != 1.0f)
        return rewriter.notifyMatchFailure(op, "C is not a row of biases with beta 1");
    }
    replaceByGemmCall(rewriter, op, op.getA(), aType.getDimSize(0), b, bias);
    return success();
  }
};

/// ONNX MatMul with a 2-D right operand: A's leading (batch) dimensions
/// fold into M, since A is row-major.
struct MatMulToRuntimeCall : OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatMulOp op, PatternRewriter &rewriter) const override {
    if (!isStaticF32(op.getLhs()) || !isStaticF32(op.getRhs()) || !isStaticF32(op.getResult()))
      return rewriter.notifyMatchFailure(op, "not a static f32 MatMul");
    auto aType = cast<RankedTensorType>(op.getLhs().getType());
    auto bType = cast<RankedTensorType>(op.getRhs().getType());
    if (aType.getRank() < 2 || bType.getRank() != 2)
      return rewriter.notifyMatchFailure(op, "needs A of rank >= 2 and a 2-D B");
    RightOperand b{op.getRhs(), bType.getDimSize(0), bType.getDimSize(1), false};
    int64_t m = aType.getNumElements() / b.k;
    replaceByGemmCall(rewriter, op, op.getLhs(), m, b, Value());
    return success();
  }
};

/// qc.matmul_int32, A [M x K] 8-bit codes times int8 B, with the qc.rescale
/// that alone reads the accumulators as the epilogue. B comes packed by
/// qc-pack-weights, or is packed here when constant, by the generated code
/// otherwise.
struct MatMulInt32ToRuntimeCall : OpRewritePattern<MatMulInt32Op> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatMulInt32Op op, PatternRewriter &rewriter) const override {
    auto aType = cast<RankedTensorType>(op.getLhs().getType());
    auto bType = cast<RankedTensorType>(op.getRhs().getType());
    std::optional<int32_t> aFlags = getInt8Flags(aType.getElementType(), QC_INT8_A_SIGNED);
    if (!aFlags || aType.getRank() != 2 || bType.getRank() != 2)
      return rewriter.notifyMatchFailure(op, "not a 2-D product of 8-bit codes");
    RightOperand b{op.getRhs(), bType.getDimSize(0), bType.getDimSize(1), op.getTransposeRhs()};
    if (b.transposed)
      std::swap(b.k, b.n);
    RequantEpilogue epilogue = matchRequantEpilogue(op.getResult(), /*channelAxis=*/1);
    if (!epilogue.valid)
      return rewriter.notifyMatchFailure(op, "the rescale has no kernel epilogue");

    RuntimeCallBuilder call(rewriter, op.getLoc());
    int64_t ldb = b.transposed ? b.k : b.n;
    // Constant weights whose k pairs fit int16 spare the kernel its check.
    int32_t pairsFit = 0;
    std::optional<ElementsAttr> prepacked = op.getPackedWeights(); // by qc-pack-weights
    if (prepacked)
      if (std::optional<std::vector<char>> bytes = getRawBytes(*prepacked))
        pairsFit = qc_gemm_s8_packed_b_pairs_fit(bytes->data(), b.k, b.n) ? QC_INT8_B_PAIRS_FIT : 0;
    Value packedB = prepacked ? call.getConstantPointer(*prepacked) : call.getPackedPointer(
        b.value, rewriter.getI8Type(), qc_gemm_s8_packed_b_size(b.k, b.n), "packed_b_s8",
        [&](const void *values, void *packed) {
          qc_gemm_s8_pack_b(static_cast<const int8_t *>(values), b.k, b.n, ldb, b.transposed,
                            packed);
          pairsFit = qc_gemm_s8_packed_b_pairs_fit(packed, b.k, b.n) ? QC_INT8_B_PAIRS_FIT : 0;
        },
        "qc_gemm_s8_pack_b",
        [&](Value source, Value packed) -> SmallVector<Value> {
          return {source, call.getI64(b.k), call.getI64(b.n), call.getI64(ldb),
                  call.getI32(b.transposed), packed};
        });
    auto resultType = cast<RankedTensorType>(epilogue.result.getType());
    auto [output, outputPointer] =
        call.allocate(MemRefType::get(resultType.getShape(), resultType.getElementType()));
    SmallVector<Value> arguments = {call.getI64(aType.getDimSize(0)), call.getI64(b.n),
                                    call.getI64(b.k), call.getReadPointer(op.getLhs()),
                                    call.getI64(b.k), packedB, call.getReadPointer(op.getBias())};
    llvm::append_range(arguments, epilogue.getArguments(call));
    arguments.append(
        {call.getI32(*aFlags | epilogue.flags | pairsFit), outputPointer, call.getI64(b.n)});
    call.call("qc_gemm_s8", arguments);
    epilogue.replace(rewriter, op, call.toTensor(output));
    return success();
  }
};

} // namespace

void populateGemmToRuntimePatterns(RewritePatternSet &patterns) {
  patterns.add<GemmToRuntimeCall, MatMulToRuntimeCall, MatMulInt32ToRuntimeCall>(patterns.getContext());
}

} // namespace mlir::qc
