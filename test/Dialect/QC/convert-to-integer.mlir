// RUN: quantc-opt %s --split-input-file --verify-diagnostics --qc-convert-to-integer | FileCheck %s

// DQ(x), DQ(w) per channel, float bias -> Conv -> Relu -> Q: one integer Conv.
// The bias is quantized at s_x * s_w[m]: 1 / 0.125 = 8, -2 / 0.0625 = -32,
// 0.3 / 0.25 = 1.2 -> 1; the Relu becomes the output range.
// CHECK-LABEL: func.func @conv_relu
// CHECK-DAG:   %[[B:.*]] = qc.constant dense<[8, -32, 1]> : tensor<3xi32>
// CHECK-DAG:   %[[W:.*]] = qc.constant dense<{{.*}}> : tensor<3x2x1x1xi8>
// CHECK:       %[[X:.*]] = qc.quantize %{{.*}} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 5.000000e-01:128>>
// CHECK:       %[[WQ:.*]] = qc.storage_cast %[[W]] : tensor<3x2x1x1xi8> -> tensor<3x2x1x1x!quant.uniform<i8:f32:0, {2.500000e-01,1.250000e-01,5.000000e-01}>>
// CHECK:       %[[Y:.*]] = qc.quantized_conv %[[X]], %[[WQ]], %[[B]]
// CHECK-SAME:    output_min = 0.000000e+00
// CHECK-SAME:    -> tensor<1x3x4x4x!quant.uniform<u8:f32, 7.500000e-01>>
// CHECK:       %[[R:.*]] = qc.dequantize %[[Y]]
// CHECK:       return %[[R]]
func.func @conv_relu(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %s = qc.constant dense<0.5> : tensor<f32>
  %z = qc.constant dense<128> : tensor<ui8>
  %ws = qc.constant dense<[0.25, 0.125, 0.5]> : tensor<3xf32>
  %wz = qc.constant dense<0> : tensor<3xi8>
  %w = qc.constant dense<[[[[1]], [[-2]]], [[[3]], [[4]]], [[[-5]], [[6]]]]> : tensor<3x2x1x1xi8>
  %b = qc.constant dense<[1.0, -2.0, 0.3]> : tensor<3xf32>
  %os = qc.constant dense<0.75> : tensor<f32>
  %oz = qc.constant dense<0> : tensor<ui8>
  %q = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x4x4xui8>
  %dq = qc.dequantize_linear %q, %s, %z {axis = 1 : i64} : (tensor<1x2x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x4x4xf32>
  %dw = qc.dequantize_linear %w, %ws, %wz {axis = 0 : i64} : (tensor<3x2x1x1xi8>, tensor<3xf32>, tensor<3xi8>) -> tensor<3x2x1x1xf32>
  %c = qc.conv %dq, %dw, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %r = qc.relu %c : tensor<1x3x4x4xf32>
  %qy = qc.quantize_linear %r, %os, %oz {axis = 1 : i64} : (tensor<1x3x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x3x4x4xui8>
  %y = qc.dequantize_linear %qy, %os, %oz {axis = 1 : i64} : (tensor<1x3x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// Gemm (transB) whose bias is a DequantizeLinear'd int32 initializer at
// s_a * s_b (ONNX Runtime's quantizer): the codes are taken as they are. A
// Clip becomes the output range.
// CHECK-LABEL: func.func @gemm_clip
// CHECK-SAME:    (%[[A:.*]]: tensor<2x3xf32>)
// CHECK-DAG:   %[[BIAS:.*]] = qc.constant dense<[-7, 0, 7, 100]> : tensor<4xi32>
// CHECK:       %[[QA:.*]] = qc.quantize %[[A]]
// CHECK:       qc.quantized_matmul %[[QA]], %{{.*}}, %[[BIAS]] {output_max = 6.000000e+00 : f64, output_min = -1.000000e+00 : f64, transpose_rhs = true}
// CHECK-SAME:    (tensor<2x3x!quant.uniform<i8:f32, 0.2{{0*}}{{[0-9]*}}:-3>>, tensor<4x3x!quant.uniform<i8:f32, 5.000000e-01>>, tensor<4xi32>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1{{0*}}{{[0-9]*}}:5>>
// CHECK-NOT:   qc.gemm
func.func @gemm_clip(%a: tensor<2x3xf32>) -> tensor<2x4xf32> {
  %bias = qc.constant dense<[-7, 0, 7, 100]> : tensor<4xi32>
  %s = qc.constant dense<0.2> : tensor<f32>
  %z = qc.constant dense<-3> : tensor<i8>
  %ws = qc.constant dense<0.5> : tensor<f32>
  %bs = qc.constant dense<0.1> : tensor<f32>
  %w = qc.constant dense<[[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]> : tensor<4x3xi8>
  %os = qc.constant dense<0.1> : tensor<f32>
  %oz = qc.constant dense<5> : tensor<i8>
  %lo = qc.constant dense<-1.0> : tensor<f32>
  %hi = qc.constant dense<6.0> : tensor<f32>
  %qa = qc.quantize_linear %a, %s, %z {axis = 1 : i64} : (tensor<2x3xf32>, tensor<f32>, tensor<i8>) -> tensor<2x3xi8>
  %da = qc.dequantize_linear %qa, %s, %z {axis = 1 : i64} : (tensor<2x3xi8>, tensor<f32>, tensor<i8>) -> tensor<2x3xf32>
  %dw = qc.dequantize_linear %w, %ws {axis = 1 : i64} : (tensor<4x3xi8>, tensor<f32>) -> tensor<4x3xf32>
  %db = qc.dequantize_linear %bias, %bs {axis = 0 : i64} : (tensor<4xi32>, tensor<f32>) -> tensor<4xf32>
  %g = qc.gemm %da, %dw, %db {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %c = qc.clip %g min %lo max %hi : (tensor<2x4xf32>, tensor<f32>, tensor<f32>) -> tensor<2x4xf32>
  %qy = qc.quantize_linear %c, %os, %oz {axis = 1 : i64} : (tensor<2x4xf32>, tensor<f32>, tensor<i8>) -> tensor<2x4xi8>
  %y = qc.dequantize_linear %qy, %os, %oz {axis = 1 : i64} : (tensor<2x4xi8>, tensor<f32>, tensor<i8>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// A BatchNormalization left after a Conv on quantized weights (a QAT export)
// folds into the weights' grid: s = gamma / sqrt(var + eps) = [2, -0.5]
// scales the channels' weight scales to [0.25 * 2, 0.25 * 0.5], negating
// channel 1's codes; the bias t = beta - s * mean = [0.5, 1.5] is then
// quantized at s_x * s_w' = [0.25, 0.0625]: [2, 24].
// CHECK-LABEL: func.func @conv_batch_norm
// CHECK-DAG:   %[[B:.*]] = qc.constant dense<[2, 24]> : tensor<2xi32>
// CHECK-DAG:   %[[W:.*]] = qc.constant dense<{{\[\[\[\[}}3]]], {{\[\[\[}}4]]]]> : tensor<2x1x1x1xi8>
// CHECK:       %[[WQ:.*]] = qc.storage_cast %[[W]] : tensor<2x1x1x1xi8> -> tensor<2x1x1x1x!quant.uniform<i8:f32:0, {5.000000e-01,1.250000e-01}>>
// CHECK:       qc.quantized_conv %{{.*}}, %[[WQ]], %[[B]]
// CHECK-NOT:   qc.batch_normalization
func.func @conv_batch_norm(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %s = qc.constant dense<0.5> : tensor<f32>
  %z = qc.constant dense<0> : tensor<i8>
  %ws = qc.constant dense<0.25> : tensor<f32>
  %w = qc.constant dense<[[[[3]]], [[[-4]]]]> : tensor<2x1x1x1xi8>
  %gamma = qc.constant dense<[2.0, -0.5]> : tensor<2xf32>
  %beta = qc.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = qc.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = qc.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %q = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x1x2x2xi8>
  %dq = qc.dequantize_linear %q, %s, %z {axis = 1 : i64} : (tensor<1x1x2x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x1x2x2xf32>
  %dw = qc.dequantize_linear %w, %ws {axis = 0 : i64} : (tensor<2x1x1x1xi8>, tensor<f32>) -> tensor<2x1x1x1xf32>
  %c = qc.conv %dq, %dw {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %bn = qc.batch_normalization %c, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %qy = qc.quantize_linear %bn, %s, %z {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x2x2x2xi8>
  %y = qc.dequantize_linear %qy, %s, %z {axis = 1 : i64} : (tensor<1x2x2x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// uint8 weights with zero point 128 (older quantizers) are re-encoded
// exactly as int8 codes w - 128 with zero point 0.
// CHECK-LABEL: func.func @uint8_weights
// CHECK-DAG:   %[[W:.*]] = qc.constant dense<{{\[}}[-127, 127], [-128, 0]]> : tensor<2x2xi8>
// CHECK:       %[[WQ:.*]] = qc.storage_cast %[[W]] : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8:f32, 5.000000e-01>>
// CHECK:       qc.quantized_matmul %{{.*}}, %[[WQ]]
func.func @uint8_weights(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %s = qc.constant dense<0.5> : tensor<f32>
  %z = qc.constant dense<0> : tensor<ui8>
  %w = qc.constant dense<[[1, 255], [0, 128]]> : tensor<2x2xui8>
  %wz = qc.constant dense<128> : tensor<ui8>
  %q = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<1x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2xui8>
  %dq = qc.dequantize_linear %q, %s, %z {axis = 1 : i64} : (tensor<1x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2xf32>
  %dw = qc.dequantize_linear %w, %s, %wz {axis = 1 : i64} : (tensor<2x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<2x2xf32>
  %m = qc.matmul %dq, %dw : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %qy = qc.quantize_linear %m, %s, %z {axis = 1 : i64} : (tensor<1x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2xui8>
  %y = qc.dequantize_linear %qy, %s, %z {axis = 1 : i64} : (tensor<1x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Fake-quant pairs: activations on the affine grid, weights on the symmetric
// narrow grid (their constant is quantized now: 0.3 / 0.1 = 3, -1 / 0.1 -> -10,
// 20 saturates to 127), the MatMul becomes integer.
// CHECK-LABEL: func.func @fake_quant_matmul
// CHECK-DAG:   %[[W:.*]] = qc.constant dense<{{\[}}[3, -10], [127, 0]]> : tensor<2x2xi8>
// CHECK:       %[[X:.*]] = qc.quantize %{{.*}} : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<u8:f32, 2.500000e-01:10>>
// CHECK:       %[[WQ:.*]] = qc.storage_cast %[[W]] : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8<-127:127>:f32, 0.1{{0*}}{{[0-9]*}}>>
// CHECK:       %[[Y:.*]] = qc.quantized_matmul %[[X]], %[[WQ]] {transpose_rhs = false}
// CHECK:       qc.dequantize %[[Y]]
func.func @fake_quant_matmul(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %s = qc.constant dense<0.25> : tensor<f32>
  %z = qc.constant dense<10> : tensor<i32>
  %ws = qc.constant dense<0.1> : tensor<f32>
  %w = qc.constant dense<[[0.3, -1.0], [20.0, 0.0]]> : tensor<2x2xf32>
  %fx = qc.fake_quant %x scale %s zero_point %z {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>} : (tensor<1x2xf32>, tensor<f32>, tensor<i32>) -> tensor<1x2xf32>
  %fw = qc.fake_quant %w scale %ws {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %m = qc.matmul %fx, %fw : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %fy = qc.fake_quant %m scale %s zero_point %z {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>} : (tensor<1x2xf32>, tensor<f32>, tensor<i32>) -> tensor<1x2xf32>
  return %fy : tensor<1x2xf32>
}

// -----

// Add + Relu, then MaxPool and Reshape on the codes, GlobalAveragePool, and
// a Concat whose second input is on another grid (requantized to the
// output's first). Softmax has no integer form: it stays float between a
// dequantize and a quantize.
// CHECK-LABEL: func.func @add_pool_concat
// CHECK:       %[[ADD:.*]] = qc.quantized_add %{{.*}}, %{{.*}} {output_min = 0.000000e+00 : f64} : {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.2{{0*}}{{[0-9]*}}>>
// CHECK:       %[[MP:.*]] = qc.max_pool %[[ADD]] {{.*}} -> tensor<1x2x1x1x!quant.uniform<u8:f32, 0.2{{0*}}{{[0-9]*}}>>
// CHECK:       %[[RS:.*]] = qc.reshape %[[MP]] : (tensor<1x2x1x1x!quant.uniform<u8:f32, 0.2{{0*}}{{[0-9]*}}>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.2{{0*}}{{[0-9]*}}>>
// CHECK:       %[[GAP:.*]] = qc.quantized_global_average_pool %[[ADD]] : {{.*}} -> tensor<1x2x1x1x!quant.uniform<u8:f32, 0.1{{0*}}{{[0-9]*}}>>
// CHECK:       %[[FLAT:.*]] = qc.reshape %[[GAP]] : {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 0.1{{0*}}{{[0-9]*}}>>
// CHECK:       %[[DFLAT:.*]] = qc.dequantize %[[FLAT]]
// CHECK:       %[[REQ:.*]] = qc.quantize %[[DFLAT]] : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<u8:f32, 0.2{{0*}}{{[0-9]*}}>>
// CHECK:       %[[CAT:.*]] = qc.concat %[[RS]], %[[REQ]] {axis = 1 : i64} : {{.*}} -> tensor<1x4x!quant.uniform<u8:f32, 0.2{{0*}}{{[0-9]*}}>>
// CHECK:       %[[DCAT:.*]] = qc.dequantize %[[CAT]]
// CHECK:       %[[SM:.*]] = qc.softmax %[[DCAT]]
// CHECK:       qc.quantize %[[SM]]
func.func @add_pool_concat(%a: tensor<1x2x2x2xf32>, %b: tensor<1x2x2x2xf32>) -> tensor<1x4xf32> {
  %s = qc.constant dense<0.1> : tensor<f32>
  %s2 = qc.constant dense<0.2> : tensor<f32>
  %z = qc.constant dense<0> : tensor<ui8>
  %qa = qc.quantize_linear %a, %s, %z {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x2x2xui8>
  %da = qc.dequantize_linear %qa, %s, %z {axis = 1 : i64} : (tensor<1x2x2x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x2x2xf32>
  %qb = qc.quantize_linear %b, %s, %z {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x2x2xui8>
  %db = qc.dequantize_linear %qb, %s, %z {axis = 1 : i64} : (tensor<1x2x2x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x2x2xf32>
  %sum = qc.add %da, %db : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %relu = qc.relu %sum : tensor<1x2x2x2xf32>
  %qs = qc.quantize_linear %relu, %s2, %z {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x2x2xui8>
  %ds = qc.dequantize_linear %qs, %s2, %z {axis = 1 : i64} : (tensor<1x2x2x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x2x2xf32>
  %mp = qc.max_pool %ds {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %qmp = qc.quantize_linear %mp, %s2, %z {axis = 1 : i64} : (tensor<1x2x1x1xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x1x1xui8>
  %dmp = qc.dequantize_linear %qmp, %s2, %z {axis = 1 : i64} : (tensor<1x2x1x1xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x1x1xf32>
  %rs = qc.reshape %dmp : (tensor<1x2x1x1xf32>) -> tensor<1x2xf32>
  %qrs = qc.quantize_linear %rs, %s2, %z {axis = 1 : i64} : (tensor<1x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2xui8>
  %drs = qc.dequantize_linear %qrs, %s2, %z {axis = 1 : i64} : (tensor<1x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2xf32>
  %gap = qc.global_average_pool %ds : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %qgap = qc.quantize_linear %gap, %s, %z {axis = 1 : i64} : (tensor<1x2x1x1xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x1x1xui8>
  %dgap = qc.dequantize_linear %qgap, %s, %z {axis = 1 : i64} : (tensor<1x2x1x1xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x1x1xf32>
  %flat = qc.reshape %dgap : (tensor<1x2x1x1xf32>) -> tensor<1x2xf32>
  %qflat = qc.quantize_linear %flat, %s, %z {axis = 1 : i64} : (tensor<1x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2xui8>
  %dflat = qc.dequantize_linear %qflat, %s, %z {axis = 1 : i64} : (tensor<1x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2xf32>
  %cat = qc.concat %drs, %dflat {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  %qcat = qc.quantize_linear %cat, %s2, %z {axis = 1 : i64} : (tensor<1x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x4xui8>
  %dcat = qc.dequantize_linear %qcat, %s2, %z {axis = 1 : i64} : (tensor<1x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x4xf32>
  %sm = qc.softmax %dcat {axis = 1 : i64} : tensor<1x4xf32>
  %qsm = qc.quantize_linear %sm, %s, %z {axis = 1 : i64} : (tensor<1x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x4xui8>
  %dsm = qc.dequantize_linear %qsm, %s, %z {axis = 1 : i64} : (tensor<1x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x4xf32>
  return %dsm : tensor<1x4xf32>
}

// -----

// QOperator: QLinearConv with constant parameters is the same integer Conv,
// between storage casts of its uint8 codes (a one-element per-channel weight
// scale is a per-tensor one).
// CHECK-LABEL: func.func @qlinear_conv
// CHECK-SAME:    (%[[X:.*]]: tensor<1x1x2x2xui8>)
// CHECK:       %[[XQ:.*]] = qc.storage_cast %[[X]] : tensor<1x1x2x2xui8> -> tensor<1x1x2x2x!quant.uniform<u8:f32, 5.000000e-01:3>>
// CHECK:       %[[Y:.*]] = qc.quantized_conv %[[XQ]], %{{[0-9]+}}, %{{[0-9]+}}
// CHECK-SAME:    tensor<1x1x1x1x!quant.uniform<i8:f32, 2.500000e-01>>, tensor<1xi32>) -> tensor<1x1x2x2x!quant.uniform<u8:f32, 1.000000e+00:4>>
// CHECK:       %[[YC:.*]] = qc.storage_cast %[[Y]] : tensor<1x1x2x2x!quant.uniform<u8:f32, 1.000000e+00:4>> -> tensor<1x1x2x2xui8>
// CHECK:       return %[[YC]]
func.func @qlinear_conv(%x: tensor<1x1x2x2xui8>) -> tensor<1x1x2x2xui8> {
  %s = qc.constant dense<0.5> : tensor<f32>
  %z = qc.constant dense<3> : tensor<ui8>
  %w = qc.constant dense<2> : tensor<1x1x1x1xi8>
  %ws = qc.constant dense<[0.25]> : tensor<1xf32>
  %wz = qc.constant dense<[0]> : tensor<1xi8>
  %os = qc.constant dense<1.0> : tensor<f32>
  %oz = qc.constant dense<4> : tensor<ui8>
  %b = qc.constant dense<[7]> : tensor<1xi32>
  %y = qc.qlinear_conv %x, %s, %z, %w, %ws, %wz, %os, %oz, %b
      {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x2x2xui8>, tensor<f32>, tensor<ui8>, tensor<1x1x1x1xi8>, tensor<1xf32>, tensor<1xi8>,
         tensor<f32>, tensor<ui8>, tensor<1xi32>) -> tensor<1x1x2x2xui8>
  return %y : tensor<1x1x2x2xui8>
}

// -----

// A QLinearMatMul outside the integer ops' forms (parameters from the graph,
// uint8 weights with a zero point) becomes its ONNX definition: an exact
// MatMulInteger, then saturate(round(acc * (s_a * s_b / s_y)) + z_y) as a
// QuantizeLinear with scale 1.
// CHECK-LABEL: func.func @qlinear_matmul_definition
// CHECK-SAME:    (%[[A:.*]]: tensor<2x4xui8>, %[[SA:.*]]: tensor<1xf32>, %[[ZA:.*]]: tensor<1xui8>, %[[B:.*]]: tensor<4x3xui8>, %[[SB:.*]]: tensor<1xf32>, %[[ZB:.*]]: tensor<1xui8>, %[[SY:.*]]: tensor<1xf32>, %[[ZY:.*]]: tensor<1xui8>)
// CHECK-DAG:   %[[ONE:.*]] = qc.constant dense<1.000000e+00> : tensor<1xf32>
// CHECK:       %[[ACC:.*]] = qc.matmul_integer %[[A]], %[[B]] lhs_zero_point %[[ZA]] rhs_zero_point %[[ZB]] : {{.*}} -> tensor<2x3xi32>
// CHECK:       %[[SAB:.*]] = qc.mul %[[SA]], %[[SB]]
// CHECK:       %[[F:.*]] = qc.div %[[SAB]], %[[SY]]
// CHECK:       %[[R:.*]] = qc.cast %[[ACC]] : (tensor<2x3xi32>) -> tensor<2x3xf32>
// CHECK:       %[[P:.*]] = qc.mul %[[R]], %[[F]]
// CHECK:       qc.quantize_linear %[[P]], %[[ONE]], %[[ZY]] {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1xf32>, tensor<1xui8>) -> tensor<2x3xui8>
func.func @qlinear_matmul_definition(%a: tensor<2x4xui8>, %sa: tensor<1xf32>, %za: tensor<1xui8>,
                                     %b: tensor<4x3xui8>, %sb: tensor<1xf32>, %zb: tensor<1xui8>,
                                     %sy: tensor<1xf32>, %zy: tensor<1xui8>) -> tensor<2x3xui8> {
  %y = qc.qlinear_matmul %a, %sa, %za, %b, %sb, %zb, %sy, %zy
      : (tensor<2x4xui8>, tensor<1xf32>, tensor<1xui8>, tensor<4x3xui8>, tensor<1xf32>, tensor<1xui8>,
         tensor<1xf32>, tensor<1xui8>) -> tensor<2x3xui8>
  return %y : tensor<2x3xui8>
}

// -----

// Dynamic quantization: a scale the graph computes stays an ONNX op (the float
// path lowers it).
// CHECK-LABEL: func.func @dynamic_scale
// CHECK:       qc.quantize_linear
// CHECK:       qc.dequantize_linear
// CHECK-NOT:   qc.quantize
func.func @dynamic_scale(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xf32> {
  %z = qc.constant dense<0> : tensor<ui8>
  %q = qc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<4xf32>, tensor<f32>, tensor<ui8>) -> tensor<4xui8>
  %d = qc.dequantize_linear %q, %s, %z {axis = 0 : i64} : (tensor<4xui8>, tensor<f32>, tensor<ui8>) -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

func.func @per_axis_activation(%x: tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %s = qc.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %z = qc.constant dense<0> : tensor<2xui8>
  %ws = qc.constant dense<0.5> : tensor<f32>
  %w = qc.constant dense<1> : tensor<1x2x1x1xi8>
  %q = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xui8>) -> tensor<1x2x2x2xui8>
  %dq = qc.dequantize_linear %q, %s, %z {axis = 1 : i64} : (tensor<1x2x2x2xui8>, tensor<2xf32>, tensor<2xui8>) -> tensor<1x2x2x2xf32>
  %dw = qc.dequantize_linear %w, %ws {axis = 0 : i64} : (tensor<1x2x1x1xi8>, tensor<f32>) -> tensor<1x2x1x1xf32>
  // expected-error @below {{unsupported quantized pattern: the input of qc.conv is quantized per axis; integer qc.conv needs a per-tensor activation scale}}
  %c = qc.conv %dq, %dw {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %c : tensor<1x1x2x2xf32>
}

// -----

func.func @asymmetric_weights(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %s = qc.constant dense<0.5> : tensor<f32>
  %z = qc.constant dense<0> : tensor<ui8>
  %w = qc.constant dense<[[1, 255], [0, 7], [3, 4]]> : tensor<3x2xui8>
  %wz = qc.constant dense<100> : tensor<ui8>
  %q = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<1x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x3xui8>
  %dq = qc.dequantize_linear %q, %s, %z {axis = 1 : i64} : (tensor<1x3xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x3xf32>
  %dw = qc.dequantize_linear %w, %s, %wz {axis = 1 : i64} : (tensor<3x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<3x2xf32>
  // expected-error @below {{unsupported quantized pattern: the weights of qc.matmul have a zero point that int8 codes cannot absorb; the integer kernels take symmetric int8 weights}}
  %m = qc.matmul %dq, %dw : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>
  return %m : tensor<1x2xf32>
}

// -----

func.func @fake_quant_4bit(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = qc.constant dense<0.5> : tensor<f32>
  // expected-error @below {{fake-quant at 4 bits: the integer ops take 8-bit codes only}}
  %f = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = symmetric_narrow, bits = 4>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %f : tensor<4xf32>
}

// -----

func.func @fake_quant_zero_free(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = qc.constant dense<0.5> : tensor<f32>
  // expected-error @below {{fake-quant on the zero_free grid has no integer form yet (only affine and symmetric_narrow convert to integer ops)}}
  %f = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = zero_free, bits = 1>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %f : tensor<4xf32>
}

// -----

func.func @fake_quant_learned_scale(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xf32> {
  // expected-error @below {{fake-quant parameters must be constants to convert to integer ops (freeze the trained scale and zero point first)}}
  %f = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %f : tensor<4xf32>
}

// -----

// What torch.onnx 1.13 exports for a fused Conv+BN+ReLU QAT module with
// fbgemm's qconfig: activations QuantizeLinear -> Clip of the uint8 codes to
// [0, 127] (reduce_range) -> DequantizeLinear, float weights behind their own
// QuantizeLinear -> DequantizeLinear (codes [3, -2] at [0.25, 0.5]), a zero
// bias, and Conv -> Div (the BN scale [2, 4]) -> Add (the Conv bias [1, -1])
// -> BatchNormalization (s = [2, 1], t = 0) -> Relu. The Clips become the
// grids' code range; the Div, the Add and the BN fold into the weight
// scales, [0.25 / 2 * 2, 0.5 / 4 * 1], and the bias, [2, -1], quantized at
// s_x * s_w' = [0.125, 0.0625]: [16, -16].
// CHECK-LABEL: func.func @pytorch_qat_conv_bn_relu
// CHECK-DAG:   %[[B:.*]] = qc.constant dense<[16, -16]> : tensor<2xi32>
// CHECK-DAG:   %[[W:.*]] = qc.constant dense<{{\[\[\[\[}}3]]], {{\[\[\[}}-2]]]]> : tensor<2x1x1x1xi8>
// CHECK:       %[[X:.*]] = qc.quantize %{{.*}} -> tensor<1x1x2x2x!quant.uniform<u8<0:127>:f32, 5.000000e-01>>
// CHECK:       %[[WQ:.*]] = qc.storage_cast %[[W]] : tensor<2x1x1x1xi8> -> tensor<2x1x1x1x!quant.uniform<i8:f32:0, {2.500000e-01,1.250000e-01}>>
// CHECK:       %[[Y:.*]] = qc.quantized_conv %[[X]], %[[WQ]], %[[B]]
// CHECK-SAME:    output_min = 0.000000e+00
// CHECK-SAME:    -> tensor<1x2x2x2x!quant.uniform<u8<0:127>:f32, 1.000000e+00>>
// CHECK:       qc.dequantize %[[Y]]
// CHECK-NOT:   {{qc.clip|qc.div|qc.add|qc.batch_normalization|qc.relu|qc.conv }}
func.func @pytorch_qat_conv_bn_relu(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %s = qc.constant dense<0.5> : tensor<1xf32>
  %z = qc.constant dense<0> : tensor<1xui8>
  %max = qc.constant dense<127> : tensor<ui8>
  %w = qc.constant dense<[[[[0.75]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>
  %ws = qc.constant dense<[0.25, 0.5]> : tensor<2xf32>
  %wz = qc.constant dense<0> : tensor<2xi8>
  %zero = qc.constant dense<0.0> : tensor<2xf32>
  %bnScale = qc.constant dense<[[[[2.0]], [[4.0]]]]> : tensor<1x2x1x1xf32>
  %bias = qc.constant dense<[[[[1.0]], [[-1.0]]]]> : tensor<1x2x1x1xf32>
  %gamma = qc.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = qc.constant dense<0.0> : tensor<2xf32>
  %mean = qc.constant dense<0.0> : tensor<2xf32>
  %var = qc.constant dense<1.0> : tensor<2xf32>
  %os = qc.constant dense<1.0> : tensor<1xf32>
  %q = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xui8>) -> tensor<1x1x2x2xui8>
  %qc = qc.clip %q max %max : (tensor<1x1x2x2xui8>, tensor<ui8>) -> tensor<1x1x2x2xui8>
  %dq = qc.dequantize_linear %qc, %s, %z {axis = 1 : i64} : (tensor<1x1x2x2xui8>, tensor<1xf32>, tensor<1xui8>) -> tensor<1x1x2x2xf32>
  %qw = qc.quantize_linear %w, %ws, %wz {axis = 0 : i64} : (tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x1x1x1xi8>
  %dw = qc.dequantize_linear %qw, %ws, %wz {axis = 0 : i64} : (tensor<2x1x1x1xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x1x1x1xf32>
  %c = qc.conv %dq, %dw, %zero {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %div = qc.div %c, %bnScale : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %add = qc.add %div, %bias : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %bn = qc.batch_normalization %add, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %r = qc.relu %bn : tensor<1x2x2x2xf32>
  %qy = qc.quantize_linear %r, %os, %z {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1xf32>, tensor<1xui8>) -> tensor<1x2x2x2xui8>
  %qyc = qc.clip %qy max %max : (tensor<1x2x2x2xui8>, tensor<ui8>) -> tensor<1x2x2x2xui8>
  %y = qc.dequantize_linear %qyc, %os, %z {axis = 1 : i64} : (tensor<1x2x2x2xui8>, tensor<1xf32>, tensor<1xui8>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// A Mul by a scalar folds like the Div (weight scale 0.25 * 2); a Sub of a
// tensor<2xf32> broadcasts along the width, not the channels, and stays.
// CHECK-LABEL: func.func @conv_mul_sub
// CHECK:       %[[WQ:.*]] = qc.storage_cast %{{.*}} -> tensor<2x1x1x1x!quant.uniform<i8:f32:0, {5.000000e-01,5.000000e-01}>>
// CHECK:       %[[C:.*]] = qc.conv %{{.*}}, %{{.*}}, %{{.*}}
// CHECK-NOT:   qc.mul
// CHECK:       qc.sub %[[C]]
func.func @conv_mul_sub(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %s = qc.constant dense<0.5> : tensor<f32>
  %z = qc.constant dense<0> : tensor<i8>
  %ws = qc.constant dense<0.25> : tensor<f32>
  %w = qc.constant dense<[[[[3]]], [[[-4]]]]> : tensor<2x1x1x1xi8>
  %two = qc.constant dense<2.0> : tensor<f32>
  %perWidth = qc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %q = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x1x2x2xi8>
  %dq = qc.dequantize_linear %q, %s, %z {axis = 1 : i64} : (tensor<1x1x2x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x1x2x2xf32>
  %dw = qc.dequantize_linear %w, %ws {axis = 0 : i64} : (tensor<2x1x1x1xi8>, tensor<f32>) -> tensor<2x1x1x1xf32>
  %c = qc.conv %dq, %dw {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %m = qc.mul %c, %two : (tensor<1x2x2x2xf32>, tensor<f32>) -> tensor<1x2x2x2xf32>
  %sub = qc.sub %m, %perWidth : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %qy = qc.quantize_linear %sub, %s, %z {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x2x2x2xi8>
  %y = qc.dequantize_linear %qy, %s, %z {axis = 1 : i64} : (tensor<1x2x2x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// PyTorch puts no QuantizeLinear after MaxPool and Flatten: they run on the
// codes, the dequantize moves after them, and the Gemm reading them is
// integer.
// CHECK-LABEL: func.func @dequantize_before_max_pool_flatten
// CHECK:       %[[X:.*]] = qc.quantize %{{.*}} -> tensor<1x1x2x2x!quant.uniform<u8:f32, 5.000000e-01>>
// CHECK:       %[[MP:.*]] = qc.max_pool %[[X]] {{.*}} -> tensor<1x1x1x1x!quant.uniform<u8:f32, 5.000000e-01>>
// CHECK:       %[[F:.*]] = qc.flatten %[[MP]] {{.*}} -> tensor<1x1x!quant.uniform<u8:f32, 5.000000e-01>>
// CHECK:       qc.quantized_matmul %[[F]]
// CHECK-NOT:   qc.gemm
func.func @dequantize_before_max_pool_flatten(%x: tensor<1x1x2x2xf32>) -> tensor<1x2xf32> {
  %s = qc.constant dense<0.5> : tensor<f32>
  %z = qc.constant dense<0> : tensor<ui8>
  %ws = qc.constant dense<0.25> : tensor<f32>
  %w = qc.constant dense<[[3], [-4]]> : tensor<2x1xi8>
  %q = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x1x2x2xui8>
  %dq = qc.dequantize_linear %q, %s, %z {axis = 1 : i64} : (tensor<1x1x2x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x1x2x2xf32>
  %mp = qc.max_pool %dq {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  %f = qc.flatten %mp {axis = 1 : i64} : (tensor<1x1x1x1xf32>) -> tensor<1x1xf32>
  %dw = qc.dequantize_linear %w, %ws {axis = 1 : i64} : (tensor<2x1xi8>, tensor<f32>) -> tensor<2x1xf32>
  %g = qc.gemm %f, %dw {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x1xf32>, tensor<2x1xf32>) -> tensor<1x2xf32>
  %qy = qc.quantize_linear %g, %s, %z {axis = 1 : i64} : (tensor<1x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2xui8>
  %y = qc.dequantize_linear %qy, %s, %z {axis = 1 : i64} : (tensor<1x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
