//===- Passes.h - quantc conversion passes ----------------------*- C++ -*-===//

#ifndef QUANTC_CONVERSION_PASSES_H
#define QUANTC_CONVERSION_PASSES_H

#include "quantc/Conversion/QCToLinalg/QCToLinalg.h"
#include "quantc/Conversion/QCToRuntime/QCToRuntime.h"

#include "mlir/Pass/Pass.h"

namespace mlir::qc {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "quantc/Conversion/Passes.h.inc"

} // namespace mlir::qc

#endif // QUANTC_CONVERSION_PASSES_H
