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

/// ONNX's TensorProto.DataType number for an element type (1 float, 2 uint8,
/// 3 int8, 7 int64, 9 bool, 10 float16, 16 bfloat16, ...), or 0 if ONNX has
/// none. The importer maps ONNX's signed integers to signless ones and its
/// unsigned integers to unsigned ones; this is the inverse (signed integers
/// count as ONNX's signed types too).
int32_t getONNXDataType(Type type);

} // namespace mlir::qc

#endif // QUANTC_DIALECT_QC_IR_QCDIALECT_H
