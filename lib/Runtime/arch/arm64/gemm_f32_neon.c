/*===- gemm_f32_neon.c - 6x16 float micro-kernel for AArch64 NEON ---------===*
 *
 * 6 rows x 4 q-register accumulators = 24 of the 32 vector registers, plus 4
 * for the B row and the A value, which the FMAs take as a scalar operand
 * (fmla v.4s, v.4s, v.s[0]) instead of a separate broadcast.
 *===----------------------------------------------------------------------===*/

#include "gemm_f32_tiles.h"

#include <arm_neon.h>

enum { MR = 6, NR = QC_GEMM_F32_NR };

static void multiplyTile6x16(int64_t kc, const float *a, const float *b, float *c, int64_t ldc,
                             int accumulate) {
  float32x4_t acc[MR][4];
  for (int r = 0; r < MR; ++r)
    for (int q = 0; q < 4; ++q)
      acc[r][q] = accumulate ? vld1q_f32(c + r * ldc + 4 * q) : vdupq_n_f32(0.0f);
  for (int64_t k = 0; k < kc; ++k, a += MR, b += NR) {
    float32x4_t bRow[4] = {vld1q_f32(b), vld1q_f32(b + 4), vld1q_f32(b + 8), vld1q_f32(b + 12)};
    for (int r = 0; r < MR; ++r)
      for (int q = 0; q < 4; ++q)
        acc[r][q] = vfmaq_n_f32(acc[r][q], bRow[q], a[r]);
  }
  for (int r = 0; r < MR; ++r)
    for (int q = 0; q < 4; ++q)
      vst1q_f32(c + r * ldc + 4 * q, acc[r][q]);
}

const qc_gemm_f32_tiles qc_gemm_f32_tiles_neon = {
    .name = "neon",
    .required_features = QC_CPU_ARM64_NEON,
    .mr = MR,
    .mc = 96,
    .kc = 256,
    .tile = multiplyTile6x16,
};
