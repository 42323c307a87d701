//===- Conv2dF32Test.cpp - float convolution against a naive loop ---------===//
//
// qc_conv2d_f32 with every variant built for the target forced explicitly
// (GEMM tiles for the im2col path, plane kernels for the depthwise path),
// against the ONNX Conv definition computed in double: groups 1 / 2 /
// depthwise / channel multiplier, strides 1 to 4, dilation 2, asymmetric and
// oversized pads, 1x1 to 7x7 kernels, batch 2, bias or none, every epilogue,
// and problems spanning several chunks, MC blocks, panels and KC slices;
// depthwise planes of every size from 1x1, rows cut into strips, many planes,
// and the kernels left to the per-pixel loop. The weights are packed by
// qc_conv2d_f32_pack_weights, whose layout is checked against KernelABI.h's
// formula and must serve every variant. The neighbours of the output, of the
// packed weights and of the scratch must stay untouched.
//
//===----------------------------------------------------------------------===//

#include "conv2d_f32.h"

#include "quantc/Runtime/KernelABI.h"

#include "ConvShape.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Written around the output and after the scratch: the kernel must leave it.
constexpr float kGuard = 12345.0f;
constexpr int64_t kGuardFloats = 16;

struct AlignedFree {
  void operator()(float *p) const { std::free(p); }
};

class Conv2dF32Problem {
public:
  Conv2dF32Problem(const ConvShape &shape, bool withBias, int32_t epilogue)
      : shape(shape), d(shape.desc()), withBias(withBias) {
    EXPECT_TRUE(qc_conv2d_f32_is_valid(&d)) << describe();
    this->epilogue = {epilogue, -0.5f, 0.75f};
    std::mt19937 rng(unsigned(d.in_channels * 1009 + d.out_channels * 101 + d.in_height * 7 +
                              d.kernel_width + d.groups * 13 + d.stride_h));
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    input.resize(d.batch * d.in_channels * d.in_height * d.in_width);
    for (float &x : input)
      x = uniform(rng);
    weights.resize(d.out_channels * (d.in_channels / d.groups) * d.kernel_height *
                   d.kernel_width);
    for (float &x : weights)
      x = uniform(rng);
    bias.resize(d.out_channels);
    for (float &x : bias)
      x = uniform(rng);
  }

  int64_t outputSize() const { return d.batch * d.out_channels * d.out_height * d.out_width; }

  // The kernels to force; none: the public entry point.
  struct Kernels {
    const qc_gemm_f32_tiles *tiles = nullptr;
    const qc_conv2d_f32_depthwise_kernel *depthwise = nullptr;
    const char *name() const {
      return tiles ? tiles->name : depthwise ? depthwise->name : "qc_conv2d_f32";
    }
  };

  const std::vector<float> &onnxWeights() const { return weights; }

  // The weights packed by qc_conv2d_f32_pack_weights, with guards after them
  // checked here.
  std::vector<float> packWeights() const {
    const int64_t packedFloats = qc_conv2d_f32_packed_weights_size(&d);
    EXPECT_GE(packedFloats, 0);
    std::vector<float> packed(packedFloats + kGuardFloats, kGuard);
    qc_conv2d_f32_pack_weights(&d, weights.data(), packed.data());
    for (int64_t i = 0; i < kGuardFloats; ++i)
      EXPECT_EQ(packed[packedFloats + i], kGuard) << describe() << ": written past the packing";
    packed.resize(packedFloats);
    return packed;
  }

  // Runs the convolution and returns the output, having checked the guards
  // around output and scratch. `packed`: the packed weights, or empty to pack
  // them here.
  std::vector<float> run(Kernels kernels, const std::vector<float> &prepacked = {}) const {
    const std::vector<float> packed = prepacked.empty() ? packWeights() : prepacked;
    const int64_t scratchFloats = qc_conv2d_f32_scratch_size(&d);
    EXPECT_GE(scratchFloats, 0);
    if (qc_conv2d_f32_is_depthwise(&d))
      EXPECT_EQ(scratchFloats, 0) << describe();
    // 64-byte aligned as the ABI promises, guarded after its end.
    const size_t scratchBytes = size_t(scratchFloats + kGuardFloats) * sizeof(float);
    std::unique_ptr<float, AlignedFree> scratch(
        static_cast<float *>(std::aligned_alloc(64, (scratchBytes + 63) / 64 * 64)));
    std::fill(scratch.get(), scratch.get() + scratchFloats + kGuardFloats, kGuard);

    std::vector<float> output(outputSize() + 2 * kGuardFloats, kGuard);
    float *out = output.data() + kGuardFloats;
    float *scratchOrNull = scratchFloats ? scratch.get() : nullptr;
    const float *biasOrNull = withBias ? bias.data() : nullptr;
    if (kernels.tiles || kernels.depthwise)
      qc_conv2d_f32_with_kernels(
          &d, input.data(), packed.data(), biasOrNull, out, scratchOrNull, epilogue,
          kernels.tiles ? kernels.tiles : qc_gemm_f32_select_tiles(qc_cpu_features()),
          kernels.depthwise ? kernels.depthwise
                            : qc_conv2d_f32_depthwise_select(qc_cpu_features()));
    else
      qc_conv2d_f32(&d, input.data(), packed.data(), biasOrNull, out, scratchOrNull,
                    epilogue.kind, epilogue.clamp_min, epilogue.clamp_max);

    for (int64_t i = 0; i < kGuardFloats; ++i) {
      EXPECT_EQ(output[i], kGuard) << describe() << ": written before the output";
      EXPECT_EQ(output[kGuardFloats + outputSize() + i], kGuard)
          << describe() << ": written after the output";
      EXPECT_EQ(scratch.get()[scratchFloats + i], kGuard)
          << describe() << ": written past the scratch";
    }
    return {out, out + outputSize()};
  }

