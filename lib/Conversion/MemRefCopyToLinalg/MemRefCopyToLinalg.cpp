//===- MemRefCopyToLinalg.cpp - the qc-memref-copy-to-linalg pass ---------===//

#include "quantc/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::qc {

#define GEN_PASS_DEF_MEMREFCOPYTOLINALG
#include "quantc/Conversion/Passes.h.inc"

namespace {

struct MemRefCopyToLinalgPass : impl::MemRefCopyToLinalgBase<MemRefCopyToLinalgPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies) {
      OpBuilder builder(copy);
      linalg::CopyOp::create(builder, copy.getLoc(), copy.getSource(), copy.getTarget());
      copy.erase();
    }
  }
};

} // namespace

} // namespace mlir::qc
