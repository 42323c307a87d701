/*===- conv2d_f32_depthwise_plane.h - the depthwise kernel, per ISA -------===*
 *
 * Runtime-internal. The body of the depthwise plane kernel, written once in
 * plain C and compiled once per ISA: each variant file (generic/,
 * arch/<target>/) includes it with its own flags, so the compiler vectorizes
 * the same loops with SSE2, AVX2 + FMA or NEON. It defines the static
 * function convolvePlane (the qc_conv2d_f32_plane_fn of conv2d_f32.h).
 *
 * One (image, channel) plane is a 2-D filter. An output row is computed in
 * three parts: the columns whose taps can fall in the left or right padding
 * (a few at each end) with bounds checks, and the interior without any,
 * vectorized over output columns. For 3x3 kernels with stride 1 or 2 and no
 * dilation (MobileNet's), the interior is written with 8-float vector values
 * and keeps the nine weights in registers; other shapes accumulate tap by tap
 * into a block of the row on the stack.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_PLANE_H
#define QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_PLANE_H

#include "conv2d_f32.h"

#include <math.h>
#include <string.h>

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t maxInt(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/* The epilogue as a clamp to [lo, hi]: RELU is [0, +inf), NONE is no clamp.
 * It is applied to each value right before its only store: a separate pass
 * of `o[j] = o[j] > lo ? o[j] : lo` would be compiled to masked stores, which
 * are slow on AMD cores. */
typedef struct Clamp {
  int enabled;
  float lo, hi;
} Clamp;

static inline float clampValue(float x, Clamp c) {
  if (!c.enabled)
    return x;
  x = x > c.lo ? x : c.lo; /* NaN -> lo, as max(x, lo) in ONNX Relu and Clip */
  return x < c.hi ? x : c.hi;
}

/* Eight floats as one value: GCC and Clang lower arithmetic on it to
 * whatever vectors the file's ISA flags allow (one ymm with AVX2, two xmm
 * with SSE2, two q registers with NEON). Written out rather than left to the
 * loop vectorizer, which keeps the nine weights of a 3x3 kernel poorly in
 * registers and re-derives shifted rows with shuffles instead of loads. */
typedef float Vec8 __attribute__((vector_size(32)));
typedef int32_t Mask8 __attribute__((vector_size(32)));

static inline Vec8 load8(const float *p) {
  Vec8 v;
  memcpy(&v, p, sizeof v);
  return v;
}

/* p[0], p[2], ..., p[14], reading p[0, 16). */
static inline Vec8 loadEven8(const float *p) {
#if defined(__clang__)
  const Vec8 low = load8(p), high = load8(p + 8);
  return __builtin_shufflevector(low, high, 0, 2, 4, 6, 8, 10, 12, 14);
#else
  return (Vec8){p[0], p[2], p[4], p[6], p[8], p[10], p[12], p[14]};
#endif
}

static inline Vec8 splat8(float x) { return (Vec8){x, x, x, x, x, x, x, x}; }

/* x > lo ? x : lo, lane by lane (NaN -> lo), then the same with hi. */
static inline Vec8 clamp8(Vec8 x, Clamp c) {
  const Vec8 lo = splat8(c.lo), hi = splat8(c.hi);
  Mask8 above = x > lo;
  x = (Vec8)(((Mask8)x & above) | ((Mask8)lo & ~above));
  Mask8 below = x < hi;
  return (Vec8)(((Mask8)x & below) | ((Mask8)hi & ~below));
}

/* o[j] = bias + the 3x3 taps of output column j, whose input columns start at
 * j * stride in rows r0, r1, r2; eight columns at a time, then one by one.
 * `stride` and `clamped` are constants at each call site once inlined. */
