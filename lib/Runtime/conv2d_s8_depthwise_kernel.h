/*===- conv2d_s8_depthwise_kernel.h - int8 depthwise kernel, per ISA ------===*
 *
 * Runtime-internal. Included by each variant file (generic/, arch/<target>/),
 * which is compiled with its ISA's flags and defines REQUANTIZE, the int8
 * GEMM requantizer of the same ISA (qc_gemm_s8_requantize_fn). The sums are
 * vectors of 8 int32 (GCC/Clang `vector_size`, one ymm with AVX2, two
 * registers with SSE2 or NEON).
 *
 * As the float depthwise kernel (conv2d_f32_depthwise_plane.h), a band of
 * the input rows a plane needs is first copied, widened to int16, into a
 * buffer on the stack with its padding written as the input zero point and
 * each row split into stride_w phases (phase f holds columns f, f + s, ...).
 * The taps then go in pairs of kernel rows, as int16 pairs for one
 * multiply-add of pairs (vpmaddwd with AVX2). With dilation_h = D, pair row r
 * of the band (for the r with r / D even) interleaves band rows r and r + D
 * entry by entry, so that each band row is in exactly one pair row: an output
 * row whose first band row r0 is such an r pairs kernel rows (0, 1), (2, 3),
 * ..., one whose r0 is not pairs (-1, 0), (1, 2), ... from pair row r0 - D,
 * the missing kernel rows' weights 0. The weights of the two taps (kh, kw) of
 * a pair make one int16 pair, broadcast. Tap pair (kh, kw) of 8 consecutive
 * output pixels is then one unit-stride load at a per-tap offset, whatever
 * the stride, dilation and border, and one multiply-add: each vector of sums
 * stays in registers over all the taps, with no bounds check. It is
 * exact: codes are in [-128, 255] and weights in [-128, 127], so a pair's
 * two products and their sum are at most 2 * 255 * 128 in magnitude, and the
 * int32 sums are those of the reference (both wrap alike). Without
 * dilation, output rows go two at a time, each tap pair's entries loaded
 * once for both (stride 1: the second row reads the same pair rows with the
 * other weight table; stride 2: its first pair row is the first row's
 * second). Planes whose rows do not fit the buffer go tap by tap along the
 * row instead (sumRow), with the borders split off.
 *
 * Planes with output rows of at most 56 go 16 channels of an image at a
 * time instead (convolveChannelBlock), in bands of output rows: the band's
 * input rows of the 16 planes, consecutive in each plane, are transposed
 * channel-last 32 pixels at a time (two 16 x 16 byte transposes per 256-bit
 * shuffle); from them, the same pair rows as above with the vector lanes
 * across channels: each padded column of a pair row holds the 16 channels'
 * entry pairs (two vectors of 8), so every tap pair of 8 channels of an
 * output pixel is one aligned load and one vpmaddwd with that tap pair's
 * per-channel weights, whatever the stride, again two output rows at a
 * time. The band's sums, [pixel][channel], are requantized with one column
 * per channel and transposed back 32 pixels at a time (a band's pixels are
 * consecutive in every output plane). There is no per-plane setup, and the
 * vectors are full whatever the width.
 *
 * Plane by plane, the sums of a band (contiguous, like the output) or of a row
 * chunk are requantized by the GEMM's vector epilogue in one call, as a tile
 * of 16-pixel rows sharing the channel's parameters: the same bits as the
 * im2col path and qc_requantize_one.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_S8_DEPTHWISE_KERNEL_H
#define QUANTC_RUNTIME_CONV2D_S8_DEPTHWISE_KERNEL_H

#include "conv2d_s8.h"
#include "transpose_bytes.h"

#include <string.h>
#if defined(__SSE2__)
#include <immintrin.h>
#endif

#define ALWAYS_INLINE inline __attribute__((always_inline))

enum {
  CHUNK = 256, /* output pixels of a row computed at once (the sums stay in L1) */
  NR = QC_GEMM_S8_NR,
  VECTOR = 8,
  /* Entries of the padded band, as int16 pairs (16 KiB of stack): small
   * enough that the pairs and the sums stay in L1. */
  BAND_VALUES = 4096,
  MAX_KERNEL_WIDTH = 32,
  MAX_KERNEL_HEIGHT = 32,
  /* Output rows sharing their pair rows' loads (4 gained nothing on
   * MobileNetV2's 56- and 112-wide layers). */
  ROWS_PER_PASS = 2,
  /* Channel blocks, per band: the pair rows of 16 channels (32 KiB), the
   * input rows channel-last (16 KiB), the sums of at most BLOCK_PIXELS
   * output pixels (16 KiB) and their codes: about 82 KiB of stack, within
   * the pool's worker stacks (threadpool.c). 512 pixels and 32 KiB of
   * input rows gained 1 to 5% on MobileNetV2's layers for 48 KiB more. */
  BLOCK_PAIR_BYTES = 32 * 1024,
  BLOCK_INPUT_BYTES = 16 * 1024,
  BLOCK_PIXELS = 256,
  MAX_BLOCK_KERNEL = 7, /* kernels up to 7x7 */
  /* Output rows up to this wide go in channel blocks, wider ones plane by
   * plane (MobileNetV2's 144 @56: 0.240 against 0.251 ms; 32 @112: 0.230
   * against 0.198 ms). */
  MAX_BLOCK_WIDTH = 56,
};

typedef int32_t Sums __attribute__((vector_size(32)));
/* 8 pairs of int16: a pair row's entries, or a tap pair's weights. */
typedef int16_t Pairs __attribute__((vector_size(32)));

/* x[2i] * w[2i] + x[2i + 1] * w[2i + 1], i < 8: the pairs' dot products.
 * Spelled with the instruction where there is one: from the generic form,
 * the compiler splits a broadcast weight pair into two multiplies. */
