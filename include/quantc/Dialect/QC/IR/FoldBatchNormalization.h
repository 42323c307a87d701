//===- FoldBatchNormalization.h - BN as a per-channel affine map -*- C++ -*-===//
//
// An inference BatchNormalization is y = s * x + t per channel; the
// canonicalizer folds it into a preceding float Conv/Gemm, and
// qc-convert-to-integer into the scales of quantized weights.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_FOLDBATCHNORMALIZATION_H
#define QUANTC_DIALECT_QC_IR_FOLDBATCHNORMALIZATION_H

#include "quantc/Dialect/QC/IR/QCOps.h"

#include <optional>

namespace mlir::qc {

/// The per-channel scale s = gamma / sqrt(var + epsilon) and shift
/// t = beta - s * mean of a BN.
struct BatchNormChannelAffine {
  SmallVector<float> scale, shift;
};

/// The BN's affine map, or nullopt when its parameters are not constant f32.
std::optional<BatchNormChannelAffine> getBatchNormChannelAffine(BatchNormalizationOp bn);

/// The bias s * b + t of the op the BN folds into, b its old bias (zero if
/// absent).
SmallVector<float> foldBatchNormBias(const BatchNormChannelAffine &affine,
                                     std::optional<SmallVector<float>> oldBias);

} // namespace mlir::qc

#endif // QUANTC_DIALECT_QC_IR_FOLDBATCHNORMALIZATION_H
