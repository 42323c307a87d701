// Runs the lowered MaxPool and AveragePool and checks the numbers against
// values worked out by hand on
//   [[ 1,  2,  3,  4],
//    [ 5,  6,  7,  8],
//    [ 9, 10, 11, 12],
//    [13, 14, 15, 16]].
//
// RUN: quantc-opt %s --convert-qc-to-linalg %{lower-to-llvm} | %{run-main} | FileCheck %s

func.func private @printMemrefF32(%ptr : tensor<*xf32>)
func.func private @printMemrefI32(%ptr : tensor<*xi32>)

func.func @main() {
  %x = qc.constant dense<[[[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0], [13.0, 14.0, 15.0, 16.0]]]]> : tensor<1x1x4x4xf32>

  // 2x2 windows, stride 2.
  // CHECK: [6,{{ +}}8]
  // CHECK: [14,{{ +}}16]
  %m = qc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %mu = tensor.cast %m : tensor<1x1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%mu) : (tensor<*xf32>) -> ()

  // 3x3 windows, stride 2, ceil_mode: the second window in each dimension
  // covers only rows/columns 2 and 3.
  // CHECK: [11,{{ +}}12]
  // CHECK: [15,{{ +}}16]
  %c = qc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %cu = tensor.cast %c : tensor<1x1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%cu) : (tensor<*xf32>) -> ()

  // Dilation 2 with a 2x2 kernel reads the corners of 3x3 squares:
  // (0,0): max(1, 3, 9, 11) = 11; (0,1): 12; (1,0): 15; (1,1): 16.
  // CHECK: [11,{{ +}}12]
  // CHECK: [15,{{ +}}16]
  %d = qc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, ceil_mode = false} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %du = tensor.cast %d : tensor<1x1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%du) : (tensor<*xf32>) -> ()

  // 3x3 average with pads of 1, padding not counted. First row:
  // (1+2+5+6)/4, (1+2+3+5+6+7)/6, (2+3+4+6+7+8)/6, (3+4+7+8)/4.
  // CHECK: {{\[\[\[\[}}3.5,{{ +}}4,{{ +}}5,{{ +}}5.5]
  %a = qc.average_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = false, count_include_pad = false} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  %au = tensor.cast %a : tensor<1x1x4x4xf32> to tensor<*xf32>
  call @printMemrefF32(%au) : (tensor<*xf32>) -> ()

  // The same with padding counted: every divisor is 9.
  // CHECK: {{\[\[\[\[}}1.55556,{{ +}}2.66667,{{ +}}3.33333,{{ +}}2.44444]
  %i = qc.average_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = false, count_include_pad = true} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  %iu = tensor.cast %i : tensor<1x1x4x4xf32> to tensor<*xf32>
  call @printMemrefF32(%iu) : (tensor<*xf32>) -> ()

  // ceil_mode's partial windows divide by the taps inside the (padded)
  // input: 54/9, 45/6, 72/6, 54/4, as ONNX Runtime counts.
  // CHECK: [6,{{ +}}7.5]
  // CHECK: [12,{{ +}}13.5]
  %p = qc.average_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = true, count_include_pad = true} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %pu = tensor.cast %p : tensor<1x1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%pu) : (tensor<*xf32>) -> ()

  // uint8 max pooling compares unsigned (200 is not -56) and pads with 0;
  // int8 pads with -128, which never wins over -100.
  // CHECK: [1,{{ +}}200,{{ +}}200,{{ +}}3]
  // CHECK: [-100,{{ +}}-100,{{ +}}-3,{{ +}}-3]
  %b = qc.constant dense<[[[1, 200, 3]]]> : tensor<1x1x3xui8>
  %bm = qc.max_pool %b {kernel_shape = array<i64: 2>, strides = array<i64: 1>, pads = array<i64: 1, 1>, dilations = array<i64: 1>, ceil_mode = false} : (tensor<1x1x3xui8>) -> tensor<1x1x4xui8>
  %bw = qc.cast %bm : (tensor<1x1x4xui8>) -> tensor<1x1x4xi32>
  %bu = tensor.cast %bw : tensor<1x1x4xi32> to tensor<*xi32>
  call @printMemrefI32(%bu) : (tensor<*xi32>) -> ()
  %s = qc.constant dense<[[[-100, -120, -3]]]> : tensor<1x1x3xi8>
  %sm = qc.max_pool %s {kernel_shape = array<i64: 2>, strides = array<i64: 1>, pads = array<i64: 1, 1>, dilations = array<i64: 1>, ceil_mode = false} : (tensor<1x1x3xi8>) -> tensor<1x1x4xi8>
  %sw = qc.cast %sm : (tensor<1x1x4xi8>) -> tensor<1x1x4xi32>
  %su = tensor.cast %sw : tensor<1x1x4xi32> to tensor<*xi32>
  call @printMemrefI32(%su) : (tensor<*xi32>) -> ()
  return
}