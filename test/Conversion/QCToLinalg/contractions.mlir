// RUN: quantc-opt %s --convert-qc-to-linalg | FileCheck %s

// ConvTranspose is a stride-1 Conv: the input gets stride - 1 zeros between
// its elements (a strided insert_slice into zeros), then (K - 1) * d - pad
// zeros around them, output_padding more at the end. Height: reach 2, pad 3
// crops one row in front; 2 - 1 + 1 = 2 rows behind. Width: reach
// (2 - 1) * 2 = 2, 2 in front, 2 - 1 = 1 behind. The kernel is flipped and its
// channel dimensions swapped per group (2 groups of 2 inputs, 3 outputs).
// CHECK-DAG: #[[$FLIP:.*]] = affine_map<(d0, d1, d2, d3) -> ((d0 floordiv 3) * 2 + d1, d0 mod 3, -d2 + 2, -d3 + 1)>
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, (d1 floordiv 3) * 2 + d4, d2 + d5, d3 + d6 * 2)>
// CHECK-DAG: #[[$W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>
// CHECK-LABEL: func.func @conv_transpose
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x3x3xf32>, %[[WEIGHT:.*]]: tensor<4x3x3x2xf32>, %[[BIAS:.*]]: tensor<6xf32>)
// CHECK:         %[[ZEROS:.*]] = linalg.fill {{.*}} -> tensor<1x4x5x5xf32>
// CHECK:         %[[STUFFED:.*]] = tensor.insert_slice %[[X]] into %[[ZEROS]][0, 0, 0, 0] [1, 4, 3, 3] [1, 1, 2, 2]
// CHECK:         %[[CROPPED:.*]] = tensor.extract_slice %[[STUFFED]][0, 0, 1, 0] [1, 4, 4, 5] [1, 1, 1, 1]
// CHECK:         %[[FLIPPED:.*]] = linalg.generic {indexing_maps = [#[[$FLIP]], #{{.*}}]
// CHECK-SAME:      ins(%[[WEIGHT]] : tensor<4x3x3x2xf32>) outs(%{{.*}} : tensor<6x2x3x2xf32>)
// CHECK:         %[[PADDED:.*]] = tensor.pad %[[CROPPED]] low[0, 0, 0, 2] high[0, 0, 2, 1]
// CHECK:         %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[BIAS]] : tensor<6xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[$IN]], #[[$W]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[PADDED]], %[[FLIPPED]] : tensor<1x4x6x8xf32>, tensor<6x2x3x2xf32>) outs(%[[INIT]] : tensor<1x6x4x6xf32>)
// CHECK:           arith.mulf
// CHECK:           arith.addf
func.func @conv_transpose(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<6xf32>) -> tensor<1x6x4x6xf32> {
  %0 = qc.conv_transpose %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 3, 0, 1, 1>, dilations = array<i64: 1, 2>, output_padding = array<i64: 1, 0>, group = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x3x3x2xf32>, tensor<6xf32>) -> tensor<1x6x4x6xf32>
  return %0 : tensor<1x6x4x6xf32>
}
