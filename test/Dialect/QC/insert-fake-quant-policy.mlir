// The policy file of qc-insert-fake-quant, and every error the pass reports.
// Each error names the ONNX node (or graph input) it is about.
//
// RUN: rm -rf %t && mkdir -p %t

// Per-node weight settings: 4 bits per tensor for the Conv, groups of two
// channels for the Gemm; keep_float by name.
// RUN: echo '{"nodes": {"/conv/Conv": {"bits": 4, "granularity": "per_tensor"}, "/fc/Gemm": {"granularity": "per_group", "group_size": 2, "calibration": "percentile:99.9"}}}' > %t/weights.json
// RUN: quantc-opt %s --qc-insert-fake-quant=policy=%t/weights.json | FileCheck %s --check-prefix=WEIGHTS
// 4-bit symmetric narrow: codes in [-7, 7], scale max|w| / 7 = 2/7.
// WEIGHTS:      qc.constant dense<0.285714298> : tensor<f32>
// WEIGHTS-NEXT: qc.fake_quant %{{.*}} {spec = #qc.quantizer<grid = symmetric_narrow, bits = 4>} : (tensor<4x1x1x1xf32>, tensor<f32>)
// WEIGHTS:      qc.constant dense<[0.00787401571, 0.0236220472]> : tensor<2xf32>
// WEIGHTS-NEXT: qc.fake_quant %{{.*}} {spec = #qc.quantizer<grid = symmetric_narrow, bits = 8, axis = 0, group_size = 2>} : (tensor<4x4xf32>, tensor<2xf32>)

// RUN: echo '{"nodes": {"/fc/Gemm": {"keep_float": true}}}' > %t/keep.json
// RUN: quantc-opt %s --qc-insert-fake-quant=policy=%t/keep.json | FileCheck %s --check-prefix=KEEP
// KEEP:     qc.fake_quant {{.*}}grid = symmetric_narrow
// KEEP:     qc.conv
// KEEP-NEXT: %[[RELU:.*]] = qc.relu
// KEEP:     qc.fake_quant %[[RELU]]
// KEEP-NOT: qc.fake_quant
// KEEP:     return

// RUN: echo '{"nodes": {"/conv/Conv": {"bits": 3' > %t/truncated.json
// RUN: not quantc-opt %s --qc-insert-fake-quant=policy=%t/truncated.json 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: error: policy file '{{.*}}truncated.json' does not parse: {{.*}}

// RUN: echo '{"nodes": {"/conv/Conv": {"bitz": 3}}}' > %t/unknown-key.json
// RUN: not quantc-opt %s --qc-insert-fake-quant=policy=%t/unknown-key.json 2>&1 | FileCheck %s --check-prefix=KEY
// KEY: error: policy file '{{.*}}unknown-key.json': node '/conv/Conv': unknown key 'bitz' (expected bits, granularity, group_size, calibration or keep_float)

// RUN: echo '{"layers": {}}' > %t/top-key.json
// RUN: not quantc-opt %s --qc-insert-fake-quant=policy=%t/top-key.json 2>&1 | FileCheck %s --check-prefix=TOPKEY
// TOPKEY: error: policy file '{{.*}}top-key.json': unknown key 'layers' at the top level (expected "nodes")

// RUN: echo '{"nodes": {"/conv/Conv2": {"bits": 4}}}' > %t/no-node.json
// RUN: not quantc-opt %s --qc-insert-fake-quant=policy=%t/no-node.json 2>&1 | FileCheck %s --check-prefix=NONODE
// NONODE: error: policy file names no ONNX node '/conv/Conv2' in the model

// RUN: not quantc-opt %s --qc-insert-fake-quant=keep-float=/conv/Cnv 2>&1 | FileCheck %s --check-prefix=KEEPNAME
// KEEPNAME: error: --keep-float names no ONNX node '/conv/Cnv' in the model

// RUN: not quantc-opt %s --qc-insert-fake-quant=keep-float=/relu/Relu 2>&1 | FileCheck %s --check-prefix=KEEPRELU
// KEEPRELU: error: loc("/relu/Relu"): --keep-float names node '/relu/Relu', a relu, which is not quantized

