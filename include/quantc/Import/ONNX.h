//===- ONNX.h - import ONNX models into the qc dialect ----------*- C++ -*-===//

#ifndef QUANTC_IMPORT_ONNX_H
#define QUANTC_IMPORT_ONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <string>

namespace mlir::qc {

struct ONNXImportOptions {
  /// Static shapes for graph inputs, by input name; required for every input
  /// dimension the model leaves symbolic.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Directory external tensor data is read from (normally the model's own);
  /// a location that resolves outside it is an error.
  std::string externalDataDir;
  /// Name for diagnostics about the file as a whole.
  std::string fileName = "<model>";
};

/// Imports an ONNX model, binary protobuf or ONNX text format (detected from
/// the content), into a module holding `func.func @main` of qc ops. Emits
/// diagnostics naming the ONNX node and returns null on any error.
OwningOpRef<ModuleOp> importONNXModel(llvm::StringRef content, MLIRContext *context,
                                      const ONNXImportOptions &options);

/// Parses "name=1x3x224x224" into `options.inputShapes`; false on bad syntax.
bool parseInputShapeOption(llvm::StringRef text, ONNXImportOptions &options,
                           std::string &error);

/// Registers `--import-onnx` with mlir-translate style tools.
void registerONNXImportTranslation();

} // namespace mlir::qc

#endif // QUANTC_IMPORT_ONNX_H
