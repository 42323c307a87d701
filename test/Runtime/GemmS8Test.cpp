//===- GemmS8Test.cpp - every int8 GEMM variant against a naive loop ------===//
//
// Each variant built for the target is forced explicitly, over odd sizes that
// hit every edge of the tiles and of the MC / KC blocks, every combination of
// the flags (uint8 / int8 A, uint8 / int8 / int32 C), per-tensor and
// per-channel requantization, clamps, padded strides and both B layouts.
// Results must be exact: the reference is the plain triple loop in 64-bit
// integers and the requantization written in 128-bit arithmetic. A variant
// exact only on some weights (exact_for_b: avx2_maddubs) gets 7-bit weights,
// and every check asserts that it runs exactly when the weights' k pairs fit
// (else its fallback); weights at and just past that limit are checked on
// their own.
//
//===----------------------------------------------------------------------===//

#include "gemm_s8_tiles.h"

#include "quantc/Runtime/KernelABI.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <utility>
#include <random>
#include <string>
#include <vector>

namespace {

struct Shape {
  int64_t m, n, k;
};

struct Options {
  int32_t flags = 0;
  bool perChannel = false;
  bool bias = true;
  bool transposedB = false;
  bool narrowClamp = false; // a fused Relu-like clamp instead of the storage range
  // With narrowClamp, keep only its lower (a fused Relu) or upper bound, the
  // other at the end of the storage range.
  bool lowerBoundOnly = false, upperBoundOnly = false;
  int64_t extraLda = 0, extraLdc = 0;
  // Codes drawn only from the ends of their ranges: the largest products.
  bool extremes = false;
  // Scales of 0.5 and more (shifts of 31 and less) on every other channel,
  // or on the only one: the requantizers' path for any shift.
  bool largeScales = false;
  // Scales of 0.12 to 0.48 (shifts of 32 and more, the requantizers' usual
  // path) on every channel: most outputs far outside the 8-bit range (|x| up
  // to 10^5), left for the clamp.
  bool saturatingScales = false;
  // When >= 0, shifts at both ends of the vector requantizers' 32-bit form
  // (qc_requant_high_applies: 33 to 53) and just outside it: channel j takes
  // kBoundaryShifts[(boundaryShifts + j) % 4] (scales of about 0.3 and 2^-22).
  int boundaryShifts = -1;
  // The range of B's codes (7-bit [-64, 64] for the variants exact only on
  // weights whose pairs fit, exact_for_b).
  int weightMin = -128, weightMax = 127;
};

constexpr int32_t kBoundaryShifts[4] = {32, 33, 53, 54};

// Whether every pair (k, k + 1), k even, of every column of B (K x N, element
// (k, j) at bAt(k, j)) has positive weights summing to at most 128 and
// negative ones to at least -128: the pairs vpmaddubsw adds in int16.
template <typename Element>
bool pairsFit(int64_t k, int64_t n, Element bAt) {
  for (int64_t j = 0; j < n; ++j)
    for (int64_t kk = 0; kk < k; kk += 2) {
      const int w0 = bAt(kk, j), w1 = kk + 1 < k ? bAt(kk + 1, j) : 0;
      if (std::max(w0, 0) + std::max(w1, 0) > 128 || std::min(w0, 0) + std::min(w1, 0) < -128)
        return false;
    }
  return true;
}

constexpr uint8_t kGuard = 0xA5; // in C's row padding: must stay

// floor(acc * m / 2^s + 1/2) + zp, clamped, in 128-bit arithmetic.
int32_t requantize(int64_t acc, int32_t m, int32_t s, int32_t zp, int32_t lo, int32_t hi) {
  __int128 numerator = __int128(acc) * m * 2 + (__int128(1) << s);
  __int128 denominator = __int128(1) << (s + 1);
  __int128 quotient = numerator / denominator;
  if (numerator % denominator != 0 && numerator < 0)
    quotient -= 1;
  __int128 x = quotient + zp;
  return int32_t(x < lo ? lo : x > hi ? hi : x);
}

class GemmS8Problem {
public:
  GemmS8Problem(Shape shape, const Options &options) : shape(shape), options(options) {
    std::mt19937 rng(unsigned(shape.m * 10007 + shape.n * 101 + shape.k + options.flags));
    const bool aSigned = options.flags & QC_INT8_A_SIGNED;
    std::uniform_int_distribution<int> aCode(aSigned ? -128 : 0, aSigned ? 127 : 255);
    std::uniform_int_distribution<int> bCode(options.weightMin, options.weightMax);
    std::uniform_int_distribution<int> coin(0, 1);
    lda = shape.k + options.extraLda;
    a.resize(std::max<int64_t>(shape.m * lda, 1));
    for (uint8_t &x : a) {
      int v = options.extremes ? (coin(rng) ? aCode.min() : aCode.max()) : aCode(rng);
      x = uint8_t(v);
    }
    ldb = options.transposedB ? shape.k : shape.n;
    b.resize(std::max<int64_t>(shape.k * shape.n, 1));
    for (int8_t &x : b)
      x = int8_t(options.extremes ? (coin(rng) ? bCode.min() : bCode.max()) : bCode(rng));
    std::uniform_int_distribution<int32_t> biasValue(-100000, 100000);
    bias.resize(shape.n);
    for (int32_t &x : bias)
      x = biasValue(rng);
    // Scales that spread the outputs over the 8-bit range: the accumulators
    // are about 128 * 64 * sqrt(K) (uint8 A) in magnitude.
    const int64_t channels = options.perChannel ? shape.n : 1;
    std::uniform_real_distribution<double> factor(0.5, 2.0);
    for (int64_t j = 0; j < channels; ++j) {
      int32_t m, s;
      double scale = factor(rng) * 40.0 / (128.0 * 64.0 * std::sqrt(double(shape.k) + 1.0));
      if (options.largeScales && j % 2 == 0)
        scale = factor(rng) * double(1 + j % 7); // 0.5 to 14
      if (options.saturatingScales)
        scale = factor(rng) * 0.24;
      if (options.boundaryShifts >= 0) // m / 2^s with m in [2^30, 2^31): 2^(s-31) <= 1/scale < 2^(s-30)
        scale = std::ldexp(std::uniform_real_distribution<double>(1.0, 1.99)(rng),
                           30 - kBoundaryShifts[(options.boundaryShifts + j) % 4]);

      EXPECT_EQ(qc_requant_multiplier(scale, &m, &s), 0);
      if (options.boundaryShifts >= 0)
        EXPECT_EQ(s, kBoundaryShifts[(options.boundaryShifts + j) % 4]) << "scale " << scale;
      multiplier.push_back(m);
      shift.push_back(s);
    }
    const bool cSigned = options.flags & QC_INT8_C_SIGNED;
    zeroPoint = cSigned ? -7 : 131;
    clampMin = cSigned ? -128 : 0;
    clampMax = cSigned ? 127 : 255;
    if (options.narrowClamp) {
      if (!options.upperBoundOnly)
        clampMin = zeroPoint;
      if (!options.lowerBoundOnly)
        clampMax = zeroPoint + 60;
    }
  }

