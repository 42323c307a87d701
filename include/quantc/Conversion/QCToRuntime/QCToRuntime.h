//===- QCToRuntime.h - qc to runtime kernel calls ---------------*- C++ -*-===//

#ifndef QUANTC_CONVERSION_QCTORUNTIME_QCTORUNTIME_H
#define QUANTC_CONVERSION_QCTORUNTIME_QCTORUNTIME_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::qc {

/// Patterns replacing qc's heavy ops (Conv, Gemm, MatMul) by calls of the
/// runtime's kernels (see the convert-qc-to-runtime pass). `winogradInt8`
/// sends the int8 3x3 stride-1 convolutions with at least 32 input and
/// output channels to qc_conv2d_s8_winograd (the pass's winograd-int8).
void populateQCToRuntimePatterns(RewritePatternSet &patterns, bool winogradInt8);

} // namespace mlir::qc

#endif // QUANTC_CONVERSION_QCTORUNTIME_QCTORUNTIME_H
