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

// A backward slice reads its input at start + step * index.
// CHECK-DAG: #[[$BACKWARD:.*]] = affine_map<(d0, d1) -> (d0 * 2 + 1, -d1 + 5)>
// CHECK-LABEL: func.func @slices
// CHECK:         tensor.extract_slice %{{.*}}[1] [2] [2] : tensor<6xf32> to tensor<2xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[$BACKWARD]], #{{.*}}], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%{{.*}} : tensor<4x6xf32>) outs(%{{.*}} : tensor<2x6xf32>)
func.func @slices(%x: tensor<6xf32>, %y: tensor<4x6xf32>) -> (tensor<2xf32>, tensor<2x6xf32>) {
  %0 = qc.slice %x {starts = array<i64: 1>, ends = array<i64: 5>, steps = array<i64: 2>} : (tensor<6xf32>) -> tensor<2xf32>
  %1 = qc.slice %y {starts = array<i64: 1, 5>, ends = array<i64: 4, -1>, steps = array<i64: 2, -1>} : (tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0, %1 : tensor<2xf32>, tensor<2x6xf32>
}

// -----

// An empty slice starting at the end reads nothing from offset 0.
// CHECK-LABEL: func.func @empty_slice
// CHECK:         tensor.extract_slice %{{.*}}[0, 0] [0, 3] [1, 1] : tensor<10x3xf32> to tensor<0x3xf32>
func.func @empty_slice(%x: tensor<10x3xf32>) -> tensor<0x3xf32> {
  %0 = qc.slice %x {starts = array<i64: 10, 0>, ends = array<i64: 10, 3>, steps = array<i64: 1, 1>} : (tensor<10x3xf32>) -> tensor<0x3xf32>
  return %0 : tensor<0x3xf32>
}

// -----

// Edge padding extracts at the output index minus the leading pad, clamped
// to the input; dimensions without pads read their own index.
// CHECK-LABEL: func.func @edge_pad
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xi32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      outs(%{{.*}} : tensor<2x6xi32>)
// CHECK:           %[[ROW:.*]] = linalg.index 0 : index
// CHECK:           %[[COL:.*]] = linalg.index 1 : index
// CHECK:           %[[SHIFTED:.*]] = arith.subi %[[COL]], %{{.*}} : index
// CHECK:           %[[ABOVE:.*]] = arith.maxsi %[[SHIFTED]], %[[C0]] : index
// CHECK:           %[[CLAMPED:.*]] = arith.minsi %[[ABOVE]], %[[C2]] : index
// CHECK:           %[[E:.*]] = tensor.extract %[[X]][%[[ROW]], %[[CLAMPED]]] : tensor<2x3xi32>
// CHECK:           linalg.yield %[[E]] : i32
func.func @edge_pad(%x: tensor<2x3xi32>) -> tensor<2x6xi32> {
  %0 = qc.pad %x {pads = array<i64: 0, 1, 0, 2>, mode = #qc<pad_mode edge>, value = 0.0 : f64} : (tensor<2x3xi32>) -> tensor<2x6xi32>
  return %0 : tensor<2x6xi32>
}

// -----

// Reflect padding mirrors the index: last - |last - |i||. A negative pad
// crops first.
// CHECK-LABEL: func.func @reflect_pad
// CHECK:         %[[CROPPED:.*]] = tensor.extract_slice %{{.*}}[0, 1] [1, 4] [1, 1] : tensor<1x5xf32> to tensor<1x4xf32>
// CHECK:         linalg.generic
// CHECK:           arith.maxsi
// CHECK:           arith.maxsi
// CHECK:           tensor.extract %[[CROPPED]]
func.func @reflect_pad(%x: tensor<1x5xf32>) -> tensor<1x6xf32> {
  %0 = qc.pad %x {pads = array<i64: 0, -1, 0, 2>, mode = #qc<pad_mode reflect>, value = 0.0 : f64} : (tensor<1x5xf32>) -> tensor<1x6xf32>
  return %0 : tensor<1x6xf32>
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

// -----

// Unsigned maxima start from 0 and compare with maxui on the signless view.
// CHECK-LABEL: func.func @reduce_max_uint8
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK:         %[[LOWEST:.*]] = builtin.unrealized_conversion_cast %[[ZERO]] : i8 to ui8
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[LOWEST]] : ui8)
// CHECK:         linalg.reduce ins(%{{.*}} : tensor<2x3xui8>) outs(%[[INIT]] : tensor<2xui8>) dimensions = [1]
// CHECK:           arith.maxui %{{.*}}, %{{.*}} : i8
func.func @reduce_max_uint8(%x: tensor<2x3xui8>) -> tensor<2xui8> {
  %0 = qc.reduce_max %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xui8>) -> tensor<2xui8>
  return %0 : tensor<2xui8>
}
