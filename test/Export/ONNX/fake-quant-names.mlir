// Names of exported quantizers are deterministic: a tensor quantized twice
// gets its names with _1; names the graph already uses are not taken; the
// float weights, never written, leave their name free.
//
// RUN: quantc-translate --export-onnx %s -o %t.onnx
// RUN: %python %utils/onnx/print_model.py %t.onnx | FileCheck %s

// CHECK:      initializer w_scale: float32[] = [0.5]
// CHECK-NEXT: initializer w_zero_point: int8[] = [0]
// CHECK-NEXT: initializer w_quantized: int8[2, 2] = [1, 2, 3, 4]
// CHECK-NEXT: initializer w_scale_1: float32[] = [0.25]
// CHECK-NEXT: initializer w_zero_point_1: int8[] = [0]
// CHECK-NEXT: initializer w_quantized_1: int8[2, 2] = [2, 4, 6, 8]
// CHECK-NEXT: initializer x_scale_2: float32[] = [0.125]
// CHECK-NEXT: initializer x_zero_point: int8[] = [0]
// CHECK-NEXT: initializer x_scale_3: float32[] = [0.0625]
// CHECK-NEXT: initializer x_zero_point_1: int8[] = [0]
// CHECK-NEXT: node w_DequantizeLinear: DequantizeLinear(w_quantized, w_scale, w_zero_point) -> (w_DequantizeLinear_Output)
// CHECK-NEXT: node w_DequantizeLinear_1: DequantizeLinear(w_quantized_1, w_scale_1, w_zero_point_1) -> (w_DequantizeLinear_Output_1)
// CHECK-NEXT: node x_QuantizeLinear: QuantizeLinear(x, x_scale_2, x_zero_point) -> (x_QuantizeLinear_Output)
// CHECK-NEXT: node x_DequantizeLinear: DequantizeLinear(x_QuantizeLinear_Output, x_scale_2, x_zero_point) -> (x_DequantizeLinear_Output)
// CHECK-NEXT: node a: MatMul(x_DequantizeLinear_Output, w_DequantizeLinear_Output) -> (a)
// CHECK-NEXT: node x_QuantizeLinear_1: QuantizeLinear(x, x_scale_3, x_zero_point_1) -> (x_QuantizeLinear_Output_1)
// CHECK-NEXT: node x_DequantizeLinear_1: DequantizeLinear(x_QuantizeLinear_Output_1, x_scale_3, x_zero_point_1) -> (x_DequantizeLinear_Output_1)
// CHECK-NEXT: node b: MatMul(x_DequantizeLinear_Output_1, w_DequantizeLinear_Output_1) -> (b)
func.func @main(%x: tensor<2x2xf32> {qc.name = "x"}, %x_scale: tensor<2x2xf32> {qc.name = "x_scale"}, %x_scale_1: tensor<2x2xf32> {qc.name = "x_scale_1"}) -> (tensor<2x2xf32> {qc.name = "a"}, tensor<2x2xf32> {qc.name = "b"}, tensor<2x2xf32> {qc.name = "x_scale"}, tensor<2x2xf32> {qc.name = "x_scale_1"}) {
  %w = qc.constant dense<[[0.5, 1.0], [1.5, 2.0]]> : tensor<2x2xf32> loc("w")
  %ws = qc.constant dense<0.5> : tensor<f32> loc("w_scale_constant")
  %ws2 = qc.constant dense<0.25> : tensor<f32>
  %wa = qc.fake_quant %w scale %ws {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32> loc("a")
  %wb = qc.fake_quant %w scale %ws2 {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32> loc("b")
  %xs = qc.constant dense<0.125> : tensor<f32>
  %xs2 = qc.constant dense<0.0625> : tensor<f32>
  %xa = qc.fake_quant %x scale %xs {spec = #qc.quantizer<grid = affine, bits = 8>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32> loc("a")
  %a = qc.matmul %xa, %wa : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32> loc("a")
  %xb = qc.fake_quant %x scale %xs2 {spec = #qc.quantizer<grid = affine, bits = 8>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32> loc("b")
  %b = qc.matmul %xb, %wb : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32> loc("b")
  return %a, %b, %x_scale, %x_scale_1 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}
