//===- QCInterfaces.td - qc op interfaces ------------------*- tablegen -*-===//

#ifndef QUANTC_DIALECT_QC_IR_QCINTERFACES_TD
#define QUANTC_DIALECT_QC_IR_QCINTERFACES_TD

include "mlir/IR/OpBase.td"

def QC_ShapeInferenceOpInterface : OpInterface<"ShapeInferenceOpInterface"> {
  let cppNamespace = "::mlir::qc";
  let description = [{
    An op whose result shape follows from its operands' shapes and its
    attributes, as ONNX defines it (onnx-mlir's ShapeInferenceOpInterface
    plays the same role). The verifier checks the result type against it, and
    whoever builds qc ops (the importer, rewrite patterns) creates them with a
    placeholder result type and asks for the shape, instead of computing it
    again.
  }];
  let methods = [
    InterfaceMethod<
      "The shape of the (single) result, or failure after an error at the op.",
      "::mlir::FailureOr<::llvm::SmallVector<int64_t>>", "inferResultShape">,
  ];
}

#endif // QUANTC_DIALECT_QC_IR_QCINTERFACES_TD
