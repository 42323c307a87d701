// RUN: quantc-opt %s | quantc-opt | FileCheck %s
// RUN: quantc-opt %s --mlir-print-op-generic | quantc-opt | FileCheck %s

// Every qc op parses, verifies and prints back to the same op, in the custom
// form and through the generic form.

// CHECK-LABEL: func.func @unary_float
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>, %[[H:.*]]: tensor<4xf16>, %[[B:.*]]: tensor<4xbf16>, %[[D:.*]]: tensor<f64>)
func.func @unary_float(%x: tensor<2x3xf32>, %h: tensor<4xf16>, %b: tensor<4xbf16>, %d: tensor<f64>)
    -> (tensor<2x3xf32>, tensor<4xf16>, tensor<4xbf16>, tensor<f64>) {
  // CHECK: %[[RELU:.*]] = qc.relu %[[X]] : tensor<2x3xf32>
  %0 = qc.relu %x : tensor<2x3xf32>
  // CHECK: %[[SIGMOID:.*]] = qc.sigmoid %[[RELU]] : tensor<2x3xf32>
  %1 = qc.sigmoid %0 : tensor<2x3xf32>
  // CHECK: %[[TANH:.*]] = qc.tanh %[[SIGMOID]] : tensor<2x3xf32>
  %2 = qc.tanh %1 : tensor<2x3xf32>
  // CHECK: %[[HSWISH:.*]] = qc.hard_swish %[[TANH]] : tensor<2x3xf32>
  %3 = qc.hard_swish %2 : tensor<2x3xf32>
  // CHECK: %[[LEAKY:.*]] = qc.leaky_relu %[[HSWISH]] {alpha = 1.000000e-01 : f32} : tensor<2x3xf32>
  %4 = qc.leaky_relu %3 {alpha = 0.1 : f32} : tensor<2x3xf32>
  // CHECK: %[[HSIG:.*]] = qc.hard_sigmoid %[[LEAKY]] {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32} : tensor<2x3xf32>
  %5 = qc.hard_sigmoid %4 {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<2x3xf32>
  // CHECK: qc.exp %[[H]] : tensor<4xf16>
  %6 = qc.exp %h : tensor<4xf16>
  // CHECK: qc.sqrt %[[B]] : tensor<4xbf16>
  %7 = qc.sqrt %b : tensor<4xbf16>
  // CHECK: qc.erf %[[D]] : tensor<f64>
  %8 = qc.erf %d : tensor<f64>
  return %5, %6, %7, %8 : tensor<2x3xf32>, tensor<4xf16>, tensor<4xbf16>, tensor<f64>
}

// CHECK-LABEL: func.func @unary_numeric
// CHECK-SAME:    (%[[X:.*]]: tensor<5xi32>, %[[Y:.*]]: tensor<5xf32>)
func.func @unary_numeric(%x: tensor<5xi32>, %y: tensor<5xf32>) -> (tensor<5xi32>, tensor<5xf32>) {
  // CHECK: %[[SIGN:.*]] = qc.sign %[[X]] : tensor<5xi32>
  %0 = qc.sign %x : tensor<5xi32>
  // CHECK: %[[ABS:.*]] = qc.abs %[[SIGN]] : tensor<5xi32>
  %1 = qc.abs %0 : tensor<5xi32>
  // CHECK: qc.neg %[[ABS]] : tensor<5xi32>
  %2 = qc.neg %1 : tensor<5xi32>
  // CHECK: qc.neg %[[Y]] : tensor<5xf32>
  %3 = qc.neg %y : tensor<5xf32>
  return %2, %3 : tensor<5xi32>, tensor<5xf32>
}

// Clip's bounds are optional, each on its own.
// CHECK-LABEL: func.func @clip
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>, %[[LO:.*]]: tensor<f32>, %[[HI:.*]]: tensor<1xf32>, %[[I:.*]]: tensor<4xi8>, %[[ILO:.*]]: tensor<i8>)
func.func @clip(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<1xf32>, %i: tensor<4xi8>, %ilo: tensor<i8>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi8>) {
  // CHECK: qc.clip %[[X]] min %[[LO]] max %[[HI]] : (tensor<4xf32>, tensor<f32>, tensor<1xf32>) -> tensor<4xf32>
  %0 = qc.clip %x min %lo max %hi : (tensor<4xf32>, tensor<f32>, tensor<1xf32>) -> tensor<4xf32>
  // CHECK: qc.clip %[[X]] min %[[LO]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = qc.clip %x min %lo : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  // CHECK: qc.clip %[[X]] max %[[HI]] : (tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
  %2 = qc.clip %x max %hi : (tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
  // CHECK: qc.clip %[[X]] : (tensor<4xf32>) -> tensor<4xf32>
  %3 = qc.clip %x : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: qc.clip %[[I]] min %[[ILO]] : (tensor<4xi8>, tensor<i8>) -> tensor<4xi8>
  %4 = qc.clip %i min %ilo : (tensor<4xi8>, tensor<i8>) -> tensor<4xi8>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi8>
}

// CHECK-LABEL: func.func @identity_dropout_cast
// CHECK-SAME:    (%[[X:.*]]: tensor<2x2xf32>, %[[I:.*]]: tensor<3xi64>, %[[B:.*]]: tensor<3xi1>)
func.func @identity_dropout_cast(%x: tensor<2x2xf32>, %i: tensor<3xi64>, %b: tensor<3xi1>)
    -> (tensor<2x2xf32>, tensor<2x2xi8>, tensor<3xf32>, tensor<3xi32>) {
  // CHECK: %[[ID:.*]] = qc.identity %[[X]] : tensor<2x2xf32>
  %0 = qc.identity %x : tensor<2x2xf32>
  // CHECK: %[[DROP:.*]] = qc.dropout %[[ID]] : tensor<2x2xf32>
  %1 = qc.dropout %0 : tensor<2x2xf32>
  // CHECK: qc.cast %[[DROP]] : (tensor<2x2xf32>) -> tensor<2x2xi8>
  %2 = qc.cast %1 : (tensor<2x2xf32>) -> tensor<2x2xi8>
  // CHECK: qc.cast %[[I]] : (tensor<3xi64>) -> tensor<3xf32>
  %3 = qc.cast %i : (tensor<3xi64>) -> tensor<3xf32>
  // CHECK: qc.cast %[[B]] : (tensor<3xi1>) -> tensor<3xi32>
  %4 = qc.cast %b : (tensor<3xi1>) -> tensor<3xi32>
  return %1, %2, %3, %4 : tensor<2x2xf32>, tensor<2x2xi8>, tensor<3xf32>, tensor<3xi32>
}

// Binary ops broadcast both ways; PRelu's slope only towards the input.
// CHECK-LABEL: func.func @binary
// CHECK-SAME:    (%[[A:.*]]: tensor<2x1x4xf32>, %[[B:.*]]: tensor<3x1xf32>, %[[I:.*]]: tensor<4xi64>, %[[S:.*]]: tensor<1x4xf32>)
func.func @binary(%a: tensor<2x1x4xf32>, %b: tensor<3x1xf32>, %i: tensor<4xi64>, %s: tensor<1x4xf32>)
    -> (tensor<2x3x4xf32>, tensor<4xi64>, tensor<2x1x4xf32>) {
  // CHECK: %[[ADD:.*]] = qc.add %[[A]], %[[B]] : (tensor<2x1x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %0 = qc.add %a, %b : (tensor<2x1x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  // CHECK: %[[SUB:.*]] = qc.sub %[[ADD]], %[[B]] : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %1 = qc.sub %0, %b : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  // CHECK: %[[MUL:.*]] = qc.mul %[[SUB]], %[[A]] : (tensor<2x3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
  %2 = qc.mul %1, %a : (tensor<2x3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: %[[DIV:.*]] = qc.div %[[MUL]], %[[B]] : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %3 = qc.div %2, %b : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  // CHECK: qc.pow %[[DIV]], %[[B]] : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %4 = qc.pow %3, %b : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  // ONNX Pow and Div take integers too.
  // CHECK: %[[IDIV:.*]] = qc.div %[[I]], %[[I]] : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %5 = qc.div %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  // CHECK: qc.pow %[[IDIV]], %[[I]] : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %6 = qc.pow %5, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  // CHECK: qc.prelu %[[A]], %[[S]] : (tensor<2x1x4xf32>, tensor<1x4xf32>) -> tensor<2x1x4xf32>
  %7 = qc.prelu %a, %s : (tensor<2x1x4xf32>, tensor<1x4xf32>) -> tensor<2x1x4xf32>
  return %4, %6, %7 : tensor<2x3x4xf32>, tensor<4xi64>, tensor<2x1x4xf32>
}

// CHECK-LABEL: func.func @conv
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x5x5xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>, %[[B:.*]]: tensor<6xf32>, %[[X1:.*]]: tensor<2x3x7xf32>, %[[W1:.*]]: tensor<5x3x2xf32>)
func.func @conv(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>,
                %x1: tensor<2x3x7xf32>, %w1: tensor<5x3x2xf32>)
    -> (tensor<1x6x3x3xf32>, tensor<2x5x3xf32>) {
  // Grouped, strided, padded, with bias.
  // CHECK: qc.conv %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x3x3xf32>
  %0 = qc.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
                           dilations = array<i64: 1, 1>, group = 2 : i64}
      : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x3x3xf32>
  // 1-D, dilated, without bias: (7 - 3) / 2 + 1 = 3 outputs.
  // CHECK: qc.conv %[[X1]], %[[W1]] {dilations = array<i64: 2>, group = 1 : i64, pads = array<i64: 0, 0>, strides = array<i64: 2>}
  // CHECK-SAME: : (tensor<2x3x7xf32>, tensor<5x3x2xf32>) -> tensor<2x5x3xf32>
  %1 = qc.conv %x1, %w1 {strides = array<i64: 2>, pads = array<i64: 0, 0>,
                         dilations = array<i64: 2>, group = 1 : i64}
      : (tensor<2x3x7xf32>, tensor<5x3x2xf32>) -> tensor<2x5x3xf32>
  return %0, %1 : tensor<1x6x3x3xf32>, tensor<2x5x3xf32>
}

