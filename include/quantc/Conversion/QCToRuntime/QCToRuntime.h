//===- QCToRuntime.h - qc to runtime kernel calls ---------------*- C++ -*-===//

#ifndef QUANTC_CONVERSION_QCTORUNTIME_QCTORUNTIME_H
#define QUANTC_CONVERSION_QCTORUNTIME_QCTORUNTIME_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::qc {

/// Patterns replacing qc's heavy ops (Conv, Gemm, MatMul) by calls of the
/// runtime's kernels (see the convert-qc-to-runtime pass).
void populateQCToRuntimePatterns(RewritePatternSet &patterns);

} // namespace mlir::qc

#endif // QUANTC_CONVERSION_QCTORUNTIME_QCTORUNTIME_H
