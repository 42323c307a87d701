/*===- gemm_s8_avx2.c - int8 micro-kernel for AVX2 on vpmaddwd ------------===*
 *
 * Built with -mavx2. vpmaddwd multiplies int16 pairs and adds each pair into
 * an int32 lane: exact for any int8 operands ((-128)^2 * 2 = 32768 fits an
 * int32 lane), unlike vpmaddubsw, whose int16 pair sums saturate for uint8 x
 * int8 (255 * 127 * 2 > 32767), except for weights whose pairs fit
 * (gemm_u8s8_avx2.c, which this file's requantizers serve too). A is packed
 * as int16 (wide_a); B is read as packed.
 *
 * Each group of 4 k of packed B holds 16 columns x 4 int8: vpmovsxbw widens
 * 4 columns at a time (16 bytes) to int16 in the group's own order, (k0, k1)
 * then (k2, k3) of each column, and A's 4 int16 of the group, broadcast as
 * one quadword, multiply them: lane 2c holds column c's k0-k1 product sum,
 * lane 2c + 1 its k2-k3 sum. So no B preparation is needed (the widening
 * loads cost the loads the prepared B would); the lane pairs are added
 * (vphaddd) once per tile. The tile is computed as two 6 x 8 halves, each
 * with 12 accumulators (6 rows x 2 ymm of 4 columns), 2 for B and 1 for A.
 *===----------------------------------------------------------------------===*/

#include "gemm_s8_tiles.h"

#include <immintrin.h>
#include <string.h>

enum { MR = 6, NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR };

static void multiplyTile6x16(int64_t kc, const void *aPacked, const void *bPacked, int32_t *c,
                             int64_t ldc, int accumulate) {
  for (int half = 0; half < 2; ++half) { /* columns 0-7, then 8-15 */
    const int16_t *a = (const int16_t *)aPacked;
    const int8_t *b = (const int8_t *)bPacked + 8 * KR * half;
    __m256i acc[MR][2]; /* columns 0-3 and 4-7 of the half, two lanes each */
    for (int r = 0; r < MR; ++r)
      acc[r][0] = acc[r][1] = _mm256_setzero_si256();
    for (int64_t kg = 0; kg < kc / KR; ++kg, a += MR * KR, b += NR * KR) {
      const __m256i b0 = _mm256_cvtepi8_epi16(_mm_load_si128((const __m128i *)b));
      const __m256i b1 = _mm256_cvtepi8_epi16(_mm_load_si128((const __m128i *)(b + 16)));
      for (int r = 0; r < MR; ++r) {
        int64_t ak;
        memcpy(&ak, a + r * KR, sizeof ak);
        const __m256i ar = _mm256_set1_epi64x(ak);
        acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(ar, b0));
        acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(ar, b1));
      }
    }
    for (int r = 0; r < MR; ++r) {
      /* Per 128-bit lane: columns 0 1 4 5, then 2 3 6 7: vpermq restores the order. */
      __m256i sums = _mm256_permute4x64_epi64(_mm256_hadd_epi32(acc[r][0], acc[r][1]),
                                              _MM_SHUFFLE(3, 1, 2, 0));
      int32_t *row = c + r * ldc + 8 * half;
      if (accumulate)
        sums = _mm256_add_epi32(sums, _mm256_loadu_si256((const __m256i *)row));
      _mm256_storeu_si256((__m256i *)row, sums);
    }
  }
}

/* Requantizes 4 columns (int32 accumulators + bias) at column j of the panel,
 * for any shift:
 * the 64-bit product, made non-negative by the 2^62 in round so that the
 * logical vpsrlvq can stand for the arithmetic shift AVX2 lacks, then the
 * clamp in that offset domain (gemm_s8_tiles.h). */
static inline __m128i requantize4(__m128i acc, const qc_requant_panel *rp, int j) {
  const __m256i wide = _mm256_cvtepi32_epi64(acc);
  const __m256i m = _mm256_cvtepi32_epi64(_mm_loadu_si128((const __m128i *)(rp->multiplier + j)));
  __m256i y = _mm256_add_epi64(_mm256_mul_epi32(wide, m),
                               _mm256_loadu_si256((const __m256i *)(rp->round + j)));
  y = _mm256_srlv_epi64(y, _mm256_loadu_si256((const __m256i *)(rp->shift64 + j)));
  const __m256i low = _mm256_loadu_si256((const __m256i *)(rp->low + j));
  const __m256i high = _mm256_loadu_si256((const __m256i *)(rp->high + j));
  y = _mm256_blendv_epi8(y, low, _mm256_cmpgt_epi64(low, y));
  y = _mm256_blendv_epi8(y, high, _mm256_cmpgt_epi64(y, high));
  y = _mm256_sub_epi64(y, _mm256_loadu_si256((const __m256i *)(rp->offset + j)));
  /* Every lane is now a clamped code: keep the low halves. */
  const __m256i lowHalves = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
  return _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(y, lowHalves));
}

