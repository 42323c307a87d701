/*===- conv2d_s8_channel_rows.c - int8 convolution as weights x im2col^T --===*
 *
 * Per image and group, a convolution is W[OCg x K] * X[K x P], X the im2col
 * matrix's transpose (rows: the K taps x input channels, columns: the output
 * pixels). The im2col path (conv2d_s8.c) computes the transpose of that,
 * [pixels x channels], which costs per output an interleave of the input
 * into A micro-panels and a transpose of every tile back to NCHW; with few
 * taps x channels (MobileNetV2's 1x1 layers with 16 to 32 input channels,
 * its first 3x3 convolution with 27) those, not the multiply-adds, take the
 * time. Here the weights are the A operand and X the B operand:
 *
 *   - A: the group's weights as the variant's micro-panels of mr output
 *     channels, laid out once per block of channels from the packed weights
 *     (whose groups of 4 k already hold each channel's 4 values together);
 *   - B: 16 output pixels, gathered k-major by the im2col packer
 *     (qc_conv2d_s8_gather_columns: per tap and channel a run of 16 codes
 *     of the input, or of its padded copy), then laid out as packed B
 *     (groups of 4 k, each pixel's 4 codes together: 4 x 16 byte
 *     transposes), the codes flipped as the GEMM's A packer does (to int8,
 *     or to uint8 for a variant with unsigned_activations), so the bias
 *     takes the same correction, +-128 * (sum of the channel's weights),
 *     which is the packed weights' column sum; a variant whose tile is not
 *     symmetric (vpmaddubsw: uint8 x int8) has a channel_rows_tile for this
 *     order of the operands;
 *   - the tiles (mr channels x 16 pixels) of up to TILE_ROWS channels are
 *     requantized row by row, each row with its channel's parameters (the
 *     variant's requantize_rows), straight into the output planes: 16
 *     consecutive codes per channel.
 *
 * Taken when K fits one KC slice of the variant, the variant has a per-row
 * requantizer and the images are large enough (MIN_PIXELS). The tiles are
 * the variant's micro-kernel, so every result is the GEMM's, exactly.
 *===----------------------------------------------------------------------===*/

#include "conv2d_s8.h"

#include "gemm_s8_driver.h"
#include "threadpool.h"
#include "transpose_bytes.h"

#include <string.h>

enum { NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR };

/* Output channels laid out as A at once: their per-channel parameters live
 * on the stack next to the A block. */
#define MAX_BLOCK_CHANNELS 384

/* Images with fewer output pixels take the im2col path. On MobileNetV2's 1x1
 * layers (docs/runtime.md) this form takes 0.57 to 0.83 times the im2col
 * path's time from 28 x 28 up, about the same at 14 x 14, and 1.3 to 1.4
 * times at 7 x 7, where a third of the last 16-pixel panel is padding and
 * laying out the weights once per call (OC x K) is no longer small next to
 * the OC x K x P multiply-adds. */
#define MIN_PIXELS 512

/* Output channels of one pixel panel requantized per call (and the int32
 * tiles waiting for it: 3 KiB). */
#define TILE_ROWS 48

/* Below this many multiply-adds a parallel loop costs more than it saves. */
#define PARALLEL_MIN_MACS (1 << 20)

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int qc_conv2d_s8_channel_rows_applies(const qc_conv2d_desc *d, const qc_gemm_s8_tiles *tiles) {
  const int64_t k = d->in_channels / d->groups * d->kernel_height * d->kernel_width;
  return tiles->requantize_rows && d->out_height * d->out_width >= MIN_PIXELS && k > 0 &&
         qc_gemm_s8_rounded_depth(k) <= tiles->kc;
}

/* Channels [c0, c0 + channels) of the group's packed weights (K x OCg packed
 * B, panelBytes per 16 channels) as A micro-panels of mr rows, kr deep: each
 * row's 4 values of a group of k are 4 consecutive bytes of packed B. */
