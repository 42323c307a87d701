// RUN: quantc-opt %s --split-input-file --verify-diagnostics

// One case per verifier message of the qc ops and of #qc.quantizer.

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

func.func @dynamic_shape(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{operand #0 must be statically shaped tensor}}
  %0 = qc.relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// A !quant type counts as 8-bit only with 8-bit storage.
func.func @qlinear_matmul_i16_storage(%a: tensor<2x3x!quant.uniform<i16:f32, 0.5>>, %b: tensor<3x4xi8>,
                                      %s: tensor<f32>, %z: tensor<i8>) -> tensor<2x4xi8> {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 8-bit signless integer or 8-bit unsigned integer or 8-bit signed integer or quantized type with 8-bit storage values}}
  %0 = qc.qlinear_matmul %a, %s, %z, %b, %s, %z, %s, %z
      : (tensor<2x3x!quant.uniform<i16:f32, 0.5>>, tensor<f32>, tensor<i8>, tensor<3x4xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<i8>)
      -> tensor<2x4xi8>
  return %0 : tensor<2x4xi8>
}

// -----

func.func @conv_integer_i4_storage(%x: tensor<1x1x3x3x!quant.uniform<i4:f32, 0.5>>, %w: tensor<1x1x1x1xi8>) -> tensor<1x1x3x3xi32> {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 8-bit signless integer or 8-bit unsigned integer or 8-bit signed integer or quantized type with 8-bit storage values}}
  %0 = qc.conv_integer %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x3x3x!quant.uniform<i4:f32, 0.5>>, tensor<1x1x1x1xi8>) -> tensor<1x1x3x3xi32>
  return %0 : tensor<1x1x3x3xi32>
}

// -----

