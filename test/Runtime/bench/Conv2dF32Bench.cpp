//===- Conv2dF32Bench.cpp - float convolution on ResNet-18 / MobileNetV2 --===//
//
// Conv2dF32/<variant>/<layer>: single layers of ResNet-18 and MobileNetV2 at
// 224x224, batch 1, with each variant the CPU supports (GEMM tiles for the
// im2col layers, plane kernels for the depthwise ones). Every distinct
// depthwise layer of MobileNetV2 is there, with a `layers` counter saying how
// often the model has it: sum time x layers for the model's depthwise time.
// Conv2dF32Model/<model>: every convolution of the model in order, with the
// variant qc_conv2d_f32 selects and one scratch buffer sized for the largest,
// as a compiled model runs them: the model's convolution time;
// mobilenetv2-depthwise: its depthwise convolutions only.
//
// The weights are packed by qc_conv2d_f32_pack_weights before the timing, as
// the compiler packs constant weights at compile time: the timed call is
// qc_conv2d_f32 alone. GFLOP/s counts 2 flops per multiply-add, padding taps
// included, as model FLOP counts do. Run with QUANTC_NUM_THREADS=1 for
// single-core figures.
//
//===----------------------------------------------------------------------===//

#include "RuntimeBench.h"
#include "conv2d_f32.h"

#include "quantc/Runtime/KernelABI.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

using Layer = ConvBenchLayer;

// The epilogues the models fuse: ReLU (ResNet-18) and ReLU6 (MobileNetV2's
// depthwise layers, which the benchmarks of the depthwise kernel use).
const qc_conv2d_f32_epilogue kRelu = {QC_EPILOGUE_RELU, 0.0f, 0.0f};
const qc_conv2d_f32_epilogue kRelu6 = {QC_EPILOGUE_CLAMP, 0.0f, 6.0f};

// A square convolution with "same"-style symmetric padding kernel / 2.
qc_conv2d_f32_desc conv(int64_t inChannels, int64_t outChannels, int64_t size, int64_t kernel,
                        int64_t stride, int64_t groups = 1) {
  qc_conv2d_f32_desc d = {};
  const int64_t pad = kernel / 2;
  d.batch = 1;
  d.in_channels = inChannels;
  d.in_height = d.in_width = size;
  d.out_channels = outChannels;
  d.out_height = d.out_width = (size + 2 * pad - kernel) / stride + 1;
  d.groups = groups;
  d.kernel_height = d.kernel_width = kernel;
  d.stride_h = d.stride_w = stride;
  d.dilation_h = d.dilation_w = 1;
  d.pad_top = d.pad_left = pad;
  return d;
}

double gflop(const qc_conv2d_f32_desc &d) { return conv2dGop(d); }

std::vector<Layer> representativeLayers() {
  return {
      {"resnet18-conv1-7x7s2-3to64@224", conv(3, 64, 224, 7, 2)},
      {"resnet18-3x3-64to64@56", conv(64, 64, 56, 3, 1)},
      {"resnet18-3x3s2-64to128@56", conv(64, 128, 56, 3, 2)},
      {"resnet18-3x3-128to128@28", conv(128, 128, 28, 3, 1)},
      {"resnet18-3x3s2-128to256@28", conv(128, 256, 28, 3, 2)},
      {"resnet18-3x3-256to256@14", conv(256, 256, 14, 3, 1)},
      {"resnet18-3x3-512to512@7", conv(512, 512, 7, 3, 1)},
      {"resnet18-1x1s2-128to256@28", conv(128, 256, 28, 1, 2)},
      {"mobilenetv2-3x3s2-3to32@224", conv(3, 32, 224, 3, 2)},
      {"mobilenetv2-1x1-32to16@112", conv(32, 16, 112, 1, 1)},
      {"mobilenetv2-1x1-16to96@112", conv(16, 96, 112, 1, 1)},
      {"mobilenetv2-1x1-144to24@56", conv(144, 24, 56, 1, 1)},
      {"mobilenetv2-1x1-24to144@56", conv(24, 144, 56, 1, 1)},
      {"mobilenetv2-1x1-32to192@28", conv(32, 192, 28, 1, 1)},
      {"mobilenetv2-1x1-192to32@28", conv(192, 32, 28, 1, 1)},
      {"mobilenetv2-1x1-64to384@14", conv(64, 384, 14, 1, 1)},
      {"mobilenetv2-1x1-384to64@14", conv(384, 64, 14, 1, 1)},
      {"mobilenetv2-1x1-576to96@14", conv(576, 96, 14, 1, 1)},
      {"mobilenetv2-1x1-160to960@7", conv(160, 960, 7, 1, 1)},
      {"mobilenetv2-1x1-320to1280@7", conv(320, 1280, 7, 1, 1)},
  };
}

