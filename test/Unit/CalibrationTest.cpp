//===- CalibrationTest.cpp - statistics and calibration methods -----------===//

#include "quantc/Calibration/Calibration.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

using namespace quantc::calibration;

namespace {

TensorStatistics collect(const std::vector<float> &values) {
  TensorStatistics stats;
  stats.add(values.data(), values.size());
  return stats;
}

std::vector<float> uniform(size_t count, float low, float high) {
  std::mt19937 generator(7);
  std::uniform_real_distribution<float> distribution(low, high);
  std::vector<float> values(count);
  for (float &value : values)
    value = distribution(generator);
  return values;
}

/// N(0, 1) with a few outliers at +-50 on both sides, as activations with
/// rare spikes look.
std::vector<float> gaussianWithOutliers(size_t count = 200000, int outliersPerSide = 5) {
  std::mt19937 generator(11);
  std::normal_distribution<float> distribution(0, 1);
  std::vector<float> values(count);
  for (float &value : values)
    value = distribution(generator);
  for (int i = 0; i < outliersPerSide; ++i) {
    values[i * 1000] = 50;
    values[i * 1000 + 1] = -50;
  }
  return values;
}

} // namespace

// The cases of ONNX Runtime's own test of compute_scale_zp, and the
// round-half-to-even zero point.
TEST(ComputeAffineParams, MatchesOnnxRuntime) {
  AffineParams empty = computeAffineParams(0, 0, IntegerGrid::int8Symmetric());
  EXPECT_EQ(empty.scale, 1.0f);
  EXPECT_EQ(empty.zeroPoint, 0);

  AffineParams symmetric = computeAffineParams(-1, 2, IntegerGrid::int8Symmetric());
  EXPECT_EQ(symmetric.scale, float(4.0 / 254));
  EXPECT_EQ(symmetric.zeroPoint, 0);

  AffineParams asymmetric = computeAffineParams(-1, 2, IntegerGrid::uint8Asymmetric());
  EXPECT_EQ(asymmetric.scale, float(3.0 / 255));
  EXPECT_EQ(asymmetric.zeroPoint, 85);

  // 1 / (2/255) = 127.5 rounds to the even 128.
  EXPECT_EQ(computeAffineParams(-1, 1, IntegerGrid::uint8Asymmetric()).zeroPoint, 128);
  // A positive range is widened to include 0: zero point 0.
  AffineParams positive = computeAffineParams(2, 6, IntegerGrid::uint8Asymmetric());
  EXPECT_EQ(positive.scale, float(6.0 / 255));
  EXPECT_EQ(positive.zeroPoint, 0);
  // A negative range: zero point qmax.
  EXPECT_EQ(computeAffineParams(-6, -2, IntegerGrid::uint8Asymmetric()).zeroPoint, 255);
}

TEST(CalibrationMethod, ParsesTheCommandLineForms) {
  Method method;
  std::string error;
  ASSERT_TRUE(Method::parse("percentile:99.9", method, error));
  EXPECT_EQ(method.kind, Method::Percentile);
  EXPECT_DOUBLE_EQ(method.percentile, 99.9);
  EXPECT_EQ(method.str(), "percentile:99.9");
  ASSERT_TRUE(Method::parse("mse", method, error));
  EXPECT_EQ(method.kind, Method::MSE);
  ASSERT_TRUE(Method::parse("entropy", method, error));
  EXPECT_EQ(method.kind, Method::Entropy);
  EXPECT_FALSE(Method::parse("percentile:0", method, error));
  EXPECT_FALSE(Method::parse("percentile:101", method, error));
  EXPECT_FALSE(Method::parse("percentile:9x", method, error));
  EXPECT_FALSE(Method::parse("kl", method, error));
  EXPECT_NE(error.find("expected minmax, percentile:P, mse or entropy"), std::string::npos);
}

TEST(TensorStatistics, GrowsTheHistogramWithoutLosingCounts) {
  TensorStatistics stats;
  std::vector<float> first = {0.25f, 0.5f, 1.0f};
  stats.add(first.data(), first.size());
  EXPECT_EQ(stats.bound(), 1.0);
  std::vector<float> second = {-3.0f, 0.0f, std::nanf("")};
  stats.add(second.data(), second.size());
  // Doubled twice: [-4, 4]. The NaN is not counted.
  EXPECT_EQ(stats.bound(), 4.0);
  EXPECT_EQ(stats.count(), 5u);
  EXPECT_EQ(stats.min(), -3.0);
  EXPECT_EQ(stats.max(), 1.0);
  uint64_t total = 0;
  for (uint64_t count : stats.histogram())
    total += count;
  EXPECT_EQ(total, 5u);
  // 1.0 was in the last bin of [-1, 1]; after merging it sits in the bin
  // just below 1.0 of [-4, 4] (bin width 8/4096).
  EXPECT_EQ(stats.histogram()[TensorStatistics::kHistogramBins * 5 / 8 - 1], 1u);
}

TEST(MinMax, IsTheObservedRange) {
  Range range = minMaxRange(collect(uniform(10000, -1, 3)));
  EXPECT_NEAR(range.min, -1, 1e-3);
  EXPECT_NEAR(range.max, 3, 1e-3);
  Range outliers = minMaxRange(collect(gaussianWithOutliers()));
  EXPECT_EQ(outliers.min, -50);
  EXPECT_EQ(outliers.max, 50);
}

