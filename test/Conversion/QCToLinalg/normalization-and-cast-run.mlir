// Runs the lowered Softmax, LogSoftmax, BatchNormalization and Cast and checks
// the numbers against values worked out by hand.
//
// RUN: quantc-opt %s --convert-qc-to-linalg %{lower-to-llvm} | %{run-main} | FileCheck %s

func.func private @printMemrefF32(%ptr : tensor<*xf32>)
func.func private @printMemrefI64(%ptr : tensor<*xi64>)

func.func @main() {
  // Rows [0, ln 3] and [1000, 1000]: softmax [0.25, 0.75] and [0.5, 0.5];
  // the second row overflows exp() unless the maximum is subtracted first.
  // CHECK: [0.25,   0.75]
  // CHECK: [0.5,   0.5]
  %x = qc.constant dense<[[0.0, 1.0986123], [1000.0, 1000.0]]> : tensor<2x2xf32>
  %s = qc.softmax %x {axis = 1 : i64} : tensor<2x2xf32>
  %su = tensor.cast %s : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%su) : (tensor<*xf32>) -> ()

  // log 0.25 = -1.38629, log 0.75 = -0.287682, log 0.5 = -0.693147.
  // CHECK: [-1.38629,   -0.287682]
  // CHECK: [-0.693147,   -0.693147]
  %l = qc.log_softmax %x {axis = 1 : i64} : tensor<2x2xf32>
  %lu = tensor.cast %l : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%lu) : (tensor<*xf32>) -> ()

  // Softmax down the columns: column 0 is [e^0, e^1000]/sum = [0, 1].
  // CHECK: [0,   0]
  // CHECK: [1,   1]
  %c = qc.softmax %x {axis = 0 : i64} : tensor<2x2xf32>
  %cu = tensor.cast %c : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%cu) : (tensor<*xf32>) -> ()

  // Two channels of two elements: channel 0 has mean 1, var 4 (sd 2),
  // scale 2, bias 1: (x - 1) / 2 * 2 + 1 = x; channel 1 has mean 0, var 0.25
  // (sd 0.5), scale 1, bias -1: x / 0.5 - 1.
  // CHECK: [5,   -3]
  // CHECK: [1,   -5]
  %img = qc.constant dense<[[[5.0, -3.0], [1.0, -2.0]]]> : tensor<1x2x2xf32>
  %scale = qc.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %bias = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %mean = qc.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = qc.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %bn = qc.batch_normalization %img, %scale, %bias, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2xf32>
  %bnu = tensor.cast %bn : tensor<1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%bnu) : (tensor<*xf32>) -> ()

  // Float to integer truncates toward zero.
  // CHECK: [2,  -2,  0,  7]
  %f = qc.constant dense<[2.7, -2.7, 0.4, 7.0]> : tensor<4xf32>
  %i = qc.cast %f : (tensor<4xf32>) -> tensor<4xi64>
  %iu = tensor.cast %i : tensor<4xi64> to tensor<*xi64>
  call @printMemrefI64(%iu) : (tensor<*xi64>) -> ()

  // Anything non-zero is true (0.4 too), and true converts to 1.
  // CHECK: [1,  1,  1,  1]
  // CHECK: [1,  1,  0,  1]
  %fb = qc.cast %f : (tensor<4xf32>) -> tensor<4xi1>
  %fbf = qc.cast %fb : (tensor<4xi1>) -> tensor<4xf32>
  %fbfu = tensor.cast %fbf : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%fbfu) : (tensor<*xf32>) -> ()
  %ints = qc.constant dense<[2, -2, 0, 7]> : tensor<4xi64>
  %b = qc.cast %ints : (tensor<4xi64>) -> tensor<4xi1>
  %bf = qc.cast %b : (tensor<4xi1>) -> tensor<4xf32>
  %bfu = tensor.cast %bf : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%bfu) : (tensor<*xf32>) -> ()
  return
}
