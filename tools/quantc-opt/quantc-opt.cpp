//===- quantc-opt.cpp - quantc's mlir-opt ---------------------------------===//
//
// Runs quantc's passes and pipelines, and the upstream ones quantc lowers
// through, on textual IR: everything the `quantc` driver does can be reproduced
// here pass by pass.
//
//===----------------------------------------------------------------------===//

#include "quantc/Conversion/Passes.h"
#include "quantc/Dialect/QC/IR/QCDialect.h"
#include "quantc/Dialect/QC/Transforms/Passes.h"
#include "quantc/Pipelines/Pipelines.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  // Upstream passes quantc's pipelines are made of (and the rest, which cost
  // nothing to register and help when reducing a test case).
  mlir::registerAllPasses();
  mlir::qc::registerQCConversionPasses();
  mlir::qc::registerQCTransformsPasses();
  mlir::qc::registerQCPipelines();

  mlir::DialectRegistry registry;
  registry.insert<mlir::qc::QCDialect>();
  // Upstream dialects with their external interface models (bufferization,
  // LLVM conversion): quantc lowers through many of them, and pass pipelines
  // under test should meet the same registry as in any MLIR tool.
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "quantc optimizer driver\n", registry));
}
