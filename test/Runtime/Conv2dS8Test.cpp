//===- Conv2dS8Test.cpp - int8 convolution against a naive loop -----------===//
//
// qc_conv2d_s8 with every variant built for the target forced explicitly
// (GEMM tiles for the im2col path, plane kernels for the depthwise path),
// against the definition computed plainly here: taps outside the input read
// the input zero point, the sum is exact in 64 bits and the requantization
// is written in 128-bit arithmetic. Strides, dilations, asymmetric pads,
// groups, depthwise, 1x1 (read directly or subsampled), K over several KC
// slices, batch 2, every flag combination, per-tensor and per-channel, int32
// output. Results must be exact. The output's neighbours stay untouched.
// A GEMM variant exact only on some weights (exact_for_b: avx2_maddubs)
// gets 7-bit weights, and every check asserts that it runs exactly when the
// weights' k pairs fit (else its fallback); weights at and just past that
// limit are checked on their own.
//
//===----------------------------------------------------------------------===//

#include "conv2d_s8.h"
#include "conv2d_s8_winograd.h"

#include "quantc/Runtime/KernelABI.h"

#include "ConvShape.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
  int32_t flags = 0;
  bool perChannel = true;
  bool bias = true;
  bool narrowClamp = false;
  bool largeScale = false; // scales in [0.5, 2): shifts below 32
  // The range of the weights (7-bit [-64, 64] for the GEMM variants exact
  // only on weights whose pairs fit, exact_for_b), and if not empty, the
  // weights themselves, repeated in ONNX order.
  int weightMin = -128, weightMax = 127;
  std::vector<int8_t> weightPattern;
};

// Whether every pair (k, k + 1), k even, of the packed weights' K x OCg
// matrix of group g (k = tap * ICg + ic) has positive weights summing to at
// most 128 and negative ones to at least -128 (vpmaddubsw's exactness).
bool groupPairsFit(const qc_conv2d_desc &d, const std::vector<int8_t> &weights, int64_t g) {
  const int64_t inPerGroup = d.in_channels / d.groups, outPerGroup = d.out_channels / d.groups;
  const int64_t taps = d.kernel_height * d.kernel_width, k = inPerGroup * taps;
  auto weight = [&](int64_t kk, int64_t j) -> int {
    if (kk >= k)
      return 0;
    return weights[((g * outPerGroup + j) * inPerGroup + kk % inPerGroup) * taps +
                   kk / inPerGroup];
  };
  for (int64_t j = 0; j < outPerGroup; ++j)
    for (int64_t kk = 0; kk < k; kk += 2) {
      const int w0 = weight(kk, j), w1 = weight(kk + 1, j);
      if (std::max(w0, 0) + std::max(w1, 0) > 128 || std::min(w0, 0) + std::min(w1, 0) < -128)
        return false;
    }
  return true;
}

int32_t requantize(int64_t acc, int32_t m, int32_t s, int32_t zp, int32_t lo, int32_t hi) {
  __int128 numerator = __int128(acc) * m * 2 + (__int128(1) << s);
  __int128 denominator = __int128(1) << (s + 1);
  __int128 quotient = numerator / denominator;
  if (numerator % denominator != 0 && numerator < 0)
    quotient -= 1;
  __int128 x = quotient + zp;
  return int32_t(x < lo ? lo : x > hi ? hi : x);
}

constexpr uint8_t kGuard = 0x5A;
constexpr int64_t kGuardBytes = 64;

// One way to run the convolution: its packing, its scratch and its call.
struct ConvPath {
  std::string name;
  // The GEMM variant the path runs (the public entry point's selection):
  // check() verifies that one exact only on some weights runs when they fit.
  const qc_gemm_s8_tiles *tiles;
  int64_t (*packedSize)(const qc_conv2d_desc *);
  void (*pack)(const qc_conv2d_desc *, const int8_t *, void *);
  int64_t (*scratchSize)(const qc_conv2d_desc *);
  std::function<void(const qc_conv2d_desc &, const void *input, const void *packed,
                     const qc_conv2d_s8_params &, void *output, void *scratch)>
      run;
};

// The im2col / depthwise path with the given variants, or (tiles == nullptr)
// the public entry point.
ConvPath im2colPath(const qc_gemm_s8_tiles *tiles,
                    const qc_conv2d_s8_depthwise_kernel *depthwise) {
  ConvPath path{"qc_conv2d_s8",
                tiles ? tiles : qc_gemm_s8_select_tiles(qc_cpu_features()),
                qc_conv2d_s8_packed_weights_size,
                qc_conv2d_s8_pack_weights,
                qc_conv2d_s8_scratch_size,
                nullptr};
  if (tiles) {
    path.name = std::string(tiles->name) + "/" + depthwise->name;
    path.run = [=](const qc_conv2d_desc &d, const void *input, const void *packed,
                   const qc_conv2d_s8_params &p, void *output, void *scratch) {
      qc_conv2d_s8_with_kernels(&d, input, packed, &p, output, scratch, tiles, depthwise);
    };
  } else {
    path.run = [](const qc_conv2d_desc &d, const void *input, const void *packed,
                  const qc_conv2d_s8_params &p, void *output, void *scratch) {
      qc_conv2d_s8(&d, input, p.input_zero_point, packed, p.bias, p.multiplier, p.shift,
                   p.per_channel, p.output_zero_point, p.clamp_min, p.clamp_max, p.flags,
                   output, scratch);
    };
  }
  return path;
}