  // Sets B's element (k, j).
  void setB(int64_t k, int64_t j, int8_t value) {
    (options.transposedB ? b[j * ldb + k] : b[k * ldb + j]) = value;
  }

  bool weightPairsFit() const {
    return pairsFit(shape.k, shape.n, [this](int64_t k, int64_t j) { return int(bAt(k, j)); });
  }

  // Runs `tiles` (the public entry point if null) and checks every element,
  // and that a variant exact only on some weights runs exactly when the
  // weights' pairs fit.
  void check(const qc_gemm_s8_tiles *tiles) const {
    std::vector<uint8_t> packed(qc_gemm_s8_packed_b_size(shape.k, shape.n) + 1);
    qc_gemm_s8_pack_b(b.data(), shape.k, shape.n, ldb, options.transposedB, packed.data());
    const qc_gemm_s8_tiles *chosen = tiles ? tiles : qc_gemm_s8_select_tiles(qc_cpu_features());
    EXPECT_EQ(qc_gemm_s8_packed_b_pairs_fit(packed.data(), shape.k, shape.n), weightPairsFit())
        << describe();
    if (chosen->exact_for_b)
      EXPECT_EQ(qc_gemm_s8_tiles_for_b(chosen, packed.data(), shape.k, shape.n, 0),
                weightPairsFit() ? chosen : chosen->fallback)
          << describe();
    const bool int32Out = options.flags & QC_INT8_C_INT32;
    const int64_t elementBytes = int32Out ? 4 : 1;
    const int64_t ldc = shape.n + options.extraLdc;
    std::vector<uint8_t> c(std::max<int64_t>(shape.m * ldc * elementBytes, 1), kGuard);
    const int32_t *biasData = options.bias ? bias.data() : nullptr;
    if (tiles)
      qc_gemm_s8_with_tiles(shape.m, shape.n, shape.k, a.data(), lda, packed.data(), biasData,
                            multiplier.data(), shift.data(), options.perChannel, zeroPoint,
                            clampMin, clampMax, options.flags, c.data(), ldc, tiles);
    else
      qc_gemm_s8(shape.m, shape.n, shape.k, a.data(), lda, packed.data(), biasData,
                 multiplier.data(), shift.data(), options.perChannel, zeroPoint, clampMin,
                 clampMax, options.flags, c.data(), ldc);
    const char *name = tiles ? tiles->name : "qc_gemm_s8";
    int reported = 0;
    for (int64_t i = 0; i < shape.m; ++i) {
      for (int64_t j = 0; j < ldc; ++j) {
        const uint8_t *at = c.data() + (i * ldc + j) * elementBytes;
        if (j >= shape.n) {
          for (int64_t byte = 0; byte < elementBytes; ++byte)
            ASSERT_EQ(at[byte], kGuard) << "C padding written at (" << i << ", " << j << ")";
          continue;
        }
        int64_t expected = expect(i, j);
        int64_t actual;
        if (int32Out) {
          int32_t x;
          std::memcpy(&x, at, 4);
          actual = x;
        } else {
          actual = options.flags & QC_INT8_C_SIGNED ? int64_t(int8_t(*at)) : int64_t(*at);
        }
        if (actual != expected && reported++ < 5)
          ADD_FAILURE() << name << " " << describe() << ": C(" << i << ", " << j
                        << ") = " << actual << ", expected " << expected;
      }
    }
  }