/* The high halves of the 64-bit products sum[i] * m[i], i < 8, in order:
 * vpmuldq multiplies the even lanes, and the odd ones shifted down. */
static inline __m256i multiplyHigh8(__m256i sum, __m256i m) {
  const __m256i even = _mm256_mul_epi32(sum, m);
  const __m256i odd = _mm256_mul_epi32(_mm256_srli_epi64(sum, 32), _mm256_srli_epi64(m, 32));
  return _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

/* Requantizes 8 columns (group h of the panel) in the 32-bit form
 * (qc_requant_high_applies; clampLow / clampHigh: apply clamp_min /
 * clamp_max, else left to the saturating packs of storeCodes): the high
 * halves of the products, plus the rounding term with the zero point folded
 * in, shifted by s - 32 (vpsravd). */
static inline __m256i requantize8(__m256i sum, const qc_requant_panel *rp, int h, int clampLow,
                                  int clampHigh) {
  const __m256i m = _mm256_loadu_si256((const __m256i *)(rp->multiplier + 8 * h));
  const __m256i rounding = _mm256_loadu_si256((const __m256i *)(rp->rounding + 8 * h));
  __m256i x = _mm256_srav_epi32(_mm256_add_epi32(multiplyHigh8(sum, m), rounding),
                                _mm256_loadu_si256((const __m256i *)(rp->shift_high + 8 * h)));
  if (clampLow)
    x = _mm256_max_epi32(x, _mm256_set1_epi32(rp->clamp_min));
  if (clampHigh)
    x = _mm256_min_epi32(x, _mm256_set1_epi32(rp->clamp_max));
  return x;
}

/* The 16 int32 of one row, narrowed with saturation to int16, then to int8
 * or uint8: that is the clamp to the 8-bit range, exactly, for any int32. */
static inline void storeCodes(__m128i c0, __m128i c1, __m128i c2, __m128i c3, int outKind,
                              uint8_t *out) {
  const __m128i c01 = _mm_packs_epi32(c0, c1), c23 = _mm_packs_epi32(c2, c3);
  const __m128i bytes =
      outKind == QC_S8_OUT_S8 ? _mm_packs_epi16(c01, c23) : _mm_packus_epi16(c01, c23);
  _mm_storeu_si128((__m128i *)out, bytes);
}

/* One row's parameters, broadcast (the 32-bit form). */
typedef struct RowScale {
  __m256i bias, multiplier, rounding;
  __m128i shiftHigh;
} RowScale;

static inline RowScale rowScale(int32_t bias, int32_t multiplier, int32_t rounding,
                                int32_t shift) {
  const RowScale r = {_mm256_set1_epi32(bias), _mm256_set1_epi32(multiplier),
                      _mm256_set1_epi32(rounding), _mm_cvtsi32_si128(shift - 32)};
  return r;
}

/* The output's clamp bounds, broadcast. */
typedef struct RowOutput {
  __m256i clampMin, clampMax;
} RowOutput;

static inline RowOutput rowOutput(int32_t clampMin, int32_t clampMax) {
  const RowOutput o = {_mm256_set1_epi32(clampMin), _mm256_set1_epi32(clampMax)};
  return o;
}

/* 0 when both clamp bounds are the ends of the 8-bit range, which the
 * saturating packs give. */
static inline int needsClamp(int32_t clampMin, int32_t clampMax, int outKind) {
  return outKind == QC_S8_OUT_S8 ? clampMin > -128 || clampMax < 127
                                 : clampMin > 0 || clampMax < 255;
}

/* The 16 int32 codes of one row (acc + bias, requantized), clamped if asked. */
static inline __attribute__((always_inline)) void
requantizeRowValues(const int32_t *acc, RowScale r, RowOutput o, int clamp, __m256i x[2]) {
  for (int h = 0; h < 2; ++h) {
    const __m256i sum =
        _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)(acc + 8 * h)), r.bias);
    x[h] = _mm256_sra_epi32(_mm256_add_epi32(multiplyHigh8(sum, r.multiplier), r.rounding),
                            r.shiftHigh);
    if (clamp)
      x[h] = _mm256_min_epi32(_mm256_max_epi32(x[h], o.clampMin), o.clampMax);
  }
}

