//===- ImportFuzzer.cpp - libFuzzer entry point for the ONNX importer -----===//
//
// Any byte string must import or fail with a diagnostic: no crash, no
// sanitizer report, no unbounded allocation or time. Inputs that look like
// ONNX text go through the text parser, everything else through protobuf.
//
//===----------------------------------------------------------------------===//

#include "quantc/Import/ONNX.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A fresh context per input: resource blobs live as long as their context.
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler silence(&context,
                                        [](mlir::Diagnostic &) { return mlir::success(); });
  mlir::qc::ONNXImportOptions options;
  // External data may only come from inside this (empty) directory.
  options.externalDataDir = "/nonexistent-quantc-fuzz-dir";
  llvm::StringRef content(reinterpret_cast<const char *>(data), size);
  (void)mlir::qc::importONNXModel(content, &context, options);
  return 0;
}
