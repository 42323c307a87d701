// RUN: quantc-opt %s --convert-qc-to-runtime --split-input-file | FileCheck %s
// RUN: quantc-opt %s --qc-pack-weights --convert-qc-to-runtime --split-input-file | FileCheck %s --check-prefix=PREPACKED

// A 2-D convolution calls qc_conv2d_f32 with a constant descriptor: batch,
// in channels, in H, in W, out channels, out H, out W, groups, kernel H/W,
// strides, dilations and the leading pads. Weights computed at run time (an
// argument here) are packed by the generated code into a scratch buffer of
// qc_conv2d_f32_packed_weights_size floats: 2 groups x 1 panel of 16 output
// channels x K = 18 rows. The trailing Relu is the kernel's epilogue
// (QC_EPILOGUE_RELU = 1); the result is a fresh buffer the kernel writes.
// CHECK-DAG: memref.global "private" constant @__qc_conv2d_desc : memref<16xi64> = dense<[1, 4, 8, 8, 6, 4, 4, 2, 3, 3, 2, 2, 1, 1, 1, 1]>
// CHECK-DAG: func.func private @qc_conv2d_f32_pack_weights(!llvm.ptr, !llvm.ptr, !llvm.ptr)
// CHECK-DAG: func.func private @qc_conv2d_f32(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i32, f32, f32)
// CHECK-LABEL: func.func @conv_relu
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-DAG:     %[[RELU:.*]] = arith.constant 1 : i32
// CHECK-DAG:     %[[XBUF:.*]] = bufferization.to_buffer %[[X]] read_only
// CHECK-DAG:     %[[WBUF:.*]] = bufferization.to_buffer %[[W]] read_only
// CHECK-DAG:     %[[DESC:.*]] = memref.get_global @__qc_conv2d_desc
// CHECK-DAG:     %[[PACKED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<576xf32>
// CHECK:         call @qc_conv2d_f32_pack_weights(
// CHECK-DAG:     %[[BBUF:.*]] = bufferization.to_buffer %[[B]] read_only
// CHECK-DAG:     %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x6x4x4xf32>
// CHECK:         call @qc_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[RELU]], %{{.*}}, %{{.*}})
// CHECK-NOT:     qc.relu
// CHECK:         %[[RESULT:.*]] = bufferization.to_tensor %[[OUT]] restrict writable
// CHECK:         return %[[RESULT]]
func.func @conv_relu(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x4x4xf32> {
  %0 = qc.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
  %1 = qc.relu %0 : tensor<1x6x4x4xf32>
  return %1 : tensor<1x6x4x4xf32>
}

// -----

// A 1-D convolution is the 2-D one with height 1; without bias the bias
// pointer is null. A Clip with constant bounds is a clamp epilogue
// (QC_EPILOGUE_CLAMP = 2, bounds 0 and 6).
// CHECK-DAG: memref.global "private" constant @__qc_conv2d_desc : memref<16xi64> = dense<[2, 3, 1, 10, 5, 1, 8, 1, 1, 3, 1, 1, 1, 1, 0, 0]>
// CHECK-LABEL: func.func @conv1d_clip
// CHECK-DAG:     %[[CLAMP:.*]] = arith.constant 2 : i32
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[SIX:.*]] = arith.constant 6.000000e+00 : f32
// CHECK-DAG:     %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         call @qc_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[NULL]], %{{.*}}, %{{.*}}, %[[CLAMP]], %[[ZERO]], %[[SIX]])
// CHECK-NOT:     qc.clip
func.func @conv1d_clip(%x: tensor<2x3x10xf32>, %w: tensor<5x3x3xf32>) -> tensor<2x5x8xf32> {
  %lo = qc.constant dense<0.0> : tensor<f32>
  %hi = qc.constant dense<6.0> : tensor<f32>
  %0 = qc.conv %x, %w {dilations = array<i64: 1>, group = 1 : i64, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<2x3x10xf32>, tensor<5x3x3xf32>) -> tensor<2x5x8xf32>
  %1 = qc.clip %0 min %lo max %hi : (tensor<2x5x8xf32>, tensor<f32>, tensor<f32>) -> tensor<2x5x8xf32>
  return %1 : tensor<2x5x8xf32>
}