  void check(Kernels kernels, const std::vector<float> &prepacked = {}) const {
    std::vector<float> output = run(kernels, prepacked);
    const char *name = kernels.name();
    const int64_t taps = (d.in_channels / d.groups) * d.kernel_height * d.kernel_width;
    int reported = 0;
    for (int64_t i = 0; i < outputSize(); ++i) {
      double magnitude;
      double expected = reference(i, magnitude);
      // As for the GEMM: rounding grows with the number of terms and their size.
      double tolerance = 2.0 * (taps + 2) * FLT_EPSILON * (magnitude + 1e-30);
      if (!(std::fabs(output[i] - expected) <= tolerance) && reported++ < 5)
        ADD_FAILURE() << name << " " << describe() << ": output[" << i << "] = " << output[i]
                      << ", expected " << expected << " +- " << tolerance;
    }
  }

  std::string describe() const {
    std::ostringstream s;
    s << "N=" << d.batch << " C=" << d.in_channels << " " << d.in_height << "x" << d.in_width
      << " -> OC=" << d.out_channels << " " << d.out_height << "x" << d.out_width
      << " groups=" << d.groups << " kernel=" << d.kernel_height << "x" << d.kernel_width
      << " stride=" << d.stride_h << "," << d.stride_w << " dilation=" << d.dilation_h << ","
      << d.dilation_w << " pads=" << shape.padTop << "," << shape.padLeft << ","
      << shape.padBottom << "," << shape.padRight << (withBias ? " bias" : "")
      << " epilogue=" << epilogue.kind;
    return s.str();
  }

private:
  // Output element `index` (NCHW) in double; `magnitude` receives the sum of
  // |terms| including the bias.
  double reference(int64_t index, double &magnitude) const {
    const int64_t ow = index % d.out_width;
    const int64_t oh = index / d.out_width % d.out_height;
    const int64_t oc = index / (d.out_width * d.out_height) % d.out_channels;
    const int64_t n = index / (d.out_width * d.out_height * d.out_channels);
    const int64_t inPerGroup = d.in_channels / d.groups;
    const int64_t outPerGroup = d.out_channels / d.groups;
    const int64_t group = oc / outPerGroup;
    double sum = 0, absSum = 0;
    for (int64_t icg = 0; icg < inPerGroup; ++icg) {
      const int64_t ic = group * inPerGroup + icg;
      for (int64_t kh = 0; kh < d.kernel_height; ++kh) {
        const int64_t ih = oh * d.stride_h + kh * d.dilation_h - d.pad_top;
        for (int64_t kw = 0; kw < d.kernel_width; ++kw) {
          const int64_t iw = ow * d.stride_w + kw * d.dilation_w - d.pad_left;
          if (ih < 0 || ih >= d.in_height || iw < 0 || iw >= d.in_width)
            continue;
          double term =
              double(input[((n * d.in_channels + ic) * d.in_height + ih) * d.in_width + iw]) *
              weights[((oc * inPerGroup + icg) * d.kernel_height + kh) * d.kernel_width + kw];
          sum += term;
          absSum += std::fabs(term);
        }
      }
    }
    if (withBias) {
      sum += bias[oc];
      absSum += std::fabs(bias[oc]);
    }
    magnitude = absSum;
    if (epilogue.kind == QC_EPILOGUE_RELU)
      return std::max(sum, 0.0);
    if (epilogue.kind == QC_EPILOGUE_CLAMP)
      return std::min(std::max(sum, double(epilogue.clamp_min)), double(epilogue.clamp_max));
    return sum;
  }

  ConvShape shape;
  qc_conv2d_f32_desc d;
  bool withBias;
  qc_conv2d_f32_epilogue epilogue;
  std::vector<float> input, weights, bias;
};

ConvShape conv(int64_t batch, int64_t inChannels, int64_t height, int64_t width,
               int64_t outChannels, int64_t groups, int64_t kernel) {
  ConvShape s{batch, inChannels, height, width, outChannels, groups, kernel, kernel};
  return s;
}

ConvShape withStride(ConvShape s, int64_t h, int64_t w) {
  s.strideH = h;
  s.strideW = w;
  return s;
}

ConvShape withDilation(ConvShape s, int64_t h, int64_t w) {
  s.dilationH = h;
  s.dilationW = w;
  return s;
}

ConvShape withPads(ConvShape s, int64_t top, int64_t left, int64_t bottom, int64_t right) {
  s.padTop = top;
  s.padLeft = left;
  s.padBottom = bottom;
  s.padRight = right;
  return s;
}

