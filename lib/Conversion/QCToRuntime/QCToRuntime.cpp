//===- QCToRuntime.cpp - the convert-qc-to-runtime pass -------------------===//

#include "Patterns.h"

#include "quantc/Conversion/Passes.h"

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
struct ConvertQCToRuntimePass : impl::ConvertQCToRuntimeBase<ConvertQCToRuntimePass> {
  using ConvertQCToRuntimeBase::ConvertQCToRuntimeBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateQCToRuntimePatterns(patterns, winogradInt8);
    // Top-down, so that a kernel takes its trailing Relu/Clip as epilogue
    // before anything else rewrites it.
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace

void populateQCToRuntimePatterns(RewritePatternSet &patterns, bool winogradInt8) {
  populateConvToRuntimePatterns(patterns, winogradInt8);
  populateGemmToRuntimePatterns(patterns);
}

} // namespace mlir::qc
