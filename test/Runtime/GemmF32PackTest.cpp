//===- GemmF32PackTest.cpp - the packed-B layout of KernelABI.h -----------===//

#include "quantc/Runtime/KernelABI.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

constexpr int64_t NR = QC_GEMM_F32_NR;

// B[k][j] = 1000 k + j + 1, never 0, so padding is told apart from data.
float valueAt(int64_t k, int64_t j) { return float(1000 * k + j + 1); }

TEST(GemmF32PackB, SizeRoundsColumnsUpToWholePanels) {
  EXPECT_EQ(qc_gemm_f32_packed_b_size(3, 1), 3 * NR);
  EXPECT_EQ(qc_gemm_f32_packed_b_size(3, 16), 3 * NR);
  EXPECT_EQ(qc_gemm_f32_packed_b_size(3, 17), 3 * 2 * NR);
  EXPECT_EQ(qc_gemm_f32_packed_b_size(0, 17), 0);
}

class GemmF32PackBLayout : public ::testing::TestWithParam<bool> {};

TEST_P(GemmF32PackBLayout, ElementsSitWhereTheHeaderSays) {
  const bool transposed = GetParam();
  for (int64_t k : {1, 2, 7}) {
    for (int64_t n : {1, 15, 16, 17, 40}) {
      // Row-major K x N or N x K, with two spare elements per row.
      const int64_t ldb = (transposed ? k : n) + 2;
      std::vector<float> b((transposed ? n : k) * ldb, -1.0f);
      for (int64_t kk = 0; kk < k; ++kk)
        for (int64_t j = 0; j < n; ++j)
          b[transposed ? j * ldb + kk : kk * ldb + j] = valueAt(kk, j);

      std::vector<float> packed(qc_gemm_f32_packed_b_size(k, n), -2.0f);
      qc_gemm_f32_pack_b(b.data(), k, n, ldb, transposed, packed.data());

      for (int64_t kk = 0; kk < k; ++kk)
        for (int64_t j = 0; j < (n + NR - 1) / NR * NR; ++j) {
          float expected = j < n ? valueAt(kk, j) : 0.0f;
          EXPECT_EQ(packed[(j / NR) * k * NR + kk * NR + j % NR], expected)
              << "k=" << k << " n=" << n << " at (" << kk << ", " << j << ")";
        }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(, GemmF32PackBLayout, ::testing::Values(false, true),
                         [](const auto &info) { return info.param ? "Transposed" : "RowMajor"; });

} // namespace
