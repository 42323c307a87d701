//===- KernelABITest.cpp - the parts of KernelABI.h generated code mirrors ===//
//
// The compiler rebuilds qc_gemm_f32_params as an LLVM struct and stores the
// flag values as constants in compiled models, so their layout and values may
// change only with QC_KERNEL_ABI_VERSION. These checks hold on every LP64
// target quantc supports (x86-64 and AArch64 Linux).
//
//===----------------------------------------------------------------------===//

#include "quantc/Runtime/KernelABI.h"

#include <gtest/gtest.h>

#include <cstddef>

namespace {

static_assert(QC_KERNEL_ABI_VERSION == 4, "update the checks below with the version");

TEST(KernelABI, GemmF32ParamsLayout) {
  EXPECT_EQ(offsetof(qc_gemm_f32_params, m), 0u);
  EXPECT_EQ(offsetof(qc_gemm_f32_params, n), 8u);
  EXPECT_EQ(offsetof(qc_gemm_f32_params, k), 16u);
  EXPECT_EQ(offsetof(qc_gemm_f32_params, a), 24u);
  EXPECT_EQ(offsetof(qc_gemm_f32_params, lda), 32u);
  EXPECT_EQ(offsetof(qc_gemm_f32_params, packed_b), 40u);
  EXPECT_EQ(offsetof(qc_gemm_f32_params, bias), 48u);
  EXPECT_EQ(offsetof(qc_gemm_f32_params, c), 56u);
  EXPECT_EQ(offsetof(qc_gemm_f32_params, ldc), 64u);
  EXPECT_EQ(offsetof(qc_gemm_f32_params, epilogue), 72u);
  EXPECT_EQ(offsetof(qc_gemm_f32_params, clamp_min), 76u);
  EXPECT_EQ(offsetof(qc_gemm_f32_params, clamp_max), 80u);
  EXPECT_EQ(sizeof(qc_gemm_f32_params), 88u);
}

TEST(KernelABI, FlagValues) {
  EXPECT_EQ(QC_GEMM_F32_NR, 16);
  EXPECT_EQ(QC_EPILOGUE_NONE, 0);
  EXPECT_EQ(QC_EPILOGUE_RELU, 1);
  EXPECT_EQ(QC_EPILOGUE_CLAMP, 2);
  EXPECT_EQ(QC_CPU_X86_AVX2, 1u << 0);
  EXPECT_EQ(QC_CPU_X86_AMX_INT8, 1u << 8);
  EXPECT_EQ(QC_CPU_ARM64_NEON, uint64_t(1) << 32);
  EXPECT_EQ(QC_CPU_ARM64_I8MM, uint64_t(1) << 34);
}

} // namespace
