// RUN: quantc-opt %s --convert-qc-to-linalg --split-input-file | FileCheck %s

// Nearest: one constant index table per resized dimension, read at the
// output index; unscaled dimensions read the loop index. Element values are
// only moved, so any element type lowers.
// CHECK-DAG: #[[$H:.*]] = affine_map<(d0, d1, d2, d3) -> (d2)>
// CHECK-DAG: #[[$W:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @nearest
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x2x3xui8>)
// CHECK-DAG:     %[[ROWS:.*]] = arith.constant dense<[0, 0, 1, 1]> : tensor<4xi64>
// CHECK-DAG:     %[[COLS:.*]] = arith.constant dense<[0, 0, 1, 1, 2, 2]> : tensor<6xi64>
// CHECK:         linalg.generic {indexing_maps = [#[[$H]], #[[$W]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[ROWS]], %[[COLS]] : tensor<4xi64>, tensor<6xi64>)
// CHECK:           %[[C:.*]] = linalg.index 1 : index
// CHECK:           %[[ROW:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:           %[[COL:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:           %[[E:.*]] = tensor.extract %[[X]][%{{.*}}, %[[C]], %[[ROW]], %[[COL]]]
// CHECK:           linalg.yield %[[E]] : ui8
func.func @nearest(%x: tensor<1x2x2x3xui8>) -> tensor<1x2x4x6xui8> {
  %0 = qc.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, mode = #qc<resize_mode nearest>, coordinate_transformation_mode = #qc<coordinate_transform asymmetric>, nearest_mode = #qc<nearest_mode floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x2x2x3xui8>) -> tensor<1x2x4x6xui8>
  return %0 : tensor<1x2x4x6xui8>
}

// -----

// Linear: two taps per output row (index and weight tables), summed by a
// reduction loop. half_pixel rows -0.25, 0.25, 0.75, 1.25 clamp to [0, 1];
// an edge row has one tap, padded with a zero weight.
// CHECK-DAG: #[[$TAPS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d2, d4)>
// CHECK-LABEL: func.func @linear
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.0{{0*}}e+00 : f32
// CHECK-DAG:     %[[INDICES:.*]] = arith.constant dense<{{\[\[}}0, 0], [0, 1], [0, 1], [1, 0]]> : tensor<4x2xi64>
// CHECK-DAG:     %[[WEIGHTS:.*]] = arith.constant dense<{{\[\[}}1.0{{0*}}e+00, 0.0{{0*}}e+00], [7.5{{0*}}e-01, 2.5{{0*}}e-01], [2.5{{0*}}e-01, 7.5{{0*}}e-01], [1.0{{0*}}e+00, 0.0{{0*}}e+00]]> : tensor<4x2xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32)
// CHECK:         linalg.generic {indexing_maps = [#[[$TAPS]], #[[$TAPS]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME:      ins(%[[INDICES]], %[[WEIGHTS]] : tensor<4x2xi64>, tensor<4x2xf32>) outs(%[[INIT]] : tensor<1x2x4x3xf32>)
// CHECK:           ^bb0(%{{.*}}: i64, %[[W:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK:             %[[E:.*]] = tensor.extract
// CHECK:             %[[P:.*]] = arith.mulf %[[E]], %[[W]] : f32
// CHECK:             %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK:             linalg.yield %[[S]] : f32
func.func @linear(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x4x3xf32> {
  %0 = qc.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 1.0>, mode = #qc<resize_mode linear>, coordinate_transformation_mode = #qc<coordinate_transform half_pixel>, nearest_mode = #qc<nearest_mode floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x2x2x3xf32>) -> tensor<1x2x4x3xf32>
  return %0 : tensor<1x2x4x3xf32>
}

// -----

// Bicubic: up to four taps per dimension (fewer where clamping at the edges
// merges them), one reduction loop each; the weight is the product.
// CHECK-DAG: #[[$ROWS:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d2, d4)>
// CHECK-DAG: #[[$COLS:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d5)>
// CHECK-LABEL: func.func @bicubic
// CHECK:         linalg.generic {indexing_maps = [#[[$ROWS]], #[[$ROWS]], #[[$COLS]], #[[$COLS]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME:      ins(%{{.*}} : tensor<8x4xi64>, tensor<8x4xf32>, tensor<2x3xi64>, tensor<2x3xf32>)
// CHECK:           ^bb0(%{{.*}}: i64, %[[WR:.*]]: f32, %{{.*}}: i64, %[[WC:.*]]: f32, %{{.*}}: f32):
// CHECK:             arith.mulf %[[WR]], %[[WC]] : f32
func.func @bicubic(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x8x2xf32> {
  %0 = qc.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 0.5>, mode = #qc<resize_mode cubic>, coordinate_transformation_mode = #qc<coordinate_transform half_pixel>, nearest_mode = #qc<nearest_mode floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x1x4x4xf32>) -> tensor<1x1x8x2xf32>
  return %0 : tensor<1x1x8x2xf32>
}

// -----

// A Resize that keeps the shape is the identity (as in ONNX Runtime), and
// integer tensors are not interpolated.
// CHECK-LABEL: func.func @left_alone
// CHECK-SAME:    (%[[X:.*]]: tensor<1x3xf32>, %[[I:.*]]: tensor<1x2xi32>)
// CHECK:         %[[R:.*]] = qc.resize %[[I]]
// CHECK:         return %[[X]], %[[R]]
func.func @left_alone(%x: tensor<1x3xf32>, %i: tensor<1x2xi32>) -> (tensor<1x3xf32>, tensor<1x4xi32>) {
  %0 = qc.resize %x {scales = array<f32: 1.0, 1.3>, mode = #qc<resize_mode linear>, coordinate_transformation_mode = #qc<coordinate_transform half_pixel>, nearest_mode = #qc<nearest_mode floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x3xf32>) -> tensor<1x3xf32>
  %1 = qc.resize %i {scales = array<f32: 1.0, 2.0>, mode = #qc<resize_mode linear>, coordinate_transformation_mode = #qc<coordinate_transform half_pixel>, nearest_mode = #qc<nearest_mode floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x2xi32>) -> tensor<1x4xi32>
  return %0, %1 : tensor<1x3xf32>, tensor<1x4xi32>
}
