/*===- gemm_s8_neon.c - int8 micro-kernel and requantizer, plain NEON -----===*
 *
 * For AArch64 CPUs without the dot product extension (Cortex-A53/A72...):
 * smull multiplies 8 pairs of int8 into int16 (at most 2^14 in magnitude:
 * exact), sadalp adds neighbouring products into the int32 accumulators. A
 * 16-byte group of packed B is 4 columns x 4 k, so each accumulator lane
 * holds half of one column's sum (k0 + k1 or k2 + k3), and the halves are
 * added once at the end: 8 accumulators per row, 2 rows.
 *
 * The requantizer is also the dotprod variant's (gemm_s8_dotprod.c) and the
 * depthwise kernel's: AArch64 has the 64-bit product (smull) and a 64-bit
 * shift by a register, and the saturating narrow to int32 leaves the clamp
 * to plain int32 min / max, since the clamp bounds are int32.
 *===----------------------------------------------------------------------===*/

#include "gemm_s8_tiles.h"

#include <arm_neon.h>

enum { MR = 2, NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR };

static void multiplyTile2x16(int64_t kc, const void *aPacked, const void *bPanel, int32_t *c,
                             int64_t ldc, int accumulate) {
  const int8_t *a = (const int8_t *)aPacked, *b = (const int8_t *)bPanel;
  int32x4_t halves[MR][8];
  for (int r = 0; r < MR; ++r)
    for (int q = 0; q < 8; ++q)
      halves[r][q] = vdupq_n_s32(0);
  for (int64_t kg = 0; kg < kc / KR; ++kg, a += MR * KR, b += NR * KR) {
    const int8x16_t bq[4] = {vld1q_s8(b), vld1q_s8(b + 16), vld1q_s8(b + 32), vld1q_s8(b + 48)};
    for (int r = 0; r < MR; ++r) {
      /* Row r's 4 values of k, repeated: the operand of every column. */
      const int8x16_t ar = vreinterpretq_s8_s32(vld1q_dup_s32((const int32_t *)(a + r * KR)));
      for (int q = 0; q < 4; ++q) {
        halves[r][2 * q] = vpadalq_s16(halves[r][2 * q], vmull_s8(vget_low_s8(bq[q]), vget_low_s8(ar)));
        halves[r][2 * q + 1] = vpadalq_s16(halves[r][2 * q + 1], vmull_high_s8(bq[q], ar));
      }
    }
  }
  for (int r = 0; r < MR; ++r)
    for (int q = 0; q < 4; ++q) {
      int32x4_t sum = vpaddq_s32(halves[r][2 * q], halves[r][2 * q + 1]);
      if (accumulate)
        sum = vaddq_s32(sum, vld1q_s32(c + r * ldc + 4 * q));
      vst1q_s32(c + r * ldc + 4 * q, sum);
    }
}

/* Two columns' 64-bit requantization, before the clamp: the rounded product
 * plus the zero point (gemm_s8_tiles.h's offset form, with a logical shift). */
static inline int64x2_t scale2(int64x2_t product, const qc_requant_panel *rp, int j) {
  const uint64x2_t u = vreinterpretq_u64_s64(vaddq_s64(product, vld1q_s64(rp->round + j)));
  const int64x2_t y = vreinterpretq_s64_u64(vshlq_u64(u, vnegq_s64(vld1q_s64(rp->shift64 + j))));
  return vsubq_s64(y, vld1q_s64(rp->offset + j));
}

void qc_gemm_s8_requantize_neon(const int32_t *tile, int64_t ldt, int64_t rows, int64_t columns,
                                const qc_requant_panel *rp, int outKind, void *out,
                                int64_t ldo) {
  if (columns < NR) { /* a partial panel: the scalar formula, same bits */
    qc_gemm_s8_requantize_scalar(tile, ldt, rows, columns, rp, outKind, out, ldo);
    return;
  }
  const int32x4_t lo = vdupq_n_s32(rp->clamp_min), hi = vdupq_n_s32(rp->clamp_max);
  for (int64_t i = 0; i < rows; ++i) {
    int32x4_t code[4];
    for (int q = 0; q < 4; ++q) {
      const int32x4_t sum = vaddq_s32(vld1q_s32(tile + i * ldt + 4 * q), vld1q_s32(rp->bias + 4 * q));
      if (outKind == QC_S8_OUT_S32) {
        vst1q_s32((int32_t *)out + i * ldo + 4 * q, sum);
        continue;
      }
      const int32x4_t m = vld1q_s32(rp->multiplier + 4 * q);
      const int64x2_t x0 = scale2(vmull_s32(vget_low_s32(sum), vget_low_s32(m)), rp, 4 * q);
      const int64x2_t x1 = scale2(vmull_high_s32(sum, m), rp, 4 * q + 2);
      code[q] = vminq_s32(vmaxq_s32(vcombine_s32(vqmovn_s64(x0), vqmovn_s64(x1)), lo), hi);
    }
    if (outKind == QC_S8_OUT_S32)
      continue;
    const int16x8_t low = vcombine_s16(vqmovn_s32(code[0]), vqmovn_s32(code[1]));
    const int16x8_t high = vcombine_s16(vqmovn_s32(code[2]), vqmovn_s32(code[3]));
    if (outKind == QC_S8_OUT_S8)
      vst1q_s8((int8_t *)out + i * ldo, vcombine_s8(vqmovn_s16(low), vqmovn_s16(high)));
    else
      vst1q_u8((uint8_t *)out + i * ldo, vcombine_u8(vqmovun_s16(low), vqmovun_s16(high)));
  }
}

const qc_gemm_s8_tiles qc_gemm_s8_tiles_neon = {
    .name = "neon",
    .required_features = QC_CPU_ARM64_NEON,
    .mr = MR,
    .mc = 64,
    .kc = 512,
    .wide_a = 0,
    .prepare_b = NULL,
    .tile = multiplyTile2x16,
    .requantize = qc_gemm_s8_requantize_neon,
};
