// RUN: quantc-opt %s --convert-qc-to-runtime --split-input-file -verify-diagnostics

// Packed weights must hold the bytes their layout's kernel reads: a Winograd
// layout on a stride-2 convolution (which it does not fit: 0 bytes) and a
// GEMM's B packed for the wrong orientation are errors, not kernels reading
// past the data.
func.func @winograd_layout_on_stride_2(%x: tensor<1x32x6x6xui8>, %w: tensor<32x32x3x3xi8>, %b: tensor<32xi32>) -> tensor<1x32x3x3xi32> {
  // expected-error @+1 {{has 4 bytes of packed_weights, but layout "conv2d_s8_winograd" needs 0 for this op}}
  %acc = qc.conv_int32 %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 128 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, weight_layout = "conv2d_s8_winograd", packed_weights = dense<0> : tensor<4xi8>} : (tensor<1x32x6x6xui8>, tensor<32x32x3x3xi8>, tensor<32xi32>) -> tensor<1x32x3x3xi32>
  return %acc : tensor<1x32x3x3xi32>
}

// -----

// B is N x K = 20 x 4 (transpose_rhs): two panels of 16 column sums and
// 4 rows of 16 codes, 256 bytes (as K x N = 4 x 20 it would be 384).
func.func @gemm_layout_truncated(%a: tensor<3x4xi8>, %w: tensor<20x4xi8>, %b: tensor<20xi32>) -> tensor<3x20xi32> {
  // expected-error @+1 {{has 384 bytes of packed_weights, but layout "gemm_s8" needs 256 for this op}}
  %acc = qc.matmul_int32 %a, %w, %b {transpose_rhs = true, weight_layout = "gemm_s8", packed_weights = dense<0> : tensor<384xi8>} : (tensor<3x4xi8>, tensor<20x4xi8>, tensor<20xi32>) -> tensor<3x20xi32>
  return %acc : tensor<3x20xi32>
}
