/*===- conv2d_f32_im2col.c - im2col straight into A micro-panels ----------===*
 *
 * The GEMM driver asks for blocks of the im2col matrix (rows: output pixels,
 * columns: input taps k = (kh * kernel_width + kw) * ICg + ic) in the
 * micro-kernels' A layout: micro-panels of mr pixels, k-major, so that step k
 * of a micro-panel is mr consecutive floats, tap k of each of its pixels.
 *
 * So that every such step is a plain copy of mr contiguous floats, without
 * bounds checks, the packer does not read the input itself but a padded copy
 * of the group's channels of one image, made once per call
 * (qc_conv2d_f32_pad_channel):
 *   - the padding is materialized (zeros), as many rows and columns as the
 *     output needs;
 *   - each padded row is stored as stride_w phases: phase f holds the
 *     columns f, f + stride_w, f + 2 * stride_w, ... So tap (kh, kw) of
 *     consecutive output pixels ow, ow + 1, ... of output row oh is padded
 *     row oh * stride_h + kh * dilation_h, phase (kw * dilation_w) % stride_w,
 *     entries ow + (kw * dilation_w) / stride_w, ow + 1 + ...: contiguous
 *     for any stride;
 *   - for 1x1 kernels, only the taps read: the input subsampled by the
 *     strides (and padded), so that the copy is not larger than the im2col
 *     matrix itself.
 * A micro-panel's pixels split into runs that share one output row (one run,
 * or two where the micro-panel wraps to the next row). Taps are ordered
 * tap-major, so the copies of one tap for all input channels follow each
 * other in the micro-panel (mr floats apart) and in the padded image (one
 * padded plane apart).
 *
 * The copy covers a band of output rows at a time, as many as keep it within
 * PADDED_BYTES (at least one row): for the layers of ResNet-18 or MobileNetV2
 * at 224 x 224 that is the whole image, and for larger images the scratch
 * stays bounded. Bands overlap by the kernel's (kernel_height - 1) *
 * dilation_h rows.
 *
 * 1x1 convolutions with stride 1 and no padding need no copy: pixel p of an
 * image reads input[c * plane + p], and a micro-panel is one run even across
 * output rows (and images: the GEMM's rows then span the batch).
 *
 * The packer is inlined with a constant mr for each variant's tile height, so
 * that the common full-run copy is a few fixed-size vector moves.
 *===----------------------------------------------------------------------===*/

#include "conv2d_f32.h"
#include "copy_floats.h"

#include <string.h>

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Budget of the padded copy of one band (all input channels of a group). */
#define PADDED_BYTES (1024 * 1024)

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t maxInt(int64_t a, int64_t b) { return a > b ? a : b; }

int qc_conv2d_f32_reads_input_directly(const qc_conv2d_f32_desc *d) {
  return d->kernel_height == 1 && d->kernel_width == 1 && d->stride_h == 1 &&
         d->stride_w == 1 && d->pad_top == 0 && d->pad_left == 0 &&
         d->out_height == d->in_height && d->out_width == d->in_width;
}

qc_conv2d_f32_padded_layout qc_conv2d_f32_padded(const qc_conv2d_f32_desc *d) {
  qc_conv2d_f32_padded_layout l;
  int64_t halo; /* padded rows of one output row */
  if (d->kernel_height == 1 && d->kernel_width == 1) { /* the subsampled input */
    l.phases = 1;
    l.phase_stride = d->out_width;
    l.row_step = 1;
    l.sample_h = d->stride_h;
    l.sample_w = d->stride_w;
    halo = 1;
  } else {
    l.phases = d->stride_w;
    l.phase_stride = d->out_width + (d->kernel_width - 1) * d->dilation_w / d->stride_w;
    l.row_step = d->stride_h;
    l.sample_h = l.sample_w = 1;
    halo = (d->kernel_height - 1) * d->dilation_h + 1;
  }
  l.row_stride = l.phases * l.phase_stride;
  /* Output rows b need (b - 1) * row_step + halo padded rows. */
  const int64_t channels = maxInt(d->in_channels / d->groups, 1);
  const int64_t budgetRows = PADDED_BYTES / (int64_t)sizeof(float) / channels /
                             maxInt(l.row_stride, 1);
  l.band_rows = budgetRows < halo ? 1 : 1 + (budgetRows - halo) / l.row_step;
  l.band_rows = maxInt(minInt(l.band_rows, d->out_height), 1);
  l.rows = (l.band_rows - 1) * l.row_step + halo;
  l.plane_stride = l.rows * l.row_stride;
  return l;
}

void qc_conv2d_pad_channel(const qc_conv2d_f32_desc *d, const void *channel, int element_bytes,
                           int pad_byte, int64_t firstRow, void *padded) {
  const qc_conv2d_f32_padded_layout l = qc_conv2d_f32_padded(d);
  const int64_t step = l.phases * l.sample_w; /* input columns between entries */
  const size_t size = (size_t)element_bytes;
  char *out = (char *)padded;
  for (int64_t r = firstRow * l.row_step; r < firstRow * l.row_step + l.rows;
       ++r, out += l.row_stride * element_bytes) {
    const int64_t ih = r * l.sample_h - d->pad_top;
    if (ih < 0 || ih >= d->in_height) {
      memset(out, pad_byte, (size_t)l.row_stride * size);
      continue;
    }
    const char *in = (const char *)channel + ih * d->in_width * element_bytes;
    for (int64_t phase = 0; phase < l.phases; ++phase) {
      char *entries = out + phase * l.phase_stride * element_bytes;
      /* Entry i is input column iw = i * step + offset: entries [first,
       * last) are inside the row. */
      const int64_t offset = phase * l.sample_w - d->pad_left;
      int64_t first = offset >= 0 ? 0 : (-offset + step - 1) / step;
      int64_t last = d->in_width - offset <= 0 ? 0 : (d->in_width - offset + step - 1) / step;
      first = minInt(first, l.phase_stride);
      last = minInt(last, l.phase_stride);
      if (last < first)
        last = first;
      memset(entries, pad_byte, (size_t)first * size);
      if (step == 1)
        memcpy(entries + first * element_bytes, in + (first + offset) * element_bytes,
               (size_t)(last - first) * size);
      else if (element_bytes == (int)sizeof(float))
        for (int64_t i = first; i < last; ++i)
          memcpy(entries + i * (int64_t)sizeof(float), in + (i * step + offset) * (int64_t)sizeof(float),
                 sizeof(float));
      else
        for (int64_t i = first; i < last; ++i)
          entries[i] = in[i * step + offset];
      memset(entries + last * element_bytes, pad_byte, (size_t)(l.phase_stride - last) * size);
    }
  }
}