static ALWAYS_INLINE Sums multiplyAddPairs(Pairs x, Pairs w) {
#if defined(__AVX2__)
  return (Sums)_mm256_madd_epi16((__m256i)x, (__m256i)w);
#elif defined(__SSE2__)
  typedef int16_t Half __attribute__((vector_size(16)));
  const Half xLow = __builtin_shufflevector(x, x, 0, 1, 2, 3, 4, 5, 6, 7);
  const Half xHigh = __builtin_shufflevector(x, x, 8, 9, 10, 11, 12, 13, 14, 15);
  const Half wLow = __builtin_shufflevector(w, w, 0, 1, 2, 3, 4, 5, 6, 7);
  const Half wHigh = __builtin_shufflevector(w, w, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m128i low = _mm_madd_epi16((__m128i)xLow, (__m128i)wLow);
  const __m128i high = _mm_madd_epi16((__m128i)xHigh, (__m128i)wHigh);
  const int32_t __attribute__((vector_size(16))) lowSums = (__v4si)low, highSums = (__v4si)high;
  return __builtin_shufflevector(lowSums, highSums, 0, 1, 2, 3, 4, 5, 6, 7);
#else
  typedef int16_t Half __attribute__((vector_size(16)));
  const Half xEven = __builtin_shufflevector(x, x, 0, 2, 4, 6, 8, 10, 12, 14);
  const Half xOdd = __builtin_shufflevector(x, x, 1, 3, 5, 7, 9, 11, 13, 15);
  const Half wEven = __builtin_shufflevector(w, w, 0, 2, 4, 6, 8, 10, 12, 14);
  const Half wOdd = __builtin_shufflevector(w, w, 1, 3, 5, 7, 9, 11, 13, 15);
  return __builtin_convertvector(xEven, Sums) * __builtin_convertvector(wEven, Sums) +
         __builtin_convertvector(xOdd, Sums) * __builtin_convertvector(wOdd, Sums);
#endif
}

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t maxInt(int64_t a, int64_t b) { return a > b ? a : b; }

/* Input code i of a row, as stored. */
static ALWAYS_INLINE int32_t code(const uint8_t *row, int64_t i, int aSigned) {
  return aSigned ? (int32_t)(int8_t)row[i] : (int32_t)row[i];
}

/* sums[0, count) of output columns ow0.. of one output row: bias, then every
 * tap. Inlined per signedness and for stride 1, so the common loops have
 * constant strides. */
static ALWAYS_INLINE void sumRow(const qc_conv2d_desc *d, const uint8_t *in, const int8_t *w,
                                 int32_t bias, int32_t zeroPoint, int64_t oh, int64_t ow0,
                                 int64_t count, int aSigned, int64_t strideW, int32_t *sums) {
  for (int64_t i = 0; i < count; ++i)
    sums[i] = bias;
  for (int64_t kh = 0; kh < d->kernel_height; ++kh) {
    const int64_t ih = oh * d->stride_h + kh * d->dilation_h - d->pad_top;
    const int inside = ih >= 0 && ih < d->in_height;
    const uint8_t *row = in + ih * d->in_width;
    for (int64_t kw = 0; kw < d->kernel_width; ++kw) {
      const int32_t weight = w[kh * d->kernel_width + kw];
      const int64_t offset = kw * d->dilation_w - d->pad_left; /* iw = ow * strideW + offset */
      /* Output columns [lo, hi) of the chunk read inside the row. */
      int64_t lo = 0, hi = 0;
      if (inside) {
        lo = offset >= 0 ? 0 : (-offset + strideW - 1) / strideW;
        hi = d->in_width - offset <= 0 ? 0 : (d->in_width - offset + strideW - 1) / strideW;
        lo = minInt(maxInt(lo - ow0, 0), count);
        hi = minInt(maxInt(hi - ow0, lo), count);
      }
      const int32_t border = weight * zeroPoint;
      for (int64_t i = 0; i < lo; ++i)
        sums[i] += border;
      const uint8_t *src = row + ow0 * strideW + offset;
      for (int64_t i = lo; i < hi; ++i)
        sums[i] += weight * code(src, i * strideW, aSigned);
      for (int64_t i = hi; i < count; ++i)
        sums[i] += border;
    }
  }
}

/* The padded band's geometry (see the top of the file): its pair rows are
 * among [0, rows). */
typedef struct Band {
  int64_t phaseStride, rowStride, rows, outputRows;
} Band;

/* 0 when a band of one output row does not fit BAND_VALUES. */
static int bandFits(const qc_conv2d_desc *d, Band *b) {
  if (d->kernel_width > MAX_KERNEL_WIDTH || d->kernel_height > MAX_KERNEL_HEIGHT)
    return 0;
  const int64_t roundedWidth = (d->out_width + VECTOR - 1) / VECTOR * VECTOR;
  b->phaseStride = roundedWidth + (d->kernel_width - 1) * d->dilation_w / d->stride_w;
  b->rowStride = d->stride_w * b->phaseStride;
  const int64_t halo = (d->kernel_height - 1) * d->dilation_h + 1;
  const int64_t budgetRows = BAND_VALUES / b->rowStride;
  if (budgetRows < halo)
    return 0;
  b->outputRows = minInt(1 + (budgetRows - halo) / d->stride_h, d->out_height);
  b->rows = (b->outputRows - 1) * d->stride_h + halo;
  return 1;
}

static inline Pairs loadPairs(const int16_t *p) {
  Pairs v;
  memcpy(&v, p, sizeof v);
  return v;
}

/* 16 codes p[0], p[s], ..., p[15 s] of a row, s = stride (1 or 2), reading
 * p[0, 16 s). */
static ALWAYS_INLINE qc_bytes16 load16Codes(const uint8_t *p, int64_t stride) {
  qc_bytes16 first;
  memcpy(&first, p, sizeof first);
  if (stride == 1)
    return first;
  qc_bytes16 second;
  memcpy(&second, p + 16, sizeof second);
  return __builtin_shufflevector(first, second, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24,
                                 26, 28, 30);
}

/* The same codes, reading p[1 - s, 15 s]: nothing past the last code, for
 * a row's last 16 entries. */
static ALWAYS_INLINE qc_bytes16 load16LastCodes(const uint8_t *p, int64_t stride) {
  if (stride == 1)
    return load16Codes(p, 1);
  qc_bytes16 first, second;
  memcpy(&first, p - 1, sizeof first);
  memcpy(&second, p + 15, sizeof second);
  return __builtin_shufflevector(first, second, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25,
                                 27, 29, 31);
}

/* The 16 pairs (upper[i], lower[i]), i < 16, widened per signedness. */
static ALWAYS_INLINE void store16Pairs(qc_bytes16 upper, qc_bytes16 lower, int aSigned,
                                       int16_t *dst) {
  typedef int8_t SignedBytes __attribute__((vector_size(16)));
  const qc_bytes16 low = __builtin_shufflevector(upper, lower, 0, 16, 1, 17, 2, 18, 3, 19, 4,
                                                 20, 5, 21, 6, 22, 7, 23);
  const qc_bytes16 high = __builtin_shufflevector(upper, lower, 8, 24, 9, 25, 10, 26, 11, 27,
                                                  12, 28, 13, 29, 14, 30, 15, 31);
  const Pairs lowPairs = aSigned ? __builtin_convertvector((SignedBytes)low, Pairs)
                                 : __builtin_convertvector(low, Pairs);
  const Pairs highPairs = aSigned ? __builtin_convertvector((SignedBytes)high, Pairs)
                                  : __builtin_convertvector(high, Pairs);
  memcpy(dst, &lowPairs, sizeof lowPairs);
  memcpy(dst + 16, &highPairs, sizeof highPairs);
}

/* The pair rows of the band whose first output row is oh0 (see the top of
 * the file), straight from the input rows, padded with zeroPoint: entry i of
 * phase f pairs input column i * strideW + f - pad_left of two rows. Rows
 * outside the input read `padding`, a row of the zero point's byte. */
static ALWAYS_INLINE void fillPairRows(const qc_conv2d_desc *d, const Band *b, const uint8_t *in,
                                       int64_t oh0, int32_t zeroPoint, int aSigned,
                                       int64_t strideW, const uint8_t *padding, int16_t *pairs) {
  const int64_t dilation = d->dilation_h;
  /* Phase by phase, so that each phase's bounds (divisions when the stride
   * is not a constant) are computed once per band. */
  for (int64_t f = 0; f < strideW; ++f) {
    /* Entry i is input column i * strideW + offset: [first, last) are inside. */
    const int64_t offset = f - d->pad_left;
    const int64_t first =
        minInt(offset >= 0 ? 0 : (-offset + strideW - 1) / strideW, b->phaseStride);
    const int64_t last = maxInt(
        minInt(d->in_width - offset <= 0 ? 0 : (d->in_width - offset + strideW - 1) / strideW,
               b->phaseStride),
        first);
    /* The pair rows: r with r / dilation even. */
    for (int64_t pairStart = 0; pairStart < b->rows; pairStart += 2 * dilation)
      for (int64_t r = pairStart; r < minInt(pairStart + dilation, b->rows); ++r) {
        const int64_t ih = oh0 * d->stride_h + r - d->pad_top;
        const uint8_t *upper = ih >= 0 && ih < d->in_height ? in + ih * d->in_width : padding;
        const uint8_t *lower = ih + dilation >= 0 && ih + dilation < d->in_height
                                   ? in + (ih + dilation) * d->in_width
                                   : padding;
        int16_t *entries = pairs + 2 * (r * b->rowStride + f * b->phaseStride);
        for (int64_t i = 0; i < first; ++i)
          entries[2 * i] = entries[2 * i + 1] = (int16_t)zeroPoint;
        int64_t i = first;
        if (strideW <= 2 && last - first >= 16) {
          /* 16 entries at a time while their codes are in the row, then the
           * last 16 (overlapping), read without passing the last code (at
           * column (last - 1) * strideW + offset < in_width) or starting
           * before the row. */
          for (; i + 16 <= last && (i + 16) * strideW + offset <= d->in_width; i += 16)
            store16Pairs(load16Codes(upper + i * strideW + offset, strideW),
                         load16Codes(lower + i * strideW + offset, strideW), aSigned,
                         entries + 2 * i);
          const int64_t tail = (last - 16) * strideW + offset;
          if (i < last && tail + 1 >= strideW) {
            store16Pairs(load16LastCodes(upper + tail, strideW),
                         load16LastCodes(lower + tail, strideW), aSigned,
                         entries + 2 * (last - 16));
            i = last;
          }
        }
        for (; i < last; ++i) {
          entries[2 * i] = (int16_t)code(upper, i * strideW + offset, aSigned);
          entries[2 * i + 1] = (int16_t)code(lower, i * strideW + offset, aSigned);
        }
        for (i = last; i < b->phaseStride; ++i)
          entries[2 * i] = entries[2 * i + 1] = (int16_t)zeroPoint;
      }
  }
}

/* Weight kh of column kw, 0 for a kernel row outside the kernel. */
static ALWAYS_INLINE uint16_t weightOrZero(const int8_t *w, int64_t kh, int64_t kernelHeight,
                                           int64_t kernelWidth, int64_t kw) {
  return kh >= 0 && kh < kernelHeight ? (uint16_t)(int16_t)w[kh * kernelWidth + kw] : 0;
}

/* Kernel row pairs k of an output row whose first band row is (shift 0) or
 * is not (shift 1) the first of a pair row: 2k - shift < kernelHeight. */
static ALWAYS_INLINE int64_t rowPairs(int64_t shift, int64_t kernelHeight) {
  return (kernelHeight + shift + 1) / 2;
}

/* Where each of the `count` output rows of a pass finds its pair rows:
 * output row i starts shift + i * stride_h band rows below the first pair
 * row; its shift is the parity of that, its pair rows start delta[i] =
 * half of it below and number pairsOf[i]; pairRows is how many pair rows
 * the pass reads in all. */
typedef struct PassRows {
  int64_t rowShift[ROWS_PER_PASS], delta[ROWS_PER_PASS], pairsOf[ROWS_PER_PASS];
  int64_t pairRows;
} PassRows;

static ALWAYS_INLINE void passRows(int64_t shift, int64_t count, int64_t strideH,
                                   int64_t kernelHeight, PassRows *pass) {
  pass->pairRows = 0;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t below = shift + i * strideH;
    pass->rowShift[i] = below % 2;
    pass->delta[i] = below / 2;
    pass->pairsOf[i] = rowPairs(pass->rowShift[i], kernelHeight);
    pass->pairRows = maxInt(pass->pairRows, pass->delta[i] + pass->pairsOf[i]);
  }
}

