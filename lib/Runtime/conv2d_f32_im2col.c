/*===- conv2d_f32_im2col.c - im2col straight into A micro-panels ----------===*
 *
 * The GEMM driver asks for blocks of the im2col matrix (rows: output pixels,
 * columns: input taps k = (kh * kernel_width + kw) * ICg + ic) in the
 * micro-kernels' A layout: micro-panels of mr pixels, k-major, so that step k
 * of a micro-panel is mr consecutive floats, tap k of each of its pixels.
 *
 * A micro-panel's pixels split into runs that share one output row (one run,
 * or two where the micro-panel wraps to the next row). Within a run, tap
 * (kh, kw, ic) of consecutive pixels reads one input row at a fixed stride
 * (stride_w): a copy of up to mr floats, contiguous for stride 1, with zeros
 * on either side for the padding. Taps are ordered tap-major, so the bounds of
 * that copy, which depend on (kh, kw) only, are worked out once per tap and
 * serve all input channels, whose copies then follow each other in the
 * micro-panel (mr floats apart) and in the input (one plane apart).
 *
 * 1x1 convolutions with stride 1 and no padding read a pixel's taps at
 * input[c * plane + pixel]: a micro-panel is one run even across output rows.
 *
 * The packer is inlined with a constant mr for each variant's tile height, so
 * that the common full-run copy is a few fixed-size vector moves.
 *===----------------------------------------------------------------------===*/

#include "conv2d_f32.h"
#include "copy_floats.h"

#include <string.h>

#define ALWAYS_INLINE inline __attribute__((always_inline))

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }

/* dst[0, count) = src[0], src[stride], ... */
static ALWAYS_INLINE void copyStrided(float *restrict dst, const float *restrict src,
                                      int64_t count, int64_t stride) {
  if (stride == 1) {
    qc_copy_short_floats(dst, src, count);
    return;
  }
  for (int64_t j = 0; j < count; ++j)
    dst[j] = src[j * stride];
}

/* Columns [k0, k0 + depth) of `count` (<= mr) pixels of output row oh, from
 * output column ow on, into the lanes of a micro-panel starting at `lanes`.
 * `image` is the group's first input channel of the pixels' image. */
static ALWAYS_INLINE void packRun(const qc_conv2d_f32_desc *d, const float *image, int64_t oh,
                                  int64_t ow, int64_t count, int64_t k0, int64_t depth, int mr,
                                  float *lanes) {
  const int64_t inPerGroup = d->in_channels / d->groups;
  const int64_t plane = d->in_height * d->in_width;
  const int64_t strideW = d->stride_w;
  int64_t tap = k0 / inPerGroup, ic = k0 % inPerGroup;
  for (int64_t k = 0; k < depth; ++tap, ic = 0) {
    const int64_t channels = minInt(inPerGroup - ic, depth - k);
    const int64_t kh = tap / d->kernel_width, kw = tap % d->kernel_width;
    const int64_t ih = oh * d->stride_h + kh * d->dilation_h - d->pad_top;
    /* Input column of lane j: iw0 + j * stride_w. Lanes [first, last) are
     * inside the image; a run is at most mr lanes, so stepping is cheaper
     * than dividing. */
    const int64_t iw0 = ow * strideW + kw * d->dilation_w - d->pad_left;
    int64_t first = 0, last = ih >= 0 && ih < d->in_height ? count : 0;
    while (first < last && iw0 + first * strideW < 0)
      ++first;
    while (last > first && iw0 + (last - 1) * strideW >= d->in_width)
      --last;
    float *out = lanes + k * mr;
    k += channels;
    if (first == last) {
      for (int64_t c = 0; c < channels; ++c, out += mr)
        qc_zero_short_floats(out, count);
      continue;
    }
    const float *src = image + ic * plane + ih * d->in_width + iw0 + first * strideW;
    if (count == mr && first == 0 && last == mr) { /* the usual full run */
      if (strideW == 1)
        for (int64_t c = 0; c < channels; ++c, out += mr, src += plane)
          memcpy(out, src, (size_t)mr * sizeof(float));
      else
        for (int64_t c = 0; c < channels; ++c, out += mr, src += plane)
          for (int j = 0; j < mr; ++j)
            out[j] = src[j * strideW];
      continue;
    }
    for (int64_t c = 0; c < channels; ++c, out += mr, src += plane) {
      qc_zero_short_floats(out, first);
      copyStrided(out + first, src, last - first, strideW);
      qc_zero_short_floats(out + last, count - last);
    }
  }
}