// Shapes through the im2col GEMM path, each with an odd number of taps and
// of output pixels (neither a multiple of 16 nor of any MR).
std::vector<ConvShape> gemmShapes() {
  return {
      withPads(conv(2, 3, 7, 9, 5, 1, 3), 1, 1, 1, 1),                       // batch 2, same pads
      withPads(withStride(conv(1, 4, 11, 10, 6, 2, 3), 2, 2), 0, 1, 2, 0),   // groups 2, asym pads
      withPads(withStride(conv(1, 5, 13, 14, 7, 1, 3), 3, 3), 1, 2, 0, 1),   // stride 3
      withPads(withDilation(conv(1, 3, 12, 11, 4, 1, 3), 2, 2), 2, 1, 2, 3), // dilation 2
      withStride(withDilation(conv(2, 6, 9, 13, 6, 3, 2), 2, 1), 1, 2),      // mixed, groups 3
      conv(1, 7, 5, 19, 13, 1, 1),                                           // 1x1, P = 95
      withStride(conv(2, 8, 9, 9, 5, 1, 1), 2, 2),                           // 1x1 stride 2
      withPads(withStride(conv(1, 3, 23, 19, 8, 1, 7), 2, 2), 3, 3, 3, 3),   // 7x7 stride 2
      withPads(conv(1, 2, 4, 5, 3, 1, 3), 3, 4, 2, 3),  // pads wider than the kernel
      withPads(conv(1, 3, 6, 40, 4, 1, 3), 1, 1, 1, 1), // rows wider than a panel
      withPads(conv(1, 4, 7, 7, 8, 4, 3), 1, 1, 1, 1),  // channel multiplier 2: not depthwise
      {1, 5, 4, 6, 3, 1, 2, 3, 1, 2},                   // non-square kernel and strides
      conv(2, 7, 13, 11, 19, 1, 1), // 1x1 stride 1: contiguous rows, tiles across images
      withPads(conv(1, 5, 6, 7, 9, 1, 1), 1, 0, 0, 1),  // 1x1 with padding
      withPads(withStride(conv(2, 3, 7, 8, 5, 1, 1), 2, 3), 1, 2, 1, 0), // 1x1, strides, pads
      withPads(conv(2, 4, 3, 2, 33, 1, 3), 1, 1, 1, 1), // 6 pixels per image, 3 panels
  };
}

// Depthwise shapes (one input and one output channel per group).
std::vector<ConvShape> depthwiseShapes() {
  return {
      withPads(conv(2, 5, 9, 21, 5, 5, 3), 1, 1, 1, 1),                      // MobileNet 3x3 s1
      withPads(withStride(conv(1, 4, 17, 23, 4, 4, 3), 2, 2), 1, 1, 1, 1),   // MobileNet 3x3 s2
      withPads(withStride(conv(1, 3, 16, 16, 3, 3, 3), 2, 2), 0, 0, 1, 1),   // TF-style s2 pads
      withPads(withDilation(conv(1, 3, 14, 15, 3, 3, 5), 2, 2), 3, 2, 4, 5), // 5x5 dilation 2
      withPads(withStride(conv(1, 2, 11, 12, 2, 2, 3), 3, 3), 2, 0, 0, 2),   // stride 3
      withPads(withStride(conv(1, 3, 10, 9, 3, 3, 3), 1, 2), 1, 0, 1, 2),    // mixed strides
      withPads(conv(1, 2, 2, 2, 2, 2, 3), 1, 1, 1, 1),  // image smaller than the kernel
      withPads(conv(1, 2, 6, 3, 2, 2, 3), 3, 3, 3, 3),  // pads wider than the kernel
      conv(1, 1, 5, 6, 1, 1, 3),                        // one channel, no padding
      withPads(conv(2, 3, 13, 11, 3, 3, 5), 2, 2, 2, 2),                     // 5x5 s1
      withPads(withStride(conv(1, 3, 19, 21, 3, 3, 5), 2, 2), 2, 2, 2, 2),   // 5x5 s2
      withPads(withStride(conv(1, 3, 23, 25, 3, 3, 7), 2, 2), 3, 3, 3, 3),   // 7x7 s2
      withStride(conv(1, 3, 9, 10, 3, 3, 1), 2, 2),                          // 1x1 s2
      conv(2, 3, 7, 9, 3, 3, 1),                                             // 1x1 s1
      {1, 3, 8, 13, 3, 3, 3, 5, 1, 2, 1, 1, 1, 2, 0, 1},                     // 3x5, strides 1, 2
      withDilation(withPads(conv(1, 2, 12, 17, 2, 2, 3), 2, 2, 2, 2), 2, 1), // dilation 2, 1
      withPads(withStride(conv(1, 2, 20, 20, 2, 2, 3), 4, 3), 1, 1, 1, 1),   // strides 4, 3
      // Columns and rows the output never reads, past the last stride.
      withPads(withStride(conv(1, 2, 19, 19, 2, 2, 1), 2, 2), 1, 1, 0, 0),   // 1x1 s2
      withPads(withStride(conv(1, 2, 33, 33, 2, 2, 3), 3, 3), 1, 1, 0, 0),   // 3x3 s3
  };
}