/* The sums of `count` consecutive output rows (at most ROWS_PER_PASS, and
 * 1 with dilation), the first with shift `shift` from its pair rows `rows`,
 * into consecutive rows of `sums`. Without dilation, output row i starts
 * shift + i * stride_h band rows below `rows`: its shift is the parity of
 * that, its pair rows start half of it below. Each tap pair's 8 entries are
 * loaded once for all the rows (stride 1: rows i and i + 1 read the same
 * pair rows with the two weight tables; stride 2: row i + 1 starts on row
 * i's second pair row). Inlined per shift, count and stride, so that the
 * loops over rows and pair rows have constant counts (with a constant
 * kernel size, the weight pairs stay in registers). */
static ALWAYS_INLINE void sumPairRows(const qc_conv2d_desc *d, const Band *b, const int16_t *rows,
                                      const int64_t *tapOffset,
                                      Pairs weights[2][MAX_KERNEL_HEIGHT / 2 + 1][MAX_KERNEL_WIDTH],
                                      int32_t bias, int64_t shift, int64_t count,
                                      int64_t strideH, int64_t kernelHeight, int64_t kernelWidth,
                                      int32_t *sums) {
  PassRows pass;
  passRows(shift, count, strideH, kernelHeight, &pass);
  const int64_t *rowShift = pass.rowShift, *delta = pass.delta, *pairsOf = pass.pairsOf;
  const int64_t pairRows = pass.pairRows;
  /* Last vector first: a row's last vector spills into the next row's
   * first sums, which that row's first vector then overwrites. */
  for (int64_t ow = (d->out_width - 1) / VECTOR * VECTOR; ow >= 0; ow -= VECTOR) {
    Sums acc[ROWS_PER_PASS];
    for (int64_t i = 0; i < count; ++i)
      acc[i] = (Sums){bias, bias, bias, bias, bias, bias, bias, bias};
    for (int64_t j = 0; j < pairRows; ++j) {
      const int16_t *row = rows + 2 * (2 * j * d->dilation_h * b->rowStride + ow);
      for (int64_t kw = 0; kw < kernelWidth; ++kw) {
        const Pairs x = loadPairs(row + tapOffset[kw]);
        for (int64_t i = 0; i < count; ++i)
          if (j >= delta[i] && j - delta[i] < pairsOf[i])
            acc[i] += multiplyAddPairs(x, weights[rowShift[i]][j - delta[i]][kw]);
      }
    }
    for (int64_t i = 0; i < count; ++i)
      memcpy(sums + i * d->out_width + ow, &acc[i], sizeof acc[i]);
  }
}

