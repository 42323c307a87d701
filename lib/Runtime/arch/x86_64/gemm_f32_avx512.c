/*===- gemm_f32_avx512.c - 14x16 float micro-kernel for AVX-512 -----------===*
 *
 * Built with -mavx512f. One zmm holds a whole 16-column B row, so 14 rows of
 * accumulators leave 32 - 14 registers for the B row and the A broadcasts;
 * the broadcasts fold into the FMAs as embedded {1to16} memory operands, so
 * the loop issues 1 load and 14 FMAs per step. 14 rather than more rows:
 * two FMA ports with 4-cycle latency need >= 8 independent accumulators, and
 * more rows would only shrink MC.
 *===----------------------------------------------------------------------===*/

#include "gemm_f32_tiles.h"

#include <immintrin.h>

enum { MR = 14, NR = QC_GEMM_F32_NR };

static void multiplyTile14x16(int64_t kc, const float *a, const float *b, float *c,
                              int64_t ldc, int accumulate) {
  __m512 acc[MR];
  for (int r = 0; r < MR; ++r)
    acc[r] = accumulate ? _mm512_loadu_ps(c + r * ldc) : _mm512_setzero_ps();
  for (int64_t k = 0; k < kc; ++k, a += MR, b += NR) {
    __m512 bRow = _mm512_loadu_ps(b);
    for (int r = 0; r < MR; ++r)
      acc[r] = _mm512_fmadd_ps(_mm512_set1_ps(a[r]), bRow, acc[r]);
  }
  for (int r = 0; r < MR; ++r)
    _mm512_storeu_ps(c + r * ldc, acc[r]);
}

const qc_gemm_f32_tiles qc_gemm_f32_tiles_avx512 = {
    .name = "avx512",
    .required_features = QC_CPU_X86_AVX512F,
    .mr = MR,
    .mc = 140,
    .kc = 256,
    .tile = multiplyTile14x16,
};