static inline __attribute__((always_inline)) void
packWeights(const int8_t *packed, int64_t panelBytes, int64_t kr, int64_t c0, int64_t channels,
            int mr, int wide, void *a) {
  typedef int8_t Group __attribute__((vector_size(KR)));
  typedef int16_t WideGroup __attribute__((vector_size(2 * KR)));
  static const int8_t zeros[QC_GEMM_S8_MAX_KC * NR]; /* the rows past the block */
  for (int64_t q = 0; q < ceilDiv(channels, mr); ++q) {
    const int8_t *rowSrc[QC_GEMM_S8_MAX_MR];
    for (int r = 0; r < mr; ++r) {
      const int64_t channel = c0 + q * mr + r;
      rowSrc[r] = q * mr + r < channels ? packed + channel / NR * panelBytes + 4 * NR +
                                              channel % NR * KR
                                        : zeros;
    }
    for (int64_t kg = 0; kg < kr / KR; ++kg)
      for (int r = 0; r < mr; ++r) {
        Group w;
        memcpy(&w, rowSrc[r] + kg * NR * KR, sizeof w);
        const int64_t slot = ((q * kr / KR + kg) * mr + r) * KR;
        if (wide) {
          const WideGroup widened = __builtin_convertvector(w, WideGroup);
          memcpy((int16_t *)a + slot, &widened, sizeof widened);
        } else {
          memcpy((int8_t *)a + slot, &w, sizeof w);
        }
      }
  }
}

/* packWeights with the constant tile shapes of the variants in
 * gemm_s8_dispatch.c, so that its loops unroll. */
static void packWeightsFor(const int8_t *packed, int64_t panelBytes, int64_t kr, int64_t c0,
                           int64_t channels, int mr, int wide, void *a) {
  if (mr == 6 && wide)
    packWeights(packed, panelBytes, kr, c0, channels, 6, 1, a);
  else if (mr == 4 && !wide)
    packWeights(packed, panelBytes, kr, c0, channels, 4, 0, a);
  else
    packWeights(packed, panelBytes, kr, c0, channels, mr, wide, a);
}

/* The k-major columns (16 codes x[k * stride + p], k < depth) as one
 * packed-B panel of kr rows: b[(k / 4) * 64 + p * 4 + k % 4] = x[k * stride
 * + p] as int8 (xor flip), 0 past depth. */
static void packColumns(const uint8_t *x, int64_t stride, int64_t depth, int64_t kr,
                        uint8_t flip, int8_t *b) {
  const qc_bytes16 flips = {flip, flip, flip, flip, flip, flip, flip, flip,
                            flip, flip, flip, flip, flip, flip, flip, flip};
  for (int64_t k0 = 0; k0 < kr; k0 += KR, b += NR * KR) {
    qc_bytes16 rows[KR];
    for (int kk = 0; kk < KR; ++kk) {
      if (k0 + kk >= depth) {
        memset(&rows[kk], 0, sizeof rows[kk]); /* zero weights there: any value */
        continue;
      }
      memcpy(&rows[kk], x + (k0 + kk) * stride, sizeof rows[kk]);
      rows[kk] ^= flips;
    }
    /* The 4 x 16 transpose: punpcklbw / punpckhbw, then punpcklwd / punpckhwd. */
    const qc_bytes16 lo01 = __builtin_shufflevector(rows[0], rows[1], 0, 16, 1, 17, 2, 18, 3, 19,
                                                    4, 20, 5, 21, 6, 22, 7, 23);
    const qc_bytes16 hi01 = __builtin_shufflevector(rows[0], rows[1], 8, 24, 9, 25, 10, 26, 11,
                                                    27, 12, 28, 13, 29, 14, 30, 15, 31);
    const qc_bytes16 lo23 = __builtin_shufflevector(rows[2], rows[3], 0, 16, 1, 17, 2, 18, 3, 19,
                                                    4, 20, 5, 21, 6, 22, 7, 23);
    const qc_bytes16 hi23 = __builtin_shufflevector(rows[2], rows[3], 8, 24, 9, 25, 10, 26, 11,
                                                    27, 12, 28, 13, 29, 14, 30, 15, 31);
    const qc_bytes16 group[4] = {
        __builtin_shufflevector(lo01, lo23, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22,
                                23),
        __builtin_shufflevector(lo01, lo23, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15,
                                30, 31),
        __builtin_shufflevector(hi01, hi23, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22,
                                23),
        __builtin_shufflevector(hi01, hi23, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15,
                                30, 31)};
    memcpy(b, group, sizeof group);
  }
}

