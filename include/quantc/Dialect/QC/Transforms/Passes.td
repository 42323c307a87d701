//===- Passes.td - qc dialect transformation passes --------*- tablegen -*-===//

#ifndef QUANTC_DIALECT_QC_TRANSFORMS_PASSES_TD
#define QUANTC_DIALECT_QC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def InsertFakeQuant : Pass<"qc-insert-fake-quant", "ModuleOp"> {
  let summary = "Put qc.fake_quant on weights and activations, where ONNX Runtime's QDQ quantizer puts Q/DQ";
  let description = [{
    Marks a calibrated float graph for post-training quantization the way
    ONNX Runtime's static QDQ quantizer places QuantizeLinear/DequantizeLinear
    pairs, so that qc-convert-to-integer meets the same shapes as in an ORT
    QDQ model (docs/quantization.md, "Post-training quantization"):

    - the constant weight of every Conv, Gemm and MatMul gets a per-output-
      channel `symmetric_narrow` 8-bit fake-quant (axis 0 for Conv and for
      Gemm with transB, the last axis for MatMul and Gemm without it) whose
      scales come from the weights themselves; a non-constant weight is
      quantized like an activation;
    - the activation inputs and the output of those ops (and of Add, Mul,
      AveragePool and GlobalAveragePool, constant operands aside) get a
      per-tensor 8-bit `affine` fake-quant (u8 asymmetric or s8 symmetric,
      by `activation-type`) with ONNX Runtime's scale and zero point for the
      tensor's calibrated range: the `qc.ranges` attribute of its defining
      op (one `array<f64: min, max>` per result) or the `qc.range` argument
      attribute of a graph input;
    - a Relu or Clip that is the only user of such an output is not
      quantized separately: the fake-quant goes on its output, with its
      range;
    - MaxPool, Reshape, Flatten, Transpose, Squeeze and Unsqueeze of a
      quantized tensor repeat the fake-quant of their input on their output,
      with the same scale and zero point.

    Biases stay float. Nodes named in `keep-float` (`first` and `last` are
    the first and last Conv/Gemm/MatMul) and those the `policy` file marks
    `keep_float` get no fake-quant on their weights and inputs; the policy
    also sets a node's weight bits and granularity. A tensor that needs a
    range and has none is an error ("uncalibrated tensor") naming its ONNX
    node.

    ```mlir
    %y = qc.conv %x, %w, %b {...} {qc.ranges = [array<f64: -1.5, 4.0>]}
    // becomes
    %xq = qc.fake_quant %x scale %sx zero_point %zx {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>}
    %wq = qc.fake_quant %w scale %sw {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8, axis = 0>}
    %y = qc.conv %xq, %wq, %b {...}
    %yq = qc.fake_quant %y scale %sy zero_point %zy {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>}
    ```
  }];
  let options = [
    Option<"activationType", "activation-type", "std::string", /*default=*/"\"u8\"",
           "Activation storage: u8 (asymmetric, x86-64 AVX2/VNNI u8 x s8) or s8 "
           "(symmetric, AArch64 sdot/smmla and AMX)">,
    ListOption<"keepFloat", "keep-float", "std::string",
               "Conv/Gemm/MatMul nodes left in float: ONNX node names, `first`, `last`">,
    Option<"policyFile", "policy", "std::string", /*default=*/"\"\"",
           "JSON file of per-node overrides (bits, granularity, group_size, "
           "calibration, keep_float)">,
  ];
  let dependentDialects = ["::mlir::qc::QCDialect"];
}

#endif // QUANTC_DIALECT_QC_TRANSFORMS_PASSES_TD