// CHECK-LABEL: func.func @conv_transpose
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x3x3xf32>, %[[W:.*]]: tensor<2x3x3x3xf32>, %[[B:.*]]: tensor<3xf32>)
func.func @conv_transpose(%x: tensor<1x2x3x3xf32>, %w: tensor<2x3x3x3xf32>, %b: tensor<3xf32>)
    -> (tensor<1x3x8x8xf32>, tensor<1x3x5x5xf32>) {
  // 2 * (3 - 1) + 1 + (3 - 1) + 1 - 0 - 0 = 8.
  // CHECK: qc.conv_transpose %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 1 : i64, output_padding = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>, tensor<3xf32>) -> tensor<1x3x8x8xf32>
  %0 = qc.conv_transpose %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
                                     dilations = array<i64: 1, 1>,
                                     output_padding = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>, tensor<3xf32>) -> tensor<1x3x8x8xf32>
  // CHECK: qc.conv_transpose %[[X]], %[[W]] {
  // CHECK-SAME: : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>) -> tensor<1x3x5x5xf32>
  %1 = qc.conv_transpose %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                 dilations = array<i64: 1, 1>,
                                 output_padding = array<i64: 0, 0>, group = 1 : i64}
      : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>) -> tensor<1x3x5x5xf32>
  return %0, %1 : tensor<1x3x8x8xf32>, tensor<1x3x5x5xf32>
}

