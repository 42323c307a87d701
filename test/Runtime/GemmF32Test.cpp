//===- GemmF32Test.cpp - every float GEMM variant against a naive loop ----===//
//
// Each variant built for the target is forced explicitly (the CPU might pick
// another), over odd sizes that hit every edge of the MR x NR tiles and of the
// MC / KC blocks, padded strides, both B layouts, bias and every epilogue.
//
//===----------------------------------------------------------------------===//

#include "gemm_f32_tiles.h"

#include "quantc/Runtime/KernelABI.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

struct Shape {
  int64_t m, n, k;
};

struct Options {
  bool transposedB = false;
  bool bias = false;
  int32_t epilogue = QC_EPILOGUE_NONE;
  float clampMin = -0.5f, clampMax = 0.75f;
  int64_t extraLda = 0, extraLdc = 0;
};

// Written into the padding of C's rows: the kernels must leave it alone.
constexpr float kGuard = 12345.0f;

class GemmF32Problem {
public:
  GemmF32Problem(Shape shape, const Options &options) : shape(shape), options(options) {
    std::mt19937 rng(unsigned(shape.m * 10007 + shape.n * 101 + shape.k));
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    lda = shape.k + options.extraLda;
    ldc = shape.n + options.extraLdc;
    a.resize(shape.m * lda);
    for (float &x : a)
      x = uniform(rng);
    // B as the caller stores it: K x N, or N x K when transposed.
    ldb = options.transposedB ? shape.k : shape.n;
    b.resize(shape.k * shape.n);
    for (float &x : b)
      x = uniform(rng);
    bias.resize(shape.n);
    for (float &x : bias)
      x = uniform(rng);
  }

  // Runs `tiles` (the public entry point if null) and checks every element of
  // C, and that the row padding of C is untouched.
  void check(const qc_gemm_f32_tiles *tiles) const {
    std::vector<float> packed(qc_gemm_f32_packed_b_size(shape.k, shape.n));
    qc_gemm_f32_pack_b(b.data(), shape.k, shape.n, ldb, options.transposedB, packed.data());
    std::vector<float> c(shape.m * ldc, kGuard);
    qc_gemm_f32_params params = {};
    params.m = shape.m;
    params.n = shape.n;
    params.k = shape.k;
    params.a = a.data();
    params.lda = lda;
    params.packed_b = packed.data();
    params.bias = options.bias ? bias.data() : nullptr;
    params.c = c.data();
    params.ldc = ldc;
    params.epilogue = options.epilogue;
    params.clamp_min = options.clampMin;
    params.clamp_max = options.clampMax;
    if (tiles)
      qc_gemm_f32_with_tiles(&params, tiles);
    else
      qc_gemm_f32(&params);
    const char *name = tiles ? tiles->name : "qc_gemm_f32";

    int reported = 0;
    for (int64_t i = 0; i < shape.m; ++i) {
      for (int64_t j = 0; j < ldc; ++j) {
        float actual = c[i * ldc + j];
        if (j >= shape.n) {
          ASSERT_EQ(actual, kGuard) << "C padding written at (" << i << ", " << j << ")";
          continue;
        }
        double magnitude;
        double expected = reference(i, j, magnitude);
        // float accumulation of k products: error grows with k and with the
        // magnitude of the terms (not of their possibly cancelling sum).
        double tolerance = 2.0 * (shape.k + 2) * FLT_EPSILON * (magnitude + 1e-30);
        if (std::fabs(actual - expected) > tolerance && reported++ < 5)
          ADD_FAILURE() << name << " " << describe() << ": C(" << i << ", " << j
                        << ") = " << actual << ", expected " << expected << " +- " << tolerance;
      }
    }
  }

  std::string describe() const {
    return "M=" + std::to_string(shape.m) + " N=" + std::to_string(shape.n) +
           " K=" + std::to_string(shape.k) + (options.transposedB ? " transB" : "") +
           (options.bias ? " bias" : "") + " epilogue=" + std::to_string(options.epilogue);
  }

private:
  float bAt(int64_t k, int64_t j) const {
    return options.transposedB ? b[j * ldb + k] : b[k * ldb + j];
  }

