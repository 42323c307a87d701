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

def ConvertToInteger : Pass<"qc-convert-to-integer", "func::FuncOp"> {
  let summary = "Turn fake-quant and imported QDQ/QOperator patterns into integer qc ops on !quant types";
  let description = [{
    Every quantizer with constant parameters becomes a `qc.quantize` /
    `qc.dequantize` pair on a `!quant.uniform` type: a `qc.fake_quant` on the
    8-bit affine or symmetric_narrow grid, an ONNX QuantizeLinear or
    DequantizeLinear (constant 8-bit codes, such as weights, become a
    `qc.constant` of their storage type and a `quant.scast`; a Clip of a
    QuantizeLinear's codes to constant bounds, PyTorch's export of a
    reduce_range fake-quant, narrows the grid's code range). The patterns ONNX
    Runtime's QDQ transformer recognises then become level-1 integer ops:

    - DQ(x), DQ(w constant), bias → Conv / Gemm / MatMul → [Relu | Clip] → Q
      ⇒ `qc.quantized_conv` / `qc.quantized_matmul` (a float bias is
      quantized to int32 at s_x · s_w, a DequantizeLinear'd int32 bias at that
      scale is taken as is), the Relu or Clip as the op's output range;
    - DQ → Add ← DQ → [Relu | Clip] → Q ⇒ `qc.quantized_add`;
    - DQ → GlobalAveragePool → Q ⇒ `qc.quantized_global_average_pool`;
    - DQ → MaxPool / Reshape / Flatten / Transpose / Squeeze / Unsqueeze /
      Slice / Concat → Q ⇒ the same op on the !quant type (an input on
      another grid is requantized to the output's first);
    - `qc.qlinear_conv` and `qc.qlinear_matmul` (constant parameters,
      symmetric int8 weights) ⇒ the same integer ops; any other QLinearConv
      or QLinearMatMul ⇒ its ONNX definition (ConvInteger / MatMulInteger and
      a float requantization);
    - a BatchNormalization, or a Mul / Div / Add / Sub of a per-channel
      constant, after a Conv on dequantized int8 weights (QAT exports;
      PyTorch's Conv+BN modules export as Conv → Div → Add → BN) ⇒ folded
      exactly into the weights' per-channel scales and the bias;
    - MaxPool / Reshape / Flatten / Transpose / Squeeze / Unsqueeze / Slice
      on a DQ with no Q after it (PyTorch's exports) ⇒ the same op on the
      codes, the DQ after it.

    What matches no pattern stays float between its `qc.dequantize` and
    `qc.quantize`, so hybrid graphs run. DequantizeLinear and QuantizeLinear
    whose scale or zero point the graph computes (dynamic quantization) stay
    as they are. Errors name the ONNX node: a fake-quant with computed
    parameters or on a grid other than 8-bit affine/symmetric_narrow,
    activations quantized per axis, or weights whose zero points int8 codes
    cannot absorb, feeding a Conv or MatMul (weights such as uint8 with zero
    point 128 are re-encoded exactly as int8 codes w - z with zero point 0).
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
}

def FoldScales : Pass<"qc-fold-scales", "func::FuncOp"> {
  let summary = "Do the integer graph's scale arithmetic at compile time: int32 accumulation and rescales";
  let description = [{
    Lowers the level-1 integer ops to level 2 (docs/quantization.md):

    - `qc.quantized_conv` / `qc.quantized_matmul` become `qc.conv_int32` /
      `qc.matmul_int32` on the weights' int8 codes, with the input zero-point
      correction precomputed into the bias
      (bias'[m] = bias[m] − z_x · Σ w[m, ...]), and a `qc.rescale` by
      s_x · s_w[m] / s_y whose clamp is the output range narrowed by the fused
      Relu or Clip;
    - `qc.quantized_add` rescales both inputs to a common int32 scale
      (2^-20 of twice the larger input scale, as TFLite does), adds in int32
      and rescales to the output;
    - `qc.quantized_global_average_pool` sums x − z_x in int32 and rescales by
      s_x / (s_y · H · W);
    - a `qc.dequantize` → `qc.quantize` chain (a requantization) becomes one
      `qc.rescale`, or nothing when both grids are the same.

    Multipliers and shifts come from the runtime's `qc_requant_multiplier`,
    the one definition of their rounding.
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
}

def LowerQuantTypes : Pass<"qc-lower-quant-types", "func::FuncOp"> {
  let summary = "Replace !quant tensor types by their storage types before lowering";
  let description = [{
    After qc-fold-scales the grids are compile-time constants of the ops that
    need them; what is left of !quant types is data movement on codes. This
    pass types every value with its storage type (ui8 for unsigned codes, i8
    for signed ones, as the importer types ONNX's), drops `quant.scast`, and
    turns `qc.quantize` / `qc.dequantize` into `qc.quantize_linear` /
    `qc.dequantize_linear` with constant scale and zero point (a grid with
    fewer codes than its storage, such as [0, 127] in u8, adds a `qc.clip` of
    the codes after the QuantizeLinear), so that the
    rest of the pipeline sees only ONNX ops and integer ones.
  }];
}

def PackWeights : Pass<"qc-pack-weights", "func::FuncOp"> {
  let summary = "Choose each 8-bit kernel's weight layout for the target and pack constant weights into it";
  let description = [{
    The runtime reads 8-bit weights in kernel-specific layouts
    (KernelABI.h). For every `qc.conv_int32` and `qc.matmul_int32` whose
    weights are constant, this pass chooses the layout for `target`, packs
    the weights at compile time with the runtime's own packing function and
    records both on the op (`weight_layout`, `packed_weights`);
    convert-qc-to-runtime then calls that layout's kernel with those bytes.
    The op's meaning does not change (the unpacked `weight` operand stays,
    and the linalg lowering ignores the packing).

    - `qc.conv_int32`: "conv2d_s8_winograd" (exact Winograd F(2x2, 3x3),
      `qc_conv2d_s8_winograd`) on x86-64 for a 3x3 kernel, stride 1,
      dilation 1, one group and at least 32 input and output channels,
      unless `winograd=false`; "conv2d_s8" (im2col through the int8 GEMM)
      otherwise. Why the choice depends on the target: without VNNI the
      x86-64 int8 kernels multiply in int16 anyway (`vpmaddwd`), so
      Winograd's int16 operands cost nothing per multiply and save 56% of
      them; AArch64's `sdot` / `smmla` multiply int8 at four times the rate,
      which the int16 products would lose. Its weights take 3.6 times the
      bytes.
    - `qc.matmul_int32`: "gemm_s8", the int8 GEMM's packed B.

    Weights computed at run time are left to convert-qc-to-runtime, which
    packs them in the generated code.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"x86_64\"",
           "Architecture whose kernels the layouts are for: x86_64 or aarch64">,
    Option<"winograd", "winograd", "bool", /*default=*/"true",
           "Use the Winograd layout where the target profits from it">,
  ];
}

#endif // QUANTC_DIALECT_QC_TRANSFORMS_PASSES_TD