// CHECK-LABEL: func.func @gemm_matmul
// CHECK-SAME:    (%[[A:.*]]: tensor<3x2xf32>, %[[B:.*]]: tensor<4x3xf32>, %[[C:.*]]: tensor<4xf32>, %[[L:.*]]: tensor<5x1x2x3xf32>, %[[R:.*]]: tensor<4x3x6xf32>, %[[V:.*]]: tensor<3xf32>)
func.func @gemm_matmul(%a: tensor<3x2xf32>, %b: tensor<4x3xf32>, %c: tensor<4xf32>,
                       %l: tensor<5x1x2x3xf32>, %r: tensor<4x3x6xf32>, %v: tensor<3xf32>)
    -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x4x2x6xf32>, tensor<5x1x2xf32>) {
  // CHECK: qc.gemm %[[A]], %[[B]], %[[C]] {alpha = 2.000000e+00 : f32, beta = 5.000000e-01 : f32, trans_a = true, trans_b = true}
  // CHECK-SAME: : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %0 = qc.gemm %a, %b, %c {alpha = 2.0 : f32, beta = 0.5 : f32, trans_a = true, trans_b = true}
      : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  // CHECK: qc.gemm %[[A]], %[[B]] {
  // CHECK-SAME: : (tensor<3x2xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  %1 = qc.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = true, trans_b = true}
      : (tensor<3x2xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  // Batch dimensions broadcast; a 1-D operand loses its dimension again.
  // CHECK: qc.matmul %[[L]], %[[R]] : (tensor<5x1x2x3xf32>, tensor<4x3x6xf32>) -> tensor<5x4x2x6xf32>
  %2 = qc.matmul %l, %r : (tensor<5x1x2x3xf32>, tensor<4x3x6xf32>) -> tensor<5x4x2x6xf32>
  // CHECK: qc.matmul %[[L]], %[[V]] : (tensor<5x1x2x3xf32>, tensor<3xf32>) -> tensor<5x1x2xf32>
  %3 = qc.matmul %l, %v : (tensor<5x1x2x3xf32>, tensor<3xf32>) -> tensor<5x1x2xf32>
  return %0, %1, %2, %3 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x4x2x6xf32>, tensor<5x1x2xf32>
}

// CHECK-LABEL: func.func @pools
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x5x5xf32>, %[[I:.*]]: tensor<1x2x5x5xi8>)
func.func @pools(%x: tensor<1x2x5x5xf32>, %i: tensor<1x2x5x5xi8>)
    -> (tensor<1x2x3x3xf32>, tensor<1x2x2x2xi8>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xi8>) {
  // ceil((5 - 2) / 2) + 1 = 3 windows.
  // CHECK: qc.max_pool %[[X]] {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %0 = qc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                       pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
                       ceil_mode = true} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  // CHECK: qc.max_pool %[[I]] {ceil_mode = false, dilations = array<i64: 2, 2>,
  // CHECK-SAME: : (tensor<1x2x5x5xi8>) -> tensor<1x2x2x2xi8>
  %1 = qc.max_pool %i {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                       pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>,
                       ceil_mode = false} : (tensor<1x2x5x5xi8>) -> tensor<1x2x2x2xi8>
  // CHECK: qc.average_pool %[[X]] {ceil_mode = false, count_include_pad = true, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %2 = qc.average_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                           pads = array<i64: 1, 1, 1, 1>, ceil_mode = false,
                           count_include_pad = true} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  // CHECK: qc.global_average_pool %[[X]] : (tensor<1x2x5x5xf32>) -> tensor<1x2x1x1xf32>
  %3 = qc.global_average_pool %x : (tensor<1x2x5x5xf32>) -> tensor<1x2x1x1xf32>
  // CHECK: qc.global_max_pool %[[I]] : (tensor<1x2x5x5xi8>) -> tensor<1x2x1x1xi8>
  %4 = qc.global_max_pool %i : (tensor<1x2x5x5xi8>) -> tensor<1x2x1x1xi8>
  return %0, %1, %2, %3, %4 : tensor<1x2x3x3xf32>, tensor<1x2x2x2xi8>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xi8>
}

