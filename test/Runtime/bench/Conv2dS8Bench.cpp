//===- Conv2dS8Bench.cpp - int8 convolution on ResNet-18 / MobileNetV2 ----===//
//
// Conv2dS8/<variant>/<layer>: the layers of Conv2dF32/<variant>/<layer>
// (conv2dBenchLayers, Conv2dF32Bench.cpp) on 8-bit codes: uint8 input and
// output, int8 weights packed before the timing, per-channel requantization
// and a fused ReLU (the clamp starts at the output zero point), with each
// GEMM variant for the im2col layers and each depthwise kernel for the
// depthwise ones. The weights are 8-bit, or 7-bit ([-64, 64], as ONNX Runtime's
// reduce_range makes them) for a GEMM variant exact only on weights whose
// pairs fit (avx2_maddubs), so that its own tiles run, not its fallback; the
// check of the weights each call makes is timed with them. GOP/s counts 2
// operations per multiply-add, padding taps
// included, so the figure compares with the float layer's GFLOP/s; peak% is
// against the int8 peak (Int8Peak.h).
//
// Conv2dS8Winograd/<variant>/<layer>: the same, for the layers the Winograd
// F(2x2, 3x3) convolution takes (3x3, stride 1), with each of its
// micro-kernels. Its GOP/s counts the direct convolution's operations, so
// it compares with the im2col rows (and can pass the peak).
//
//===----------------------------------------------------------------------===//

#include "RuntimeBench.h"
#include "conv2d_s8.h"
#include "conv2d_s8_winograd.h"

#include "quantc/Runtime/KernelABI.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

// A convolution path's packing, scratch size and call (with its variants bound).
struct ConvPath {
  int64_t (*packedSize)(const qc_conv2d_desc *);
  void (*pack)(const qc_conv2d_desc *, const int8_t *, void *);
  int64_t (*scratchSize)(const qc_conv2d_desc *);
  std::function<void(const qc_conv2d_desc *, const void *, const void *,
                     const qc_conv2d_s8_params *, void *, void *)>
      run;
};

void benchmarkLayer(benchmark::State &state, const ConvPath &path, ConvBenchLayer layer,
                    double peakGops, bool sevenBitWeights) {
  const qc_conv2d_desc &d = layer.desc;
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> code(0, 255);
  std::vector<uint8_t> input(d.batch * d.in_channels * d.in_height * d.in_width);
  for (uint8_t &x : input)
    x = uint8_t(code(rng));
  std::vector<int8_t> weights(d.out_channels * (d.in_channels / d.groups) * d.kernel_height *
                              d.kernel_width);
  std::uniform_int_distribution<int> weight(sevenBitWeights ? -64 : -128,
                                            sevenBitWeights ? 64 : 127);
  for (int8_t &x : weights)
    x = int8_t(weight(rng));
  std::vector<uint8_t> packed(path.packedSize(&d));
  path.pack(&d, weights.data(), packed.data());
  std::vector<int32_t> bias(d.out_channels, 1000), multiplier(d.out_channels),
      shift(d.out_channels);
  for (int64_t c = 0; c < d.out_channels; ++c)
    qc_requant_multiplier(1e-4 * double(1 + c % 5), &multiplier[c], &shift[c]);
  std::vector<uint8_t> output(d.batch * d.out_channels * d.out_height * d.out_width);
  const int64_t scratchBytes = (path.scratchSize(&d) + 63) / 64 * 64;
  void *scratch = scratchBytes ? std::aligned_alloc(64, scratchBytes) : nullptr;
  const qc_conv2d_s8_params params = {/*input_zero_point=*/128, bias.data(), multiplier.data(),
                                      shift.data(), /*per_channel=*/1, /*output_zero_point=*/3,
                                      /*clamp_min=*/3, /*clamp_max=*/255, /*flags=*/0};
  for (auto _ : state) {
    path.run(&d, input.data(), packed.data(), &params, output.data(), scratch);
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  std::free(scratch);
  setOpCounters(state, conv2dGop(d), peakGops);
  state.counters["layers"] = double(layer.count);
}

bool supported(uint64_t required) { return (required & qc_cpu_features()) == required; }

} // namespace

void registerConv2dS8Benchmarks(const Int8Peaks &peaks) {
  size_t gemmCount, depthwiseCount;
  const qc_gemm_s8_tiles *const *gemm = qc_gemm_s8_all_tiles(&gemmCount);
  const qc_conv2d_s8_depthwise_kernel *const *depthwise = qc_conv2d_s8_depthwise_all(&depthwiseCount);
  for (const ConvBenchLayer &layer : conv2dBenchLayers()) {
    const bool isDepthwise = qc_conv2d_f32_is_depthwise(&layer.desc);
    for (size_t i = 0; i < (isDepthwise ? depthwiseCount : gemmCount); ++i) {
      const char *name = isDepthwise ? depthwise[i]->name : gemm[i]->name;
      if (!supported(isDepthwise ? depthwise[i]->required_features : gemm[i]->required_features))
        continue;
      const qc_gemm_s8_tiles *tiles = isDepthwise ? &qc_gemm_s8_tiles_generic : gemm[i];
      const qc_conv2d_s8_depthwise_kernel *plane =
          isDepthwise ? depthwise[i] : &qc_conv2d_s8_depthwise_generic;
      const ConvPath path = {qc_conv2d_s8_packed_weights_size, qc_conv2d_s8_pack_weights,
                             qc_conv2d_s8_scratch_size,
                             [=](const qc_conv2d_desc *d, const void *in, const void *w,
                                 const qc_conv2d_s8_params *p, void *out, void *scratch) {
                               qc_conv2d_s8_with_kernels(d, in, w, p, out, scratch, tiles, plane);
                             }};
      const bool sevenBitWeights = !isDepthwise && gemm[i]->exact_for_b;
      const double peakGops = peaks.forVariant(!isDepthwise && gemm[i]->unsigned_activations);
      benchmark::RegisterBenchmark(("Conv2dS8/" + std::string(name) + "/" + layer.name).c_str(),
                                   benchmarkLayer, path, layer, peakGops, sevenBitWeights)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
  size_t winogradCount;
  const qc_conv2d_s8_winograd_kernel *const *winograd = qc_conv2d_s8_winograd_all(&winogradCount);
  const qc_gemm_s8_tiles *requantizer = qc_gemm_s8_select_tiles(qc_cpu_features());
  for (const ConvBenchLayer &layer : conv2dBenchLayers()) {
    if (!qc_conv2d_s8_winograd_supported(&layer.desc))
      continue;
    for (size_t i = 0; i < winogradCount; ++i) {
      const qc_conv2d_s8_winograd_kernel *kernel = winograd[i];
      if (!supported(kernel->required_features))
        continue;
      const ConvPath path = {
          qc_conv2d_s8_winograd_packed_weights_size, qc_conv2d_s8_winograd_pack_weights,
          qc_conv2d_s8_winograd_scratch_size,
          [=](const qc_conv2d_desc *d, const void *in, const void *w,
              const qc_conv2d_s8_params *p, void *out, void *scratch) {
            qc_conv2d_s8_winograd_with_kernels(d, in, w, p, out, scratch, kernel, requantizer);
          }};
      benchmark::RegisterBenchmark(
          ("Conv2dS8Winograd/" + std::string(kernel->name) + "/" + layer.name).c_str(),
          benchmarkLayer, path, layer, peaks.exact.gops, /*sevenBitWeights=*/false)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
}
