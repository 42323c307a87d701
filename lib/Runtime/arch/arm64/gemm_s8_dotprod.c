/*===- gemm_s8_dotprod.c - int8 micro-kernel for NEON sdot ----------------===*
 *
 * Built with -march=armv8.2-a+dotprod. sdot adds, in each int32 lane, the
 * dot product of 4 int8 pairs: packed B's 16-byte group is 4 columns x 4 k
 * and packed A's is 4 rows x 4 k, so `sdot acc, b, a.4b[r]` is row r times
 * 4 columns, with no rearrangement. A uint8 activation is packed as a - 128
 * and the driver adds 128 * the column sums back (gemm_s8_tiles.h): sdot
 * only multiplies int8 by int8. 4 rows x 16 columns = 16 accumulators, plus
 * 4 B registers and 1 for A, of the 32.
 *===----------------------------------------------------------------------===*/

#include "gemm_s8_tiles.h"

#include <arm_neon.h>

enum { MR = 4, NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR };

/* The lane of sdot's by-element form must be a constant. */
#define DOT_ROW(r)                                                                             \
  for (int q = 0; q < 4; ++q)                                                                  \
  acc[r][q] = vdotq_laneq_s32(acc[r][q], bq[q], a4, r)

static void multiplyTile4x16(int64_t kc, const void *aPacked, const void *bPanel, int32_t *c,
                             int64_t ldc, int accumulate) {
  const int8_t *a = (const int8_t *)aPacked, *b = (const int8_t *)bPanel;
  int32x4_t acc[MR][4];
  for (int r = 0; r < MR; ++r)
    for (int q = 0; q < 4; ++q)
      acc[r][q] = accumulate ? vld1q_s32(c + r * ldc + 4 * q) : vdupq_n_s32(0);
  for (int64_t kg = 0; kg < kc / KR; ++kg, a += MR * KR, b += NR * KR) {
    const int8x16_t bq[4] = {vld1q_s8(b), vld1q_s8(b + 16), vld1q_s8(b + 32), vld1q_s8(b + 48)};
    const int8x16_t a4 = vld1q_s8(a);
    DOT_ROW(0);
    DOT_ROW(1);
    DOT_ROW(2);
    DOT_ROW(3);
  }
  for (int r = 0; r < MR; ++r)
    for (int q = 0; q < 4; ++q)
      vst1q_s32(c + r * ldc + 4 * q, acc[r][q]);
}

const qc_gemm_s8_tiles qc_gemm_s8_tiles_dotprod = {
    .name = "dotprod",
    .required_features = QC_CPU_ARM64_NEON | QC_CPU_ARM64_DOTPROD,
    .mr = MR,
    .mc = 64,
    .kc = 512,
    .wide_a = 0,
    .prepare_b = NULL,
    .tile = multiplyTile4x16,
    .requantize = qc_gemm_s8_requantize_neon,
};
