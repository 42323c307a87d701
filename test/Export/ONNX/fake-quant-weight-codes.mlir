// Weight codes computed at export follow docs/quantization.md where the
// values are not ordinary: NaN becomes qmin, infinities saturate, and w / s is
// a division (1.55 / 0.1 is 15.499999 in f32: 15, not 16, plus the zero
// point 3).
//
// RUN: quantc-translate --export-onnx %s -o %t.onnx
// RUN: %python %utils/onnx/print_model.py %t.onnx | FileCheck %s

// CHECK: initializer w_quantized: uint8[5] = [0, 255, 0, 18, 3]
func.func @main(%x: tensor<5xf32> {qc.name = "x"}) -> (tensor<5xf32> {qc.name = "y"}) {
  %w = qc.constant dense<[0x7FC00000, 0x7F800000, 0xFF800000, 1.55, 0.0]> : tensor<5xf32> loc("w")
  %s = qc.constant dense<0.1> : tensor<f32>
  %z = qc.constant dense<3> : tensor<i32>
  %wq = qc.fake_quant %w scale %s zero_point %z {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>} : (tensor<5xf32>, tensor<f32>, tensor<i32>) -> tensor<5xf32>
  %y = qc.add %x, %wq : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  return %y : tensor<5xf32>
}
