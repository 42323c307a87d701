// RUN: quantc-opt %s --qc-to-llvm-pipeline --split-input-file -verify-diagnostics | FileCheck %s
// RUN: quantc-opt %s --qc-to-llvm-pipeline="runtime-calls=false" --split-input-file -verify-diagnostics | FileCheck %s --check-prefix=PORTABLE

// An imported model ends as LLVM dialect only: the C entry point, the
// descriptor, kernel calls for the convolution (its Relu fused) and loops
// for the rest; buffers come from the runtime's allocator.
// CHECK-LABEL: module
// CHECK-NOT:     = qc.
// CHECK-NOT:     func.func
// CHECK-DAG:     llvm.func @_mlir_memref_to_llvm_aligned_alloc(i64, i64) -> !llvm.ptr
// CHECK-DAG:     llvm.func @qc_conv2d_f32(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i32, f32, f32)
// CHECK-DAG:     llvm.func @qc_gemm_f32_call(
// CHECK-DAG:     llvm.func @qc_generated_model_main(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-DAG:     llvm.mlir.global external constant @qc_generated_model_desc()
// CHECK-NOT:     llvm.func @main
// PORTABLE-LABEL: module
// PORTABLE-NOT:   llvm.func @qc_conv2d_f32
// PORTABLE-NOT:   llvm.func @qc_gemm_f32_call
// PORTABLE:       llvm.func @qc_generated_model_main
module attributes {qc.graph_name = "small"} {
  func.func @main(%x: tensor<1x2x6x6xf32> {qc.name = "image"}) -> (tensor<1x3xf32> {qc.name = "scores"}) {
    %w = qc.constant dense<0.5> : tensor<4x2x3x3xf32>
    %fc = qc.constant dense<0.25> : tensor<3x36xf32>
    %0 = qc.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x2x2xf32>
    %1 = qc.relu %0 : tensor<1x4x2x2xf32>
    %2 = qc.max_pool %1 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x4x2x2xf32>) -> tensor<1x4x3x3xf32>
    %3 = qc.flatten %2 {axis = 1 : i64} : (tensor<1x4x3x3xf32>) -> tensor<1x36xf32>
    %4 = qc.gemm %3, %fc {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x36xf32>, tensor<3x36xf32>) -> tensor<1x3xf32>
    return %4 : tensor<1x3xf32>
  }
}

// -----

// An op without a lowering is an error at its ONNX node, not a crash later.
module {
  func.func @main(%x: tensor<2x3x4xf32>, %g: tensor<4xf32>) -> tensor<2x3x4xf32> {
    // expected-error @+1 {{'qc.layer_normalization' has no lowering to native code yet}}
    %0 = qc.layer_normalization %x, %g {axis = 2 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
    return %0 : tensor<2x3x4xf32>
  }
}

// -----

// Integer Pow (math.ipowi, which has no LLVM lowering) and uint8 arithmetic
// reach LLVM too: the power as an outlined loop, the unsigned division as
// udiv on bytes.
// CHECK-LABEL: module
// CHECK-DAG:     llvm.func linkonce_odr @__mlir_math_ipowi_i32(
// CHECK-DAG:     llvm.udiv %{{.*}}, %{{.*}} : i8
module {
  func.func @main(%x: tensor<4xi32>, %e: tensor<4xi32>, %a: tensor<4xui8>, %b: tensor<4xui8>) -> (tensor<4xi32>, tensor<4xui8>) {
    %0 = qc.pow %x, %e : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
    %1 = qc.div %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
    return %0, %1 : tensor<4xi32>, tensor<4xui8>
  }
}