// Every convolution of torchvision's resnet18 at 224x224.
std::vector<qc_conv2d_f32_desc> resnet18() {
  std::vector<qc_conv2d_f32_desc> convs = {conv(3, 64, 224, 7, 2)};
  int64_t channels = 64, size = 56;
  for (int64_t stage = 0; stage < 4; ++stage) {
    const int64_t outChannels = 64 << stage;
    for (int64_t block = 0; block < 2; ++block) {
      const int64_t stride = stage > 0 && block == 0 ? 2 : 1;
      convs.push_back(conv(channels, outChannels, size, 3, stride));
      if (stride == 2 || channels != outChannels)
        convs.push_back(conv(channels, outChannels, size, 1, stride)); // downsample
      size /= stride;
      convs.push_back(conv(outChannels, outChannels, size, 3, 1));
      channels = outChannels;
    }
  }
  return convs;
}

// Every convolution of torchvision's mobilenet_v2 at 224x224.
std::vector<qc_conv2d_f32_desc> mobilenetV2() {
  std::vector<qc_conv2d_f32_desc> convs = {conv(3, 32, 224, 3, 2)};
  // Inverted residual settings: expansion t, output channels c, repeats n, first stride s.
  const int64_t settings[][4] = {{1, 16, 1, 1},  {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                                 {6, 96, 3, 1},  {6, 160, 3, 2}, {6, 320, 1, 1}};
  int64_t channels = 32, size = 112;
  for (const auto &s : settings) {
    for (int64_t i = 0; i < s[2]; ++i) {
      const int64_t stride = i == 0 ? s[3] : 1, hidden = channels * s[0];
      if (s[0] != 1)
        convs.push_back(conv(channels, hidden, size, 1, 1));
      convs.push_back(conv(hidden, hidden, size, 3, stride, hidden));
      size = (size + 2 - 3) / stride + 1;
      convs.push_back(conv(hidden, s[1], size, 1, 1));
      channels = s[1];
    }
  }
  convs.push_back(conv(channels, 1280, size, 1, 1));
  return convs;
}

// The distinct depthwise layers of mobilenetV2(), in order, with their counts.
std::vector<Layer> mobilenetV2DepthwiseLayers() {
  std::vector<Layer> layers;
  for (const qc_conv2d_f32_desc &d : mobilenetV2()) {
    if (!qc_conv2d_f32_is_depthwise(&d))
      continue;
    const std::string name = "mobilenetv2-dw3x3" + std::string(d.stride_h == 2 ? "s2" : "") +
                             "-" + std::to_string(d.in_channels) + "@" +
                             std::to_string(d.in_height);
    if (!layers.empty() && layers.back().name == name)
      ++layers.back().count;
    else
      layers.push_back({name, d});
  }
  return layers;
}

std::vector<qc_conv2d_f32_desc> mobilenetV2Depthwise() {
  std::vector<qc_conv2d_f32_desc> convs = mobilenetV2();
  convs.erase(std::remove_if(convs.begin(), convs.end(),
                             [](const qc_conv2d_f32_desc &d) {
                               return !qc_conv2d_f32_is_depthwise(&d);
                             }),
              convs.end());
  return convs;
}

struct AlignedFree {
  void operator()(float *p) const { std::free(p); }
};

std::unique_ptr<float, AlignedFree> randomBuffer(int64_t floats, std::mt19937 &rng) {
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  const size_t bytes = (size_t(std::max<int64_t>(floats, 1)) * sizeof(float) + 63) / 64 * 64;
  std::unique_ptr<float, AlignedFree> buffer(static_cast<float *>(std::aligned_alloc(64, bytes)));
  for (int64_t i = 0; i < floats; ++i)
    buffer.get()[i] = uniform(rng);
  return buffer;
}

// The buffers of one convolution, filled with random values, the weights
// packed for qc_conv2d_f32.
struct ConvBuffers {
  explicit ConvBuffers(const qc_conv2d_f32_desc &d, std::mt19937 &rng)
      : input(randomBuffer(d.batch * d.in_channels * d.in_height * d.in_width, rng)),
        weights(randomBuffer(qc_conv2d_f32_packed_weights_size(&d), rng)),
        bias(randomBuffer(d.out_channels, rng)),
        output(randomBuffer(d.batch * d.out_channels * d.out_height * d.out_width, rng)) {
    auto onnxWeights = randomBuffer(
        d.out_channels * (d.in_channels / d.groups) * d.kernel_height * d.kernel_width, rng);
    qc_conv2d_f32_pack_weights(&d, onnxWeights.get(), weights.get());
  }
  std::unique_ptr<float, AlignedFree> input, weights /* packed */, bias, output;
};

void benchmarkLayer(benchmark::State &state, const qc_gemm_f32_tiles *tiles,
                    const qc_conv2d_f32_depthwise_kernel *depthwise, Layer layer,
                    qc_conv2d_f32_epilogue epilogue, double peakGflops) {
  const qc_conv2d_f32_desc &desc = layer.desc;
  std::mt19937 rng(42);
  ConvBuffers buffers(desc, rng);
  auto scratch = randomBuffer(qc_conv2d_f32_scratch_size(&desc), rng);
  for (auto _ : state) {
    qc_conv2d_f32_with_kernels(&desc, buffers.input.get(), buffers.weights.get(),
                               buffers.bias.get(), buffers.output.get(), scratch.get(), epilogue,
                               tiles, depthwise);
    benchmark::DoNotOptimize(buffers.output.get());
    benchmark::ClobberMemory();
  }
  setFlopCounters(state, gflop(desc), peakGflops);
  state.counters["layers"] = double(layer.count);
}

void benchmarkModel(benchmark::State &state, std::vector<qc_conv2d_f32_desc> convs,
                    qc_conv2d_f32_epilogue epilogue, double peakGflops) {
  std::mt19937 rng(42);
  std::vector<ConvBuffers> buffers;
  int64_t scratchFloats = 0;
  double totalGflop = 0;
  for (const qc_conv2d_f32_desc &d : convs) {
    buffers.emplace_back(d, rng);
    scratchFloats = std::max(scratchFloats, qc_conv2d_f32_scratch_size(&d));
    totalGflop += gflop(d);
  }
  auto scratch = randomBuffer(scratchFloats, rng);
  for (auto _ : state) {
    for (size_t i = 0; i < convs.size(); ++i)
      qc_conv2d_f32(&convs[i], buffers[i].input.get(), buffers[i].weights.get(),
                    buffers[i].bias.get(), buffers[i].output.get(), scratch.get(),
                    epilogue.kind, epilogue.clamp_min, epilogue.clamp_max);
    benchmark::ClobberMemory();
  }
  setFlopCounters(state, totalGflop, peakGflops);
  state.counters["convs"] = double(convs.size());
}

} // namespace

