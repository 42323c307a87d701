// Runs the lowered elementwise ops (JIT through upstream's LLVM lowering) and
// checks the numbers against values worked out by hand from the ONNX
// definitions.
//
// RUN: quantc-opt %s --convert-qc-to-linalg %{lower-to-llvm} | %{run-main} | FileCheck %s

func.func private @printMemrefF32(%ptr : tensor<*xf32>)
func.func private @printMemrefI64(%ptr : tensor<*xi64>)
func.func private @printMemrefI32(%ptr : tensor<*xi32>)

func.func @print(%t: tensor<6xf32>) {
  %u = tensor.cast %t : tensor<6xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %x = qc.constant dense<[-2.0, -0.5, 0.0, 1.5, 3.0, 7.0]> : tensor<6xf32>

  // CHECK: [0,  0,  0,  1.5,  3,  7]
  %relu = qc.relu %x : tensor<6xf32>
  call @print(%relu) : (tensor<6xf32>) -> ()

  // 1 / (1 + e^-x)
  // CHECK: [0.119203,  0.377541,  0.5,  0.817574,  0.952574,  0.999089]
  %sigmoid = qc.sigmoid %x : tensor<6xf32>
  call @print(%sigmoid) : (tensor<6xf32>) -> ()

  // CHECK: [-0.2,  -0.05,  0,  1.5,  3,  7]
  %leaky = qc.leaky_relu %x {alpha = 1.0e-01 : f32} : tensor<6xf32>
  call @print(%leaky) : (tensor<6xf32>) -> ()

  // x * clamp(x / 6 + 1/2, 0, 1)
  // CHECK: [-0.333333,  -0.208333,  0,  1.125,  3,  7]
  %hswish = qc.hard_swish %x : tensor<6xf32>
  call @print(%hswish) : (tensor<6xf32>) -> ()

  // CHECK: [0,  0,  0,  1.5,  3,  6]
  %lo = qc.constant dense<0.0> : tensor<f32>
  %hi = qc.constant dense<6.0> : tensor<f32>
  %clip = qc.clip %x min %lo max %hi : (tensor<6xf32>, tensor<f32>, tensor<f32>) -> tensor<6xf32>
  call @print(%clip) : (tensor<6xf32>) -> ()

  // CHECK: [-1,  -1,  0,  1,  1,  1]
  %sign = qc.sign %x : tensor<6xf32>
  call @print(%sign) : (tensor<6xf32>) -> ()

  // CHECK: [2,  0.5,  0,  1.5,  3,  7]
  %abs = qc.abs %x : tensor<6xf32>
  call @print(%abs) : (tensor<6xf32>) -> ()

  // Per-channel PRelu: the slope [0.5, 0.25, 0.1] broadcasts over rows.
  // CHECK: [-0.5,   2,   -0.3]
  // CHECK: [4,   -1.25,   6]
  %p = qc.constant dense<[[-1.0, 2.0, -3.0], [4.0, -5.0, 6.0]]> : tensor<2x3xf32>
  %slope = qc.constant dense<[0.5, 0.25, 0.1]> : tensor<3xf32>
  %prelu = qc.prelu %p, %slope : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %prelu_u = tensor.cast %prelu : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%prelu_u) : (tensor<*xf32>) -> ()

  // Column [1, 2] plus row [10, 20, 30].
  // CHECK: [11,   21,   31]
  // CHECK: [12,   22,   32]
  %a = qc.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = qc.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %sum = qc.add %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %sum_u = tensor.cast %sum : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%sum_u) : (tensor<*xf32>) -> ()

  // Integer division truncates toward zero.
  // CHECK: [3,  -3,  -2]
  %n = qc.constant dense<[7, -7, -9]> : tensor<3xi64>
  %d = qc.constant dense<[2, 2, 4]> : tensor<3xi64>
  %q = qc.div %n, %d : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %q_u = tensor.cast %q : tensor<3xi64> to tensor<*xi64>
  call @printMemrefI64(%q_u) : (tensor<*xi64>) -> ()

  // uint8 wraps modulo 256 and divides, compares and widens unsigned (as
  // signed bytes 200 and 250 would be -56 and -6). Printed widened to i32.
  %u = qc.constant dense<[200, 250, 16, 5]> : tensor<4xui8>
  %v = qc.constant dense<[100, 7, 20, 201]> : tensor<4xui8>
  // 300 - 256, 257 - 256, 36, 206
  // CHECK: [44,{{ +}}1,{{ +}}36,{{ +}}206]
  %usum = qc.add %u, %v : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  call @printU8(%usum) : (tensor<4xui8>) -> ()
  // 100, 243, 252, 5 - 201 + 256
  // CHECK: [100,{{ +}}243,{{ +}}252,{{ +}}60]
  %udiff = qc.sub %u, %v : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  call @printU8(%udiff) : (tensor<4xui8>) -> ()
  // 20000 mod 256, 1750 mod 256, 320 - 256, 1005 mod 256
  // CHECK: [32,{{ +}}214,{{ +}}64,{{ +}}237]
  %uprod = qc.mul %u, %v : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  call @printU8(%uprod) : (tensor<4xui8>) -> ()
  // CHECK: [2,{{ +}}35,{{ +}}0,{{ +}}0]
  %uquot = qc.div %u, %v : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  call @printU8(%uquot) : (tensor<4xui8>) -> ()
  // Clipped to [10, 220].
  // CHECK: [200,{{ +}}220,{{ +}}16,{{ +}}10]
  %ulo = qc.constant dense<10> : tensor<ui8>
  %uhi = qc.constant dense<220> : tensor<ui8>
  %uclip = qc.clip %u min %ulo max %uhi : (tensor<4xui8>, tensor<ui8>, tensor<ui8>) -> tensor<4xui8>
  call @printU8(%uclip) : (tensor<4xui8>) -> ()
  return
}

func.func @printU8(%t: tensor<4xui8>) {
  %w = qc.cast %t : (tensor<4xui8>) -> tensor<4xi32>
  %u = tensor.cast %w : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}