/* Two rows of 16 codes narrowed together (saturating): the 256-bit packs
 * interleave the rows' groups of 4 codes, one vpermd puts each row in its
 * own half. out1 NULL: the first row only. */
static inline __attribute__((always_inline)) void
storeRowPair(const __m256i x[2], const __m256i y[2], int outKind, uint8_t *out0, uint8_t *out1) {
  const __m256i xWords = _mm256_packs_epi32(x[0], x[1]), yWords = _mm256_packs_epi32(y[0], y[1]);
  const __m256i bytes = outKind == QC_S8_OUT_S8 ? _mm256_packs_epi16(xWords, yWords)
                                                : _mm256_packus_epi16(xWords, yWords);
  const __m256i rows =
      _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
  _mm_storeu_si128((__m128i *)out0, _mm256_castsi256_si128(rows));
  if (out1)
    _mm_storeu_si128((__m128i *)out1, _mm256_extracti128_si256(rows, 1));
}

/* A uniform panel of codes (the depthwise planes'): its parameters stay in
 * registers, one multiplier for both vpmuldq, one shift count; rows in
 * pairs. Inlined per kind of output and clamp. */
static inline __attribute__((always_inline)) void
requantizeUniform(const int32_t *tile, int64_t ldt, int64_t rows, const qc_requant_panel *rp,
                  int outKind, int clamp, uint8_t *out, int64_t ldo) {
  const RowScale r = rowScale(rp->bias[0], rp->multiplier[0], rp->rounding[0], rp->shift[0]);
  const RowOutput o = rowOutput(rp->clamp_min, rp->clamp_max);
  for (int64_t i = 0; i < rows; i += 2) {
    __m256i x[2], y[2];
    requantizeRowValues(tile + i * ldt, r, o, clamp, x);
    if (i + 1 < rows)
      requantizeRowValues(tile + (i + 1) * ldt, r, o, clamp, y);
    else
      y[0] = y[1] = x[0];
    storeRowPair(x, y, outKind, out + i * ldo, i + 1 < rows ? out + (i + 1) * ldo : NULL);
  }
}

void qc_gemm_s8_requantize_avx2(const int32_t *tile, int64_t ldt, int64_t rows, int64_t columns,
                                const qc_requant_panel *rp, int outKind, void *out, int64_t ldo) {
  if (columns < NR) { /* a partial panel: the scalar formula, same bits */
    qc_gemm_s8_requantize_scalar(tile, ldt, rows, columns, rp, outKind, out, ldo);
    return;
  }
  const __m256i shiftHigh0 = _mm256_loadu_si256((const __m256i *)rp->shift_high);
  const __m256i shiftHigh1 = _mm256_loadu_si256((const __m256i *)(rp->shift_high + 8));
  const int highForm = /* every shift_high >= 0: the 32-bit form applies to every column */
      _mm256_movemask_epi8(_mm256_or_si256(shiftHigh0, shiftHigh1)) == 0;
  if (rp->uniform && highForm && outKind != QC_S8_OUT_S32) {
    const int clamp = needsClamp(rp->clamp_min, rp->clamp_max, outKind);
    uint8_t *codes = (uint8_t *)out;
    if (outKind == QC_S8_OUT_U8 && clamp)
      requantizeUniform(tile, ldt, rows, rp, QC_S8_OUT_U8, 1, codes, ldo);
    else if (outKind == QC_S8_OUT_U8)
      requantizeUniform(tile, ldt, rows, rp, QC_S8_OUT_U8, 0, codes, ldo);
    else if (clamp)
      requantizeUniform(tile, ldt, rows, rp, QC_S8_OUT_S8, 1, codes, ldo);
    else
      requantizeUniform(tile, ldt, rows, rp, QC_S8_OUT_S8, 0, codes, ldo);
    return;
  }
  if (outKind != QC_S8_OUT_S32 && highForm) {
    /* The packs saturate to the 8-bit range: a clamp bound at its end is free. */
    const int clampLow = rp->clamp_min > (outKind == QC_S8_OUT_S8 ? -128 : 0);
    const int clampHigh = rp->clamp_max < (outKind == QC_S8_OUT_S8 ? 127 : 255);
    const __m256i bias0 = _mm256_loadu_si256((const __m256i *)rp->bias);
    const __m256i bias1 = _mm256_loadu_si256((const __m256i *)(rp->bias + 8));
    for (int64_t i = 0; i < rows; ++i) {
      const int32_t *acc = tile + i * ldt;
      const __m256i x0 =
          requantize8(_mm256_add_epi32(_mm256_loadu_si256((const __m256i *)acc), bias0), rp, 0,
                      clampLow, clampHigh);
      const __m256i x1 = requantize8(
          _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)(acc + 8)), bias1), rp, 1,
          clampLow, clampHigh);
      storeCodes(_mm256_castsi256_si128(x0), _mm256_extracti128_si256(x0, 1),
                 _mm256_castsi256_si128(x1), _mm256_extracti128_si256(x1, 1), outKind,
                 (uint8_t *)out + i * ldo);
    }
    return;
  }
  for (int64_t i = 0; i < rows; ++i) {
    const int32_t *acc = tile + i * ldt;
    __m128i sum[4];
    for (int q = 0; q < 4; ++q)
      sum[q] = _mm_add_epi32(_mm_loadu_si128((const __m128i *)(acc + 4 * q)),
                             _mm_loadu_si128((const __m128i *)(rp->bias + 4 * q)));
    if (outKind == QC_S8_OUT_S32) {
      for (int q = 0; q < 4; ++q)
        _mm_storeu_si128((__m128i *)((int32_t *)out + i * ldo + 4 * q), sum[q]);
      continue;
    }
    storeCodes(requantize4(sum[0], rp, 0), requantize4(sum[1], rp, 4), requantize4(sum[2], rp, 8),
               requantize4(sum[3], rp, 12), outKind, (uint8_t *)out + i * ldo);
  }
}

