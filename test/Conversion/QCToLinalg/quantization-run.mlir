// Runs the lowered quantization ops (JIT through upstream's LLVM lowering)
// and checks the numbers against values worked out by hand from ONNX's
// definitions: rounding half to even (ties 0.5, 1.5, 2.5, -0.5, -2.5),
// x / scale as a float32 division, saturation at both ends, per-axis
// parameters, uint8 and int8, zero points.
//
// RUN: quantc-opt %s --convert-qc-to-linalg %{lower-to-llvm} | %{run-main} | FileCheck %s

func.func private @printMemrefF32(%ptr : tensor<*xf32>)
func.func private @printMemrefI32(%ptr : tensor<*xi32>)

func.func @main() {
  // QuantizeLinear, uint8 per tensor, scale 1, zero point 10: ties go to the
  // even neighbour; 300 + 10 and -20 + 10 saturate to 255 and 0.
  // CHECK: [10, 12, 12, 10, 8, 255, 0, 254]
  %x = qc.constant dense<[0.5, 1.5, 2.5, -0.5, -2.5, 300.0, -20.0, 244.5]> : tensor<8xf32>
  %one = qc.constant dense<1.0> : tensor<f32>
  %zp10 = qc.constant dense<10> : tensor<ui8>
  %q = qc.quantize_linear %x, %one, %zp10 {axis = 0 : i64} : (tensor<8xf32>, tensor<f32>, tensor<ui8>) -> tensor<8xui8>
  %qw = qc.cast %q : (tensor<8xui8>) -> tensor<8xi32>
  %qu = tensor.cast %qw : tensor<8xi32> to tensor<*xi32>
  call @printMemrefI32(%qu) : (tensor<*xi32>) -> ()

  // int8 with scale 0.1: 1.55f / 0.1f is 15.499999 in float32 and rounds to
  // 15, where 1.55f * (1 / 0.1f) is 15.5 and would round to 16.
  // CHECK: [15, -15, 2, 4, 4, 0]
  %xd = qc.constant dense<[1.55, -1.55, 0.25, 0.35, 0.45, -0.05]> : tensor<6xf32>
  %tenth = qc.constant dense<0.1> : tensor<f32>
  %zp0 = qc.constant dense<0> : tensor<i8>
  %qd = qc.quantize_linear %xd, %tenth, %zp0 {axis = 0 : i64} : (tensor<6xf32>, tensor<f32>, tensor<i8>) -> tensor<6xi8>
  %qdw = qc.cast %qd : (tensor<6xi8>) -> tensor<6xi32>
  %qdu = tensor.cast %qdw : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%qdu) : (tensor<*xi32>) -> ()

  // int8 per axis 1, scales [0.5, 1, 2], zero points [-1, 0, 1]:
  // -0.5 / 0.5 - 1, 1 / 1, round(2.5) + 1; 200 - 1 and -300 saturate,
  // round(-0.5) + 1.
  // CHECK:      [-2, 1, 3]
  // CHECK-NEXT: [127, -128, 1]
  %xa = qc.constant dense<[[-0.5, 1.0, 5.0], [100.0, -300.0, -1.0]]> : tensor<2x3xf32>
  %sa = qc.constant dense<[0.5, 1.0, 2.0]> : tensor<3xf32>
  %za = qc.constant dense<[-1, 0, 1]> : tensor<3xi8>
  %qa = qc.quantize_linear %xa, %sa, %za {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<2x3xi8>
  %qaw = qc.cast %qa : (tensor<2x3xi8>) -> tensor<2x3xi32>
  %qau = tensor.cast %qaw : tensor<2x3xi32> to tensor<*xi32>
  call @printMemrefI32(%qau) : (tensor<*xi32>) -> ()

  // int32 codes saturate at the int32 range; 2.5 + 5 and round(-7.5) + 5.
  // CHECK: [2147483647, -2147483648, 7, -3]
  %xi = qc.constant dense<[3.0e9, -3.0e9, 2.5, -7.5]> : tensor<4xf32>
  %zi = qc.constant dense<5> : tensor<i32>
  %qi = qc.quantize_linear %xi, %one, %zi {axis = 0 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i32>) -> tensor<4xi32>
  %qiu = tensor.cast %qi : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%qiu) : (tensor<*xi32>) -> ()

  // DequantizeLinear, uint8 per tensor: (x - 128) * 0.5.
  // CHECK: [-64, -62.5, 0, 63.5]
  %c = qc.constant dense<[0, 3, 128, 255]> : tensor<4xui8>
  %half = qc.constant dense<0.5> : tensor<f32>
  %zp128 = qc.constant dense<128> : tensor<ui8>
  %d = qc.dequantize_linear %c, %half, %zp128 {axis = 0 : i64} : (tensor<4xui8>, tensor<f32>, tensor<ui8>) -> tensor<4xf32>
  %du = tensor.cast %d : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%du) : (tensor<*xf32>) -> ()

  // int8 per axis 0: row 0 (x + 128) * 0.25, row 1 (x - 1) * 2.
  // CHECK:      [0,   63.75]
  // CHECK-NEXT: [-2,   -4]
  %ca = qc.constant dense<[[-128, 127], [0, -1]]> : tensor<2x2xi8>
  %sd = qc.constant dense<[0.25, 2.0]> : tensor<2xf32>
  %zd = qc.constant dense<[-128, 1]> : tensor<2xi8>
  %da = qc.dequantize_linear %ca, %sd, %zd {axis = 0 : i64} : (tensor<2x2xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x2xf32>
  %dau = tensor.cast %da : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%dau) : (tensor<*xf32>) -> ()

  // int32 input without a zero point (a bias at scale s_x * s_w).
  // CHECK: [500, -3.5]
  %ci = qc.constant dense<[1000, -7]> : tensor<2xi32>
  %di = qc.dequantize_linear %ci, %half {axis = 0 : i64} : (tensor<2xi32>, tensor<f32>) -> tensor<2xf32>
  %diu = tensor.cast %di : tensor<2xf32> to tensor<*xf32>
  call @printMemrefF32(%diu) : (tensor<*xf32>) -> ()

  // DynamicQuantizeLinear on ONNX's example: scale = (2 + 3) / 255,
  // zero point = round(3 / scale) = 153, y = round(x / scale) + 153.
  // CHECK: [153, 255, 0, 26, 221, 179]
  // CHECK: [0.0196078]
  // CHECK: [153]
  %dx = qc.constant dense<[0.0, 2.0, -3.0, -2.5, 1.34, 0.5]> : tensor<6xf32>
  %dy, %ds, %dz = qc.dynamic_quantize_linear %dx : (tensor<6xf32>) -> (tensor<6xui8>, tensor<f32>, tensor<ui8>)
  call @printDynamic(%dy, %ds, %dz) : (tensor<6xui8>, tensor<f32>, tensor<ui8>) -> ()

  // All negative: max(x, 0) = 0, scale 2 / 255 (0.007843138 in float32),
  // zero point 255; -1 / scale = -127.49999 rounds to -127: 128.
  // CHECK: [128, 0, 191, 64, 255, 223]
  // CHECK: [0.00784314]
  // CHECK: [255]
  %nx = qc.constant dense<[-1.0, -2.0, -0.5, -1.5, 0.0, -0.25]> : tensor<6xf32>
  %ny, %ns, %nz = qc.dynamic_quantize_linear %nx : (tensor<6xf32>) -> (tensor<6xui8>, tensor<f32>, tensor<ui8>)
  call @printDynamic(%ny, %ns, %nz) : (tensor<6xui8>, tensor<f32>, tensor<ui8>) -> ()

  // An all-zero input has an empty range: scale 1 / 255 (ONNX's reference),
  // zero point 0.
  // CHECK: [0, 0, 0, 0, 0, 0]
  // CHECK: [0.00392157]
  // CHECK: [0]
  %zx = qc.constant dense<0.0> : tensor<6xf32>
  %zy, %zs, %zz = qc.dynamic_quantize_linear %zx : (tensor<6xf32>) -> (tensor<6xui8>, tensor<f32>, tensor<ui8>)
  call @printDynamic(%zy, %zs, %zz) : (tensor<6xui8>, tensor<f32>, tensor<ui8>) -> ()

  // MatMulInteger, uint8 A with per-row zero points [1, 2], int8 B with
  // per-column ones [0, -1]: [[0, 1, 2], [2, 3, 4]] x [[1, 0], [0, 3], [-3, 5]].
  // CHECK:      [-6,   13]
  // CHECK-NEXT: [-10,   29]
  %ma = qc.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xui8>
  %mb = qc.constant dense<[[1, -1], [0, 2], [-3, 4]]> : tensor<3x2xi8>
  %mza = qc.constant dense<[1, 2]> : tensor<2xui8>
  %mzb = qc.constant dense<[0, -1]> : tensor<2xi8>
  %mm = qc.matmul_integer %ma, %mb lhs_zero_point %mza rhs_zero_point %mzb : (tensor<2x3xui8>, tensor<3x2xi8>, tensor<2xui8>, tensor<2xi8>) -> tensor<2x2xi32>
  %mmu = tensor.cast %mm : tensor<2x2xi32> to tensor<*xi32>
  call @printMemrefI32(%mmu) : (tensor<*xi32>) -> ()

  // Without zero points, 255 reads as uint8 and -128 as int8:
  // 2 * 255 * -128.
  // CHECK: {{\[\[}}-65280]]
  %pa = qc.constant dense<255> : tensor<1x2xui8>
  %pb = qc.constant dense<-128> : tensor<2x1xi8>
  %pm = qc.matmul_integer %pa, %pb : (tensor<1x2xui8>, tensor<2x1xi8>) -> tensor<1x1xi32>
  %pmu = tensor.cast %pm : tensor<1x1xi32> to tensor<*xi32>
  call @printMemrefI32(%pmu) : (tensor<*xi32>) -> ()

  // ConvInteger with x_zero_point 1 and pads 1: the padding is the zero
  // point (0 after the shift), so a 2x2 box of ones over x - 1 = 1..9 sums
  // the windows of [[1, 2, 3], [4, 5, 6], [7, 8, 9]] padded with zeros.
  // CHECK:      [1,   3,   5,   3]
  // CHECK-NEXT: [5,   12,   16,   9]
  // CHECK-NEXT: [11,   24,   28,   15]
  // CHECK-NEXT: [7,   15,   17,   9]
  %cx = qc.constant dense<[[[[2, 3, 4], [5, 6, 7], [8, 9, 10]]]]> : tensor<1x1x3x3xui8>
  %cw = qc.constant dense<1> : tensor<1x1x2x2xui8>
  %czx = qc.constant dense<1> : tensor<ui8>
  %cc = qc.conv_integer %cx, %cw input_zero_point %czx {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x3xui8>, tensor<1x1x2x2xui8>, tensor<ui8>) -> tensor<1x1x4x4xi32>
  %ccu = tensor.cast %cc : tensor<1x1x4x4xi32> to tensor<*xi32>
  call @printMemrefI32(%ccu) : (tensor<*xi32>) -> ()

  // Two groups, weight zero points per output channel [1, 2]: channel 0 by
  // 3 - 1, channel 1 by 1 - 2.
  // CHECK:      {{\[\[\[\[}}6, -8]],
  // CHECK-NEXT: {{\[\[}}-5, -6]]]]
  %gx = qc.constant dense<[[[[3, -4]], [[5, 6]]]]> : tensor<1x2x1x2xi8>
  %gw = qc.constant dense<[[[[3]]], [[[1]]]]> : tensor<2x1x1x1xui8>
  %gzw = qc.constant dense<[1, 2]> : tensor<2xui8>
  %gc = qc.conv_integer %gx, %gw weight_zero_point %gzw {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x1x2xi8>, tensor<2x1x1x1xui8>, tensor<2xui8>) -> tensor<1x2x1x2xi32>
  %gcu = tensor.cast %gc : tensor<1x2x1x2xi32> to tensor<*xi32>
  call @printMemrefI32(%gcu) : (tensor<*xi32>) -> ()

  // fake_quant, affine uint8, scale 0.5, zero point 10: x / 0.5 are the ties
  // of the first test and two values that saturate; out = 0.5 * (q - 10).
  // CHECK: [0,  1,  1,  0,  -1,  122.5,  -5]
  %fx = qc.constant dense<[0.25, 0.75, 1.25, -0.25, -1.25, 200.0, -20.0]> : tensor<7xf32>
  %fz = qc.constant dense<10> : tensor<i32>
  %fa = qc.fake_quant %fx scale %half zero_point %fz {spec = #qc.quantizer<grid = affine, bits = 8, is_signed = false>} : (tensor<7xf32>, tensor<f32>, tensor<i32>) -> tensor<7xf32>
  %fau = tensor.cast %fa : tensor<7xf32> to tensor<*xf32>
  call @printMemrefF32(%fau) : (tensor<*xf32>) -> ()

  // symmetric_narrow, 4 bits ([-7, 7]), per axis 0 with scales [1, 0.5]:
  // round(7.5) = 8 and -7.6 saturate to +-7; round(2.5) = 2; then
  // round(-2.5) = -2, 8 saturates to 7, round(1.5) = 2, times 0.5.
  // CHECK:      [7,   -7,   2]
  // CHECK-NEXT: [-1,   3.5,   1]
  %sx = qc.constant dense<[[7.5, -7.6, 2.5], [-1.25, 4.0, 0.75]]> : tensor<2x3xf32>
  %ss = qc.constant dense<[1.0, 0.5]> : tensor<2xf32>
  %sn = qc.fake_quant %sx scale %ss {spec = #qc.quantizer<grid = symmetric_narrow, bits = 4, axis = 0>} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  %snu = tensor.cast %sn : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%snu) : (tensor<*xf32>) -> ()

  // Ternary (symmetric_narrow, 2 bits): {-1, 0, 1} * scale.
  // CHECK: [0,  0,  1,  -1,  1]
  %tx = qc.constant dense<[0.4, 0.5, 0.6, -1.7, 3.0]> : tensor<5xf32>
  %tq = qc.fake_quant %tx scale %one {spec = #qc.quantizer<grid = symmetric_narrow, bits = 2>} : (tensor<5xf32>, tensor<f32>) -> tensor<5xf32>
  %tqu = tensor.cast %tq : tensor<5xf32> to tensor<*xf32>
  call @printMemrefF32(%tqu) : (tensor<*xf32>) -> ()

  // Per group: axis 1 in groups of 2 channels, scales [1, 0.25].
  // CHECK: {{\[\[}}1,   2,   0.25,   0]]
  %gq = qc.constant dense<[[1.2, 2.5, 0.3, 0.125]]> : tensor<1x4xf32>
  %gs = qc.constant dense<[1.0, 0.25]> : tensor<2xf32>
  %gf = qc.fake_quant %gq scale %gs {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8, axis = 1, group_size = 2>} : (tensor<1x4xf32>, tensor<2xf32>) -> tensor<1x4xf32>
  %gfu = tensor.cast %gf : tensor<1x4xf32> to tensor<*xf32>
  call @printMemrefF32(%gfu) : (tensor<*xf32>) -> ()

  // unsigned_clipped, 2 bits, clip 3: [0, 3] in steps of 3 / 3 = 1.
  // CHECK: [0,  0,  2,  2,  3]
  %ux = qc.constant dense<[-1.0, 0.5, 1.5, 2.5, 4.0]> : tensor<5xf32>
  %clip = qc.constant dense<3.0> : tensor<f32>
  %uc = qc.fake_quant %ux clip %clip {spec = #qc.quantizer<grid = unsigned_clipped, bits = 2>} : (tensor<5xf32>, tensor<f32>) -> tensor<5xf32>
  %ucu = tensor.cast %uc : tensor<5xf32> to tensor<*xf32>
  call @printMemrefF32(%ucu) : (tensor<*xf32>) -> ()

  // The other rounding modes on int8 (affine, signed): half away from zero,
  // then half up (0.49999997, the float below 0.5, stays 0).
  // CHECK: [1,  -1,  3,  -3,  127]
  // CHECK: [1,  0,  3,  -2,  0]
  %rx = qc.constant dense<[0.5, -0.5, 2.5, -2.5, 200.0]> : tensor<5xf32>
  %ra = qc.fake_quant %rx scale %one {spec = #qc.quantizer<grid = affine, bits = 8, rounding = half_away_from_zero>} : (tensor<5xf32>, tensor<f32>) -> tensor<5xf32>
  %rau = tensor.cast %ra : tensor<5xf32> to tensor<*xf32>
  call @printMemrefF32(%rau) : (tensor<*xf32>) -> ()
  %hx = qc.constant dense<[0.5, -0.5, 2.5, -2.5, 0.49999997]> : tensor<5xf32>
  %hu = qc.fake_quant %hx scale %one {spec = #qc.quantizer<grid = affine, bits = 8, rounding = half_up>} : (tensor<5xf32>, tensor<f32>) -> tensor<5xf32>
  %huu = tensor.cast %hu : tensor<5xf32> to tensor<*xf32>
  call @printMemrefF32(%huu) : (tensor<*xf32>) -> ()
  return
}

func.func @printDynamic(%y: tensor<6xui8>, %scale: tensor<f32>, %zp: tensor<ui8>) {
  %yw = qc.cast %y : (tensor<6xui8>) -> tensor<6xi32>
  %yu = tensor.cast %yw : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%yu) : (tensor<*xi32>) -> ()
  %su = tensor.cast %scale : tensor<f32> to tensor<*xf32>
  call @printMemrefF32(%su) : (tensor<*xf32>) -> ()
  %zw = qc.cast %zp : (tensor<ui8>) -> tensor<i32>
  %zu = tensor.cast %zw : tensor<i32> to tensor<*xi32>
  call @printMemrefI32(%zu) : (tensor<*xi32>) -> ()
  return
}
