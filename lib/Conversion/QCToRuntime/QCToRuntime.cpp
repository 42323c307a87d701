//===- QCToRuntime.cpp - the convert-qc-to-runtime pass -------------------===//

#include "Patterns.h"

#include "quantc/Conversion/Passes.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/Transforms/WeightLayouts.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qc {

#define GEN_PASS_DEF_CONVERTQCTORUNTIME
#include "quantc/Conversion/Passes.h.inc"

namespace {

// A module pass: the patterns add kernel declarations and descriptor
// globals to the module.
/// Weights packed ahead (qc-pack-weights, or by hand in IR) must hold the
/// bytes their layout's kernel reads: checked once here, so the patterns
/// can pass them on as they are.
LogicalResult checkPackedWeightSizes(ModuleOp module) {
  auto check = [](Operation *op, ElementsAttr packed, StringRef layout,
                  int64_t expected) -> LogicalResult {
    int64_t size = packed.getNumElements();
    if (size == expected)
      return success();
    return op->emitOpError() << "has " << size << " bytes of packed_weights, but layout \""
                             << layout << "\" needs " << expected << " for this op";
  };
  WalkResult result = module.walk([&](Operation *op) -> WalkResult {
    if (auto conv = dyn_cast<ConvInt32Op>(op)) {
      std::optional<ElementsAttr> packed = conv.getPackedWeights();
      if (!packed)
        return WalkResult::advance();
      std::optional<qc_conv2d_desc> desc = getConvDescriptor(conv);
      const Int8ConvolutionLayout *layout = lookupInt8ConvolutionLayout(*conv.getWeightLayout());
      int64_t expected = desc ? layout->packedSize(&*desc) : 0;
      return failed(check(op, *packed, layout->name, expected)) ? WalkResult::interrupt()
                                                                : WalkResult::advance();
    }
    if (auto matmul = dyn_cast<MatMulInt32Op>(op)) {
      std::optional<ElementsAttr> packed = matmul.getPackedWeights();
      if (!packed)
        return WalkResult::advance();
      auto rhsType = cast<RankedTensorType>(matmul.getRhs().getType());
      bool transposed = matmul.getTransposeRhs();
      int64_t expected =
          rhsType.getRank() == 2
              ? qc_gemm_s8_packed_b_size(rhsType.getDimSize(transposed ? 1 : 0),
                                         rhsType.getDimSize(transposed ? 0 : 1))
              : 0;
      return failed(check(op, *packed, kGemmInt8LayoutName, expected)) ? WalkResult::interrupt()
                                                                       : WalkResult::advance();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

struct ConvertQCToRuntimePass : impl::ConvertQCToRuntimeBase<ConvertQCToRuntimePass> {
  void runOnOperation() override {
    if (failed(checkPackedWeightSizes(getOperation())))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    populateQCToRuntimePatterns(patterns);
    // Top-down, so that a kernel takes its trailing Relu/Clip as epilogue
    // before anything else rewrites it.
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace

void populateQCToRuntimePatterns(RewritePatternSet &patterns) {
  populateConvToRuntimePatterns(patterns);
  populateGemmToRuntimePatterns(patterns);
}

} // namespace mlir::qc
