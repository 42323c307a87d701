// RUN: quantc-opt %s --split-input-file --canonicalize | FileCheck %s

//===----------------------------------------------------------------------===//
// No-op data movement folds away
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @identity_dropout
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT:    return %[[X]] : tensor<2x3xf32>
func.func @identity_dropout(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.identity %x : tensor<2x3xf32>
  %1 = qc.dropout %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_of_reshape
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT:    %[[R:.*]] = qc.reshape %[[X]] : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_of_reshape(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = qc.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  %1 = qc.reshape %0 : (tensor<6xf32>) -> tensor<1x6xf32>
  %2 = qc.reshape %1 : (tensor<1x6xf32>) -> tensor<3x2xf32>
  return %2 : tensor<3x2xf32>
}

// -----

// A chain back to the input's own shape is no reshape at all.
// CHECK-LABEL: func.func @reshape_round_trip
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT:    return %[[X]] : tensor<2x3xf32>
func.func @reshape_round_trip(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  %1 = qc.reshape %0 : (tensor<6xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @shape_renames_to_same_type
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT:    return %[[X]], %[[X]], %[[X]] :
func.func @shape_renames_to_same_type(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = qc.flatten %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = qc.squeeze %x {axes = array<i64>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = qc.concat %x {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @identity_transpose
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT:    return %[[X]] : tensor<2x3x4xf32>
func.func @identity_transpose(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = qc.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// A permutation that moves data stays.
// CHECK-LABEL: func.func @non_identity_transpose
// CHECK:         qc.transpose
func.func @non_identity_transpose(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = qc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @identity_slice
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT:    return %[[X]] : tensor<2x3xf32>
func.func @identity_slice(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 2, 3>, steps = array<i64: 1, 1>}
      : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Same type, but read backwards: not the identity.
// CHECK-LABEL: func.func @reversing_slice
// CHECK:         qc.slice
func.func @reversing_slice(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = qc.slice %x {starts = array<i64: 2>, ends = array<i64: -1>, steps = array<i64: -1>}
      : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

//===----------------------------------------------------------------------===//
// Shape ops on constants
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @transpose_constant
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>
// CHECK-NEXT:    return %[[C]]
func.func @transpose_constant() -> tensor<3x2xi32> {
  %c = qc.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = qc.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x3xi32>) -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}

// -----

// CHECK-LABEL: func.func @transpose_constant_3d
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<{{\[}}{{\[}}[1.000000e+00, 3.000000e+00], [5.000000e+00, 7.000000e+00]], {{\[}}[2.000000e+00, 4.000000e+00], [6.000000e+00, 8.000000e+00]]]> : tensor<2x2x2xf32>
func.func @transpose_constant_3d() -> tensor<2x2x2xf32> {
  // out[i][j][k] = in[j][k][i]
  %c = qc.constant dense<[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]> : tensor<2x2x2xf32>
  %0 = qc.transpose %c {perm = array<i64: 2, 0, 1>} : (tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  return %0 : tensor<2x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @slice_constant
// CHECK-DAG:     %[[ROWS:.*]] = qc.constant dense<{{\[}}[4, 6]]> : tensor<1x2xi64>
// CHECK-DAG:     %[[BACK:.*]] = qc.constant dense<[6, 3]> : tensor<2xi64>
// CHECK-DAG:     %[[REVERSED:.*]] = qc.constant dense<[4, 3, 2, 1]> : tensor<4xi32>
// CHECK:         return %[[ROWS]], %[[BACK]], %[[REVERSED]]
func.func @slice_constant() -> (tensor<1x2xi64>, tensor<2xi64>, tensor<4xi32>) {
  %m = qc.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %0 = qc.slice %m {starts = array<i64: 1, 0>, ends = array<i64: 2, 3>, steps = array<i64: 1, 2>}
      : (tensor<2x3xi64>) -> tensor<1x2xi64>
  // Backwards in steps of 3 from index 6: 6, 3 (index 0 is the exclusive end).
  %v = qc.constant dense<[0, 1, 2, 3, 4, 5, 6, 7]> : tensor<8xi64>
  %1 = qc.slice %v {starts = array<i64: 6>, ends = array<i64: 0>, steps = array<i64: -3>}
      : (tensor<8xi64>) -> tensor<2xi64>
  // The whole dimension backwards: from the last index to the end marker -1.
  %r = qc.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %2 = qc.slice %r {starts = array<i64: 3>, ends = array<i64: -1>, steps = array<i64: -1>}
      : (tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<1x2xi64>, tensor<2xi64>, tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @concat_constants
// CHECK-DAG:     %[[ROWS:.*]] = qc.constant dense<{{\[}}[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi64>
// CHECK-DAG:     %[[COLS:.*]] = qc.constant dense<{{\[}}[1, 3, 4], [2, 5, 6]]> : tensor<2x3xi64>
// CHECK:         return %[[ROWS]], %[[COLS]]
func.func @concat_constants() -> (tensor<3x2xi64>, tensor<2x3xi64>) {
  %a = qc.constant dense<[[1, 2]]> : tensor<1x2xi64>
  %b = qc.constant dense<[[3, 4], [5, 6]]> : tensor<2x2xi64>
  %0 = qc.concat %a, %b {axis = 0 : i64} : (tensor<1x2xi64>, tensor<2x2xi64>) -> tensor<3x2xi64>
  %c = qc.constant dense<[[1], [2]]> : tensor<2x1xi64>
  %1 = qc.concat %c, %b {axis = 1 : i64} : (tensor<2x1xi64>, tensor<2x2xi64>) -> tensor<2x3xi64>
  return %0, %1 : tensor<3x2xi64>, tensor<2x3xi64>
}

// -----

// The shape arithmetic of exported models: Concat of a constant and a value
// stays.
// CHECK-LABEL: func.func @concat_not_all_constant
// CHECK:         qc.concat
func.func @concat_not_all_constant(%x: tensor<1xi64>) -> tensor<2xi64> {
  %c = qc.constant dense<[-1]> : tensor<1xi64>
  %0 = qc.concat %c, %x {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @gather_constant
// CHECK-DAG:     %[[PICK:.*]] = qc.constant dense<[40, 40, 10]> : tensor<3xi64>
// CHECK-DAG:     %[[COLS:.*]] = qc.constant dense<{{\[}}[3.000000e+00, 1.000000e+00], [6.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG:     %[[SCALAR:.*]] = qc.constant dense<20> : tensor<i64>
// CHECK:         return %[[PICK]], %[[COLS]], %[[SCALAR]]
func.func @gather_constant() -> (tensor<3xi64>, tensor<2x2xf32>, tensor<i64>) {
  %data = qc.constant dense<[10, 20, 30, 40]> : tensor<4xi64>
  // Negative indices count from the end.
  %i = qc.constant dense<[3, -1, 0]> : tensor<3xi32>
  %0 = qc.gather %data, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<3xi32>) -> tensor<3xi64>
  %m = qc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %j = qc.constant dense<[2, 0]> : tensor<2xi64>
  %1 = qc.gather %m, %j {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x2xf32>
  // Shape(x)[1]: a scalar index drops the axis.
  %k = qc.constant dense<1> : tensor<i64>
  %2 = qc.gather %data, %k {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  return %0, %1, %2 : tensor<3xi64>, tensor<2x2xf32>, tensor<i64>
}

// -----

// An out-of-range index is a run-time error in ONNX: no folding it away.
// CHECK-LABEL: func.func @gather_out_of_range
// CHECK:         qc.gather
func.func @gather_out_of_range() -> tensor<1xi64> {
  %data = qc.constant dense<[10, 20, 30, 40]> : tensor<4xi64>
  %i = qc.constant dense<[4]> : tensor<1xi64>
  %0 = qc.gather %data, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<1xi64>) -> tensor<1xi64>
  return %0 : tensor<1xi64>
}

// -----

// CHECK-LABEL: func.func @shape_renames_of_constants
// CHECK-DAG:     %[[SQ:.*]] = qc.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[UNSQ:.*]] = qc.constant dense<{{\[}}{{\[}}[1.000000e+00], [2.000000e+00]]]> : tensor<1x2x1xf32>
// CHECK-DAG:     %[[FLAT:.*]] = qc.constant dense<{{\[}}[1, 2, 3, 4, 5, 6]]> : tensor<1x6xi8>
// CHECK-DAG:     %[[RESHAPED:.*]] = qc.constant dense<{{\[}}[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8>
// CHECK-DAG:     %[[SPLAT:.*]] = qc.constant dense<7> : tensor<4xi32>
// CHECK:         return %[[SQ]], %[[UNSQ]], %[[FLAT]], %[[RESHAPED]], %[[SPLAT]]
func.func @shape_renames_of_constants()
    -> (tensor<2xf32>, tensor<1x2x1xf32>, tensor<1x6xi8>, tensor<3x2xi8>, tensor<4xi32>) {
  %c = qc.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %0 = qc.squeeze %c {axes = array<i64: 1>} : (tensor<2x1xf32>) -> tensor<2xf32>
  %1 = qc.unsqueeze %c {axes = array<i64: 0>} : (tensor<2x1xf32>) -> tensor<1x2x1xf32>
  %m = qc.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %2 = qc.flatten %m {axis = 0 : i64} : (tensor<2x3xi8>) -> tensor<1x6xi8>
  %3 = qc.reshape %m : (tensor<2x3xi8>) -> tensor<3x2xi8>
  %s = qc.constant dense<7> : tensor<2x2xi32>
  %4 = qc.reshape %s : (tensor<2x2xi32>) -> tensor<4xi32>
  return %0, %1, %2, %3, %4 : tensor<2xf32>, tensor<1x2x1xf32>, tensor<1x6xi8>, tensor<3x2xi8>, tensor<4xi32>
}

// -----

// Weights stay blobs: a reshape of a dense_resource shares the blob.
// CHECK-LABEL: func.func @reshape_resource
// CHECK-NEXT:    %[[W:.*]] = qc.constant dense_resource<weight> : tensor<4x1xf32>
// CHECK-NEXT:    return %[[W]]
func.func @reshape_resource() -> tensor<4x1xf32> {
  %w = qc.constant dense_resource<weight> : tensor<2x2xf32>
  %0 = qc.reshape %w : (tensor<2x2xf32>) -> tensor<4x1xf32>
  return %0 : tensor<4x1xf32>
}

{-#
  dialect_resources: {
    builtin: {
      weight: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// CHECK-LABEL: func.func @transpose_resource
// CHECK-NEXT:    %[[T:.*]] = qc.constant dense<{{\[}}[1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT:    return %[[T]]
func.func @transpose_resource() -> tensor<2x2xf32> {
  %w = qc.constant dense_resource<weight> : tensor<2x2xf32>
  %0 = qc.transpose %w {perm = array<i64: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      weight: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// CHECK-LABEL: func.func @cast_int_to_int
// CHECK-DAG:     %[[NARROW:.*]] = qc.constant dense<[-1, 0, 44, -128]> : tensor<4xi8>
// CHECK-DAG:     %[[WIDE:.*]] = qc.constant dense<[-1, 0, 300, 128]> : tensor<4xi64>
// CHECK-DAG:     %[[UNSIGNED:.*]] = qc.constant dense<[255, 0, 128, 1]> : tensor<4xi32>
// CHECK-DAG:     %[[FROM_BOOL:.*]] = qc.constant dense<[1, 0, 1, 1]> : tensor<4xi32>
// CHECK-DAG:     %[[TO_BOOL:.*]] = qc.constant dense<[true, false, true, true]> : tensor<4xi1>
// CHECK:         return %[[NARROW]], %[[WIDE]], %[[UNSIGNED]], %[[FROM_BOOL]], %[[TO_BOOL]]
func.func @cast_int_to_int() -> (tensor<4xi8>, tensor<4xi64>, tensor<4xi32>, tensor<4xi32>, tensor<4xi1>) {
  %i = qc.constant dense<[-1, 0, 300, 128]> : tensor<4xi32>
  // Narrowing keeps the low bits: 300 = 0x12C -> 0x2C = 44, 128 -> -128.
  %0 = qc.cast %i : (tensor<4xi32>) -> tensor<4xi8>
  %1 = qc.cast %i : (tensor<4xi32>) -> tensor<4xi64>
  // Unsigned values extend with zeros.
  %u = qc.constant dense<[255, 0, 128, 1]> : tensor<4xui8>
  %2 = qc.cast %u : (tensor<4xui8>) -> tensor<4xi32>
  // ONNX bool is 0 or 1, never -1.
  %b = qc.constant dense<[true, false, true, true]> : tensor<4xi1>
  %3 = qc.cast %b : (tensor<4xi1>) -> tensor<4xi32>
  // Any non-zero value is true, 300 and 128 included (their bit 0 is 0).
  %4 = qc.cast %i : (tensor<4xi32>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4 : tensor<4xi8>, tensor<4xi64>, tensor<4xi32>, tensor<4xi32>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @cast_int_to_float
// CHECK-DAG:     %[[SIGNED:.*]] = qc.constant dense<[-3.000000e+00, 0.000000e+00, 1.600000e+01]> : tensor<3xf32>
// CHECK-DAG:     %[[UNSIGNED:.*]] = qc.constant dense<[2.550000e+02, 0.000000e+00, 1.280000e+02]> : tensor<3xf32>
// CHECK-DAG:     %[[FROM_BOOL:.*]] = qc.constant dense<[1.000000e+00, 0.000000e+00, 1.000000e+00]> : tensor<3xf16>
// CHECK:         return %[[SIGNED]], %[[UNSIGNED]], %[[FROM_BOOL]]
func.func @cast_int_to_float() -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf16>) {
  %i = qc.constant dense<[-3, 0, 16]> : tensor<3xi64>
  %0 = qc.cast %i : (tensor<3xi64>) -> tensor<3xf32>
  %u = qc.constant dense<[255, 0, 128]> : tensor<3xui8>
  %1 = qc.cast %u : (tensor<3xui8>) -> tensor<3xf32>
  %b = qc.constant dense<[true, false, true]> : tensor<3xi1>
  %2 = qc.cast %b : (tensor<3xi1>) -> tensor<3xf16>
  return %0, %1, %2 : tensor<3xf32>, tensor<3xf32>, tensor<3xf16>
}

// -----

// Float to int and float to float keep their rounding decision for the lowering.
// CHECK-LABEL: func.func @cast_from_float
// CHECK-COUNT-2: qc.cast
func.func @cast_from_float() -> (tensor<2xi32>, tensor<2xf16>) {
  %f = qc.constant dense<[1.5, -2.5]> : tensor<2xf32>
  %0 = qc.cast %f : (tensor<2xf32>) -> tensor<2xi32>
  %1 = qc.cast %f : (tensor<2xf32>) -> tensor<2xf16>
  return %0, %1 : tensor<2xi32>, tensor<2xf16>
}

// -----

// CHECK-LABEL: func.func @cast_same_type
// CHECK-SAME:    (%[[X:.*]]: tensor<2xi32>)
// CHECK-NEXT:    return %[[X]]
func.func @cast_same_type(%x: tensor<2xi32>) -> tensor<2xi32> {
  %0 = qc.cast %x : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

//===----------------------------------------------------------------------===//
// BatchNormalization folds into the preceding Conv or Gemm
//===----------------------------------------------------------------------===//

// -----

// s = gamma / sqrt(var + eps) = [1, 2] / sqrt([3, 0] + 1) = [0.5, 2]
// W' = s[m] * W[m]           = [[0.5, 1]], [[6, 8]]
// b' = s * (b - mean) + beta = [0.5 * (1 - 1) + 0.5, 2 * (-1 - 2) + 1] = [0.5, -5]
// CHECK-LABEL: func.func @bn_into_conv
// CHECK-SAME:    (%[[X:.*]]: tensor<1x1x2x3xf32>)
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[}}{{\[}}{{\[}}[5.000000e-01, 1.000000e+00]]], {{\[}}{{\[}}[6.000000e+00, 8.000000e+00]]]]> : tensor<2x1x1x2xf32>
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[5.000000e-01, -5.000000e+00]> : tensor<2xf32>
// CHECK:         %[[Y:.*]] = qc.conv %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-SAME:      : (tensor<1x1x2x3xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NOT:     qc.batch_normalization
// CHECK:         return %[[Y]]
func.func @bn_into_conv(%x: tensor<1x1x2x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = qc.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %conv = qc.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                              dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x2x3xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %gamma = qc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %beta = qc.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = qc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = qc.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %y = qc.batch_normalization %conv, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Without a bias the old bias is zero: b' = beta - s * mean = [-2, -4].
// CHECK-LABEL: func.func @bn_into_conv_without_bias
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[}}{{\[}}{{\[}}[4.000000e+00]]], {{\[}}{{\[}}[-1.500000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[-2.000000e+00, -4.000000e+00]> : tensor<2xf32>
// CHECK:         qc.conv %{{.*}}, %[[W]], %[[B]]
// CHECK-NOT:     qc.batch_normalization
func.func @bn_into_conv_without_bias(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = qc.constant dense<[[[[2.0]]], [[[-3.0]]]]> : tensor<2x1x1x1xf32>
  %conv = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  // s = [2, 0.5] (var + eps = [0.25, 4]), mean = [1, 8], beta = 0.
  %gamma = qc.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %beta = qc.constant dense<0.0> : tensor<2xf32>
  %mean = qc.constant dense<[1.0, 8.0]> : tensor<2xf32>
  %var = qc.constant dense<[0.25, 4.0]> : tensor<2xf32>
  %y = qc.batch_normalization %conv, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// The Conv's result is used twice: folding would change the other use.
// CHECK-LABEL: func.func @bn_conv_two_uses
// CHECK:         %[[CONV:.*]] = qc.conv
// CHECK:         %[[BN:.*]] = qc.batch_normalization %[[CONV]]
// CHECK:         return %[[CONV]], %[[BN]]
func.func @bn_conv_two_uses(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = qc.constant dense<2.0> : tensor<1x1x1x1xf32>
  %conv = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %p = qc.constant dense<1.0> : tensor<1xf32>
  %y = qc.batch_normalization %conv, %p, %p, %p, %p {epsilon = 0.0 : f32}
      : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %conv, %y : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @bn_conv_weight_not_constant
// CHECK-SAME:    (%[[X:.*]]: tensor<1x1x2x2xf32>, %[[W:.*]]: tensor<1x1x1x1xf32>)
// CHECK:         %[[CONV:.*]] = qc.conv %[[X]], %[[W]]
// CHECK:         qc.batch_normalization %[[CONV]]
func.func @bn_conv_weight_not_constant(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %conv = qc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %p = qc.constant dense<1.0> : tensor<1xf32>
  %y = qc.batch_normalization %conv, %p, %p, %p, %p {epsilon = 0.0 : f32}
      : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @bn_not_after_conv
// CHECK:         qc.batch_normalization
func.func @bn_not_after_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %p = qc.constant dense<1.0> : tensor<1xf32>
  %y = qc.batch_normalization %x, %p, %p, %p, %p {epsilon = 0.0 : f32}
      : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// Gemm: y = alpha * A op(B) + beta * C, then per-column BN with
//   s = gamma / sqrt(var + eps) = [1, 2, 3] / sqrt([3, 0, 8] + 1) = [0.5, 2, 1]
//   t = beta_bn - s * mean     = [0, 1, -1] - s * [1, 0, 2]     = [-0.5, 1, -3]
// op(B) = B (3 columns) scales column n by s[n]; C' = s * beta * C + t with
// beta = 2, C = [1, 2, 3]: [0.5 * 2 - 0.5, 2 * 4 + 1, 1 * 6 - 3] = [0.5, 9, 3];
// alpha stays, beta becomes 1.
// CHECK-LABEL: func.func @bn_into_gemm
// CHECK-SAME:    (%[[A:.*]]: tensor<1x2xf32>)
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<{{\[}}[5.000000e-01, 4.000000e+00, 3.000000e+00], [2.000000e+00, 1.000000e+01, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-DAG:     %[[C:.*]] = qc.constant dense<[5.000000e-01, 9.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK:         %[[Y:.*]] = qc.gemm %[[A]], %[[B]], %[[C]] {alpha = 1.500000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = false}
// CHECK-SAME:      : (tensor<1x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NOT:     qc.batch_normalization
// CHECK:         return %[[Y]]
func.func @bn_into_gemm(%a: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %b = qc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %c = qc.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %gemm = qc.gemm %a, %b, %c {alpha = 1.5 : f32, beta = 2.0 : f32, trans_a = false, trans_b = false}
      : (tensor<1x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  %gamma = qc.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %beta = qc.constant dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  %mean = qc.constant dense<[1.0, 0.0, 2.0]> : tensor<3xf32>
  %var = qc.constant dense<[3.0, 0.0, 8.0]> : tensor<3xf32>
  %y = qc.batch_normalization %gemm, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// trans_b: B is N x K, so row n scales by s[n]. Without C, C' = t.
// CHECK-LABEL: func.func @bn_into_gemm_trans_b
// CHECK-SAME:    (%[[A:.*]]: tensor<1x2xf32>)
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<{{\[}}[5.000000e-01, 2.000000e+00], [4.000000e+00, 1.000000e+01], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-DAG:     %[[C:.*]] = qc.constant dense<[-5.000000e-01, 1.000000e+00, -3.000000e+00]> : tensor<3xf32>
// CHECK:         %[[Y:.*]] = qc.gemm %[[A]], %[[B]], %[[C]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = true}
// CHECK-NOT:     qc.batch_normalization
// CHECK:         return %[[Y]]
func.func @bn_into_gemm_trans_b(%a: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %b = qc.constant dense<[[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]> : tensor<3x2xf32>
  %gemm = qc.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true}
      : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
  %gamma = qc.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %beta = qc.constant dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  %mean = qc.constant dense<[1.0, 0.0, 2.0]> : tensor<3xf32>
  %var = qc.constant dense<[3.0, 0.0, 8.0]> : tensor<3xf32>
  %y = qc.batch_normalization %gemm, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// trans_b with a scalar C, which broadcasts to every column:
// C' = s * beta * C + t = [0.5, 2, 1] * 1 * 4 + [-0.5, 1, -3] = [1.5, 9, 1].
// CHECK-LABEL: func.func @bn_into_gemm_trans_b_scalar_c
// CHECK-DAG:     %[[C:.*]] = qc.constant dense<[1.500000e+00, 9.000000e+00, 1.000000e+00]> : tensor<3xf32>
// CHECK:         qc.gemm %{{.*}}, %{{.*}}, %[[C]] {{{.*}}trans_b = true}
// CHECK-NOT:     qc.batch_normalization
func.func @bn_into_gemm_trans_b_scalar_c(%a: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %b = qc.constant dense<[[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]> : tensor<3x2xf32>
  %c = qc.constant dense<4.0> : tensor<f32>
  %gemm = qc.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true}
      : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<f32>) -> tensor<1x3xf32>
  %gamma = qc.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %beta = qc.constant dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  %mean = qc.constant dense<[1.0, 0.0, 2.0]> : tensor<3xf32>
  %var = qc.constant dense<[3.0, 0.0, 8.0]> : tensor<3xf32>
  %y = qc.batch_normalization %gemm, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// A C that varies per row cannot become a per-column bias.
// CHECK-LABEL: func.func @bn_gemm_c_per_row
// CHECK:         %[[GEMM:.*]] = qc.gemm
// CHECK:         qc.batch_normalization %[[GEMM]]
func.func @bn_gemm_c_per_row(%a: tensor<2x2xf32>) -> tensor<2x3xf32> {
  %b = qc.constant dense<1.0> : tensor<2x3xf32>
  %c0 = qc.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %gemm = qc.gemm %a, %b, %c0 {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false}
      : (tensor<2x2xf32>, tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %p = qc.constant dense<1.0> : tensor<3xf32>
  %y = qc.batch_normalization %gemm, %p, %p, %p, %p {epsilon = 0.0 : f32}
      : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @bn_gemm_two_uses
// CHECK:         %[[GEMM:.*]] = qc.gemm
// CHECK:         %[[BN:.*]] = qc.batch_normalization %[[GEMM]]
// CHECK:         return %[[GEMM]], %[[BN]]
func.func @bn_gemm_two_uses(%a: tensor<1x2xf32>) -> (tensor<1x3xf32>, tensor<1x3xf32>) {
  %b = qc.constant dense<1.0> : tensor<2x3xf32>
  %gemm = qc.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false}
      : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %p = qc.constant dense<1.0> : tensor<3xf32>
  %y = qc.batch_normalization %gemm, %p, %p, %p, %p {epsilon = 0.0 : f32}
      : (tensor<1x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %gemm, %y : tensor<1x3xf32>, tensor<1x3xf32>
}

// -----

// CHECK-LABEL: func.func @bn_gemm_weight_not_constant
// CHECK-SAME:    (%[[A:.*]]: tensor<1x2xf32>, %[[B:.*]]: tensor<2x3xf32>)
// CHECK:         %[[GEMM:.*]] = qc.gemm %[[A]], %[[B]]
// CHECK:         qc.batch_normalization %[[GEMM]]
func.func @bn_gemm_weight_not_constant(%a: tensor<1x2xf32>, %b: tensor<2x3xf32>) -> tensor<1x3xf32> {
  %gemm = qc.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false}
      : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %p = qc.constant dense<1.0> : tensor<3xf32>
  %y = qc.batch_normalization %gemm, %p, %p, %p, %p {epsilon = 0.0 : f32}
      : (tensor<1x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}