// Registers Conv2dF32/<variant>/<layer> for every variant of `all` the CPU
// supports; `forced(variant)` says what to pass to qc_conv2d_f32_with_kernels.
template <typename Variant, typename Forced>
void registerLayer(const Layer &layer, const Variant *const *all, size_t count, Forced forced,
                   qc_conv2d_f32_epilogue epilogue, double peakGflops) {
  for (size_t i = 0; i < count; ++i) {
    if ((all[i]->required_features & qc_cpu_features()) != all[i]->required_features)
      continue;
    auto [tiles, depthwise] = forced(all[i]);
    benchmark::RegisterBenchmark(
        ("Conv2dF32/" + std::string(all[i]->name) + "/" + layer.name).c_str(), benchmarkLayer,
        tiles, depthwise, layer, epilogue, peakGflops)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
}

void registerConv2dF32Benchmarks(double peakGflops) {
  const uint64_t features = qc_cpu_features();
  size_t gemmCount, depthwiseCount;
  const qc_gemm_f32_tiles *const *gemm = qc_gemm_f32_all_tiles(&gemmCount);
  const qc_conv2d_f32_depthwise_kernel *const *depthwise =
      qc_conv2d_f32_depthwise_all(&depthwiseCount);
  for (const Layer &layer : representativeLayers())
    registerLayer(layer, gemm, gemmCount,
                  [&](const qc_gemm_f32_tiles *tiles) {
                    return std::make_pair(tiles, qc_conv2d_f32_depthwise_select(features));
                  },
                  kRelu, peakGflops);
  for (const Layer &layer : mobilenetV2DepthwiseLayers())
    registerLayer(layer, depthwise, depthwiseCount,
                  [&](const qc_conv2d_f32_depthwise_kernel *kernel) {
                    return std::make_pair(qc_gemm_f32_select_tiles(features), kernel);
                  },
                  kRelu6, peakGflops);
  const std::pair<const char *, std::vector<qc_conv2d_f32_desc>> models[] = {
      {"resnet18-convs", resnet18()},
      {"mobilenetv2-convs", mobilenetV2()},
  };
  for (const auto &[name, convs] : models)
    benchmark::RegisterBenchmark((std::string("Conv2dF32Model/") + name).c_str(), benchmarkModel,
                                 convs, kRelu, peakGflops)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  benchmark::RegisterBenchmark("Conv2dF32Model/mobilenetv2-depthwise", benchmarkModel,
                               mobilenetV2Depthwise(), kRelu6, peakGflops)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}

// Multiply-adds of the convolution, padding taps included (as frameworks count).
double conv2dGop(const qc_conv2d_f32_desc &d) {
  return 2.0 * double(d.batch) * double(d.out_channels) * double(d.out_height * d.out_width) *
         double(d.in_channels / d.groups) * double(d.kernel_height * d.kernel_width) / 1e9;
}

std::vector<ConvBenchLayer> conv2dBenchLayers() {
  std::vector<ConvBenchLayer> layers = representativeLayers();
  for (const ConvBenchLayer &layer : mobilenetV2DepthwiseLayers())
    layers.push_back(layer);
  return layers;
}