// 3x3 with MobileNet's pads, stride 1 and 2, on square planes of every size
// up to past two vectors of the widest variant, and on a few row shapes.
std::vector<ConvShape> depthwisePlaneSizes() {
  std::vector<ConvShape> shapes;
  for (int64_t size : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 23, 28, 31, 33})
    for (int64_t stride : {1, 2})
      shapes.push_back(withPads(withStride(conv(1, 3, size, size, 3, 3, 3), stride, stride), 1,
                                1, 1, 1));
  for (auto [height, width] : {std::pair<int64_t, int64_t>{1, 40}, {40, 1}, {3, 57}, {57, 3}})
    for (int64_t stride : {1, 2})
      shapes.push_back(withPads(withStride(conv(2, 2, height, width, 2, 2, 3), stride, stride),
                                1, 1, 1, 1));
  return shapes;
}

// Rows wider than the kernel's ring of input rows holds, cut into strips of
// the variant's width S: rows of exactly S and 2S columns, and of 2S + r
// (the last strip, narrower than a vector for small r, starts early and
// overlaps the one before).
std::vector<ConvShape> depthwiseWideRows(const qc_conv2d_f32_depthwise_kernel &kernel) {
  std::vector<ConvShape> shapes;
  const ConvShape bases[] = {
      withPads(conv(1, 2, 4, 1, 2, 2, 3), 1, 1, 1, 1),
      withPads(withStride(conv(1, 2, 5, 1, 2, 2, 3), 2, 2), 1, 1, 1, 1),
      withPads(withDilation(conv(1, 1, 9, 1, 1, 1, 5), 2, 3), 4, 6, 4, 6),
  };
  for (ConvShape shape : bases) {
    // The input width giving `columns` output columns.
    auto widthFor = [&](int64_t columns) {
      return (columns - 1) * shape.strideW + shape.dilationW * (shape.kernelW - 1) + 1 -
             shape.padLeft - shape.padRight;
    };
    shape.width = widthFor(4000);
    const qc_conv2d_f32_desc wide = shape.desc();
    const int64_t strip = kernel.strip_columns(&wide);
    EXPECT_GT(strip, 0) << kernel.name;
    EXPECT_LT(strip, wide.out_width) << kernel.name << ": 4000 columns in one strip";
    for (int64_t columns : {strip, 2 * strip, 2 * strip + 1, 2 * strip + 3, 2 * strip + 7,
                            2 * strip + 9}) {
      shape.width = widthFor(columns);
      shapes.push_back(shape);
    }
  }
  return shapes;
}

// Kernels the vector path leaves to the per-pixel loop: taller than 32 rows,
// or reading too many input rows per group (dilation 40).
std::vector<ConvShape> depthwisePixelPath() {
  return {
      withPads({1, 2, 40, 6, 2, 2, 33, 1}, 16, 0, 16, 0),
      withPads(withDilation(conv(1, 2, 90, 7, 2, 2, 3), 40, 1), 40, 1, 40, 1),
  };
}

std::vector<const qc_gemm_f32_tiles *> allGemmVariants() {
  size_t count;
  const qc_gemm_f32_tiles *const *tiles = qc_gemm_f32_all_tiles(&count);
  return {tiles, tiles + count};
}

std::vector<const qc_conv2d_f32_depthwise_kernel *> allDepthwiseVariants() {
  size_t count;
  const qc_conv2d_f32_depthwise_kernel *const *kernels = qc_conv2d_f32_depthwise_all(&count);
  return {kernels, kernels + count};
}

// Skips the test when the CPU lacks some of `required`.
#define SKIP_UNLESS_CPU_HAS(required, name)                                                     \
  do {                                                                                          \
    uint64_t missing = (required) & ~qc_cpu_features();                                        \
    if (missing)                                                                                \
      GTEST_SKIP() << "this CPU lacks features 0x" << std::hex << missing << " of " << (name); \
  } while (0)

class Conv2dF32GemmVariant : public ::testing::TestWithParam<const qc_gemm_f32_tiles *> {
protected:
  void SetUp() override { SKIP_UNLESS_CPU_HAS(tiles().required_features, tiles().name); }
  const qc_gemm_f32_tiles &tiles() const { return *GetParam(); }
  Conv2dF32Problem::Kernels kernels() const { return {&tiles(), nullptr}; }
};

TEST_P(Conv2dF32GemmVariant, Im2colShapesWithBiasAndEveryEpilogue) {
  for (const ConvShape &shape : gemmShapes()) {
    qc_conv2d_f32_desc d = shape.desc();
    ASSERT_FALSE(qc_conv2d_f32_is_depthwise(&d));
    for (int32_t epilogue : {QC_EPILOGUE_NONE, QC_EPILOGUE_RELU, QC_EPILOGUE_CLAMP})
      for (bool bias : {false, true})
        Conv2dF32Problem(shape, bias, epilogue).check(kernels());
  }
}

// More taps than one KC slice and more pixels than one chunk of partial sums
// (the scratch): for the padded copy of one image, and for a 1x1 convolution
// reading the input directly, whose chunks span the batch (the boundary in
// the middle of the third image).
TEST_P(Conv2dF32GemmVariant, SeveralChunks) {
  ConvShape padded = withPads(conv(1, 29, 21, 21, 600, 1, 3), 1, 1, 1, 1);
  qc_conv2d_f32_desc d = padded.desc();
  ASSERT_FALSE(qc_conv2d_f32_reads_input_directly(&d));
  ASSERT_GT(d.out_height * d.out_width, qc_conv2d_f32_chunk_pixels(&d));
  ASSERT_GT(d.in_channels * 9, tiles().kc);
  Conv2dF32Problem(padded, true, QC_EPILOGUE_RELU).check(kernels());

  ConvShape direct = conv(3, 257, 16, 17, 322, 1, 1);
  d = direct.desc();
  ASSERT_TRUE(qc_conv2d_f32_reads_input_directly(&d));
  const int64_t chunk = qc_conv2d_f32_chunk_pixels(&d), p = 16 * 17;
  ASSERT_LT(chunk, 3 * p);
  ASSERT_GT(chunk, 2 * p);
  ASSERT_GT(d.in_channels, tiles().kc);
  Conv2dF32Problem(direct, true, QC_EPILOGUE_CLAMP).check(kernels());
}

