/*===- conv2d_s8_depthwise_kernel.h - int8 depthwise kernel, per ISA ------===*
 *
 * Runtime-internal. Included by each variant file (generic/, arch/<target>/),
 * which is compiled with its ISA's flags and defines REQUANTIZE, the int8
 * GEMM requantizer of the same ISA (qc_gemm_s8_requantize_fn). The loops are
 * written for the compiler's vectorizer: along an output row, the int32 sums
 * of a run of pixels gain one weight times one input code per tap, a
 * unit-stride (stride 1) or constant-stride widening multiply-add with the
 * borders split off, so the inner loop has no bounds check. Taps outside the
 * input read the input zero point. Each finished row is requantized by the
 * GEMM's vector epilogue, as a tile of 16-pixel rows sharing the channel's
 * parameters: the same bits as the im2col path and qc_requantize_one.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_S8_DEPTHWISE_KERNEL_H
#define QUANTC_RUNTIME_CONV2D_S8_DEPTHWISE_KERNEL_H

#include "conv2d_s8.h"

#include <string.h>

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Output pixels of a row computed at once (the sums stay in L1). */
enum { CHUNK = 256, NR = QC_GEMM_S8_NR };

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

static ALWAYS_INLINE void convolvePlane(const qc_conv2d_desc *d, const uint8_t *in,
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
  qc_requant_panel rp;
  rp.zero_point = p->output_zero_point;
  rp.clamp_min = p->clamp_min;
  rp.clamp_max = p->clamp_max;
  for (int64_t plane = first; plane < first + count; ++plane) {
    const int64_t c = plane % d->out_channels;
    const int64_t which = p->per_channel ? c : 0;
    const int requantize = outKind != QC_S8_OUT_S32;
    /* The bias is in the sums already: the panel's is 0. */
    for (int j = 0; j < NR; ++j)
      qc_requant_panel_set_column(&rp, j, 0, requantize ? p->multiplier[which] : 0,
                                  requantize ? p->shift[which] : 1);
    const uint8_t *in = (const uint8_t *)input + plane * inPlane;
    const int8_t *w = weights + c * taps;
    const int32_t bias = p->bias ? p->bias[c] : 0;
    char *out = (char *)output + plane * outPlane * elementBytes;
    const int32_t zp = p->input_zero_point;
    if (d->stride_w == 1 && aSigned)
      convolvePlane(d, in, w, bias, &rp, outKind, out, zp, 1, 1);
    else if (d->stride_w == 1)
      convolvePlane(d, in, w, bias, &rp, outKind, out, zp, 0, 1);
    else if (d->stride_w == 2 && aSigned)
      convolvePlane(d, in, w, bias, &rp, outKind, out, zp, 1, 2);
    else if (d->stride_w == 2)
      convolvePlane(d, in, w, bias, &rp, outKind, out, zp, 0, 2);
    else
      convolvePlane(d, in, w, bias, &rp, outKind, out, zp, aSigned, d->stride_w);
  }
}

#endif /* QUANTC_RUNTIME_CONV2D_S8_DEPTHWISE_KERNEL_H */
