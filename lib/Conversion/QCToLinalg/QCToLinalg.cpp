//===- QCToLinalg.cpp - the convert-qc-to-linalg pass ---------------------===//

#include "Patterns.h"

#include "quantc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qc {

#define GEN_PASS_DEF_CONVERTQCTOLINALG
#include "quantc/Conversion/Passes.h.inc"

namespace {

struct ConvertQCToLinalgPass : impl::ConvertQCToLinalgBase<ConvertQCToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateQCToLinalgPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void populateQCToLinalgPatterns(RewritePatternSet &patterns) {
  populateElementwiseToLinalgPatterns(patterns);
  populateDataMovementToTensorPatterns(patterns);
  populateReductionsToLinalgPatterns(patterns);
  populateNormalizationToLinalgPatterns(patterns);
  populatePoolingToLinalgPatterns(patterns);
  populateContractionsToLinalgPatterns(patterns);
}

} // namespace mlir::qc