// Images whose padded copy exceeds its budget: several bands of output rows,
// each with its own padded copy (overlapping by the kernel's halo).
TEST_P(Conv2dF32GemmVariant, SeveralBands) {
  for (const ConvShape &shape :
       {withPads(conv(1, 8, 200, 200, 4, 1, 3), 1, 1, 1, 1),
        withPads(withDilation(withStride(conv(1, 8, 300, 300, 4, 1, 3), 2, 2), 2, 2), 2, 2, 2, 2),
        withPads(withStride(conv(1, 8, 400, 400, 4, 1, 1), 2, 2), 1, 1, 0, 0)}) {
    qc_conv2d_f32_desc d = shape.desc();
    ASSERT_LT(qc_conv2d_f32_padded(&d).band_rows, d.out_height);
    Conv2dF32Problem(shape, true, QC_EPILOGUE_RELU).check(kernels());
  }
}

// More pixels than one MC block, partial panels and micro-panels, with K
// over several KC slices (partial sums in the scratch) and within one (tiles
// straight to the output); groups select their slice of the packed weights.
TEST_P(Conv2dF32GemmVariant, SeveralRowBlocks) {
  ConvShape several = withPads(conv(1, 37, 17, 23, 37, 1, 3), 1, 1, 1, 1);
  ConvShape one = withPads(conv(1, 6, 19, 23, 42, 2, 3), 1, 1, 1, 1);
  qc_conv2d_f32_desc d = several.desc();
  ASSERT_GT(d.out_height * d.out_width, tiles().mc);
  ASSERT_GT(d.in_channels * 9, tiles().kc);
  Conv2dF32Problem(several, true, QC_EPILOGUE_CLAMP).check(kernels());
  Conv2dF32Problem(one, true, QC_EPILOGUE_RELU).check(kernels());
}

INSTANTIATE_TEST_SUITE_P(, Conv2dF32GemmVariant, ::testing::ValuesIn(allGemmVariants()),
                         [](const auto &info) { return std::string(info.param->name); });

class Conv2dF32DepthwiseVariant
    : public ::testing::TestWithParam<const qc_conv2d_f32_depthwise_kernel *> {
protected:
  void SetUp() override { SKIP_UNLESS_CPU_HAS(kernel().required_features, kernel().name); }
  const qc_conv2d_f32_depthwise_kernel &kernel() const { return *GetParam(); }
  Conv2dF32Problem::Kernels kernels() const { return {nullptr, &kernel()}; }
};

std::string describeShape(const qc_conv2d_f32_desc &d) {
  std::ostringstream s;
  s << d.in_height << "x" << d.in_width << " kernel " << d.kernel_height << "x" << d.kernel_width
    << " dilation " << d.dilation_h << "," << d.dilation_w;
  return s.str();
}

// Each shape with and without bias, with every epilogue.
void checkDepthwise(const std::vector<ConvShape> &shapes, Conv2dF32Problem::Kernels kernels) {
  for (const ConvShape &shape : shapes) {
    qc_conv2d_f32_desc d = shape.desc();
    ASSERT_TRUE(qc_conv2d_f32_is_depthwise(&d));
    for (int32_t epilogue : {QC_EPILOGUE_NONE, QC_EPILOGUE_RELU, QC_EPILOGUE_CLAMP})
      for (bool bias : {false, true})
        Conv2dF32Problem(shape, bias, epilogue).check(kernels);
  }
}

TEST_P(Conv2dF32DepthwiseVariant, ShapesWithBiasAndEveryEpilogue) {
  checkDepthwise(depthwiseShapes(), kernels());
}

// The same shapes with more channels than a vector has lanes (and batch 2):
// small planes then go several channels at a time, the last group of
// channels overlapping the one before.
std::vector<ConvShape> withChannels(std::vector<ConvShape> shapes, int64_t channels) {
  for (ConvShape &shape : shapes) {
    shape.batch = 2;
    shape.inChannels = shape.outChannels = shape.groups = channels;
  }
  return shapes;
}

TEST_P(Conv2dF32DepthwiseVariant, PlaneSizes) { checkDepthwise(depthwisePlaneSizes(), kernels()); }

TEST_P(Conv2dF32DepthwiseVariant, PlaneSizesManyChannels) {
  checkDepthwise(withChannels(depthwisePlaneSizes(), 11), kernels());
}

TEST_P(Conv2dF32DepthwiseVariant, ShapesManyChannels) {
  checkDepthwise(withChannels(depthwiseShapes(), 9), kernels());
}