  // The triple loop in double; `magnitude` receives sum |a b| + |bias|.
  double reference(int64_t i, int64_t j, double &magnitude) const {
    double sum = 0, absSum = 0;
    for (int64_t k = 0; k < shape.k; ++k) {
      double product = double(a[i * lda + k]) * bAt(k, j);
      sum += product;
      absSum += std::fabs(product);
    }
    if (options.bias) {
      sum += bias[j];
      absSum += std::fabs(bias[j]);
    }
    magnitude = absSum;
    if (options.epilogue == QC_EPILOGUE_RELU)
      return std::max(sum, 0.0);
    if (options.epilogue == QC_EPILOGUE_CLAMP)
      return std::min(std::max(sum, double(options.clampMin)), double(options.clampMax));
    return sum;
  }

  Shape shape;
  Options options;
  int64_t lda, ldb, ldc;
  std::vector<float> a, b, bias;
};

std::vector<const qc_gemm_f32_tiles *> allVariants() {
  size_t count;
  const qc_gemm_f32_tiles *const *tiles = qc_gemm_f32_all_tiles(&count);
  return {tiles, tiles + count};
}

class GemmF32Variant : public ::testing::TestWithParam<const qc_gemm_f32_tiles *> {
protected:
  void SetUp() override {
    uint64_t missing = tiles().required_features & ~qc_cpu_features();
    if (missing)
      GTEST_SKIP() << "this CPU lacks features 0x" << std::hex << missing << " of "
                   << tiles().name;
  }
  const qc_gemm_f32_tiles &tiles() const { return *GetParam(); }
};

const int64_t kOddSizes[] = {1, 2, 3, 5, 7, 13, 15, 16, 17, 31, 33, 64, 100};

// Every M x N x K combination of the odd sizes, plain row-major operands.
TEST_P(GemmF32Variant, OddSizes) {
  for (int64_t m : kOddSizes)
    for (int64_t n : kOddSizes)
      for (int64_t k : kOddSizes)
        GemmF32Problem({m, n, k}, Options()).check(&tiles());
}

// Strides larger than the rows, both B layouts.
TEST_P(GemmF32Variant, PaddedStridesAndTransposedB) {
  for (bool transposedB : {false, true})
    for (Shape shape : {Shape{1, 1, 1}, Shape{7, 17, 5}, Shape{15, 33, 31}, Shape{33, 16, 100}}) {
      Options options;
      options.transposedB = transposedB;
      options.extraLda = 3;
      options.extraLdc = 5;
      GemmF32Problem(shape, options).check(&tiles());
    }
}

TEST_P(GemmF32Variant, BiasAndEveryEpilogue) {
  for (int32_t epilogue : {QC_EPILOGUE_NONE, QC_EPILOGUE_RELU, QC_EPILOGUE_CLAMP})
    for (bool bias : {false, true})
      for (Shape shape : {Shape{1, 1, 1}, Shape{5, 13, 7}, Shape{17, 31, 64}, Shape{100, 33, 3}}) {
        Options options;
        options.epilogue = epilogue;
        options.bias = bias;
        options.extraLdc = 2;
        GemmF32Problem(shape, options).check(&tiles());
      }
}

// Larger than one MC x KC block in every direction, so that partial sums are
// carried across KC slices and the epilogue runs only after the last one.
TEST_P(GemmF32Variant, SeveralCacheBlocks) {
  Options options;
  options.bias = true;
  options.epilogue = QC_EPILOGUE_RELU;
  options.extraLda = 1;
  options.extraLdc = 1;
  GemmF32Problem({tiles().mc * 2 + 3, 3 * QC_GEMM_F32_NR + 5, tiles().kc * 2 + 7}, options)
      .check(&tiles());
}

// K = 0: C is the epilogue of the bias alone.
TEST_P(GemmF32Variant, EmptyProduct) {
  for (bool bias : {false, true}) {
    Options options;
    options.bias = bias;
    options.epilogue = QC_EPILOGUE_CLAMP;
    GemmF32Problem({3, 20, 0}, options).check(&tiles());
  }
}

INSTANTIATE_TEST_SUITE_P(, GemmF32Variant, ::testing::ValuesIn(allVariants()),
                         [](const auto &info) { return std::string(info.param->name); });

TEST(GemmF32, PublicEntryPoint) {
  Options options;
  options.bias = true;
  options.epilogue = QC_EPILOGUE_RELU;
  GemmF32Problem({37, 41, 300}, options).check(nullptr);
}

} // namespace