/* Output rows [oh0, oh0 + rowsInBand) from the band's pair rows, into out
 * (the plane's output): the sums of the band's rows follow each other in
 * `sums` as in the output, so they are requantized in one pass, as a tile of
 * 16-pixel rows, whatever the width of the plane. */
static ALWAYS_INLINE void convolveBand(const qc_conv2d_desc *d, const Band *b,
                                       const int16_t *pairs, const int8_t *w, int32_t bias,
                                       int64_t oh0, int64_t rowsInBand, const qc_requant_panel *rp,
                                       int outKind, char *out, int32_t *sums, int64_t strideW,
                                       int64_t kernelHeight, int64_t kernelWidth) {
  int64_t tapOffset[MAX_KERNEL_WIDTH]; /* of tap kw in a padded row, in int16 */
  for (int64_t kw = 0; kw < kernelWidth; ++kw) {
    const int64_t column = kw * d->dilation_w;
    tapOffset[kw] = 2 * (column % strideW * b->phaseStride + column / strideW);
  }
  /* weights[shift][k][kw]: the broadcast pair of kernel rows 2k - shift and
   * 2k + 1 - shift, for output rows whose first band row is (shift 0) or is
   * not (shift 1) the first of a pair row. */
  Pairs weights[2][MAX_KERNEL_HEIGHT / 2 + 1][MAX_KERNEL_WIDTH];
  for (int64_t shift = 0; shift < 2; ++shift)
    for (int64_t k = 0; 2 * k - shift < kernelHeight; ++k)
      for (int64_t kw = 0; kw < kernelWidth; ++kw) {
        const uint16_t first = weightOrZero(w, 2 * k - shift, kernelHeight, kernelWidth, kw);
        const uint16_t second = weightOrZero(w, 2 * k + 1 - shift, kernelHeight, kernelWidth, kw);
        const int32_t pair = (int32_t)((uint32_t)first | (uint32_t)second << 16);
        const Sums broadcast = {pair, pair, pair, pair, pair, pair, pair, pair};
        weights[shift][k][kw] = (Pairs)broadcast;
      }
  /* A row's last vector spills into the next row's sums, which that row
   * then overwrites (rows go in increasing order). */
  const int64_t dilation = d->dilation_h, strideH = d->stride_h;
  for (int64_t oh = oh0; oh < oh0 + rowsInBand;) {
    const int64_t firstRow = (oh - oh0) * strideH;
    const int64_t shift = (dilation == 1 ? firstRow : firstRow / dilation) % 2;
    const int16_t *rows = pairs + 2 * (firstRow - shift * dilation) * b->rowStride;
    int32_t *rowSums = sums + (oh - oh0) * d->out_width;
    /* Without dilation, ROWS_PER_PASS rows at once from a row of shift 0. */
    if (dilation == 1 && !shift && strideH <= 2 && oh + ROWS_PER_PASS <= oh0 + rowsInBand) {
      if (strideH == 1)
        sumPairRows(d, b, rows, tapOffset, weights, bias, 0, ROWS_PER_PASS, 1, kernelHeight,
                    kernelWidth, rowSums);
      else
        sumPairRows(d, b, rows, tapOffset, weights, bias, 0, ROWS_PER_PASS, 2, kernelHeight,
                    kernelWidth, rowSums);
      oh += ROWS_PER_PASS;
    } else {
      if (shift)
        sumPairRows(d, b, rows, tapOffset, weights, bias, 1, 1, 1, kernelHeight, kernelWidth,
                    rowSums);
      else
        sumPairRows(d, b, rows, tapOffset, weights, bias, 0, 1, 1, kernelHeight, kernelWidth,
                    rowSums);
      ++oh;
    }
  }
  const int64_t elementBytes = outKind == QC_S8_OUT_S32 ? 4 : 1;
  const int64_t count = rowsInBand * d->out_width, whole = count / NR * NR;
  char *dst = out + oh0 * d->out_width * elementBytes;
  REQUANTIZE(sums, NR, whole / NR, NR, rp, outKind, dst, NR);
  if (whole < count)
    qc_gemm_s8_requantize_scalar(sums + whole, NR, 1, count - whole, rp, outKind,
                                 dst + whole * elementBytes, NR);
}

