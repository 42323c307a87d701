// qc_requant_multiplier and qc_requantize_one: the fixed-point requantization
// the compiler (qc-fold-scales) and the int8 kernels share (KernelABI.h).

#include "quantc/Runtime/KernelABI.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace {

struct Split {
  int status;
  int32_t multiplier, shift;
};

Split split(double scale) {
  Split s{0, -1, -1};
  s.status = qc_requant_multiplier(scale, &s.multiplier, &s.shift);
  return s;
}

TEST(RequantMultiplier, PowersOfTwoAreExact) {
  Split half = split(0.5);
  EXPECT_EQ(half.status, 0);
  EXPECT_EQ(half.multiplier, 1 << 30);
  EXPECT_EQ(half.shift, 31);
  Split big = split(std::ldexp(1.0, 29));
  EXPECT_EQ(big.status, 0);
  EXPECT_EQ(big.multiplier, 1 << 30);
  EXPECT_EQ(big.shift, 1);
}

TEST(RequantMultiplier, RoundsToNearestAndStaysInRange) {
  // 1/6 = 0.666... * 2^-2: multiplier round(2^31 * 2/3), shift 33.
  Split sixth = split(1.0 / 6.0);
  EXPECT_EQ(sixth.multiplier, 1431655765);
  EXPECT_EQ(sixth.shift, 33);
  // A fraction that rounds up to 2^31 becomes 2^30 with one shift less.
  Split almostOne = split(1.0 - std::ldexp(1.0, -33));
  EXPECT_EQ(almostOne.multiplier, 1 << 30);
  EXPECT_EQ(almostOne.shift, 30);
  // Every result approximates the scale to 2^-31 relative.
  for (double scale : {1e-9, 3.7e-5, 0.0123, 0.999, 1.0, 17.25, 1e6}) {
    Split s = split(scale);
    ASSERT_EQ(s.status, 0) << scale;
    EXPECT_GE(s.multiplier, 1 << 30) << scale;
    EXPECT_GE(s.shift, 1) << scale;
    EXPECT_LE(s.shift, 62) << scale;
    EXPECT_NEAR(std::ldexp(static_cast<double>(s.multiplier), -s.shift) / scale, 1.0,
                std::ldexp(1.0, -30))
        << scale;
  }
}

TEST(RequantMultiplier, RejectsWhatItCannotRepresent) {
  EXPECT_EQ(split(0.0).status, -1);
  EXPECT_EQ(split(-0.5).status, -1);
  EXPECT_EQ(split(std::numeric_limits<double>::quiet_NaN()).status, -1);
  EXPECT_EQ(split(std::numeric_limits<double>::infinity()).status, -1);
  EXPECT_EQ(split(std::ldexp(1.0, 30)).status, -1);
  // Below 2^-32 every accumulator rounds to 0: multiplier 0.
  Split tiny = split(1e-12);
  EXPECT_EQ(tiny.status, 0);
  EXPECT_EQ(tiny.multiplier, 0);
  EXPECT_EQ(tiny.shift, 31);
}

TEST(RequantizeOne, RoundsHalfUpAndClamps) {
  const int32_t half = 1 << 30, shift = 31; // x * 0.5
  EXPECT_EQ(qc_requantize_one(3, half, shift, 0, -128, 127), 2);   // 1.5 -> 2
  EXPECT_EQ(qc_requantize_one(-3, half, shift, 0, -128, 127), -1); // -1.5 -> -1
  EXPECT_EQ(qc_requantize_one(5, half, shift, 0, -128, 127), 3);   // 2.5 -> 3
  EXPECT_EQ(qc_requantize_one(-5, half, shift, 0, -128, 127), -2); // -2.5 -> -2
  EXPECT_EQ(qc_requantize_one(4, half, shift, 10, 0, 255), 12);    // + zero point
  EXPECT_EQ(qc_requantize_one(1000, half, shift, 0, -128, 127), 127);
  EXPECT_EQ(qc_requantize_one(-1000, half, shift, 0, 0, 255), 0);
  // The extremes stay exact in 64 bits.
  EXPECT_EQ(qc_requantize_one(INT32_MAX, INT32_MAX, 62, 0, INT32_MIN, INT32_MAX), 1);
  EXPECT_EQ(qc_requantize_one(INT32_MIN, INT32_MAX, 31, 0, INT32_MIN, INT32_MAX), INT32_MIN + 1);
}

} // namespace
