/*===- conv2d_s8_im2col.c - im2col of 8-bit codes into A micro-panels -----===*
 *
 * The float im2col (conv2d_f32_im2col.c) reads a padded copy of the input in
 * which tap k of a run of consecutive output pixels is a contiguous run of
 * the copy, and copies it into the k-major micro-panel. The int8 micro-panels
 * are k-interleaved instead (groups of 4 k per row, gemm_s8_tiles.h), which
 * consecutive pixels are not: each micro-panel is first gathered k-major on
 * the stack the float way (a contiguous copy per tap and channel), then
 * interleaved by qc_gemm_s8_interleave_a, which also flips the codes to the
 * signedness the variant multiplies and widens them for the variants that
 * want int16.
 *===----------------------------------------------------------------------===*/

#include "conv2d_s8.h"

#include "gemm_s8_driver.h"
#include "transpose_bytes.h"

#include <string.h>

#define ALWAYS_INLINE inline __attribute__((always_inline))

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }

/* dst[0, count) = src[0, count), count <= mr <= 16: a fixed-size copy (a few moves)
 * for the usual full run, two overlapping ones for the short runs where a
 * micro-panel crosses the end of an output row. */
static ALWAYS_INLINE void copyRun(uint8_t *dst, const uint8_t *src, int64_t count, int mr) {
  if (count == mr)
    memcpy(dst, src, (size_t)mr);
  else if (mr <= 8)
    qc_copy_short_bytes(dst, src, count);
  else
    qc_copy_up_to_16_bytes(dst, src, count);
}

/* Columns [k0, kEnd) of `count` pixels of output row oh from column ow on,
 * into lanes [lane, lane + count) of the k-major panel (row k at k * mr).
 * A full run (count == mr < 8) whose source has 8 bytes before the end of
 * the padded copy is one 8-byte move: the 8 - mr bytes it writes past the
 * run land in the next k's first lanes, which the next run then writes, or,
 * past kEnd, in lanes the caller clears (packBlock). */
static ALWAYS_INLINE void gatherPaddedRun(const qc_conv2d_s8_im2col *im, int64_t oh, int64_t ow,
                                          int64_t count, int64_t k0, int64_t kEnd, int mr,
                                          uint8_t *lanes) {
  const qc_conv2d_desc *d = im->desc;
  const qc_conv2d_f32_padded_layout *l = &im->padded;
  const int64_t inPerGroup = d->in_channels / d->groups;
  int64_t ic = k0 % inPerGroup;
  qc_conv2d_tap_cursor tap =
      qc_conv2d_tap_cursor_at(d, l, im->band_first_row, oh, ow, k0 / inPerGroup);
  const uint8_t *end = im->input + inPerGroup * l->plane_stride;
  const int wholeMoves = count == mr && mr < 8;
  for (int64_t k = k0; k < kEnd;) {
    const int64_t channels = minInt(inPerGroup - ic, kEnd - k);
    const uint8_t *src = im->input + qc_conv2d_tap_offset(&tap, l, ic);
    uint8_t *out = lanes + (k - k0) * mr;
    for (int64_t c = 0; c < channels; ++c, out += mr, src += l->plane_stride) {
      if (wholeMoves && end - src >= 8)
        memcpy(out, src, 8);
      else
        copyRun(out, src, count, mr);
    }
    k += channels;
    ic = 0;
    qc_conv2d_tap_cursor_next(&tap, d, l, ow);
  }
}

/* Columns [k0, kEnd) of `lanes` consecutive rows (output pixels) from
 * `pixel` on, k-major with mr lanes per k: runs of consecutive pixels of one
 * output row (or one image, read directly). */