static ALWAYS_INLINE void convolvePlaneInBands(const qc_conv2d_desc *d, const Band *b,
                                               const uint8_t *in, const int8_t *w,
                                               int32_t bias, const qc_requant_panel *rp,
                                               int outKind, char *out, int32_t zeroPoint,
                                               int aSigned, int64_t strideW) {
  _Alignas(64) int16_t pairs[2 * BAND_VALUES];
  /* The zero point's code, for the rows outside the input: as long as the
   * columns the band reads, with slack for a last vector. */
  _Alignas(64) uint8_t padding[BAND_VALUES + 32];
  memset(padding, zeroPoint & 0xff, (size_t)minInt(d->in_width + 32, (int64_t)sizeof padding));
  /* The band's sums: at most BAND_VALUES (a phase holds an output row), and
   * the last vector's spill. */
  _Alignas(64) int32_t sums[BAND_VALUES + VECTOR];
  /* 3x3, MobileNet's, with the kernel size as a constant: the taps' loops
   * unroll and the six weight pairs stay in registers. */
  const int is3x3 = d->kernel_height == 3 && d->kernel_width == 3;
  for (int64_t oh0 = 0; oh0 < d->out_height; oh0 += b->outputRows) {
    fillPairRows(d, b, in, oh0, zeroPoint, aSigned, strideW, padding, pairs);
    const int64_t rows = minInt(b->outputRows, d->out_height - oh0);
    if (is3x3)
      convolveBand(d, b, pairs, w, bias, oh0, rows, rp, outKind, out, sums, strideW, 3, 3);
    else
      convolveBand(d, b, pairs, w, bias, oh0, rows, rp, outKind, out, sums, strideW,
                   d->kernel_height, d->kernel_width);
  }
}

static ALWAYS_INLINE void convolvePlaneTapByTap(const qc_conv2d_desc *d, const uint8_t *in,
                                        const int8_t *w, int32_t bias,
                                        const qc_requant_panel *rp, int outKind, char *out,
                                        int32_t zeroPoint, int aSigned, int64_t strideW) {
  _Alignas(64) int32_t sums[CHUNK];
  const int64_t elementBytes = outKind == QC_S8_OUT_S32 ? 4 : 1;
  for (int64_t oh = 0; oh < d->out_height; ++oh) {
    for (int64_t ow0 = 0; ow0 < d->out_width; ow0 += CHUNK) {
      const int64_t count = minInt(CHUNK, d->out_width - ow0);
      sumRow(d, in, w, bias, zeroPoint, oh, ow0, count, aSigned, strideW, sums);
      /* The row as a tile of 16-pixel rows, then the short remainder. */
      char *dst = out + (oh * d->out_width + ow0) * elementBytes;
      const int64_t whole = count / NR * NR;
      REQUANTIZE(sums, NR, whole / NR, NR, rp, outKind, dst, NR);
      if (whole < count)
        qc_gemm_s8_requantize_scalar(sums + whole, NR, 1, count - whole, rp, outKind,
                                     dst + whole * elementBytes, NR);
    }
  }
}

/* A channel block's band (see the top of the file): `outputRows` output
 * rows, read from `rows` band rows of `width` padded columns (every column
 * the outputs read, from -pad_left on). */
typedef struct BlockBand {
  int64_t width, outputRows, rows;
} BlockBand;

/* The slot of band row r (r / dilation even) among the band's pair rows,
 * stored without the rows in between: r + 2 dilation is dilation slots on. */
static ALWAYS_INLINE int64_t pairSlot(int64_t r, int64_t dilation) {
  return dilation == 1 ? r / 2 : r / (2 * dilation) * dilation + r % dilation;
}

/* Slots of the pair rows among `rows` band rows. */
static int64_t pairSlots(int64_t rows, int64_t dilation) {
  return rows / (2 * dilation) * dilation + minInt(rows % (2 * dilation), dilation);
}

/* The band's geometry; 0 for kernels over 7x7, rows over BLOCK_PIXELS, or
 * when not even one output row's pair rows and input rows fit. */
static int blockBandFits(const qc_conv2d_desc *d, BlockBand *bb) {
  if (d->kernel_height > MAX_BLOCK_KERNEL || d->kernel_width > MAX_BLOCK_KERNEL ||
      d->out_width > BLOCK_PIXELS)
    return 0;
  bb->width = (d->out_width - 1) * d->stride_w + (d->kernel_width - 1) * d->dilation_w + 1;
  const int64_t slotBytes = bb->width * NR * 2 * (int64_t)sizeof(int16_t);
  const int64_t halo = (d->kernel_height - 1) * d->dilation_h + 1;
  for (int64_t outputRows = minInt(d->out_height, BLOCK_PIXELS / d->out_width); outputRows > 0;
       --outputRows) {
    const int64_t rows = (outputRows - 1) * d->stride_h + halo;
    if (pairSlots(rows, d->dilation_h) * slotBytes <= BLOCK_PAIR_BYTES &&
        minInt(rows, d->in_height) * d->in_width * NR <= BLOCK_INPUT_BYTES) {
      bb->outputRows = outputRows;
      bb->rows = rows;
      return 1;
    }
  }
  return 0;
}

/* Input rows [ih0, ih1) of channels [c0, c0 + 16) (planes `in`, inPlane
 * apart), channel-last: pixels[(ih - ih0) * in_width + iw][c]. The rows of
 * a plane are consecutive, so they are transposed 32 (or 16) pixels at a
 * time whatever the width, the last ones overlapping those before. */
