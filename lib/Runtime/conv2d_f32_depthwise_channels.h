/*===- conv2d_f32_depthwise_channels.h - depthwise, channels in lanes -----===*
 *
 * Runtime-internal. The depthwise kernel for small planes, compiled per ISA
 * with the primitives of conv2d_f32_depthwise_plane.h and one more:
 *
 *   void vecTranspose(Vec v[LANES])          v[i][j] <-> v[j][i]
 *
 * Small planes fill vectors badly along their rows: a 7-wide row is one
 * vector of 8 whose nine FMAs form one dependency chain, with a row's worth
 * of bookkeeping around it. So LANES channels of one image are computed
 * together instead: their input planes are transposed into a buffer of
 * padded pixel rows on the stack, each pixel one vector of its LANES
 * channels, zeros around the image. Tap (kh, kw) of output pixel (oh, ow) is
 * then the aligned vector of pixel (oh * stride_h + kh * dilation_h,
 * ow * stride_w + kw * dilation_w), times the vector of that tap's weights
 * of the LANES channels, whatever the stride, dilation or plane width; a row
 * has as many independent sums as pixels. LANES output pixels at a time are
 * transposed back into the channels' planes. Each element is transposed
 * twice, about 1.5 shuffles, next to its nine FMAs.
 *
 * The sums are those of the row path, in the same order (the bias, then the
 * taps row by row, padding zeros included), so a plane's results are
 * bit-identical whichever path computes it.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_CHANNELS_H
#define QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_CHANNELS_H

#include "conv2d_f32_depthwise_plane.h"

enum {
  /* Floats of the pixel buffer on the stack (32 KiB): a 28x28 plane with
   * its padding is 30 x 30 pixels of 8 floats. Larger planes take rows. */
  PIXEL_FLOATS = 8192,
  /* The most taps whose weight vectors are kept (7x7). */
  MAX_CHANNEL_TAPS = 49,
};

/* The pixel buffer: rows x rowPixels pixels; pixel (r, q) is input row
 * r - pad_top, column q - pad_left, zero outside the image. It holds what
 * the output reads, at least LANES output columns' worth per row (a row
 * narrower than LANES is computed as LANES columns, the rest discarded). */
typedef struct PixelGeometry {
  int64_t rows, rowPixels;
} PixelGeometry;

static PixelGeometry pixelGeometryOf(const qc_conv2d_f32_desc *d) {
  const PixelGeometry p = {
      (d->out_height - 1) * d->stride_h + d->dilation_h * (d->kernel_height - 1) + 1,
      (maxInt(d->out_width, LANES) - 1) * d->stride_w + d->dilation_w * (d->kernel_width - 1) + 1,
  };
  return p;
}

/* True when the convolution's planes go through the pixel buffer, LANES
 * channels at a time: there are that many channels, the padded plane fits
 * and the weight vectors too. */
static int channelBlocksFit(const qc_conv2d_f32_desc *d) {
  const PixelGeometry p = pixelGeometryOf(d);
  return d->out_channels >= LANES && d->kernel_height >= 1 && d->kernel_width >= 1 &&
         d->kernel_height * d->kernel_width <= MAX_CHANNEL_TAPS &&
         p.rows * p.rowPixels <= PIXEL_FLOATS / LANES;
}

/* Zeroes the buffer's pixels outside the image (once per call: the blocks'
 * copies write only the image's pixels). */
static void zeroPixelPadding(const qc_conv2d_f32_desc *d, const PixelGeometry *p, float *pixels) {
  const int64_t left = minInt(d->pad_left, p->rowPixels);
  const int64_t right = minInt(d->pad_left + d->in_width, p->rowPixels);
  for (int64_t r = 0; r < p->rows; ++r) {
    float *row = pixels + r * p->rowPixels * LANES;
    const int64_t ih = r - d->pad_top;
    const int inside = ih >= 0 && ih < d->in_height;
    for (int64_t q = 0; q < (inside ? left : p->rowPixels); ++q)
      vecStore(row + q * LANES, vecSplat(0.0f));
    for (int64_t q = inside ? right : p->rowPixels; q < p->rowPixels; ++q)
      vecStore(row + q * LANES, vecSplat(0.0f));
  }
}

/* v[j] <- column `first` + j of LANES rows of `width` floats, `stride`
 * floats apart from `src` (lane i: row i), for j < LANES, zero past the
 * rows. The rows are read LANES floats at a time, past their end when they
 * are narrower, unless that would pass `end` (then through a copy). */
