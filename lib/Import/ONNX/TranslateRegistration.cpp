//===- TranslateRegistration.cpp - --import-onnx for quantc-translate -----===//

#include "quantc/Dialect/QC/IR/QCDialect.h"
#include "quantc/Import/ONNX.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

namespace mlir::qc {

static llvm::cl::list<std::string> inputShapeFlags(
    "input-shape",
    llvm::cl::desc("Static shape of a graph input, name=DxDx... (repeatable)"),
    llvm::cl::value_desc("name=1x3x224x224"));

void registerONNXImportTranslation() {
  static TranslateToMLIRRegistration importONNX(
      "import-onnx", "import an ONNX model (binary or text format) into the qc dialect",
      [](llvm::SourceMgr &sourceMgr, MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer = sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        ONNXImportOptions options;
        options.fileName = buffer->getBufferIdentifier().str();
        llvm::SmallString<256> dir(options.fileName);
        llvm::sys::path::remove_filename(dir);
        options.externalDataDir = dir.empty() ? "." : dir.str().str();
        for (const std::string &flag : inputShapeFlags) {
          std::string error;
          if (!parseInputShapeOption(flag, options, error)) {
            emitError(UnknownLoc::get(context)) << error;
            return nullptr;
          }
        }
        return importONNXModel(buffer->getBuffer(), context, options);
      },
      [](DialectRegistry &registry) {
        registry.insert<QCDialect, func::FuncDialect>();
      });
}

} // namespace mlir::qc
