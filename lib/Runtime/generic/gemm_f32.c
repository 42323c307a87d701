/*===- gemm_f32.c - portable float GEMM micro-kernel ----------------------===*
 *
 * The fallback for CPUs (or feature masks) without a vector variant, and the
 * only kernel on targets without an arch/ directory. Written so that the
 * compiler can vectorize the NR loop with whatever baseline vectors the target
 * has (SSE2 on x86-64, NEON on AArch64).
 *===----------------------------------------------------------------------===*/

#include "gemm_f32_tiles.h"

enum { MR = 4, NR = QC_GEMM_F32_NR };

static void multiplyTile4x16(int64_t kc, const float *a, const float *b, float *c, int64_t ldc,
                             int accumulate) {
  float acc[MR][NR];
  for (int r = 0; r < MR; ++r)
    for (int j = 0; j < NR; ++j)
      acc[r][j] = accumulate ? c[r * ldc + j] : 0.0f;
  for (int64_t k = 0; k < kc; ++k, a += MR, b += NR)
    for (int r = 0; r < MR; ++r)
      for (int j = 0; j < NR; ++j)
        acc[r][j] += a[r] * b[j];
  for (int r = 0; r < MR; ++r)
    for (int j = 0; j < NR; ++j)
      c[r * ldc + j] = acc[r][j];
}

const qc_gemm_f32_tiles qc_gemm_f32_tiles_generic = {
    .name = "generic",
    .required_features = 0,
    .mr = MR,
    .mc = 128,
    .kc = 256,
    .tile = multiplyTile4x16,
};
