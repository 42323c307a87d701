//===- CompareTest.cpp - outputs against expected values ------------------===//

#include "Compare.h"
#include "TestSupport.h"

#include "quantc/Runtime/ModelAPI.h"

#include <cmath>
#include <limits>

namespace quantc::runner::test {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

std::string compareLine(const Tensor &got, const Tensor &want,
                        const Tolerance &tolerance = Tolerance()) {
  return describeComparison("y", got, want, compareTensors(got, want, tolerance), tolerance);
}

Tensor floats(std::vector<float> values, std::vector<int64_t> shape = {}) {
  if (shape.empty())
    shape = {int64_t(values.size())};
  return makeTensor(QC_DTYPE_FLOAT32, shape, values);
}

TEST(Compare, IdenticalFloatsPass) {
  Tensor tensor = floats({1, -2, 0.5f});
  Comparison comparison = compareTensors(tensor, tensor, Tolerance());
  EXPECT_TRUE(comparison.passed);
  EXPECT_EQ(comparison.maxAbsError, 0);
  EXPECT_EQ(compareLine(tensor, tensor),
            "output 'y': max abs error 0 (atol 1e-05, rtol 0.001): ok");
}

TEST(Compare, FloatToleranceIsAbsolutePlusRelative) {
  // |got - want| <= atol + rtol * |want|, with want's magnitude only.
  EXPECT_TRUE(compareTensors(floats({1000.9f}), floats({1000}), Tolerance()).passed);
  EXPECT_FALSE(compareTensors(floats({1001.1f}), floats({1000}), Tolerance()).passed);
  EXPECT_TRUE(compareTensors(floats({9e-6f}), floats({0}), Tolerance()).passed);
  EXPECT_FALSE(compareTensors(floats({2e-5f}), floats({0}), Tolerance()).passed);
  EXPECT_FALSE(compareTensors(floats({1e-6f}), floats({0}), Tolerance{0, 0}).passed);
  Comparison comparison = compareTensors(floats({1, 2.5f}), floats({1, 2}), Tolerance{0, 1});
  EXPECT_TRUE(comparison.passed);
  EXPECT_EQ(comparison.maxAbsError, 0.5);
}

TEST(Compare, FailureNamesFirstMismatch) {
  Tensor got = floats({0, 1, 2, 3, 0.5f, 5, 7, 7}, {2, 4});
  Tensor want = floats({0, 1, 2, 3, 0.25f, 5, 6, 7}, {2, 4});
  Comparison comparison = compareTensors(got, want, Tolerance());
  EXPECT_FALSE(comparison.passed);
  EXPECT_EQ(comparison.firstMismatch, 4u);
  EXPECT_EQ(comparison.mismatchCount, 2u);
  EXPECT_EQ(comparison.maxAbsError, 1);
  EXPECT_EQ(compareLine(got, want),
            "output 'y': max abs error 1 (atol 1e-05, rtol 0.001): FAILED at index 4 "
            "[1,0]: got 0.5, want 0.25 (2 of 8 differ)");
}

TEST(Compare, NaNEqualsNaNAndInfinitiesThemselves) {
  EXPECT_TRUE(
      compareTensors(floats({kNaN, kInf, -kInf}), floats({kNaN, kInf, -kInf}), Tolerance()).passed);
  Comparison nanAgainstNumber = compareTensors(floats({kNaN}), floats({1}), Tolerance());
  EXPECT_FALSE(nanAgainstNumber.passed);
  EXPECT_TRUE(std::isinf(nanAgainstNumber.maxAbsError));
  EXPECT_FALSE(compareTensors(floats({1}), floats({kNaN}), Tolerance()).passed);
  EXPECT_FALSE(compareTensors(floats({kInf}), floats({-kInf}), Tolerance()).passed);
  EXPECT_FALSE(compareTensors(floats({kInf}), floats({1e30f}), Tolerance()).passed);
  EXPECT_EQ(compareLine(floats({kNaN}), floats({1})),
            "output 'y': max abs error inf (atol 1e-05, rtol 0.001): FAILED at index 0 [0]: got "
            "nan, want 1 (1 of 1 "
            "differ)");
}

TEST(Compare, IntegersAndBoolsMustBeEqual) {
  Tensor got = makeTensor<int64_t>(QC_DTYPE_INT64, {2}, {INT64_MAX, 3});
  // 2^63 - 1 and 2^63 - 2 are the same double: the bytes decide.
  Tensor want = makeTensor<int64_t>(QC_DTYPE_INT64, {2}, {INT64_MAX - 1, 3});
  EXPECT_FALSE(compareTensors(got, want, Tolerance{1, 1}).passed);
  EXPECT_EQ(
      compareLine(got, want, Tolerance{1, 1}),
      "output 'y': max abs error 0 (exact): FAILED at index 0 [0]: got 9223372036854775807, want "
      "9223372036854775806 (1 of 2 differ)");
  EXPECT_EQ(compareLine(got, got), "output 'y': max abs error 0 (exact): ok");
  Tensor bools = makeTensor<uint8_t>(QC_DTYPE_BOOL, {3}, {1, 0, 1});
  Tensor otherBools = makeTensor<uint8_t>(QC_DTYPE_BOOL, {3}, {1, 1, 1});
  EXPECT_EQ(compareLine(bools, otherBools), "output 'y': max abs error 1 (exact): FAILED at index "
                                            "1 [1]: got false, want true (1 of 3 differ)");
  Tensor int8s = makeTensor<int8_t>(QC_DTYPE_INT8, {2}, {-128, 127});
  Tensor otherInt8s = makeTensor<int8_t>(QC_DTYPE_INT8, {2}, {127, 127});
  EXPECT_EQ(compareTensors(int8s, otherInt8s, Tolerance()).maxAbsError, 255);
}

TEST(Compare, Float16ComparesItsValues) {
  // 1.0 and 1.0009765625 (one ulp apart) pass within rtol 1e-3.
  Tensor got = makeTensor<uint16_t>(QC_DTYPE_FLOAT16, {2}, {0x3c01, 0x7e00});
  Tensor want = makeTensor<uint16_t>(QC_DTYPE_FLOAT16, {2}, {0x3c00, 0x7e00});
  EXPECT_TRUE(compareTensors(got, want, Tolerance()).passed);
  EXPECT_FALSE(compareTensors(got, want, Tolerance{0, 0}).passed);
  EXPECT_EQ(got.formatElement(0), "1.0009766");
}

TEST(Compare, EmptyTensorsPass) {
  Tensor empty = makeTensor<float>(QC_DTYPE_FLOAT32, {0, 3}, {});
  EXPECT_EQ(compareLine(empty, empty), "output 'y': max abs error 0 (atol 1e-05, rtol 0.001): ok");
}

TEST(Tensor, HalfToFloatIsExact) {
  EXPECT_EQ(halfToFloat(0x0000), 0.0f);
  EXPECT_TRUE(std::signbit(halfToFloat(0x8000)));
  EXPECT_EQ(halfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(halfToFloat(0x7bff), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24));    // smallest subnormal
  EXPECT_EQ(halfToFloat(0x03ff), std::ldexp(1023.0f, -24)); // largest subnormal
  EXPECT_EQ(halfToFloat(0xfc00), -kInf);
  EXPECT_TRUE(std::isnan(halfToFloat(0x7e00)));
}

TEST(Tensor, ByteSizeChecksEveryDimension) {
  uint64_t size = 0;
  const int64_t shape[] = {2, 3, 4};
  EXPECT_OK(computeByteSize(shape, 3, 8, size));
  EXPECT_EQ(size, 192u);
  const int64_t withZero[] = {int64_t(1) << 40, int64_t(1) << 40, 0};
  EXPECT_OK(computeByteSize(withZero, 3, 4, size));
  EXPECT_EQ(size, 0u);
  const int64_t negative[] = {2, -1};
  EXPECT_ERROR(computeByteSize(negative, 2, 4, size), "negative dimension -1 in shape [2,-1]");
  const int64_t overflowing[] = {INT64_MAX, INT64_MAX, 2};
  EXPECT_ERROR(computeByteSize(overflowing, 3, 4, size), "larger than the limit");
}

} // namespace
} // namespace quantc::runner::test