// Small planes computed several channels at a time and one by one along
// their rows give the same bits (the same sums in the same order), so where
// a task's run of planes starts and ends cannot change a result.
TEST_P(Conv2dF32DepthwiseVariant, ChannelGroupsAndSinglePlanesGiveTheSameBits) {
  for (const ConvShape &shape :
       withChannels({withPads(conv(1, 1, 7, 7, 1, 1, 3), 1, 1, 1, 1),
                     withPads(withStride(conv(1, 1, 14, 14, 1, 1, 3), 2, 2), 1, 1, 1, 1),
                     withPads(withStride(conv(1, 1, 13, 9, 1, 1, 3), 1, 2), 0, 1, 2, 1),
                     withPads(withDilation(conv(1, 1, 11, 12, 1, 1, 5), 2, 1), 4, 2, 4, 2),
                     conv(1, 1, 5, 6, 1, 1, 1)},
                    19)) {
    const qc_conv2d_f32_desc d = shape.desc();
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    std::vector<float> input(d.batch * d.in_channels * d.in_height * d.in_width),
        weights(d.out_channels * d.kernel_height * d.kernel_width), bias(d.out_channels);
    for (std::vector<float> *v : {&input, &weights, &bias})
      for (float &x : *v)
        x = uniform(rng);
    const int64_t planes = d.batch * d.out_channels;
    std::vector<float> together(planes * d.out_height * d.out_width),
        alone(together.size(), kGuard);
    const qc_conv2d_f32_epilogue relu6 = {QC_EPILOGUE_CLAMP, 0.0f, 6.0f};
    kernel().planes(&d, input.data(), weights.data(), bias.data(), together.data(), relu6, 0,
                    planes);
    for (int64_t plane = 0; plane < planes; ++plane)
      kernel().planes(&d, input.data(), weights.data(), bias.data(), alone.data(), relu6, plane,
                      1);
    EXPECT_EQ(std::memcmp(together.data(), alone.data(), together.size() * sizeof(float)), 0)
        << kernel().name << " " << describeShape(d);
  }
}

TEST_P(Conv2dF32DepthwiseVariant, RowsWiderThanTheRing) {
  checkDepthwise(depthwiseWideRows(kernel()), kernels());
}

TEST_P(Conv2dF32DepthwiseVariant, KernelsForThePixelLoop) {
  for (const ConvShape &shape : depthwisePixelPath()) {
    qc_conv2d_f32_desc d = shape.desc();
    EXPECT_EQ(kernel().strip_columns(&d), 0) << describeShape(d);
  }
  checkDepthwise(depthwisePixelPath(), kernels());
}

// Many small planes: several planes per task, the ring's copies running
// into the next plane, the last rows of the tensor (a stride-2 row shorter
// than one deinterleave must not read past the input).
TEST_P(Conv2dF32DepthwiseVariant, ManyPlanes) {
  checkDepthwise({withPads(conv(2, 37, 7, 7, 37, 37, 3), 1, 1, 1, 1),
                  withPads(withStride(conv(1, 29, 14, 14, 29, 29, 3), 2, 2), 1, 1, 1, 1),
                  withPads(withStride(conv(1, 19, 13, 15, 19, 19, 3), 2, 2), 1, 1, 1, 1),
                  withPads(conv(1, 300, 3, 4, 300, 300, 3), 1, 1, 1, 1)},
                 kernels());
}

INSTANTIATE_TEST_SUITE_P(, Conv2dF32DepthwiseVariant, ::testing::ValuesIn(allDepthwiseVariants()),
                         [](const auto &info) { return std::string(info.param->name); });

// Portable micro-kernels of other tile heights, so that the im2col packer
// and the tile sink run with every height a variant may have, whatever this
// CPU supports: 14 (avx512's), 16 (QC_GEMM_F32_MAX_MR) and 5 (odd: the
// packer's generic path, a one-row tail in the sink).
template <int MR>
void portableTile(int64_t kc, const float *a, const float *b, float *c, int64_t ldc,
                  int accumulate) {
  float acc[MR][QC_GEMM_F32_NR];
  for (int r = 0; r < MR; ++r)
    for (int j = 0; j < QC_GEMM_F32_NR; ++j)
      acc[r][j] = accumulate ? c[r * ldc + j] : 0.0f;
  for (int64_t k = 0; k < kc; ++k, a += MR, b += QC_GEMM_F32_NR)
    for (int r = 0; r < MR; ++r)
      for (int j = 0; j < QC_GEMM_F32_NR; ++j)
        acc[r][j] += a[r] * b[j];
  for (int r = 0; r < MR; ++r)
    for (int j = 0; j < QC_GEMM_F32_NR; ++j)
      c[r * ldc + j] = acc[r][j];
}

const qc_gemm_f32_tiles kPortable14 = {"portable14", 0, 14, 140, 256, portableTile<14>};
const qc_gemm_f32_tiles kPortable16 = {"portable16", 0, 16, 128, 256, portableTile<16>};
const qc_gemm_f32_tiles kPortable5 = {"portable5", 0, 5, 100, 256, portableTile<5>};

TEST(Conv2dF32, EveryTileHeight) {
  std::vector<ConvShape> shapes = gemmShapes();
  shapes.push_back(withPads(conv(2, 37, 9, 8, 21, 1, 3), 1, 1, 1, 1)); // K = 333: two slices
  for (const qc_gemm_f32_tiles *tiles : {&kPortable14, &kPortable16, &kPortable5})
    for (const ConvShape &shape : shapes)
      for (int32_t epilogue : {QC_EPILOGUE_NONE, QC_EPILOGUE_CLAMP})
        Conv2dF32Problem(shape, epilogue == QC_EPILOGUE_CLAMP, epilogue).check({tiles, nullptr});
}

