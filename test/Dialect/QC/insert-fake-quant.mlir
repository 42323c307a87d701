// RUN: quantc-opt %s --split-input-file --qc-insert-fake-quant | FileCheck %s
// RUN: quantc-opt %s --split-input-file --qc-insert-fake-quant=activation-type=s8 | FileCheck %s --check-prefix=S8
// RUN: quantc-opt %s --split-input-file --qc-insert-fake-quant=keep-float=first | FileCheck %s --check-prefix=FIRST
// RUN: quantc-opt %s --split-input-file --qc-insert-fake-quant=keep-float=last | FileCheck %s --check-prefix=LAST

// A Conv -> Relu -> MaxPool -> Flatten -> Gemm chain, as ONNX Runtime's QDQ
// quantizer marks it. Scales and zero points are ORT's compute_scale_zp:
//   input [-1, 3] u8: scale 4/255, zero point round(1 / (4/255)) = round(63.75) = 64;
//   Relu [0, 6] u8: scale 6/255, zero point 0;
//   Gemm [-2.5, 2.5] u8: scale 5/255, zero point round(127.5) = 128 (half to even);
//   weights per output channel: max|w| / 127; an all-zero channel gets scale 1.
// s8 activations are symmetric: scale max|x| / 127, zero point 0.

// CHECK-LABEL: func.func @main
// CHECK-SAME:  %[[X:.*]]: tensor<1x1x4x4xf32>
// CHECK-DAG:   %[[XS:.*]] = qc.constant dense<0.0156862754> : tensor<f32>
// CHECK-DAG:   %[[XZ:.*]] = qc.constant dense<64> : tensor<i32>
// CHECK:       %[[XQ:.*]] = qc.fake_quant %[[X]] scale %[[XS]] zero_point %[[XZ]] {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>}
// CHECK:       %[[W:.*]] = qc.constant dense<{{\[}}{{\[}}{{\[}}[5.000000e-01]]], {{\[}}{{\[}}[-2.000000e+00]]]]>
// CHECK:       %[[B:.*]] = qc.constant dense<[1.000000e-01, 2.000000e-01]>
// CHECK:       %[[FCW:.*]] = qc.constant {{.*}} : tensor<3x8xf32>
// CHECK:       %[[WS:.*]] = qc.constant dense<[0.00393700786, 0.0157480314]> : tensor<2xf32>
// CHECK:       %[[WQ:.*]] = qc.fake_quant %[[W]] scale %[[WS]] {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8, axis = 0>}
// The bias stays float:
// CHECK:       %[[CONV:.*]] = qc.conv %[[XQ]], %[[WQ]], %[[B]]
// No fake-quant between the Conv and its Relu: the Relu's output range is used.
// CHECK-NEXT:  %[[RELU:.*]] = qc.relu %[[CONV]]
// CHECK-DAG:   %[[RS:.*]] = qc.constant dense<0.0235294122> : tensor<f32>
// CHECK-DAG:   %[[RZ:.*]] = qc.constant dense<0> : tensor<i32>
// CHECK:       %[[RQ:.*]] = qc.fake_quant %[[RELU]] scale %[[RS]] zero_point %[[RZ]]
// MaxPool and Flatten repeat their input's quantization.
// CHECK-NEXT:  %[[POOL:.*]] = qc.max_pool %[[RQ]]
// CHECK-NEXT:  %[[PQ:.*]] = qc.fake_quant %[[POOL]] scale %[[RS]] zero_point %[[RZ]]
// CHECK-NEXT:  %[[FLAT:.*]] = qc.flatten %[[PQ]]
// CHECK-NEXT:  %[[FQ:.*]] = qc.fake_quant %[[FLAT]] scale %[[RS]] zero_point %[[RZ]]
// Gemm with transB: per row of B.
// CHECK-NEXT:  %[[FCS:.*]] = qc.constant dense<[0.00787401571, 1.000000e+00, 1.000000e+00]> : tensor<3xf32>
// CHECK-NEXT:  %[[FCWQ:.*]] = qc.fake_quant %[[FCW]] scale %[[FCS]] {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8, axis = 0>}
// CHECK-NEXT:  %[[GEMM:.*]] = qc.gemm %[[FQ]], %[[FCWQ]]
// CHECK-DAG:   %[[GS:.*]] = qc.constant dense<0.0196078438> : tensor<f32>
// CHECK-DAG:   %[[GZ:.*]] = qc.constant dense<128> : tensor<i32>
// CHECK:       %[[GQ:.*]] = qc.fake_quant %[[GEMM]] scale %[[GS]] zero_point %[[GZ]]
// The graph output is the quantized one.
// CHECK-NEXT:  return %[[GQ]]

// S8-LABEL: func.func @main
// S8:       qc.constant dense<0.0236220472> : tensor<f32>
// S8-NEXT:  qc.constant dense<0> : tensor<i32>
// S8-NEXT:  qc.fake_quant %{{.*}} {spec = #qc.quantizer<grid = affine, bits = 8>}
// S8:       qc.constant dense<0.0472440943> : tensor<f32>
// S8-NEXT:  qc.constant dense<0> : tensor<i32>
// S8:       qc.constant dense<0.0196850393> : tensor<f32>
// S8-NEXT:  qc.constant dense<0> : tensor<i32>