/* Full rows of codes, the 32-bit form for every row: inlined per kind of
 * output and clamp, rows in pairs. */
static inline __attribute__((always_inline)) void
requantizeFullRows(const int32_t *tile, int64_t ldt, int64_t rows, const qc_requant_rows *rr,
                   int outKind, int clamp, uint8_t *out, int64_t ldo) {
  const RowOutput o = rowOutput(rr->clamp_min, rr->clamp_max);
  for (int64_t i = 0; i < rows; i += 2) {
    __m256i x[2], y[2];
    requantizeRowValues(tile + i * ldt,
                        rowScale(rr->bias[i], rr->multiplier[i], rr->rounding[i], rr->shift[i]),
                        o, clamp, x);
    if (i + 1 < rows)
      requantizeRowValues(tile + (i + 1) * ldt,
                          rowScale(rr->bias[i + 1], rr->multiplier[i + 1], rr->rounding[i + 1],
                                   rr->shift[i + 1]),
                          o, clamp, y);
    else
      y[0] = y[1] = x[0];
    storeRowPair(x, y, outKind, out + i * ldo, i + 1 < rows ? out + (i + 1) * ldo : NULL);
  }
}

/* Partial panels, int32 output and tiles with a row outside the 32-bit form
 * take the reference. */
void qc_gemm_s8_requantize_rows_avx2(const int32_t *tile, int64_t ldt, int64_t rows,
                                     int64_t columns, const qc_requant_rows *rr, int outKind,
                                     void *out, int64_t ldo) {
  int vector = columns == NR && outKind != QC_S8_OUT_S32;
  for (int64_t i = 0; i < rows; ++i)
    vector &= qc_requant_high_applies(rr->shift[i]);
  if (!vector) {
    qc_gemm_s8_requantize_rows_scalar(tile, ldt, rows, columns, rr, outKind, out, ldo);
    return;
  }
  const int clamp = needsClamp(rr->clamp_min, rr->clamp_max, outKind);
  uint8_t *codes = (uint8_t *)out;
  if (outKind == QC_S8_OUT_U8 && clamp)
    requantizeFullRows(tile, ldt, rows, rr, QC_S8_OUT_U8, 1, codes, ldo);
  else if (outKind == QC_S8_OUT_U8)
    requantizeFullRows(tile, ldt, rows, rr, QC_S8_OUT_U8, 0, codes, ldo);
  else if (clamp)
    requantizeFullRows(tile, ldt, rows, rr, QC_S8_OUT_S8, 1, codes, ldo);
  else
    requantizeFullRows(tile, ldt, rows, rr, QC_S8_OUT_S8, 0, codes, ldo);
}

const qc_gemm_s8_tiles qc_gemm_s8_tiles_avx2 = {
    .name = "avx2",
    .required_features = QC_CPU_X86_AVX2,
    .mr = MR,
    .mc = 60,
    .kc = 512,
    .wide_a = 1,
    .prepare_b = NULL,
    .tile = multiplyTile6x16,
    .requantize = qc_gemm_s8_requantize_avx2,
    .requantize_rows = qc_gemm_s8_requantize_rows_avx2,
};