// The packed weights do not depend on the variant: one packing, every variant.
TEST(Conv2dF32, OnePackingServesEveryVariant) {
  for (const ConvShape &shape :
       {withPads(conv(2, 6, 9, 10, 38, 2, 3), 1, 1, 1, 1),
        withPads(conv(1, 40, 12, 13, 21, 1, 3), 1, 0, 1, 2)}) { // K = 360: two KC slices
    Conv2dF32Problem problem(shape, true, QC_EPILOGUE_NONE);
    const std::vector<float> packed = problem.packWeights();
    for (const qc_gemm_f32_tiles *tiles : allGemmVariants())
      if ((tiles->required_features & qc_cpu_features()) == tiles->required_features)
        problem.check({tiles, nullptr}, packed);
  }
}

// The packed layout is KernelABI.h's formula: per group, panels of 16 output
// channels (zero-padded), K tap-major rows of 16 floats.
TEST(Conv2dF32, PackedWeightsLayout) {
  for (const ConvShape &shape : {withPads(conv(1, 6, 5, 5, 10, 2, 3), 1, 1, 1, 1),
                                 conv(1, 3, 5, 5, 17, 1, 1), // 1x1, two panels
                                 {1, 4, 5, 6, 3, 1, 2, 3}}) { // non-square kernel
    Conv2dF32Problem problem(shape, false, QC_EPILOGUE_NONE);
    const qc_conv2d_f32_desc d = shape.desc();
    const int64_t icg = d.in_channels / d.groups, ocg = d.out_channels / d.groups;
    const int64_t taps = d.kernel_height * d.kernel_width, k = icg * taps;
    const int64_t panels = (ocg + 15) / 16;
    const std::vector<float> packed = problem.packWeights();
    ASSERT_EQ(int64_t(packed.size()), d.groups * panels * k * 16);
    ASSERT_EQ(qc_conv2d_f32_packed_weights_size(&d), d.groups * qc_gemm_f32_packed_b_size(k, ocg));
    const std::vector<float> &w = problem.onnxWeights();
    for (int64_t g = 0; g < d.groups; ++g)
      for (int64_t j = 0; j < panels * 16; ++j)
        for (int64_t kh = 0; kh < d.kernel_height; ++kh)
          for (int64_t kw = 0; kw < d.kernel_width; ++kw)
            for (int64_t ic = 0; ic < icg; ++ic) {
              const int64_t row = (kh * d.kernel_width + kw) * icg + ic;
              const float expected =
                  j < ocg ? w[(((g * ocg + j) * icg + ic) * d.kernel_height + kh) *
                                  d.kernel_width + kw]
                          : 0.0f;
              ASSERT_EQ(packed[((g * panels + j / 16) * k + row) * 16 + j % 16], expected)
                  << problem.describe() << " g=" << g << " j=" << j << " row=" << row;
            }
  }
}

// Depthwise weights stay in ONNX's layout: the packing is a copy.
TEST(Conv2dF32, PackedDepthwiseWeightsAreACopy) {
  Conv2dF32Problem problem(withPads(conv(1, 5, 9, 9, 5, 5, 3), 1, 1, 1, 1), false,
                           QC_EPILOGUE_NONE);
  EXPECT_EQ(problem.packWeights(), problem.onnxWeights());
}

TEST(Conv2dF32, PublicEntryPoint) {
  Conv2dF32Problem(withPads(conv(2, 6, 10, 12, 10, 2, 3), 1, 1, 1, 1), true, QC_EPILOGUE_CLAMP)
      .check({});
  Conv2dF32Problem(withPads(conv(1, 8, 10, 12, 8, 8, 3), 1, 1, 1, 1), true, QC_EPILOGUE_RELU)
      .check({});
}