// The Winograd path with the given variant, or (kernel == nullptr) its
// public entry point.
ConvPath winogradPath(const qc_conv2d_s8_winograd_kernel *kernel) {
  ConvPath path{"qc_conv2d_s8_winograd",
                nullptr,
                qc_conv2d_s8_winograd_packed_weights_size,
                qc_conv2d_s8_winograd_pack_weights,
                qc_conv2d_s8_winograd_scratch_size,
                nullptr};
  if (kernel) {
    path.name = std::string("winograd/") + kernel->name;
    path.run = [=](const qc_conv2d_desc &d, const void *input, const void *packed,
                   const qc_conv2d_s8_params &p, void *output, void *scratch) {
      qc_conv2d_s8_winograd_with_kernels(&d, input, packed, &p, output, scratch, kernel,
                                         qc_gemm_s8_select_tiles(qc_cpu_features()));
    };
  } else {
    path.run = [](const qc_conv2d_desc &d, const void *input, const void *packed,
                  const qc_conv2d_s8_params &p, void *output, void *scratch) {
      qc_conv2d_s8_winograd(&d, input, p.input_zero_point, packed, p.bias, p.multiplier,
                            p.shift, p.per_channel, p.output_zero_point, p.clamp_min,
                            p.clamp_max, p.flags, output, scratch);
    };
  }
  return path;
}

