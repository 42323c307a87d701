//===- Patterns.h - convert-qc-to-runtime pattern groups --------*- C++ -*-===//

#ifndef QUANTC_LIB_CONVERSION_QCTORUNTIME_PATTERNS_H
#define QUANTC_LIB_CONVERSION_QCTORUNTIME_PATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::qc {

void populateConvToRuntimePatterns(RewritePatternSet &patterns);
void populateGemmToRuntimePatterns(RewritePatternSet &patterns);

} // namespace mlir::qc

#endif // QUANTC_LIB_CONVERSION_QCTORUNTIME_PATTERNS_H