// The compiler sizes the scratch by calling qc_conv2d_f32_scratch_size at
// compile time: it must not depend on the CPU or the thread count, only on
// the descriptor, and be 0 where no scratch is used.
TEST(Conv2dF32, ScratchSize) {
  // K = 576 > one KC slice: partial sums of one chunk of pixels (here all of
  // them), then the padded copy of the 64 channels: 58 rows of 58 (stride 1:
  // one phase of 56 + 2 entries).
  qc_conv2d_f32_desc resnetLayer = withPads(conv(1, 64, 56, 56, 64, 1, 3), 1, 1, 1, 1).desc();
  EXPECT_EQ(qc_conv2d_f32_chunk_pixels(&resnetLayer), 56 * 56);
  EXPECT_EQ(qc_conv2d_f32_padded(&resnetLayer).plane_stride, 58 * 58);
  EXPECT_EQ(qc_conv2d_f32_scratch_size(&resnetLayer), 56 * 56 * 64 + 64 * 58 * 58);

  // Stride 2: 2 phases of 28 + 1 entries per row, 2 * 27 + 3 rows.
  qc_conv2d_f32_desc strided =
      withPads(withStride(conv(1, 64, 56, 56, 128, 1, 3), 2, 2), 1, 1, 1, 1).desc();
  qc_conv2d_f32_padded_layout layout = qc_conv2d_f32_padded(&strided);
  EXPECT_EQ(layout.rows, 57);
  EXPECT_EQ(layout.phase_stride, 29);
  EXPECT_EQ(layout.row_stride, 58);
  EXPECT_EQ(qc_conv2d_f32_scratch_size(&strided), 28 * 28 * 128 + 64 * 57 * 58);

  // A padded copy larger than 1 MiB: bands of 160 output rows (162 padded
  // rows of 202): two bands for 200 rows.
  qc_conv2d_f32_desc large = withPads(conv(1, 8, 200, 200, 4, 1, 3), 1, 1, 1, 1).desc();
  EXPECT_EQ(qc_conv2d_f32_padded(&large).band_rows, 160);
  EXPECT_EQ(qc_conv2d_f32_scratch_size(&large), 8 * 162 * 202);

  // 1x1 stride 2: the padded copy is the subsampled input, 14 x 14.
  qc_conv2d_f32_desc downsample = withStride(conv(1, 128, 28, 28, 256, 1, 1), 2, 2).desc();
  EXPECT_EQ(qc_conv2d_f32_scratch_size(&downsample), 128 * 14 * 14);

  // Many channels: the chunk is a part of the pixels, a multiple of 48.
  qc_conv2d_f32_desc wide = conv(2, 300, 30, 30, 1024, 1, 1).desc();
  ASSERT_TRUE(qc_conv2d_f32_reads_input_directly(&wide));
  const int64_t chunk = qc_conv2d_f32_chunk_pixels(&wide);
  EXPECT_LT(chunk, 2 * 30 * 30);
  EXPECT_EQ(chunk % 48, 0);
  EXPECT_EQ(qc_conv2d_f32_scratch_size(&wide), chunk * 1024);
  EXPECT_LE(qc_conv2d_f32_scratch_size(&wide) * int64_t(sizeof(float)), 1 << 20);

  // Groups: one group's channels; 25 pixels x 15 channels rounded up to 16 floats.
  qc_conv2d_f32_desc grouped = withPads(conv(1, 64, 5, 5, 30, 2, 3), 1, 1, 1, 1).desc();
  EXPECT_EQ(qc_conv2d_f32_scratch_size(&grouped), 384 + 32 * 7 * 7);

  // K within one KC slice of every variant, input read directly: no scratch,
  // one driver call for the whole batch.
  qc_conv2d_f32_desc oneSlice = conv(2, QC_GEMM_F32_MIN_KC, 56, 56, 1024, 1, 1).desc();
  EXPECT_EQ(qc_conv2d_f32_scratch_size(&oneSlice), 0);
  EXPECT_EQ(qc_conv2d_f32_chunk_pixels(&oneSlice), 2 * 56 * 56);

  qc_conv2d_f32_desc depthwise = withPads(conv(1, 32, 56, 56, 32, 32, 3), 1, 1, 1, 1).desc();
  EXPECT_EQ(qc_conv2d_f32_scratch_size(&depthwise), 0);
}

// The scratch rule above relies on it.
TEST(Conv2dF32, EveryVariantsKcIsAtLeastTheMinimum) {
  for (const qc_gemm_f32_tiles *tiles : allGemmVariants())
    EXPECT_GE(tiles->kc, QC_GEMM_F32_MIN_KC) << tiles->name;
}

// Empty outputs and an empty batch are no-ops; zero input channels (K = 0)
// give the epilogue of the bias.
TEST(Conv2dF32, EmptyProblems) {
  qc_conv2d_f32_desc empty = conv(0, 3, 5, 5, 4, 1, 3).desc();
  EXPECT_EQ(qc_conv2d_f32_scratch_size(&empty), 0);
  qc_conv2d_f32(&empty, nullptr, nullptr, nullptr, nullptr, nullptr, QC_EPILOGUE_NONE, 0, 0);

  qc_conv2d_f32_desc noInput = conv(1, 0, 3, 3, 2, 1, 1).desc();
  const float bias[2] = {-1.0f, 2.0f};
  std::vector<float> output(2 * 9, kGuard);
  qc_conv2d_f32(&noInput, nullptr, nullptr, bias, output.data(), nullptr, QC_EPILOGUE_RELU, 0,
                0);
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(output[i], 0.0f);
    EXPECT_EQ(output[9 + i], 2.0f);
  }

  // The same with a padded 3x3 kernel: no padded copy, no scratch.
  qc_conv2d_f32_desc noInput3x3 = withPads(conv(2, 0, 3, 3, 2, 1, 3), 1, 1, 1, 1).desc();
  EXPECT_EQ(qc_conv2d_f32_scratch_size(&noInput3x3), 0);
  EXPECT_EQ(qc_conv2d_f32_packed_weights_size(&noInput3x3), 0);
  std::vector<float> output3x3(2 * 2 * 9, kGuard);
  qc_conv2d_f32(&noInput3x3, nullptr, nullptr, bias, output3x3.data(), nullptr,
                QC_EPILOGUE_NONE, 0, 0);
  for (int n = 0; n < 2; ++n)
    for (int i = 0; i < 9; ++i) {
      EXPECT_EQ(output3x3[n * 18 + i], -1.0f);
      EXPECT_EQ(output3x3[n * 18 + 9 + i], 2.0f);
    }
}

} // namespace