/* One call: rows [0, rows) of the im2col matrix (output pixels
 * first_pixel.. of one image), all output channels of the group, in units
 * of 16 pixels. */
typedef struct ChannelRows {
  const qc_gemm_s8_problem *gemm;
  const qc_conv2d_s8_im2col *im2col;
  const qc_gemm_s8_tiles *tiles;
  char *output; /* the group's first channel at the call's first pixel */
  int64_t plane; /* output pixels per channel */
  int64_t rows, unitsPerTask, units;
} ChannelRows;

/* Units [first, first + count), channels [c0, c0 + channels) of the group,
 * whose A block is at a. */
static void computeBlock(const ChannelRows *cr, int64_t c0, int64_t channels, const void *a,
                         const qc_requant_rows *rr, int64_t first, int64_t count) {
  const qc_gemm_s8_problem *gemm = cr->gemm;
  const qc_gemm_s8_tiles *variant = cr->tiles;
  const int64_t kr = qc_gemm_s8_rounded_depth(gemm->k);
  const int mr = variant->mr;
  const int64_t aPanelBytes = mr * kr * (variant->wide_a ? 2 : 1);
  const int outKind = gemm->flags & QC_INT8_C_INT32 ? QC_S8_OUT_S32
                      : gemm->flags & QC_INT8_C_SIGNED ? QC_S8_OUT_S8
                                                       : QC_S8_OUT_U8;
  const int64_t elementBytes = outKind == QC_S8_OUT_S32 ? 4 : 1;
  const uint8_t flip = qc_gemm_s8_activation_flip(variant, gemm->flags);
  const qc_gemm_s8_tile_fn tile = variant->channel_rows_tile ? variant->channel_rows_tile
                                                             : variant->tile;
  _Alignas(64) uint8_t kMajor[QC_GEMM_S8_MAX_KC * NR];
  _Alignas(64) int8_t b[QC_GEMM_S8_MAX_KC * NR];
  _Alignas(64) int8_t bPrepared[QC_GEMM_S8_PREPARED_B_BYTES];
  /* The tiles of up to TILE_ROWS channels, requantized in one call. */
  _Alignas(64) int32_t tiles[(TILE_ROWS + QC_GEMM_S8_MAX_MR) * NR];
  const int64_t rowsPerCall = TILE_ROWS / mr * mr;
  for (int64_t unit = first; unit < first + count; ++unit) {
    const int64_t p0 = unit * NR, columns = minInt(NR, cr->rows - p0);
    const qc_conv2d_s8_im2col *im = cr->im2col;
    if (im->direct && columns == NR) { /* 16 pixels of each input channel, in place */
      const qc_conv2d_desc *d = im->desc;
      const int64_t plane = d->in_height * d->in_width, pixel = im->first_pixel + p0;
      packColumns(im->input + pixel / plane * d->in_channels * plane + pixel % plane, plane,
                  gemm->k, kr, flip, b);
    } else {
      qc_conv2d_s8_gather_columns(im, p0, columns, kMajor);
      packColumns(kMajor, NR, gemm->k, kr, flip, b);
    }
    const void *bPanel = b;
    if (variant->prepare_b) {
      variant->prepare_b(kr, b, bPrepared);
      bPanel = bPrepared;
    }
    char *out = cr->output + (c0 * cr->plane + p0) * elementBytes;
    for (int64_t r0 = 0; r0 < channels; r0 += rowsPerCall) {
      const int64_t rows = minInt(rowsPerCall, channels - r0);
      for (int64_t r = 0; r < rows; r += mr)
        tile(kr, (const int8_t *)a + (r0 + r) / mr * aPanelBytes, bPanel, tiles + r * NR, NR,
             0);
      const qc_requant_rows params = {rr->bias + r0,     rr->multiplier + r0,
                                      rr->shift + r0,    rr->rounding + r0,
                                      rr->zero_point,    rr->clamp_min,
                                      rr->clamp_max};
      variant->requantize_rows(tiles, NR, rows, columns, &params, outKind,
                               out + r0 * cr->plane * elementBytes, cr->plane);
    }
  }
}