static ALWAYS_INLINE void transposeColumns(Vec v[LANES], const float *src, int64_t stride,
                                           int64_t width, int64_t first, const float *end) {
  src += first;
  if (src + (LANES - 1) * stride + LANES <= end) {
    for (int i = 0; i < LANES; ++i)
      v[i] = vecLoad(src + i * stride);
  } else {
    for (int i = 0; i < LANES; ++i) {
      float copy[LANES] = {0};
      qc_copy_short_floats(copy, src + i * stride, minInt(LANES, width - first));
      v[i] = vecLoad(copy);
    }
  }
  vecTranspose(v);
}

/* The buffer <- the image pixels of the planes at `in` (LANES of them,
 * inPlane floats apart) that the output reads (the rows and columns past
 * the last stride may not be), LANES columns of a row at a time, transposed
 * (the last group ending at the last column stored). Only those columns are
 * stored, with a fixed, unrolled loop: a loop over a variable count would
 * keep the vectors in memory and become a call to memmove. */
static ALWAYS_INLINE void fillPixels(const qc_conv2d_f32_desc *d, const PixelGeometry *p,
                                     float *pixels, const float *in, int64_t inPlane,
                                     const float *inputEnd) {
  const int64_t width = d->in_width;
  const int64_t columns = minInt(width, p->rowPixels - d->pad_left);
  const int64_t rows = minInt(d->in_height, p->rows - d->pad_top);
  for (int64_t ih = 0; ih < rows && columns > 0; ++ih) {
    float *row = pixels + ((ih + d->pad_top) * p->rowPixels + d->pad_left) * LANES;
    for (int64_t c0 = 0;; c0 += LANES) {
      const int64_t first = minInt(c0, maxInt(columns - LANES, 0));
      Vec v[LANES];
      transposeColumns(v, in + ih * width, inPlane, width, first, inputEnd);
      for (int j = 0; j < LANES; ++j)
        if (j < columns - first)
          vecStore(row + (first + j) * LANES, v[j]);
      if (first + LANES >= columns)
        break;
    }
  }
}

/* What a block of LANES channels computes with. */
typedef struct ChannelBlock {
  const qc_conv2d_f32_desc *desc;
  const PixelGeometry *geometry;
  const float *pixels;
  Vec w[MAX_CHANNEL_TAPS]; /* w[t] lane i: tap t of channel i */
  Vec bias, lo, hi;
  float *out;              /* channel 0's output plane; the others follow */
  int64_t outPlane;
} ChannelBlock;

/* Output pixels [ow0, ow0 + LANES) of row oh of the block's LANES channels:
 * LANES independent sums, transposed into one vector per channel and stored
 * into its plane. A row narrower than LANES is stored as a whole vector
 * anyway (the floats past it belong to the plane's later rows, which
 * overwrite them) except for a plane's last row, copied short. The sizes
 * are constants in the specialized blocks. */
static ALWAYS_INLINE void convolvePixels(const ChannelBlock *b, int64_t oh, int64_t ow0,
                                         int64_t kernelH, int64_t kernelW, int64_t strideH,
                                         int64_t strideW, int64_t dilationH, int64_t dilationW,
                                         int clamped) {
  const qc_conv2d_f32_desc *d = b->desc;
  const int64_t rowPixels = b->geometry->rowPixels;
  Vec acc[LANES];
  for (int j = 0; j < LANES; ++j)
    acc[j] = b->bias;
  for (int64_t kh = 0; kh < kernelH; ++kh) {
    const float *row = b->pixels + (oh * strideH + kh * dilationH) * rowPixels * LANES;
    for (int64_t kw = 0; kw < kernelW; ++kw) {
      const Vec tap = b->w[kh * kernelW + kw];
      for (int j = 0; j < LANES; ++j)
        acc[j] = vecFma(acc[j], tap, vecLoad(row + ((ow0 + j) * strideW + kw * dilationW) * LANES));
    }
  }
  for (int j = 0; j < LANES; ++j)
    acc[j] = clamped ? vecMin(vecMax(acc[j], b->lo), b->hi) : acc[j];
  vecTranspose(acc);
  const int64_t at = oh * d->out_width + ow0;
  const int whole = d->out_width >= LANES || at + LANES <= b->outPlane;
  for (int i = 0; i < LANES; ++i) {
    float *dst = b->out + i * b->outPlane + at;
    if (whole) {
      vecStore(dst, acc[i]);
    } else {
      float partial[LANES];
      vecStore(partial, acc[i]);
      qc_copy_short_floats(dst, partial, d->out_width);
    }
  }
}

/* Every output pixel of the block, LANES of a row at a time (the last group
 * of a row ending at its end, recomputing some pixels identically). */
static ALWAYS_INLINE void convolveChannelBlock(const ChannelBlock *b, int64_t kernelH,
                                               int64_t kernelW, int64_t strideH, int64_t strideW,
                                               int64_t dilationH, int64_t dilationW, int clamped) {
  const qc_conv2d_f32_desc *d = b->desc;
  for (int64_t oh = 0; oh < d->out_height; ++oh)
    for (int64_t ow = 0;; ow += LANES) {
      const int64_t first = minInt(ow, maxInt(d->out_width - LANES, 0));
      convolvePixels(b, oh, first, kernelH, kernelW, strideH, strideW, dilationH, dilationW,
                     clamped);
      if (first + LANES >= d->out_width)
        break;
    }
}

