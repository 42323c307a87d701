// Runs the portable Conv, MatMul and Gemm lowerings and checks the numbers
// against values worked out by hand.
//
// RUN: quantc-opt %s --convert-qc-to-linalg %{lower-to-llvm} | %{run-main} | FileCheck %s

func.func private @printMemrefF32(%ptr : tensor<*xf32>)

func.func @main() {
  %x = qc.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>

  // A diagonal 2x2 kernel plus bias 10: x[i][j] + x[i+1][j+1] + 10.
  // CHECK: [16,{{ +}}18]
  // CHECK: [22,{{ +}}24]
  %w = qc.constant dense<[[[[1.0, 0.0], [0.0, 1.0]]]]> : tensor<1x1x2x2xf32>
  %b = qc.constant dense<[10.0]> : tensor<1xf32>
  %c = qc.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %cu = tensor.cast %c : tensor<1x1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%cu) : (tensor<*xf32>) -> ()

  // A 3x3 box, pads 1, stride 2: the sums of the 2x2 corners.
  // CHECK: [12,{{ +}}16]
  // CHECK: [24,{{ +}}28]
  %ones = qc.constant dense<1.0> : tensor<1x1x3x3xf32>
  %p = qc.conv %x, %ones {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  %pu = tensor.cast %p : tensor<1x1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%pu) : (tensor<*xf32>) -> ()

  // Depthwise (group 2): each channel by its own weight, 3 * 2 and 5 * 10.
  // CHECK: {{\[\[\[\[}}6]],
  // CHECK: {{\[\[}}50]]]]
  %dx = qc.constant dense<[[[[3.0]], [[5.0]]]]> : tensor<1x2x1x1xf32>
  %dw = qc.constant dense<[[[[2.0]]], [[[10.0]]]]> : tensor<2x1x1x1xf32>
  %dc = qc.conv %dx, %dw {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  %dcu = tensor.cast %dc : tensor<1x2x1x1xf32> to tensor<*xf32>
  call @printMemrefF32(%dcu) : (tensor<*xf32>) -> ()

  // [[1, 2], [3, 4]] @ [[5, 6], [7, 8]] in batch 0, identity @ it in batch 1.
  // CHECK: [19,{{ +}}22]
  // CHECK: [43,{{ +}}50]
  // CHECK: [5,{{ +}}6]
  // CHECK: [7,{{ +}}8]
  %lhs = qc.constant dense<[[[1.0, 2.0], [3.0, 4.0]], [[1.0, 0.0], [0.0, 1.0]]]> : tensor<2x2x2xf32>
  %rhs = qc.constant dense<[[5.0, 6.0], [7.0, 8.0]]> : tensor<2x2xf32>
  %mm = qc.matmul %lhs, %rhs : (tensor<2x2x2xf32>, tensor<2x2xf32>) -> tensor<2x2x2xf32>
  %mmu = tensor.cast %mm : tensor<2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%mmu) : (tensor<*xf32>) -> ()

  // 2 * A B^T + 0.5 * [1, -1] with A = [[1, 2, 3], [4, 5, 6]] and
  // B = [[1, 0, 1], [0, 1, 0]]: 2 * [[4, 2], [10, 5]] + [0.5, -0.5].
  // CHECK: [8.5,{{ +}}3.5]
  // CHECK: [20.5,{{ +}}9.5]
  %a = qc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %bt = qc.constant dense<[[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]> : tensor<2x3xf32>
  %cc = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %g = qc.gemm %a, %bt, %cc {alpha = 2.0 : f32, beta = 0.5 : f32, trans_a = false, trans_b = true} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %gu = tensor.cast %g : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%gu) : (tensor<*xf32>) -> ()

  // ConvTranspose scatters x[i] * w[k] to output i * stride + k * dilation -
  // pad. Stride 2, kernel [1, 10]: [1, 10, 2, 20, 3, 30].
  // CHECK: {{\[\[\[}}1,{{ +}}10,{{ +}}2,{{ +}}20,{{ +}}3,{{ +}}30]]]
  %tx = qc.constant dense<[[[1.0, 2.0, 3.0]]]> : tensor<1x1x3xf32>
  %tw = qc.constant dense<[[[1.0, 10.0]]]> : tensor<1x1x2xf32>
  %t = qc.conv_transpose %tx, %tw {strides = array<i64: 2>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, output_padding = array<i64: 0>, group = 1 : i64} : (tensor<1x1x3xf32>, tensor<1x1x2xf32>) -> tensor<1x1x6xf32>
  %tu = tensor.cast %t : tensor<1x1x6xf32> to tensor<*xf32>
  call @printMemrefF32(%tu) : (tensor<*xf32>) -> ()

  // The same with a leading pad of 1 (drops the first output) and an
  // output_padding of 1 (appends a position nothing reaches).
  // CHECK: {{\[\[\[}}10,{{ +}}2,{{ +}}20,{{ +}}3,{{ +}}30,{{ +}}0]]]
  %tp = qc.conv_transpose %tx, %tw {strides = array<i64: 2>, pads = array<i64: 1, 0>, dilations = array<i64: 1>, output_padding = array<i64: 1>, group = 1 : i64} : (tensor<1x1x3xf32>, tensor<1x1x2xf32>) -> tensor<1x1x6xf32>
  %tpu = tensor.cast %tp : tensor<1x1x6xf32> to tensor<*xf32>
  call @printMemrefF32(%tpu) : (tensor<*xf32>) -> ()

  // Dilation 2 over two input channels summed into one output:
  // y = [1*1 + 3*100, 2*1 + 4*100, 1*10 + 3*1000, 2*10 + 4*1000].
  // CHECK: {{\[\[\[}}301,{{ +}}402,{{ +}}3010,{{ +}}4020]]]
  %tdx = qc.constant dense<[[[1.0, 2.0], [3.0, 4.0]]]> : tensor<1x2x2xf32>
  %tdw = qc.constant dense<[[[1.0, 10.0]], [[100.0, 1000.0]]]> : tensor<2x1x2xf32>
  %td = qc.conv_transpose %tdx, %tdw {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 2>, output_padding = array<i64: 0>, group = 1 : i64} : (tensor<1x2x2xf32>, tensor<2x1x2xf32>) -> tensor<1x1x4xf32>
  %tdu = tensor.cast %td : tensor<1x1x4xf32> to tensor<*xf32>
  call @printMemrefF32(%tdu) : (tensor<*xf32>) -> ()

  // Two groups of one channel, 1x1 kernels 2 and -1, stride 2 (zeros between
  // the scaled inputs), biases 0.5 and 1.
  // CHECK:      {{\[\[\[\[}}4.5,{{ +}}0.5,{{ +}}8.5]
  // CHECK-NEXT:    [0.5,{{ +}}0.5,{{ +}}0.5]
  // CHECK-NEXT:    [12.5,{{ +}}0.5,{{ +}}16.5]]
  // CHECK-NEXT:   {{\[\[}}-4,{{ +}}1,{{ +}}-5]
  // CHECK-NEXT:    [1,{{ +}}1,{{ +}}1]
  // CHECK-NEXT:    [-6,{{ +}}1,{{ +}}-7]]]]
  %gx = qc.constant dense<[[[[2.0, 4.0], [6.0, 8.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf32>
  %gw = qc.constant dense<[[[[2.0]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>
  %gb = qc.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %tg = qc.conv_transpose %gx, %gw, %gb {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %tgu = tensor.cast %tg : tensor<1x2x3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%tgu) : (tensor<*xf32>) -> ()
  return
}
