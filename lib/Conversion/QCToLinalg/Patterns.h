//===- Patterns.h - the pattern sets of convert-qc-to-linalg ----*- C++ -*-===//

#ifndef QUANTC_LIB_CONVERSION_QCTOLINALG_PATTERNS_H
#define QUANTC_LIB_CONVERSION_QCTOLINALG_PATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::qc {

/// Activations, broadcasting arithmetic, Clip, Cast, Identity, Dropout, constants.
void populateElementwiseToLinalgPatterns(RewritePatternSet &patterns);
/// Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Concat, Slice, Pad, Gather.
void populateDataMovementToTensorPatterns(RewritePatternSet &patterns);
/// ReduceSum/Mean/Max and the global pools.
void populateReductionsToLinalgPatterns(RewritePatternSet &patterns);
/// Conv, ConvTranspose, MatMul and Gemm as linalg.generic contractions (the
/// portable path).
void populateContractionsToLinalgPatterns(RewritePatternSet &patterns);
/// MaxPool and AveragePool (windows, pads, ceil_mode, count_include_pad).
void populatePoolingToLinalgPatterns(RewritePatternSet &patterns);
/// Softmax, LogSoftmax and (unfolded) BatchNormalization.
void populateNormalizationToLinalgPatterns(RewritePatternSet &patterns);
/// Resize (nearest, linear, cubic).
void populateResizeToLinalgPatterns(RewritePatternSet &patterns);
/// QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, MatMulInteger,
/// ConvInteger and fake_quant (affine, symmetric_narrow, unsigned_clipped).
void populateQuantizationToLinalgPatterns(RewritePatternSet &patterns);

/// The integer graph's int32 accumulations and rescales (on storage types).
void populateIntegerToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::qc

#endif // QUANTC_LIB_CONVERSION_QCTOLINALG_PATTERNS_H
