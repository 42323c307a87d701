//===- ConstantDataTest.cpp - dense and dense_resource payloads -----------===//

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::qc;

namespace {

class ConstantDataTest : public ::testing::Test {
protected:
  ConstantDataTest() { context.loadDialect<QCDialect>(); }
  MLIRContext context;
};

TEST_F(ConstantDataTest, SmallTensorsStayInline) {
  auto type = RankedTensorType::get({4}, Float32Type::get(&context));
  float values[] = {1, 2, 3, 4};
  ElementsAttr attr = makeFloatConstantElements(type, values, "w");
  EXPECT_TRUE(isa<DenseElementsAttr>(attr));
  EXPECT_EQ(*getFloatValues(attr), (SmallVector<float>{1, 2, 3, 4}));
}

TEST_F(ConstantDataTest, LargeTensorsBecomeResourcesAndReadBack) {
  auto type = RankedTensorType::get({kMaxInlineConstantElements + 1}, Float32Type::get(&context));
  SmallVector<float> values;
  for (int64_t i = 0; i <= kMaxInlineConstantElements; ++i)
    values.push_back(0.5f * static_cast<float>(i));
  ElementsAttr attr = makeFloatConstantElements(type, values, "w");
  ASSERT_TRUE(isa<DenseResourceElementsAttr>(attr));
  EXPECT_EQ(*getFloatValues(attr), values);
  DenseElementsAttr dense = toDenseElements(attr);
  ASSERT_TRUE(dense);
  EXPECT_EQ(dense.getValues<float>()[3], 1.5f);
}

TEST_F(ConstantDataTest, RawBytesExpandSplatsAndBooleans) {
  auto i8Type = RankedTensorType::get({3}, IntegerType::get(&context, 8));
  auto splat = DenseElementsAttr::get(i8Type, static_cast<int8_t>(-2));
  std::optional<std::vector<char>> bytes = getRawBytes(splat);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, (std::vector<char>{-2, -2, -2}));

  auto boolType = RankedTensorType::get({3}, IntegerType::get(&context, 1));
  auto bools = DenseElementsAttr::get(boolType, ArrayRef<bool>{true, false, true});
  bytes = getRawBytes(bools);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, (std::vector<char>{1, 0, 1}));
}

TEST_F(ConstantDataTest, NonFloatTensorsHaveNoFloatValues) {
  auto type = RankedTensorType::get({2}, IntegerType::get(&context, 32));
  auto ints = DenseElementsAttr::get(type, ArrayRef<int32_t>{1, 2});
  EXPECT_FALSE(getFloatValues(ints).has_value());
}

} // namespace
