// Runs the lowered Pad and Gather and checks the numbers against values
// worked out by hand.
//
// RUN: quantc-opt %s --convert-qc-to-linalg %{lower-to-llvm} | %{run-main} | FileCheck %s

func.func private @printMemrefF32(%ptr : tensor<*xf32>)

func.func @main() {
  // One column of 9s in front, one row of 9s below.
  // CHECK: [9,{{ +}}1,{{ +}}2]
  // CHECK: [9,{{ +}}3,{{ +}}4]
  // CHECK: [9,{{ +}}9,{{ +}}9]
  %x = qc.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %p = qc.pad %x {pads = array<i64: 0, 1, 1, 0>, mode = #qc<pad_mode constant>, value = 9.0 : f64} : (tensor<2x2xf32>) -> tensor<3x3xf32>
  %pu = tensor.cast %p : tensor<3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%pu) : (tensor<*xf32>) -> ()

  // A negative pad crops: drop the first element, then append two zeros.
  // CHECK: {{\[\[}}2,{{ +}}3,{{ +}}4,{{ +}}0,{{ +}}0]]
  %r = qc.constant dense<[[1.0, 2.0, 3.0, 4.0]]> : tensor<1x4xf32>
  %c = qc.pad %r {pads = array<i64: 0, -1, 0, 2>, mode = #qc<pad_mode constant>, value = 0.0 : f64} : (tensor<1x4xf32>) -> tensor<1x5xf32>
  %cu = tensor.cast %c : tensor<1x5xf32> to tensor<*xf32>
  call @printMemrefF32(%cu) : (tensor<*xf32>) -> ()

  // [[1, 2, 3], [4, 5, 6]] padded by one row above, two columns left and one
  // right. Edge repeats the border elements.
  // CHECK: {{\[\[}}1,{{ +}}1,{{ +}}1,{{ +}}2,{{ +}}3,{{ +}}3]
  // CHECK:  [1,{{ +}}1,{{ +}}1,{{ +}}2,{{ +}}3,{{ +}}3]
  // CHECK:  [4,{{ +}}4,{{ +}}4,{{ +}}5,{{ +}}6,{{ +}}6]]
  %m = qc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %e = qc.pad %m {pads = array<i64: 1, 2, 0, 1>, mode = #qc<pad_mode edge>, value = 0.0 : f64} : (tensor<2x3xf32>) -> tensor<3x6xf32>
  %eu = tensor.cast %e : tensor<3x6xf32> to tensor<*xf32>
  call @printMemrefF32(%eu) : (tensor<*xf32>) -> ()

  // Reflect mirrors at the border elements without repeating them: rows
  // 1, 0, 1 and columns 2, 1, 0, 1, 2, 1.
  // CHECK: {{\[\[}}6,{{ +}}5,{{ +}}4,{{ +}}5,{{ +}}6,{{ +}}5]
  // CHECK:  [3,{{ +}}2,{{ +}}1,{{ +}}2,{{ +}}3,{{ +}}2]
  // CHECK:  [6,{{ +}}5,{{ +}}4,{{ +}}5,{{ +}}6,{{ +}}5]]
  %rf = qc.pad %m {pads = array<i64: 1, 2, 0, 1>, mode = #qc<pad_mode reflect>, value = 0.0 : f64} : (tensor<2x3xf32>) -> tensor<3x6xf32>
  %rfu = tensor.cast %rf : tensor<3x6xf32> to tensor<*xf32>
  call @printMemrefF32(%rfu) : (tensor<*xf32>) -> ()

  // A negative pad crops before the edge is repeated: [2, 3, 4], then 4 twice.
  // CHECK: {{\[\[}}2,{{ +}}3,{{ +}}4,{{ +}}4,{{ +}}4]]
  %ce = qc.pad %r {pads = array<i64: 0, -1, 0, 2>, mode = #qc<pad_mode edge>, value = 0.0 : f64} : (tensor<1x4xf32>) -> tensor<1x5xf32>
  %ceu = tensor.cast %ce : tensor<1x5xf32> to tensor<*xf32>
  call @printMemrefF32(%ceu) : (tensor<*xf32>) -> ()

  // Columns 2 and -3 (= 0) of [[0, 1, 2], [3, 4, 5]].
  // CHECK: [2,{{ +}}0]
  // CHECK: [5,{{ +}}3]
  %d = qc.constant dense<[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]> : tensor<2x3xf32>
  %i = qc.constant dense<[2, -3]> : tensor<2xi64>
  %g = qc.gather %d, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x2xf32>
  %gu = tensor.cast %g : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%gu) : (tensor<*xf32>) -> ()

  // Rows [[1], [0]] of the same data: shape 2x1x3.
  // CHECK: {{\[\[\[}}3,{{ +}}4,{{ +}}5]]
  // CHECK: {{\[\[}}0,{{ +}}1,{{ +}}2]]]
  %rows = qc.constant dense<[[1], [0]]> : tensor<2x1xi64>
  %gr = qc.gather %d, %rows {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x1xi64>) -> tensor<2x1x3xf32>
  %gru = tensor.cast %gr : tensor<2x1x3xf32> to tensor<*xf32>
  call @printMemrefF32(%gru) : (tensor<*xf32>) -> ()
  return
}