// -----

// Constant weights are packed at compile time, by the runtime's
// qc_conv2d_f32_pack_weights, into a new constant the kernel reads: 1 panel of
// 16 output channels x K = 2 rows.
// CHECK-LABEL: func.func @conv_constant_weights
// CHECK-DAG:     %[[PACKED:.*]] = qc.constant dense_resource<packed_conv_weights> : tensor<32xf32>
// CHECK-DAG:     bufferization.to_buffer %[[PACKED]] read_only
// CHECK-NOT:     call @qc_conv2d_f32_pack_weights
// CHECK:         call @qc_conv2d_f32(
func.func @conv_constant_weights(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %w = qc.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]]]> : tensor<3x2x1x1xf32>
  %0 = qc.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// A Relu is not fused when the convolution has another user.
// CHECK-LABEL: func.func @conv_two_users
// CHECK:         %[[NONE:.*]] = arith.constant 0 : i32
// CHECK:         call @qc_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[NONE]],
// CHECK:         qc.relu
func.func @conv_two_users(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) {
  %0 = qc.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %1 = qc.relu %0 : tensor<1x1x4x4xf32>
  return %0, %1 : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
}

// -----

// 3-D convolutions and f16 ones stay for convert-qc-to-linalg.
// CHECK-LABEL: func.func @not_lowered
// CHECK-NOT:     call
// CHECK:         qc.conv
// CHECK-NOT:     call
// CHECK:         qc.conv
// CHECK-NOT:     call
// CHECK:         return
func.func @not_lowered(%x: tensor<1x1x4x4x4xf32>, %w: tensor<1x1x1x1x1xf32>, %h: tensor<1x1x4x4xf16>, %v: tensor<1x1x1x1xf16>) -> (tensor<1x1x4x4x4xf32>, tensor<1x1x4x4xf16>) {
  %0 = qc.conv %x, %w {dilations = array<i64: 1, 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0, 0, 0>, strides = array<i64: 1, 1, 1>} : (tensor<1x1x4x4x4xf32>, tensor<1x1x1x1x1xf32>) -> tensor<1x1x4x4x4xf32>
  %1 = qc.conv %h, %v {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf16>, tensor<1x1x1x1xf16>) -> tensor<1x1x4x4xf16>
  return %0, %1 : tensor<1x1x4x4x4xf32>, tensor<1x1x4x4xf16>
}

// -----

// Gemm with transB and a row of biases: a constant B is packed at compile
// time into one 16-column panel of K = 3 rows (48 floats; the layout itself
// is the runtime's, tested there), A is read in place with lda = K.
// CHECK-LABEL: func.func @gemm_constant_b
// CHECK-DAG:     %[[PACKED:.*]] = qc.constant dense_resource<packed_b> : tensor<48xf32>
// CHECK-DAG:     %[[M:.*]] = arith.constant 5 : i64
// CHECK-DAG:     %[[N:.*]] = arith.constant 2 : i64
// CHECK-DAG:     %[[K:.*]] = arith.constant 3 : i64
// CHECK-DAG:     bufferization.to_buffer %[[PACKED]] read_only
// CHECK:         call @qc_gemm_f32_call(%[[M]], %[[N]], %[[K]], %{{.*}}, %[[K]], %{{.*}}, %{{.*}}, %{{.*}}, %[[N]], %{{.*}}, %{{.*}}, %{{.*}})
// CHECK-NOT:     qc.gemm
func.func @gemm_constant_b(%a: tensor<5x3xf32>, %c: tensor<2xf32>) -> tensor<5x2xf32> {
  %b = qc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = qc.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<5x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<5x2xf32>
  return %0 : tensor<5x2xf32>
}

// -----