void check(const ConvShape &shape, const Options &options, const ConvPath &path) {
  const qc_conv2d_desc d = shape.desc();
  std::mt19937 rng(unsigned(d.in_channels * 1009 + d.out_channels * 31 + d.in_width +
                            options.flags));
  const bool aSigned = options.flags & QC_INT8_A_SIGNED;
  std::uniform_int_distribution<int> aCode(aSigned ? -128 : 0, aSigned ? 127 : 255);
  std::uniform_int_distribution<int> bCode(options.weightMin, options.weightMax);
  const int32_t inputZeroPoint = aSigned ? -9 : 121;
  std::vector<uint8_t> input(d.batch * d.in_channels * d.in_height * d.in_width);
  for (uint8_t &x : input)
    x = uint8_t(aCode(rng));
  const int64_t inPerGroup = d.in_channels / d.groups, taps = d.kernel_height * d.kernel_width;
  std::vector<int8_t> weights(d.out_channels * inPerGroup * taps);
  for (size_t i = 0; i < weights.size(); ++i)
    weights[i] = options.weightPattern.empty()
                     ? int8_t(bCode(rng))
                     : options.weightPattern[i % options.weightPattern.size()];
  std::vector<int32_t> bias(d.out_channels), multiplier, shift;
  std::uniform_int_distribution<int32_t> biasValue(-50000, 50000);
  for (int32_t &x : bias)
    x = biasValue(rng);
  std::uniform_real_distribution<double> factor(0.5, 2.0);
  for (int64_t c = 0; c < (options.perChannel ? d.out_channels : 1); ++c) {
    int32_t m, s;
    double scale = options.largeScale
                       ? factor(rng)
                       : factor(rng) * 40.0 / (128.0 * 64.0 * std::sqrt(double(inPerGroup * taps)));
    EXPECT_EQ(qc_requant_multiplier(scale, &m, &s), 0);
    multiplier.push_back(m);
    shift.push_back(s);
  }
  const bool cSigned = options.flags & QC_INT8_C_SIGNED;
  const bool int32Out = options.flags & QC_INT8_C_INT32;
  const int32_t zeroPoint = cSigned ? 5 : 120;
  int32_t clampMin = cSigned ? -128 : 0, clampMax = cSigned ? 127 : 255;
  if (options.narrowClamp) {
    clampMin = zeroPoint;
    clampMax = zeroPoint + 50;
  }

  std::vector<uint8_t> packed(path.packedSize(&d));
  path.pack(&d, weights.data(), packed.data());
  if (path.packedSize == qc_conv2d_s8_packed_weights_size && !qc_conv2d_f32_is_depthwise(&d)) {
    bool allFit = true;
    for (int64_t g = 0; g < d.groups; ++g)
      allFit = allFit && groupPairsFit(d, weights, g);
    EXPECT_EQ(qc_conv2d_s8_packed_weights_pairs_fit(&d, packed.data()), allFit)
        << path.name << " " << shape.describe();
  }
  if (path.tiles && path.tiles->exact_for_b && !qc_conv2d_f32_is_depthwise(&d)) {
    const int64_t k = inPerGroup * taps, outPerGroup = d.out_channels / d.groups;
    for (int64_t g = 0; g < d.groups; ++g)
      EXPECT_EQ(qc_gemm_s8_tiles_for_b(path.tiles,
                                       packed.data() + g * qc_gemm_s8_packed_b_size(k, outPerGroup),
                                       k, outPerGroup, 0),
                groupPairsFit(d, weights, g) ? path.tiles : path.tiles->fallback)
          << path.name << " " << shape.describe() << " group " << g;
  }
  const int64_t scratchBytes = path.scratchSize(&d);
  std::unique_ptr<void, decltype(&std::free)> scratch(
      scratchBytes ? std::aligned_alloc(64, (scratchBytes + 63) / 64 * 64) : nullptr, &std::free);
  const int64_t elementBytes = int32Out ? 4 : 1;
  const int64_t outElements = d.batch * d.out_channels * d.out_height * d.out_width;
  std::vector<uint8_t> output(outElements * elementBytes + 2 * kGuardBytes, kGuard);
  const qc_conv2d_s8_params params = {inputZeroPoint, options.bias ? bias.data() : nullptr,
                                      multiplier.data(), shift.data(), options.perChannel,
                                      zeroPoint, clampMin, clampMax, options.flags};
  path.run(d, input.data(), packed.data(), params, output.data() + kGuardBytes, scratch.get());

  for (int64_t i = 0; i < kGuardBytes; ++i) {
    ASSERT_EQ(output[i], kGuard) << "written before the output";
    ASSERT_EQ(output[kGuardBytes + outElements * elementBytes + i], kGuard)
        << "written after the output";
  }
  const int64_t outPerGroup = d.out_channels / d.groups;
  int reported = 0;
  for (int64_t n = 0; n < d.batch; ++n)
    for (int64_t oc = 0; oc < d.out_channels; ++oc)
      for (int64_t oh = 0; oh < d.out_height; ++oh)
        for (int64_t ow = 0; ow < d.out_width; ++ow) {
          const int64_t g = oc / outPerGroup;
          int64_t acc = options.bias ? bias[oc] : 0;
          for (int64_t ic = 0; ic < inPerGroup; ++ic)
            for (int64_t kh = 0; kh < d.kernel_height; ++kh)
              for (int64_t kw = 0; kw < d.kernel_width; ++kw) {
                const int64_t ih = oh * d.stride_h + kh * d.dilation_h - d.pad_top;
                const int64_t iw = ow * d.stride_w + kw * d.dilation_w - d.pad_left;
                int64_t x = inputZeroPoint;
                if (ih >= 0 && ih < d.in_height && iw >= 0 && iw < d.in_width) {
                  uint8_t c = input[((n * d.in_channels + g * inPerGroup + ic) * d.in_height +
                                     ih) * d.in_width + iw];
                  x = aSigned ? int64_t(int8_t(c)) : int64_t(c);
                }
                acc += x * weights[((oc * inPerGroup + ic) * d.kernel_height + kh) *
                                       d.kernel_width + kw];
              }
          const int64_t index = ((n * d.out_channels + oc) * d.out_height + oh) * d.out_width + ow;
          const uint8_t *at = output.data() + kGuardBytes + index * elementBytes;
          int64_t expected, actual;
          if (int32Out) {
            expected = acc;
            int32_t x;
            std::memcpy(&x, at, 4);
            actual = x;
          } else {
            const int64_t c = options.perChannel ? oc : 0;
            expected = requantize(acc, multiplier[c], shift[c], zeroPoint, clampMin, clampMax);
            actual = cSigned ? int64_t(int8_t(*at)) : int64_t(*at);
          }
          if (actual != expected && reported++ < 5)
            ADD_FAILURE() << path.name << " " << shape.describe()
                          << " flags=" << options.flags << ": output[" << n << "][" << oc
                          << "][" << oh << "][" << ow << "] = " << actual << ", expected "
                          << expected;
        }
}

const int32_t kAllFlags[] = {0,
                             QC_INT8_A_SIGNED,
                             QC_INT8_C_SIGNED,
                             QC_INT8_A_SIGNED | QC_INT8_C_SIGNED,
                             QC_INT8_C_INT32,
                             QC_INT8_A_SIGNED | QC_INT8_C_INT32};

