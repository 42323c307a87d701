// RUN: quantc-opt %s --split-input-file --qc-pack-weights | FileCheck %s
// RUN: quantc-opt %s --split-input-file --qc-pack-weights=target=aarch64 | FileCheck %s --check-prefix=AARCH64
// RUN: quantc-opt %s --split-input-file --qc-pack-weights=winograd=false | FileCheck %s --check-prefix=NOWINOGRAD

// A 3x3 stride-1 convolution with 32 input and output channels: on x86-64
// the Winograd layout, named only: its packed weights are 3.6 times the int8
// ones, and the generated code packs them on the model's first run; on
// AArch64, or without Winograd, the im2col GEMM's packed B: per panel 16
// int32 column sums and K = 288 rows of 16 codes (2 * (64 + 288 * 16) = 9344
// bytes). The unpacked weights stay.
// CHECK-LABEL: func.func @conv_3x3_32_channels
// CHECK:         qc.conv_int32
// CHECK-NOT:       packed_weights
// CHECK-SAME:      weight_layout = "conv2d_s8_winograd"
// AARCH64-LABEL: func.func @conv_3x3_32_channels
// AARCH64:         packed_weights = dense_resource<packed_conv2d_s8> : tensor<9344xi8>{{.*}}weight_layout = "conv2d_s8"
// NOWINOGRAD-LABEL: func.func @conv_3x3_32_channels
// NOWINOGRAD:         weight_layout = "conv2d_s8"
func.func @conv_3x3_32_channels(%x: tensor<1x32x6x6xui8>, %b: tensor<32xi32>) -> tensor<1x32x6x6xi32> {
  %w = qc.constant dense<3> : tensor<32x32x3x3xi8>
  %acc = qc.conv_int32 %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 128 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x32x6x6xui8>, tensor<32x32x3x3xi8>, tensor<32xi32>) -> tensor<1x32x6x6xi32>
  return %acc : tensor<1x32x6x6xi32>
}

// -----

// Winograd does not apply: 16 input channels, stride 2, a 1x1 kernel.
// CHECK-LABEL: func.func @conv_not_winograd
// CHECK-COUNT-3: weight_layout = "conv2d_s8"
// CHECK-NOT:     conv2d_s8_winograd
func.func @conv_not_winograd(%x: tensor<1x16x6x6xui8>, %y: tensor<1x32x6x6xui8>, %b: tensor<32xi32>) -> (tensor<1x32x6x6xi32>, tensor<1x32x3x3xi32>, tensor<1x32x6x6xi32>) {
  %w16 = qc.constant dense<3> : tensor<32x16x3x3xi8>
  %a = qc.conv_int32 %x, %w16, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 128 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x16x6x6xui8>, tensor<32x16x3x3xi8>, tensor<32xi32>) -> tensor<1x32x6x6xi32>
  %w32 = qc.constant dense<3> : tensor<32x32x3x3xi8>
  %c = qc.conv_int32 %y, %w32, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 128 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x32x6x6xui8>, tensor<32x32x3x3xi8>, tensor<32xi32>) -> tensor<1x32x3x3xi32>
  %w1 = qc.constant dense<3> : tensor<32x32x1x1xi8>
  %d = qc.conv_int32 %y, %w1, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 128 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x32x6x6xui8>, tensor<32x32x1x1xi8>, tensor<32xi32>) -> tensor<1x32x6x6xi32>
  return %a, %c, %d : tensor<1x32x6x6xi32>, tensor<1x32x3x3xi32>, tensor<1x32x6x6xi32>
}

// -----

// A constant right operand (N x K here) becomes the int8 GEMM's packed B:
// one panel of 16 int32 column sums and K = 4 rows of 16 codes, 128 bytes.
// Weights computed at run time are left for convert-qc-to-runtime.
// CHECK-LABEL: func.func @matmul
// CHECK:         qc.matmul_int32 {{.*}}packed_weights = dense_resource<packed_gemm_s8> : tensor<128xi8>{{.*}}weight_layout = "gemm_s8"
// CHECK:         qc.matmul_int32
// CHECK-NOT:       weight_layout
// CHECK-SAME:      (tensor<3x4xui8>, tensor<2x4xi8>, tensor<2xi32>)
func.func @matmul(%a: tensor<3x4xui8>, %runtime: tensor<2x4xi8>, %b: tensor<2xi32>) -> (tensor<3x2xi32>, tensor<3x2xi32>) {
  %w = qc.constant dense<[[1, 2, 3, 4], [-1, -2, -3, -4]]> : tensor<2x4xi8>
  %0 = qc.matmul_int32 %a, %w, %b {transpose_rhs = true} : (tensor<3x4xui8>, tensor<2x4xi8>, tensor<2xi32>) -> tensor<3x2xi32>
  %1 = qc.matmul_int32 %a, %runtime, %b {transpose_rhs = true} : (tensor<3x4xui8>, tensor<2x4xi8>, tensor<2xi32>) -> tensor<3x2xi32>
  return %0, %1 : tensor<3x2xi32>, tensor<3x2xi32>
}