func.func @fake_quant_type_mismatch(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xf16> {
  // expected-error @+1 {{all of {input, output} have same type}}
  %0 = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = affine, bits = 8>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

// -----

func.func @binary_element_types(%a: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.add %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The slope broadcasts to the input, never the input to the slope.
func.func @prelu_slope_broadcasts_input(%x: tensor<1x4xf32>, %slope: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{the slope must broadcast to the input's shape}}
  %0 = qc.prelu %x, %slope : (tensor<1x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @clip_bound_not_scalar(%x: tensor<4xf32>, %lo: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{min and max must be scalars}}
  %0 = qc.clip %x min %lo : (tensor<4xf32>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_bound_element_type(%x: tensor<4xf32>, %hi: tensor<f16>) -> tensor<4xf32> {
  // expected-error @+1 {{min and max must have the input's element type}}
  %0 = qc.clip %x max %hi : (tensor<4xf32>, tensor<f16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_result_type(%x: tensor<4xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{result type must match the input type}}
  %0 = qc.clip %x : (tensor<4xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

// -----

func.func @conv_element_types(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x1x1xf16>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf16>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

func.func @conv_ranks_differ(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x1xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{input and weight ranks differ}}
  %0 = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x3x3xf32>, tensor<1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

func.func @conv_no_spatial_dims(%x: tensor<1x4xf32>, %w: tensor<2x4xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{needs an input of rank at least 3 (N x C x spatial...)}}
  %0 = qc.conv %x, %w {strides = array<i64>, pads = array<i64>, dilations = array<i64>, group = 1 : i64}
      : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

func.func @conv_strides_size(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{strides has 1 entries, expected 2}}
  %0 = qc.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

func.func @conv_pads_size(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{pads has 2 entries, expected 4}}
  %0 = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

func.func @conv_dilations_size(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{dilations has 3 entries, expected 2}}
  %0 = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1, 1>, group = 1 : i64}
      : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

func.func @conv_zero_stride(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{strides, dilations and kernel sizes must be positive}}
  %0 = qc.conv %x, %w {strides = array<i64: 1, 0>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

func.func @conv_negative_pad(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x3xf32> {
  // expected-error @+1 {{pads must be non-negative}}
  %0 = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: -1, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x3xf32>
  return %0 : tensor<1x1x2x3xf32>
}

// -----

func.func @conv_group(%x: tensor<1x4x3x3xf32>, %w: tensor<6x1x1x1xf32>) -> tensor<1x6x3x3xf32> {
  // expected-error @+1 {{group 3 must divide the input channels (4) and the output channels (6)}}
  %0 = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 3 : i64}
      : (tensor<1x4x3x3xf32>, tensor<6x1x1x1xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

func.func @conv_weight_channels(%x: tensor<1x4x3x3xf32>, %w: tensor<6x4x1x1xf32>) -> tensor<1x6x3x3xf32> {
  // expected-error @+1 {{weight has 4 input channels per group, expected 2}}
  %0 = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64}
      : (tensor<1x4x3x3xf32>, tensor<6x4x1x1xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

func.func @conv_bias(%x: tensor<1x1x3x3xf32>, %w: tensor<2x1x1x1xf32>, %b: tensor<3xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+1 {{bias must be 1-D with 2 elements}}
  %0 = qc.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @conv_window_too_large(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32> {
  // A dilation of 3 spreads 2 taps over 4 elements.
  // expected-error @+1 {{window does not fit spatial dimension 0 of size 3}}
  %0 = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 3, 1>, group = 1 : i64}
      : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// -----

func.func @conv_result_shape(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{result shape [1, 1, 4, 4] does not match the expected shape [1, 1, 2, 2]}}
  %0 = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @qlinear_conv_result_shape(%x: tensor<1x1x4x4xi8>, %w: tensor<1x1x3x3xi8>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<1x1x4x4xi8> {
  // expected-error @+1 {{result shape [1, 1, 4, 4] does not match the expected shape [1, 1, 2, 2]}}
  %0 = qc.qlinear_conv %x, %s, %z, %w, %s, %z, %s, %z
      {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x4x4xi8>, tensor<f32>, tensor<i8>, tensor<1x1x3x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<i8>)
      -> tensor<1x1x4x4xi8>
  return %0 : tensor<1x1x4x4xi8>
}

// -----

func.func @conv_integer_group(%x: tensor<1x3x4x4xui8>, %w: tensor<2x3x1x1xi8>) -> tensor<1x2x4x4xi32> {
  // expected-error @+1 {{group 2 must divide the input channels (3) and the output channels (2)}}
  %0 = qc.conv_integer %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64}
      : (tensor<1x3x4x4xui8>, tensor<2x3x1x1xi8>) -> tensor<1x2x4x4xi32>
  return %0 : tensor<1x2x4x4xi32>
}

// -----

func.func @conv_transpose_ranks_differ(%x: tensor<1x2x3x3xf32>, %w: tensor<2x3x3xf32>) -> tensor<1x3x5x5xf32> {
  // expected-error @+1 {{input and weight ranks differ}}
  %0 = qc.conv_transpose %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
                                 output_padding = array<i64: 0, 0>, group = 1 : i64}
      : (tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) -> tensor<1x3x5x5xf32>
  return %0 : tensor<1x3x5x5xf32>
}

// -----

func.func @conv_transpose_element_types(%x: tensor<1x2x3x3xf16>, %w: tensor<2x3x3x3xf32>) -> tensor<1x3x5x5xf32> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.conv_transpose %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
                                 output_padding = array<i64: 0, 0>, group = 1 : i64}
      : (tensor<1x2x3x3xf16>, tensor<2x3x3x3xf32>) -> tensor<1x3x5x5xf32>
  return %0 : tensor<1x3x5x5xf32>
}

// -----

func.func @conv_transpose_output_padding(%x: tensor<1x2x3x3xf32>, %w: tensor<2x3x3x3xf32>) -> tensor<1x3x5x5xf32> {
  // expected-error @+1 {{output_padding has 1 entries, expected 2}}
  %0 = qc.conv_transpose %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
                                 output_padding = array<i64: 0>, group = 1 : i64}
      : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>) -> tensor<1x3x5x5xf32>
  return %0 : tensor<1x3x5x5xf32>
}

// -----

func.func @conv_transpose_weight(%x: tensor<1x2x3x3xf32>, %w: tensor<3x3x3x3xf32>) -> tensor<1x3x5x5xf32> {
  // expected-error @+1 {{weight must have 2 input channels and group must divide them}}
  %0 = qc.conv_transpose %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
                                 output_padding = array<i64: 0, 0>, group = 1 : i64}
      : (tensor<1x2x3x3xf32>, tensor<3x3x3x3xf32>) -> tensor<1x3x5x5xf32>
  return %0 : tensor<1x3x5x5xf32>
}

// -----

func.func @conv_transpose_bias(%x: tensor<1x2x3x3xf32>, %w: tensor<2x3x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x6x5x5xf32> {
  // Two groups of 3 output channels each.
  // expected-error @+1 {{bias must be 1-D with 6 elements}}
  %0 = qc.conv_transpose %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
                                     output_padding = array<i64: 0, 0>, group = 2 : i64}
      : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>) -> tensor<1x6x5x5xf32>
  return %0 : tensor<1x6x5x5xf32>
}

// -----

func.func @conv_transpose_empty(%x: tensor<1x2x1x1xf32>, %w: tensor<2x3x1x1xf32>) -> tensor<1x3x1x1xf32> {
  // expected-error @+1 {{spatial dimension 0 would be empty}}
  %0 = qc.conv_transpose %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 0>, dilations = array<i64: 1, 1>,
                                 output_padding = array<i64: 0, 0>, group = 1 : i64}
      : (tensor<1x2x1x1xf32>, tensor<2x3x1x1xf32>) -> tensor<1x3x1x1xf32>
  return %0 : tensor<1x3x1x1xf32>
}

// -----

func.func @conv_transpose_result_shape(%x: tensor<1x2x3x3xf32>, %w: tensor<2x3x3x3xf32>) -> tensor<1x3x6x6xf32> {
  // expected-error @+1 {{result shape [1, 3, 6, 6] does not match the expected shape [1, 3, 5, 5]}}
  %0 = qc.conv_transpose %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
                                 output_padding = array<i64: 0, 0>, group = 1 : i64}
      : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>) -> tensor<1x3x6x6xf32>
  return %0 : tensor<1x3x6x6xf32>
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// -----

func.func @max_pool_element_type(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xi8> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
                       dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xi8>
  return %0 : tensor<1x1x2x2xi8>
}

// -----

func.func @max_pool_rank(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{needs an input of rank at least 3 (N x C x spatial...)}}
  %0 = qc.max_pool %x {kernel_shape = array<i64>, strides = array<i64>, pads = array<i64>,
                       dilations = array<i64>, ceil_mode = false} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @max_pool_kernel_shape(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+1 {{kernel_shape has 1 entries, expected 2}}
  %0 = qc.max_pool %x {kernel_shape = array<i64: 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
                       dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @max_pool_zero_kernel(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+1 {{strides, dilations and kernel sizes must be positive}}
  %0 = qc.max_pool %x {kernel_shape = array<i64: 0, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
                       dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @max_pool_pads_not_smaller_than_kernel(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x3xf32> {
  // expected-error @+1 {{pads must be smaller than the kernel}}
  %0 = qc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 2, 0>,
                       dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x3xf32>
  return %0 : tensor<1x1x4x3xf32>
}

// -----

func.func @max_pool_ceil_mode(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x2x2xf32> {
  // ceil_mode keeps the partial last window.
  // expected-error @+1 {{result shape [1, 1, 2, 2] does not match the expected shape [1, 1, 3, 3]}}
  %0 = qc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
                       dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x1x5x5xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @average_pool_window_too_large(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32> {
  // expected-error @+1 {{window does not fit spatial dimension 1 of size 2}}
  %0 = qc.average_pool %x {kernel_shape = array<i64: 2, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           ceil_mode = false, count_include_pad = false} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// -----

func.func @global_average_pool_rank(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{needs an input of rank at least 3 (N x C x spatial...)}}
  %0 = qc.global_average_pool %x : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @global_max_pool_result_shape(%x: tensor<1x3x4x4xf32>) -> tensor<1x3xf32> {
  // expected-error @+1 {{result shape [1, 3] does not match the expected shape [1, 3, 1, 1]}}
  %0 = qc.global_max_pool %x : (tensor<1x3x4x4xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

func.func @global_average_pool_element_type(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x1x1xf16> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.global_average_pool %x : (tensor<1x3x4x4xf32>) -> tensor<1x3x1x1xf16>
  return %0 : tensor<1x3x1x1xf16>
}

//===----------------------------------------------------------------------===//
// Matrix multiplication
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_inner_dims(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{operand shapes are not compatible for matmul}}
  %0 = qc.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @matmul_batch_dims(%a: tensor<2x2x3xf32>, %b: tensor<3x3x5xf32>) -> tensor<2x2x5xf32> {
  // expected-error @+1 {{operand shapes are not compatible for matmul}}
  %0 = qc.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x3x5xf32>) -> tensor<2x2x5xf32>
  return %0 : tensor<2x2x5xf32>
}

// -----

func.func @matmul_element_types(%a: tensor<2x3xf32>, %b: tensor<3x5xbf16>) -> tensor<2x5xf32> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.matmul %a, %b : (tensor<2x3xf32>, tensor<3x5xbf16>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @matmul_integer_result_shape(%a: tensor<2x3xi8>, %b: tensor<3x5xi8>) -> tensor<2x3xi32> {
  // expected-error @+1 {{result shape [2, 3] does not match the expected shape [2, 5]}}
  %0 = qc.matmul_integer %a, %b : (tensor<2x3xi8>, tensor<3x5xi8>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @qlinear_matmul_shapes(%a: tensor<2x3xi8>, %b: tensor<4x5xi8>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<2x5xi8> {
  // expected-error @+1 {{operand shapes are not compatible for matmul}}
  %0 = qc.qlinear_matmul %a, %s, %z, %b, %s, %z, %s, %z
      : (tensor<2x3xi8>, tensor<f32>, tensor<i8>, tensor<4x5xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<i8>) -> tensor<2x5xi8>
  return %0 : tensor<2x5xi8>
}

// -----

func.func @gemm_rank(%a: tensor<2x3x1xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{A and B must be 2-D}}
  %0 = qc.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false}
      : (tensor<2x3x1xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @gemm_inner_dims(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x3xf32> {
  // trans_b makes op(B) 4x3.
  // expected-error @+1 {{inner dimensions differ: 3 vs 4}}
  %0 = qc.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true}
      : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gemm_c_broadcast(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<2x1x4xf32>) -> tensor<2x4xf32> {
  // C broadcasts one way only: to M x N.
  // expected-error @+1 {{C does not broadcast to 2x4}}
  %0 = qc.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false}
      : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @gemm_result_shape(%a: tensor<3x2xf32>, %b: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{result shape [3, 4] does not match the expected shape [2, 4]}}
  %0 = qc.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = true, trans_b = false}
      : (tensor<3x2xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @gemm_element_types(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<4xf16>) -> tensor<2x4xf32> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false}
      : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

// -----

func.func @batch_normalization_rank(%x: tensor<4xf32>, %p: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{needs an input of rank at least 2 (N x C x ...)}}
  %0 = qc.batch_normalization %x, %p, %p, %p, %p {epsilon = 1.0e-5 : f32}
      : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @batch_normalization_params(%x: tensor<1x3x2x2xf32>, %p: tensor<3xf32>, %v: tensor<1x3xf32>) -> tensor<1x3x2x2xf32> {
  // expected-error @+1 {{scale, bias, mean and variance must be 1-D with 3 elements}}
  %0 = qc.batch_normalization %x, %p, %p, %p, %v {epsilon = 1.0e-5 : f32}
      : (tensor<1x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x3xf32>) -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}

// -----

func.func @batch_normalization_result(%x: tensor<1x3x2x2xf32>, %p: tensor<3xf32>) -> tensor<1x3x4xf32> {
  // expected-error @+1 {{result shape [1, 3, 4] does not match the expected shape [1, 3, 2, 2]}}
  %0 = qc.batch_normalization %x, %p, %p, %p, %p {epsilon = 1.0e-5 : f32}
      : (tensor<1x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}

// -----

func.func @batch_normalization_element_type(%x: tensor<1x3x2x2xf32>, %p: tensor<3xf32>) -> tensor<1x3x2x2xf16> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.batch_normalization %x, %p, %p, %p, %p {epsilon = 1.0e-5 : f32}
      : (tensor<1x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x2x2xf16>
  return %0 : tensor<1x3x2x2xf16>
}

// -----

func.func @layer_normalization_axis(%x: tensor<2x4xf32>, %g: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = qc.layer_normalization %x, %g {axis = 2 : i64, epsilon = 1.0e-5 : f32}
      : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @layer_normalization_scale(%x: tensor<2x3x4xf32>, %g: tensor<4xf32>, %b: tensor<2x4xf32>) -> tensor<2x3x4xf32> {
  // The normalized dimensions are 3x4; a 2x4 bias does not broadcast to them.
  // expected-error @+1 {{scale and bias must broadcast to the normalized dimensions}}
  %0 = qc.layer_normalization %x, %g, %b {axis = 1 : i64, epsilon = 1.0e-5 : f32}
      : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<2x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

func.func @layer_normalization_element_types(%x: tensor<2x4xf32>, %g: tensor<4xf16>) -> tensor<2x4xf32> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.layer_normalization %x, %g {axis = 1 : i64, epsilon = 1.0e-5 : f32}
      : (tensor<2x4xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @layer_normalization_result(%x: tensor<2x4xf32>, %g: tensor<4xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{result shape [8] does not match the expected shape [2, 4]}}
  %0 = qc.layer_normalization %x, %g {axis = 1 : i64, epsilon = 1.0e-5 : f32}
      : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @softmax_axis(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // Negative axes are normalized at import.
  // expected-error @+1 {{axis -1 is out of range for rank 2}}
  %0 = qc.softmax %x {axis = -1 : i64} : tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @log_softmax_axis(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = qc.log_softmax %x {axis = 2 : i64} : tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) -> tensor<6x1xf32> {
  // expected-error @+1 {{axis 3 is out of range for rank 2}}
  %0 = qc.flatten %x {axis = 3 : i64} : (tensor<2x3xf32>) -> tensor<6x1xf32>
  return %0 : tensor<6x1xf32>
}

// -----

func.func @flatten_result_shape(%x: tensor<2x3x4xf32>) -> tensor<2x12xf32> {
  // expected-error @+1 {{result shape [2, 12] does not match the expected shape [6, 4]}}
  %0 = qc.flatten %x {axis = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  return %0 : tensor<2x12xf32>
}

// -----

func.func @flatten_element_type(%x: tensor<2x3xf32>) -> tensor<2x3xi32> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.flatten %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @reshape_elements(%x: tensor<2x3xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{cannot reshape 6 elements into 5}}
  %0 = qc.reshape %x : (tensor<2x3xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @reshape_element_type(%x: tensor<2x3xf32>) -> tensor<6xf16> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.reshape %x : (tensor<2x3xf32>) -> tensor<6xf16>
  return %0 : tensor<6xf16>
}

// -----

func.func @transpose_perm_size(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{perm has 3 entries for rank 2}}
  %0 = qc.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @transpose_not_permutation(%x: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{perm must be a permutation of the dimensions}}
  %0 = qc.transpose %x {perm = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @transpose_result_shape(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{result shape [2, 3] does not match the expected shape [3, 2]}}
  %0 = qc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @squeeze_axis_range(%x: tensor<2x1xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = qc.squeeze %x {axes = array<i64: 2>} : (tensor<2x1xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @squeeze_axes_unsorted(%x: tensor<1x2x1xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{axes must be sorted and unique}}
  %0 = qc.squeeze %x {axes = array<i64: 2, 0>} : (tensor<1x2x1xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @squeeze_non_unit(%x: tensor<2x1xf32>) -> tensor<1xf32> {
  // expected-error @+1 {{cannot squeeze dimension 0 of size 2}}
  %0 = qc.squeeze %x {axes = array<i64: 0>} : (tensor<2x1xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

func.func @unsqueeze_axes_repeated(%x: tensor<2xf32>) -> tensor<1x1x2xf32> {
  // expected-error @+1 {{axes must be sorted and unique}}
  %0 = qc.unsqueeze %x {axes = array<i64: 0, 0>} : (tensor<2xf32>) -> tensor<1x1x2xf32>
  return %0 : tensor<1x1x2xf32>
}

// -----

func.func @unsqueeze_axis_range(%x: tensor<2xf32>) -> tensor<2x1xf32> {
  // Axes index the output, which has rank 2.
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = qc.unsqueeze %x {axes = array<i64: 2>} : (tensor<2xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @unsqueeze_result_shape(%x: tensor<2xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{result shape [1, 2] does not match the expected shape [2, 1]}}
  %0 = qc.unsqueeze %x {axes = array<i64: 1>} : (tensor<2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

func.func @concat_no_inputs() -> tensor<0xf32> {
  // expected-error @+1 {{needs at least one input}}
  %0 = "qc.concat"() {axis = 0 : i64} : () -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

func.func @concat_axis(%x: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = qc.concat %x, %x {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concat_element_types(%x: tensor<2x3xf32>, %y: tensor<2x3xi32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.concat %x, %y {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concat_ranks(%x: tensor<2x3xf32>, %y: tensor<2x3x1xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{inputs must have the same rank}}
  %0 = qc.concat %x, %y {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3x1xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concat_other_dims(%x: tensor<2x3xf32>, %y: tensor<3x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{inputs differ in dimension 0}}
  %0 = qc.concat %x, %y {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concat_result_shape(%x: tensor<2x3xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{result shape [2, 5] does not match the expected shape [2, 6]}}
  %0 = qc.concat %x, %x {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @slice_entries(%x: tensor<4x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{starts, ends and steps need one entry per dimension (2)}}
  %0 = qc.slice %x {starts = array<i64: 0>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<4x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{steps must be non-zero}}
  %0 = qc.slice %x {starts = array<i64: 0>, ends = array<i64: 2>, steps = array<i64: 0>} : (tensor<4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @slice_negative_start(%x: tensor<4xf32>) -> tensor<1xf32> {
  // The importer turns ONNX's negative indices into positive ones.
  // expected-error @+1 {{bounds of dimension 0 are not normalized}}
  %0 = qc.slice %x {starts = array<i64: -1>, ends = array<i64: 4>, steps = array<i64: 1>} : (tensor<4xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

func.func @slice_end_past_dim(%x: tensor<4xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{bounds of dimension 0 are not normalized}}
  %0 = qc.slice %x {starts = array<i64: 0>, ends = array<i64: 5>, steps = array<i64: 1>} : (tensor<4xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// Stepping back, the first index read is `start`: it must exist.
func.func @slice_backward_start_past_end(%x: tensor<4xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{bounds of dimension 0 are not normalized}}
  %0 = qc.slice %x {starts = array<i64: 4>, ends = array<i64: -1>, steps = array<i64: -1>} : (tensor<4xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @slice_result_shape(%x: tensor<5xf32>) -> tensor<2xf32> {
  // ceil((5 - 0) / 2) = 3 elements.
  // expected-error @+1 {{result shape [2] does not match the expected shape [3]}}
  %0 = qc.slice %x {starts = array<i64: 0>, ends = array<i64: 5>, steps = array<i64: 2>} : (tensor<5xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_axis(%x: tensor<4x3xf32>, %i: tensor<2xi64>) -> tensor<4x2xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = qc.gather %x, %i {axis = 2 : i64} : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @gather_element_type(%x: tensor<4x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xi64> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.gather %x, %i {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

func.func @gather_result_shape(%x: tensor<4x3xf32>, %i: tensor<2x2xi32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{result shape [4, 3] does not match the expected shape [4, 2, 2]}}
  %0 = qc.gather %x, %i {axis = 1 : i64} : (tensor<4x3xf32>, tensor<2x2xi32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @pad_entries(%x: tensor<2x2xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{pads has 2 entries, expected 4}}
  %0 = qc.pad %x {pads = array<i64: 1, 1>, mode = #qc<pad_mode constant>, value = 0.0 : f64} : (tensor<2x2xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @pad_crop_below_zero(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{pads crop dimension 1 below zero}}
  %0 = qc.pad %x {pads = array<i64: 0, -2, 0, -1>, mode = #qc<pad_mode constant>, value = 0.0 : f64} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @pad_reflect_too_wide(%x: tensor<2x2xf32>) -> tensor<2x6xf32> {
  // Reflection mirrors around the edge element: at most dim - 1 elements.
  // expected-error @+1 {{reflect pads must be smaller than the dimension}}
  %0 = qc.pad %x {pads = array<i64: 0, 2, 0, 2>, mode = #qc<pad_mode reflect>, value = 0.0 : f64} : (tensor<2x2xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @pad_result_shape(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{result shape [2, 2] does not match the expected shape [4, 2]}}
  %0 = qc.pad %x {pads = array<i64: 1, 0, 1, 0>, mode = #qc<pad_mode edge>, value = 0.0 : f64} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @resize_scales_entries(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{scales has 2 entries for rank 4}}
  %0 = qc.resize %x {scales = array<f32: 2.0, 2.0>, mode = #qc<resize_mode nearest>,
                     coordinate_transformation_mode = #qc<coordinate_transform asymmetric>,
                     nearest_mode = #qc<nearest_mode floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false}
      : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_scales_positive(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{scales must be positive}}
  %0 = qc.resize %x {scales = array<f32: 1.0, 0.0, 2.0, 2.0>, mode = #qc<resize_mode nearest>,
                     coordinate_transformation_mode = #qc<coordinate_transform asymmetric>,
                     nearest_mode = #qc<nearest_mode floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false}
      : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_result_rank(%x: tensor<1x1x2x2xf32>) -> tensor<1x16xf32> {
  // expected-error @+1 {{result rank must match the input rank}}
  %0 = qc.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, mode = #qc<resize_mode nearest>,
                     coordinate_transformation_mode = #qc<coordinate_transform asymmetric>,
                     nearest_mode = #qc<nearest_mode floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false}
      : (tensor<1x1x2x2xf32>) -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

func.func @resize_element_type(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xi8> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, mode = #qc<resize_mode linear>,
                     coordinate_transformation_mode = #qc<coordinate_transform half_pixel>,
                     nearest_mode = #qc<nearest_mode floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false}
      : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xi8>
  return %0 : tensor<1x1x4x4xi8>
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_axes_unsorted(%x: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{axes must be sorted and unique}}
  %0 = qc.reduce_sum %x {axes = array<i64: 1, 0>, keepdims = false} : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @reduce_axis_range(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{axis -1 is out of range for rank 2}}
  %0 = qc.reduce_max %x {axes = array<i64: -1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_keepdims(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{result shape [2] does not match the expected shape [2, 1]}}
  %0 = qc.reduce_mean %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_element_type(%x: tensor<2x3xi32>) -> tensor<2xi64> {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = qc.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xi32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

//===----------------------------------------------------------------------===//
// QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear
//===----------------------------------------------------------------------===//

// -----

func.func @quantize_linear_shape(%x: tensor<2x3xf32>, %s: tensor<f32>) -> tensor<6xi8> {
  // expected-error @+1 {{result shape must match the input shape}}
  %0 = qc.quantize_linear %x, %s {axis = 1 : i64} : (tensor<2x3xf32>, tensor<f32>) -> tensor<6xi8>
  return %0 : tensor<6xi8>
}

// -----

func.func @quantize_linear_scale_rank(%x: tensor<2x3xf32>, %s: tensor<2x3xf32>) -> tensor<2x3xi8> {
  // expected-error @+1 {{scale must be a scalar or a 1-D per-axis vector}}
  %0 = qc.quantize_linear %x, %s {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

func.func @quantize_linear_axis(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3xi8> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = qc.quantize_linear %x, %s {axis = 2 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

func.func @quantize_linear_per_axis_size(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3xi8> {
  // expected-error @+1 {{per-axis scale has 3 elements, but dimension 0 has 2}}
  %0 = qc.quantize_linear %x, %s {axis = 0 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

func.func @quantize_linear_zero_point_shape(%x: tensor<2x3xf32>, %s: tensor<3xf32>, %z: tensor<i8>) -> tensor<2x3xi8> {
  // expected-error @+1 {{zero_point must have the shape of scale}}
  %0 = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<i8>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

func.func @quantize_linear_zero_point_type(%x: tensor<2x3xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<2x3xui8> {
  // expected-error @+1 {{zero_point must have the quantized element type}}
  %0 = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<2x3xf32>, tensor<f32>, tensor<i8>) -> tensor<2x3xui8>
  return %0 : tensor<2x3xui8>
}

// -----

func.func @dequantize_linear_shape(%x: tensor<2x3xi8>, %s: tensor<f32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{result shape must match the input shape}}
  %0 = qc.dequantize_linear %x, %s {axis = 1 : i64} : (tensor<2x3xi8>, tensor<f32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @dequantize_linear_zero_point_type(%x: tensor<2x3xi32>, %s: tensor<3xf32>, %z: tensor<3xi8>) -> tensor<2x3xf32> {
  // expected-error @+1 {{zero_point must have the quantized element type}}
  %0 = qc.dequantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<2x3xi32>, tensor<3xf32>, tensor<3xi8>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @dynamic_quantize_linear_shape(%x: tensor<2x3xf32>) -> tensor<6xui8> {
  // expected-error @+1 {{result shape must match the input shape}}
  %0:3 = qc.dynamic_quantize_linear %x : (tensor<2x3xf32>) -> (tensor<6xui8>, tensor<f32>, tensor<ui8>)
  return %0#0 : tensor<6xui8>
}

// -----

func.func @dynamic_quantize_linear_scalars(%x: tensor<2x3xf32>) -> tensor<1xf32> {
  // expected-error @+1 {{scale and zero_point results must be scalars}}
  %0:3 = qc.dynamic_quantize_linear %x : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<1xf32>, tensor<ui8>)
  return %0#1 : tensor<1xf32>
}

//===----------------------------------------------------------------------===//
// FakeQuant
//===----------------------------------------------------------------------===//

// -----

func.func @fake_quant_scale_without_clip(%x: tensor<4xf32>, %a: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{grid unsigned_clipped takes a clip operand and no scale}}
  %0 = qc.fake_quant %x scale %a {spec = #qc.quantizer<grid = unsigned_clipped, bits = 4>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fake_quant_clip_and_scale(%x: tensor<4xf32>, %a: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{grid symmetric_narrow takes a scale operand and no clip}}
  %0 = qc.fake_quant %x scale %a clip %a {spec = #qc.quantizer<grid = symmetric_narrow, bits = 4>}
      : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fake_quant_no_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{grid affine takes a scale operand and no clip}}
  %0 = qc.fake_quant %x {spec = #qc.quantizer<grid = affine, bits = 8>} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fake_quant_zero_point(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i32>) -> tensor<4xf32> {
  // expected-error @+1 {{only the affine grid has a zero point}}
  %0 = qc.fake_quant %x scale %s zero_point %z {spec = #qc.quantizer<grid = power_of_two, bits = 4>}
      : (tensor<4xf32>, tensor<f32>, tensor<i32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fake_quant_axis(%x: tensor<4x2xf32>, %s: tensor<2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = affine, bits = 8, axis = 2>} : (tensor<4x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @fake_quant_group_size(%x: tensor<6x2xf32>, %s: tensor<2xf32>) -> tensor<6x2xf32> {
  // expected-error @+1 {{group_size 4 does not divide the 6 channels}}
  %0 = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = affine, bits = 4, axis = 0, group_size = 4>}
      : (tensor<6x2xf32>, tensor<2xf32>) -> tensor<6x2xf32>
  return %0 : tensor<6x2xf32>
}

// -----

func.func @fake_quant_per_tensor_params(%x: tensor<4x2xf32>, %s: tensor<2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{quantizer parameters must have 1 element (a scalar)}}
  %0 = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = zero_free, bits = 1>} : (tensor<4x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @fake_quant_per_channel_params(%x: tensor<4x2xf32>, %s: tensor<4xf32>, %z: tensor<2xi32>) -> tensor<4x2xf32> {
  // The zero point needs one element per channel, as the scale does.
  // expected-error @+1 {{quantizer parameters must have 4 elements}}
  %0 = qc.fake_quant %x scale %s zero_point %z {spec = #qc.quantizer<grid = affine, bits = 8, axis = 0>}
      : (tensor<4x2xf32>, tensor<4xf32>, tensor<2xi32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @fake_quant_per_group_params(%x: tensor<8x2xf32>, %s: tensor<8xf32>) -> tensor<8x2xf32> {
  // Groups of 4 channels: 2 scales.
  // expected-error @+1 {{quantizer parameters must have 2 elements}}
  %0 = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = symmetric_narrow, bits = 4, axis = 0, group_size = 4>}
      : (tensor<8x2xf32>, tensor<8xf32>) -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

//===----------------------------------------------------------------------===//
// #qc.quantizer
//===----------------------------------------------------------------------===//

// -----

// expected-error @+1 {{bits must be in [1, 16] for grid affine, got 17}}
func.func private @quantizer_too_wide() attributes {spec = #qc.quantizer<grid = affine, bits = 17>}

// -----

// expected-error @+1 {{bits must be in [1, 16] for grid unsigned_clipped, got 0}}
func.func private @quantizer_zero_bits() attributes {spec = #qc.quantizer<grid = unsigned_clipped, bits = 0>}

// -----

// One bit leaves symmetric_narrow the single level 0.
// expected-error @+1 {{bits must be in [2, 16] for grid symmetric_narrow, got 1}}
func.func private @quantizer_narrow_one_bit() attributes {spec = #qc.quantizer<grid = symmetric_narrow, bits = 1>}

// -----

// expected-error @+1 {{axis must be -1 (per tensor) or a dimension, got -2}}
func.func private @quantizer_axis() attributes {spec = #qc.quantizer<grid = affine, bits = 8, axis = -2>}

// -----

// expected-error @+1 {{group_size must be non-negative, got -4}}
func.func private @quantizer_negative_group() attributes {spec = #qc.quantizer<grid = affine, bits = 4, axis = 0, group_size = -4>}

// -----

// expected-error @+1 {{group_size needs a channel axis}}
func.func private @quantizer_group_per_tensor() attributes {spec = #qc.quantizer<grid = affine, bits = 4, group_size = 32>}

// -----

// expected-error @+1 {{the symmetric_narrow grid is signed}}
func.func private @quantizer_unsigned_narrow() attributes {spec = #qc.quantizer<grid = symmetric_narrow, bits = 4, is_signed = false>}

//===----------------------------------------------------------------------===//
// Integer graph
//===----------------------------------------------------------------------===//

// -----

func.func @storage_cast_wrong_storage(%x: tensor<4xi8>) -> tensor<4x!quant.uniform<u8:f32, 0.5>> {
  // expected-error @+1 {{casts between a !quant tensor and its storage type (ui8 for unsigned codes, i8 for signed ones)}}
  %0 = qc.storage_cast %x : tensor<4xi8> -> tensor<4x!quant.uniform<u8:f32, 0.5>>
  return %0 : tensor<4x!quant.uniform<u8:f32, 0.5>>
}

// -----

func.func @quantized_conv_per_axis_input(%x: tensor<1x2x1x1x!quant.uniform<u8:f32:1, {0.5, 0.25}>>,
                                         %w: tensor<1x2x1x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5>> {
  // expected-error @+1 {{activations must be quantized per tensor}}
  %0 = qc.quantized_conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x2x1x1x!quant.uniform<u8:f32:1, {0.5, 0.25}>>, tensor<1x2x1x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5>>
  return %0 : tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5>>
}

// -----

func.func @quantized_conv_asymmetric_weights(%x: tensor<1x2x1x1x!quant.uniform<u8:f32, 0.5>>,
                                             %w: tensor<1x2x1x1x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5>> {
  // expected-error @+1 {{weights must have zero point 0}}
  %0 = qc.quantized_conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x2x1x1x!quant.uniform<u8:f32, 0.5>>, tensor<1x2x1x1x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5>>
  return %0 : tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5>>
}

// -----

func.func @quantized_matmul_weight_axis(%a: tensor<1x2x!quant.uniform<u8:f32, 0.5>>,
                                        %b: tensor<2x3x!quant.uniform<i8:f32:0, {0.5, 0.25}>>) -> tensor<1x3x!quant.uniform<u8:f32, 0.5>> {
  // expected-error @+1 {{weights must be quantized per tensor or along axis 1}}
  %0 = qc.quantized_matmul %a, %b {transpose_rhs = false}
      : (tensor<1x2x!quant.uniform<u8:f32, 0.5>>, tensor<2x3x!quant.uniform<i8:f32:0, {0.5, 0.25}>>) -> tensor<1x3x!quant.uniform<u8:f32, 0.5>>
  return %0 : tensor<1x3x!quant.uniform<u8:f32, 0.5>>
}

// -----

func.func @conv_int32_zero_point_mismatch(%x: tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:7>>, %w: tensor<1x1x1x1xi8>,
                                          %b: tensor<1xi32>) -> tensor<1x1x2x2xi32> {
  // expected-error @+1 {{input_zero_point 8 differs from the type's zero point 7}}
  %0 = qc.conv_int32 %x, %w, %b {input_zero_point = 8 : i64, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:7>>, tensor<1x1x1x1xi8>, tensor<1xi32>) -> tensor<1x1x2x2xi32>
  return %0 : tensor<1x1x2x2xi32>
}

// -----

func.func @rescale_channel_count(%x: tensor<2x3xi32>) -> tensor<2x3xi8> {
  // expected-error @+1 {{has 2 multipliers, expected 3}}
  %0 = qc.rescale %x {axis = 1 : i64, multiplier = array<i32: 1, 2>, shift = array<i32: 1, 2>, clamp_min = -128, clamp_max = 127} : (tensor<2x3xi32>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

func.func @rescale_shift_range(%x: tensor<3xi32>) -> tensor<3xi8> {
  // expected-error @+1 {{shifts must be in [1, 62]}}
  %0 = qc.rescale %x {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, clamp_min = -128, clamp_max = 127} : (tensor<3xi32>) -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

func.func @rescale_clamp_outside_codes(%x: tensor<3xi32>) -> tensor<3xui8> {
  // expected-error @+1 {{clamp [-1, 255] must be a range inside the output codes [0, 255]}}
  %0 = qc.rescale %x {multiplier = array<i32: 1073741824>, shift = array<i32: 30>, clamp_min = -1, clamp_max = 255} : (tensor<3xi32>) -> tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

func.func @rescale_int32_input_zero_point(%x: tensor<3xi32>) -> tensor<3xi8> {
  // expected-error @+1 {{an int32 input has no zero point}}
  %0 = qc.rescale %x {multiplier = array<i32: 1073741824>, shift = array<i32: 30>, input_zero_point = 4, clamp_min = -128, clamp_max = 127} : (tensor<3xi32>) -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

func.func @conv_int32_unknown_weight_layout(%x: tensor<1x1x2x2xui8>, %w: tensor<1x1x1x1xi8>,
                                            %b: tensor<1xi32>) -> tensor<1x1x2x2xi32> {
  // expected-error @+1 {{has unknown weight_layout "conv2d_s8_vnni"}}
  %0 = qc.conv_int32 %x, %w, %b {input_zero_point = 0 : i64, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, weight_layout = "conv2d_s8_vnni", packed_weights = dense<0> : tensor<4xi8>}
      : (tensor<1x1x2x2xui8>, tensor<1x1x1x1xi8>, tensor<1xi32>) -> tensor<1x1x2x2xi32>
  return %0 : tensor<1x1x2x2xi32>
}

// -----

func.func @matmul_int32_packed_without_layout(%a: tensor<1x2xui8>, %w: tensor<2x3xi8>,
                                              %b: tensor<3xi32>) -> tensor<1x3xi32> {
  // expected-error @+1 {{needs a weight_layout for its packed_weights}}
  %0 = qc.matmul_int32 %a, %w, %b {transpose_rhs = false, packed_weights = dense<0> : tensor<4xi8>}
      : (tensor<1x2xui8>, tensor<2x3xi8>, tensor<3xi32>) -> tensor<1x3xi32>
  return %0 : tensor<1x3xi32>
}

// -----

func.func @matmul_int32_packed_not_bytes(%a: tensor<1x2xui8>, %w: tensor<2x3xi8>,
                                         %b: tensor<3xi32>) -> tensor<1x3xi32> {
  // expected-error @+1 {{needs packed_weights as a 1-D i8 tensor}}
  %0 = qc.matmul_int32 %a, %w, %b {transpose_rhs = false, weight_layout = "gemm_s8", packed_weights = dense<0> : tensor<4xi32>}
      : (tensor<1x2xui8>, tensor<2x3xi8>, tensor<3xi32>) -> tensor<1x3xi32>
  return %0 : tensor<1x3xi32>
}