/* Units [first, first + count), every channel of the group. */
static void computeUnits(const ChannelRows *cr, int64_t first, int64_t count) {
  const qc_gemm_s8_problem *gemm = cr->gemm;
  const qc_gemm_s8_tiles *tiles = cr->tiles;
  const int64_t kr = qc_gemm_s8_rounded_depth(gemm->k);
  const int64_t panelBytes = qc_gemm_s8_panel_bytes(gemm->k);
  const int8_t *packed = (const int8_t *)gemm->packed_b;
  const int mr = tiles->mr;
  /* A block fills the driver's A buffer at most (kr <= kc: at least mc rows). */
  const int64_t blockChannels =
      minInt(QC_GEMM_S8_A_BLOCK_BYTES / (kr * (tiles->wide_a ? 2 : 1)), MAX_BLOCK_CHANNELS) /
      mr * mr;
  const int requantize = !(gemm->flags & QC_INT8_C_INT32);
  const uint32_t columnSumFactor = (uint32_t)qc_gemm_s8_column_sum_factor(tiles, gemm->flags);
  _Alignas(64) int8_t a[QC_GEMM_S8_A_BLOCK_BYTES];
  int32_t bias[MAX_BLOCK_CHANNELS], multiplier[MAX_BLOCK_CHANNELS], shift[MAX_BLOCK_CHANNELS];
  int32_t rounding[MAX_BLOCK_CHANNELS];
  const qc_requant_rows rr = {bias,
                              multiplier,
                              shift,
                              rounding,
                              gemm->zero_point,
                              gemm->clamp_min,
                              gemm->clamp_max};
  for (int64_t c0 = 0; c0 < gemm->n; c0 += blockChannels) {
    const int64_t channels = minInt(blockChannels, gemm->n - c0);
    packWeightsFor(packed, panelBytes, kr, c0, channels, mr, tiles->wide_a, a);
    for (int64_t c = 0; c < channels; ++c) {
      const int64_t channel = c0 + c;
      int32_t columnSum;
      memcpy(&columnSum, packed + channel / NR * panelBytes + channel % NR * 4, sizeof columnSum);
      /* In uint32: exact modulo 2^32, as the kernels' sums (gemm_s8_driver.c). */
      const uint32_t b = (gemm->bias ? (uint32_t)gemm->bias[channel] : 0) +
                         columnSumFactor * (uint32_t)columnSum;
      bias[c] = (int32_t)b;
      const int64_t which = gemm->per_channel ? channel : 0;
      multiplier[c] = requantize ? gemm->multiplier[which] : 0;
      shift[c] = requantize ? gemm->shift[which] : 1;
      rounding[c] = qc_requant_high_applies(shift[c])
                        ? qc_requant_high_rounding(shift[c], gemm->zero_point)
                        : 0;
    }
    computeBlock(cr, c0, channels, a, &rr, first, count);
  }
}

static void runTask(void *context, size_t task) {
  const ChannelRows *cr = (const ChannelRows *)context;
  const int64_t first = (int64_t)task * cr->unitsPerTask;
  computeUnits(cr, first, minInt(cr->unitsPerTask, cr->units - first));
}

void qc_conv2d_s8_channel_rows(const qc_gemm_s8_problem *gemm, const qc_conv2d_s8_im2col *im2col,
                               int64_t rows, void *output, int64_t plane,
                               const qc_gemm_s8_tiles *tiles) {
  ChannelRows cr = {.gemm = gemm,
                    .im2col = im2col,
                    .tiles = tiles,
                    .output = (char *)output,
                    .plane = plane,
                    .rows = rows,
                    .units = ceilDiv(rows, NR)};
  const int32_t threads = qc_num_threads();
  const double macs = (double)rows * (double)gemm->n * (double)gemm->k;
  /* About four tasks per thread, as the GEMM driver's; each lays out its own
   * A blocks, a small cost next to its pixels' multiply-adds. */
  cr.unitsPerTask = threads == 1 || macs < PARALLEL_MIN_MACS
                        ? cr.units
                        : ceilDiv(cr.units, 4 * (int64_t)threads);
  const int64_t tasks = ceilDiv(cr.units, cr.unitsPerTask);
  if (tasks == 1)
    runTask(&cr, 0);
  else
    qc_parallel_for((size_t)tasks, runTask, &cr);
}