static ALWAYS_INLINE void transposeInputRows(const qc_conv2d_desc *d, const uint8_t *in,
                                             int64_t inPlane, int64_t ih0, int64_t ih1,
                                             uint8_t *pixels) {
  const int64_t count = (ih1 - ih0) * d->in_width, start = ih0 * d->in_width;
  if (count >= 32) { /* 32 pixels at a time, two transposes per shuffle */
    for (int64_t p0 = 0; p0 < count; p0 += 32) {
      const int64_t at = minInt(p0, count - 32);
      qc_bytes32 rows[16], columns[16];
      for (int64_t c = 0; c < NR; ++c)
        memcpy(&rows[c], in + c * inPlane + start + at, sizeof rows[c]);
      qc_transpose_16x16_bytes_x2(rows, columns);
      for (int j = 0; j < 16; ++j) {
        memcpy(pixels + (at + j) * NR, &columns[j], NR);
        memcpy(pixels + (at + 16 + j) * NR, (const uint8_t *)&columns[j] + NR, NR);
      }
    }
    return;
  }
  for (int64_t p0 = 0; p0 < count; p0 += 16) {
    const int64_t at = count >= 16 ? minInt(p0, count - 16) : 0;
    qc_bytes16 rows[16], columns[16];
    for (int64_t c = 0; c < NR; ++c) {
      if (count >= 16) {
        memcpy(&rows[c], in + c * inPlane + start + at, sizeof rows[c]);
      } else {
        memset(&rows[c], 0, sizeof rows[c]);
        qc_copy_up_to_16_bytes((uint8_t *)&rows[c], in + c * inPlane + start, count);
      }
    }
    qc_transpose_16x16_bytes(rows, columns);
    /* A fixed count, or the loop of copies becomes a libc call. */
    if (count >= 16)
      for (int j = 0; j < 16; ++j)
        memcpy(pixels + (at + j) * NR, &columns[j], NR);
    else
      for (int64_t j = 0; j < count; ++j)
        memcpy(pixels + j * NR, &columns[j], NR);
  }
}

/* The pair rows of a channel block's band whose first output row is oh0,
 * from its input rows channel-last (`pixels`, input rows [ih0, ih1)): each
 * padded column of a pair row interleaves the 16 channels' codes of its two
 * rows byte by byte, 8 channels per half, widened per signedness; columns
 * and rows outside the input read the zero point. */
/* One padded column of a pair row: the 16 channels' codes of its upper
 * and lower rows, zipped byte by byte, 8 channels per half, widened. */
static ALWAYS_INLINE void storeColumnPairs(qc_bytes16 up, qc_bytes16 down, int aSigned,
                                           int16_t *column) {
  typedef int8_t SignedBytes __attribute__((vector_size(16)));
  const qc_bytes16 halves[2] = {QC_ZIP8(1, up, down), QC_ZIP8(0, up, down)};
  for (int half = 0; half < 2; ++half) {
    const Pairs entries = aSigned ? __builtin_convertvector((SignedBytes)halves[half], Pairs)
                                  : __builtin_convertvector(halves[half], Pairs);
    memcpy(column + half * 2 * VECTOR, &entries, sizeof entries);
  }
}

static ALWAYS_INLINE void fillBlockPairRows(const qc_conv2d_desc *d, const BlockBand *bb,
                                            const uint8_t *pixels, int64_t ih0, int64_t ih1,
                                            int64_t oh0, int32_t zeroPoint, int aSigned,
                                            int16_t *pairs) {
  const int64_t dilation = d->dilation_h;
  qc_bytes16 fill;
  memset(&fill, zeroPoint & 0xff, sizeof fill);
  /* Padded columns [lo, hi) are inside the input. */
  const int64_t lo = minInt(d->pad_left, bb->width);
  const int64_t hi = minInt(d->pad_left + d->in_width, bb->width);
  for (int64_t pairStart = 0; pairStart < bb->rows; pairStart += 2 * dilation)
    for (int64_t r = pairStart; r < minInt(pairStart + dilation, bb->rows); ++r) {
      const int64_t ih = oh0 * d->stride_h + r - d->pad_top;
      /* Rows outside [ih0, ih1) are outside the input or read by no output
       * of the band (a last pair row's lower row, weight 0 for all): they
       * read `fill`, the zero point, at every column (step 0). */
      const int upperInside = ih >= ih0 && ih < ih1;
      const int lowerInside = ih + dilation >= ih0 && ih + dilation < ih1;
      const uint8_t *upper = pixels + ((ih - ih0) * d->in_width - d->pad_left) * NR;
      const uint8_t *lower = upper + dilation * d->in_width * NR;
      const int64_t upperStep = upperInside ? NR : 0, lowerStep = lowerInside ? NR : 0;
      const uint8_t *upperAt = upperInside ? upper : (const uint8_t *)&fill;
      const uint8_t *lowerAt = lowerInside ? lower : (const uint8_t *)&fill;
      int16_t *slot = pairs + pairSlot(r, dilation) * bb->width * 2 * NR;
      for (int64_t x = 0; x < lo; ++x)
        storeColumnPairs(fill, fill, aSigned, slot + x * 2 * NR);
      for (int64_t x = lo; x < hi; ++x) {
        qc_bytes16 up, down;
        memcpy(&up, upperAt + x * upperStep, sizeof up);
        memcpy(&down, lowerAt + x * lowerStep, sizeof down);
        storeColumnPairs(up, down, aSigned, slot + x * 2 * NR);
      }
      for (int64_t x = hi; x < bb->width; ++x)
        storeColumnPairs(fill, fill, aSigned, slot + x * 2 * NR);
    }
}

/* Weight pairs of a channel block: [half][shift][k][kw], lane l of half h
 * holding channel c0 + 8h + l's kernel rows 2k - shift and 2k + 1 - shift. */
typedef Pairs BlockWeights[2][2][MAX_BLOCK_KERNEL / 2 + 1][MAX_BLOCK_KERNEL];

/* The sums of 8 channels (`half`) of `count` consecutive output rows from
 * `rows`, into [pixel][16 channels] rows: as sumPairRows, with the lanes
 * across channels, so that every tap pair is one aligned load whatever the
 * stride. */
static ALWAYS_INLINE void sumBlockRows(const qc_conv2d_desc *d, const BlockBand *bb,
                                       const int16_t *rows, const BlockWeights weights,
                                       int half, int64_t shift, int64_t count, int64_t strideH,
                                       int64_t strideW, int64_t kernelHeight,
                                       int64_t kernelWidth, int32_t *sums) {
  PassRows pass;
  passRows(shift, count, strideH, kernelHeight, &pass);
  const int64_t *rowShift = pass.rowShift, *delta = pass.delta, *pairsOf = pass.pairsOf;
  const int64_t pairRows = pass.pairRows;
  const int64_t column = 2 * NR; /* int16 per padded column of a slot */
  const int64_t pairRowStride = d->dilation_h * bb->width * column;
  for (int64_t ow = 0; ow < d->out_width; ++ow) {
    Sums acc[ROWS_PER_PASS];
    for (int64_t i = 0; i < count; ++i)
      acc[i] = (Sums){0};
    for (int64_t j = 0; j < pairRows; ++j) {
      const int16_t *row = rows + j * pairRowStride + ow * strideW * column + half * 2 * VECTOR;
      for (int64_t kw = 0; kw < kernelWidth; ++kw) {
        const Pairs x = loadPairs(row + kw * d->dilation_w * column);
        for (int64_t i = 0; i < count; ++i)
          if (j >= delta[i] && j - delta[i] < pairsOf[i])
            acc[i] += multiplyAddPairs(x, weights[half][rowShift[i]][j - delta[i]][kw]);
      }
    }
    for (int64_t i = 0; i < count; ++i)
      memcpy(sums + (i * d->out_width + ow) * NR + half * VECTOR, &acc[i], sizeof acc[i]);
  }
}

