/*===- gemm_s8.c - portable int8 GEMM micro-kernel and requantizer --------===*
 *
 * The fallback for CPUs (or feature masks) without a vector variant, and the
 * only kernel on targets without an arch/ directory. Its requantizer calls
 * the reference, qc_requantize_one (requantize.c), element by element; the
 * vector variants use it for the columns of a partial panel (and, in its
 * per-row form, for rows whose shift is below 32).
 *===----------------------------------------------------------------------===*/

#include "gemm_s8_tiles.h"

#include <string.h>

enum { MR = 4, NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR };

static void multiplyTile4x16(int64_t kc, const void *aPacked, const void *bPanel, int32_t *c,
                             int64_t ldc, int accumulate) {
  const int8_t *a = (const int8_t *)aPacked, *b = (const int8_t *)bPanel;
  int32_t acc[MR][NR];
  for (int r = 0; r < MR; ++r)
    for (int j = 0; j < NR; ++j)
      acc[r][j] = accumulate ? c[r * ldc + j] : 0;
  for (int64_t kg = 0; kg < kc / KR; ++kg, a += MR * KR, b += NR * KR)
    for (int r = 0; r < MR; ++r)
      for (int j = 0; j < NR; ++j)
        for (int kk = 0; kk < KR; ++kk)
          acc[r][j] += a[r * KR + kk] * b[j * KR + kk];
  for (int r = 0; r < MR; ++r)
    for (int j = 0; j < NR; ++j)
      c[r * ldc + j] = acc[r][j];
}

/* Element `index` of out: acc + bias (wrapping like the kernels' int32 sums:
 * exact when the true sum fits), as is or requantized by the reference. */
static inline void storeElement(int32_t acc, int32_t bias, int32_t multiplier, int32_t shift,
                                int32_t zeroPoint, int32_t clampMin, int32_t clampMax,
                                int outKind, void *out, int64_t index) {
  const int32_t sum = (int32_t)((uint32_t)acc + (uint32_t)bias);
  if (outKind == QC_S8_OUT_S32) {
    ((int32_t *)out)[index] = sum;
    return;
  }
  const int32_t code = qc_requantize_one(sum, multiplier, shift, zeroPoint, clampMin, clampMax);
  if (outKind == QC_S8_OUT_S8)
    ((int8_t *)out)[index] = (int8_t)code;
  else
    ((uint8_t *)out)[index] = (uint8_t)code;
}

void qc_gemm_s8_requantize_scalar(const int32_t *tile, int64_t ldt, int64_t rows,
                                  int64_t columns, const qc_requant_panel *rp, int outKind,
                                  void *out, int64_t ldo) {
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < columns; ++j)
      storeElement(tile[i * ldt + j], rp->bias[j], rp->multiplier[j], rp->shift[j],
                   rp->zero_point, rp->clamp_min, rp->clamp_max, outKind, out, i * ldo + j);
}

void qc_gemm_s8_requantize_rows_scalar(const int32_t *tile, int64_t ldt, int64_t rows,
                                       int64_t columns, const qc_requant_rows *rr, int outKind,
                                       void *out, int64_t ldo) {
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < columns; ++j)
      storeElement(tile[i * ldt + j], rr->bias[i], rr->multiplier[i], rr->shift[i],
                   rr->zero_point, rr->clamp_min, rr->clamp_max, outKind, out, i * ldo + j);
}

const qc_gemm_s8_tiles qc_gemm_s8_tiles_generic = {
    .name = "generic",
    .required_features = 0,
    .mr = MR,
    .mc = 64,
    .kc = 512,
    .wide_a = 0,
    .prepare_b = NULL,
    .tile = multiplyTile4x16,
    .requantize = qc_gemm_s8_requantize_scalar,
    .requantize_rows = qc_gemm_s8_requantize_rows_scalar,
};
