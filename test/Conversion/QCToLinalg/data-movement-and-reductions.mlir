// RUN: quantc-opt %s --convert-qc-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @reshapes
// CHECK-DAG:     %[[SHAPE:.*]] = arith.constant dense<[1, 6]> : tensor<2xi64>
// CHECK:         tensor.reshape %{{.*}}(%[[SHAPE]]) : (tensor<2x3xui8>, tensor<2xi64>) -> tensor<1x6xui8>
func.func @reshapes(%x: tensor<2x3xui8>) -> tensor<1x6xui8> {
  %0 = qc.flatten %x {axis = 0 : i64} : (tensor<2x3xui8>) -> tensor<1x6xui8>
  return %0 : tensor<1x6xui8>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<4x2x3xf32>) permutation = [2, 0, 1]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = qc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat
// CHECK-SAME:    (%[[A:.*]]: tensor<1x2xf32>, %[[B:.*]]: tensor<1x3xf32>)
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<1x5xf32>
// CHECK:         %[[I:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [1, 2] [1, 1]
// CHECK:         tensor.insert_slice %[[B]] into %[[I]][0, 2] [1, 3] [1, 1]
func.func @concat(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>) -> tensor<1x5xf32> {
  %0 = qc.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// -----

// CHECK-LABEL: func.func @slices
// CHECK:         tensor.extract_slice %{{.*}}[1] [2] [2] : tensor<6xf32> to tensor<2xf32>
// CHECK:         qc.slice
func.func @slices(%x: tensor<6xf32>) -> (tensor<2xf32>, tensor<6xf32>) {
  %0 = qc.slice %x {starts = array<i64: 1>, ends = array<i64: 5>, steps = array<i64: 2>} : (tensor<6xf32>) -> tensor<2xf32>
  // Backward slices are not lowered yet.
  %1 = qc.slice %x {starts = array<i64: 5>, ends = array<i64: -1>, steps = array<i64: -1>} : (tensor<6xf32>) -> tensor<6xf32>
  return %0, %1 : tensor<2xf32>, tensor<6xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_max
// CHECK:         %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[NEG_INF]] : f32)
// CHECK:         linalg.reduce ins(%{{.*}} : tensor<2x3xf32>) outs(%[[INIT]] : tensor<2xf32>) dimensions = [1]
// CHECK:           arith.maximumf
// CHECK:         tensor.reshape {{.*}} -> tensor<2x1xf32>
func.func @reduce_max(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  %0 = qc.reduce_max %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}
