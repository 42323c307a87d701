//===- ONNX.h - export the qc dialect as an ONNX model ----------*- C++ -*-===//

#ifndef QUANTC_EXPORT_ONNX_H
#define QUANTC_EXPORT_ONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::qc {

/// Writes `module`'s `func.func @main` of qc ops as a binary ONNX model, at
/// opset max(13, the imported model's opset). Emits a diagnostic at the first
/// op ONNX cannot express and returns failure.
LogicalResult exportONNXModel(ModuleOp module, llvm::raw_ostream &os);

/// Registers `--export-onnx` with mlir-translate style tools.
void registerONNXExportTranslation();

} // namespace mlir::qc

#endif // QUANTC_EXPORT_ONNX_H
