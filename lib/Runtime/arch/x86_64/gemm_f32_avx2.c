/*===- gemm_f32_avx2.c - 6x16 float micro-kernel for AVX2 + FMA -----------===*
 *
 * Built with -mavx2 -mfma. 6 rows x 2 ymm accumulators = 12 of the 16 ymm
 * registers, plus 2 for the B row and 1 for the broadcast A value: the largest
 * tile that fits, so each B load feeds 6 FMAs.
 *===----------------------------------------------------------------------===*/

#include "gemm_f32_tiles.h"

#include <immintrin.h>

enum { MR = 6, NR = QC_GEMM_F32_NR };

static void multiplyTile6x16(int64_t kc, const float *a, const float *b, float *c, int64_t ldc,
                             int accumulate) {
  __m256 acc[MR][2];
  for (int r = 0; r < MR; ++r) {
    acc[r][0] = accumulate ? _mm256_loadu_ps(c + r * ldc) : _mm256_setzero_ps();
    acc[r][1] = accumulate ? _mm256_loadu_ps(c + r * ldc + 8) : _mm256_setzero_ps();
  }
  for (int64_t k = 0; k < kc; ++k, a += MR, b += NR) {
    __m256 b0 = _mm256_loadu_ps(b);
    __m256 b1 = _mm256_loadu_ps(b + 8);
    for (int r = 0; r < MR; ++r) {
      __m256 ar = _mm256_broadcast_ss(a + r);
      acc[r][0] = _mm256_fmadd_ps(ar, b0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(ar, b1, acc[r][1]);
    }
  }
  for (int r = 0; r < MR; ++r) {
    _mm256_storeu_ps(c + r * ldc, acc[r][0]);
    _mm256_storeu_ps(c + r * ldc + 8, acc[r][1]);
  }
}

const qc_gemm_f32_tiles qc_gemm_f32_tiles_avx2 = {
    .name = "avx2",
    .required_features = QC_CPU_X86_AVX2 | QC_CPU_X86_FMA,
    .mr = MR,
    .mc = 96,
    .kc = 256,
    .tile = multiplyTile6x16,
};
