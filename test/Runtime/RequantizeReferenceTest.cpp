//===- RequantizeReferenceTest.cpp - the requantization at its edges ------===//
//
// Complements RequantizeTest.cpp: qc_requant_multiplier at the ends of its
// range (shift 1 and 62, the scales just below a power of two, below 2^-32,
// denormals) and over random scales, and qc_requantize_one against the same
// rounding written another way, floor(acc * m / 2^s + 1/2) as a 128-bit
// division, on ties of both signs and 200000 random cases: it is the
// reference the int8 kernels' vector epilogues are tested against.
//
//===----------------------------------------------------------------------===//

#include "quantc/Runtime/KernelABI.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

namespace {

struct Split {
  int status;
  int32_t multiplier = -7, shift = -7;
};

Split split(double scale) {
  Split s;
  s.status = qc_requant_multiplier(scale, &s.multiplier, &s.shift);
  return s;
}

// floor((2 acc m + 2^s) / 2^(s+1)), zero point, clamp: no 64-bit shifts.
int32_t reference(int32_t acc, int32_t m, int32_t s, int32_t zp, int32_t lo, int32_t hi) {
  __int128 numerator = __int128(acc) * m * 2 + (__int128(1) << s);
  __int128 denominator = __int128(1) << (s + 1);
  __int128 quotient = numerator / denominator;
  if (numerator % denominator != 0 && numerator < 0)
    quotient -= 1; // C++ division truncates: make it floor
  __int128 x = quotient + zp;
  return int32_t(x < lo ? lo : x > hi ? hi : x);
}

TEST(RequantMultiplierEdges, ScaleOneAndTheLargestShift) {
  Split one = split(1.0);
  EXPECT_EQ(one.status, 0);
  EXPECT_EQ(one.multiplier, 1 << 30);
  EXPECT_EQ(one.shift, 30);
  Split smallest = split(std::ldexp(1.0, -32)); // shift 62, the largest
  EXPECT_EQ(smallest.status, 0);
  EXPECT_EQ(smallest.multiplier, 1 << 30);
  EXPECT_EQ(smallest.shift, 62);
}

TEST(RequantMultiplierEdges, JustBelowAPowerOfTwoRoundsUpToIt) {
  Split s = split(std::nextafter(1.0, 0.0));
  EXPECT_EQ(s.status, 0);
  EXPECT_EQ(s.multiplier, 1 << 30);
  EXPECT_EQ(s.shift, 30);
  // Also at the bottom of the range: the scale just below 2^-32 is 2^-32.
  Split bottom = split(std::nextafter(std::ldexp(1.0, -32), 0.0));
  EXPECT_EQ(bottom.status, 0);
  EXPECT_EQ(bottom.multiplier, 1 << 30);
  EXPECT_EQ(bottom.shift, 62);
  // 2^30 itself needs shift 0: so does the scale just below it.
  EXPECT_EQ(split(std::nextafter(std::ldexp(1.0, 30), 0.0)).status, -1);
}

TEST(RequantMultiplierEdges, RandomScalesAreWithinHalfAUnit) {
  Split s = split(0.75);
  EXPECT_EQ(s.multiplier, 1610612736); // 0.75 * 2^31
  EXPECT_EQ(s.shift, 31);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> exponent(-31.9, 29.9);
  for (int i = 0; i < 10000; ++i) {
    double scale = std::exp2(exponent(rng));
    Split r = split(scale);
    ASSERT_EQ(r.status, 0) << scale;
    ASSERT_GE(r.multiplier, 1 << 30) << scale;
    ASSERT_GE(r.shift, 1) << scale;
    ASSERT_LE(r.shift, 62) << scale;
    double error = std::fabs(std::ldexp(double(r.multiplier), -r.shift) - scale);
    ASSERT_LE(error, std::ldexp(0.5, -r.shift)) << scale;
  }
}

TEST(RequantMultiplierEdges, ScalesBelowTwoToTheMinus32RoundEverythingToZero) {
  for (double scale : {std::ldexp(1.0, -33), std::ldexp(1.0, -32) * (1.0 - std::ldexp(1.0, -31)),
                       std::numeric_limits<double>::denorm_min()}) {
    Split s = split(scale);
    EXPECT_EQ(s.status, 0) << scale;
    EXPECT_EQ(s.multiplier, 0) << scale;
    EXPECT_EQ(s.shift, 31) << scale;
    EXPECT_EQ(qc_requantize_one(INT32_MAX, s.multiplier, s.shift, 0, -1000, 1000), 0);
    EXPECT_EQ(qc_requantize_one(INT32_MIN, s.multiplier, s.shift, 0, -1000, 1000), 0);
  }
}

TEST(RequantMultiplierEdges, MoreInvalidScales) {
  for (double scale : {-0.0, 1e30, -std::numeric_limits<double>::infinity()})
    EXPECT_EQ(split(scale).status, -1) << scale;
}

TEST(RequantizeOneReference, TiesAtOneHalf) {
  const int32_t m = 1 << 30, s = 31; // scale 0.5
  EXPECT_EQ(qc_requantize_one(1, m, s, 0, -100, 100), 1);  // 0.5 -> 1
  EXPECT_EQ(qc_requantize_one(-1, m, s, 0, -100, 100), 0); // -0.5 -> 0
  EXPECT_EQ(qc_requantize_one(-4, m, s, 0, -100, 100), -2);
}

TEST(RequantizeOneReference, ZeroPointsClampsAndExtremes) {
  const int32_t m = 1 << 30, s = 30; // scale 1
  EXPECT_EQ(qc_requantize_one(-5, m, s, -3, -128, 127), -8);
  EXPECT_EQ(qc_requantize_one(-5, m, s, 0, 0, 127), 0); // a fused Relu
  EXPECT_EQ(qc_requantize_one(INT32_MIN, INT32_MAX, 1, 0, INT32_MIN, INT32_MAX), INT32_MIN);
  EXPECT_EQ(qc_requantize_one(INT32_MAX, INT32_MAX, 1, 0, INT32_MIN, INT32_MAX), INT32_MAX);
  // (2^31 - 1)^2 / 2^62 is just below 1: it rounds to 1.
  EXPECT_EQ(qc_requantize_one(INT32_MAX, INT32_MAX, 62, 5, -128, 127), 6);
  EXPECT_EQ(qc_requantize_one(INT32_MAX, 1 << 30, 62, 5, -128, 127), 5);
}

TEST(RequantizeOneReference, MatchesAnIndependentFormulation) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int32_t> any(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int32_t> multiplier(1 << 30, INT32_MAX);
  std::uniform_int_distribution<int32_t> shift(1, 62);
  std::uniform_int_distribution<int32_t> zeroPoint(-128, 255);
  for (int i = 0; i < 200000; ++i) {
    // Small accumulators too, where ties happen.
    int32_t acc = i % 2 ? any(rng) : any(rng) % 4096;
    int32_t m = i % 7 ? multiplier(rng) : 1 << 30, s = shift(rng), zp = zeroPoint(rng);
    ASSERT_EQ(qc_requantize_one(acc, m, s, zp, -1000000, 1000000),
              reference(acc, m, s, zp, -1000000, 1000000))
        << acc << " " << m << " " << s << " " << zp;
  }
}

} // namespace