// Bad values.
// RUN: echo '{"nodes": {"/conv/Conv": {"bits": 9}}}' > %t/bits.json
// RUN: not quantc-opt %s --qc-insert-fake-quant=policy=%t/bits.json 2>&1 | FileCheck %s --check-prefix=BITS
// BITS: error: policy file '{{.*}}bits.json': node '/conv/Conv': bits must be an integer in [2, 8]
// RUN: echo '{"nodes": {"/conv/Conv": {"granularity": "per_row"}}}' > %t/granularity.json
// RUN: not quantc-opt %s --qc-insert-fake-quant=policy=%t/granularity.json 2>&1 | FileCheck %s --check-prefix=GRANULARITY
// GRANULARITY: error: policy file '{{.*}}granularity.json': node '/conv/Conv': granularity must be "per_tensor", "per_channel" or "per_group"
// RUN: echo '{"nodes": {"/conv/Conv": {"granularity": "per_group"}}}' > %t/group.json
// RUN: not quantc-opt %s --qc-insert-fake-quant=policy=%t/group.json 2>&1 | FileCheck %s --check-prefix=GROUP
// GROUP: error: policy file '{{.*}}group.json': node '/conv/Conv': granularity "per_group" needs a group_size
// RUN: echo '{"nodes": {"/conv/Conv": {"granularity": "per_group", "group_size": 3}}}' > %t/divide.json
// RUN: not quantc-opt %s --qc-insert-fake-quant=policy=%t/divide.json 2>&1 | FileCheck %s --check-prefix=DIVIDE
// DIVIDE: error: loc("/conv/Conv"): policy: group_size 3 of node '/conv/Conv' does not divide its 4 output channels
// RUN: echo '{"nodes": {"/relu/Relu": {"calibration": "kl"}}}' > %t/method.json
// RUN: not quantc-opt %s --qc-insert-fake-quant=policy=%t/method.json 2>&1 | FileCheck %s --check-prefix=METHOD
// METHOD: error: policy file '{{.*}}method.json': node '/relu/Relu': unknown calibration method 'kl' (expected minmax, percentile:P, mse or entropy)
// RUN: echo '{"nodes": {"/relu/Relu": {"bits": 4}}}' > %t/relu-bits.json
// RUN: not quantc-opt %s --qc-insert-fake-quant=policy=%t/relu-bits.json 2>&1 | FileCheck %s --check-prefix=RELUBITS
// RELUBITS: error: loc("/relu/Relu"): policy: node '/relu/Relu' is a relu: bits and granularity apply to Conv, Gemm and MatMul nodes only
// RUN: not quantc-opt %s --qc-insert-fake-quant=policy=%t/missing.json 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: cannot read policy file '{{.*}}missing.json': {{.*}}
// RUN: not quantc-opt %s --qc-insert-fake-quant=activation-type=u4 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: error: qc-insert-fake-quant: activation-type must be u8 or s8, got 'u4'

// A tensor that needs a range and has none; a malformed range.
// RUN: sed -e 's/{qc.ranges = \[array<f64: 0.0, 6.0>\]}//' %s | not quantc-opt --qc-insert-fake-quant 2>&1 | FileCheck %s --check-prefix=UNCALIBRATED
// UNCALIBRATED: error: loc("/relu/Relu"): uncalibrated tensor: output 0 of ONNX node '/relu/Relu' (relu) has no range (qc.ranges attribute)
// RUN: sed -e 's/qc.range = array<f64: -1.0, 3.0>/qc.name = "input"/' %s | not quantc-opt --qc-insert-fake-quant 2>&1 | FileCheck %s --check-prefix=UNCALIBRATED-INPUT
// UNCALIBRATED-INPUT: error: uncalibrated tensor: graph input 'input' has no range (qc.range argument attribute)
// RUN: sed -e 's/array<f64: 0.0, 6.0>/array<f64: 6.0, 0.0>/' %s | not quantc-opt --qc-insert-fake-quant 2>&1 | FileCheck %s --check-prefix=BADRANGE
// BADRANGE: error: loc("/relu/Relu"): bad qc.ranges on ONNX node '/relu/Relu': expected one array<f64: min, max> per result, min <= max

func.func @main(%x: tensor<1x1x4x4xf32> {qc.range = array<f64: -1.0, 3.0>}) -> tensor<1x4xf32> {
  %w = qc.constant dense<[[[[0.5]]], [[[-2.0]]], [[[1.0]]], [[[0.25]]]]> : tensor<4x1x1x1xf32> loc("conv.weight")
  %wg = qc.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, -0.5, 0.0, 0.0], [0.0, 0.0, 3.0, 0.0], [0.0, 0.0, 0.0, -2.0]]> : tensor<4x4xf32> loc("fc.weight")
  %0 = qc.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x4x4xf32> loc("/conv/Conv")
  %1 = qc.relu %0 {qc.ranges = [array<f64: 0.0, 6.0>]} : tensor<1x4x4x4xf32> loc("/relu/Relu")
  %2 = qc.global_max_pool %1 : (tensor<1x4x4x4xf32>) -> tensor<1x4x1x1xf32> loc("/pool/GlobalMaxPool")
  %3 = qc.flatten %2 {axis = 1 : i64, qc.ranges = [array<f64: 0.0, 6.0>]} : (tensor<1x4x1x1xf32>) -> tensor<1x4xf32> loc("/flatten/Flatten")
  %4 = qc.gemm %3, %wg {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = true, qc.ranges = [array<f64: -2.5, 2.5>]} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32> loc("/fc/Gemm")
  return %4 : tensor<1x4xf32>
}
