// RUN: quantc-opt %s --split-input-file --verify-diagnostics --qc-fold-scales | FileCheck %s

!x = !quant.uniform<u8:f32, 0.5:128>
!w = !quant.uniform<i8:f32:0, {0.25, 0.125}>
!y = !quant.uniform<u8:f32, 0.75:3>

// The zero-point correction goes into the bias: channel 0's weights sum to
// 1 - 2 + 3 + 4 = 6, channel 1's to -8, so bias' = [10 - 128 * 6, -5 + 128 * 8].
// Per-channel rescales by s_x s_w / s_y = 1/6 and 1/12 (multiplier
// round(2^31 * 2/3), shifts 33 and 34); the Relu clamps at the zero point 3.
// CHECK-LABEL: func.func @conv
// CHECK-DAG:   %[[B:.*]] = qc.constant dense<[-758, 1019]> : tensor<2xi32>
// CHECK-DAG:   %[[W:.*]] = qc.constant dense<{{.*}}> : tensor<2x1x2x2xi8>
// CHECK:       %[[ACC:.*]] = qc.conv_int32 %{{.*}}, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 128 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
// CHECK-SAME:    -> tensor<1x2x3x3xi32>
// CHECK:       %[[Y:.*]] = qc.rescale %[[ACC]] {axis = 1 : i64, clamp_max = 255 : i64, clamp_min = 3 : i64, multiplier = array<i32: 1431655765, 1431655765>, output_zero_point = 3 : i64, shift = array<i32: 33, 34>}
// CHECK-SAME:    (tensor<1x2x3x3xi32>) -> tensor<1x2x3x3x!quant.uniform<u8:f32, 7.500000e-01:3>>
// CHECK:       return %[[Y]]
func.func @conv(%x: tensor<1x1x2x2x!x>) -> tensor<1x2x3x3x!y> {
  %wc = qc.constant dense<[[[[1, -2], [3, 4]]], [[[-1, -2], [-3, -2]]]]> : tensor<2x1x2x2xi8>
  %w = qc.storage_cast %wc : tensor<2x1x2x2xi8> -> tensor<2x1x2x2x!w>
  %b = qc.constant dense<[10, -5]> : tensor<2xi32>
  %y = qc.quantized_conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, output_min = 0.0 : f64}
      : (tensor<1x1x2x2x!x>, tensor<2x1x2x2x!w>, tensor<2xi32>) -> tensor<1x2x3x3x!y>
  return %y : tensor<1x2x3x3x!y>
}

// -----