typedef void (*ChannelBlockFn)(const ChannelBlock *b);

/* 3x3 without dilation, equal strides 1 or 2 (MobileNet's), with and
 * without a clamp; anything else with every size read at run time. */
#define DEFINE_CHANNEL_BLOCK_FN(name, k, stride, clamped)                                       \
  static void name(const ChannelBlock *b) {                                                    \
    convolveChannelBlock(b, k, k, stride, stride, 1, 1, clamped);                              \
  }
DEFINE_CHANNEL_BLOCK_FN(channels3x3s1, 3, 1, 0)
DEFINE_CHANNEL_BLOCK_FN(channels3x3s1Clamped, 3, 1, 1)
DEFINE_CHANNEL_BLOCK_FN(channels3x3s2, 3, 2, 0)
DEFINE_CHANNEL_BLOCK_FN(channels3x3s2Clamped, 3, 2, 1)
#undef DEFINE_CHANNEL_BLOCK_FN

static void channelsAny(const ChannelBlock *b) {
  const qc_conv2d_f32_desc *d = b->desc;
  convolveChannelBlock(b, d->kernel_height, d->kernel_width, d->stride_h, d->stride_w,
                       d->dilation_h, d->dilation_w, 0);
}

static void channelsAnyClamped(const ChannelBlock *b) {
  const qc_conv2d_f32_desc *d = b->desc;
  convolveChannelBlock(b, d->kernel_height, d->kernel_width, d->stride_h, d->stride_w,
                       d->dilation_h, d->dilation_w, 1);
}

static ChannelBlockFn channelBlockFnFor(const qc_conv2d_f32_desc *d, Clamp clamp) {
  if (d->kernel_height == 3 && d->kernel_width == 3 && d->dilation_h == 1 &&
      d->dilation_w == 1 && d->stride_h == d->stride_w && d->stride_w <= 2)
    return d->stride_w == 1 ? (clamp.enabled ? channels3x3s1Clamped : channels3x3s1)
                            : (clamp.enabled ? channels3x3s2Clamped : channels3x3s2);
  return clamp.enabled ? channelsAnyClamped : channelsAny;
}

/* Channels [c0, c1) of image n (c1 - c0 >= LANES), LANES at a time; the
 * last block ends at c1, recomputing some channels identically. Needs
 * channelBlocksFit(d). */
static void convolveChannelBlocks(const qc_conv2d_f32_desc *d, const float *input,
                                  const float *weights, const float *bias, float *output,
                                  Clamp clamp, int64_t n, int64_t c0, int64_t c1) {
  const PixelGeometry p = pixelGeometryOf(d);
  const int64_t inPlane = d->in_height * d->in_width, outPlane = d->out_height * d->out_width;
  const int64_t taps = d->kernel_height * d->kernel_width;
  const float *inputEnd = input + d->batch * d->in_channels * inPlane;
  const float *weightsEnd = weights + d->out_channels * taps;
  float pixels[PIXEL_FLOATS] __attribute__((aligned(64)));
  zeroPixelPadding(d, &p, pixels);
  const ChannelBlockFn blockFn = channelBlockFnFor(d, clamp);
  ChannelBlock b;
  b.desc = d;
  b.geometry = &p;
  b.pixels = pixels;
  b.lo = vecSplat(clamp.lo);
  b.hi = vecSplat(clamp.hi);
  b.outPlane = outPlane;
  for (int64_t c = c0;; c += LANES) {
    const int64_t first = minInt(c, c1 - LANES);
    const int64_t plane = n * d->out_channels + first;
    fillPixels(d, &p, pixels, input + plane * inPlane, inPlane, inputEnd);
    /* The weight vectors: the block's rows of taps, transposed LANES taps
     * at a time (the last group ending at the last tap). */
    for (int64_t t0 = 0;; t0 += LANES) {
      const int64_t t = minInt(t0, maxInt(taps - LANES, 0));
      Vec v[LANES];
      transposeColumns(v, weights + first * taps, taps, taps, t, weightsEnd);
      for (int j = 0; j < LANES; ++j)
        if (j < taps - t)
          b.w[t + j] = v[j];
      if (t + LANES >= taps)
        break;
    }
    b.bias = bias ? vecLoad(bias + first) : vecSplat(0.0f);
    b.out = output + plane * outPlane;
    blockFn(&b);
    if (first + LANES >= c1)
      break;
  }
}

#endif /* QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_CHANNELS_H */
