//===- Passes.h - qc dialect transformation passes --------------*- C++ -*-===//

#ifndef QUANTC_DIALECT_QC_TRANSFORMS_PASSES_H
#define QUANTC_DIALECT_QC_TRANSFORMS_PASSES_H

#include "quantc/Dialect/QC/IR/QCDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace mlir::qc {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"

/// quantize(op(dequantize(...))) forms to level-1 integer ops (the second
/// step of qc-convert-to-integer, after the quantizers are in that form).
void populateConvertToIntegerPatterns(RewritePatternSet &patterns);

/// Level-1 integer ops to int32 accumulation and qc.rescale (qc-fold-scales).
void populateFoldScalesPatterns(RewritePatternSet &patterns);

} // namespace mlir::qc

#endif // QUANTC_DIALECT_QC_TRANSFORMS_PASSES_H
