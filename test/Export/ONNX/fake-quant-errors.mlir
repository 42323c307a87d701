// Fake-quants that ONNX QuantizeLinear/DequantizeLinear (opset 13 to 18)
// cannot express: one error each, naming the ONNX node (the op's location).
//
// RUN: not quantc-translate --export-onnx %s --split-input-file -o /dev/null 2>&1 | FileCheck %s

// CHECK: error: {{.*}}ONNX node 'binary_act': 'qc.fake_quant' cannot be exported as ONNX QuantizeLinear/DequantizeLinear: grid zero_free has no ONNX form (only affine and symmetric_narrow do)
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %s = qc.constant dense<1.0> : tensor<f32>
  %y = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = zero_free, bits = 1>} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32> loc("binary_act")
  return %y : tensor<1x4xf32>
}

// -----

// CHECK: error: {{.*}}ONNX node 'pact_act': 'qc.fake_quant' cannot be exported as ONNX QuantizeLinear/DequantizeLinear: grid unsigned_clipped has no ONNX form
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %a = qc.constant dense<6.0> : tensor<f32>
  %y = qc.fake_quant %x clip %a {spec = #qc.quantizer<grid = unsigned_clipped, bits = 4>} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32> loc("pact_act")
  return %y : tensor<1x4xf32>
}

// -----

// CHECK: error: {{.*}}ONNX node 'wide_act': 'qc.fake_quant' cannot be exported as ONNX QuantizeLinear/DequantizeLinear: 16-bit codes: QuantizeLinear stores 8-bit codes before opset 21
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %s = qc.constant dense<1.0> : tensor<f32>
  %z = qc.constant dense<0> : tensor<i32>
  %y = qc.fake_quant %x scale %s zero_point %z {spec = #qc.quantizer<grid = affine, bits = 16>} : (tensor<1x4xf32>, tensor<f32>, tensor<i32>) -> tensor<1x4xf32> loc("wide_act")
  return %y : tensor<1x4xf32>
}

// -----

// CHECK: error: {{.*}}ONNX node 'grouped_weight': 'qc.fake_quant' cannot be exported as ONNX QuantizeLinear/DequantizeLinear: group_size 2 (blocked quantization) needs QuantizeLinear of opset 21
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %w = qc.constant dense<1.0> : tensor<2x4xf32>
  %s = qc.constant dense<[1.0, 0.5]> : tensor<2xf32>
  %q = qc.fake_quant %w scale %s {spec = #qc.quantizer<grid = symmetric_narrow, bits = 4, axis = 1, group_size = 2>} : (tensor<2x4xf32>, tensor<2xf32>) -> tensor<2x4xf32> loc("grouped_weight")
  %y = qc.gemm %x, %q {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// Learned (QAT) parameters that are not constants yet.
// CHECK: error: {{.*}}ONNX node 'learned_act': 'qc.fake_quant' cannot be exported as ONNX QuantizeLinear/DequantizeLinear: its scale is not a constant
func.func @main(%x: tensor<1x4xf32>, %s: tensor<f32>) -> tensor<1x4xf32> {
  %y = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8>} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32> loc("learned_act")
  return %y : tensor<1x4xf32>
}

// -----

// CHECK: error: {{.*}}ONNX node 'learned_zero_point': 'qc.fake_quant' cannot be exported as ONNX QuantizeLinear/DequantizeLinear: its zero point is not a constant
func.func @main(%x: tensor<1x4xf32>, %z: tensor<i32>) -> tensor<1x4xf32> {
  %s = qc.constant dense<1.0> : tensor<f32>
  %y = qc.fake_quant %x scale %s zero_point %z {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>} : (tensor<1x4xf32>, tensor<f32>, tensor<i32>) -> tensor<1x4xf32> loc("learned_zero_point")
  return %y : tensor<1x4xf32>
}

// -----

// CHECK: error: {{.*}}ONNX node 'shifted_act': 'qc.fake_quant' cannot be exported as ONNX QuantizeLinear/DequantizeLinear: zero point 300 does not fit uint8
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %s = qc.constant dense<1.0> : tensor<f32>
  %z = qc.constant dense<300> : tensor<i32>
  %y = qc.fake_quant %x scale %s zero_point %z {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>} : (tensor<1x4xf32>, tensor<f32>, tensor<i32>) -> tensor<1x4xf32> loc("shifted_act")
  return %y : tensor<1x4xf32>
}

// -----

// Weights may round any way (the exporter computes their codes); a computed
// tensor only half to even.
// CHECK: error: {{.*}}ONNX node 'half_up_act': 'qc.fake_quant' cannot be exported as ONNX QuantizeLinear/DequantizeLinear: rounding half_up on a computed tensor (QuantizeLinear rounds half to even)
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %s = qc.constant dense<1.0> : tensor<f32>
  %y = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8, rounding = half_up>} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32> loc("half_up_act")
  return %y : tensor<1x4xf32>
}

// -----

// CHECK: error: {{.*}}ONNX node 'half_act': 'qc.fake_quant' cannot be exported as ONNX QuantizeLinear/DequantizeLinear: QuantizeLinear before opset 19 takes f32 values and scales, not 'f16'
func.func @main(%x: tensor<1x4xf16>) -> tensor<1x4xf16> {
  %s = qc.constant dense<1.0> : tensor<f16>
  %y = qc.fake_quant %x scale %s {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8>} : (tensor<1x4xf16>, tensor<f16>) -> tensor<1x4xf16> loc("half_act")
  return %y : tensor<1x4xf16>
}
