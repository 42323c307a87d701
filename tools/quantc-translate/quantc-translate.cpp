//===- quantc-translate.cpp - ONNX <-> qc IR ------------------------------===//

#include "quantc/Export/ONNX.h"
#include "quantc/Import/ONNX.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::qc::registerONNXImportTranslation();
  mlir::qc::registerONNXExportTranslation();
  return mlir::failed(mlir::mlirTranslateMain(argc, argv, "quantc translation tool"));
}
