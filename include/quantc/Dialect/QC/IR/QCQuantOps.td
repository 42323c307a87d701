//===- QCQuantOps.td - the integer graph -------------------*- tablegen -*-===//
//
// The ops qc-convert-to-integer and qc-fold-scales produce (docs/quantization.md
// "Integer graph"). Two levels:
//
// - level 1, on `!quant.uniform` tensors: an op's scales and zero points are in
//   its operand and result types, and its float meaning is the ONNX op between
//   DequantizeLinear and QuantizeLinear;
// - level 2, where qc-fold-scales has done all scale arithmetic at compile
//   time: int32 accumulation with the zero-point correction in the bias, and
//   `qc.rescale` (fixed-point multiplier and shift) back to 8-bit codes.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_QCQUANTOPS_TD
#define QUANTC_DIALECT_QC_IR_QCQUANTOPS_TD

// 8-bit codes typed with their grid.
def QC_QuantTensor : QC_StaticTensorOf<[QC_Quantized8]>;
def QC_Int32Tensor : QC_StaticTensorOf<[I32]>;
// What a rescale reads and writes: int32 accumulators or 8-bit codes, with or
// without their !quant type (qc-lower-quant-types strips it).
def QC_RescaleTensor : QC_StaticTensorOf<[I32, I8, UI8, QC_Quantized8]>;

//===----------------------------------------------------------------------===//
// Level 1: ops on !quant types
//===----------------------------------------------------------------------===//

