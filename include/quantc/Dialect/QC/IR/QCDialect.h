//===- QCDialect.h - qc dialect ---------------------------------*- C++ -*-===//

#ifndef QUANTC_DIALECT_QC_IR_QCDIALECT_H
#define QUANTC_DIALECT_QC_IR_QCDIALECT_H

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Dialect.h"

#include "quantc/Dialect/QC/IR/QCDialect.h.inc"

#include <string>

namespace mlir::qc {

/// The ONNX node(s) an op came from: the importer gives every op its node's
/// name as a NameLoc; ops that rewrites merged carry a FusedLoc of several,
/// joined here with '+'. Empty if the location names no node.
std::string getONNXNodeName(Location loc);

} // namespace mlir::qc

#endif // QUANTC_DIALECT_QC_IR_QCDIALECT_H
