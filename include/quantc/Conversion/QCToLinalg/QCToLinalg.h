//===- QCToLinalg.h - qc to linalg patterns ---------------------*- C++ -*-===//

#ifndef QUANTC_CONVERSION_QCTOLINALG_QCTOLINALG_H
#define QUANTC_CONVERSION_QCTOLINALG_QCTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::qc {

/// Patterns lowering qc's elementwise ops to linalg.generic (see the
/// convert-qc-to-linalg pass).
void populateQCToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::qc

#endif // QUANTC_CONVERSION_QCTOLINALG_QCTOLINALG_H