// --keep-float=first: the Conv's input and weights stay float, and so do
// its Relu, MaxPool and Flatten; the Gemm's input is quantized with the
// Flatten's own range.
// FIRST-LABEL: func.func @main
// FIRST-NOT:   qc.fake_quant %arg0
// FIRST:       qc.conv %arg0, %{{[0-9]+}}, %{{[0-9]+}}
// FIRST-NEXT:  qc.relu
// FIRST-NEXT:  qc.max_pool
// FIRST-NEXT:  %[[FLAT:.*]] = qc.flatten
// FIRST-NEXT:  qc.constant dense<0.0313725509>
// FIRST-NEXT:  qc.constant dense<0>
// FIRST-NEXT:  qc.fake_quant %[[FLAT]]
// FIRST:       qc.fake_quant {{.*}}grid = symmetric_narrow
// FIRST-NEXT:  qc.gemm

// LAST-LABEL: func.func @main
// LAST:       qc.fake_quant {{.*}}grid = symmetric_narrow
// LAST-NEXT:  qc.conv
// LAST-NOT:   grid = symmetric_narrow
// LAST:       %[[G:.*]] = qc.gemm
// LAST-NEXT:  return %[[G]]
func.func @main(%x: tensor<1x1x4x4xf32> {qc.name = "input", qc.range = array<f64: -1.0, 3.0>}) -> (tensor<1x3xf32> {qc.name = "logits"}) {
  %w = qc.constant dense<[[[[0.5]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32> loc("conv.weight")
  %b = qc.constant dense<[0.1, 0.2]> : tensor<2xf32> loc("conv.bias")
  %wg = qc.constant dense<[[1.0, -1.0, 0.5, 0.25, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<3x8xf32> loc("fc.weight")
  %0 = qc.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("/conv/Conv")
  %1 = qc.relu %0 {qc.ranges = [array<f64: 0.0, 6.0>]} : tensor<1x2x4x4xf32> loc("/relu/Relu")
  %2 = qc.max_pool %1 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> loc("/pool/MaxPool")
  %3 = qc.flatten %2 {axis = 1 : i64, qc.ranges = [array<f64: 0.0, 8.0>]} : (tensor<1x2x2x2xf32>) -> tensor<1x8xf32> loc("/flatten/Flatten")
  %4 = qc.gemm %3, %wg {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = true, qc.ranges = [array<f64: -2.5, 2.5>]} : (tensor<1x8xf32>, tensor<3x8xf32>) -> tensor<1x3xf32> loc("/fc/Gemm")
  return %4 : tensor<1x3xf32>
}

// -----

// MatMul: weights per column (the last axis of B). A MatMul output read by
// two ops is quantized itself; the Relu after it, whose input is quantized,
// and the residual Add are quantized too, as ORT does.

// CHECK-LABEL: func.func @matmul_and_shared_output
// CHECK:       qc.constant dense<[0.0157480314, 0.0236220472]> : tensor<2xf32>
// CHECK-NEXT:  qc.fake_quant %{{.*}} {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8, axis = 1>} : (tensor<3x2xf32>, tensor<2xf32>)
// CHECK-NEXT:  %[[MM:.*]] = qc.matmul
// CHECK:       %[[MMQ:.*]] = qc.fake_quant %[[MM]]
// CHECK-NEXT:  %[[RELU:.*]] = qc.relu %[[MMQ]]
// CHECK:       %[[RELUQ:.*]] = qc.fake_quant %[[RELU]]
// CHECK-NEXT:  %[[ADD:.*]] = qc.add %[[MMQ]], %[[RELUQ]]
// Add [-4, 8]: scale 12/255, zero point round(4 / (12/255)) = 85.
// CHECK-DAG:   %[[AS:.*]] = qc.constant dense<0.0470588244> : tensor<f32>
// CHECK-DAG:   %[[AZ:.*]] = qc.constant dense<85> : tensor<i32>
// CHECK:       qc.fake_quant %[[ADD]] scale %[[AS]] zero_point %[[AZ]]
func.func @matmul_and_shared_output(%x: tensor<4x3xf32> {qc.name = "x", qc.range = array<f64: 0.0, 1.0>}) -> tensor<4x2xf32> {
  %w = qc.constant dense<[[1.0, -3.0], [-2.0, 0.5], [0.0, 1.0]]> : tensor<3x2xf32> loc("w")
  %0 = qc.matmul %x, %w {qc.ranges = [array<f64: -4.0, 4.0>]} : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32> loc("/mm/MatMul")
  %1 = qc.relu %0 {qc.ranges = [array<f64: 0.0, 4.0>]} : tensor<4x2xf32> loc("/relu/Relu")
  %2 = qc.add %0, %1 {qc.ranges = [array<f64: -4.0, 8.0>]} : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32> loc("/add/Add")
  %w2 = qc.constant dense<[[1.0, 0.0], [0.0, 1.0]]> : tensor<2x2xf32> loc("w2")
  %3 = qc.matmul %2, %w2 {qc.ranges = [array<f64: -1.0, 1.0>]} : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32> loc("/mm2/MatMul")
  return %3 : tensor<4x2xf32>
}