/* Channels [c0, c0 + 16) of image n (see the top of the file). */
static ALWAYS_INLINE void convolveChannelBlock(const qc_conv2d_desc *d, const BlockBand *bb,
                                               const void *input, const int8_t *weights,
                                               const qc_conv2d_s8_params *p, int outKind,
                                               void *output, int64_t n, int64_t c0, int aSigned,
                                               int64_t strideW, int64_t kernelHeight,
                                               int64_t kernelWidth) {
  _Alignas(64) int16_t pairs[BLOCK_PAIR_BYTES / sizeof(int16_t)];
  _Alignas(64) uint8_t pixels[BLOCK_INPUT_BYTES];
  /* A band's sums and codes, [pixel][channel], with 16 rows of slack for
   * the last 16 x 16 transpose. */
  _Alignas(64) int32_t sums[BLOCK_PIXELS * NR];
  _Alignas(64) int32_t codes[(BLOCK_PIXELS + 16) * NR];
  const int64_t taps = d->kernel_height * d->kernel_width;
  const int64_t inPlane = d->in_height * d->in_width, outPlane = d->out_height * d->out_width;
  const uint8_t *in = (const uint8_t *)input + (n * d->in_channels + c0) * inPlane;
  /* The weight pairs, from the block's weights tap-major (16 channels of a
   * tap in a vector), kernel rows zipped byte by byte and widened. */
  typedef int8_t SignedBytes __attribute__((vector_size(16)));
  qc_bytes16 byTap[MAX_BLOCK_KERNEL * MAX_BLOCK_KERNEL + 1];
  for (int64_t t = 0; t < taps; ++t)
    for (int64_t c = 0; c < NR; ++c)
      ((uint8_t *)&byTap[t])[c] = (uint8_t)weights[(c0 + c) * taps + t];
  memset(&byTap[taps], 0, sizeof byTap[taps]); /* kernel rows outside the kernel */
  BlockWeights pairWeights;
  for (int64_t shift = 0; shift < 2; ++shift)
    for (int64_t k = 0; k < rowPairs(shift, kernelHeight); ++k)
      for (int64_t kw = 0; kw < kernelWidth; ++kw) {
        const int64_t upper = 2 * k - shift, lower = upper + 1;
        const qc_bytes16 first = byTap[upper >= 0 ? upper * kernelWidth + kw : taps];
        const qc_bytes16 second = byTap[lower < kernelHeight ? lower * kernelWidth + kw : taps];
        pairWeights[0][shift][k][kw] =
            __builtin_convertvector((SignedBytes)QC_ZIP8(1, first, second), Pairs);
        pairWeights[1][shift][k][kw] =
            __builtin_convertvector((SignedBytes)QC_ZIP8(0, first, second), Pairs);
      }
  qc_requant_panel rp; /* one column per channel, with its bias */
  rp.zero_point = p->output_zero_point;
  rp.clamp_min = p->clamp_min;
  rp.clamp_max = p->clamp_max;
  const int requantize = outKind != QC_S8_OUT_S32;
  for (int j = 0; j < NR; ++j) {
    const int64_t which = p->per_channel ? c0 + j : 0;
    qc_requant_panel_set_column(&rp, j, p->bias ? p->bias[c0 + j] : 0,
                                requantize ? p->multiplier[which] : 0,
                                requantize ? p->shift[which] : 1);
  }
  const int64_t firstPlane = n * d->out_channels + c0;
  const int64_t dilation = d->dilation_h, strideH = d->stride_h;
  for (int64_t oh0 = 0; oh0 < d->out_height; oh0 += bb->outputRows) {
    const int64_t bandRows = minInt(bb->outputRows, d->out_height - oh0);
    /* The input rows the band reads. */
    const int64_t ih0 = maxInt(oh0 * strideH - d->pad_top, 0);
    const int64_t ih1 = minInt((oh0 + bandRows - 1) * strideH - d->pad_top +
                                   (d->kernel_height - 1) * dilation + 1,
                               d->in_height);
    if (ih0 < ih1)
      transposeInputRows(d, in, inPlane, ih0, ih1, pixels);
    fillBlockPairRows(d, bb, pixels, ih0, ih1, oh0, p->input_zero_point, aSigned, pairs);
    for (int64_t oh = oh0; oh < oh0 + bandRows;) {
      const int64_t firstRow = (oh - oh0) * strideH;
      const int64_t shift = (dilation == 1 ? firstRow : firstRow / dilation) % 2;
      const int16_t *rows =
          pairs + pairSlot(firstRow - shift * dilation, dilation) * bb->width * 2 * NR;
      int32_t *rowSums = sums + (oh - oh0) * d->out_width * NR;
      /* ROWS_PER_PASS rows at once as in convolveBand. */
      const int together = dilation == 1 && !shift && strideH <= 2 &&
                           oh + ROWS_PER_PASS <= oh0 + bandRows;
      for (int half = 0; half < 2; ++half) {
        if (together && strideH == 1)
          sumBlockRows(d, bb, rows, pairWeights, half, 0, ROWS_PER_PASS, 1, strideW,
                       kernelHeight, kernelWidth, rowSums);
        else if (together)
          sumBlockRows(d, bb, rows, pairWeights, half, 0, ROWS_PER_PASS, 2, strideW,
                       kernelHeight, kernelWidth, rowSums);
        else if (shift)
          sumBlockRows(d, bb, rows, pairWeights, half, 1, 1, 1, strideW, kernelHeight,
                       kernelWidth, rowSums);
        else
          sumBlockRows(d, bb, rows, pairWeights, half, 0, 1, 1, strideW, kernelHeight,
                       kernelWidth, rowSums);
      }
      oh += together ? ROWS_PER_PASS : 1;
    }
    const int64_t pixels = bandRows * d->out_width, pixel0 = oh0 * d->out_width;
    REQUANTIZE(sums, NR, pixels, NR, &rp, outKind, codes, NR);
    if (outKind == QC_S8_OUT_S32) {
      for (int64_t c = 0; c < NR; ++c)
        for (int64_t i = 0; i < pixels; ++i)
          ((int32_t *)output)[(firstPlane + c) * outPlane + pixel0 + i] = codes[i * NR + c];
      continue;
    }
    /* The band's pixels are consecutive in each output plane: 32 at a
     * time (the last 32 overlapping the ones before), or 16, transposed
     * back. */
    const uint8_t *bandCodes = (const uint8_t *)codes;
    uint8_t *firstOut = (uint8_t *)output + firstPlane * outPlane + pixel0;
    if (pixels >= 32) {
      for (int64_t i0 = 0; i0 < pixels; i0 += 32) {
        const int64_t at = minInt(i0, pixels - 32);
        qc_bytes32 tile[16], columns[16];
        for (int i = 0; i < 16; ++i) {
          memcpy(&tile[i], bandCodes + (at + i) * NR, NR);
          memcpy((uint8_t *)&tile[i] + NR, bandCodes + (at + 16 + i) * NR, NR);
        }
        qc_transpose_16x16_bytes_x2(tile, columns);
        for (int64_t c = 0; c < NR; ++c)
          memcpy(firstOut + c * outPlane + at, &columns[c], sizeof columns[c]);
      }
      continue;
    }
    for (int64_t i0 = 0; i0 < pixels; i0 += 16) {
      qc_bytes16 tile[16], columns[16];
      for (int i = 0; i < 16; ++i)
        memcpy(&tile[i], bandCodes + (i0 + i) * NR, sizeof tile[i]);
      qc_transpose_16x16_bytes(tile, columns);
      const int64_t count = minInt(16, pixels - i0);
      for (int64_t c = 0; c < NR; ++c) {
        uint8_t *dst = firstOut + c * outPlane + i0;
        if (count == 16)
          memcpy(dst, &columns[c], 16);
        else
          qc_copy_up_to_16_bytes(dst, (const uint8_t *)&columns[c], count);
      }
    }
  }
}

