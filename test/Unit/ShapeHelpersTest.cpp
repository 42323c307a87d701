//===- ShapeHelpersTest.cpp - window and matmul shape arithmetic ----------===//

#include "quantc/Dialect/QC/IR/ShapeHelpers.h"

#include <gtest/gtest.h>

using namespace mlir::qc;

TEST(WindowOutputSize, FloorMode) {
  // 3x3 window, stride 1, pad 1: same size.
  EXPECT_EQ(getWindowOutputSize(28, 3, 1, 1, 1, 1, false), 28);
  // 2x2 window, stride 2: halves.
  EXPECT_EQ(getWindowOutputSize(28, 2, 2, 1, 0, 0, false), 14);
  // Dilation 2 widens a 3-tap window to 5.
  EXPECT_EQ(getWindowOutputSize(7, 3, 1, 2, 0, 0, false), 3);
  // A window wider than the padded input does not fit.
  EXPECT_EQ(getWindowOutputSize(2, 5, 1, 1, 0, 0, false), -1);
}

TEST(WindowOutputSize, CeilModeDropsWindowsStartingInPadding) {
  // ONNX's test_maxpool_2d_ceil: 4 wide, kernel 3, stride 2 -> 2.
  EXPECT_EQ(getWindowOutputSize(4, 3, 2, 1, 0, 0, true), 2);
  // 5 wide, kernel 2, stride 2, pad 1 on both sides: ceil gives 4, but the
  // last window would start in the trailing pad, so 3 (PyTorch, ONNX Runtime).
  EXPECT_EQ(getWindowOutputSize(5, 2, 2, 1, 1, 1, true), 3);
}

using Pads = std::pair<int64_t, int64_t>;

TEST(SamePadding, UpperPutsTheOddPadAtTheEnd) {
  EXPECT_EQ(getSamePadding(5, 2, 1, 1, false), Pads(0, 1));
  EXPECT_EQ(getSamePadding(5, 2, 1, 1, true), Pads(1, 0));
  // Stride 2 over 224 with a 7x7 kernel (ResNet stem): out 112, pads 2 and 3.
  EXPECT_EQ(getSamePadding(224, 7, 2, 1, false), Pads(2, 3));
}

TEST(TransposedWindowOutputSize, MatchesTheOnnxFormula) {
  EXPECT_EQ(getTransposedWindowOutputSize(3, 3, 2, 1, 0, 0, 1), 8);
  EXPECT_EQ(getTransposedWindowOutputSize(3, 3, 1, 1, 1, 1, 0), 3);
}

TEST(MatMulShape, BroadcastsBatchAndDropsVectorDims) {
  llvm::SmallVector<int64_t> shape;
  ASSERT_TRUE(getMatMulShape({2, 1, 3, 4}, {5, 4, 6}, shape));
  EXPECT_EQ(shape, (llvm::SmallVector<int64_t>{2, 5, 3, 6}));
  ASSERT_TRUE(getMatMulShape({4}, {4, 6}, shape));
  EXPECT_EQ(shape, (llvm::SmallVector<int64_t>{6}));
  ASSERT_TRUE(getMatMulShape({3, 4}, {4}, shape));
  EXPECT_EQ(shape, (llvm::SmallVector<int64_t>{3}));
  EXPECT_FALSE(getMatMulShape({3, 4}, {5, 6}, shape));
}
