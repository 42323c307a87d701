// Runs the lowered data-movement and reduction ops and checks the numbers
// against values worked out by hand.
//
// RUN: quantc-opt %s --convert-qc-to-linalg %{lower-to-llvm} | %{run-main} | FileCheck %s

func.func private @printMemrefF32(%ptr : tensor<*xf32>)
func.func private @printMemrefI32(%ptr : tensor<*xi32>)

func.func @main() {
  // x = [[0, 1, 2], [3, 4, 5]]
  %x = qc.constant dense<[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]> : tensor<2x3xf32>

  // CHECK: [0,   3]
  // CHECK: [1,   4]
  // CHECK: [2,   5]
  %t = qc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %tu = tensor.cast %t : tensor<3x2xf32> to tensor<*xf32>
  call @printMemrefF32(%tu) : (tensor<*xf32>) -> ()

  // CHECK: [0,  1,  2,  3,  4,  5]
  %r = qc.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  %ru = tensor.cast %r : tensor<6xf32> to tensor<*xf32>
  call @printMemrefF32(%ru) : (tensor<*xf32>) -> ()

  // Columns 0 and 2 of both rows, then concatenated below x.
  // CHECK: [0,   2]
  // CHECK: [3,   5]
  %s = qc.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 2, 3>, steps = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  %su = tensor.cast %s : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%su) : (tensor<*xf32>) -> ()

  // Backward: rows 1, 0 and columns 2, 0 (steps -1 and -2).
  // CHECK: [5,{{ +}}3]
  // CHECK: [2,{{ +}}0]
  %b = qc.slice %x {starts = array<i64: 1, 2>, ends = array<i64: -1, -1>, steps = array<i64: -1, -2>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  %bu = tensor.cast %b : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%bu) : (tensor<*xf32>) -> ()

  // CHECK: [0,   1,   2]
  // CHECK: [3,   4,   5]
  // CHECK: [0,   1,   2]
  // CHECK: [3,   4,   5]
  %c = qc.concat %x, %x {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %cu = tensor.cast %c : tensor<4x3xf32> to tensor<*xf32>
  call @printMemrefF32(%cu) : (tensor<*xf32>) -> ()

  // Row sums 3 and 12, kept as a column.
  // CHECK: [3]
  // CHECK: [12]
  %sum = qc.reduce_sum %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %sumu = tensor.cast %sum : tensor<2x1xf32> to tensor<*xf32>
  call @printMemrefF32(%sumu) : (tensor<*xf32>) -> ()

  // Column means 1.5, 2.5, 3.5; column maxima 3, 4, 5.
  // CHECK: [1.5,  2.5,  3.5]
  %mean = qc.reduce_mean %x {axes = array<i64: 0>, keepdims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
  %meanu = tensor.cast %mean : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%meanu) : (tensor<*xf32>) -> ()
  // CHECK: [3,  4,  5]
  %max = qc.reduce_max %x {axes = array<i64: 0>, keepdims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
  %maxu = tensor.cast %max : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%maxu) : (tensor<*xf32>) -> ()

  // Global pools over 2x2 planes of one image with two channels:
  // channel 0 = [[1, 2], [3, 4]], channel 1 = [[-1, -2], [-3, -8]].
  // CHECK: [2.5]
  // CHECK: [-3.5]
  // CHECK: [4]
  // CHECK: [-1]
  %img = qc.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[-1.0, -2.0], [-3.0, -8.0]]]]> : tensor<1x2x2x2xf32>
  %gap = qc.global_average_pool %img : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %gapu = tensor.cast %gap : tensor<1x2x1x1xf32> to tensor<*xf32>
  call @printMemrefF32(%gapu) : (tensor<*xf32>) -> ()
  %gmp = qc.global_max_pool %img : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %gmpu = tensor.cast %gmp : tensor<1x2x1x1xf32> to tensor<*xf32>
  call @printMemrefF32(%gmpu) : (tensor<*xf32>) -> ()

  // uint8 rows [200, 100, 3] and [7, 250, 9]: maxima compare unsigned, sums
  // wrap modulo 256 (303 - 256, 266 - 256).
  // CHECK: [200,{{ +}}250]
  // CHECK: [47,{{ +}}10]
  %u = qc.constant dense<[[200, 100, 3], [7, 250, 9]]> : tensor<2x3xui8>
  %umax = qc.reduce_max %u {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xui8>) -> tensor<2xui8>
  %umaxw = qc.cast %umax : (tensor<2xui8>) -> tensor<2xi32>
  %umaxu = tensor.cast %umaxw : tensor<2xi32> to tensor<*xi32>
  call @printMemrefI32(%umaxu) : (tensor<*xi32>) -> ()
  %usum = qc.reduce_sum %u {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xui8>) -> tensor<2xui8>
  %usumw = qc.cast %usum : (tensor<2xui8>) -> tensor<2xi32>
  %usumu = tensor.cast %usumw : tensor<2xi32> to tensor<*xi32>
  call @printMemrefI32(%usumu) : (tensor<*xi32>) -> ()
  return
}