static inline __attribute__((always_inline)) void
interior3x3(float *restrict o, const float *restrict r0, const float *restrict r1,
            const float *restrict r2, const float *restrict w, float bias, int64_t count,
            int64_t stride, int clamped, Clamp clamp) {
  const Vec8 w0 = splat8(w[0]), w1 = splat8(w[1]), w2 = splat8(w[2]), w3 = splat8(w[3]),
             w4 = splat8(w[4]), w5 = splat8(w[5]), w6 = splat8(w[6]), w7 = splat8(w[7]),
             w8 = splat8(w[8]), b = splat8(bias);
  int64_t j = 0;
  /* With stride 2, loadEven8 at column c + 2 reads up to c + 17, one float
   * past the last tap of the eighth column: stop the vectors one column
   * early so that they stay inside the interior. */
  const int64_t vectorEnd = stride == 1 ? count : count - 1;
  for (; j + 8 <= vectorEnd; j += 8) {
    const int64_t c = j * stride;
#define LOAD(row, offset) (stride == 1 ? load8((row) + c + (offset)) : loadEven8((row) + c + (offset)))
    Vec8 acc = b;
    acc = acc + w0 * LOAD(r0, 0);
    acc = acc + w1 * LOAD(r0, 1);
    acc = acc + w2 * LOAD(r0, 2);
    acc = acc + w3 * LOAD(r1, 0);
    acc = acc + w4 * LOAD(r1, 1);
    acc = acc + w5 * LOAD(r1, 2);
    acc = acc + w6 * LOAD(r2, 0);
    acc = acc + w7 * LOAD(r2, 1);
    acc = acc + w8 * LOAD(r2, 2);
#undef LOAD
    if (clamped)
      acc = clamp8(acc, clamp);
    memcpy(o + j, &acc, sizeof acc);
  }
  for (; j < count; ++j) {
    const int64_t c = j * stride;
    float acc = bias;
    acc += w[0] * r0[c] + w[1] * r0[c + 1] + w[2] * r0[c + 2];
    acc += w[3] * r1[c] + w[4] * r1[c + 1] + w[5] * r1[c + 2];
    acc += w[6] * r2[c] + w[7] * r2[c + 1] + w[8] * r2[c + 2];
    o[j] = clamped ? clampValue(acc, clamp) : acc;
  }
}

/* interior3x3 with stride and clamping as constants, for the compiler. */
static void interior3x3Dispatch(float *o, const float *r0, const float *r1, const float *r2,
                                const float *w, float bias, int64_t count, int64_t stride,
                                Clamp clamp) {
  if (stride == 1 && !clamp.enabled)
    interior3x3(o, r0, r1, r2, w, bias, count, 1, 0, clamp);
  else if (stride == 1)
    interior3x3(o, r0, r1, r2, w, bias, count, 1, 1, clamp);
  else if (!clamp.enabled)
    interior3x3(o, r0, r1, r2, w, bias, count, 2, 0, clamp);
  else
    interior3x3(o, r0, r1, r2, w, bias, count, 2, 1, clamp);
}

/* Output column ow of row oh, whose taps may fall in the padding: the taps
 * inside the image are the ranges [kFirst, kLast) of rows and columns. */
static float borderPixel(const qc_conv2d_f32_desc *d, const float *in, const float *w,
                         float bias, int64_t oh, int64_t ow) {
  const int64_t ih0 = oh * d->stride_h - d->pad_top, iw0 = ow * d->stride_w - d->pad_left;
  int64_t khFirst = 0, khLast = d->kernel_height, kwFirst = 0, kwLast = d->kernel_width;
  while (khFirst < khLast && ih0 + khFirst * d->dilation_h < 0)
    ++khFirst;
  while (khLast > khFirst && ih0 + (khLast - 1) * d->dilation_h >= d->in_height)
    --khLast;
  while (kwFirst < kwLast && iw0 + kwFirst * d->dilation_w < 0)
    ++kwFirst;
  while (kwLast > kwFirst && iw0 + (kwLast - 1) * d->dilation_w >= d->in_width)
    --kwLast;
  float acc = bias;
  for (int64_t kh = khFirst; kh < khLast; ++kh) {
    const float *row = in + (ih0 + kh * d->dilation_h) * d->in_width + iw0;
    const float *taps = w + kh * d->kernel_width;
    for (int64_t kw = kwFirst; kw < kwLast; ++kw)
      acc += taps[kw] * row[kw * d->dilation_w];
  }
  return acc;
}