std::vector<ConvShape> im2colShapes() {
  std::vector<ConvShape> shapes;
  shapes.push_back({1, 3, 9, 11, 5, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({2, 4, 10, 7, 17, 1, 3, 3, 2, 2, 1, 1, 1, 0, 2, 1}); // strides, asymmetric
  shapes.push_back({1, 6, 12, 13, 8, 2, 3, 2, 1, 3, 2, 2, 2, 1, 0, 3}); // groups, dilation
  shapes.push_back({2, 8, 6, 5, 19, 1, 1, 1});                          // 1x1, read directly
  shapes.push_back({1, 8, 9, 9, 16, 1, 1, 1, 2, 2});                    // 1x1 subsampled
  shapes.push_back({1, 5, 7, 6, 3, 1, 7, 5, 1, 1, 1, 1, 3, 2, 3, 2});   // large kernel
  shapes.push_back({1, 9, 1, 1, 33, 1, 1, 1});                          // one pixel
  shapes.push_back({1, 4, 8, 8, 12, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});  // 1 in, 3 out per group
  return shapes;
}

std::vector<ConvShape> depthwiseShapes() {
  std::vector<ConvShape> shapes;
  shapes.push_back({1, 8, 11, 13, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({2, 5, 12, 17, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1});
  shapes.push_back({1, 3, 9, 30, 3, 3, 5, 5, 1, 3, 2, 2, 2, 0, 3, 4});
  shapes.push_back({1, 4, 1, 1, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}); // all padding but one tap
  shapes.push_back({1, 2, 3, 300, 2, 2, 1, 3, 1, 1, 1, 1, 0, 1, 0, 1}); // rows past one chunk
  // 16-channel blocks (and planes left over), batch 2, stride 2, dilation,
  // asymmetric pads, a 5x5 kernel; and a plane too large for a block.
  shapes.push_back({2, 20, 9, 11, 20, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({1, 32, 14, 14, 32, 32, 3, 3, 2, 2, 1, 1, 1, 1, 0, 0});
  shapes.push_back({1, 16, 7, 19, 16, 16, 5, 5, 1, 1, 2, 1, 3, 2, 4, 1});
  shapes.push_back({1, 17, 70, 70, 17, 17, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  // Rows too wide for the kernel's padded band: the tap-by-tap path.
  shapes.push_back({1, 2, 4, 5000, 2, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1});
  return shapes;
}

// Planes the kernel's band path takes (fewer than 16 channels or output
// rows wider than 32), whose taps go in pairs of kernel rows: odd sizes,
// strides 1, 2 and 3 (the 16-code loads of strides 1 and 2 and the scalar
// remainder), dilation_h 2 and 3 (pair rows of rows D apart), kernel heights
// 2 to 5 (even and odd: output rows starting on either row of a pair), pads
// wider than the kernel, and planes spanning several bands.
std::vector<ConvShape> depthwiseBandShapes() {
  std::vector<ConvShape> shapes;
  shapes.push_back({1, 3, 23, 75, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1});
  shapes.push_back({1, 2, 37, 41, 2, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({1, 2, 19, 45, 2, 2, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2});
  shapes.push_back({1, 2, 21, 40, 2, 2, 5, 3, 1, 2, 3, 1, 4, 1, 0, 2});
  shapes.push_back({1, 2, 16, 50, 2, 2, 2, 4, 1, 1, 1, 1, 0, 1, 1, 2});
  shapes.push_back({1, 2, 25, 60, 2, 2, 4, 3, 3, 3, 1, 1, 1, 1, 2, 1});
  shapes.push_back({1, 2, 9, 40, 2, 2, 3, 3, 1, 1, 1, 1, 3, 0, 4, 3});
  shapes.push_back({1, 2, 90, 100, 2, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({2, 20, 61, 90, 20, 20, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1});
  return shapes;
}

// 16-channel blocks (whole blocks of 16 and 32 channels, batch 2): int16
// pair rows across channels, two output rows per pass at strides 1 and 2
// (bands with an odd number of rows, several bands per block), rows up to
// 56 wide, dilation_h 2 and 3 (pair rows of rows D apart), even
// kernel heights (rows starting on either row of a pair), stride 3, 7x7,
// planes of fewer than 16 pixels, and kernels wider than 7 (plane by
// plane). Plus one band-path plane whose last 16 entries of a stride-2
// phase cannot be read without passing its row (the scalar remainder).
std::vector<ConvShape> depthwiseBlockShapes() {
  std::vector<ConvShape> shapes;
  shapes.push_back({2, 16, 40, 30, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({1, 32, 100, 100, 32, 32, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1});
  shapes.push_back({1, 16, 12, 56, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({1, 16, 20, 21, 16, 16, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2});
  shapes.push_back({1, 16, 19, 17, 16, 16, 2, 3, 1, 1, 3, 1, 3, 1, 0, 1});
  shapes.push_back({1, 16, 23, 20, 16, 16, 4, 3, 3, 3, 1, 1, 1, 1, 2, 1});
  shapes.push_back({1, 16, 21, 27, 16, 16, 5, 5, 2, 2, 1, 1, 2, 1, 3, 2});
  shapes.push_back({1, 16, 26, 25, 16, 16, 7, 7, 1, 1, 1, 1, 3, 3, 3, 3});
  shapes.push_back({2, 16, 3, 3, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({1, 16, 10, 12, 16, 16, 3, 9, 1, 1, 1, 1, 1, 4, 1, 4});
  shapes.push_back({1, 3, 9, 31, 3, 3, 3, 3, 2, 2, 1, 1, 0, 0, 0, 0});
  return shapes;
}

std::vector<const qc_gemm_s8_tiles *> allGemmVariants() {
  size_t count;
  const qc_gemm_s8_tiles *const *tiles = qc_gemm_s8_all_tiles(&count);
  return {tiles, tiles + count};
}

std::vector<const qc_conv2d_s8_depthwise_kernel *> allDepthwiseVariants() {
  size_t count;
  const qc_conv2d_s8_depthwise_kernel *const *kernels = qc_conv2d_s8_depthwise_all(&count);
  return {kernels, kernels + count};
}

// A test over each variant of a kernel table, skipped on CPUs that lack its
// features.
template <typename Kernel>
class VariantTest : public ::testing::TestWithParam<const Kernel *> {
protected:
  void SetUp() override {
    uint64_t missing = this->GetParam()->required_features & ~qc_cpu_features();
    if (missing)
      GTEST_SKIP() << "this CPU lacks features 0x" << std::hex << missing;
  }
};

// Every flag combination (per channel with even flags, per tensor with odd
// ones), each with the full clamp and a bias, then (unless `fullClampOnly`,
// for shapes whose naive loop is slow) a narrow clamp without.
void checkEveryFlagAndClamp(const std::vector<ConvShape> &shapes, const ConvPath &path,
                            bool fullClampOnly = false, const Options &defaults = Options()) {
  for (const ConvShape &shape : shapes)
    for (int32_t flags : kAllFlags)
      for (bool narrowClamp : {false, true}) {
        if (narrowClamp && fullClampOnly)
          continue;
        Options options = defaults;
        options.flags = flags;
        options.perChannel = flags % 2 == 0;
        options.narrowClamp = narrowClamp;
        options.bias = !narrowClamp;
        check(shape, options, path);
      }
}

class Conv2dS8GemmVariant : public VariantTest<qc_gemm_s8_tiles> {
protected:
  ConvPath path() { return im2colPath(GetParam(), &qc_conv2d_s8_depthwise_generic); }
  void run(const ConvShape &shape, const Options &options) { check(shape, options, path()); }
  // Weights the variant's own tiles are exact on: 7-bit for a variant exact
  // only on some weights, so that its tiles, not its fallback, run.
  Options defaults() const {
    Options options;
    if (GetParam()->exact_for_b) {
      options.weightMin = -64;
      options.weightMax = 64;
    }
    return options;
  }
};

TEST_P(Conv2dS8GemmVariant, Im2colShapesEveryFlagAndClamp) {
  checkEveryFlagAndClamp(im2colShapes(), path(), /*fullClampOnly=*/false, defaults());
}

// K = 64 * 9 = 576 spans two KC slices of every variant, and 40 output
// channels three panels: partial sums on the driver's stack.
TEST_P(Conv2dS8GemmVariant, SeveralSlices) {
  for (int32_t flags : {0, QC_INT8_A_SIGNED | QC_INT8_C_INT32}) {
    Options options = defaults();
    options.flags = flags;
    run({1, 64, 9, 10, 40, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}, options);
  }
}

// A 1 x 1 layer with few input channels (K = 8) over two 20 x 25 images
// (below the 512 pixels of the weights x im2col^T form): row blocks of a
// thousand pixels (gemm_s8_driver.c, rowsPerBlock), each handing the sink
// QC_GEMM_S8_SINK_ROWS rows at a time, some across the images' boundary.
TEST_P(Conv2dS8GemmVariant, ShallowDepthTallBlocks) {
  for (int32_t flags : {0, QC_INT8_A_SIGNED | QC_INT8_C_SIGNED, QC_INT8_C_INT32}) {
    Options options = defaults();
    options.flags = flags;
    options.perChannel = true;
    run({2, 8, 20, 25, 21, 1, 1, 1}, options);
  }
}

// Images of at least 512 output pixels with K in one KC slice: the weights x
// im2col^T form (conv2d_s8_channel_rows.c) for the variants with a per-row
// requantizer (the others take the im2col path, also checked here).
//   - 1x1 read directly: pixel counts that end in a partial 16-pixel panel,
//     output channels that end in a partial micro-panel and in a partial
//     16-channel panel of the packed weights, K not a multiple of 4, K = 1,
//     K filling a KC slice (500) and K just past it (513, the im2col path),
//     more channels than one block of A (K = 200: 162 channels per block of
//     the AVX2 variant's int16 A), groups, batch 2;
//   - from the padded copy: MobileNetV2's first layer (3x3 s2, K = 27) with
//     16-pixel panels across output rows, asymmetric pads and batch 2,
//     groups with dilation, a 7x7 s2 kernel, and a 1x1 s2 layer with
//     K = 500 whose padded copy takes four bands.
std::vector<ConvShape> channelRowsShapes() {
  std::vector<ConvShape> shapes;
  shapes.push_back({1, 16, 32, 16, 96, 1, 1, 1});   // full panels and micro-panels
  shapes.push_back({2, 5, 23, 29, 19, 1, 1, 1});    // 667 pixels, K = 5
  shapes.push_back({1, 1, 17, 31, 7, 1, 1, 1});     // K = 1
  shapes.push_back({1, 18, 25, 21, 40, 2, 1, 1});   // groups: 9 -> 20 each
  shapes.push_back({1, 500, 16, 33, 13, 1, 1, 1});  // one full slice
  shapes.push_back({1, 513, 16, 32, 9, 1, 1, 1});   // past one slice
  shapes.push_back({1, 200, 23, 23, 170, 1, 1, 1}); // two blocks of channels
  shapes.push_back({1, 3, 49, 47, 32, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1});
  shapes.push_back({2, 4, 30, 37, 17, 1, 3, 3, 1, 1, 1, 1, 1, 0, 2, 1});
  shapes.push_back({1, 6, 34, 40, 8, 2, 3, 2, 1, 1, 2, 2, 2, 1, 0, 3});
  shapes.push_back({1, 3, 60, 58, 19, 1, 7, 7, 2, 2, 1, 1, 3, 3, 3, 3});
  shapes.push_back({1, 500, 80, 80, 5, 1, 1, 1, 2, 2});
  return shapes;
}

TEST_P(Conv2dS8GemmVariant, ChannelRowsShapesEveryFlag) {
  checkEveryFlagAndClamp(channelRowsShapes(), path(), /*fullClampOnly=*/true, defaults());
}

// Narrow clamps, no bias, and scales of at least 0.5 (shifts below 32: the
// per-row requantizer's scalar rows) next to small ones.
TEST_P(Conv2dS8GemmVariant, ChannelRowsClampsAndLargeScales) {
  for (const ConvShape &shape : channelRowsShapes()) {
    Options options = defaults();
    options.narrowClamp = true;
    options.bias = false;
    run(shape, options);
    options.largeScale = true;
    options.flags = QC_INT8_C_SIGNED;
    run(shape, options);
  }
}

// Weights at the limit of vpmaddubsw's exactness (pairs of positive parts
// summing to 128, negative ones to -128), then with one pair just past it
// (127, 2), which a variant exact only on some weights leaves to its fallback
// (check()): the im2col path (7 x 7 images read directly, 1x1 stride 2
// from the padded copy) and the weights x im2col^T one (32 x 32 images),
// every flag. In these 1 x 1 layers with an even number of input channels,
// consecutive ONNX weights are k pairs.
TEST_P(Conv2dS8GemmVariant, WeightPairsAtAndPastTheLimit) {
  const std::vector<int8_t> atTheLimit = {127, 1, -64, -64, -128, 0, 64, 64, 127, -128, 1, 127};
  const ConvShape shapes[] = {{1, 24, 7, 7, 20, 1, 1, 1},
                              {1, 24, 15, 15, 20, 1, 1, 1, 2, 2},
                              {1, 24, 32, 32, 20, 1, 1, 1}};
  for (const ConvShape &shape : shapes)
    for (bool past : {false, true}) {
      const qc_conv2d_desc d = shape.desc();
      std::vector<int8_t> weights(d.out_channels * d.in_channels);
      for (size_t i = 0; i < weights.size(); ++i)
        weights[i] = atTheLimit[i % atTheLimit.size()];
      if (past) { // the last pair of the last output channel
        weights[weights.size() - 2] = 127;
        weights[weights.size() - 1] = 2;
      }
      ASSERT_EQ(groupPairsFit(d, weights, 0), !past);
      for (int32_t flags : kAllFlags) {
        Options options = defaults();
        options.flags = flags;
        options.weightPattern = weights;
        run(shape, options);
      }
    }
}

INSTANTIATE_TEST_SUITE_P(, Conv2dS8GemmVariant, ::testing::ValuesIn(allGemmVariants()),
                         [](const auto &info) { return std::string(info.param->name); });

class Conv2dS8DepthwiseVariant : public VariantTest<qc_conv2d_s8_depthwise_kernel> {};

TEST_P(Conv2dS8DepthwiseVariant, ShapesEveryFlag) {
  checkEveryFlagAndClamp(depthwiseShapes(), im2colPath(&qc_gemm_s8_tiles_generic, GetParam()));
}

TEST_P(Conv2dS8DepthwiseVariant, BandShapesEveryFlag) {
  checkEveryFlagAndClamp(depthwiseBandShapes(), im2colPath(&qc_gemm_s8_tiles_generic, GetParam()));
}

TEST_P(Conv2dS8DepthwiseVariant, BlockShapesEveryFlag) {
  checkEveryFlagAndClamp(depthwiseBlockShapes(),
                         im2colPath(&qc_gemm_s8_tiles_generic, GetParam()));
}

INSTANTIATE_TEST_SUITE_P(, Conv2dS8DepthwiseVariant, ::testing::ValuesIn(allDepthwiseVariants()),
                         [](const auto &info) { return std::string(info.param->name); });

TEST(Conv2dS8, PublicEntryPoint) {
  for (const ConvShape &shape :
       {ConvShape{1, 16, 14, 14, 24, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
        ConvShape{1, 16, 14, 14, 16, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
        ConvShape{1, 16, 32, 32, 24, 1, 1, 1}}) // weights x im2col^T
    for (int32_t flags : kAllFlags)
      for (int weightMin : {-128, -64}) { // 8-bit and 7-bit weights (check(): the variant chosen)
        Options options;
        options.flags = flags;
        options.weightMin = weightMin;
        options.weightMax = weightMin == -128 ? 127 : 64;
        check(shape, options, im2colPath(nullptr, nullptr));
      }
}

// QC_INT8_B_PAIRS_FIT on 7-bit weights, as the compiler passes it: the same
// results on the im2col, the padded-copy and the weights x im2col^T paths.
TEST(Conv2dS8, PairsFitFlag) {
  for (const ConvShape &shape :
       {ConvShape{1, 16, 14, 14, 24, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
        ConvShape{1, 16, 14, 14, 16, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
        ConvShape{1, 16, 32, 32, 24, 1, 1, 1}})
    for (int32_t flags : kAllFlags) {
      Options options;
      options.flags = flags | QC_INT8_B_PAIRS_FIT;
      options.weightMin = -64;
      options.weightMax = 64;
      check(shape, options, im2colPath(nullptr, nullptr));
    }
}

std::vector<const qc_conv2d_s8_winograd_kernel *> allWinogradVariants() {
  size_t count;
  const qc_conv2d_s8_winograd_kernel *const *kernels = qc_conv2d_s8_winograd_all(&count);
  return {kernels, kernels + count};
}

// 3x3, stride 1: odd and even output sizes (a last tile row or column half
// outside), pads 0 to 2 and asymmetric (tiles reading only padding), input
// channels not a multiple of 4 or 8, several channel chunks of the input
// transform (> 64) and tile-row chunks (> 32 tiles wide), output channels
// over several panels with a partial one, more tiles than a product block,
// batch 2.
std::vector<ConvShape> winogradShapes() {
  std::vector<ConvShape> shapes;
  shapes.push_back({1, 1, 5, 5, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({2, 5, 9, 11, 17, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({1, 12, 8, 8, 16, 1, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0});
  shapes.push_back({1, 7, 6, 13, 33, 1, 3, 3, 1, 1, 1, 1, 2, 0, 1, 2});
  shapes.push_back({1, 70, 7, 7, 20, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({1, 3, 4, 70, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  shapes.push_back({1, 9, 30, 29, 5, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1});
  return shapes;
}

class Conv2dS8WinogradVariant : public VariantTest<qc_conv2d_s8_winograd_kernel> {};

TEST_P(Conv2dS8WinogradVariant, ShapesEveryFlag) {
  checkEveryFlagAndClamp(winogradShapes(), winogradPath(GetParam()));
}

// The largest sums the exactness argument allows for: every input code and
// weight at the end of its range (the naive loop's int64 sums against the
// transforms' int32 ones), over many channels.
TEST_P(Conv2dS8WinogradVariant, ExtremeCodesOverManyChannels) {
  const qc_conv2d_desc d = ConvShape{1, 600, 6, 6, 16, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}.desc();
  for (int32_t flags : {0, QC_INT8_A_SIGNED | QC_INT8_C_INT32, QC_INT8_C_INT32}) {
    const bool aSigned = flags & QC_INT8_A_SIGNED;
    std::vector<uint8_t> input(600 * 36, aSigned ? 0x80 : 0xff);
    std::vector<int8_t> weights(16 * 600 * 9, -128);
    for (size_t i = 0; i < weights.size(); i += 7)
      weights[i] = 127;
    std::vector<uint8_t> packed(qc_conv2d_s8_winograd_packed_weights_size(&d));
    qc_conv2d_s8_winograd_pack_weights(&d, weights.data(), packed.data());
    std::vector<uint8_t> scratch(qc_conv2d_s8_winograd_scratch_size(&d) + 64);
    std::vector<int32_t> output(16 * 36);
    const int32_t zeroPoint = aSigned ? -128 : 255; // padding at the extreme too
    const qc_conv2d_s8_params params = {zeroPoint, nullptr, nullptr, nullptr, 0, 0, 0, 0,
                                        flags | QC_INT8_C_INT32};
    qc_conv2d_s8_winograd_with_kernels(&d, input.data(), packed.data(), &params, output.data(),
                                       scratch.data(), GetParam(), &qc_gemm_s8_tiles_generic);
    for (int64_t oc = 0; oc < 16; ++oc) {
      int64_t expected = 0;
      for (int64_t k = 0; k < 600 * 9; ++k)
        expected += int64_t(aSigned ? -128 : 255) * weights[oc * 600 * 9 + k];
      for (int64_t pixel = 0; pixel < 36; ++pixel)
        ASSERT_EQ(output[oc * 36 + pixel], expected) << "channel " << oc << " pixel " << pixel;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(, Conv2dS8WinogradVariant, ::testing::ValuesIn(allWinogradVariants()),
                         [](const auto &info) { return std::string(info.param->name); });

TEST(Conv2dS8Winograd, PublicEntryPointMatchesIm2col) {
  for (int32_t flags : kAllFlags) {
    Options options;
    options.flags = flags;
    check({1, 64, 14, 14, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}, options, winogradPath(nullptr));
  }
}

// The first of several threads calling at once packs, the same bytes as
// qc_conv2d_s8_winograd_pack_weights; every later call leaves the buffer alone.
TEST(Conv2dS8Winograd, PackWeightsOnce) {
  const qc_conv2d_desc d = ConvShape{1, 40, 6, 6, 33, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}.desc();
  std::vector<int8_t> weights(33 * 40 * 9);
  std::mt19937 rng(7);
  for (int8_t &w : weights)
    w = int8_t(std::uniform_int_distribution<int>(-128, 127)(rng));
  const size_t bytes = size_t(qc_conv2d_s8_winograd_packed_weights_size(&d));
  std::vector<uint8_t> expected(bytes), packed(bytes, 0xA5);
  qc_conv2d_s8_winograd_pack_weights(&d, weights.data(), expected.data());

  int32_t once = 0;
  std::vector<std::thread> threads;
  std::vector<int> sawPacked(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      qc_conv2d_s8_winograd_pack_weights_once(&once, &d, weights.data(), packed.data());
      sawPacked[t] = packed == expected; // every caller returns after the packing
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(packed, expected);
  EXPECT_EQ(sawPacked, std::vector<int>(4, 1));
  EXPECT_NE(once, 0);

  std::fill(weights.begin(), weights.end(), int8_t(1));
  qc_conv2d_s8_winograd_pack_weights_once(&once, &d, weights.data(), packed.data());
  EXPECT_EQ(packed, expected) << "a later call packed again";
}

TEST(Conv2dS8Winograd, SupportedDescriptors) {
  const qc_conv2d_desc supported = ConvShape{1, 8, 5, 5, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}.desc();
  EXPECT_TRUE(qc_conv2d_s8_winograd_supported(&supported));
  const ConvShape unsupported[] = {
      {1, 8, 5, 5, 8, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},    // stride 2
      {1, 8, 9, 9, 8, 1, 3, 3, 1, 1, 2, 2, 1, 1, 1, 1},    // dilation 2
      {1, 8, 5, 5, 8, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},    // groups
      {1, 8, 5, 5, 8, 1, 5, 5, 1, 1, 1, 1, 2, 2, 2, 2},    // 5x5
      {1, 3641, 5, 5, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}, // 4x its sums could overflow
  };
  for (const ConvShape &shape : unsupported) {
    const qc_conv2d_desc d = shape.desc();
    EXPECT_FALSE(qc_conv2d_s8_winograd_supported(&d)) << shape.describe();
    EXPECT_EQ(qc_conv2d_s8_winograd_packed_weights_size(&d), 0) << shape.describe();
  }
}

TEST(Conv2dS8, PackedWeightsLayout) {
  // Two groups of 2 input x 3 output channels, 2x2 kernel: per group, the
  // packed B of the K x 3 matrix with row k = (kh * 2 + kw) * 2 + ic.
  const ConvShape shape = {1, 4, 4, 4, 6, 2, 2, 2};
  const qc_conv2d_desc d = shape.desc();
  std::vector<int8_t> weights(6 * 2 * 4);
  for (size_t i = 0; i < weights.size(); ++i)
    weights[i] = int8_t(int(i) * 7 - 100);
  std::vector<int8_t> packed(qc_conv2d_s8_packed_weights_size(&d));
  ASSERT_EQ(packed.size(), size_t(2 * qc_gemm_s8_packed_b_size(8, 3)));
  qc_conv2d_s8_pack_weights(&d, weights.data(), packed.data());
  for (int64_t g = 0; g < 2; ++g) {
    std::vector<int8_t> b(8 * 3);
    for (int64_t j = 0; j < 3; ++j)
      for (int64_t ic = 0; ic < 2; ++ic)
        for (int64_t tap = 0; tap < 4; ++tap)
          b[(tap * 2 + ic) * 3 + j] = weights[((g * 3 + j) * 2 + ic) * 4 + tap];
    std::vector<int8_t> expected(qc_gemm_s8_packed_b_size(8, 3));
    qc_gemm_s8_pack_b(b.data(), 8, 3, 3, 0, expected.data());
    EXPECT_EQ(0, std::memcmp(expected.data(), packed.data() + g * expected.size(), expected.size()))
        << "group " << g;
  }
}

TEST(Conv2dS8, ScratchSizeIsTheBytePaddedCopy) {
  const ConvShape shape = {3, 8, 20, 20, 16, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1};
  const qc_conv2d_desc d = shape.desc();
  EXPECT_EQ(qc_conv2d_s8_scratch_size(&d), 4 * qc_conv2d_f32_padded(&d).plane_stride);
  const qc_conv2d_desc direct = ConvShape{2, 8, 5, 5, 8, 1, 1, 1}.desc();
  EXPECT_EQ(qc_conv2d_s8_scratch_size(&direct), 0);
  const qc_conv2d_desc depthwise = ConvShape{1, 8, 5, 5, 8, 8, 3, 3}.desc();
  EXPECT_EQ(qc_conv2d_s8_scratch_size(&depthwise), 0);
}

} // namespace