void qc_conv2d_f32_pad_channel(const qc_conv2d_f32_desc *d, const float *channel,
                               int64_t firstRow, float *padded) {
  qc_conv2d_pad_channel(d, channel, (int)sizeof(float), 0, firstRow, padded);
}

/* Columns [k0, k0 + depth) of `count` (<= mr) pixels of output row oh, from
 * output column ow on, into the lanes of a micro-panel starting at `lanes`,
 * from the padded image. */
static ALWAYS_INLINE void packPaddedRun(const qc_conv2d_f32_im2col *im, int64_t oh, int64_t ow,
                                        int64_t count, int64_t k0, int64_t depth, int mr,
                                        float *lanes) {
  const qc_conv2d_f32_desc *d = im->desc;
  const qc_conv2d_f32_padded_layout *l = &im->padded;
  const int64_t inPerGroup = d->in_channels / d->groups;
  int64_t ic = k0 % inPerGroup;
  qc_conv2d_tap_cursor tap =
      qc_conv2d_tap_cursor_at(d, l, im->band_first_row, oh, ow, k0 / inPerGroup);
  for (int64_t k = 0; k < depth;) {
    const int64_t channels = minInt(inPerGroup - ic, depth - k);
    const float *src = im->input + qc_conv2d_tap_offset(&tap, l, ic);
    float *out = lanes + k * mr;
    if (count == mr) /* the usual full run */
      for (int64_t c = 0; c < channels; ++c, out += mr, src += l->plane_stride)
        memcpy(out, src, (size_t)mr * sizeof(float));
    else
      for (int64_t c = 0; c < channels; ++c, out += mr, src += l->plane_stride)
        qc_copy_short_floats(out, src, count);
    k += channels;
    ic = 0;
    qc_conv2d_tap_cursor_next(&tap, d, l, ow);
  }
}

/* 1x1, stride 1, no padding: pixel p of an image reads input[c * plane + p]. */
static ALWAYS_INLINE void packDirectRun(const qc_conv2d_f32_desc *d, const float *image,
                                        int64_t pixel, int64_t count, int64_t k0, int64_t depth,
                                        int mr, float *lanes) {
  const int64_t plane = d->in_height * d->in_width;
  const float *src = image + k0 * plane + pixel;
  if (count == mr)
    for (int64_t k = 0; k < depth; ++k, lanes += mr, src += plane)
      memcpy(lanes, src, (size_t)mr * sizeof(float));
  else
    for (int64_t k = 0; k < depth; ++k, lanes += mr, src += plane)
      qc_copy_short_floats(lanes, src, count);
}

static ALWAYS_INLINE void packBlock(const qc_conv2d_f32_im2col *im, int64_t firstRow,
                                    int64_t rows, int64_t k0, int64_t depth, int mr,
                                    float *packed) {
  const qc_conv2d_f32_desc *d = im->desc;
  const int64_t pixels = d->out_height * d->out_width;
  const int64_t imageStride = d->in_channels * d->in_height * d->in_width;
  for (int64_t row = 0; row < rows; row += mr, packed += mr * depth) {
    const int64_t lanes = minInt(mr, rows - row);
    if (lanes < mr) /* the last, partial micro-panel: zero rows for full tiles */
      memset(packed, 0, (size_t)(mr * depth) * sizeof(float));
    int64_t pixel = im->first_pixel + firstRow + row;
    for (int64_t lane = 0; lane < lanes;) {
      int64_t count;
      if (im->direct) {
        const int64_t image = pixel / pixels, inImage = pixel % pixels;
        count = minInt(lanes - lane, pixels - inImage);
        packDirectRun(d, im->input + image * imageStride, inImage, count, k0, depth, mr,
                      packed + lane);
      } else { /* one image */
        const int64_t oh = pixel / d->out_width, ow = pixel % d->out_width;
        count = minInt(lanes - lane, d->out_width - ow);
        packPaddedRun(im, oh, ow, count, k0, depth, mr, packed + lane);
      }
      lane += count;
      pixel += count;
    }
  }
}

void qc_conv2d_f32_pack_im2col(const void *context, int64_t firstRow, int64_t rows, int64_t k0,
                               int64_t depth, int mr, float *packed) {
  const qc_conv2d_f32_im2col *im = (const qc_conv2d_f32_im2col *)context;
  switch (mr) { /* the tile heights of the variants in gemm_f32_dispatch.c */
  case 4:
    packBlock(im, firstRow, rows, k0, depth, 4, packed);
    break;
  case 6:
    packBlock(im, firstRow, rows, k0, depth, 6, packed);
    break;
  case 14:
    packBlock(im, firstRow, rows, k0, depth, 14, packed);
    break;
  default:
    packBlock(im, firstRow, rows, k0, depth, mr, packed);
    break;
  }
}
