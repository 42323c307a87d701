// qc.fake_quant exported as ONNX QDQ (docs/importer.md, "Exporting
// quantization"): the ONNX checker accepts the model, every quantizer becomes
// the nodes and initializers below, named after the tensor it quantizes as ONNX
// Runtime's quantizer names them, and the model imports back into quantc.
//
// RUN: quantc-translate --export-onnx %s -o %t.onnx
// RUN: %python %utils/onnx/print_model.py %t.onnx | FileCheck %s
// RUN: quantc-translate --import-onnx %t.onnx | FileCheck %s --check-prefix=IMPORT

// CHECK:      opset 13
// CHECK-NEXT: input x: float32[16, 4]

// The float weights and the i32 zero points are not written: only the
// fake-quants read them.
// CHECK-NOT:  initializer fc.weight:
// CHECK-NOT:  initializer {{.*}}: int32

// Activation, uint8 per tensor: parameters as scalars of the code type.
// CHECK-DAG:  initializer x_scale: float32[] = [0.0625]
// CHECK-DAG:  initializer x_zero_point: uint8[] = [128]

// Weights, symmetric_narrow per output channel: the codes themselves,
// w / s rounded half to even (2.5 -> 2, -1.5 -> -2) and clamped to
// [-127, 127], not [-128, 127] (-400 -> -127).
// CHECK-DAG:  initializer fc.weight_scale: float32[2] = [0.5, 0.25]
// CHECK-DAG:  initializer fc.weight_zero_point: int8[2] = [0, 0]
// CHECK-DAG:  initializer fc.weight_quantized: int8[2, 4] = [2, -2, 6, 127, -2, 0, -127, 1]

// Biases stay float.
// CHECK-DAG:  initializer fc.bias: float32[2] = [0.5, -0.5]

// A symmetric_narrow activation: a [1] scale becomes a scalar; its codes are
// clipped to [-127, 127] after QuantizeLinear.
// CHECK-DAG:  initializer fc_scale: float32[] = [0.125]
// CHECK-DAG:  initializer fc_zero_point: int8[] = [0]
// CHECK-DAG:  initializer fc_code_min: int8[] = [-127]
// CHECK-DAG:  initializer fc_code_max: int8[] = [127]

// 4-bit affine weights along axis 1, rounded half away from zero
// (0.5 -> 1), with their zero points, in [-8, 7] (11 -> 7, -12 -> -8).
// CHECK-DAG:  initializer mm.weight_scale: float32[3] = [1.0, 0.5, 0.25]
// CHECK-DAG:  initializer mm.weight_zero_point: int8[3] = [1, 0, -2]
// CHECK-DAG:  initializer mm.weight_quantized: int8[4, 3] = [2, 3, -8, 4, -6, -2, 7, -8, 1, 1, 1, -4]

// An activation per channel: 1-D uint8 zero points, axis on both nodes.
// CHECK-DAG:  initializer mm_scale: float32[3] = [0.5, 0.25, 0.125]
// CHECK-DAG:  initializer mm_zero_point: uint8[3] = [10, 20, 30]

// CHECK:      node x_QuantizeLinear: QuantizeLinear(x, x_scale, x_zero_point) -> (x_QuantizeLinear_Output){{$}}
// CHECK-NEXT: node x_DequantizeLinear: DequantizeLinear(x_QuantizeLinear_Output, x_scale, x_zero_point) -> (x_DequantizeLinear_Output){{$}}
// CHECK-NEXT: node fc.weight_DequantizeLinear: DequantizeLinear(fc.weight_quantized, fc.weight_scale, fc.weight_zero_point) -> (fc.weight_DequantizeLinear_Output) axis=0
// CHECK-NEXT: node fc: Gemm(x_DequantizeLinear_Output, fc.weight_DequantizeLinear_Output, fc.bias) -> (fc)
// CHECK-NEXT: node fc_QuantizeLinear: QuantizeLinear(fc, fc_scale, fc_zero_point) -> (fc_QuantizeLinear_Output){{$}}
// CHECK-NEXT: node fc_Clip: Clip(fc_QuantizeLinear_Output, fc_code_min, fc_code_max) -> (fc_Clip_Output)
// CHECK-NEXT: node fc_DequantizeLinear: DequantizeLinear(fc_Clip_Output, fc_scale, fc_zero_point) -> (y){{$}}
// CHECK-NEXT: node mm.weight_DequantizeLinear: DequantizeLinear(mm.weight_quantized, mm.weight_scale, mm.weight_zero_point) -> (mm.weight_DequantizeLinear_Output) axis=1
// CHECK-NEXT: node mm: MatMul(x_DequantizeLinear_Output, mm.weight_DequantizeLinear_Output) -> (mm)
// CHECK-NEXT: node mm_QuantizeLinear: QuantizeLinear(mm, mm_scale, mm_zero_point) -> (mm_QuantizeLinear_Output) axis=1
// CHECK-NEXT: node mm_DequantizeLinear: DequantizeLinear(mm_QuantizeLinear_Output, mm_scale, mm_zero_point) -> (z) axis=1
// CHECK-NEXT: output y: float32[16, 2]
// CHECK-NEXT: output z: float32[16, 3]