def QC_StorageCastOp : QC_Op<"storage_cast", [SameOperandsAndResultShape]> {
  let summary = "view 8-bit codes with their !quant grid, or a !quant tensor as its codes";
  let description = [{
    Upstream's `quant.scast` for qc's storage types: the codes of an unsigned
    grid are `ui8` (ONNX uint8, as the importer types it), which `quant.scast`
    does not take. One side is a `!quant.uniform` tensor, the other its
    storage type (`ui8` for unsigned codes, `i8` for signed ones).

    ```mlir
    %q = qc.storage_cast %codes : tensor<4xui8> -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
    ```
  }];
  let arguments = (ins QC_StaticTensorOf<[I8, UI8, QC_Quantized8]>:$input);
  let results = (outs QC_StaticTensorOf<[I8, UI8, QC_Quantized8]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_QuantizeOp : QC_Op<"quantize", [SameOperandsAndResultShape]> {
  let summary = "float to codes on the result's !quant grid (ONNX QuantizeLinear)";
  let description = [{
    q = clamp(round_half_to_even(x / s) + z, storage min, storage max), with s
    and z from the result type, per tensor or per axis.

    ```mlir
    %q = qc.quantize %x : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<u8:f32, 0.1:128>>
    ```
  }];
  let arguments = (ins QC_StaticTensorOf<[F32]>:$input);
  let results = (outs QC_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QC_DequantizeOp : QC_Op<"dequantize", [SameOperandsAndResultShape]> {
  let summary = "codes to float: s * (q - z) (ONNX DequantizeLinear)";
  let arguments = (ins QC_QuantTensor:$input);
  let results = (outs QC_StaticTensorOf<[F32]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QC_QuantizedConvOp : QC_Op<"quantized_conv",
    [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "Conv on 8-bit codes: Q(act(Conv(DQ(x), DQ(w), s_x s_w bias)))";
  let description = [{
    `input` and the result are quantized per tensor; `weight` per tensor or
    per output channel (axis 0) with zero point 0. The optional `bias` is int32
    at scale s_x * s_w[m] (the ONNX QLinearConv convention). `output_min` and
    `output_max`, when present, are a Relu or Clip fused before the output
    quantization, in real values. Attributes as for `qc.conv`.
  }];
  let arguments = (ins QC_QuantTensor:$input, QC_QuantTensor:$weight,
                       Optional<QC_Int32Tensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group,
                       OptionalAttr<F64Attr>:$output_min,
                       OptionalAttr<F64Attr>:$output_max);
  let results = (outs QC_QuantTensor:$output);
  let hasVerifier = 1;
}

def QC_QuantizedMatMulOp : QC_Op<"quantized_matmul",
    [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "2-D MatMul/Gemm on 8-bit codes: Q(act(DQ(a) op(DQ(b)) + bias))";
  let description = [{
    `lhs` (M x K) and the result (M x N) are quantized per tensor; `rhs` is
    K x N, or N x K with `transpose_rhs` (ONNX Gemm's transB), quantized per
    tensor or per column N (its axis 1, or 0 when transposed) with zero point
    0. `bias` (N elements) is int32 at scale s_a * s_b[n]; `output_min` and
    `output_max` as for `qc.quantized_conv`.
  }];
  let arguments = (ins QC_QuantTensor:$lhs, QC_QuantTensor:$rhs,
                       Optional<QC_Int32Tensor>:$bias, BoolAttr:$transpose_rhs,
                       OptionalAttr<F64Attr>:$output_min,
                       OptionalAttr<F64Attr>:$output_max);
  let results = (outs QC_QuantTensor:$output);
  let hasVerifier = 1;
}

def QC_QuantizedAddOp : QC_Op<"quantized_add", [SameOperandsAndResultShape]> {
  let summary = "Add of two per-tensor quantized tensors of one shape: Q(act(DQ(a) + DQ(b)))";
  let arguments = (ins QC_QuantTensor:$lhs, QC_QuantTensor:$rhs,
                       OptionalAttr<F64Attr>:$output_min,
                       OptionalAttr<F64Attr>:$output_max);
  let results = (outs QC_QuantTensor:$output);
  let hasVerifier = 1;
}

def QC_QuantizedGlobalAveragePoolOp : QC_Op<"quantized_global_average_pool",
    [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "GlobalAveragePool on per-tensor quantized codes: Q(GAP(DQ(x)))";
  let arguments = (ins QC_QuantTensor:$input);
  let results = (outs QC_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Level 2: integer accumulation and rescaling
//===----------------------------------------------------------------------===//

def QC_ConvInt32Op : QC_Op<"conv_int32",
    [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "Conv of 8-bit codes into int32 accumulators (qc_conv2d_s8 before its epilogue)";
  let description = [{
    acc[n, m, o...] = bias[m] + sum over c, k... of x[n, c', o * s + k * d - pad] * w[m, c, k...]

    with the codes of `input` as stored (uint8 or int8) and padding reading
    `input_zero_point`, the code of a real 0. `weight` holds int8 codes with
    zero point 0. The zero-point correction is in `bias`:
    bias[m] = bias_int32[m] - input_zero_point * sum over c, k... of w[m, c, k...].
    Attributes as for `qc.conv`.

    `weight_layout` names the runtime kernel that runs the op
    (qc-pack-weights): "conv2d_s8" (im2col GEMM) or "conv2d_s8_winograd".
    `packed_weights`, with it, is `weight` already laid out for that kernel:
    the bytes of `qc_conv2d_s8_pack_weights` or of
    `qc_conv2d_s8_winograd_pack_weights`. A layout without packed bytes is
    packed by the generated code: constant Winograd weights once, on the
    model's first run; other weights on every run. Neither attribute changes
    what the op computes.
  }];
  let arguments = (ins QC_Int8Tensor:$input, QC_StaticTensorOf<[I8]>:$weight,
                       QC_Int32Tensor:$bias, I64Attr:$input_zero_point,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group,
                       OptionalAttr<StrAttr>:$weight_layout,
                       OptionalAttr<ElementsAttr>:$packed_weights);
  let results = (outs QC_Int32Tensor:$output);
  let hasVerifier = 1;
}

def QC_MatMulInt32Op : QC_Op<"matmul_int32",
    [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "2-D matrix product of 8-bit codes into int32 accumulators (qc_gemm_s8 before its epilogue)";
  let description = [{
    acc[i, j] = bias[j] + sum over k of a[i, k] * b[k, j], with `lhs`'s codes
    as stored and `rhs` int8 with zero point 0, K x N or (with
    `transpose_rhs`) N x K. `bias` holds the zero-point correction
    bias_int32[j] - z_a * sum over k of b[k, j].

    `packed_weights`, with `weight_layout` "gemm_s8", is `rhs` already in
    the packed-B layout of `qc_gemm_s8_pack_b` (qc-pack-weights).
  }];
  let arguments = (ins QC_Int8Tensor:$lhs, QC_StaticTensorOf<[I8]>:$rhs,
                       QC_Int32Tensor:$bias, BoolAttr:$transpose_rhs,
                       OptionalAttr<StrAttr>:$weight_layout,
                       OptionalAttr<ElementsAttr>:$packed_weights);
  let results = (outs QC_Int32Tensor:$output);
  let hasVerifier = 1;
}

def QC_RescaleOp : QC_Op<"rescale", [SameOperandsAndResultShape]> {
  let summary = "TOSA RESCALE: integer requantization by a fixed-point multiplier and shift";
  let description = [{
    For every element, with c the index along `axis` when the multipliers are
    per channel (`axis` >= 0) and 0 otherwise, computed in 64 bits:

        y = clamp(output_zero_point
                    + (((x - input_zero_point) * multiplier[c] + 2^(shift[c] - 1)) >> shift[c]),
                  clamp_min, clamp_max)

    `>>` is arithmetic, so the single rounding is half up (TOSA RESCALE with
    scale32 = true, double_round = false; KernelABI.h's requantization).
    `input_zero_point` is 0 for int32 inputs. Multipliers are in [0, 2^31),
    shifts in [1, 62]; both come from the runtime's `qc_requant_multiplier`.
    The clamp bounds are output codes, inside the result's storage range.

    ```mlir
    %y = qc.rescale %acc {multiplier = array<i32: 1518500250>, shift = array<i32: 38>,
                          output_zero_point = 3, clamp_min = 3, clamp_max = 255}
        : (tensor<1x8xi32>) -> tensor<1x8x!quant.uniform<u8:f32, 0.05:3>>
    ```
  }];
  let arguments = (ins QC_RescaleTensor:$input, DenseI32ArrayAttr:$multiplier,
                       DenseI32ArrayAttr:$shift,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<I64Attr, "0">:$input_zero_point,
                       DefaultValuedAttr<I64Attr, "0">:$output_zero_point,
                       I64Attr:$clamp_min, I64Attr:$clamp_max);
  let results = (outs QC_RescaleTensor:$output);
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The axis of per-channel multipliers, or -1 per tensor (the I64Attr
    /// reads back unsigned).
    int64_t getChannelAxis() { return static_cast<int64_t>(getAxis()); }
  }];
}

#endif // QUANTC_DIALECT_QC_IR_QCQUANTOPS_TD
