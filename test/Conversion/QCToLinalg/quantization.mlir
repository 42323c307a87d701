// RUN: quantc-opt %s --convert-qc-to-linalg --split-input-file | FileCheck %s
// RUN: not quantc-opt %s --convert-qc-to-linalg="report-unconverted=true" --split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=ERROR

// QuantizeLinear per axis 1: scale and zero point are read at the column.
// x / scale is a division (ONNX's float32 arithmetic, not a multiplication
// by 1 / scale), rounded half to even, saturated in float before the
// conversion, so nothing wraps.
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$COL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @quantize_per_axis
// CHECK-DAG:     %[[HI:.*]] = arith.constant 1.270000e+02 : f32
// CHECK-DAG:     %[[LO:.*]] = arith.constant -1.280000e+02 : f32
// CHECK:         linalg.generic {indexing_maps = [#[[$ID]], #[[$COL]], #[[$COL]], #[[$ID]]]
// CHECK:         ^bb0(%[[X:.*]]: f32, %[[S:.*]]: f32, %[[Z:.*]]: i8, %{{.*}}: i8):
// CHECK-NEXT:      %[[DIV:.*]] = arith.divf %[[X]], %[[S]] : f32
// CHECK-NEXT:      %[[ROUND:.*]] = math.roundeven %[[DIV]] : f32
// CHECK-NEXT:      %[[ZF:.*]] = arith.sitofp %[[Z]] : i8 to f32
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[ROUND]], %[[ZF]] : f32
// CHECK-NEXT:      %[[MAX:.*]] = arith.maxnumf %[[SUM]], %[[LO]] : f32
// CHECK-NEXT:      %[[MIN:.*]] = arith.minnumf %[[MAX]], %[[HI]] : f32
// CHECK-NEXT:      %[[Q:.*]] = arith.fptosi %[[MIN]] : f32 to i8
// CHECK-NEXT:      linalg.yield %[[Q]] : i8
func.func @quantize_per_axis(%x: tensor<2x3xf32>, %s: tensor<3xf32>, %z: tensor<3xi8>) -> tensor<2x3xi8> {
  %0 = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

// uint8 without a zero point: [0, 255], converted unsigned.
// CHECK-LABEL: func.func @quantize_uint8
// CHECK-DAG:     arith.constant 2.550000e+02 : f32
// CHECK-DAG:     arith.constant 0.000000e+00 : f32
// CHECK:         math.roundeven
// CHECK-NOT:     arith.addf
// CHECK:         arith.fptoui %{{.*}} : f32 to i8
// CHECK-NEXT:    builtin.unrealized_conversion_cast %{{.*}} : i8 to ui8
func.func @quantize_uint8(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xui8> {
  %0 = qc.quantize_linear %x, %s {axis = 0 : i64} : (tensor<4xf32>, tensor<f32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// int32 codes do not fit float32's 24-bit significand: the zero point and
// the clamp work in f64, after the rounding in float32.
// CHECK-LABEL: func.func @quantize_int32
// CHECK:         arith.divf %{{.*}} : f32
// CHECK-NEXT:    math.roundeven %{{.*}} : f32
// CHECK-NEXT:    arith.extf %{{.*}} : f32 to f64
// CHECK-NEXT:    arith.sitofp %{{.*}} : i32 to f64
// CHECK:         arith.fptosi %{{.*}} : f64 to i32
func.func @quantize_int32(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i32>) -> tensor<4xi32> {
  %0 = qc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// DequantizeLinear: code and zero point to float32 (unsigned), subtracted,
// times the scale.
// CHECK-LABEL: func.func @dequantize
// CHECK:         ^bb0(%[[X:.*]]: ui8, %[[S:.*]]: f32, %[[Z:.*]]: ui8, %{{.*}}: f32):
// CHECK:           %[[XF:.*]] = arith.uitofp %{{.*}} : i8 to f32
// CHECK:           %[[ZF:.*]] = arith.uitofp %{{.*}} : i8 to f32
// CHECK-NEXT:      %[[D:.*]] = arith.subf %[[XF]], %[[ZF]] : f32
// CHECK-NEXT:      %[[Y:.*]] = arith.mulf %[[D]], %[[S]] : f32
// CHECK-NEXT:      linalg.yield %[[Y]] : f32
func.func @dequantize(%x: tensor<4xui8>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<4xf32> {
  %0 = qc.dequantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<4xui8>, tensor<f32>, tensor<ui8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// DynamicQuantizeLinear: min(x, 0) and max(x, 0) in one reduction from 0,
// the scale (1 for an empty range) / 255, the zero point as -min quantized,
// then x quantized with both.
// CHECK-LABEL: func.func @dynamic
// CHECK:         %[[RANGE:.*]]:2 = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK:           arith.minimumf
// CHECK:           arith.maximumf
// CHECK:         %[[SCALE:.*]] = linalg.generic {{.*}} ins(%[[RANGE]]#0, %[[RANGE]]#1 : tensor<f32>, tensor<f32>)
// CHECK:           arith.subf
// CHECK:           arith.cmpf oeq
// CHECK:           arith.select
// CHECK:           arith.divf
// CHECK:         %[[ZP:.*]] = linalg.generic {{.*}} ins(%[[RANGE]]#0, %[[SCALE]] : tensor<f32>, tensor<f32>) outs(%{{.*}} : tensor<ui8>)
// CHECK:           arith.negf
// CHECK:           math.roundeven
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[SCALE]], %[[ZP]] : tensor<2x3xf32>, tensor<f32>, tensor<ui8>)
// CHECK:         return %[[Y]], %[[SCALE]], %[[ZP]]
func.func @dynamic(%x: tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>) {
  %y, %s, %z = qc.dynamic_quantize_linear %x : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>)
  return %y, %s, %z : tensor<2x3xui8>, tensor<f32>, tensor<ui8>
}

// -----

// MatMulInteger: A - a_zero_point (one per row) and B - b_zero_point (one
// per column) widened to int32, then the int32 contraction.
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG:   #[[$COL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @matmul_integer
// CHECK:         %[[A:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]]
// CHECK:           arith.extui
// CHECK:           arith.extui
// CHECK:           arith.subi
// CHECK:         } -> tensor<2x3xi32>
// CHECK:         %[[B:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$COL]], #[[$ID]]]
// CHECK:           arith.extsi
// CHECK:           arith.extsi
// CHECK:           arith.subi
// CHECK:         } -> tensor<3x4xi32>
// CHECK:         linalg.generic {{.*}} ins(%[[A]], %[[B]] : tensor<2x3xi32>, tensor<3x4xi32>)
// CHECK:           arith.muli
// CHECK:           arith.addi
func.func @matmul_integer(%a: tensor<2x3xui8>, %b: tensor<3x4xi8>, %za: tensor<2xui8>, %zb: tensor<4xi8>) -> tensor<2x4xi32> {
  %0 = qc.matmul_integer %a, %b lhs_zero_point %za rhs_zero_point %zb : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<2xui8>, tensor<4xi8>) -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}

// -----

// ConvInteger: the shifted input is padded with 0 (the zero point before the
// shift); the weight's zero point is read per output channel; groups as in
// the float Conv.
// CHECK-DAG:   #[[$CHANNEL:.*]] = affine_map<(d0, d1, d2, d3) -> (d0)>
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, (d1 floordiv 3) * 2 + d4, d2 + d5, d3 + d6)>
// CHECK-LABEL: func.func @conv_integer
// CHECK:         %[[C0:.*]] = arith.constant 0 : i32
// CHECK:         %[[X:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x4x5x5xi32>)
// CHECK:         %[[W:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[$CHANNEL]], #{{.*}}]
// CHECK:         } -> tensor<6x2x3x3xi32>
// CHECK:         %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:           tensor.yield %[[C0]] : i32
// CHECK:         linalg.generic {indexing_maps = [#[[$IN]], {{.*}} ins(%[[PADDED]], %[[W]] : tensor<1x4x7x7xi32>, tensor<6x2x3x3xi32>)
// CHECK:           arith.muli
// CHECK:           arith.addi
func.func @conv_integer(%x: tensor<1x4x5x5xui8>, %w: tensor<6x2x3x3xi8>, %zx: tensor<ui8>, %zw: tensor<6xi8>) -> tensor<1x6x5x5xi32> {
  %0 = qc.conv_integer %x, %w input_zero_point %zx weight_zero_point %zw {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x5x5xui8>, tensor<6x2x3x3xi8>, tensor<ui8>, tensor<6xi8>) -> tensor<1x6x5x5xi32>
  return %0 : tensor<1x6x5x5xi32>
}

// -----

// fake_quant, symmetric_narrow at 4 bits ([-7, 7]) per group of 4 channels
// along axis 1: quantize, then scale * q, in one generic.
// CHECK-DAG:   #[[$GROUP:.*]] = affine_map<(d0, d1) -> (d1 floordiv 4)>
// CHECK-LABEL: func.func @fake_quant_groups
// CHECK-DAG:     %[[HI:.*]] = arith.constant 7.000000e+00 : f32
// CHECK-DAG:     %[[LO:.*]] = arith.constant -7.000000e+00 : f32
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[$GROUP]], #{{.*}}]
// CHECK:         ^bb0(%[[X:.*]]: f32, %[[S:.*]]: f32, %{{.*}}: f32):
// CHECK:           arith.divf %[[X]], %[[S]]
// CHECK:           math.roundeven
// CHECK:           arith.maxnumf %{{.*}}, %[[LO]]
// CHECK:           arith.minnumf %{{.*}}, %[[HI]]
// CHECK:           %[[Q:.*]] = arith.fptosi %{{.*}} : f32 to i32
// CHECK:           %[[QF:.*]] = arith.sitofp %[[Q]] : i32 to f32
// CHECK:           arith.mulf %[[QF]], %[[S]]
func.func @fake_quant_groups(%x: tensor<2x8xf32>, %s: tensor<2xf32>) -> tensor<2x8xf32> {
  %0 = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = symmetric_narrow, bits = 4, axis = 1, group_size = 4>} : (tensor<2x8xf32>, tensor<2xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// unsigned_clipped at 3 bits: scale = clip / 7, codes [0, 7]; the spec's
// rounding (half away from zero here).
// CHECK-LABEL: func.func @fake_quant_clipped
// CHECK:         ^bb0(%[[X:.*]]: f32, %[[CLIP:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[S:.*]] = arith.divf %[[CLIP]], %{{.*}} : f32
// CHECK-NEXT:      arith.divf %[[X]], %[[S]] : f32
// CHECK-NEXT:      math.round %{{.*}} : f32
func.func @fake_quant_clipped(%x: tensor<4xf32>, %c: tensor<f32>) -> tensor<4xf32> {
  %0 = qc.fake_quant %x clip %c {spec = #qc.quantizer<grid = unsigned_clipped, bits = 3, rounding = half_away_from_zero>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The zero_free and power_of_two grids are not lowered yet: the op stays,
// and with report-unconverted (the native-code pipeline) it is an error at
// its ONNX node, naming the grid.
// CHECK-LABEL: func.func @fake_quant_zero_free
// CHECK:         qc.fake_quant
// ERROR: error: loc("binary_act"): ONNX node 'binary_act': 'qc.fake_quant' has no lowering to native code yet on the zero_free grid (operand types: 'tensor<4xf32>', 'tensor<f32>')
// ERROR-NOT: error:
func.func @fake_quant_zero_free(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xf32> {
  %0 = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = zero_free, bits = 1>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32> loc("binary_act")
  return %0 : tensor<4xf32>
}
