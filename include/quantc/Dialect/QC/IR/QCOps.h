//===- QCOps.h - qc operations ----------------------------------*- C++ -*-===//

#ifndef QUANTC_DIALECT_QC_IR_QCOPS_H
#define QUANTC_DIALECT_QC_IR_QCOPS_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "quantc/Dialect/QC/IR/QCAttrs.h"
#include "quantc/Dialect/QC/IR/QCDialect.h"

#include "quantc/Dialect/QC/IR/QCInterfaces.h.inc"

#define GET_OP_CLASSES
#include "quantc/Dialect/QC/IR/QCOps.h.inc"

namespace mlir::qc {

/// Gives `op`'s single result the shape its ShapeInferenceOpInterface infers,
/// keeping the result's element type. Ops without the interface keep their
/// operand's shape (elementwise ops). Fails after emitting an error at `op`.
LogicalResult inferResultShapeInPlace(Operation *op);

} // namespace mlir::qc

#endif // QUANTC_DIALECT_QC_IR_QCOPS_H
