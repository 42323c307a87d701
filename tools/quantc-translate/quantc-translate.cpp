//===- quantc-translate.cpp - ONNX <-> qc IR ------------------------------===//

#include "quantc/Import/ONNX.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::qc::registerONNXImportTranslation();
  return mlir::failed(mlir::mlirTranslateMain(argc, argv, "quantc translation tool"));
}
