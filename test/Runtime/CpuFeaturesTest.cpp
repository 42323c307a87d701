//===- CpuFeaturesTest.cpp - feature detection, mask, variant choice ------===//

#include "cpu_features.h"
#include "gemm_f32_tiles.h"

#include "quantc/Runtime/KernelABI.h"

#include <gtest/gtest.h>

namespace {

TEST(CpuFeatures, MaskKeepsOnlyTheNamedBits) {
  uint64_t all = QC_CPU_X86_AVX2 | QC_CPU_X86_FMA | QC_CPU_X86_AVX512F;
  EXPECT_EQ(qc_mask_cpu_features(all, "0x3"), QC_CPU_X86_AVX2 | QC_CPU_X86_FMA);
  EXPECT_EQ(qc_mask_cpu_features(all, "0"), 0u);
  EXPECT_EQ(qc_mask_cpu_features(all, "4"), QC_CPU_X86_AVX512F);
}

TEST(CpuFeatures, MissingOrMalformedMaskKeepsEverything) {
  uint64_t all = QC_CPU_ARM64_NEON | QC_CPU_ARM64_DOTPROD;
  EXPECT_EQ(qc_mask_cpu_features(all, nullptr), all);
  EXPECT_EQ(qc_mask_cpu_features(all, ""), all);
  EXPECT_EQ(qc_mask_cpu_features(all, "avx2"), all);
  EXPECT_EQ(qc_mask_cpu_features(all, "0x3 "), all);
}

TEST(CpuFeatures, CachedValueIsWhatDetectionReports) {
  // Holds unless the test is run with QUANTC_CPU_FEATURES_MASK set.
  if (getenv("QUANTC_CPU_FEATURES_MASK"))
    GTEST_SKIP() << "QUANTC_CPU_FEATURES_MASK is set";
  EXPECT_EQ(qc_cpu_features(), qc_detect_cpu_features());
  EXPECT_EQ(qc_cpu_features(), qc_cpu_features());
}

TEST(CpuFeatures, DetectsTheBaselineOfTheTarget) {
#if defined(__aarch64__)
  EXPECT_TRUE(qc_detect_cpu_features() & QC_CPU_ARM64_NEON);
#elif defined(__x86_64__)
  // AVX-512 foundation without AVX2 exists on no CPU.
  if (qc_detect_cpu_features() & QC_CPU_X86_AVX512F)
    EXPECT_TRUE(qc_detect_cpu_features() & QC_CPU_X86_AVX2);
#endif
}

TEST(GemmF32Dispatch, NoFeaturesSelectsGeneric) {
  EXPECT_EQ(qc_gemm_f32_select_tiles(0), &qc_gemm_f32_tiles_generic);
}

TEST(GemmF32Dispatch, EveryVariantIsSelectedByExactlyItsFeatures) {
  size_t count;
  const qc_gemm_f32_tiles *const *all = qc_gemm_f32_all_tiles(&count);
  ASSERT_GE(count, 1u);
  EXPECT_EQ(all[count - 1], &qc_gemm_f32_tiles_generic);
  for (size_t i = 0; i < count; ++i)
    EXPECT_EQ(qc_gemm_f32_select_tiles(all[i]->required_features), all[i]) << all[i]->name;
}

TEST(GemmF32Dispatch, TilesFitTheDriverBuffers) {
  size_t count;
  const qc_gemm_f32_tiles *const *all = qc_gemm_f32_all_tiles(&count);
  for (size_t i = 0; i < count; ++i) {
    const qc_gemm_f32_tiles &tiles = *all[i];
    EXPECT_LE(tiles.mr, QC_GEMM_F32_MAX_MR) << tiles.name;
    EXPECT_EQ(tiles.mc % tiles.mr, 0) << tiles.name;
    EXPECT_LE(int64_t(tiles.mc) * tiles.kc, QC_GEMM_F32_A_BLOCK_FLOATS) << tiles.name;
    EXPECT_LE(int64_t(tiles.mc) * tiles.kc * 4, QC_GEMM_F32_STACK_BYTES - 4096) << tiles.name;
  }
}

} // namespace