static void convolvePlanes(const qc_conv2d_desc *d, const void *input, const int8_t *weights,
                           const qc_conv2d_s8_params *p, void *output, int64_t first,
                           int64_t count) {
  const int64_t taps = d->kernel_height * d->kernel_width;
  const int64_t inPlane = d->in_height * d->in_width, outPlane = d->out_height * d->out_width;
  const int outKind = p->flags & QC_INT8_C_INT32 ? QC_S8_OUT_S32
                      : p->flags & QC_INT8_C_SIGNED ? QC_S8_OUT_S8
                                                    : QC_S8_OUT_U8;
  const int64_t elementBytes = outKind == QC_S8_OUT_S32 ? 4 : 1;
  const int aSigned = (p->flags & QC_INT8_A_SIGNED) != 0;
  Band band;
  const int banded = bandFits(d, &band);
  BlockBand blockBand;
  const int blocks = d->out_width <= MAX_BLOCK_WIDTH && blockBandFits(d, &blockBand);
  qc_requant_panel rp;
  rp.zero_point = p->output_zero_point;
  rp.clamp_min = p->clamp_min;
  rp.clamp_max = p->clamp_max;
  for (int64_t plane = first; plane < first + count; ++plane) {
    const int64_t c = plane % d->out_channels;
    if (blocks && c + NR <= d->out_channels && plane + NR <= first + count) {
      /* 16 channels of one image at once: the same bits as plane by plane.
       * 3x3 at stride 1 and 2 with the kernel size and stride as constants
       * (the taps unroll). */
      const int64_t image = plane / d->out_channels;
      const int is3x3 = d->kernel_height == 3 && d->kernel_width == 3;
      const BlockBand *bb = &blockBand;
      if (is3x3 && d->stride_w == 1 && aSigned)
        convolveChannelBlock(d, bb, input, weights, p, outKind, output, image, c, 1, 1, 3, 3);
      else if (is3x3 && d->stride_w == 1)
        convolveChannelBlock(d, bb, input, weights, p, outKind, output, image, c, 0, 1, 3, 3);
      else if (is3x3 && d->stride_w == 2 && aSigned)
        convolveChannelBlock(d, bb, input, weights, p, outKind, output, image, c, 1, 2, 3, 3);
      else if (is3x3 && d->stride_w == 2)
        convolveChannelBlock(d, bb, input, weights, p, outKind, output, image, c, 0, 2, 3, 3);
      else
        convolveChannelBlock(d, bb, input, weights, p, outKind, output, image, c, aSigned,
                             d->stride_w, d->kernel_height, d->kernel_width);
      plane += NR - 1;
      continue;
    }
    const int64_t which = p->per_channel ? c : 0;
    const int requantize = outKind != QC_S8_OUT_S32;
    /* The bias is in the sums already: the panel's is 0. */
    qc_requant_panel_set_uniform(&rp, 0, requantize ? p->multiplier[which] : 0,
                                 requantize ? p->shift[which] : 1);
    const uint8_t *in = (const uint8_t *)input + plane * inPlane;
    const int8_t *w = weights + c * taps;
    const int32_t bias = p->bias ? p->bias[c] : 0;
    char *out = (char *)output + plane * outPlane * elementBytes;
    const int32_t zp = p->input_zero_point;
    if (!banded)
      convolvePlaneTapByTap(d, in, w, bias, &rp, outKind, out, zp, aSigned, d->stride_w);
    else if (d->stride_w == 1 && aSigned)
      convolvePlaneInBands(d, &band, in, w, bias, &rp, outKind, out, zp, 1, 1);
    else if (d->stride_w == 1)
      convolvePlaneInBands(d, &band, in, w, bias, &rp, outKind, out, zp, 0, 1);
    else if (d->stride_w == 2 && aSigned)
      convolvePlaneInBands(d, &band, in, w, bias, &rp, outKind, out, zp, 1, 2);
    else if (d->stride_w == 2)
      convolvePlaneInBands(d, &band, in, w, bias, &rp, outKind, out, zp, 0, 2);
    else
      convolvePlaneInBands(d, &band, in, w, bias, &rp, outKind, out, zp, aSigned, d->stride_w);
  }
}

#endif /* QUANTC_RUNTIME_CONV2D_S8_DEPTHWISE_KERNEL_H */
