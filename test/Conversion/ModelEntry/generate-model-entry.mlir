// RUN: quantc-opt %s --qc-generate-model-entry --split-input-file -verify-diagnostics | FileCheck %s

// The entry loads each buffer pointer from its array, wraps it as a memref
// of the static shape (offset 0, row-major strides), reads inputs as
// read-only tensors and materializes each result in its output buffer. The
// model function becomes private, for the inliner.
// CHECK-LABEL: func.func private @main
// CHECK-LABEL: func.func @qc_generated_model_main
// CHECK-SAME:    (%[[INPUTS:.*]]: !llvm.ptr, %[[OUTPUTS:.*]]: !llvm.ptr)
// CHECK:         %[[SLOT0:.*]] = llvm.getelementptr %[[INPUTS]][0]
// CHECK:         %[[PTR0:.*]] = llvm.load %[[SLOT0]] : !llvm.ptr -> !llvm.ptr
// CHECK:         llvm.insertvalue %[[PTR0]], %{{.*}}[0]
// CHECK:         llvm.insertvalue %[[PTR0]], %{{.*}}[1]
// CHECK:         %[[X:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<2x3xf32>
// CHECK:         %[[XT:.*]] = bufferization.to_tensor %[[X]] restrict : memref<2x3xf32>
// CHECK:         %[[SLOT1:.*]] = llvm.getelementptr %[[INPUTS]][1]
// CHECK:         %[[COUNT:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<i64>
// CHECK:         %[[COUNTT:.*]] = bufferization.to_tensor %[[COUNT]] restrict : memref<i64>
// CHECK:         %[[Y:.*]] = call @main(%[[XT]], %[[COUNTT]])
// CHECK:         llvm.getelementptr %[[OUTPUTS]][0]
// CHECK:         %[[OUT:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<2x3xf32>
// CHECK:         bufferization.materialize_in_destination %[[Y]] in restrict writable %[[OUT]]

// The descriptor: names, element types (1 float32, 7 int64), ranks and
// shapes; a rank-0 tensor points to a one-element shape nothing reads.
// CHECK: llvm.mlir.global private constant @__qc_input_0_name("x\00")
// CHECK: llvm.mlir.global private constant @__qc_input_0_shape(dense<[2, 3]> : tensor<2xi64>)
// CHECK: llvm.mlir.global private constant @__qc_input_1_name("count\00")
// CHECK: llvm.mlir.global private constant @__qc_input() {{.*}} : !llvm.array<2 x struct<(ptr, i32, i32, ptr)>>
// CHECK:   llvm.mlir.constant(1 : i32)
// CHECK:   llvm.mlir.constant(2 : i32)
// CHECK:   llvm.mlir.constant(7 : i32)
// CHECK:   llvm.mlir.constant(0 : i32)
// CHECK: llvm.mlir.global private constant @__qc_output_0_name("y\00")
// CHECK: llvm.mlir.global private constant @__qc_graph_name("tiny\00")
// CHECK: llvm.mlir.global external constant @qc_generated_model_desc() {{.*}} : !llvm.struct<(i32, i32, i32, ptr, ptr, ptr)>
module attributes {qc.graph_name = "tiny"} {
  func.func @main(%x: tensor<2x3xf32> {qc.name = "x"}, %i: tensor<i64> {qc.name = "count"}) -> (tensor<2x3xf32> {qc.name = "y"}) {
    return %x : tensor<2x3xf32>
  }
}

// -----

// A model without outputs' or inputs' names gets input0/output0; no inputs
// at all is a null array.
// CHECK-LABEL: llvm.mlir.global private constant @__qc_output_0_name("output0\00")
// CHECK:       llvm.mlir.global external constant @qc_generated_model_desc()
// CHECK:         llvm.mlir.zero : !llvm.ptr
module {
  func.func @main() -> tensor<2xi8> {
    %0 = arith.constant dense<[1, 2]> : tensor<2xi8>
    return %0 : tensor<2xi8>
  }
}

// -----

// expected-error @+1 {{qc-generate-model-entry: no function body named 'main' to wrap}}
module {
  func.func @other() {
    return
  }
}

// -----

module {
  // expected-error @+1 {{model input #0 has type 'tensor<?x3xf32>'; the C API takes statically shaped tensors of float, integer or bool elements}}
  func.func @main(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    return %x : tensor<?x3xf32>
  }
}