/* 1x1, stride 1, no padding: pixel p of an image reads input[c * plane + p]. */
static ALWAYS_INLINE void packContiguousRun(const qc_conv2d_f32_desc *d, const float *image,
                                            int64_t pixel, int64_t count, int64_t k0,
                                            int64_t depth, int mr, float *lanes) {
  const int64_t plane = d->in_height * d->in_width;
  const float *src = image + k0 * plane + pixel;
  if (count == mr)
    for (int64_t k = 0; k < depth; ++k, lanes += mr, src += plane)
      memcpy(lanes, src, (size_t)mr * sizeof(float));
  else
    for (int64_t k = 0; k < depth; ++k, lanes += mr, src += plane)
      qc_copy_short_floats(lanes, src, count);
}

static ALWAYS_INLINE void packBlock(const qc_conv2d_f32_im2col *im2col, int64_t firstRow,
                                    int64_t rows, int64_t k0, int64_t depth, int mr,
                                    float *packed) {
  const qc_conv2d_f32_desc *d = im2col->desc;
  const int64_t pixels = d->out_height * d->out_width;
  const int64_t imageStride = d->in_channels * d->in_height * d->in_width;
  const int contiguous = d->kernel_height == 1 && d->kernel_width == 1 && d->stride_h == 1 &&
                         d->stride_w == 1 && d->pad_top == 0 && d->pad_left == 0 &&
                         d->out_height == d->in_height && d->out_width == d->in_width;
  for (int64_t row = 0; row < rows; row += mr, packed += mr * depth) {
    const int64_t lanes = minInt(mr, rows - row);
    if (lanes < mr) /* the last, partial micro-panel: zero rows for full tiles */
      memset(packed, 0, (size_t)(mr * depth) * sizeof(float));
    int64_t pixel = im2col->first_pixel + firstRow + row;
    for (int64_t lane = 0; lane < lanes;) {
      const int64_t image = pixel / pixels, inImage = pixel % pixels;
      const float *input = im2col->input + image * imageStride;
      int64_t count;
      if (contiguous) {
        count = minInt(lanes - lane, pixels - inImage);
        packContiguousRun(d, input, inImage, count, k0, depth, mr, packed + lane);
      } else {
        const int64_t oh = inImage / d->out_width, ow = inImage % d->out_width;
        count = minInt(lanes - lane, d->out_width - ow);
        packRun(d, input, oh, ow, count, k0, depth, mr, packed + lane);
      }
      lane += count;
      pixel += count;
    }
  }
}

void qc_conv2d_f32_pack_im2col(const void *context, int64_t firstRow, int64_t rows, int64_t k0,
                               int64_t depth, int mr, float *packed) {
  const qc_conv2d_f32_im2col *im2col = (const qc_conv2d_f32_im2col *)context;
  switch (mr) { /* the tile heights of the variants in gemm_f32_dispatch.c */
  case 4:
    packBlock(im2col, firstRow, rows, k0, depth, 4, packed);
    break;
  case 6:
    packBlock(im2col, firstRow, rows, k0, depth, 6, packed);
    break;
  case 14:
    packBlock(im2col, firstRow, rows, k0, depth, 14, packed);
    break;
  default:
    packBlock(im2col, firstRow, rows, k0, depth, mr, packed);
    break;
  }
}