// A B computed at run time is packed by the generated code into a scratch
// buffer before the product. MatMul folds A's batch dimensions into M (2 x 4).
// CHECK-LABEL: func.func @matmul_runtime_b
// CHECK-DAG:     %[[M:.*]] = arith.constant 8 : i64
// CHECK:         %[[PACKED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<48xf32>
// CHECK:         call @qc_gemm_f32_pack_b(
// CHECK:         call @qc_gemm_f32_call(%[[M]],
func.func @matmul_runtime_b(%a: tensor<2x4x3xf32>, %b: tensor<3x5xf32>) -> tensor<2x4x5xf32> {
  %0 = qc.matmul %a, %b : (tensor<2x4x3xf32>, tensor<3x5xf32>) -> tensor<2x4x5xf32>
  return %0 : tensor<2x4x5xf32>
}

// -----

// Forms the kernel does not compute stay: alpha != 1, a full C matrix, a
// batched B.
// CHECK-LABEL: func.func @gemm_not_lowered
// CHECK-NOT:     call
// CHECK:         qc.gemm
// CHECK:         qc.gemm
// CHECK:         qc.matmul
// CHECK-NOT:     call
// CHECK:         return
func.func @gemm_not_lowered(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<2x4xf32>, %x: tensor<2x2x3xf32>, %y: tensor<2x3x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x2x4xf32>) {
  %0 = qc.gemm %a, %b {alpha = 2.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = qc.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %2 = qc.matmul %x, %y : (tensor<2x2x3xf32>, tensor<2x3x4xf32>) -> tensor<2x2x4xf32>
  return %0, %1, %2 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x2x4xf32>
}

// -----

// An 8-bit convolution and the rescale that alone reads its accumulators are
// one qc_conv2d_s8 call: the input zero point (padding), constant weights
// packed at compile time (2 output channels: one panel of 16 columns with its
// 16 int32 column sums, K = 2 * 3 * 3 = 18 rounded up to 20 rows: 64 + 320
// bytes), the corrected bias, per-channel multipliers and shifts, the output
// zero point and clamp, and the flags (uint8 in, uint8 out: 0; every k pair
// of the packed weights fits int16, positive parts summing to at most 128 and
// negative ones to at least -128, even (1, 127): QC_INT8_B_PAIRS_FIT = 8).
// CHECK-DAG: func.func private @qc_conv2d_s8(!llvm.ptr, !llvm.ptr, i32, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i32, i32, i32, i32, i32, !llvm.ptr, !llvm.ptr)
// CHECK-LABEL: func.func @conv_s8_rescale
// CHECK-DAG:     %[[ZX:.*]] = arith.constant 128 : i32
// CHECK-DAG:     %[[PACKED:.*]] = qc.constant dense_resource<packed_conv_weights_s8> : tensor<384xi8>
// CHECK-DAG:     %[[MULT:.*]] = qc.constant dense<1431655765> : tensor<2xi32>
// CHECK-DAG:     %[[SHIFT:.*]] = qc.constant dense<[33, 34]> : tensor<2xi32>
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-DAG:     %[[ZY:.*]] = arith.constant 3 : i32
// CHECK-DAG:     %[[MAX:.*]] = arith.constant 255 : i32
// CHECK-DAG:     %[[FLAGS:.*]] = arith.constant 8 : i32
// CHECK-DAG:     %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x2x4x4xui8>
// CHECK:         call @qc_conv2d_s8(%{{.*}}, %{{.*}}, %[[ZX]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[ONE]], %[[ZY]], %[[ZY]], %[[MAX]], %[[FLAGS]], %{{.*}}, %{{.*}})
// CHECK-NOT:     qc.rescale
// CHECK:         bufferization.to_tensor %[[OUT]]
func.func @conv_s8_rescale(%x: tensor<1x2x4x4xui8>, %b: tensor<2xi32>) -> tensor<1x2x4x4xui8> {
  %w = qc.constant dense<[[[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[-1, -2, -3], [-4, -5, -6], [-7, -8, -9]]], [[[1, 0, 1], [0, 1, 0], [1, 0, 1]], [[127, -127, 0], [0, 0, 0], [1, 1, 1]]]]> : tensor<2x2x3x3xi8>
  %acc = qc.conv_int32 %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 128 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xui8>, tensor<2x2x3x3xi8>, tensor<2xi32>) -> tensor<1x2x4x4xi32>
  %y = qc.rescale %acc {axis = 1 : i64, clamp_max = 255 : i64, clamp_min = 3 : i64, multiplier = array<i32: 1431655765, 1431655765>, output_zero_point = 3 : i64, shift = array<i32: 33, 34>} : (tensor<1x2x4x4xi32>) -> tensor<1x2x4x4xui8>
  return %y : tensor<1x2x4x4xui8>
}

