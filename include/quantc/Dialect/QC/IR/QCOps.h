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

#define GET_OP_CLASSES
#include "quantc/Dialect/QC/IR/QCOps.h.inc"

#endif // QUANTC_DIALECT_QC_IR_QCOPS_H
