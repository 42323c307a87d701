// RUN: quantc-opt %s --convert-qc-to-linalg --split-input-file | FileCheck %s

// The window loops are reductions reading input[o * stride + k * dilation];
// the padding is -inf so it never wins. 6 wide with pads 1 and ceil_mode
// gives 4 windows reaching 9 elements: one more than the pads give.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-DAG: #[[$WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-LABEL: func.func @max_pool
// CHECK:         %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[PADDED:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 2, 2]
// CHECK:           tensor.yield %[[NEG_INF]]
// CHECK:         linalg.generic {indexing_maps = [#[[$IN]], #[[$WIN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[PADDED]], %{{.*}} : tensor<1x2x9x9xf32>, tensor<3x3xf32>)
// CHECK:           arith.maximumf
func.func @max_pool(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32> {
  %0 = qc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// Integer max pooling pads with the lowest value of the type (0 for uint8)
// and compares with the unsigned arith op on the signless view.
// CHECK-LABEL: func.func @max_pool_uint8
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK:         %[[PAD:.*]] = builtin.unrealized_conversion_cast %[[ZERO]] : i8 to ui8
// CHECK:         tensor.pad
// CHECK:           tensor.yield %[[PAD]] : ui8
// CHECK:         linalg.generic
// CHECK:           arith.maxui %{{.*}}, %{{.*}} : i8
func.func @max_pool_uint8(%x: tensor<1x1x4x4xui8>) -> tensor<1x1x4x4xui8> {
  %0 = qc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x1x4x4xui8>) -> tensor<1x1x4x4xui8>
  return %0 : tensor<1x1x4x4xui8>
}
