// RUN: quantc-opt %s --qc-lower-quant-types | FileCheck %s

// Codes keep their storage type (ui8 for unsigned grids, i8 for signed
// ones); quantize and dequantize become the ONNX ops with constant
// parameters (per axis too); storage casts disappear.
// CHECK-LABEL: func.func @lower
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x4x4xf32>, %[[C:.*]]: tensor<2x2xi8>) -> (tensor<1x2x2x2xf32>, tensor<2x2xf32>)
// CHECK-DAG:   %[[S:.*]] = qc.constant dense<5.000000e-01> : tensor<f32>
// CHECK-DAG:   %[[Z:.*]] = qc.constant dense<128> : tensor<ui8>
// CHECK:       %[[Q:.*]] = qc.quantize_linear %[[X]], %[[S]], %[[Z]] {axis = 0 : i64} : (tensor<1x2x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x4x4xui8>
// CHECK:       %[[MP:.*]] = qc.max_pool %[[Q]] {{.*}} : (tensor<1x2x4x4xui8>) -> tensor<1x2x2x2xui8>
// CHECK:       %[[R:.*]] = qc.rescale %[[MP]] {{.*}} : (tensor<1x2x2x2xui8>) -> tensor<1x2x2x2xi8>
// CHECK-DAG:   %[[SR:.*]] = qc.constant dense<2.500000e-01> : tensor<f32>
// CHECK-DAG:   %[[ZR:.*]] = qc.constant dense<-3> : tensor<i8>
// CHECK:       %[[D:.*]] = qc.dequantize_linear %[[R]], %[[SR]], %[[ZR]] {axis = 0 : i64} : (tensor<1x2x2x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2x2x2xf32>
// CHECK-DAG:   %[[SC:.*]] = qc.constant dense<[2.500000e-01, 1.250000e-01]> : tensor<2xf32>
// CHECK-DAG:   %[[ZC:.*]] = qc.constant dense<0> : tensor<2xi8>
// CHECK:       %[[W:.*]] = qc.dequantize_linear %[[C]], %[[SC]], %[[ZC]] {axis = 1 : i64} : (tensor<2x2xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x2xf32>
// CHECK:       return %[[D]], %[[W]]
func.func @lower(%x: tensor<1x2x4x4xf32>, %c: tensor<2x2xi8>) -> (tensor<1x2x2x2xf32>, tensor<2x2xf32>) {
  %q = qc.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>
  %mp = qc.max_pool %q {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false}
      : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.5:128>>
  %r = qc.rescale %mp {input_zero_point = 128, output_zero_point = -3, multiplier = array<i32: 1073741824>, shift = array<i32: 30>, clamp_min = -128, clamp_max = 127}
      : (tensor<1x2x2x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-3>>
  %d = qc.dequantize %r : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-3>> -> tensor<1x2x2x2xf32>
  %cq = qc.storage_cast %c : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8:f32:1, {0.25, 0.125}>>
  %w = qc.dequantize %cq : tensor<2x2x!quant.uniform<i8:f32:1, {0.25, 0.125}>> -> tensor<2x2xf32>
  return %d, %w : tensor<1x2x2x2xf32>, tensor<2x2xf32>
}

// A dequantize of a quantize reads the grid before the quantize is lowered.
// CHECK-LABEL: func.func @round_trip
// CHECK:       %[[Q:.*]] = qc.quantize_linear %{{.*}} -> tensor<4xi8>
// CHECK:       qc.dequantize_linear %[[Q]], %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
func.func @round_trip(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = qc.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:-2>>
  %d = qc.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.5:-2>> -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// A grid with fewer codes than its storage (PyTorch's reduce_range
// activations, [0, 127] in uint8): QuantizeLinear saturates to the storage
// range, so a Clip of the codes to the grid's follows it.
// CHECK-LABEL: func.func @narrow_code_range
// CHECK:       %[[Q:.*]] = qc.quantize_linear %{{.*}} -> tensor<4xui8>
// CHECK:       %[[MAX:.*]] = qc.constant dense<127> : tensor<ui8>
// CHECK:       %[[C:.*]] = qc.clip %[[Q]] max %[[MAX]] : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
// CHECK:       return %[[C]]
func.func @narrow_code_range(%x: tensor<4xf32>) -> tensor<4xui8> {
  %q = qc.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8<0:127>:f32, 0.5>>
  %c = qc.storage_cast %q : tensor<4x!quant.uniform<u8<0:127>:f32, 0.5>> -> tensor<4xui8>
  return %c : tensor<4xui8>
}