static ALWAYS_INLINE void gatherRows(const qc_conv2d_s8_im2col *im, int64_t pixel, int64_t lanes,
                                     int64_t k0, int64_t kEnd, int mr, uint8_t *kMajor) {
  const qc_conv2d_desc *d = im->desc;
  const int64_t pixels = d->out_height * d->out_width;
  const int64_t plane = d->in_height * d->in_width;
  const int64_t imageStride = d->in_channels * plane;
  for (int64_t lane = 0; lane < lanes;) {
    int64_t count;
    if (im->direct) { /* pixel p of an image reads input[c * plane + p] */
      const int64_t image = pixel / pixels, inImage = pixel % pixels;
      count = minInt(lanes - lane, pixels - inImage);
      const uint8_t *src = im->input + image * imageStride + k0 * plane + inImage;
      for (int64_t kk = 0; kk < kEnd - k0; ++kk, src += plane)
        copyRun(kMajor + kk * mr + lane, src, count, mr);
    } else { /* one image */
      const int64_t oh = pixel / d->out_width, ow = pixel % d->out_width;
      count = minInt(lanes - lane, d->out_width - ow);
      gatherPaddedRun(im, oh, ow, count, k0, kEnd, mr, kMajor + lane);
    }
    lane += count;
    pixel += count;
  }
}

static ALWAYS_INLINE void packBlock(const qc_conv2d_s8_im2col *im, int64_t firstRow,
                                    int64_t rows, int64_t k0, int64_t depth, int mr, int wide,
                                    void *packed) {
  const qc_conv2d_desc *d = im->desc;
  const int64_t k = d->in_channels / d->groups * d->kernel_height * d->kernel_width;
  const int64_t kEnd = minInt(k0 + depth, k);
  const int64_t panelBytes = mr * depth * (wide ? 2 : 1);
  /* Up to 8 bytes are read past the last k (qc_gemm_s8_interleave_a). */
  _Alignas(64) uint8_t kMajor[QC_GEMM_S8_MAX_MR * QC_GEMM_S8_MAX_KC + 8];
  for (int64_t row = 0; row < rows; row += mr, packed = (char *)packed + panelBytes) {
    const int64_t lanes = minInt(mr, rows - row);
    /* Rows past the block and columns past K: zero codes (B is 0 there). */
    if (lanes < mr || kEnd < k0 + depth)
      memset(kMajor, 0, (size_t)(mr * depth));
    gatherRows(im, im->first_pixel + firstRow + row, lanes, k0, kEnd, mr, kMajor);
    if (kEnd < k0 + depth && !im->direct) /* the 8-byte moves' spill past K */
      memset(kMajor + (kEnd - k0) * mr, 0, 8);
    qc_gemm_s8_interleave_a(kMajor, depth, mr, wide, im->flip, packed);
  }
}

void qc_conv2d_s8_pack_im2col(const void *context, int64_t firstRow, int64_t rows, int64_t k0,
                              int64_t depth, int mr, int wide, void *packed) {
  const qc_conv2d_s8_im2col *im = (const qc_conv2d_s8_im2col *)context;
  /* The tile shapes of the variants in gemm_s8_dispatch.c. */
  if (mr == 6 && wide)
    packBlock(im, firstRow, rows, k0, depth, 6, 1, packed);
  else if (mr == 4 && !wide)
    packBlock(im, firstRow, rows, k0, depth, 4, 0, packed);
  else if (mr == 2 && !wide)
    packBlock(im, firstRow, rows, k0, depth, 2, 0, packed);
  else
    packBlock(im, firstRow, rows, k0, depth, mr, wide, packed);
}

void qc_conv2d_s8_gather_columns(const qc_conv2d_s8_im2col *im, int64_t firstRow, int64_t lanes,
                                 uint8_t *kMajor) {
  const qc_conv2d_desc *d = im->desc;
  const int64_t k = d->in_channels / d->groups * d->kernel_height * d->kernel_width;
  if (lanes < QC_GEMM_S8_NR)
    memset(kMajor, 0, (size_t)(k * QC_GEMM_S8_NR));
  gatherRows(im, im->first_pixel + firstRow, lanes, 0, k, QC_GEMM_S8_NR, kMajor);
}
