//===- Conv2dS8Bench.cpp - int8 convolution on ResNet-18 / MobileNetV2 ----===//
//
// Conv2dS8/<variant>/<layer>: the layers of Conv2dF32/<variant>/<layer>
// (conv2dBenchLayers, Conv2dF32Bench.cpp) on 8-bit codes: uint8 input and
// output, int8 weights packed before the timing, per-channel requantization
// and a fused ReLU (the clamp starts at the output zero point), with each
// GEMM variant for the im2col layers and each depthwise kernel for the
// depthwise ones. GOP/s counts 2 operations per multiply-add, padding taps
// included, so the figure compares with the float layer's GFLOP/s; peak% is
// against the int8 peak (Int8Peak.h).
//
//===----------------------------------------------------------------------===//

#include "RuntimeBench.h"
#include "conv2d_s8.h"

#include "quantc/Runtime/KernelABI.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

void benchmarkLayer(benchmark::State &state, const qc_gemm_s8_tiles *tiles,
                    const qc_conv2d_s8_depthwise_kernel *depthwise, ConvBenchLayer layer,
                    double peakGops) {
  const qc_conv2d_desc &d = layer.desc;
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> code(0, 255);
  std::vector<uint8_t> input(d.batch * d.in_channels * d.in_height * d.in_width);
  for (uint8_t &x : input)
    x = uint8_t(code(rng));
  std::vector<int8_t> weights(d.out_channels * (d.in_channels / d.groups) * d.kernel_height *
                              d.kernel_width);
  for (int8_t &x : weights)
    x = int8_t(code(rng) - 128);
  std::vector<uint8_t> packed(qc_conv2d_s8_packed_weights_size(&d));
  qc_conv2d_s8_pack_weights(&d, weights.data(), packed.data());
  std::vector<int32_t> bias(d.out_channels, 1000), multiplier(d.out_channels),
      shift(d.out_channels);
  for (int64_t c = 0; c < d.out_channels; ++c)
    qc_requant_multiplier(1e-4 * double(1 + c % 5), &multiplier[c], &shift[c]);
  std::vector<uint8_t> output(d.batch * d.out_channels * d.out_height * d.out_width);
  const int64_t scratchBytes = (qc_conv2d_s8_scratch_size(&d) + 63) / 64 * 64;
  void *scratch = scratchBytes ? std::aligned_alloc(64, scratchBytes) : nullptr;
  const qc_conv2d_s8_params params = {/*input_zero_point=*/128, bias.data(), multiplier.data(),
                                      shift.data(), /*per_channel=*/1, /*output_zero_point=*/3,
                                      /*clamp_min=*/3, /*clamp_max=*/255, /*flags=*/0};
  for (auto _ : state) {
    qc_conv2d_s8_with_kernels(&d, input.data(), packed.data(), &params, output.data(), scratch,
                              tiles, depthwise);
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  std::free(scratch);
  setOpCounters(state, conv2dGop(d), peakGops);
  state.counters["layers"] = double(layer.count);
}

bool supported(uint64_t required) { return (required & qc_cpu_features()) == required; }

} // namespace

void registerConv2dS8Benchmarks(double peakGops) {
  size_t gemmCount, depthwiseCount;
  const qc_gemm_s8_tiles *const *gemm = qc_gemm_s8_all_tiles(&gemmCount);
  const qc_conv2d_s8_depthwise_kernel *const *depthwise = qc_conv2d_s8_depthwise_all(&depthwiseCount);
  for (const ConvBenchLayer &layer : conv2dBenchLayers()) {
    const bool isDepthwise = qc_conv2d_f32_is_depthwise(&layer.desc);
    for (size_t i = 0; i < (isDepthwise ? depthwiseCount : gemmCount); ++i) {
      const char *name = isDepthwise ? depthwise[i]->name : gemm[i]->name;
      if (!supported(isDepthwise ? depthwise[i]->required_features : gemm[i]->required_features))
        continue;
      benchmark::RegisterBenchmark(("Conv2dS8/" + std::string(name) + "/" + layer.name).c_str(),
                                   benchmarkLayer, isDepthwise ? &qc_gemm_s8_tiles_generic : gemm[i],
                                   isDepthwise ? depthwise[i] : &qc_conv2d_s8_depthwise_generic,
                                   layer, peakGops)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
}