// CHECK-LABEL: func.func @normalization
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x4xf32>, %[[P:.*]]: tensor<3xf32>, %[[G:.*]]: tensor<4xf32>, %[[H:.*]]: tensor<2x3x4xf16>, %[[P16:.*]]: tensor<3xf32>)
func.func @normalization(%x: tensor<2x3x4xf32>, %p: tensor<3xf32>, %g: tensor<4xf32>,
                         %h: tensor<2x3x4xf16>, %p16: tensor<3xf32>)
    -> (tensor<2x3x4xf32>, tensor<2x3x4xf16>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  // CHECK: qc.batch_normalization %[[X]], %[[P]], %[[P]], %[[P]], %[[P]] {epsilon = 9.99999974E-6 : f32}
  // CHECK-SAME: : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  %0 = qc.batch_normalization %x, %p, %p, %p, %p {epsilon = 1.0e-5 : f32}
      : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  // ONNX lets the statistics keep f32 for an f16 input.
  // CHECK: qc.batch_normalization %[[H]], %[[P16]], %[[P16]], %[[P16]], %[[P16]]
  // CHECK-SAME: -> tensor<2x3x4xf16>
  %1 = qc.batch_normalization %h, %p16, %p16, %p16, %p16 {epsilon = 1.0e-5 : f32}
      : (tensor<2x3x4xf16>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf16>
  // CHECK: qc.layer_normalization %[[X]], %[[G]], %[[G]] {axis = 2 : i64, epsilon = 9.99999974E-6 : f32}
  // CHECK-SAME: : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %2 = qc.layer_normalization %x, %g, %g {axis = 2 : i64, epsilon = 1.0e-5 : f32}
      : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  // CHECK: qc.layer_normalization %[[X]], %[[G]] {axis = 1 : i64,
  // CHECK-SAME: : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %3 = qc.layer_normalization %x, %g {axis = 1 : i64, epsilon = 1.0e-5 : f32}
      : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  // CHECK: qc.softmax %[[X]] {axis = 2 : i64} : tensor<2x3x4xf32>
  %4 = qc.softmax %x {axis = 2 : i64} : tensor<2x3x4xf32>
  // CHECK: qc.log_softmax %[[X]] {axis = 0 : i64} : tensor<2x3x4xf32>
  %5 = qc.log_softmax %x {axis = 0 : i64} : tensor<2x3x4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3x4xf32>, tensor<2x3x4xf16>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @shape_ops
// CHECK-SAME:    (%[[X:.*]]: tensor<2x1x3xf32>, %[[Y:.*]]: tensor<2x4x3xf32>, %[[IDX:.*]]: tensor<2x2xi64>)
func.func @shape_ops(%x: tensor<2x1x3xf32>, %y: tensor<2x4x3xf32>, %idx: tensor<2x2xi64>)
    -> (tensor<2x3xf32>, tensor<6xf32>, tensor<3x2x1xf32>, tensor<2x3xf32>, tensor<1x2x1x3x1xf32>,
        tensor<2x5x3xf32>, tensor<1x2x1xf32>, tensor<2x2x2x3xf32>, tensor<2x3xf32>) {
  // CHECK: qc.flatten %[[X]] {axis = 2 : i64} : (tensor<2x1x3xf32>) -> tensor<2x3xf32>
  %0 = qc.flatten %x {axis = 2 : i64} : (tensor<2x1x3xf32>) -> tensor<2x3xf32>
  // CHECK: qc.reshape %[[X]] : (tensor<2x1x3xf32>) -> tensor<6xf32>
  %1 = qc.reshape %x : (tensor<2x1x3xf32>) -> tensor<6xf32>
  // CHECK: qc.transpose %[[X]] {perm = array<i64: 2, 0, 1>} : (tensor<2x1x3xf32>) -> tensor<3x2x1xf32>
  %2 = qc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x1x3xf32>) -> tensor<3x2x1xf32>
  // CHECK: qc.squeeze %[[X]] {axes = array<i64: 1>} : (tensor<2x1x3xf32>) -> tensor<2x3xf32>
  %3 = qc.squeeze %x {axes = array<i64: 1>} : (tensor<2x1x3xf32>) -> tensor<2x3xf32>
  // CHECK: qc.unsqueeze %[[X]] {axes = array<i64: 0, 4>} : (tensor<2x1x3xf32>) -> tensor<1x2x1x3x1xf32>
  %4 = qc.unsqueeze %x {axes = array<i64: 0, 4>} : (tensor<2x1x3xf32>) -> tensor<1x2x1x3x1xf32>
  // CHECK: qc.concat %[[X]], %[[Y]] {axis = 1 : i64} : (tensor<2x1x3xf32>, tensor<2x4x3xf32>) -> tensor<2x5x3xf32>
  %5 = qc.concat %x, %y {axis = 1 : i64} : (tensor<2x1x3xf32>, tensor<2x4x3xf32>) -> tensor<2x5x3xf32>
  // Backwards from the last element: indices 3 and 1 of dimension 1 of %y.
  // CHECK: qc.slice %[[Y]] {ends = array<i64: 1, 0, 1>, starts = array<i64: 0, 3, 0>, steps = array<i64: 1, -2, 1>} : (tensor<2x4x3xf32>) -> tensor<1x2x1xf32>
  %6 = qc.slice %y {starts = array<i64: 0, 3, 0>, ends = array<i64: 1, 0, 1>, steps = array<i64: 1, -2, 1>}
      : (tensor<2x4x3xf32>) -> tensor<1x2x1xf32>
  // CHECK: qc.gather %[[Y]], %[[IDX]] {axis = 1 : i64} : (tensor<2x4x3xf32>, tensor<2x2xi64>) -> tensor<2x2x2x3xf32>
  %7 = qc.gather %y, %idx {axis = 1 : i64} : (tensor<2x4x3xf32>, tensor<2x2xi64>) -> tensor<2x2x2x3xf32>
  // A rank-0 index drops the axis.
  // CHECK: %[[I0:.*]] = qc.constant dense<-1> : tensor<i32>
  %i0 = qc.constant dense<-1> : tensor<i32>
  // CHECK: qc.gather %[[Y]], %[[I0]] {axis = 1 : i64} : (tensor<2x4x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  %8 = qc.gather %y, %i0 {axis = 1 : i64} : (tensor<2x4x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<2x3xf32>, tensor<6xf32>, tensor<3x2x1xf32>, tensor<2x3xf32>, tensor<1x2x1x3x1xf32>,
      tensor<2x5x3xf32>, tensor<1x2x1xf32>, tensor<2x2x2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @pad_resize
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x3x3xf32>, %[[I:.*]]: tensor<4x4xi32>)
func.func @pad_resize(%x: tensor<1x2x3x3xf32>, %i: tensor<4x4xi32>)
    -> (tensor<1x2x5x4xf32>, tensor<1x2x5x5xf32>, tensor<6x3xi32>, tensor<1x2x6x6xf32>, tensor<1x2x6x6xf32>) {
  // CHECK: qc.pad %[[X]] {mode = #qc<pad_mode constant>, pads = array<i64: 0, 0, 1, 0, 0, 0, 1, 1>, value = 5.000000e-01 : f64} : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x4xf32>
  %0 = qc.pad %x {pads = array<i64: 0, 0, 1, 0, 0, 0, 1, 1>, mode = #qc<pad_mode constant>, value = 0.5 : f64}
      : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x4xf32>
  // CHECK: qc.pad %[[X]] {mode = #qc<pad_mode reflect>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.000000e+00 : f64}
  %1 = qc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = #qc<pad_mode reflect>, value = 0.0 : f64}
      : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  // Negative pads crop.
  // CHECK: qc.pad %[[I]] {mode = #qc<pad_mode edge>, pads = array<i64: 3, -1, -1, 0>, value = 0.000000e+00 : f64} : (tensor<4x4xi32>) -> tensor<6x3xi32>
  %2 = qc.pad %i {pads = array<i64: 3, -1, -1, 0>, mode = #qc<pad_mode edge>, value = 0.0 : f64}
      : (tensor<4x4xi32>) -> tensor<6x3xi32>
  // CHECK: qc.resize %[[X]] {coordinate_transformation_mode = #qc<coordinate_transform asymmetric>, cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, mode = #qc<resize_mode nearest>, nearest_mode = #qc<nearest_mode floor>, scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>}
  // CHECK-SAME: : (tensor<1x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  %3 = qc.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, mode = #qc<resize_mode nearest>,
                     coordinate_transformation_mode = #qc<coordinate_transform asymmetric>,
                     nearest_mode = #qc<nearest_mode floor>, cubic_coeff_a = -0.75 : f32,
                     exclude_outside = false} : (tensor<1x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  // CHECK: qc.resize %[[X]] {coordinate_transformation_mode = #qc<coordinate_transform half_pixel>, {{.*}}mode = #qc<resize_mode linear>, nearest_mode = #qc<nearest_mode round_prefer_floor>
  %4 = qc.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, mode = #qc<resize_mode linear>,
                     coordinate_transformation_mode = #qc<coordinate_transform half_pixel>,
                     nearest_mode = #qc<nearest_mode round_prefer_floor>, cubic_coeff_a = -0.75 : f32,
                     exclude_outside = false} : (tensor<1x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return %0, %1, %2, %3, %4 : tensor<1x2x5x4xf32>, tensor<1x2x5x5xf32>, tensor<6x3xi32>, tensor<1x2x6x6xf32>, tensor<1x2x6x6xf32>
}

// CHECK-LABEL: func.func @reductions
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x4xf32>, %[[I:.*]]: tensor<2x3xi32>)
func.func @reductions(%x: tensor<2x3x4xf32>, %i: tensor<2x3xi32>)
    -> (tensor<2x1x1xf32>, tensor<3xf32>, tensor<2xi32>) {
  // CHECK: qc.reduce_mean %[[X]] {axes = array<i64: 1, 2>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  %0 = qc.reduce_mean %x {axes = array<i64: 1, 2>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  // CHECK: qc.reduce_sum %[[X]] {axes = array<i64: 0, 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %1 = qc.reduce_sum %x {axes = array<i64: 0, 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  // CHECK: qc.reduce_max %[[I]] {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xi32>) -> tensor<2xi32>
  %2 = qc.reduce_max %i {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xi32>) -> tensor<2xi32>
  return %0, %1, %2 : tensor<2x1x1xf32>, tensor<3xf32>, tensor<2xi32>
}

// Small constants are dense, weights dense_resource blobs.
// CHECK-LABEL: func.func @constants
func.func @constants() -> (tensor<2xf32>, tensor<i64>, tensor<3xi1>, tensor<2x2xf32>) {
  // CHECK-DAG: qc.constant dense<[1.000000e+00, -2.500000e+00]> : tensor<2xf32>
  %0 = qc.constant dense<[1.0, -2.5]> : tensor<2xf32>
  // CHECK-DAG: qc.constant dense<7> : tensor<i64>
  %1 = qc.constant dense<7> : tensor<i64>
  // CHECK-DAG: qc.constant dense<[true, false, true]> : tensor<3xi1>
  %2 = qc.constant dense<[true, false, true]> : tensor<3xi1>
  // CHECK-DAG: qc.constant dense_resource<weight> : tensor<2x2xf32>
  %3 = qc.constant dense_resource<weight> : tensor<2x2xf32>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<i64>, tensor<3xi1>, tensor<2x2xf32>
}

// CHECK-LABEL: func.func @quantize_dequantize
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>, %[[S:.*]]: tensor<f32>, %[[Z:.*]]: tensor<ui8>, %[[SC:.*]]: tensor<3xf32>, %[[ZC:.*]]: tensor<3xi8>, %[[ACC:.*]]: tensor<3xi32>)
func.func @quantize_dequantize(%x: tensor<2x3xf32>, %s: tensor<f32>, %z: tensor<ui8>,
                               %sc: tensor<3xf32>, %zc: tensor<3xi8>, %acc: tensor<3xi32>)
    -> (tensor<2x3xi8>, tensor<2x3xf32>, tensor<3xf32>, tensor<2x3xui8>, tensor<f32>, tensor<ui8>) {
  // CHECK: %[[Q:.*]] = qc.quantize_linear %[[X]], %[[S]], %[[Z]] {axis = 1 : i64} : (tensor<2x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<2x3xui8>
  %0 = qc.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<2x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<2x3xui8>
  // Per-axis, without a zero point.
  // CHECK: %[[QC:.*]] = qc.quantize_linear %[[X]], %[[SC]] {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi8>
  %1 = qc.quantize_linear %x, %sc {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi8>
  // CHECK: qc.dequantize_linear %[[QC]], %[[SC]], %[[ZC]] {axis = 1 : i64} : (tensor<2x3xi8>, tensor<3xf32>, tensor<3xi8>) -> tensor<2x3xf32>
  %2 = qc.dequantize_linear %1, %sc, %zc {axis = 1 : i64} : (tensor<2x3xi8>, tensor<3xf32>, tensor<3xi8>) -> tensor<2x3xf32>
  // int32 biases dequantize too.
  // CHECK: qc.dequantize_linear %[[ACC]], %[[S]] {axis = 0 : i64} : (tensor<3xi32>, tensor<f32>) -> tensor<3xf32>
  %3 = qc.dequantize_linear %acc, %s {axis = 0 : i64} : (tensor<3xi32>, tensor<f32>) -> tensor<3xf32>
  // CHECK: qc.dynamic_quantize_linear %[[X]] : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>)
  %4:3 = qc.dynamic_quantize_linear %x : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>)
  return %1, %2, %3, %0, %4#1, %4#2 : tensor<2x3xi8>, tensor<2x3xf32>, tensor<3xf32>, tensor<2x3xui8>, tensor<f32>, tensor<ui8>
}

// QOperator ops on raw 8-bit codes and on !quant types with 8-bit storage.
!qx = !quant.uniform<u8:f32, 2.500000e-01:128>
!qw = !quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>
!qy = !quant.uniform<i8:f32, 1.000000e-01:-3>
// CHECK-LABEL: func.func @qlinear
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x3x3xui8>, %[[W:.*]]: tensor<2x2x1x1xi8>, %[[S:.*]]: tensor<f32>, %[[ZU:.*]]: tensor<ui8>, %[[Z:.*]]: tensor<i8>, %[[WS:.*]]: tensor<2xf32>, %[[WZ:.*]]: tensor<2xi8>, %[[B:.*]]: tensor<2xi32>,
// CHECK-SAME:     %[[QX:.*]]: tensor<1x2x3x3x!quant.uniform<u8:f32, 2.500000e-01:128>>, %[[QW:.*]]: tensor<2x2x1x1x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>>)
func.func @qlinear(%x: tensor<1x2x3x3xui8>, %w: tensor<2x2x1x1xi8>, %s: tensor<f32>, %zu: tensor<ui8>,
                   %z: tensor<i8>, %ws: tensor<2xf32>, %wz: tensor<2xi8>, %b: tensor<2xi32>,
                   %qx: tensor<1x2x3x3x!qx>, %qw: tensor<2x2x1x1x!qw>)
    -> (tensor<1x2x3x3xi8>, tensor<1x2x3x3x!qy>) {
  // CHECK: qc.qlinear_conv %[[X]], %[[S]], %[[ZU]], %[[W]], %[[WS]], %[[WZ]], %[[S]], %[[Z]], %[[B]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  // CHECK-SAME: -> tensor<1x2x3x3xi8>
  %0 = qc.qlinear_conv %x, %s, %zu, %w, %ws, %wz, %s, %z, %b
      {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x2x3x3xui8>, tensor<f32>, tensor<ui8>, tensor<2x2x1x1xi8>, tensor<2xf32>, tensor<2xi8>,
         tensor<f32>, tensor<i8>, tensor<2xi32>) -> tensor<1x2x3x3xi8>
  // CHECK: qc.qlinear_conv %[[QX]], %[[S]], %[[ZU]], %[[QW]], %[[WS]], %[[WZ]], %[[S]], %[[Z]] {
  // CHECK-SAME: -> tensor<1x2x3x3x!quant.uniform<i8:f32, 1.000000e-01:-3>>
  %1 = qc.qlinear_conv %qx, %s, %zu, %qw, %ws, %wz, %s, %z
      {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x2x3x3x!qx>, tensor<f32>, tensor<ui8>, tensor<2x2x1x1x!qw>, tensor<2xf32>, tensor<2xi8>,
         tensor<f32>, tensor<i8>) -> tensor<1x2x3x3x!qy>
  return %0, %1 : tensor<1x2x3x3xi8>, tensor<1x2x3x3x!qy>
}

// CHECK-LABEL: func.func @qlinear_matmul
// CHECK-SAME:    (%[[A:.*]]: tensor<2x3x!quant.uniform<u8:f32, 2.500000e-01:128>>, %[[B:.*]]: tensor<3x4xi8>, %[[S:.*]]: tensor<f32>, %[[ZU:.*]]: tensor<ui8>, %[[Z:.*]]: tensor<i8>)
func.func @qlinear_matmul(%a: tensor<2x3x!qx>, %b: tensor<3x4xi8>, %s: tensor<f32>, %zu: tensor<ui8>, %z: tensor<i8>)
    -> tensor<2x4xui8> {
  // CHECK: qc.qlinear_matmul %[[A]], %[[S]], %[[ZU]], %[[B]], %[[S]], %[[Z]], %[[S]], %[[ZU]]
  // CHECK-SAME: -> tensor<2x4xui8>
  %0 = qc.qlinear_matmul %a, %s, %zu, %b, %s, %z, %s, %zu
      : (tensor<2x3x!qx>, tensor<f32>, tensor<ui8>, tensor<3x4xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<ui8>)
      -> tensor<2x4xui8>
  return %0 : tensor<2x4xui8>
}

// Each zero point of MatMulInteger and ConvInteger is optional on its own.
// CHECK-LABEL: func.func @integer_ops
// CHECK-SAME:    (%[[A:.*]]: tensor<2x3xui8>, %[[B:.*]]: tensor<3x4xi8>, %[[ZA:.*]]: tensor<ui8>, %[[ZB:.*]]: tensor<4xi8>, %[[X:.*]]: tensor<1x3x4x4xui8>, %[[W:.*]]: tensor<2x3x3x3x!quant.uniform<i8:f32, 1.000000e-01:-3>>)
func.func @integer_ops(%a: tensor<2x3xui8>, %b: tensor<3x4xi8>, %za: tensor<ui8>, %zb: tensor<4xi8>,
                       %x: tensor<1x3x4x4xui8>, %w: tensor<2x3x3x3x!qy>)
    -> (tensor<2x4xi32>, tensor<2x4xi32>, tensor<2x4xi32>, tensor<2x4xi32>, tensor<1x2x2x2xi32>, tensor<1x2x4x4xi32>) {
  // CHECK: qc.matmul_integer %[[A]], %[[B]] lhs_zero_point %[[ZA]] rhs_zero_point %[[ZB]] : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<ui8>, tensor<4xi8>) -> tensor<2x4xi32>
  %0 = qc.matmul_integer %a, %b lhs_zero_point %za rhs_zero_point %zb
      : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<ui8>, tensor<4xi8>) -> tensor<2x4xi32>
  // CHECK: qc.matmul_integer %[[A]], %[[B]] lhs_zero_point %[[ZA]] : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<ui8>) -> tensor<2x4xi32>
  %1 = qc.matmul_integer %a, %b lhs_zero_point %za : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<ui8>) -> tensor<2x4xi32>
  // CHECK: qc.matmul_integer %[[A]], %[[B]] rhs_zero_point %[[ZB]] : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<4xi8>) -> tensor<2x4xi32>
  %2 = qc.matmul_integer %a, %b rhs_zero_point %zb : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<4xi8>) -> tensor<2x4xi32>
  // CHECK: qc.matmul_integer %[[A]], %[[B]] : (tensor<2x3xui8>, tensor<3x4xi8>) -> tensor<2x4xi32>
  %3 = qc.matmul_integer %a, %b : (tensor<2x3xui8>, tensor<3x4xi8>) -> tensor<2x4xi32>
  // CHECK: qc.conv_integer %[[X]], %[[W]] input_zero_point %[[ZA]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  // CHECK-SAME: : (tensor<1x3x4x4xui8>, tensor<2x3x3x3x!quant.uniform<i8:f32, 1.000000e-01:-3>>, tensor<ui8>) -> tensor<1x2x2x2xi32>
  %4 = qc.conv_integer %x, %w input_zero_point %za
      {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x4x4xui8>, tensor<2x3x3x3x!qy>, tensor<ui8>) -> tensor<1x2x2x2xi32>
  // CHECK: qc.conv_integer %[[X]], %[[W]] weight_zero_point %[[ZA]] {{{.*}}pads = array<i64: 1, 1, 1, 1>
  // CHECK-SAME: -> tensor<1x2x4x4xi32>
  %5 = qc.conv_integer %x, %w weight_zero_point %za
      {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x4x4xui8>, tensor<2x3x3x3x!qy>, tensor<ui8>) -> tensor<1x2x4x4xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x4xi32>, tensor<2x4xi32>, tensor<2x4xi32>, tensor<2x4xi32>, tensor<1x2x2x2xi32>, tensor<1x2x4x4xi32>
}

