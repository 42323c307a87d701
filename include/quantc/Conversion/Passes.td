//===- Passes.td - quantc conversion passes ----------------*- tablegen -*-===//

#ifndef QUANTC_CONVERSION_PASSES_TD
#define QUANTC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQCToLinalg : Pass<"convert-qc-to-linalg", "func::FuncOp"> {
  let summary = "Lower qc's elementwise, data-movement, reduction and normalization ops to linalg";
  let description = [{
    Elementwise qc ops (unary activations, broadcasting binary arithmetic,
    Clip) become `linalg.generic` ops whose bodies use `arith` and `math`, in
    destination-passing style on a `tensor.empty`; Identity and Dropout
    forward their input and `qc.constant` becomes `arith.constant`. Numpy
    broadcasting is expressed in the operands' indexing maps (a size-1
    dimension reads index 0), so nothing is materialized.

    Reshape, Flatten, Squeeze and Unsqueeze become `tensor.reshape`,
    Transpose `linalg.transpose`, Concat a chain of `tensor.insert_slice`,
    forward Slice a strided `tensor.extract_slice`, constant-mode Pad a
    `tensor.pad`, Gather a `linalg.generic` extracting at the gathered index. ReduceSum/Mean/Max and
    the global pools become `linalg.reduce` (plus a division for means and a
    reshape for kept dimensions). Softmax and LogSoftmax subtract the maximum
    along their axis before exponentiating; an unfolded BatchNormalization is
    one `linalg.generic` over its per-channel parameters; MaxPool and
    AveragePool are `linalg.generic` ops with the window as reduction loops
    over a padded input; Cast follows ONNX
    (float to integer truncates, non-zero is true, true is 1).

    Conv, MatMul and Gemm become `linalg.generic` contractions: the portable
    path, and the reference for the runtime kernels that will replace them on
    targets that have them. Ops without a lowering yet stay as they are: the
    pass converts what it can and never fails on the rest.

    ```mlir
    %0 = qc.relu %x : tensor<1x8xf32>
    // becomes
    %e = tensor.empty() : tensor<1x8xf32>
    %0 = linalg.generic {...} ins(%x : tensor<1x8xf32>) outs(%e : tensor<1x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %zero = arith.constant 0.0 : f32
      %max = arith.maximumf %in, %zero : f32
      linalg.yield %max : f32
    } -> tensor<1x8xf32>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"];
}

#endif // QUANTC_CONVERSION_PASSES_TD
