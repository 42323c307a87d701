/*===- conv2d_f32_depthwise_plane.h - depthwise kernel, rows in vectors ---===*
 *
 * Runtime-internal. The depthwise kernel for planes computed one by one
 * along their rows, written once and compiled once per ISA: each variant
 * file (generic/, arch/<target>/) defines a few vector primitives with its
 * own intrinsics, then includes conv2d_f32_depthwise_kernel.h, which uses
 * this header's convolvePlaneRows next to the channel blocks of
 * conv2d_f32_depthwise_channels.h. The primitives, LANES floats per vector:
 *
 *   LANES                                    floats per vector
 *   Vec                                      the vector type
 *   Vec vecLoad(const float *p)              p[0, LANES), unaligned
 *   void vecStore(float *p, Vec v)           unaligned
 *   Vec vecSplat(float x)
 *   Vec vecFma(Vec acc, Vec a, Vec b)        acc + a * b (fused where the ISA has it)
 *   Vec vecMax(Vec x, Vec lo)                x > lo ? x : lo, lane by lane (NaN -> lo)
 *   Vec vecMin(Vec x, Vec hi)                x < hi ? x : hi
 *   void vecDeinterleave(const float *p, float *even, float *odd)
 *                                            even[i] = p[2i], odd[i] = p[2i + 1], i < LANES
 *
 * How a plane is computed. Its output rows are vectorized along the row,
 * LANES output columns per vector, with no bounds check and no special
 * border columns: each input row a plane needs is first copied once into a
 * small ring of rows on the stack (L1-resident), with its left and right
 * padding written as zeros, and split by phase for strides > 1 (phase p
 * holds input columns p, p + s, p + 2s, ...). Then every tap of every output
 * vector is one unit-stride load, whatever the stride and dilation: tap kw
 * of output column j reads phase (d * kw) % s at index j + (d * kw) / s. A
 * stride-2 row is deinterleaved once per row instead of once per tap, and
 * rows above or below the image point at a slot of zeros. Rows wider than
 * the ring allows are cut into strips of output columns.
 *
 * Output rows are computed in groups of 4 (stride 1) or 2, four vectors at
 * a time: 4 rows x 1 vector or 2 x 2, four independent FMA chains that
 * share the loads of their common input rows (a 3x3 stride-1 block of four
 * rows loads six input rows, 18 vectors for 36 FMAs). 3x3 kernels,
 * MobileNet's, are compiled with the kernel size and strides as constants
 * (nine weights held in registers); other shapes loop over taps. A row's
 * last partial vector is recomputed overlapping the previous one, so every
 * store is a full vector; only planes narrower than one vector need shorter
 * stores. The bias starts each sum, the taps follow row by row, and the
 * epilogue clamps each vector before its only store.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_PLANE_H
#define QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_PLANE_H

#include "conv2d_f32.h"
#include "copy_floats.h"

#include <math.h>

#define ALWAYS_INLINE inline __attribute__((always_inline))

enum {
  /* Floats of the row ring, on the stack: 16 KiB, half of a 32 KiB L1, so
   * that the ring stays there next to the output rows being written. A 3x3
   * stride-1 row of 112 columns takes 8 slots of 128 floats, and the slot
   * of zeros. */
  RING_FLOATS = 4096,
  /* Largest kernel side the vector path handles (the row and column offset
   * tables are on the stack); larger kernels use the per-pixel loop. */
  MAX_KERNEL = 32,
  /* Output vectors computed together: four independent FMA chains. With
   * the nine weights of a 3x3 kernel, more would not fit in the 16 AVX2
   * registers (8 spills more than it gains). */
  BLOCK = 4,
  /* The most output rows computed together (convolveStream). */
  MAX_GROUP = 4,
  /* The most input rows a group may read (4 rows, 3x3 stride 2: 9); more go
   * pixel by pixel. */
  MAX_SPAN = 64,
};

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t maxInt(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t clampInt(int64_t x, int64_t lo, int64_t hi) { return minInt(maxInt(x, lo), hi); }
static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/* The epilogue as a clamp to [lo, hi]: RELU is [0, +inf), NONE is no clamp. */
typedef struct Clamp {
  int enabled;
  float lo, hi;
} Clamp;

static Clamp clampOf(qc_conv2d_f32_epilogue epilogue) {
  const Clamp c = {
      .enabled = epilogue.kind == QC_EPILOGUE_RELU || epilogue.kind == QC_EPILOGUE_CLAMP,
      .lo = epilogue.kind == QC_EPILOGUE_CLAMP ? epilogue.clamp_min : 0.0f,
      .hi = epilogue.kind == QC_EPILOGUE_CLAMP ? epilogue.clamp_max : INFINITY,
  };
  return c;
}

static float clampValue(float x, Clamp c) {
  if (!c.enabled)
    return x;
  x = x > c.lo ? x : c.lo; /* NaN -> lo, as vecMax */
  return x < c.hi ? x : c.hi;
}

/* How a convolution's planes are cut and laid out in the ring; the same for
 * every plane. strip == 0: the vector path does not apply (kernel larger
 * than MAX_KERNEL, or too wide for the ring), planes go pixel by pixel. */
typedef struct Geometry {
  int64_t strip;       /* output columns per strip, a multiple of LANES */
  int64_t ringRows;    /* slots for input rows, a power of two; then one slot of zeros */
  int64_t phaseFloats; /* floats of one phase of a slot */
  int64_t slotFloats;  /* floats of one slot: stride phases, then room for vector overshoot */
} Geometry;

/* Input columns (positions) a strip of `columns` output columns reads,
 * counting at least one full vector. */
static int64_t stripSpan(const qc_conv2d_f32_desc *d, int64_t columns) {
  return d->stride_w * (maxInt(columns, LANES) - 1) + d->dilation_w * (d->kernel_width - 1) + 1;
}

/* The geometry for strips of `strip` columns. The ring holds the input
 * rows of a group of output rows (convolveStream), a power of two of them
 * so that a row's slot is a mask away. */
static Geometry geometryFor(const qc_conv2d_f32_desc *d, int64_t strip) {
  Geometry g = {strip, 1, 0, 0};
  while (g.ringRows < (MAX_GROUP - 1) * d->stride_h + d->dilation_h * (d->kernel_height - 1) + 1)
    g.ringRows *= 2;
  g.phaseFloats = ceilDiv(stripSpan(d, strip), d->stride_w);
  g.slotFloats = ceilDiv(d->stride_w * g.phaseFloats + LANES, LANES) * LANES;
  return g;
}

/* The widest strip (up to the whole row) whose ring fits RING_FLOATS. */
static Geometry geometryOf(const qc_conv2d_f32_desc *d) {
  const Geometry none = {0, 0, 0, 0};
  if (d->kernel_height < 1 || d->kernel_width < 1 || d->kernel_height > MAX_KERNEL ||
      d->kernel_width > MAX_KERNEL ||
      (MAX_GROUP - 1) * d->stride_h + d->dilation_h * (d->kernel_height - 1) + 1 > MAX_SPAN)
    return none;
  for (int64_t strip = ceilDiv(maxInt(d->out_width, LANES), LANES) * LANES; strip >= LANES;
       strip -= LANES) {
    if (d->stride_w * (strip - LANES) > RING_FLOATS)
      continue; /* far too wide: skip the search */
    const Geometry g = geometryFor(d, strip);
    if ((g.ringRows + 1) * g.slotFloats <= RING_FLOATS)
      return g;
  }
  return none;
}

/* The qc_conv2d_f32_depthwise_kernel's strip_columns. */
static int64_t stripColumns(const qc_conv2d_f32_desc *d) { return geometryOf(d).strip; }

/* p[0, count) = 0 with whole vectors: may write up to LANES - 1 floats more.
 * The empty asm hides the pointer's progression from the compiler, which
 * would otherwise turn the loop into a call to memset, whose dispatch costs
 * more than these few vectors (the same goes for copyVectors and memmove). */
static ALWAYS_INLINE void zeroVectors(float *p, int64_t count) {
  for (int64_t i = 0; i < count; i += LANES) {
    float *at = p + i;
    __asm__("" : "+r"(at));
    vecStore(at, vecSplat(0.0f));
  }
}

/* dst[0, count) = src[0, count), count >= LANES, with whole vectors (the
 * last one overlapping the previous). */
static ALWAYS_INLINE void copyVectors(float *dst, const float *src, int64_t count) {
  for (int64_t i = 0; i + LANES <= count; i += LANES) {
    float *at = dst + i;
    __asm__("" : "+r"(at));
    vecStore(at, vecLoad(src + i));
  }
  vecStore(dst + count - LANES, vecLoad(src + count - LANES));
}

/* A strip of output columns [j0, j0 + n) and the input positions it reads:
 * position q in [0, span) is input column c0 + q, inside the image for q in
 * [inside, outside). In a slot, position q is at phase q % stride, index
 * q / stride. */
typedef struct Strip {
  int64_t j0, n;
  int64_t c0, span, inside, outside;
} Strip;

static Strip stripAt(const qc_conv2d_f32_desc *d, int64_t j0, int64_t n) {
  Strip s = {j0, n, j0 * d->stride_w - d->pad_left, stripSpan(d, n), 0, 0};
  s.inside = clampInt(-s.c0, 0, s.span);
  s.outside = clampInt(d->in_width - s.c0, s.inside, s.span);
  return s;
}

/* Zeroes the positions of every ring slot that fall in the padding, in
 * [0, inside) and [outside, span): the same for every row of the strip and
 * every plane, so done once per strip. fillSlot writes only the positions
 * in between (overwriting the vectors' overshoot). */
static void zeroPadding(const qc_conv2d_f32_desc *d, const Geometry *g, float *ring,
                        const Strip *s) {
  const int64_t stride = d->stride_w;
  for (int64_t slot = 0; slot < g->ringRows; ++slot)
    for (int64_t p = 0; p < stride; ++p) {
      float *phase = ring + slot * g->slotFloats + p * g->phaseFloats;
      const int64_t left = s->inside > p ? ceilDiv(s->inside - p, stride) : 0;
      const int64_t right = s->outside > p ? ceilDiv(s->outside - p, stride) : 0;
      zeroVectors(phase, left);
      zeroVectors(phase + right, g->phaseFloats - right);
    }
}

/* slot <- the strip's positions [inside, outside) of the input row `row`.
 * `stride` is a constant in the specialized strips. `inputEnd` is the end
 * of the input tensor: a stride-2 row shorter than one deinterleave reads
 * on into the next row when that stays inside it, then puts back the zeros
 * of the positions past the row. */
static ALWAYS_INLINE void fillSlot(float *restrict slot, const float *restrict row,
                                   const float *inputEnd, const Strip *s, int64_t stride,
                                   int64_t phaseFloats) {
  const int64_t qa = s->inside, qb = s->outside;
  const float *src = row + s->c0; /* src[q] is valid for q in [qa, qb) */
  int64_t q = qa;
/* Positions q, q + 2, ... go to phase q & 1 from index q >> 1, positions
 * q + 1, q + 3, ... to the other phase from index (q + 1) >> 1. */
#define DEINTERLEAVE_AT(q)                                                                      \
  vecDeinterleave(src + (q), slot + ((q) & 1) * phaseFloats + ((q) >> 1),                     \
                  slot + (((q) + 1) & 1) * phaseFloats + (((q) + 1) >> 1))
  if (stride == 1) {
    if (qb - qa < LANES)
      qc_copy_short_floats(slot + qa, src + qa, qb - qa);
    else
      copyVectors(slot + qa, src + qa, qb - qa);
  } else if (stride == 2 && qb - qa >= 2 * LANES) {
    for (; q + 2 * LANES <= qb; q += 2 * LANES)
      DEINTERLEAVE_AT(q);
    if (q < qb) /* the last 2 * LANES positions again */
      DEINTERLEAVE_AT(qb - 2 * LANES);
  } else if (stride == 2 && qa + 2 * LANES <= s->span && src + qa + 2 * LANES <= inputEnd) {
    DEINTERLEAVE_AT(qa);
    for (q = qb; q < qa + 2 * LANES; ++q)
      slot[(q & 1) * phaseFloats + (q >> 1)] = 0.0f;
  } else {
    for (; q < qb; ++q)
      slot[q % stride * phaseFloats + q / stride] = src[q];
  }
#undef DEINTERLEAVE_AT
}

/* What a block of output vectors reads: the slots of the input rows from
 * the group's first row down (inRows[i]: input row top + i, or the slot of
 * zeros), the offset of each tap column in a slot, and the channel's taps
 * (copied to the stack: the compiler then knows that the output's stores do
 * not change them and keeps a 3x3 kernel's nine in registers). */
typedef struct Taps {
  const float *const *inRows;
  const int64_t *columns;
  const float *w;
} Taps;

/* `count` (<= BLOCK) output vectors at once, independent FMA chains: vector
 * v is the output columns [at[v], + LANES) of the output row whose first
 * input row is inRows[rowOf[v]], stored to out[v]. Vectors of two output
 * rows that read the same input row load it once. */
static ALWAYS_INLINE void convolveVectors(int count, float *const *out, const int64_t *rowOf,
                                          const int64_t *at, const Taps *t, int64_t kernelH,
                                          int64_t kernelW, int64_t dilationH, Vec bias,
                                          int clamped, Vec lo, Vec hi) {
  Vec acc[BLOCK];
  for (int v = 0; v < count; ++v)
    acc[v] = bias;
  for (int64_t kh = 0; kh < kernelH; ++kh)
    for (int64_t kw = 0; kw < kernelW; ++kw) {
      const Vec tap = vecSplat(t->w[kh * kernelW + kw]);
      for (int v = 0; v < count; ++v)
        acc[v] = vecFma(acc[v], tap,
                        vecLoad(t->inRows[rowOf[v] + kh * dilationH] + t->columns[kw] + at[v]));
    }
  for (int v = 0; v < count; ++v)
    vecStore(out[v], clamped ? vecMin(vecMax(acc[v], lo), hi) : acc[v]);
}

/* The output rows [oh, oh + group) of a strip and how they are computed:
 * `group` and the kernel's shape are constants at each call site. */
typedef struct Rows {
  float *out[MAX_GROUP];      /* column j0 of each row */
  int64_t n;                  /* the strip's columns */
  int64_t strideH, dilationH;
  Vec bias, lo, hi;
} Rows;

/* Vectors starting at columns at[0, count) of each row of the group, in one
 * convolveVectors (group * count <= BLOCK). */
static ALWAYS_INLINE void convolveBlock(const Rows *r, const Taps *t, int group,
                                        const int64_t *columnsAt, int count, int64_t kernelH,
                                        int64_t kernelW, int clamped) {
  float *out[BLOCK];
  int64_t rowOf[BLOCK], at[BLOCK];
  for (int g = 0; g < group; ++g)
    for (int v = 0; v < count; ++v) {
      const int i = g * count + v;
      rowOf[i] = g * r->strideH;
      at[i] = columnsAt[v];
      out[i] = r->out[g] + columnsAt[v];
    }
  convolveVectors(group * count, out, rowOf, at, t, kernelH, kernelW, r->dilationH, r->bias,
                  clamped, r->lo, r->hi);
}

/* The group's rows of n >= LANES columns, `perBlock` vectors of each at a
 * time (group * perBlock <= BLOCK), then the 1 to perBlock vectors left
 * (the last one partly past the full blocks), the last one ending at n: it
 * overlaps the one before when n is not a multiple of LANES (same inputs,
 * same sums). */
static ALWAYS_INLINE void convolveRows(const Rows *r, const Taps *t, int group, int perBlock,
                                       int64_t kernelH, int64_t kernelW, int clamped) {
  int64_t j = 0;
  for (; j + perBlock * LANES <= r->n; j += perBlock * LANES) {
    const int64_t at[BLOCK] = {j, j + LANES, j + 2 * LANES, j + 3 * LANES};
    convolveBlock(r, t, group, at, perBlock, kernelH, kernelW, clamped);
  }
  const int64_t last = r->n - LANES;
  const int64_t at[BLOCK] = {minInt(j, last), minInt(j + LANES, last),
                             minInt(j + 2 * LANES, last), last};
  /* The cases past perBlock (a constant) are never compiled in. */
  switch (j < r->n ? ceilDiv(r->n - j, LANES) : 0) {
  case 4:
    if (perBlock >= 4)
      convolveBlock(r, t, group, at, 4, kernelH, kernelW, clamped);
    break;
  case 3:
    if (perBlock >= 3)
      convolveBlock(r, t, group, at, 3, kernelH, kernelW, clamped);
    break;
  case 2:
    if (perBlock >= 2)
      convolveBlock(r, t, group, at, 2, kernelH, kernelW, clamped);
    break;
  case 1:
    convolveBlock(r, t, group, at, 1, kernelH, kernelW, clamped);
    break;
  }
}

/* Rows narrower than a vector (n < LANES), one vector each. A row is stored
 * as a whole vector anyway, before the rows after it: the floats past it
 * belong to later rows of the plane, which overwrite them. Only rows less
 * than a vector from the end of the plane (planeEnd) go through a shorter
 * copy. */
static ALWAYS_INLINE void convolveShortRows(const Rows *r, const Taps *t, int group,
                                            const float *planeEnd, int64_t kernelH,
                                            int64_t kernelW, int clamped) {
  float partial[MAX_GROUP][LANES];
  float *out[BLOCK];
  int64_t rowOf[BLOCK], at[BLOCK];
  for (int g = 0; g < group; ++g) {
    rowOf[g] = g * r->strideH;
    at[g] = 0;
    out[g] = r->out[g] + LANES > planeEnd ? partial[g] : r->out[g];
  }
  convolveVectors(group, out, rowOf, at, t, kernelH, kernelW, r->dilationH, r->bias, clamped,
                  r->lo, r->hi);
  for (int g = 0; g < group; ++g)
    if (out[g] == partial[g])
      qc_copy_short_floats(r->out[g], partial[g], r->n);
}

/* The planes of one call and where the ring is. */
typedef struct Planes {
  const qc_conv2d_f32_desc *desc;
  const Geometry *geometry;
  float *ring;
  const float *zeroSlot;
  const float *input, *inputEnd, *weights, *bias;
  float *output;
  int64_t first, count;
  Clamp clamp;
} Planes;

/* One strip of every plane of the call. The input rows of the call's planes
 * are one sequence (the planes follow each other in memory): global row G
 * is row G mod in_height of plane G / in_height, and has ring slot
 * G mod ringRows. Each is copied into the ring once, just before the first
 * group of output rows that reads it; the ring holds a group's rows, so
 * the ones still needed are never overwritten.
 *
 * Output rows are computed `group` at a time: 4 with stride 1 (a 3x3 block
 * of four rows loads six input rows: 18 vectors for 36 FMAs, against 36
 * for four vectors of one row), 2 with stride 2 (four rows would read nine
 * input rows, whose 18 phase pointers do not fit in registers); a plane's
 * last group starts early if needed, recomputing some rows identically.
 * The kernel shape, strides and dilations are constants in the specialized
 * streams (then the row pointers and tap offsets are registers, and the
 * nine weights of a 3x3 kernel too), or the descriptor's fields. */
static ALWAYS_INLINE void convolveStream(const Planes *t, const Strip *s, int64_t kernelH,
                                         int64_t kernelW, int64_t strideH, int64_t strideW,
                                         int64_t dilationH, int64_t dilationW, int clamped,
                                         int group) {
  const qc_conv2d_f32_desc *d = t->desc;
  const Geometry *g = t->geometry;
  const int64_t ringMask = g->ringRows - 1, rowSpan = dilationH * (kernelH - 1);
  const int64_t inPlane = d->in_height * d->in_width, outPlane = d->out_height * d->out_width;
  const int64_t outRows = d->out_height, taps = kernelH * kernelW;
  /* The group's input rows: from its first row's top to its last row's bottom. */
  const int64_t spanRows = (group - 1) * strideH + rowSpan + 1;
  const int64_t lastRow = t->count * d->in_height - 1;
  const float *input = t->input + t->first * inPlane;
  int64_t columns[MAX_KERNEL];
  for (int64_t kw = 0; kw < kernelW; ++kw)
    columns[kw] = kw * dilationW % strideW * g->phaseFloats + kw * dilationW / strideW;
  float w[MAX_KERNEL * MAX_KERNEL];
  const float *inRows[MAX_SPAN];
  const Taps tapsOf = {inRows, columns, w};
  Rows r = {{NULL}, s->n, strideH, dilationH, vecSplat(0.0f), vecSplat(t->clamp.lo),
            vecSplat(t->clamp.hi)};
  int64_t copied = 0; /* global rows below it are in the ring */

  for (int64_t plane = 0; plane < t->count; ++plane) {
    const int64_t channel = (t->first + plane) % d->out_channels;
    for (int64_t i = 0; i < taps; ++i)
      w[i] = t->weights[channel * taps + i];
    r.bias = vecSplat(t->bias ? t->bias[channel] : 0.0f);
    float *outPlaneStart = t->output + (t->first + plane) * outPlane;
    for (int64_t oh = 0; oh < outRows; oh += group) {
      const int64_t first = minInt(oh, outRows - group);
      const int64_t top = first * strideH - d->pad_top, globalTop = plane * d->in_height + top;
      for (const int64_t until = minInt(globalTop + spanRows - 1, lastRow);
           copied <= until; ++copied)
        fillSlot(t->ring + (copied & ringMask) * g->slotFloats, input + copied * d->in_width,
                 t->inputEnd, s, strideW, g->phaseFloats);

      for (int64_t i = 0; i < spanRows; ++i)
        inRows[i] = top + i >= 0 && top + i < d->in_height
                        ? t->ring + ((globalTop + i) & ringMask) * g->slotFloats
                        : t->zeroSlot;
      for (int i = 0; i < group; ++i)
        r.out[i] = outPlaneStart + (first + i) * d->out_width + s->j0;
      if (s->n < LANES)
        convolveShortRows(&r, &tapsOf, group, outPlaneStart + outPlane, kernelH, kernelW,
                          clamped);
      else if (group == 1)
        convolveRows(&r, &tapsOf, 1, BLOCK, kernelH, kernelW, clamped);
      else
        convolveRows(&r, &tapsOf, group, BLOCK / group, kernelH, kernelW, clamped);
    }
  }
}

typedef void (*StreamFn)(const Planes *t, const Strip *s);

/* 3x3 without dilation, equal strides 1 or 2 (MobileNet's), with and
 * without a clamp, in groups of rows as groupFor says; anything else one row
 * at a time, with every size read at run time. */
#define DEFINE_STREAM_FN(name, k, stride, clamped, group)                                       \
  static void name(const Planes *t, const Strip *s) {                                          \
    convolveStream(t, s, k, k, stride, stride, 1, 1, clamped, group);                          \
  }
DEFINE_STREAM_FN(stream3x3s1, 3, 1, 0, 1)
DEFINE_STREAM_FN(stream3x3s1Rows2, 3, 1, 0, 2)
DEFINE_STREAM_FN(stream3x3s1Rows4, 3, 1, 0, 4)
DEFINE_STREAM_FN(stream3x3s1Clamped, 3, 1, 1, 1)
DEFINE_STREAM_FN(stream3x3s1ClampedRows2, 3, 1, 1, 2)
DEFINE_STREAM_FN(stream3x3s1ClampedRows4, 3, 1, 1, 4)
DEFINE_STREAM_FN(stream3x3s2, 3, 2, 0, 1)
DEFINE_STREAM_FN(stream3x3s2Rows2, 3, 2, 0, 2)
DEFINE_STREAM_FN(stream3x3s2Clamped, 3, 2, 1, 1)
DEFINE_STREAM_FN(stream3x3s2ClampedRows2, 3, 2, 1, 2)
#undef DEFINE_STREAM_FN

static void streamAny(const Planes *t, const Strip *s) {
  const qc_conv2d_f32_desc *d = t->desc;
  convolveStream(t, s, d->kernel_height, d->kernel_width, d->stride_h, d->stride_w,
                 d->dilation_h, d->dilation_w, 0, 1);
}

static void streamAnyClamped(const Planes *t, const Strip *s) {
  const qc_conv2d_f32_desc *d = t->desc;
  convolveStream(t, s, d->kernel_height, d->kernel_width, d->stride_h, d->stride_w,
                 d->dilation_h, d->dilation_w, 1, 1);
}

/* Rows per group (convolveStream says why): four with stride 1, two
 * otherwise; no more rows than the plane has. */
static int groupFor(const qc_conv2d_f32_desc *d) {
  const int group = d->stride_h == 1 ? 4 : 2;
  return d->out_height >= group ? group : d->out_height >= 2 ? 2 : 1;
}

static StreamFn streamFnFor(const qc_conv2d_f32_desc *d, Clamp clamp) {
  /* [clamped][group 1, 2, 4] and [clamped][group 1, 2]. */
  static const StreamFn stride1[2][3] = {
      {stream3x3s1, stream3x3s1Rows2, stream3x3s1Rows4},
      {stream3x3s1Clamped, stream3x3s1ClampedRows2, stream3x3s1ClampedRows4}};
  static const StreamFn stride2[2][2] = {{stream3x3s2, stream3x3s2Rows2},
                                         {stream3x3s2Clamped, stream3x3s2ClampedRows2}};
  const int group = groupFor(d);
  if (d->kernel_height == 3 && d->kernel_width == 3 && d->dilation_h == 1 &&
      d->dilation_w == 1 && d->stride_h == d->stride_w && d->stride_w <= 2)
    return d->stride_w == 1 ? stride1[clamp.enabled][group == 4 ? 2 : group - 1]
                            : stride2[clamp.enabled][group - 1];
  return clamp.enabled ? streamAnyClamped : streamAny;
}

/* One output pixel with its taps clipped to the image: the path for kernels
 * the vector path does not take. */
static float convolvePixel(const qc_conv2d_f32_desc *d, const float *in, const float *w,
                           float bias, int64_t oh, int64_t ow) {
  float acc = bias;
  for (int64_t kh = 0; kh < d->kernel_height; ++kh) {
    const int64_t ih = oh * d->stride_h + kh * d->dilation_h - d->pad_top;
    if (ih < 0 || ih >= d->in_height)
      continue;
    for (int64_t kw = 0; kw < d->kernel_width; ++kw) {
      const int64_t iw = ow * d->stride_w + kw * d->dilation_w - d->pad_left;
      if (iw >= 0 && iw < d->in_width)
        acc += w[kh * d->kernel_width + kw] * in[ih * d->in_width + iw];
    }
  }
  return acc;
}

/* Planes [first, first + count) of the convolution, in (image, channel)
 * order, each on its own. */
static void convolvePlaneRows(const qc_conv2d_f32_desc *d, const float *input,
                              const float *weights, const float *bias, float *output,
                              qc_conv2d_f32_epilogue epilogue, int64_t first, int64_t count) {
  const Clamp clamp = clampOf(epilogue);
  const Geometry g = geometryOf(d);

  if (g.strip == 0) {
    const int64_t inPlane = d->in_height * d->in_width, outPlane = d->out_height * d->out_width;
    for (int64_t plane = first; plane < first + count; ++plane) {
      const int64_t channel = plane % d->out_channels;
      const float *in = input + plane * inPlane;
      const float *w = weights + channel * d->kernel_height * d->kernel_width;
      const float b = bias ? bias[channel] : 0.0f;
      float *out = output + plane * outPlane;
      for (int64_t oh = 0; oh < d->out_height; ++oh)
        for (int64_t ow = 0; ow < d->out_width; ++ow)
          out[oh * d->out_width + ow] = clampValue(convolvePixel(d, in, w, b, oh, ow), clamp);
    }
    return;
  }

  float ring[RING_FLOATS] __attribute__((aligned(64)));
  float *zeroSlot = ring + g.ringRows * g.slotFloats;
  zeroVectors(zeroSlot, g.slotFloats);
  const float *inputEnd = input + d->batch * d->in_channels * d->in_height * d->in_width;
  const Planes t = {d,      &g,     ring,  zeroSlot, input, inputEnd, weights,
                    bias,   output, first, count,    clamp};
  for (int64_t j0 = 0; j0 < d->out_width; j0 += g.strip) {
    /* A last strip narrower than a vector starts earlier, overlapping the
     * previous one (whose columns it recomputes identically). */
    const int64_t start = d->out_width - j0 < LANES ? maxInt(d->out_width - LANES, 0) : j0;
    const Strip s = stripAt(d, start, minInt(g.strip, d->out_width - start));
    zeroPadding(d, &g, ring, &s);
    streamFnFor(d, clamp)(&t, &s);
  }
}

#endif /* QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_PLANE_H */
