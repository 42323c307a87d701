/*===- gemm_s8_i8mm.c - int8 micro-kernel for NEON smmla (i8mm) -----------===*
 *
 * Built with -march=armv8.2-a+i8mm. smmla multiplies a 2 x 8 int8 matrix by
 * the transpose of another into a 2 x 2 int32 block: twice the multiply-adds
 * of sdot per instruction. Its operands are 2 rows (or 2 columns) of 8 k,
 * while packed A and B hold groups of 4 k: so the kernel takes k in pairs of
 * groups (g, g + 1), and each operand is the 4 k of group g then the 4 of
 * group g + 1 for one row (column), then the same for the next. The order of
 * k inside the 8 is the same for A and B, which is all a dot product needs.
 *   - B: rearranged once per panel slice by prepareB (16 bytes per column
 *     pair and pair of groups);
 *   - A: two 8-byte loads and two zips per row pair and pair of groups.
 * An odd last group pairs with zeros. The 4 x 16 tile is 2 row pairs x 8
 * column pairs = 16 accumulators of 2 x 2, untangled when stored.
 *===----------------------------------------------------------------------===*/

#include "gemm_s8_tiles.h"

#include <arm_neon.h>

enum { MR = 4, NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR };

/* Group g's 4 k of two consecutive rows (columns), 8 bytes, followed in the
 * output by group g + 1's (or zeros): the smmla operand of the pair. */
static inline int8x16_t pairOperand(int8x8_t group, int8x8_t next) {
  const int32x2_t g = vreinterpret_s32_s8(group), h = vreinterpret_s32_s8(next);
  return vreinterpretq_s8_s32(vcombine_s32(vzip1_s32(g, h), vzip2_s32(g, h)));
}

static void prepareB(int64_t kc, const int8_t *b, void *prepared) {
  int8_t *out = (int8_t *)prepared;
  const int64_t groups = kc / KR;
  for (int64_t g = 0; g < groups; g += 2, b += 2 * NR * KR) {
    for (int p = 0; p < NR / 2; ++p, out += 16) {
      const int8x8_t next = g + 1 < groups ? vld1_s8(b + NR * KR + 8 * p) : vdup_n_s8(0);
      vst1q_s8(out, pairOperand(vld1_s8(b + 8 * p), next));
    }
  }
}

static void multiplyTile4x16(int64_t kc, const void *aPacked, const void *bPrepared, int32_t *c,
                             int64_t ldc, int accumulate) {
  const int8_t *a = (const int8_t *)aPacked, *b = (const int8_t *)bPrepared;
  int32x4_t acc[2][NR / 2];
  for (int q = 0; q < 2; ++q)
    for (int p = 0; p < NR / 2; ++p)
      acc[q][p] = vdupq_n_s32(0);
  const int64_t groups = kc / KR;
  for (int64_t g = 0; g < groups; g += 2, a += 2 * MR * KR, b += 8 * 16) {
    int8x16_t rows[2];
    for (int q = 0; q < 2; ++q) {
      const int8x8_t next = g + 1 < groups ? vld1_s8(a + MR * KR + 8 * q) : vdup_n_s8(0);
      rows[q] = pairOperand(vld1_s8(a + 8 * q), next);
    }
    for (int p = 0; p < NR / 2; ++p) {
      const int8x16_t columns = vld1q_s8(b + 16 * p);
      acc[0][p] = vmmlaq_s32(acc[0][p], rows[0], columns);
      acc[1][p] = vmmlaq_s32(acc[1][p], rows[1], columns);
    }
  }
  /* acc[q][p] = rows 2q, 2q + 1 x columns 2p, 2p + 1, row-major. */
  for (int q = 0; q < 2; ++q)
    for (int m = 0; m < 4; ++m) {
      const int32x4_t first = acc[q][2 * m], second = acc[q][2 * m + 1];
      int32x4_t top = vcombine_s32(vget_low_s32(first), vget_low_s32(second));
      int32x4_t bottom = vcombine_s32(vget_high_s32(first), vget_high_s32(second));
      int32_t *row = c + 2 * q * ldc + 4 * m;
      if (accumulate) {
        top = vaddq_s32(top, vld1q_s32(row));
        bottom = vaddq_s32(bottom, vld1q_s32(row + ldc));
      }
      vst1q_s32(row, top);
      vst1q_s32(row + ldc, bottom);
    }
}

const qc_gemm_s8_tiles qc_gemm_s8_tiles_i8mm = {
    .name = "i8mm",
    .required_features = QC_CPU_ARM64_NEON | QC_CPU_ARM64_I8MM,
    .mr = MR,
    .mc = 64,
    .kc = 512,
    .wide_a = 0,
    .prepare_b = prepareB,
    .tile = multiplyTile4x16,
    .requantize = qc_gemm_s8_requantize_neon,
};