/* Interior columns [owBegin, owEnd) of row oh for any kernel shape: taps
 * accumulated one by one into a block of columns on the stack (rows outside
 * the image are skipped), then clamped and stored once. */
static void interiorGeneric(const qc_conv2d_f32_desc *d, const float *in, const float *w,
                            float bias, int64_t oh, int64_t owBegin, int64_t owEnd, float *o,
                            Clamp clamp) {
  enum { BLOCK = 64 };
  float acc[BLOCK];
  for (int64_t first = owBegin; first < owEnd; first += BLOCK) {
    const int64_t count = minInt(BLOCK, owEnd - first);
    for (int64_t j = 0; j < count; ++j)
      acc[j] = bias;
    for (int64_t kh = 0; kh < d->kernel_height; ++kh) {
      const int64_t ih = oh * d->stride_h + kh * d->dilation_h - d->pad_top;
      if (ih < 0 || ih >= d->in_height)
        continue;
      for (int64_t kw = 0; kw < d->kernel_width; ++kw) {
        const float tap = w[kh * d->kernel_width + kw];
        const int64_t stride = d->stride_w;
        const float *src =
            in + ih * d->in_width + first * stride + kw * d->dilation_w - d->pad_left;
        for (int64_t j = 0; j < count; ++j)
          acc[j] += tap * src[j * stride];
      }
    }
    for (int64_t j = 0; j < count; ++j)
      o[first + j] = clampValue(acc[j], clamp);
  }
}

static void convolvePlane(const qc_conv2d_f32_desc *d, const float *in, const float *w,
                          float bias, float *out, qc_conv2d_f32_epilogue epilogue) {
  const Clamp clamp = {
      .enabled = epilogue.kind == QC_EPILOGUE_RELU || epilogue.kind == QC_EPILOGUE_CLAMP,
      .lo = epilogue.kind == QC_EPILOGUE_CLAMP ? epilogue.clamp_min : 0.0f,
      .hi = epilogue.kind == QC_EPILOGUE_CLAMP ? epilogue.clamp_max : INFINITY,
  };
  /* Interior columns: every tap's input column inside [0, in_width). */
  const int64_t kwSpan = (d->kernel_width - 1) * d->dilation_w;
  const int64_t owBegin = minInt(ceilDiv(d->pad_left, d->stride_w), d->out_width);
  const int64_t lastInside = d->in_width - 1 - kwSpan + d->pad_left;
  const int64_t owEnd =
      lastInside < 0 ? owBegin : maxInt(owBegin, minInt(lastInside / d->stride_w + 1, d->out_width));
  const int fast3x3 = d->kernel_height == 3 && d->kernel_width == 3 && d->dilation_h == 1 &&
                      d->dilation_w == 1 && (d->stride_w == 1 || d->stride_w == 2);
  for (int64_t oh = 0; oh < d->out_height; ++oh) {
    float *o = out + oh * d->out_width;
    for (int64_t ow = 0; ow < owBegin; ++ow)
      o[ow] = clampValue(borderPixel(d, in, w, bias, oh, ow), clamp);
    const int64_t ih0 = oh * d->stride_h - d->pad_top;
    if (fast3x3 && ih0 >= 0 && ih0 + 2 < d->in_height) {
      const float *r0 = in + ih0 * d->in_width + owBegin * d->stride_w - d->pad_left;
      const float *r1 = r0 + d->in_width, *r2 = r1 + d->in_width;
      interior3x3Dispatch(o + owBegin, r0, r1, r2, w, bias, owEnd - owBegin, d->stride_w, clamp);
    } else {
      interiorGeneric(d, in, w, bias, oh, owBegin, owEnd, o, clamp);
    }
    for (int64_t ow = owEnd; ow < d->out_width; ++ow)
      o[ow] = clampValue(borderPixel(d, in, w, bias, oh, ow), clamp);
  }
}

#endif /* QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_PLANE_H */