TEST(Percentile, CutsBothTails) {
  Range range = percentileRange(collect(uniform(100000, -1, 1)), 99);
  EXPECT_NEAR(range.min, -0.99, 0.01);
  EXPECT_NEAR(range.max, 0.99, 0.01);
  // 99.9% of N(0, 1) lies within +-3.29; the outliers are 0.005%.
  Range clipped = percentileRange(collect(gaussianWithOutliers()), 99.9);
  EXPECT_NEAR(clipped.max, 3.29, 0.1);
  EXPECT_NEAR(clipped.min, -3.29, 0.1);
}

TEST(MSE, KeepsAUniformRangeAndClipsOutliers) {
  // Clipping a uniform distribution only adds error: the step stays close
  // to the min/max step.
  Range range = mseRange(collect(uniform(100000, 0, 1)), IntegerGrid::uint8Asymmetric());
  EXPECT_EQ(range.min, 0);
  EXPECT_GT(range.max, 0.97);
  EXPECT_LT(range.max, 1.01);
  // Clipping an outlier costs its squared distance to the range; a range
  // stretched to +-50 costs every value a larger rounding error: with one
  // outlier a side among a million values (N * 50^2 / (12 * 127^2) = 12900
  // against 2 * (50 - c)^2), clipping wins. (Ten a side among 200000 would
  // not: then min/max is the L2-optimal choice.)
  for (IntegerGrid grid : {IntegerGrid::int8Symmetric(), IntegerGrid::uint8Asymmetric()}) {
    Range clipped = mseRange(collect(gaussianWithOutliers(1000000, 1)), grid);
    EXPECT_LT(clipped.max, 20);
    EXPECT_GT(clipped.max, 2);
    EXPECT_LT(clipped.min, -2);
  }
}

TEST(MSE, StepIsAFixedPointOfLloydsIteration) {
  TensorStatistics stats = collect(gaussianWithOutliers(1000000, 1));
  IntegerGrid grid = IntegerGrid::int8Symmetric();
  Range range = mseRange(stats, grid);
  double delta = range.max / grid.qmax;
  double dot = 0, norm = 0;
  for (size_t bin = 0; bin < stats.histogram().size(); ++bin) {
    double x = stats.binCenter(bin);
    double code = std::clamp(std::nearbyint(x / delta), double(grid.qmin), double(grid.qmax));
    dot += double(stats.histogram()[bin]) * x * code;
    norm += double(stats.histogram()[bin]) * code * code;
  }
  EXPECT_NEAR(dot / norm, delta, 1e-5 * delta);
}

TEST(Entropy, ClipsOutliersAndKeepsTheBulk) {
  Range clipped = entropyRange(collect(gaussianWithOutliers()), IntegerGrid::int8Symmetric());
  EXPECT_LT(clipped.max, 20);
  EXPECT_GT(clipped.max, 2.5);
  EXPECT_EQ(clipped.min, -clipped.max);
  // A one-sided tensor (ReLU output) keeps its lower end at 0.
  TensorStatistics uniformStats = collect(uniform(100000, 0, 1));
  Range positive = entropyRange(uniformStats, IntegerGrid::uint8Asymmetric());
  EXPECT_EQ(positive.min, uniformStats.min());
  EXPECT_GT(positive.max, 0.9);
}

TEST(Entropy, QuantizesIntoTheLevelsTheGridGivesZeroToThreshold) {
  TensorStatistics oneSigned = collect(uniform(1000, 0, 1));
  TensorStatistics bothSigns = collect(uniform(1000, -1, 1));
  EXPECT_EQ(entropyQuantizedBins(oneSigned, IntegerGrid::uint8Asymmetric()), 256u);
  EXPECT_EQ(entropyQuantizedBins(bothSigns, IntegerGrid::uint8Asymmetric()), 128u);
  EXPECT_EQ(entropyQuantizedBins(oneSigned, IntegerGrid::int8Symmetric()), 128u);
  EXPECT_EQ(entropyQuantizedBins(bothSigns, IntegerGrid::int8Symmetric()), 128u);
}

TEST(Entropy, KeepsTheFullRangeOfValuesTheUint8GridHoldsExactly) {
  // Codes k / 255, the even ones 20 times as frequent as the odd ones: the
  // uint8 grid over [0, 1] holds every value exactly, so no threshold below
  // 1 can do better. Q with 128 levels merges the codes in pairs, blurs the
  // even/odd pattern at t = 1 and so picked a threshold below 1.
  std::vector<float> values;
  for (int code = 0; code <= 255; ++code)
    values.insert(values.end(), code % 2 == 0 ? 20 : 1, float(code) / 255);
  TensorStatistics stats = collect(values);
  Range range = entropyRange(stats, IntegerGrid::uint8Asymmetric());
  EXPECT_EQ(range.min, 0);
  EXPECT_EQ(range.max, stats.max());
}

TEST(ChooseRange, EmptyStatisticsGiveZero) {
  TensorStatistics stats;
  for (Method::Kind kind : {Method::MinMax, Method::Percentile, Method::MSE, Method::Entropy}) {
    Range range = chooseRange(stats, {kind}, IntegerGrid::uint8Asymmetric());
    EXPECT_EQ(range.min, 0);
    EXPECT_EQ(range.max, 0);
  }
}