// Data movement is type-agnostic: !quant values reshape, transpose and concat,
// sub-channel (per-block) ones included.
!qblock = !quant.uniform<i8:f32:{0:1, 1:2}, {{2.0:10, 3.0:20}, {4.0:30, 5.0:40}}>
// CHECK-LABEL: func.func @quantized_data_movement
// CHECK-SAME:    (%[[Q:.*]]: tensor<2x3x!quant.uniform<i8:f32, 1.000000e-01:-3>>, %[[B:.*]]: tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{\{}}{2.000000e+00:10, 3.000000e+00:20}, {4.000000e+00:30, 5.000000e+00:40}}>>)
func.func @quantized_data_movement(%q: tensor<2x3x!qy>, %b: tensor<2x4x!qblock>) -> (tensor<6x2x!qy>, tensor<2x4x!qblock>) {
  // CHECK: qc.identity %[[B]] : tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}
  %blocks = qc.identity %b : tensor<2x4x!qblock>
  // CHECK: %[[T:.*]] = qc.transpose %[[Q]] {perm = array<i64: 1, 0>} : (tensor<2x3x!quant.uniform<i8:f32, 1.000000e-01:-3>>) -> tensor<3x2x!quant.uniform<i8:f32, 1.000000e-01:-3>>
  %0 = qc.transpose %q {perm = array<i64: 1, 0>} : (tensor<2x3x!qy>) -> tensor<3x2x!qy>
  // CHECK: %[[R:.*]] = qc.reshape %[[Q]] : (tensor<2x3x!quant.uniform<i8:f32, 1.000000e-01:-3>>) -> tensor<3x2x!quant.uniform<i8:f32, 1.000000e-01:-3>>
  %1 = qc.reshape %q : (tensor<2x3x!qy>) -> tensor<3x2x!qy>
  // CHECK: qc.concat %[[T]], %[[R]] {axis = 0 : i64}
  // CHECK-SAME: -> tensor<6x2x!quant.uniform<i8:f32, 1.000000e-01:-3>>
  %2 = qc.concat %0, %1 {axis = 0 : i64} : (tensor<3x2x!qy>, tensor<3x2x!qy>) -> tensor<6x2x!qy>
  return %2, %blocks : tensor<6x2x!qy>, tensor<2x4x!qblock>
}