// MatMul with per-tensor weights and no bias: the bias is the correction
// alone (-z_a * column sums), one rescale by 0.5 * 0.25 / 0.125 = 1
// (multiplier 2^30, shift 30); a Clip to [-1, 2] clamps at codes
// round(-1 / 0.125) - 4 = -12 and round(2 / 0.125) - 4 = 12.
// CHECK-LABEL: func.func @matmul
// CHECK-DAG:   %[[B:.*]] = qc.constant dense<[-20, 40]> : tensor<2xi32>
// CHECK:       %[[ACC:.*]] = qc.matmul_int32 %{{.*}}, %{{.*}}, %[[B]] {transpose_rhs = false}
// CHECK:       qc.rescale %[[ACC]] {clamp_max = 12 : i64, clamp_min = -12 : i64, multiplier = array<i32: 1073741824>, output_zero_point = -4 : i64, shift = array<i32: 30>}
func.func @matmul(%a: tensor<3x2x!quant.uniform<i8:f32, 0.5:10>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.125:-4>> {
  %wc = qc.constant dense<[[1, -3], [1, -1]]> : tensor<2x2xi8>
  %w = qc.storage_cast %wc : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8:f32, 0.25>>
  %y = qc.quantized_matmul %a, %w {transpose_rhs = false, output_min = -1.0 : f64, output_max = 2.0 : f64}
      : (tensor<3x2x!quant.uniform<i8:f32, 0.5:10>>, tensor<2x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.125:-4>>
  return %y : tensor<3x2x!quant.uniform<i8:f32, 0.125:-4>>
}

// -----

// Add: both inputs to int32 at a common scale 2 * max(s_a, s_b) / 2^20 =
// 2^-20 (ratios 0.5 * 2^20 = 2^19 and 0.25 * 2^20 = 2^18: multiplier 2^30,
// shifts 11 and 12), an int32 add, one rescale to the output by
// 2^-20 / 0.5 = 2^-19 (shift 49).
// CHECK-LABEL: func.func @add
// CHECK:       %[[A:.*]] = qc.rescale %{{.*}} {clamp_max = 2147483647 : i64, clamp_min = -2147483648 : i64, input_zero_point = 1 : i64, multiplier = array<i32: 1073741824>, shift = array<i32: 11>} : (tensor<4x!quant.uniform<u8:f32, 5.000000e-01:1>>) -> tensor<4xi32>
// CHECK:       %[[B:.*]] = qc.rescale %{{.*}} {clamp_max = 2147483647 : i64, clamp_min = -2147483648 : i64, input_zero_point = 2 : i64, multiplier = array<i32: 1073741824>, shift = array<i32: 12>} : (tensor<4x!quant.uniform<u8:f32, 2.500000e-01:2>>) -> tensor<4xi32>
// CHECK:       %[[SUM:.*]] = qc.add %[[A]], %[[B]] : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK:       qc.rescale %[[SUM]] {clamp_max = 255 : i64, clamp_min = 0 : i64, multiplier = array<i32: 1073741824>, output_zero_point = 7 : i64, shift = array<i32: 49>}
func.func @add(%a: tensor<4x!quant.uniform<u8:f32, 0.5:1>>, %b: tensor<4x!quant.uniform<u8:f32, 0.25:2>>) -> tensor<4x!quant.uniform<u8:f32, 0.5:7>> {
  %y = qc.quantized_add %a, %b : (tensor<4x!quant.uniform<u8:f32, 0.5:1>>, tensor<4x!quant.uniform<u8:f32, 0.25:2>>) -> tensor<4x!quant.uniform<u8:f32, 0.5:7>>
  return %y : tensor<4x!quant.uniform<u8:f32, 0.5:7>>
}

// -----

// GlobalAveragePool: x - z_x in int32 (a rescale by 1), summed over the 2x2
// window, rescaled by s_x / (s_y * 4) = 0.5 / (0.25 * 4) = 0.5.
// CHECK-LABEL: func.func @global_average_pool
// CHECK:       %[[C:.*]] = qc.rescale %{{.*}} {{{.*}}input_zero_point = 9 : i64, multiplier = array<i32: 1073741824>, shift = array<i32: 30>}
// CHECK:       %[[S:.*]] = qc.reduce_sum %[[C]] {axes = array<i64: 2, 3>, keepdims = true} : (tensor<1x3x2x2xi32>) -> tensor<1x3x1x1xi32>
// CHECK:       qc.rescale %[[S]] {clamp_max = 255 : i64, clamp_min = 0 : i64, multiplier = array<i32: 1073741824>, output_zero_point = 1 : i64, shift = array<i32: 31>}
func.func @global_average_pool(%x: tensor<1x3x2x2x!quant.uniform<u8:f32, 0.5:9>>) -> tensor<1x3x1x1x!quant.uniform<u8:f32, 0.25:1>> {
  %y = qc.quantized_global_average_pool %x : tensor<1x3x2x2x!quant.uniform<u8:f32, 0.5:9>> -> tensor<1x3x1x1x!quant.uniform<u8:f32, 0.25:1>>
  return %y : tensor<1x3x1x1x!quant.uniform<u8:f32, 0.25:1>>
}

// -----

// A requantization (dequantize -> quantize onto another grid) is one rescale
// by s_in / s_out = 2 from zero point 128 to zero point 0 in int8 codes; onto
// the same grid it is nothing.
// CHECK-LABEL: func.func @requantize
// CHECK-SAME:    (%[[X:.*]]: tensor<4x!quant.uniform<u8:f32, 5.000000e-01:128>>)
// CHECK:       %[[R:.*]] = qc.rescale %[[X]] {clamp_max = 127 : i64, clamp_min = -128 : i64, input_zero_point = 128 : i64, multiplier = array<i32: 1073741824>, shift = array<i32: 29>}
// CHECK-SAME:    -> tensor<4x!quant.uniform<i8:f32, 2.500000e-01>>
// CHECK:       return %[[R]], %[[X]]
func.func @requantize(%x: tensor<4x!quant.uniform<u8:f32, 0.5:128>>) -> (tensor<4x!quant.uniform<i8:f32, 0.25>>, tensor<4x!quant.uniform<u8:f32, 0.5:128>>) {
  %f = qc.dequantize %x : tensor<4x!quant.uniform<u8:f32, 0.5:128>> -> tensor<4xf32>
  %q = qc.quantize %f : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.25>>
  %same = qc.quantize %f : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.5:128>>
  return %q, %same : tensor<4x!quant.uniform<i8:f32, 0.25>>, tensor<4x!quant.uniform<u8:f32, 0.5:128>>
}

// -----

func.func @computed_weights(%x: tensor<1x2x!quant.uniform<u8:f32, 0.5>>, %w: tensor<2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.5>> {
  // expected-error @below {{cannot fold the scales of qc.quantized_matmul: it needs constant int8 weights, an int32 bias that stays in range after the zero-point correction, and rescales in (2^-32, 2^30)}}
  %y = qc.quantized_matmul %x, %w {transpose_rhs = false}
      : (tensor<1x2x!quant.uniform<u8:f32, 0.5>>, tensor<2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.5>>
  return %y : tensor<1x2x!quant.uniform<u8:f32, 0.5>>
}