  std::string describe() const {
    return "M=" + std::to_string(shape.m) + " N=" + std::to_string(shape.n) +
           " K=" + std::to_string(shape.k) + " flags=" + std::to_string(options.flags) +
           (options.perChannel ? " per-channel" : "") + (options.transposedB ? " transB" : "") +
           (options.bias ? " bias" : "") + (options.narrowClamp ? " clamp" : "") + (options.lowerBoundOnly ? " lower-only" : "") +
           (options.upperBoundOnly ? " upper-only" : "");
  }

private:
  int64_t aAt(int64_t i, int64_t k) const {
    uint8_t code = a[i * lda + k];
    return options.flags & QC_INT8_A_SIGNED ? int64_t(int8_t(code)) : int64_t(code);
  }
  int64_t bAt(int64_t k, int64_t j) const {
    return options.transposedB ? b[j * ldb + k] : b[k * ldb + j];
  }

  int64_t expect(int64_t i, int64_t j) const {
    int64_t acc = options.bias ? bias[j] : 0;
    for (int64_t k = 0; k < shape.k; ++k)
      acc += aAt(i, k) * bAt(k, j);
    if (options.flags & QC_INT8_C_INT32)
      return acc;
    const int64_t c = options.perChannel ? j : 0;
    return requantize(acc, multiplier[c], shift[c], zeroPoint, clampMin, clampMax);
  }