// -----

// Without a rescale the accumulators are the output (QC_INT8_C_INT32 = 4)
// and the epilogue arguments are null or 0; int8 input (QC_INT8_A_SIGNED = 1).
// The k pair (100, 29) sums to more than 128: no QC_INT8_B_PAIRS_FIT.
// CHECK-LABEL: func.func @matmul_s8_int32
// CHECK-DAG:     %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-DAG:     %[[FLAGS:.*]] = arith.constant 5 : i32
// CHECK-DAG:     %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<3x2xi32>
// CHECK:         call @qc_gemm_s8(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[NULL]], %[[NULL]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[FLAGS]], %{{.*}}, %{{.*}})
func.func @matmul_s8_int32(%a: tensor<3x4xi8>, %b: tensor<2xi32>) -> tensor<3x2xi32> {
  %w = qc.constant dense<[[100, 29, 3, 4], [-1, -2, -3, -4]]> : tensor<2x4xi8>
  %acc = qc.matmul_int32 %a, %w, %b {transpose_rhs = true} : (tensor<3x4xi8>, tensor<2x4xi8>, tensor<2xi32>) -> tensor<3x2xi32>
  return %acc : tensor<3x2xi32>
}

// -----

// A per-tensor rescale to int8 (QC_INT8_C_SIGNED = 2) from uint8 codes; the
// right operand computed at run time is packed by qc_gemm_s8_pack_b.
// CHECK-LABEL: func.func @matmul_s8_rescale_runtime_b
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG:     %[[FLAGS:.*]] = arith.constant 2 : i32
// CHECK:         call @qc_gemm_s8_pack_b(
// CHECK:         call @qc_gemm_s8(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[ZERO]], %{{.*}}, %{{.*}}, %{{.*}}, %[[FLAGS]], %{{.*}}, %{{.*}})
func.func @matmul_s8_rescale_runtime_b(%a: tensor<3x4xui8>, %w: tensor<4x2xi8>, %b: tensor<2xi32>) -> tensor<3x2xi8> {
  %acc = qc.matmul_int32 %a, %w, %b {transpose_rhs = false} : (tensor<3x4xui8>, tensor<4x2xi8>, tensor<2xi32>) -> tensor<3x2xi32>
  %y = qc.rescale %acc {clamp_max = 127 : i64, clamp_min = -128 : i64, multiplier = array<i32: 1073741824>, output_zero_point = -4 : i64, shift = array<i32: 30>} : (tensor<3x2xi32>) -> tensor<3x2xi8>
  return %y : tensor<3x2xi8>
}

// -----

// A rescale per channel along another axis than the kernel's output
// channels stays for the linalg lowering.
// CHECK-LABEL: func.func @matmul_s8_rescale_other_axis
// CHECK-NOT:     call @qc_gemm_s8(
// CHECK:         qc.matmul_int32
// CHECK:         qc.rescale
func.func @matmul_s8_rescale_other_axis(%a: tensor<3x4xui8>, %w: tensor<4x2xi8>, %b: tensor<2xi32>) -> tensor<3x2xui8> {
  %acc = qc.matmul_int32 %a, %w, %b {transpose_rhs = false} : (tensor<3x4xui8>, tensor<4x2xi8>, tensor<2xi32>) -> tensor<3x2xi32>
  %y = qc.rescale %acc {axis = 0 : i64, clamp_max = 255 : i64, clamp_min = 0 : i64, multiplier = array<i32: 1073741824, 1073741824, 1073741824>, output_zero_point = 0 : i64, shift = array<i32: 30, 30, 30>} : (tensor<3x2xi32>) -> tensor<3x2xui8>
  return %y : tensor<3x2xui8>
}

