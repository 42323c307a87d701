// RUN: quantc-opt %s --convert-qc-to-linalg --split-input-file | FileCheck %s

// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @relu
// CHECK-SAME:    (%[[X:.*]]: tensor<2x8xf32>)
// CHECK:         %[[ZERO:.*]] = arith.constant 0.0{{0*}}e+00 : f32
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<2x8xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]] : tensor<2x8xf32>) outs(%[[INIT]] : tensor<2x8xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[MAX:.*]] = arith.maximumf %[[IN]], %[[ZERO]] : f32
// CHECK:           linalg.yield %[[MAX]] : f32
// CHECK:         return %[[R]]
func.func @relu(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = qc.relu %x : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Broadcasting is in the indexing maps: a size-1 dimension reads index 0 and
// missing leading dimensions are dropped.
// CHECK-DAG: #[[$LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[$RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK:         linalg.generic {indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]]
// CHECK:           arith.addf
func.func @add_broadcast(%a: tensor<2x1x4xf32>, %b: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = qc.add %a, %b : (tensor<2x1x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @integer_arithmetic
// CHECK:         arith.subi
// CHECK:         arith.divsi
func.func @integer_arithmetic(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %0 = qc.sub %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %1 = qc.div %0, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %1 : tensor<4xi64>
}

// -----

// Clip's scalar bounds are inputs read at no index.
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @clip
// CHECK:         %[[LO:.*]] = arith.constant dense<0.0{{0*}}e+00> : tensor<f32>
// CHECK:         %[[HI:.*]] = arith.constant dense<6.0{{0*}}e+00> : tensor<f32>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[$SCALAR]], #[[$SCALAR]], #{{.*}}]
// CHECK-SAME:      ins(%{{.*}}, %[[LO]], %[[HI]] : tensor<8xf32>, tensor<f32>, tensor<f32>)
// CHECK:           arith.maximumf
// CHECK:           arith.minimumf
func.func @clip(%x: tensor<8xf32>) -> tensor<8xf32> {
  %lo = qc.constant dense<0.0> : tensor<f32>
  %hi = qc.constant dense<6.0> : tensor<f32>
  %0 = qc.clip %x min %lo max %hi : (tensor<8xf32>, tensor<f32>, tensor<f32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @activations
// CHECK:         math.exp
// CHECK:         arith.divf
// CHECK:         math.tanh
// CHECK:         arith.cmpf olt
// CHECK:         arith.select
// CHECK:         arith.minimumf
// CHECK:         arith.maximumf
// CHECK:         arith.mulf
func.func @activations(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qc.sigmoid %x : tensor<8xf32>
  %1 = qc.tanh %0 : tensor<8xf32>
  %2 = qc.leaky_relu %1 {alpha = 1.0e-01 : f32} : tensor<8xf32>
  %3 = qc.hard_swish %2 : tensor<8xf32>
  return %3 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @forwarding
// CHECK-SAME:    (%[[X:.*]]: tensor<8xf32>)
// CHECK-NEXT:    return %[[X]]
func.func @forwarding(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qc.identity %x : tensor<8xf32>
  %1 = qc.dropout %0 : tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// arith computes on signless integers: unsigned elements are cast to and from
// them inside the body, and division, clipping, sign and casts use the
// unsigned arith ops.
// CHECK-LABEL: func.func @unsigned
// CHECK:         linalg.generic
// CHECK:         ^bb0(%[[A:.*]]: ui8, %[[B:.*]]: ui8, %{{.*}}: ui8):
// CHECK-DAG:       %[[SA:.*]] = builtin.unrealized_conversion_cast %[[A]] : ui8 to i8
// CHECK-DAG:       %[[SB:.*]] = builtin.unrealized_conversion_cast %[[B]] : ui8 to i8
// CHECK:           %[[Q:.*]] = arith.divui %[[SA]], %[[SB]] : i8
// CHECK:           %[[U:.*]] = builtin.unrealized_conversion_cast %[[Q]] : i8 to ui8
// CHECK:           linalg.yield %[[U]] : ui8
// CHECK:         linalg.generic
// CHECK:           arith.maxui
// CHECK:           arith.minui
// CHECK:         linalg.generic
// CHECK:           %[[NZ:.*]] = arith.cmpi ne
// CHECK:           arith.extui %[[NZ]] : i1 to i8
// CHECK:         linalg.generic
// CHECK:           %[[W:.*]] = arith.extui %{{.*}} : i8 to i32
// CHECK:           linalg.yield %[[W]] : i32
// CHECK:         linalg.generic
// CHECK:           arith.uitofp %{{.*}} : i8 to f32
// CHECK:         linalg.generic
// CHECK:           arith.fptoui %{{.*}} : f32 to i16
// CHECK:           builtin.unrealized_conversion_cast %{{.*}} : i16 to ui16
func.func @unsigned(%u: tensor<4xui8>, %lo: tensor<ui8>, %hi: tensor<ui8>, %f: tensor<4xf32>)
    -> (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xi32>, tensor<4xf32>, tensor<4xui16>) {
  %0 = qc.div %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = qc.clip %u min %lo max %hi : (tensor<4xui8>, tensor<ui8>, tensor<ui8>) -> tensor<4xui8>
  %2 = qc.sign %u : tensor<4xui8>
  %3 = qc.cast %u : (tensor<4xui8>) -> tensor<4xi32>
  %4 = qc.cast %u : (tensor<4xui8>) -> tensor<4xf32>
  %5 = qc.cast %f : (tensor<4xf32>) -> tensor<4xui16>
  return %0, %1, %2, %3, %4, %5 : tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xi32>, tensor<4xf32>, tensor<4xui16>
}

// -----

// A signed integer type is signless to arith; abs of an unsigned is itself.
// CHECK-LABEL: func.func @signed_and_abs
// CHECK:         builtin.unrealized_conversion_cast %{{.*}} : si16 to i16
// CHECK:         arith.divsi
// CHECK:         ^bb0(%[[X:.*]]: ui8, %{{.*}}: ui8):
// CHECK-NEXT:      linalg.yield %[[X]] : ui8
func.func @signed_and_abs(%s: tensor<4xsi16>, %u: tensor<4xui8>) -> (tensor<4xsi16>, tensor<4xui8>) {
  %0 = qc.div %s, %s : (tensor<4xsi16>, tensor<4xsi16>) -> tensor<4xsi16>
  %1 = qc.abs %u : tensor<4xui8>
  return %0, %1 : tensor<4xsi16>, tensor<4xui8>
}

// -----

// Unsigned constants are held signless and converted elementwise (a splat
// arith.constant of ui8 would turn into an invalid scalar one when fused).
// CHECK-LABEL: func.func @unsigned_constant
// CHECK-DAG:     %[[F:.*]] = arith.constant dense<1.5{{0*}}e+00> : tensor<2xf32>
// CHECK-DAG:     %[[C:.*]] = arith.constant dense<[-56, 3]> : tensor<2xi8>
// CHECK:         %[[U:.*]] = linalg.generic {{.*}} ins(%[[C]] : tensor<2xi8>) outs(%{{.*}} : tensor<2xui8>)
// CHECK:           builtin.unrealized_conversion_cast %{{.*}} : i8 to ui8
// CHECK:         return %[[U]], %[[F]]
func.func @unsigned_constant() -> (tensor<2xui8>, tensor<2xf32>) {
  %0 = qc.constant dense<[200, 3]> : tensor<2xui8>
  %1 = qc.constant dense<1.5> : tensor<2xf32>
  return %0, %1 : tensor<2xui8>, tensor<2xf32>
}