  Shape shape;
  Options options;
  int64_t lda, ldb;
  std::vector<uint8_t> a;
  std::vector<int8_t> b;
  std::vector<int32_t> bias, multiplier, shift;
  int32_t zeroPoint, clampMin, clampMax;
};

std::vector<const qc_gemm_s8_tiles *> allVariants() {
  size_t count;
  const qc_gemm_s8_tiles *const *tiles = qc_gemm_s8_all_tiles(&count);
  return {tiles, tiles + count};
}

class GemmS8Variant : public ::testing::TestWithParam<const qc_gemm_s8_tiles *> {
protected:
  void SetUp() override {
    uint64_t missing = tiles().required_features & ~qc_cpu_features();
    if (missing)
      GTEST_SKIP() << "this CPU lacks features 0x" << std::hex << missing << " of "
                   << tiles().name;
  }
  const qc_gemm_s8_tiles &tiles() const { return *GetParam(); }
  // Weights the variant's own tiles are exact on: 7-bit for a variant exact
  // only on some weights, so that its tiles, not its fallback, run.
  Options defaults() const {
    Options options;
    if (tiles().exact_for_b) {
      options.weightMin = -64;
      options.weightMax = 64;
    }
    return options;
  }
};

const int32_t kAllFlags[] = {0,
                             QC_INT8_A_SIGNED,
                             QC_INT8_C_SIGNED,
                             QC_INT8_A_SIGNED | QC_INT8_C_SIGNED,
                             QC_INT8_C_INT32,
                             QC_INT8_A_SIGNED | QC_INT8_C_INT32};

const int64_t kOddSizes[] = {1, 2, 3, 5, 7, 13, 16, 17, 33, 100};

TEST_P(GemmS8Variant, OddSizes) {
  for (int64_t m : kOddSizes)
    for (int64_t n : kOddSizes)
      for (int64_t k : kOddSizes)
        GemmS8Problem({m, n, k}, defaults()).check(&tiles());
}

TEST_P(GemmS8Variant, EveryFlagCombination) {
  for (int32_t flags : kAllFlags)
    for (bool perChannel : {false, true})
      for (Shape shape : {Shape{1, 1, 1}, Shape{7, 17, 5}, Shape{13, 33, 31}, Shape{19, 16, 64}}) {
        Options options = defaults();
        options.flags = flags;
        options.perChannel = perChannel;
        GemmS8Problem(shape, options).check(&tiles());
      }
}

TEST_P(GemmS8Variant, ClampsStridesTransposedBAndNoBias) {
  for (int32_t flags : kAllFlags)
    for (bool transposedB : {false, true})
      for (Shape shape : {Shape{1, 1, 1}, Shape{7, 17, 5}, Shape{15, 33, 31}}) {
        Options options = defaults();
        options.flags = flags;
        options.transposedB = transposedB;
        options.narrowClamp = true;
        options.bias = !transposedB;
        options.perChannel = transposedB;
        options.extraLda = 3;
        options.extraLdc = 5;
        GemmS8Problem(shape, options).check(&tiles());
      }
}

// Larger than one MC x KC block in every direction, and more panels than one
// task keeps partial sums for: tiles accumulate across KC slices.
TEST_P(GemmS8Variant, SeveralCacheBlocks) {
  for (int32_t flags : kAllFlags) {
    Options options = defaults();
    options.flags = flags;
    options.perChannel = true;
    options.extraLda = 1;
    options.extraLdc = 1;
    GemmS8Problem({tiles().mc * 2 + 3, 20 * QC_GEMM_S8_NR + 5, tiles().kc * 2 + 7}, options)
        .check(&tiles());
  }
}

// Clamp bounds at the ends of the storage range (which the AVX2 requantizer
// leaves to its saturating packs), one of them or both, with outputs that
// reach far past the 8-bit range, and past int16's.
TEST_P(GemmS8Variant, SaturatingOutputsAndOneSidedClamps) {
  for (int32_t flags : {0, QC_INT8_C_SIGNED, QC_INT8_A_SIGNED})
    for (int bounds = 0; bounds < 3; ++bounds) { /* none, lower only, upper only */
      Options options = defaults();
      options.flags = flags;
      options.perChannel = bounds == 1;
      options.saturatingScales = true;
      options.narrowClamp = bounds != 0;
      options.lowerBoundOnly = bounds == 1;
      options.upperBoundOnly = bounds == 2;
      GemmS8Problem({13, 33, 40}, options).check(&tiles());
    }
}

// A shallow K packs more than mc rows at once (as many as fill the A buffer):
// several such blocks, the last one partial, over M.
TEST_P(GemmS8Variant, ShallowDepthTallBlocks) {
  const int64_t k = 20, aBytes = tiles().wide_a ? 2 : 1;
  const int64_t rowsPerBlock = QC_GEMM_S8_A_BLOCK_BYTES / (k * aBytes) / tiles().mr * tiles().mr;
  ASSERT_GT(rowsPerBlock, tiles().mc);
  for (int32_t flags : {0, QC_INT8_A_SIGNED | QC_INT8_C_SIGNED, QC_INT8_C_INT32}) {
    Options options = defaults();
    options.flags = flags;
    options.perChannel = true;
    options.extraLda = 1;
    GemmS8Problem({rowsPerBlock * 2 + 7, 2 * QC_GEMM_S8_NR + 5, k}, options).check(&tiles());
  }
}

// Only the largest codes, over a long K: every int16 pair sum and int32
// accumulation the kernels make must be exact (vpmaddubsw's would saturate
// on 8-bit weights; on the 7-bit ones of its variant, 255 * (64 + 64) is its
// largest exact pair sum).
TEST_P(GemmS8Variant, FullRangeCodesAreExact) {
  for (int32_t flags : {QC_INT8_C_INT32, QC_INT8_A_SIGNED | QC_INT8_C_INT32, 0,
                        QC_INT8_A_SIGNED | QC_INT8_C_SIGNED})
    for (Shape shape : {Shape{9, 20, 1}, Shape{9, 20, 2}, Shape{9, 33, 1531}}) {
      Options options = defaults();
      options.flags = flags;
      options.extremes = true;
      GemmS8Problem(shape, options).check(&tiles());
    }
}

TEST_P(GemmS8Variant, LargeScales) {
  for (int32_t flags : kAllFlags)
    for (bool perChannel : {false, true})
      for (Shape shape : {Shape{5, 16, 3}, Shape{13, 33, 20}}) {
        Options options = defaults();
        options.flags = flags;
        options.perChannel = perChannel;
        options.largeScales = true;
        options.narrowClamp = perChannel;
        GemmS8Problem(shape, options).check(&tiles());
      }
}

// The largest codes over a long K (accumulators near 2^24, so that shifts
// of 53 still give codes other than the zero point), with shifts at the ends
// of the vector requantizers' 32-bit form and just outside it: per channel
// (panels mixing both forms) and per tensor (each form alone).
TEST_P(GemmS8Variant, RequantizationShiftBoundaries) {
  for (int32_t flags : {0, QC_INT8_A_SIGNED | QC_INT8_C_SIGNED})
    for (int first = 0; first < 4; ++first)
      for (bool perChannel : {true, false}) {
        Options options;
        options.flags = flags;
        options.perChannel = perChannel;
        options.extremes = true;
        options.boundaryShifts = first;
        GemmS8Problem({7, 2 * QC_GEMM_S8_NR, 1531}, options).check(&tiles());
      }
}

// K = 0: every accumulator is the bias.
TEST_P(GemmS8Variant, EmptyProduct) {
  for (int32_t flags : kAllFlags) {
    Options options = defaults();
    options.flags = flags;
    GemmS8Problem({3, 20, 0}, options).check(&tiles());
  }
}

// Weight pairs (k, k + 1), k even, at the limit of vpmaddubsw's exactness
// (positive parts summing to 128, negative ones to -128), in turn over the
// pairs of each column, the other weights 7-bit; and pairs that straddle two
// k pairs (k odd), which vpmaddubsw never adds together. Extreme
// activations: a = 255 (or 127) against the positive weights of a pair. Every
// variant is exact; one exact only on some weights runs its own tiles
// (check()).
const std::pair<int, int> kPairsAtTheLimit[] = {{127, 1}, {1, 127},    {64, 64},   {-64, -64},
                                                {-128, 0}, {0, -128},  {127, -128}, {-128, 127},
                                                {-1, -127}, {100, 28}, {-100, 100}};

void setPairs(GemmS8Problem &problem, Shape shape, int64_t firstK) {
  size_t next = 0;
  for (int64_t j = 0; j < shape.n; ++j)
    for (int64_t k = firstK; k + 1 < shape.k; k += 2, ++next) {
      const std::pair<int, int> pair = kPairsAtTheLimit[next % std::size(kPairsAtTheLimit)];
      problem.setB(k, j, int8_t(pair.first));
      problem.setB(k + 1, j, int8_t(pair.second));
    }
}

TEST_P(GemmS8Variant, WeightPairsAtTheLimit) {
  for (int32_t flags : {0, QC_INT8_A_SIGNED, QC_INT8_C_INT32, QC_INT8_A_SIGNED | QC_INT8_C_INT32})
    for (Shape shape : {Shape{7, 17, 6}, Shape{13, 35, 41}, Shape{9, 20, tiles().kc + 10}}) {
      Options options = defaults();
      options.flags = flags;
      options.extremes = true;
      GemmS8Problem problem(shape, options);
      setPairs(problem, shape, 0);
      ASSERT_TRUE(problem.weightPairsFit());
      problem.check(&tiles());
      // Shifted by one k: (127, 1) and (1, 127) put 127 + 127 in k pairs.
      GemmS8Problem straddling(shape, options);
      setPairs(straddling, shape, 1);
      EXPECT_FALSE(straddling.weightPairsFit());
      straddling.check(&tiles());
    }
}

// One pair just past the limit among 7-bit weights, in the first column, in
// the last (partial) panel, or in the group K ends in: a variant exact only
// on some weights must give way to its fallback (check()), and every result
// stays exact.
TEST_P(GemmS8Variant, OneWeightPairPastTheLimit) {
  const std::pair<int, int> pastTheLimit[] = {{127, 2}, {2, 127}, {-128, -1}, {-65, -64}, {65, 64}};
  const Shape shape{11, 37, 43};
  for (int32_t flags : {0, QC_INT8_A_SIGNED | QC_INT8_C_SIGNED, QC_INT8_C_INT32})
    for (const std::pair<int, int> &pair : pastTheLimit)
      for (std::pair<int64_t, int64_t> at : {std::pair<int64_t, int64_t>{0, 0}, {20, 36}, {40, 5}}) {
        Options options = defaults();
        options.flags = flags;
        options.extremes = true;
        GemmS8Problem problem(shape, options);
        problem.setB(at.first, at.second, int8_t(pair.first));
        problem.setB(at.first + 1, at.second, int8_t(pair.second));
        ASSERT_EQ(problem.weightPairsFit(), false) << pair.first << " " << pair.second;
        problem.check(&tiles());
      }
}

// The reason for the fallback: on a pair past the limit the tiles of a
// variant exact only on some weights saturate (a = 255, 255 against 127, 2:
// 32895 > 32767), so the exact results above came from the fallback.
TEST_P(GemmS8Variant, TilesSaturatePastTheLimit) {
  if (!tiles().exact_for_b)
    GTEST_SKIP() << tiles().name << " is exact on every weight";
  ASSERT_EQ(tiles().unsigned_activations, 1);
  ASSERT_EQ(tiles().wide_a, 0);
  std::vector<int8_t> b(4 * QC_GEMM_S8_NR, 0);
  b[0 * QC_GEMM_S8_NR] = 127; // column 0: k = 0, 1
  b[1 * QC_GEMM_S8_NR] = 2;
  b[0 * QC_GEMM_S8_NR + 1] = 127; // column 1: 127, 1, at the limit
  b[1 * QC_GEMM_S8_NR + 1] = 1;
  std::vector<uint8_t> packed(qc_gemm_s8_packed_b_size(4, QC_GEMM_S8_NR));
  qc_gemm_s8_pack_b(b.data(), 4, QC_GEMM_S8_NR, QC_GEMM_S8_NR, 0, packed.data());
  EXPECT_EQ(tiles().exact_for_b(packed.data(), 4, QC_GEMM_S8_NR), 0);
  std::vector<uint8_t> a(tiles().mr * QC_GEMM_S8_KR, 255);
  std::vector<int32_t> c(tiles().mr * QC_GEMM_S8_NR);
  tiles().tile(4, a.data(), packed.data() + 4 * QC_GEMM_S8_NR, c.data(), QC_GEMM_S8_NR, 0);
  EXPECT_EQ(c[0], 32767);           // not 255 * 129
  EXPECT_EQ(c[1], 255 * 128);       // exact at the limit
  EXPECT_EQ(c[2], 0);
}

INSTANTIATE_TEST_SUITE_P(, GemmS8Variant, ::testing::ValuesIn(allVariants()),
                         [](const auto &info) { return std::string(info.param->name); });

TEST(GemmS8, EveryVariantHasAFullSlice) {
  for (const qc_gemm_s8_tiles *tiles : allVariants()) {
    EXPECT_GE(tiles->kc, QC_GEMM_S8_MIN_KC) << tiles->name;
    EXPECT_LE(tiles->kc, QC_GEMM_S8_MAX_KC) << tiles->name;
    EXPECT_EQ(tiles->kc % QC_GEMM_S8_KR, 0) << tiles->name;
    EXPECT_EQ(tiles->mc % tiles->mr, 0) << tiles->name;
    EXPECT_LE(tiles->mr, QC_GEMM_S8_MAX_MR) << tiles->name;
  }
}

TEST(GemmS8, PackedLayout) {
  // K = 5 (rounded to 8), N = 17 (two panels): sums, then groups of 4 k.
  const int64_t k = 5, n = 17;
  std::vector<int8_t> b(k * n);
  for (int64_t i = 0; i < k * n; ++i)
    b[i] = int8_t(i % 251 - 120);
  ASSERT_EQ(qc_gemm_s8_packed_b_size(k, n), 2 * (4 * 16 + 8 * 16));
  std::vector<int8_t> packed(qc_gemm_s8_packed_b_size(k, n));
  qc_gemm_s8_pack_b(b.data(), k, n, n, 0, packed.data());
  for (int64_t j = 0; j < 32; ++j) {
    const int8_t *panel = packed.data() + (j / 16) * (4 * 16 + 8 * 16);
    int32_t sum = 0, stored;
    for (int64_t kk = 0; kk < 8; ++kk) {
      const int8_t expected = kk < k && j < n ? b[kk * n + j] : 0;
      EXPECT_EQ(panel[64 + (kk / 4) * 64 + (j % 16) * 4 + kk % 4], expected) << j << " " << kk;
      sum += expected;
    }
    std::memcpy(&stored, panel + 4 * (j % 16), 4);
    EXPECT_EQ(stored, sum) << j;
  }
}

TEST(GemmS8, PublicEntryPoint) {
  for (int32_t flags : kAllFlags)
    for (int weightMin : {-128, -64}) { // 8-bit and 7-bit weights (check(): the variant chosen)
      Options options;
      options.flags = flags;
      options.perChannel = true;
      options.weightMin = weightMin;
      options.weightMax = -weightMin - (weightMin == -128);
      GemmS8Problem({37, 41, 300}, options).check(nullptr);
    }
}

// QC_INT8_B_PAIRS_FIT on weights whose pairs fit: the same results, the
// variant taken without a check.
TEST(GemmS8, PairsFitFlag) {
  for (int32_t flags : kAllFlags) {
    Options options;
    options.flags = flags | QC_INT8_B_PAIRS_FIT;
    options.perChannel = true;
    options.weightMin = -64;
    options.weightMax = 64;
    GemmS8Problem({37, 41, 300}, options).check(nullptr);
  }
}

#if defined(__x86_64__)
// On AVX2, 7-bit weights take the vpmaddubsw variant, 8-bit ones its fallback.
TEST(GemmS8, SevenBitWeightsTakeVpmaddubswOnAvx2) {
  if (!(qc_cpu_features() & QC_CPU_X86_AVX2))
    GTEST_SKIP() << "no AVX2";
  const qc_gemm_s8_tiles *selected = qc_gemm_s8_select_tiles(qc_cpu_features());
  ASSERT_EQ(selected, &qc_gemm_s8_tiles_avx2_maddubs);
  EXPECT_EQ(selected->fallback, &qc_gemm_s8_tiles_avx2);
  const int64_t k = 30, n = 20;
  std::vector<int8_t> b(k * n);
  for (int64_t i = 0; i < k * n; ++i)
    b[i] = int8_t(i % 129 - 64);
  std::vector<uint8_t> packed(qc_gemm_s8_packed_b_size(k, n));
  qc_gemm_s8_pack_b(b.data(), k, n, n, 0, packed.data());
  EXPECT_EQ(qc_gemm_s8_tiles_for_b(selected, packed.data(), k, n, 0), selected);
  b[29 * n + 19] = 127; // the last pair of the last column: 127 + 64
  b[28 * n + 19] = 64;
  qc_gemm_s8_pack_b(b.data(), k, n, n, 0, packed.data());
  EXPECT_EQ(qc_gemm_s8_tiles_for_b(selected, packed.data(), k, n, 0), &qc_gemm_s8_tiles_avx2);
  EXPECT_FALSE(qc_gemm_s8_packed_b_pairs_fit(packed.data(), k, n));
  // The flag is the caller's word: no check is made.
  EXPECT_EQ(qc_gemm_s8_tiles_for_b(selected, packed.data(), k, n, QC_INT8_B_PAIRS_FIT), selected);
}
#endif

} // namespace
