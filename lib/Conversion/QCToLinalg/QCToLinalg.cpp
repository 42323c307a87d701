//===- QCToLinalg.cpp - the convert-qc-to-linalg pass ---------------------===//

#include "Patterns.h"

#include "quantc/Conversion/Passes.h"
#include "quantc/Dialect/QC/IR/QCDialect.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

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
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateQCToLinalgPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    if (reportUnconverted && failed(reportUnconvertedOps()))
      signalPassFailure();
  }

  /// One error per qc op left, at its location (the ONNX node's name).
  LogicalResult reportUnconvertedOps() {
    bool anyLeft = false;
    getOperation().walk([&](Operation *op) {
      if (!isa<QCDialect>(op->getDialect()))
        return;
      anyLeft = true;
      std::string node = getONNXNodeName(op->getLoc());
      InFlightDiagnostic error = op->emitError();
      if (!node.empty())
        error << "ONNX node '" << node << "': ";
      error << "'" << op->getName() << "' has no lowering to native code yet";
      if (auto fakeQuant = dyn_cast<FakeQuantOp>(op))
        error << " on the " << stringifyQuantGrid(fakeQuant.getSpec().getGrid()) << " grid";
      error << " (operand types: " << op->getOperandTypes() << ")";
    });
    return failure(anyLeft);
  }
};

} // namespace

void populateQCToLinalgPatterns(RewritePatternSet &patterns) {
  populateElementwiseToLinalgPatterns(patterns);
  populateDataMovementToTensorPatterns(patterns);
  populateReductionsToLinalgPatterns(patterns);
  populateNormalizationToLinalgPatterns(patterns);
  populatePoolingToLinalgPatterns(patterns);
  populateResizeToLinalgPatterns(patterns);
  populateContractionsToLinalgPatterns(patterns);
  populateQuantizationToLinalgPatterns(patterns);
  populateIntegerToLinalgPatterns(patterns);
}

} // namespace mlir::qc