// IMPORT-LABEL: func.func @main
// IMPORT:         qc.quantize_linear %{{.*}} : (tensor<16x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<16x4xui8>
// IMPORT:         qc.dequantize_linear %{{.*}} : (tensor<16x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<16x4xf32>
// IMPORT:         qc.dequantize_linear %{{.*}} {axis = 0 : i64} : (tensor<2x4xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x4xf32>
// IMPORT:         qc.gemm
// IMPORT:         qc.quantize_linear %{{.*}} : (tensor<16x2xf32>, tensor<f32>, tensor<i8>) -> tensor<16x2xi8>
// IMPORT:         qc.clip %{{.*}} : (tensor<16x2xi8>, tensor<i8>, tensor<i8>) -> tensor<16x2xi8>
// IMPORT:         qc.dequantize_linear %{{.*}} : (tensor<16x2xi8>, tensor<f32>, tensor<i8>) -> tensor<16x2xf32>
// IMPORT:         qc.dequantize_linear %{{.*}} {axis = 1 : i64} : (tensor<4x3xi8>, tensor<3xf32>, tensor<3xi8>) -> tensor<4x3xf32>
// IMPORT:         qc.matmul
// IMPORT:         qc.quantize_linear %{{.*}} {axis = 1 : i64} : (tensor<16x3xf32>, tensor<3xf32>, tensor<3xui8>) -> tensor<16x3xui8>

module attributes {qc.graph_name = "qdq", qc.onnx_opset = 13 : i64} {
  func.func @main(%x: tensor<16x4xf32> {qc.name = "x"}) -> (tensor<16x2xf32> {qc.name = "y"}, tensor<16x3xf32> {qc.name = "z"}) {
    %xs = qc.constant dense<6.250000e-02> : tensor<f32> loc("x_scale")
    %xz = qc.constant dense<128> : tensor<i32> loc("x_zero_point")
    %xq = qc.fake_quant %x scale %xs zero_point %xz {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>} : (tensor<16x4xf32>, tensor<f32>, tensor<i32>) -> tensor<16x4xf32> loc("x_quant")
    %w = qc.constant dense<[[1.25, -0.75, 3.0, 100.0], [-0.375, 0.125, -100.0, 0.3]]> : tensor<2x4xf32> loc("fc.weight")
    %ws = qc.constant dense<[0.5, 0.25]> : tensor<2xf32> loc("fc.weight_scale")
    %wq = qc.fake_quant %w scale %ws {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8, axis = 0>} : (tensor<2x4xf32>, tensor<2xf32>) -> tensor<2x4xf32> loc("fc.weight_quant")
    %b = qc.constant dense<[0.5, -0.5]> : tensor<2xf32> loc("fc.bias")
    %fc = qc.gemm %xq, %wq, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<16x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<16x2xf32> loc("fc")
    %ys = qc.constant dense<[0.125]> : tensor<1xf32> loc("y_scale")
    %y = qc.fake_quant %fc scale %ys {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8>} : (tensor<16x2xf32>, tensor<1xf32>) -> tensor<16x2xf32> loc("y_quant")
    %v = qc.constant dense<[[0.5, 1.5, -2.5], [3.0, -3.0, 0.0], [10.0, -10.0, 0.75], [0.25, 0.5, -0.5]]> : tensor<4x3xf32> loc("mm.weight")
    %vs = qc.constant dense<[1.0, 0.5, 0.25]> : tensor<3xf32> loc("mm.weight_scale")
    %vz = qc.constant dense<[1, 0, -2]> : tensor<3xi32> loc("mm.weight_zero_point")
    %vq = qc.fake_quant %v scale %vs zero_point %vz {spec = #qc.quantizer<grid = affine, bits = 4, axis = 1, rounding = half_away_from_zero>} : (tensor<4x3xf32>, tensor<3xf32>, tensor<3xi32>) -> tensor<4x3xf32> loc("mm.weight_quant")
    %mm = qc.matmul %xq, %vq : (tensor<16x4xf32>, tensor<4x3xf32>) -> tensor<16x3xf32> loc("mm")
    %zs = qc.constant dense<[0.5, 0.25, 0.125]> : tensor<3xf32> loc("z_scale")
    %zz = qc.constant dense<[10, 20, 30]> : tensor<3xi32> loc("z_zero_point")
    %z = qc.fake_quant %mm scale %zs zero_point %zz {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false, axis = 1>} : (tensor<16x3xf32>, tensor<3xf32>, tensor<3xi32>) -> tensor<16x3xf32> loc("z_quant")
    return %y, %z : tensor<16x2xf32>, tensor<16x3xf32>
  }
}
