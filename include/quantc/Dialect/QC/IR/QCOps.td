//===- QCOps.td - qc operations ----------------------------*- tablegen -*-===//
//
// One op per ONNX operator. Each description states where the op departs from
// the ONNX text: only in what the importer resolved at compile time.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_QCOPS_TD
#define QUANTC_DIALECT_QC_IR_QCOPS_TD

include "quantc/Dialect/QC/IR/QCBase.td"
include "quantc/Dialect/QC/IR/QCAttrs.td"
include "quantc/Dialect/QC/IR/QCInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class QC_Op<string mnemonic, list<Trait> traits = []>
    : Op<QC_Dialect, mnemonic, !listconcat(traits, [Pure])> {
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class QC_UnaryFloatOp<string mnemonic, string onnxName, string formula>
    : QC_Op<mnemonic, [SameOperandsAndResultType]> {
  let summary = "ONNX " # onnxName # ": y = " # formula;
  let description = "Elementwise `" # formula # "` on a float tensor.";
  let arguments = (ins QC_FloatTensor:$input);
  let results = (outs QC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def QC_ReluOp : QC_UnaryFloatOp<"relu", "Relu", "max(x, 0)">;
def QC_SigmoidOp : QC_UnaryFloatOp<"sigmoid", "Sigmoid", "1 / (1 + exp(-x))">;
def QC_TanhOp : QC_UnaryFloatOp<"tanh", "Tanh", "tanh(x)">;
def QC_HardSwishOp : QC_UnaryFloatOp<"hard_swish", "HardSwish", "x * max(0, min(1, x / 6 + 1 / 2))">;
def QC_ExpOp : QC_UnaryFloatOp<"exp", "Exp", "exp(x)">;
def QC_SqrtOp : QC_UnaryFloatOp<"sqrt", "Sqrt", "sqrt(x)">;
def QC_ErfOp : QC_UnaryFloatOp<"erf", "Erf", "erf(x)">;

class QC_UnaryNumericOp<string mnemonic, string onnxName, string formula>
    : QC_Op<mnemonic, [SameOperandsAndResultType]> {
  let summary = "ONNX " # onnxName # ": y = " # formula;
  let description = "Elementwise `" # formula # "` on a float or integer tensor.";
  let arguments = (ins QC_NumericTensor:$input);
  let results = (outs QC_NumericTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def QC_SignOp : QC_UnaryNumericOp<"sign", "Sign", "-1, 0 or 1 by the sign of x">;
def QC_AbsOp : QC_UnaryNumericOp<"abs", "Abs", "|x|">;
def QC_NegOp : QC_UnaryNumericOp<"neg", "Neg", "-x">;

def QC_LeakyReluOp : QC_Op<"leaky_relu", [SameOperandsAndResultType]> {
  let summary = "ONNX LeakyRelu: y = x < 0 ? alpha * x : x";
  let arguments = (ins QC_FloatTensor:$input, F32Attr:$alpha);
  let results = (outs QC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def QC_HardSigmoidOp : QC_Op<"hard_sigmoid", [SameOperandsAndResultType]> {
  let summary = "ONNX HardSigmoid: y = max(0, min(1, alpha * x + beta))";
  let arguments = (ins QC_FloatTensor:$input, F32Attr:$alpha, F32Attr:$beta);
  let results = (outs QC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def QC_ClipOp : QC_Op<"clip", [AttrSizedOperandSegments]> {
  let summary = "ONNX Clip: y = min(max(x, min), max)";
  let description = [{
    `min` and `max` are optional scalar tensors of the input's element type
    (ONNX opset 11 and later). The importer turns the attributes of opsets 6 to
    10 into constant operands, so there is one form.
  }];
  let arguments = (ins QC_NumericTensor:$input,
                       Optional<QC_NumericTensor>:$min,
                       Optional<QC_NumericTensor>:$max);
  let results = (outs QC_NumericTensor:$output);
  let assemblyFormat = [{
    $input (`min` $min^)? (`max` $max^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QC_IdentityOp : QC_Op<"identity", [SameOperandsAndResultType]> {
  let summary = "ONNX Identity";
  let arguments = (ins QC_Tensor:$input);
  let results = (outs QC_Tensor:$output);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def QC_DropoutOp : QC_Op<"dropout", [SameOperandsAndResultType]> {
  let summary = "ONNX Dropout in inference mode: the identity";
  let description = [{
    quantc compiles inference graphs, where Dropout passes its input through.
    The importer rejects `training_mode = true`, and materializes the optional
    mask output as a constant all-true tensor.
  }];
  let arguments = (ins QC_Tensor:$input);
  let results = (outs QC_Tensor:$output);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def QC_CastOp : QC_Op<"cast", [SameOperandsAndResultShape]> {
  let summary = "ONNX Cast: convert the element type";
  let description = [{
    The target type is the result's element type. Float to integer truncates
    toward zero and saturates nothing, as ONNX's Cast (opset <= 18) does.
  }];
  let arguments = (ins QC_NumericTensor:$input);
  let results = (outs QC_NumericTensor:$output);
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Broadcasting binary ops
//===----------------------------------------------------------------------===//

class QC_BinaryOp<string mnemonic, string onnxName, string formula,
                  Type tensorType = QC_NumericTensor>
    : QC_Op<mnemonic, [ResultsBroadcastableShape, DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX " # onnxName # ": y = " # formula # ", with broadcasting";
  let description = [{
    Multidirectional (numpy-style) broadcasting of `lhs` and `rhs`; both have the
    element type of the result.
  }];
  let arguments = (ins tensorType:$lhs, tensorType:$rhs);
  let results = (outs tensorType:$output);
  let hasVerifier = 1;
}

def QC_AddOp : QC_BinaryOp<"add", "Add", "a + b">;
def QC_SubOp : QC_BinaryOp<"sub", "Sub", "a - b">;
def QC_MulOp : QC_BinaryOp<"mul", "Mul", "a * b">;
def QC_DivOp : QC_BinaryOp<"div", "Div", "a / b (integer division truncates)">;
def QC_PowOp : QC_BinaryOp<"pow", "Pow", "a ^ b">;
def QC_PReluOp : QC_BinaryOp<"prelu", "PRelu", "a < 0 ? slope * a : a", QC_FloatTensor> {
  let description = [{
    `rhs` is the slope, broadcast unidirectionally to `lhs`'s shape.
  }];
}

//===----------------------------------------------------------------------===//
// Convolution, matrix multiplication
//===----------------------------------------------------------------------===//

def QC_ConvOp : QC_Op<"conv", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX Conv: N-d grouped, strided, dilated, padded convolution";
  let description = [{
    `input` is N x C x D1 x ... x Dn, `weight` is M x C/group x k1 x ... x kn and
    the optional `bias` has M elements. `pads` holds the n leading pads and
    then the n trailing pads; the importer resolved `auto_pad` into it.
  }];
  let arguments = (ins QC_FloatTensor:$input, QC_FloatTensor:$weight,
                       Optional<QC_FloatTensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group);
  let results = (outs QC_FloatTensor:$output);
  let hasVerifier = 1;
}

def QC_ConvTransposeOp : QC_Op<"conv_transpose", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX ConvTranspose: the gradient of Conv with respect to its input";
  let description = [{
    `weight` is C x M/group x k1 x ... x kn. The importer resolved `auto_pad`
    and `output_shape` into `pads` (n leading, then n trailing) and
    `output_padding`, so that every output dimension is
    `stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - pad_begin - pad_end`.
  }];
  let arguments = (ins QC_FloatTensor:$input, QC_FloatTensor:$weight,
                       Optional<QC_FloatTensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$output_padding,
                       I64Attr:$group);
  let results = (outs QC_FloatTensor:$output);
  let hasVerifier = 1;
}

def QC_GemmOp : QC_Op<"gemm", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX Gemm: y = alpha * op(A) * op(B) + beta * C";
  let description = [{
    op(X) is X or its transpose, by `trans_a` and `trans_b`. The optional `c`
    broadcasts unidirectionally to M x N.
  }];
  let arguments = (ins QC_FloatTensor:$a, QC_FloatTensor:$b,
                       Optional<QC_FloatTensor>:$c,
                       F32Attr:$alpha, F32Attr:$beta,
                       BoolAttr:$trans_a, BoolAttr:$trans_b);
  let results = (outs QC_FloatTensor:$output);
  let hasVerifier = 1;
}

def QC_MatMulOp : QC_Op<"matmul", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX MatMul: numpy.matmul, with batch broadcasting";
  let arguments = (ins QC_FloatTensor:$lhs, QC_FloatTensor:$rhs);
  let results = (outs QC_FloatTensor:$output);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling and normalization
//===----------------------------------------------------------------------===//

def QC_MaxPoolOp : QC_Op<"max_pool", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX MaxPool (the Indices output is not supported)";
  let description = [{
    Padding never wins the max. With `ceil_mode` the output size rounds up, and a
    window that would start in the trailing padding is dropped, as ONNX Runtime
    does.
  }];
  let arguments = (ins QC_NumericOrQuantTensor:$input,
                       DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$dilations,
                       BoolAttr:$ceil_mode);
  let results = (outs QC_NumericOrQuantTensor:$output);
  let hasVerifier = 1;
}

def QC_AveragePoolOp : QC_Op<"average_pool", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX AveragePool";
  let description = [{
    With `count_include_pad` the divisor counts padded positions; without, it
    counts only the input positions under the window.
  }];
  let arguments = (ins QC_FloatTensor:$input,
                       DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$pads, BoolAttr:$ceil_mode,
                       BoolAttr:$count_include_pad);
  let results = (outs QC_FloatTensor:$output);
  let hasVerifier = 1;
}

def QC_GlobalAveragePoolOp : QC_Op<"global_average_pool", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX GlobalAveragePool: mean over every spatial dimension";
  let arguments = (ins QC_FloatTensor:$input);
  let results = (outs QC_FloatTensor:$output);
  let hasVerifier = 1;
}

def QC_GlobalMaxPoolOp : QC_Op<"global_max_pool", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX GlobalMaxPool: max over every spatial dimension";
  let arguments = (ins QC_NumericOrQuantTensor:$input);
  let results = (outs QC_NumericOrQuantTensor:$output);
  let hasVerifier = 1;
}

def QC_BatchNormalizationOp : QC_Op<"batch_normalization", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX BatchNormalization in inference mode";
  let description = [{
    y = scale * (x - mean) / sqrt(var + epsilon) + bias, per channel (axis 1).
    Training mode and the running-statistics outputs are rejected at import.
  }];
  let arguments = (ins QC_FloatTensor:$input, QC_FloatTensor:$scale,
                       QC_FloatTensor:$bias, QC_FloatTensor:$mean,
                       QC_FloatTensor:$variance, F32Attr:$epsilon);
  let results = (outs QC_FloatTensor:$output);
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def QC_LayerNormalizationOp : QC_Op<"layer_normalization", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX LayerNormalization (opset 17): normalize over axes [axis, rank)";
  let description = [{
    `scale` and the optional `bias` broadcast to the normalized dimensions.
    `axis` is normalized to be non-negative. Only the first output (Y) is
    supported.
  }];
  let arguments = (ins QC_FloatTensor:$input, QC_FloatTensor:$scale,
                       Optional<QC_FloatTensor>:$bias, I64Attr:$axis, F32Attr:$epsilon);
  let results = (outs QC_FloatTensor:$output);
  let hasVerifier = 1;
}

def QC_SoftmaxOp : QC_Op<"softmax", [SameOperandsAndResultType]> {
  let summary = "ONNX Softmax (opset 13 semantics): along one axis";
  let description = [{
    Opsets before 13 flatten [axis, rank) into one dimension; the importer
    expresses that with reshapes around this op.
  }];
  let arguments = (ins QC_FloatTensor:$input, I64Attr:$axis);
  let results = (outs QC_FloatTensor:$output);
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def QC_LogSoftmaxOp : QC_Op<"log_softmax", [SameOperandsAndResultType]> {
  let summary = "ONNX LogSoftmax (opset 13 semantics): along one axis";
  let arguments = (ins QC_FloatTensor:$input, I64Attr:$axis);
  let results = (outs QC_FloatTensor:$output);
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

def QC_FlattenOp : QC_Op<"flatten", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX Flatten: to 2-D, splitting the dimensions at `axis`";
  let arguments = (ins QC_Tensor:$input, I64Attr:$axis);
  let results = (outs QC_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_ReshapeOp : QC_Op<"reshape"> {
  let summary = "ONNX Reshape: the target shape is the result type";
  let description = [{
    The importer evaluates the constant `shape` input (with its 0 and -1
    entries) into the result type.
  }];
  let arguments = (ins QC_Tensor:$input);
  let results = (outs QC_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_TransposeOp : QC_Op<"transpose", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX Transpose: output dim i is input dim perm[i]";
  let arguments = (ins QC_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs QC_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_SqueezeOp : QC_Op<"squeeze", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX Squeeze: drop the listed size-1 dimensions";
  let arguments = (ins QC_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs QC_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_UnsqueezeOp : QC_Op<"unsqueeze", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX Unsqueeze: insert size-1 dimensions at the listed output axes";
  let arguments = (ins QC_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs QC_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_ConcatOp : QC_Op<"concat", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX Concat along one axis";
  let arguments = (ins Variadic<QC_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs QC_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_SliceOp : QC_Op<"slice", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX Slice with constant, normalized starts/ends/steps";
  let description = [{
    One entry per input dimension: the importer filled the dimensions the ONNX
    node did not list, turned negative indices into positive ones and clamped
    them, so that dimension d of the result has
    ceil((ends[d] - starts[d]) / steps[d]) elements (0 if negative).
  }];
  let arguments = (ins QC_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps);
  let results = (outs QC_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_GatherOp : QC_Op<"gather", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX Gather: take slices of `data` along `axis` at `indices`";
  let description = [{
    Negative indices count from the end of the axis. The output shape is
    data.shape[:axis] + indices.shape + data.shape[axis+1:].
  }];
  let arguments = (ins QC_Tensor:$data, QC_StaticTensorOf<[I32, I64]>:$indices,
                       I64Attr:$axis);
  let results = (outs QC_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_PadOp : QC_Op<"pad", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX Pad with constant pads";
  let description = [{
    `pads` holds the leading pad of every dimension, then the trailing pad of
    every dimension; negative pads crop. `value` fills the border in constant mode.
  }];
  let arguments = (ins QC_NumericTensor:$input, DenseI64ArrayAttr:$pads,
                       QC_PadModeAttr:$mode, F64Attr:$value);
  let results = (outs QC_NumericTensor:$output);
  let hasVerifier = 1;
}

def QC_ResizeOp : QC_Op<"resize"> {
  let summary = "ONNX Resize (nearest, linear, cubic) with constant scales";
  let description = [{
    The output shape is the result type. `scales` has one factor per dimension:
    the importer took them from the `scales` input or computed them as
    output / input from the `sizes` input, as ONNX defines.
    `nearest_mode` applies to nearest mode, `cubic_coeff_a` and
    `exclude_outside` to cubic mode.
  }];
  let arguments = (ins QC_NumericTensor:$input, DenseF32ArrayAttr:$scales,
                       QC_ResizeModeAttr:$mode,
                       QC_CoordinateTransformAttr:$coordinate_transformation_mode,
                       QC_NearestModeAttr:$nearest_mode,
                       F32Attr:$cubic_coeff_a, BoolAttr:$exclude_outside);
  let results = (outs QC_NumericTensor:$output);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class QC_ReduceOp<string mnemonic, string onnxName, string what>
    : QC_Op<mnemonic, [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX " # onnxName # ": " # what # " over `axes`";
  let description = [{
    `axes` is sorted and non-negative; the importer expanded an empty axes list
    (reduce everything) into every dimension, and turned
    `noop_with_empty_axes` into an identity.
  }];
  let arguments = (ins QC_NumericTensor:$input, DenseI64ArrayAttr:$axes,
                       BoolAttr:$keepdims);
  let results = (outs QC_NumericTensor:$output);
  let hasVerifier = 1;
}

def QC_ReduceMeanOp : QC_ReduceOp<"reduce_mean", "ReduceMean", "mean">;
def QC_ReduceSumOp : QC_ReduceOp<"reduce_sum", "ReduceSum", "sum">;
def QC_ReduceMaxOp : QC_ReduceOp<"reduce_max", "ReduceMax", "maximum">;

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def QC_ConstantOp : QC_Op<"constant", [ConstantLike, AllTypesMatch<["value", "output"]>]> {
  let summary = "ONNX Constant and initializers";
  let description = [{
    Large tensors (weights) hold a `dense_resource` blob, so that printed IR can
    elide them; small ones (scales, zero points, shapes) hold `dense` values.
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs QC_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

def QC_QuantizeLinearOp : QC_Op<"quantize_linear", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX QuantizeLinear: y = saturate(round_half_even(x / scale) + zero_point)";
  let description = [{
    Per-tensor when `scale` is a scalar, per-axis along `axis` (non-negative)
    when it is 1-D. The result's element type (i8 or ui8) is the storage type;
    `zero_point`, when present, has the same element type.
  }];
  let arguments = (ins QC_FloatTensor:$input, QC_ScaleTensor:$scale,
                       Optional<QC_ZeroPointTensor>:$zero_point, I64Attr:$axis);
  let results = (outs QC_StaticTensorOf<[I8, UI8, SI8, I32]>:$output);
  let hasVerifier = 1;
}

def QC_DequantizeLinearOp : QC_Op<"dequantize_linear", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX DequantizeLinear: y = (x - zero_point) * scale";
  let arguments = (ins QC_StaticTensorOf<[I8, UI8, SI8, I32]>:$input,
                       QC_ScaleTensor:$scale,
                       Optional<QC_ZeroPointTensor>:$zero_point, I64Attr:$axis);
  let results = (outs QC_FloatTensor:$output);
  let hasVerifier = 1;
}

def QC_DynamicQuantizeLinearOp : QC_Op<"dynamic_quantize_linear"> {
  let summary = "ONNX DynamicQuantizeLinear: uint8 with a scale and zero point from the data";
  let description = [{
    scale = (max(x, 0) - min(x, 0)) / 255, zero_point = saturate(round(-min(x, 0) / scale)),
    y = saturate(round(x / scale) + zero_point), all rounding half to even.
  }];
  let arguments = (ins QC_StaticTensorOf<[F32]>:$input);
  let results = (outs QC_StaticTensorOf<[UI8]>:$output,
                      QC_StaticTensorOf<[F32]>:$scale,
                      QC_StaticTensorOf<[UI8]>:$zero_point);
  let hasVerifier = 1;
}

def QC_QLinearConvOp : QC_Op<"qlinear_conv", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX QLinearConv: Conv on 8-bit codes with requantized 8-bit output";
  let description = [{
    The bias is int32 at scale x_scale * w_scale. `w_scale` and `w_zero_point`
    may be per output channel. Attributes as for `qc.conv`.
  }];
  let arguments = (ins QC_Int8Tensor:$input, QC_ScaleTensor:$input_scale,
                       QC_ZeroPointTensor:$input_zero_point,
                       QC_Int8Tensor:$weight, QC_ScaleTensor:$weight_scale,
                       QC_ZeroPointTensor:$weight_zero_point,
                       QC_ScaleTensor:$output_scale, QC_ZeroPointTensor:$output_zero_point,
                       Optional<QC_StaticTensorOf<[I32]>>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group);
  let results = (outs QC_Int8Tensor:$output);
  let hasVerifier = 1;
}

def QC_QLinearMatMulOp : QC_Op<"qlinear_matmul", [DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX QLinearMatMul: MatMul on 8-bit codes with requantized 8-bit output";
  let arguments = (ins QC_Int8Tensor:$lhs, QC_ScaleTensor:$lhs_scale,
                       QC_ZeroPointTensor:$lhs_zero_point,
                       QC_Int8Tensor:$rhs, QC_ScaleTensor:$rhs_scale,
                       QC_ZeroPointTensor:$rhs_zero_point,
                       QC_ScaleTensor:$output_scale, QC_ZeroPointTensor:$output_zero_point);
  let results = (outs QC_Int8Tensor:$output);
  let hasVerifier = 1;
}

def QC_MatMulIntegerOp : QC_Op<"matmul_integer", [AttrSizedOperandSegments, DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX MatMulInteger: (A - a_zero_point) x (B - b_zero_point) in int32";
  let arguments = (ins QC_Int8Tensor:$lhs, QC_Int8Tensor:$rhs,
                       Optional<QC_ZeroPointTensor>:$lhs_zero_point,
                       Optional<QC_ZeroPointTensor>:$rhs_zero_point);
  let results = (outs QC_StaticTensorOf<[I32]>:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs (`lhs_zero_point` $lhs_zero_point^)? (`rhs_zero_point` $rhs_zero_point^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QC_ConvIntegerOp : QC_Op<"conv_integer", [AttrSizedOperandSegments, DeclareOpInterfaceMethods<QC_ShapeInferenceOpInterface>]> {
  let summary = "ONNX ConvInteger: Conv of (x - x_zero_point) and (w - w_zero_point) in int32";
  let arguments = (ins QC_Int8Tensor:$input, QC_Int8Tensor:$weight,
                       Optional<QC_ZeroPointTensor>:$input_zero_point,
                       Optional<QC_ZeroPointTensor>:$weight_zero_point,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group);
  let results = (outs QC_StaticTensorOf<[I32]>:$output);
  let assemblyFormat = [{
    $input `,` $weight (`input_zero_point` $input_zero_point^)?
    (`weight_zero_point` $weight_zero_point^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QC_FakeQuantOp : QC_Op<"fake_quant", [AttrSizedOperandSegments,
                                          AllTypesMatch<["input", "output"]>]> {
  let summary = "quantize then dequantize: x rounded onto a grid, still in float";
  let description = [{
    The grid comes from `spec` (see `#qc.quantizer`); its parameters are
    operands so that quantization-aware training can learn them:

    | grid | operands | value of code q |
    |---|---|---|
    | affine | scale, zero_point | scale * (q - zero_point) |
    | symmetric_narrow | scale | scale * q |
    | zero_free | scale | scale * (2q - (2^n - 1)) |
    | power_of_two | scale | +-2^e * scale |
    | unsigned_clipped | clip | clip / (2^n - 1) * q, q in [0, 2^n - 1] |

    `scale` and `zero_point` are scalars for a per-tensor spec and have one
    element per channel (or per group) otherwise.

    ```mlir
    %y = qc.fake_quant %x scale %s zero_point %z {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>}
        : (tensor<1x16xf32>, tensor<f32>, tensor<i32>) -> tensor<1x16xf32>
    ```
  }];
  let arguments = (ins QC_FloatTensor:$input,
                       Optional<QC_FloatTensor>:$scale,
                       Optional<QC_StaticTensorOf<[I32]>>:$zero_point,
                       Optional<QC_FloatTensor>:$clip,
                       QC_QuantizerSpecAttr:$spec);
  let results = (outs QC_FloatTensor:$output);
  let assemblyFormat = [{
    $input (`scale` $scale^)? (`zero_point` $zero_point^)? (`clip` $clip^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

include "quantc/Dialect/QC/IR/QCQuantOps.td"

#endif // QUANTC_DIALECT_QC_IR_QCOPS_TD
