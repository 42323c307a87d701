/*===- conv2d_f32_im2col.c - im2col straight into packed-B panels ---------===*
 *
 * One panel holds NR = 16 consecutive output pixels; its row k is the input
 * tap (ic, kh, kw) of each of them. The panel's pixels split into runs that
 * share one output row (one run, or two where the panel wraps to the next
 * row; more only for outputs narrower than 16). Within a run, tap (ic, kh, kw)
 * of consecutive pixels reads one input row at a fixed stride (stride_w), so
 * each (run, tap) is one strided copy with zeros on either side for the
 * padding: contiguous, vectorizable copies in the common stride-1 case.
 *
 * The bounds of each copy depend on (kh, kw) only, so they are worked out
 * once and reused for all input channels of the group.
 *===----------------------------------------------------------------------===*/

#include "conv2d_f32.h"
#include "copy_floats.h"

#include <string.h>

enum { NR = QC_GEMM_F32_NR };

/* dst[0, count) = src[0], src[stride], ... */
static void copyStrided(float *restrict dst, const float *restrict src, int64_t count,
                        int64_t stride) {
  if (stride == 1) {
    if (count == NR) /* the usual full run: two or four vector moves */
      memcpy(dst, src, NR * sizeof(float));
    else
      qc_copy_short_floats(dst, src, count);
    return;
  }
  for (int64_t j = 0; j < count; ++j)
    dst[j] = src[j * stride];
}

/* Packs `count` pixels of output row oh, from output column ow0 on, into
 * the lanes of every panel row that start at `lanes`. */
static void packRun(const qc_conv2d_f32_desc *d, const float *image, int64_t oh, int64_t ow0,
                    int64_t count, float *lanes) {
  const int64_t inPerGroup = d->in_channels / d->groups;
  const int64_t taps = d->kernel_height * d->kernel_width;
  const int64_t plane = d->in_height * d->in_width;
  const int64_t channelStep = taps * NR; /* panel floats between channels of one tap */
  for (int64_t kh = 0; kh < d->kernel_height; ++kh) {
    const int64_t ih = oh * d->stride_h + kh * d->dilation_h - d->pad_top;
    const int rowInside = ih >= 0 && ih < d->in_height;
    for (int64_t kw = 0; kw < d->kernel_width; ++kw) {
      float *out = lanes + (kh * d->kernel_width + kw) * NR;
      /* Input column of lane j: iw0 + j * stride_w. Lanes [first, last) are
       * inside the image; a run is at most 16 lanes, so stepping is cheaper
       * than dividing. */
      const int64_t iw0 = ow0 * d->stride_w + kw * d->dilation_w - d->pad_left;
      int64_t first = 0, last = rowInside ? count : 0;
      while (first < last && iw0 + first * d->stride_w < 0)
        ++first;
      while (last > first && iw0 + (last - 1) * d->stride_w >= d->in_width)
        --last;
      if (first == last) {
        for (int64_t ic = 0; ic < inPerGroup; ++ic)
          qc_zero_short_floats(out + ic * channelStep, count);
        continue;
      }
      const float *src = image + ih * d->in_width + iw0 + first * d->stride_w;
      for (int64_t ic = 0; ic < inPerGroup; ++ic, out += channelStep, src += plane) {
        qc_zero_short_floats(out, first);
        copyStrided(out + first, src, last - first, d->stride_w);
        qc_zero_short_floats(out + last, count - last);
      }
    }
  }
}

void qc_conv2d_f32_pack_input_panel(const qc_conv2d_f32_desc *d, const float *image,
                                    int64_t firstPixel, int64_t pixels, float *panel) {
  const int64_t k = d->in_channels / d->groups * d->kernel_height * d->kernel_width;
  /* Lanes past the last pixel are computed by the micro-kernel and thrown
   * away by the driver; zero keeps them from holding NaNs or denormals. */
  if (pixels < NR)
    for (int64_t row = 0; row < k; ++row)
      qc_zero_short_floats(panel + row * NR + pixels, NR - pixels);
  for (int64_t lane = 0; lane < pixels;) {
    const int64_t pixel = firstPixel + lane;
    const int64_t oh = pixel / d->out_width, ow = pixel % d->out_width;
    const int64_t count = pixels - lane < d->out_width - ow ? pixels - lane : d->out_width - ow;
    packRun(d, image, oh, ow, count, panel + lane);
    lane += count;
  }
}
