// Runs the reference lowering of the integer graph (qc.rescale,
// qc.conv_int32, qc.matmul_int32) and checks it against values worked out by
// hand from the definitions in docs/quantization.md.
//
// RUN: quantc-opt %s --qc-fold-scales --qc-lower-quant-types --convert-qc-to-linalg %{lower-to-llvm} | %{run-main} | FileCheck %s

func.func private @printMemrefI32(%ptr : tensor<*xi32>)

func.func @main() {
  // Rescale by 0.5 (multiplier 2^30, shift 31) onto zero point 10: ties
  // round half up, toward +infinity (1.5 -> 2, -1.5 -> -1, 2.5 -> 3,
  // -2.5 -> -2), and the clamp [0, 255] saturates +-1000.
  // CHECK: [11,{{ +}}10,{{ +}}12,{{ +}}9,{{ +}}13,{{ +}}8,{{ +}}255,{{ +}}0]
  %ties = qc.constant dense<[1, -1, 3, -3, 5, -5, 1000, -1000]> : tensor<8xi32>
  %r0 = qc.rescale %ties {multiplier = array<i32: 1073741824>, shift = array<i32: 31>,
                          output_zero_point = 10, clamp_min = 0, clamp_max = 255}
      : (tensor<8xi32>) -> tensor<8xui8>
  %r0i = qc.cast %r0 : (tensor<8xui8>) -> tensor<8xi32>
  %r0u = tensor.cast %r0i : tensor<8xi32> to tensor<*xi32>
  call @printMemrefI32(%r0u) : (tensor<*xi32>) -> ()

  // Per channel along axis 1: scales 0.5, 1 and 1431655765 * 2^-33 (just
  // under 1/6), clamped to [-5, 127]: 7 * 0.5 = 3.5 -> 4, -7 * 0.5 = -3.5 -> -3,
  // 6 / 6 - epsilon -> 1, -6 / 6 + epsilon -> -1, -7 -> -5 by the clamp.
  // CHECK: [4,{{ +}}7,{{ +}}1]
  // CHECK: [-3,{{ +}}-5,{{ +}}-1]
  %pc = qc.constant dense<[[7, 7, 6], [-7, -7, -6]]> : tensor<2x3xi32>
  %r1 = qc.rescale %pc {axis = 1 : i64, multiplier = array<i32: 1073741824, 1073741824, 1431655765>,
                        shift = array<i32: 31, 30, 33>, clamp_min = -5, clamp_max = 127}
      : (tensor<2x3xi32>) -> tensor<2x3xi8>
  %r1i = qc.cast %r1 : (tensor<2x3xi8>) -> tensor<2x3xi32>
  %r1u = tensor.cast %r1i : tensor<2x3xi32> to tensor<*xi32>
  call @printMemrefI32(%r1u) : (tensor<*xi32>) -> ()

  // uint8 codes with input zero point 128, rescaled by 1 to int8: x - 128.
  // CHECK: [-128,{{ +}}0,{{ +}}127]
  %u8 = qc.constant dense<[0, 128, 255]> : tensor<3xui8>
  %r2 = qc.rescale %u8 {multiplier = array<i32: 1073741824>, shift = array<i32: 30>,
                        input_zero_point = 128, clamp_min = -128, clamp_max = 127}
      : (tensor<3xui8>) -> tensor<3xi8>
  %r2i = qc.cast %r2 : (tensor<3xi8>) -> tensor<3xi32>
  %r2u = tensor.cast %r2i : tensor<3xi32> to tensor<*xi32>
  call @printMemrefI32(%r2u) : (tensor<*xi32>) -> ()

  // A quantized 3x3 conv with pads 1 on uint8 codes, zero point 2 (scale 1):
  //   x - z = [[0, 0, 0], [0, 3, 0], [0, 0, 2]].
  // Channel 0: all-ones kernel (scale 0.5), bias 4 (= 2.0 at s_x * s_w);
  // channel 1: only the centre tap, 2 (scale 0.25), bias 0. Output scale 0.5,
  // zero point 1, after a Relu. In reals, channel 0 is 0.5 * (window sum of
  // x - z) + 2 and channel 1 is 0.5 * (x - z); in output codes 1 + that / 0.5.
  // The window sums of x - z are [[3, 3, 3], [3, 5, 5], [3, 5, 5]], so channel
  // 0 is 1 + 3 + 4 = 8 or 1 + 5 + 4 = 10. Padding must read the zero point:
  // reading 0 would make the border windows 2 smaller per padded tap.
  // CHECK: [8,{{ +}}8,{{ +}}8]
  // CHECK: [8,{{ +}}10,{{ +}}10]
  // CHECK: [8,{{ +}}10,{{ +}}10]
  // CHECK: [1,{{ +}}1,{{ +}}1]
  // CHECK: [1,{{ +}}4,{{ +}}1]
  // CHECK: [1,{{ +}}1,{{ +}}3]
  %xc = qc.constant dense<[[[[2, 2, 2], [2, 5, 2], [2, 2, 4]]]]> : tensor<1x1x3x3xui8>
  %x = qc.storage_cast %xc : tensor<1x1x3x3xui8> -> tensor<1x1x3x3x!quant.uniform<u8:f32, 1.0:2>>
  %wc = qc.constant dense<[[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]], [[[0, 0, 0], [0, 2, 0], [0, 0, 0]]]]> : tensor<2x1x3x3xi8>
  %w = qc.storage_cast %wc : tensor<2x1x3x3xi8> -> tensor<2x1x3x3x!quant.uniform<i8:f32:0, {0.5, 0.25}>>
  %b = qc.constant dense<[4, 0]> : tensor<2xi32>
  %y = qc.quantized_conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
                                     dilations = array<i64: 1, 1>, group = 1 : i64, output_min = 0.0 : f64}
      : (tensor<1x1x3x3x!quant.uniform<u8:f32, 1.0:2>>, tensor<2x1x3x3x!quant.uniform<i8:f32:0, {0.5, 0.25}>>, tensor<2xi32>)
      -> tensor<1x2x3x3x!quant.uniform<u8:f32, 0.5:1>>
  %yc = qc.storage_cast %y : tensor<1x2x3x3x!quant.uniform<u8:f32, 0.5:1>> -> tensor<1x2x3x3xui8>
  %yi = qc.cast %yc : (tensor<1x2x3x3xui8>) -> tensor<1x2x3x3xi32>
  %yu = tensor.cast %yi : tensor<1x2x3x3xi32> to tensor<*xi32>
  call @printMemrefI32(%yu) : (tensor<*xi32>) -> ()

  // A quantized Gemm (transB): int8 lhs with zero point -1, weights per
  // column (scales 1 and 0.5), output scale 1, zero point 0, clamped by a
  // Clip to [-2, 6]. Rows of a - z: [1, 2], [-3, 4]; b's rows (columns of
  // op(b)) [1, 1] and [2, -2]. Column 0: 1 * (a0 + a1) = 3, 1; column 1:
  // 0.5 * (2 a0 - 2 a1) = -1, -7 -> -2.
  // CHECK: [3,{{ +}}-1]
  // CHECK: [1,{{ +}}-2]
  %ac = qc.constant dense<[[0, 1], [-4, 3]]> : tensor<2x2xi8>
  %a = qc.storage_cast %ac : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8:f32, 1.0:-1>>
  %bc = qc.constant dense<[[1, 1], [2, -2]]> : tensor<2x2xi8>
  %bq = qc.storage_cast %bc : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8:f32:0, {1.0, 0.5}>>
  %g = qc.quantized_matmul %a, %bq {transpose_rhs = true, output_min = -2.0 : f64, output_max = 6.0 : f64}
      : (tensor<2x2x!quant.uniform<i8:f32, 1.0:-1>>, tensor<2x2x!quant.uniform<i8:f32:0, {1.0, 0.5}>>)
      -> tensor<2x2x!quant.uniform<i8:f32, 1.0>>
  %gc = qc.storage_cast %g : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xi8>
  %gi = qc.cast %gc : (tensor<2x2xi8>) -> tensor<2x2xi32>
  %gu = tensor.cast %gi : tensor<2x2xi32> to tensor<*xi32>
  call @printMemrefI32(%gu) : (tensor<*xi32>) -> ()
  return
}
