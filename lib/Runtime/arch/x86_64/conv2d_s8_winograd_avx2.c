/*===- conv2d_s8_winograd_avx2.c - Winograd conv micro-kernel, AVX2 -------===*
 *
 * Built with -mavx2. The int8 GEMM's 6 x 16 vpmaddwd tile (gemm_s8_avx2.c)
 * on operands that are int16 already: B is loaded as it is, 4 columns x 4 k
 * per ymm, instead of widened from bytes. |A| <= 512 and |B| <= 1152 keep
 * each vpmaddwd pair sum far inside int32; the vpaddd sums wrap modulo
 * 2^32, as the exactness argument allows (KernelABI.h).
 *===----------------------------------------------------------------------===*/

#include "conv2d_s8_winograd.h"
#include "conv2d_s8_winograd_transform.h"

#include <immintrin.h>
#include <string.h>

enum { MR = QC_WINOGRAD_MR, KA = QC_WINOGRAD_KA, NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR };

/* The tile of ROWS (<= MR) rows, as two ROWS x 8 halves: the row count is
 * a constant in each instance, so the accumulators stay in registers. */
static inline __attribute__((always_inline)) void
multiplyRows(int64_t kc, const int16_t *aPacked, const int16_t *bPacked, int32_t *c, int64_t ldc,
             const int ROWS) {
  for (int half = 0; half < 2; ++half) { /* columns 0-7, then 8-15 */
    const int16_t *a = aPacked;
    const int16_t *b = bPacked + 8 * KR * half;
    __m256i acc[MR][2]; /* columns 0-3 and 4-7 of the half, two lanes each */
    for (int r = 0; r < ROWS; ++r)
      acc[r][0] = acc[r][1] = _mm256_setzero_si256();
    /* Per group of KA = 8 channels, the two groups of KR = 4 of packed B. */
    for (int64_t kg = 0; kg < kc / KA; ++kg, a += MR * KA)
      for (int sub = 0; sub < KA / KR; ++sub, b += NR * KR) {
        const __m256i b0 = _mm256_loadu_si256((const __m256i *)b);
        const __m256i b1 = _mm256_loadu_si256((const __m256i *)(b + 16));
        for (int r = 0; r < ROWS; ++r) {
          int64_t ak;
          memcpy(&ak, a + r * KA + sub * KR, sizeof ak);
          const __m256i ar = _mm256_set1_epi64x(ak);
          acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(ar, b0));
          acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(ar, b1));
        }
      }
    for (int r = 0; r < ROWS; ++r) {
      /* Per 128-bit lane: columns 0 1 4 5, then 2 3 6 7: vpermq restores the order. */
      const __m256i sums = _mm256_permute4x64_epi64(_mm256_hadd_epi32(acc[r][0], acc[r][1]),
                                                    _MM_SHUFFLE(3, 1, 2, 0));
      _mm256_storeu_si256((__m256i *)(c + r * ldc + 8 * half), sums);
    }
  }
}

static void multiplyTile6x16(int64_t kc, const int16_t *a, const int16_t *b, int32_t *c,
                             int64_t ldc, int rows) {
  switch (rows) {
  case 6: multiplyRows(kc, a, b, c, ldc, 6); break;
  case 5: multiplyRows(kc, a, b, c, ldc, 5); break;
  case 4: multiplyRows(kc, a, b, c, ldc, 4); break;
  case 3: multiplyRows(kc, a, b, c, ldc, 3); break;
  case 2: multiplyRows(kc, a, b, c, ldc, 2); break;
  default: multiplyRows(kc, a, b, c, ldc, 1); break;
  }
}

static void transformRow(const qc_winograd_input *in, int64_t tileRow) {
  qc_winograd_transform_row(in, tileRow);
}

const qc_conv2d_s8_winograd_kernel qc_conv2d_s8_winograd_avx2 = {
    .name = "avx2",
    .required_features = QC_CPU_X86_AVX2,
    .transform_row = transformRow,
    .tile = multiplyTile6x16,
};