// -----

// A 3x3 stride-1 convolution with 32 input and output channels calls the
// im2col kernel when convert-qc-to-runtime packs its weights itself, and the
// Winograd kernel when qc-pack-weights chose that layout. Its packed weights
// (32896 bytes, 3.6 times the int8 ones) are not a constant: the generated
// code packs the int8 constant once, on the model's first run, into a
// zero-filled private buffer (no bytes in the file), guarded by a private
// flag. The scratch: one image's transformed tiles, 16 positions x 9 tiles
// rounded up to 12 for the micro-panels of 6 x 32 channels x 2 bytes = 12288.
// CHECK-LABEL: func.func @conv_s8_3x3_32_channels
// CHECK:         call @qc_conv2d_s8(
// PREPACKED-DAG: memref.global "private" @[[ONCE:packed_conv_weights_s8_once]] : memref<1xi32> = dense<0>
// PREPACKED-DAG: memref.global "private" @[[PACKED:packed_conv_weights_s8]] : memref<32896xi8> = uninitialized {alignment = 64 : i64}
// PREPACKED-LABEL: func.func @conv_s8_3x3_32_channels
// PREPACKED-DAG:     %[[W:.*]] = qc.constant dense<3> : tensor<32x32x3x3xi8>
// PREPACKED-DAG:     memref.get_global @[[ONCE]]
// PREPACKED-DAG:     memref.get_global @[[PACKED]]
// PREPACKED-DAG:     bufferization.to_buffer %[[W]]
// PREPACKED:         call @qc_conv2d_s8_winograd_pack_weights_once(
// PREPACKED:         memref.alloc() {alignment = 64 : i64} : memref<12288xi8>
// PREPACKED:         call @qc_conv2d_s8_winograd(
// PREPACKED-NOT:     call @qc_conv2d_s8(
func.func @conv_s8_3x3_32_channels(%x: tensor<1x32x6x6xui8>, %b: tensor<32xi32>) -> tensor<1x32x6x6xui8> {
  %w = qc.constant dense<3> : tensor<32x32x3x3xi8>
  %acc = qc.conv_int32 %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 128 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x32x6x6xui8>, tensor<32x32x3x3xi8>, tensor<32xi32>) -> tensor<1x32x6x6xi32>
  %y = qc.rescale %acc {clamp_max = 255 : i64, clamp_min = 0 : i64, multiplier = array<i32: 1073741824>, output_zero_point = 0 : i64, shift = array<i32: 40>} : (tensor<1x32x6x6xi32>) -> tensor<1x32x6x6xui8>
  return %y : tensor<1x32x6x6xui8>
}

// -----

// A matmul's packed B from qc-pack-weights is passed as it is; its k pairs
// fit int16 (flags: int8 A 1, int32 C 4, QC_INT8_B_PAIRS_FIT 8).
// PREPACKED-LABEL: func.func @matmul_s8_prepacked
// PREPACKED-DAG:     qc.constant dense_resource<packed_gemm_s8> : tensor<128xi8>
// PREPACKED-DAG:     %[[FLAGS:.*]] = arith.constant 13 : i32
// PREPACKED-NOT:     call @qc_gemm_s8_pack_b
// PREPACKED:         call @qc_gemm_s8({{.*}}, %[[FLAGS]], %{{.*}}, %{{.*}})
func.func @matmul_s8_prepacked(%a: tensor<3x4xi8>, %b: tensor<2xi32>) -> tensor<3x2xi32> {
  %w = qc.constant dense<[[1, 2, 3, 4], [-1, -2, -3, -4]]> : tensor<2x4xi8>
  %acc = qc.matmul_int32 %a, %w, %b {transpose_rhs = true} : (tensor<3x4xi8>, tensor<2x4xi8>, tensor<2xi32>) -> tensor<3x2xi32>
  return %acc : tensor<3x2xi32>
}
