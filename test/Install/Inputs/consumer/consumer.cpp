// Imports the ONNX model named on the command line and prints the qc IR.
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Import/ONNX.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  auto buffer = llvm::MemoryBuffer::getFile(argv[1]);
  if (!buffer)
    return 2;
  mlir::MLIRContext context;
  mlir::qc::ONNXImportOptions options;
  auto module = mlir::qc::importONNXModel((*buffer)->getBuffer(), &context, options);
  if (!module)
    return 1;
  module->print(llvm::outs());
  return 0;
}