// #qc.quantizer with every grid; the parameters that are not printed are the
// defaults (is_signed = true, axis = -1, group_size = 0, rounding = half_to_even).
// CHECK-LABEL: func.func @fake_quant
// CHECK-SAME:    (%[[X:.*]]: tensor<4x8xf32>, %[[S:.*]]: tensor<f32>, %[[Z:.*]]: tensor<i32>, %[[SC:.*]]: tensor<4xf32>, %[[ZC:.*]]: tensor<4xi32>, %[[SG:.*]]: tensor<2xf32>, %[[S1:.*]]: tensor<1xf32>)
func.func @fake_quant(%x: tensor<4x8xf32>, %s: tensor<f32>, %z: tensor<i32>, %sc: tensor<4xf32>,
                      %zc: tensor<4xi32>, %sg: tensor<2xf32>, %s1: tensor<1xf32>) -> tensor<4x8xf32> {
  // Affine, per tensor, with a zero point.
  // CHECK: %[[A:.*]] = qc.fake_quant %[[X]] scale %[[S]] zero_point %[[Z]] {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>}
  // CHECK-SAME: : (tensor<4x8xf32>, tensor<f32>, tensor<i32>) -> tensor<4x8xf32>
  %0 = qc.fake_quant %x scale %s zero_point %z {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>}
      : (tensor<4x8xf32>, tensor<f32>, tensor<i32>) -> tensor<4x8xf32>
  // Affine per channel, with a zero point per channel.
  // CHECK: %[[B:.*]] = qc.fake_quant %[[A]] scale %[[SC]] zero_point %[[ZC]] {spec = #qc.quantizer<grid = affine, bits = 4, axis = 0>}
  %1 = qc.fake_quant %0 scale %sc zero_point %zc {spec = #qc.quantizer<grid = affine, bits = 4, axis = 0>}
      : (tensor<4x8xf32>, tensor<4xf32>, tensor<4xi32>) -> tensor<4x8xf32>
  // A one-element scale counts as a scalar for per-tensor.
  // CHECK: %[[C:.*]] = qc.fake_quant %[[B]] scale %[[S1]] {spec = #qc.quantizer<grid = affine, bits = 8>}
  // CHECK-SAME: : (tensor<4x8xf32>, tensor<1xf32>) -> tensor<4x8xf32>
  %2 = qc.fake_quant %1 scale %s1 {spec = #qc.quantizer<grid = affine, bits = 8>}
      : (tensor<4x8xf32>, tensor<1xf32>) -> tensor<4x8xf32>
  // Symmetric narrow (2 bits: ternary), per group of 4 channels along axis 1.
  // CHECK: %[[D:.*]] = qc.fake_quant %[[C]] scale %[[SG]] {spec = #qc.quantizer<grid = symmetric_narrow, bits = 2, axis = 1, group_size = 4>}
  %3 = qc.fake_quant %2 scale %sg {spec = #qc.quantizer<grid = symmetric_narrow, bits = 2, axis = 1, group_size = 4>}
      : (tensor<4x8xf32>, tensor<2xf32>) -> tensor<4x8xf32>
  // Zero-free, 1 bit: binary.
  // CHECK: %[[E:.*]] = qc.fake_quant %[[D]] scale %[[S]] {spec = #qc.quantizer<grid = zero_free, bits = 1, rounding = half_away_from_zero>}
  %4 = qc.fake_quant %3 scale %s {spec = #qc.quantizer<grid = zero_free, bits = 1, rounding = half_away_from_zero>}
      : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  // CHECK: %[[F:.*]] = qc.fake_quant %[[E]] scale %[[SC]] {spec = #qc.quantizer<grid = power_of_two, bits = 4, axis = 0, rounding = half_up>}
  %5 = qc.fake_quant %4 scale %sc {spec = #qc.quantizer<grid = power_of_two, bits = 4, axis = 0, rounding = half_up>}
      : (tensor<4x8xf32>, tensor<4xf32>) -> tensor<4x8xf32>
  // Unsigned clipped (PACT) takes the clip instead of a scale.
  // CHECK: %[[G:.*]] = qc.fake_quant %[[F]] clip %[[S]] {spec = #qc.quantizer<grid = unsigned_clipped, bits = 3>}
  // CHECK-SAME: : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %6 = qc.fake_quant %5 clip %s {spec = #qc.quantizer<grid = unsigned_clipped, bits = 3>}
      : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  // Every parameter spelled out, defaults included, prints back in short form.
  // CHECK: qc.fake_quant %[[G]] scale %[[S]] {spec = #qc.quantizer<grid = affine, bits = 16>}
  %7 = qc.fake_quant %6 scale %s {spec = #qc.quantizer<grid = affine, bits = 16, is_signed = true, axis = -1,
                                                       group_size = 0, rounding = half_to_even>}
      : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  return %7 : tensor<4x8xf32>
}

{-#
  dialect_resources: {
    builtin: {
      weight: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
