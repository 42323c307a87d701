// Runs the lowered Resize and checks the numbers against values worked out by
// hand from the ONNX definitions.
//
// RUN: quantc-opt %s --convert-qc-to-linalg %{lower-to-llvm} | %{run-main} | FileCheck %s

func.func private @printMemrefF32(%ptr : tensor<*xf32>)

func.func @print(%t: tensor<1x1x1x4xf32>) {
  %u = tensor.cast %t : tensor<1x1x1x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @print8(%t: tensor<1x1x1x8xf32>) {
  %u = tensor.cast %t : tensor<1x1x1x8xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  // Nearest, asymmetric, floor: every element twice in both directions.
  // CHECK:      {{\[\[\[\[}}1,{{ +}}1,{{ +}}2,{{ +}}2]
  // CHECK-NEXT:    [1,{{ +}}1,{{ +}}2,{{ +}}2]
  // CHECK-NEXT:    [3,{{ +}}3,{{ +}}4,{{ +}}4]
  // CHECK-NEXT:    [3,{{ +}}3,{{ +}}4,{{ +}}4]]]]
  %x = qc.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %n = qc.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, mode = #qc<resize_mode nearest>, coordinate_transformation_mode = #qc<coordinate_transform asymmetric>, nearest_mode = #qc<nearest_mode floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  %nu = tensor.cast %n : tensor<1x1x4x4xf32> to tensor<*xf32>
  call @printMemrefF32(%nu) : (tensor<*xf32>) -> ()

  // Asymmetric coordinates o / 2 = 0, 0.5, 1, 1.5 of [1, 2]: the ties go down
  // with round_prefer_floor, up with round_prefer_ceil (1.5 -> 2 clamps to 1).
  // CHECK: {{\[\[\[\[}}1,{{ +}}1,{{ +}}2,{{ +}}2]]]]
  // CHECK: {{\[\[\[\[}}1,{{ +}}2,{{ +}}2,{{ +}}2]]]]
  %r = qc.constant dense<[[[[1.0, 2.0]]]]> : tensor<1x1x1x2xf32>
  %pf = qc.resize %r {scales = array<f32: 1.0, 1.0, 1.0, 2.0>, mode = #qc<resize_mode nearest>, coordinate_transformation_mode = #qc<coordinate_transform asymmetric>, nearest_mode = #qc<nearest_mode round_prefer_floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x4xf32>
  call @print(%pf) : (tensor<1x1x1x4xf32>) -> ()
  %pc = qc.resize %r {scales = array<f32: 1.0, 1.0, 1.0, 2.0>, mode = #qc<resize_mode nearest>, coordinate_transformation_mode = #qc<coordinate_transform asymmetric>, nearest_mode = #qc<nearest_mode round_prefer_ceil>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x4xf32>
  call @print(%pc) : (tensor<1x1x1x4xf32>) -> ()

  // tf_half_pixel_for_nn reads (o + 0.5) / 2 = 0.25, 0.75, 1.25, 1.75; ceil
  // makes that 1, 1, 2, 2, clamped to the last element.
  // CHECK: {{\[\[\[\[}}2,{{ +}}2,{{ +}}2,{{ +}}2]]]]
  %tf = qc.resize %r {scales = array<f32: 1.0, 1.0, 1.0, 2.0>, mode = #qc<resize_mode nearest>, coordinate_transformation_mode = #qc<coordinate_transform tf_half_pixel_for_nn>, nearest_mode = #qc<nearest_mode ceil>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x4xf32>
  call @print(%tf) : (tensor<1x1x1x4xf32>) -> ()

  // Linear, half_pixel, [1, 3] to 4: coordinates -0.25, 0.25, 0.75, 1.25,
  // clamped to [0, 1]: 1, 0.75 * 1 + 0.25 * 3, 0.25 * 1 + 0.75 * 3, 3.
  // CHECK: {{\[\[\[\[}}1,{{ +}}1.5,{{ +}}2.5,{{ +}}3]]]]
  %l = qc.constant dense<[[[[1.0, 3.0]]]]> : tensor<1x1x1x2xf32>
  %lh = qc.resize %l {scales = array<f32: 1.0, 1.0, 1.0, 2.0>, mode = #qc<resize_mode linear>, coordinate_transformation_mode = #qc<coordinate_transform half_pixel>, nearest_mode = #qc<nearest_mode round_prefer_floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x4xf32>
  call @print(%lh) : (tensor<1x1x1x4xf32>) -> ()

  // align_corners: o * (2 - 1) / (4 - 1) = 0, 1/3, 2/3, 1.
  // CHECK: {{\[\[\[\[}}1,{{ +}}1.66667,{{ +}}2.33333,{{ +}}3]]]]
  %la = qc.resize %l {scales = array<f32: 1.0, 1.0, 1.0, 2.0>, mode = #qc<resize_mode linear>, coordinate_transformation_mode = #qc<coordinate_transform align_corners>, nearest_mode = #qc<nearest_mode round_prefer_floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x4xf32>
  call @print(%la) : (tensor<1x1x1x4xf32>) -> ()

  // align_corners downsampling 4 by 0.6: ONNX's resized length is 2.4 (not
  // the 2 outputs), so output 1 reads 1 * 3 / 1.4 = 2.142857 between 30 and
  // 40 (ONNX Runtime would read 3).
  // CHECK: {{\[\[\[\[}}10,{{ +}}31.4286]]]]
  %d = qc.constant dense<[[[[10.0, 20.0, 30.0, 40.0]]]]> : tensor<1x1x1x4xf32>
  %ld = qc.resize %d {scales = array<f32: 1.0, 1.0, 1.0, 0.6>, mode = #qc<resize_mode linear>, coordinate_transformation_mode = #qc<coordinate_transform align_corners>, nearest_mode = #qc<nearest_mode round_prefer_floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x1x1x4xf32>) -> tensor<1x1x1x2xf32>
  %ldu = tensor.cast %ld : tensor<1x1x1x2xf32> to tensor<*xf32>
  call @printMemrefF32(%ldu) : (tensor<*xf32>) -> ()

  // Cubic (a = -0.75), asymmetric, [0, 16, 0, 0] to 8: even outputs read
  // o / 2 exactly; odd ones sit halfway, where the taps at distances 1.5,
  // 0.5, 0.5, 1.5 weigh -0.09375, 0.59375, 0.59375, -0.09375 (taps beyond
  // the ends repeat the edge): 16 * 0.59375 = 9.5 and 16 * -0.09375 = -1.5.
  // CHECK: {{\[\[\[\[}}0,{{ +}}9.5,{{ +}}16,{{ +}}9.5,{{ +}}0,{{ +}}-1.5,{{ +}}0,{{ +}}0]]]]
  %c = qc.constant dense<[[[[0.0, 16.0, 0.0, 0.0]]]]> : tensor<1x1x1x4xf32>
  %cu = qc.resize %c {scales = array<f32: 1.0, 1.0, 1.0, 2.0>, mode = #qc<resize_mode cubic>, coordinate_transformation_mode = #qc<coordinate_transform asymmetric>, nearest_mode = #qc<nearest_mode round_prefer_floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = false} : (tensor<1x1x1x4xf32>) -> tensor<1x1x1x8xf32>
  call @print8(%cu) : (tensor<1x1x1x8xf32>) -> ()

  // exclude_outside drops the taps beyond the ends and renormalizes the
  // rest, which then sum to 1.09375: 9.5 / 1.09375 and -1.5 / 1.09375.
  // CHECK: {{\[\[\[\[}}0,{{ +}}8.68571,{{ +}}16,{{ +}}9.5,{{ +}}0,{{ +}}-1.37143,{{ +}}0,{{ +}}0]]]]
  %ce = qc.resize %c {scales = array<f32: 1.0, 1.0, 1.0, 2.0>, mode = #qc<resize_mode cubic>, coordinate_transformation_mode = #qc<coordinate_transform asymmetric>, nearest_mode = #qc<nearest_mode round_prefer_floor>, cubic_coeff_a = -0.75 : f32, exclude_outside = true} : (tensor<1x1x1x4xf32>) -> tensor<1x1x1x8xf32>
  call @print8(%ce) : (tensor<1x1x1x8xf32>) -> ()
  return
}
