/*===- conv2d_s8_winograd.c - int8 3x3 convolution by Winograd F(2x2,3x3) -===*
 *
 * The algorithm and its exactness are in KernelABI.h; the phases in
 * conv2d_s8_winograd.h. Why: on x86-64 without VNNI the int8 GEMM multiplies
 * in int16 anyway (vpmaddwd), so the transformed operands, which need int16,
 * cost nothing per multiply, and a 3x3 convolution needs 16 of them per 2 x 2
 * output pixels and input channel instead of 36.
 *
 * With 2G = [2 0 0; 1 1 1; 1 -1 1; 0 0 2] (G of Lavin and Gray, times 2),
 * B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1] and A^T = [1 1 1 0; 0 1 -1 -1]:
 *
 *   U = (2G) g (2G)^T,  V = B^T d B,  M = sum over channels of U .* V,
 *   Y = A^T M A = 4 * (the 2 x 2 outputs' sums)
 *
 * where d is the 4 x 4 patch of input codes as the micro-kernels see them
 * (uint8 a as a - 128, as in every int8 kernel here), so the requantizing
 * epilogue, the bias and its 128 * (weight sum) term are those of the GEMM.
 *===----------------------------------------------------------------------===*/

#include "conv2d_s8_winograd.h"

#include "threadpool.h"
#include "transpose_bytes.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

enum { MR = QC_WINOGRAD_MR, KA = QC_WINOGRAD_KA, NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR,
       POSITIONS = QC_WINOGRAD_POSITIONS };

/* Tiles of one product task: M for them (POSITIONS x BLOCK_TILES x NR int32,
 * 48 KiB) is on the task's stack. */
#define BLOCK_TILES (8 * MR)
/* The largest in_channels for which 4 times a sum fits an int32. */
#define MAX_IN_CHANNELS 3640

typedef uint32_t v16u32 __attribute__((vector_size(64)));
typedef int32_t v16i32 __attribute__((vector_size(64)));

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int qc_conv2d_s8_winograd_supported(const qc_conv2d_desc *d) {
  return qc_conv2d_f32_is_valid(d) && d->kernel_height == 3 && d->kernel_width == 3 &&
         d->stride_h == 1 && d->stride_w == 1 && d->dilation_h == 1 && d->dilation_w == 1 &&
         d->groups == 1 && d->in_channels >= 1 && d->in_channels <= MAX_IN_CHANNELS;
}

typedef qc_winograd_geometry Geometry;

static Geometry geometry(const qc_conv2d_desc *d) {
  Geometry g;
  g.tile_rows = ceilDiv(d->out_height, 2);
  g.tile_cols = ceilDiv(d->out_width, 2);
  g.tiles = g.tile_rows * g.tile_cols;
  g.padded_tiles = ceilDiv(g.tiles, MR) * MR;
  g.depth = ceilDiv(d->in_channels, QC_WINOGRAD_CHANNEL_BLOCK) * QC_WINOGRAD_CHANNEL_BLOCK;
  g.panels = ceilDiv(d->out_channels, NR);
  return g;
}

int64_t qc_conv2d_s8_winograd_packed_weights_size(const qc_conv2d_desc *d) {
  if (!qc_conv2d_s8_winograd_supported(d))
    return 0;
  const Geometry g = geometry(d);
  return g.panels * NR * (int64_t)sizeof(int32_t) +
         g.panels * POSITIONS * g.depth * NR * (int64_t)sizeof(int16_t);
}

/* One lock for every packing: it is taken only until each buffer is packed,
 * once per buffer and process. */
static pthread_mutex_t packOnceLock = PTHREAD_MUTEX_INITIALIZER;

void qc_conv2d_s8_winograd_pack_weights_once(int32_t *once, const qc_conv2d_desc *d,
                                             const int8_t *weights, void *packed) {
  /* The acquire load pairs with the release store below: a caller that sees
   * 1 also sees the packed bytes. */
  _Atomic int32_t *state = (_Atomic int32_t *)once;
  if (atomic_load_explicit(state, memory_order_acquire))
    return;
  pthread_mutex_lock(&packOnceLock);
  if (!atomic_load_explicit(state, memory_order_relaxed)) {
    qc_conv2d_s8_winograd_pack_weights(d, weights, packed);
    atomic_store_explicit(state, 1, memory_order_release);
  }
  pthread_mutex_unlock(&packOnceLock);
}

int64_t qc_conv2d_s8_winograd_scratch_size(const qc_conv2d_desc *d) {
  if (!qc_conv2d_s8_winograd_supported(d))
    return 0;
  const Geometry g = geometry(d);
  return POSITIONS * g.padded_tiles * g.depth * (int64_t)sizeof(int16_t);
}

void qc_conv2d_s8_winograd_pack_weights(const qc_conv2d_desc *d, const int8_t *weights,
                                        void *packed) {
  if (!qc_conv2d_s8_winograd_supported(d))
    return;
  const Geometry g = geometry(d);
  memset(packed, 0, (size_t)qc_conv2d_s8_winograd_packed_weights_size(d));
  int32_t *sums = (int32_t *)packed;
  int16_t *u = (int16_t *)(sums + g.panels * NR);
  const int64_t inChannels = d->in_channels;
  for (int64_t oc = 0; oc < d->out_channels; ++oc)
    for (int64_t ic = 0; ic < inChannels; ++ic) {
      const int8_t *k = weights + (oc * inChannels + ic) * 9;
      int32_t t[4][3]; /* (2G) g */
      for (int c = 0; c < 3; ++c) {
        sums[oc] += k[c] + k[3 + c] + k[6 + c];
        t[0][c] = 2 * k[c];
        t[1][c] = k[c] + k[3 + c] + k[6 + c];
        t[2][c] = k[c] - k[3 + c] + k[6 + c];
        t[3][c] = 2 * k[6 + c];
      }
      int16_t *out = u + (oc / NR) * POSITIONS * g.depth * NR + (ic / KR) * NR * KR +
                     (oc % NR) * KR + ic % KR;
      for (int i = 0; i < 4; ++i) { /* ((2G) g) (2G)^T, |value| <= 9 * 128 */
        const int32_t row[4] = {2 * t[i][0], t[i][0] + t[i][1] + t[i][2],
                                t[i][0] - t[i][1] + t[i][2], 2 * t[i][2]};
        for (int j = 0; j < 4; ++j)
          out[(i * 4 + j) * g.depth * NR] = (int16_t)row[j];
      }
    }
}

/* Phase 1, one task per row of tiles: the variant's transform. */
typedef struct Transform {
  const qc_winograd_input *in;
  qc_winograd_transform_fn transform_row;
} Transform;

static void transformTileRow(void *context, size_t row) {
  const Transform *t = (const Transform *)context;
  t->transform_row(t->in, (int64_t)row);
}

/* Phase 2: the products, the output transform and the epilogue of one block
 * of tiles and one panel of output channels, of one image. */
typedef struct Products {
  const qc_conv2d_desc *desc;
  Geometry g;
  const qc_conv2d_s8_params *params;
  const qc_conv2d_s8_winograd_kernel *kernel;
  const qc_gemm_s8_tiles *requantizer;
  const int16_t *v;
  const int32_t *sums; /* of the packed weights */
  const int16_t *u;
  char *output; /* the image's channel 0 */
  int outKind;
  int64_t elementBytes;
} Products;

/* Rows of one half (dy) of a block's outputs: 2 per tile, and 8 of slack
 * for qc_store_tile_transposed. */
#define HALF_ROWS (2 * BLOCK_TILES + 8)

/* Y = A^T M A of the tiles' 16 positions, one tile's NR columns at a time,
 * in uint32 (wrapping, as the sums that made M), then / 4, which is exact.
 * Output row dy of tile t goes to y[((dy * HALF_ROWS) + 2 * t + dx) * NR + j]:
 * within a row of tiles, (t, dx) runs along the output row. */
static void outputTransform(const int32_t *m, int64_t count, int32_t *y) {
  for (int64_t t = 0; t < count; ++t) {
    v16u32 p[POSITIONS];
    for (int q = 0; q < POSITIONS; ++q)
      memcpy(&p[q], m + (q * BLOCK_TILES + t) * NR, sizeof(v16u32));
    v16u32 s0[4], s1[4];
    for (int j = 0; j < 4; ++j) {
      s0[j] = p[j] + p[4 + j] + p[8 + j];
      s1[j] = p[4 + j] - p[8 + j] - p[12 + j];
    }
    const v16u32 quad[4] = {s0[0] + s0[1] + s0[2], s0[1] - s0[2] - s0[3],
                            s1[0] + s1[1] + s1[2], s1[1] - s1[2] - s1[3]};
    for (int q = 0; q < 4; ++q) {
      const v16i32 exact = (v16i32)quad[q] >> 2;
      memcpy(y + ((q / 2) * HALF_ROWS + 2 * t + q % 2) * NR, &exact, sizeof exact);
    }
  }
}

/* Output row dy of tiles [firstTile, firstTile + count) (requantized, rows
 * as outputTransform orders them) to the panel's NCHW planes, one run of a
 * tile row at a time. */
static void storeHalf(const Products *pr, const uint8_t *codes, int64_t firstTile, int64_t count,
                      int64_t dy, int64_t columns, char *out) {
  const qc_conv2d_desc *d = pr->desc;
  const int64_t pixels = d->out_height * d->out_width, bytes = pr->elementBytes;
  for (int64_t t = 0; t < count;) {
    const int64_t ty = (firstTile + t) / pr->g.tile_cols, tx = (firstTile + t) % pr->g.tile_cols;
    const int64_t run = minInt(count - t, pr->g.tile_cols - tx);
    const int64_t oh = 2 * ty + dy;
    if (oh < d->out_height) {
      const int64_t width = minInt(2 * run, d->out_width - 2 * tx);
      const uint8_t *rows = codes + 2 * t * NR * bytes;
      char *dst = out + (oh * d->out_width + 2 * tx) * bytes;
      if (bytes == 1)
        qc_store_tile_transposed(rows, NR, width, columns, (uint8_t *)dst, pixels);
      else
        for (int64_t j = 0; j < columns; ++j)
          for (int64_t i = 0; i < width; ++i)
            memcpy(dst + (j * pixels + i) * bytes, rows + (i * NR + j) * bytes, (size_t)bytes);
    }
    t += run;
  }
}

static void multiplyBlock(void *context, size_t task) {
  const Products *pr = (const Products *)context;
  const qc_conv2d_desc *d = pr->desc;
  const Geometry *g = &pr->g;
  const qc_conv2d_s8_params *params = pr->params;
  const int64_t panel = (int64_t)task % g->panels;
  const int64_t firstTile = (int64_t)task / g->panels * BLOCK_TILES;
  const int64_t count = minInt(BLOCK_TILES, g->tiles - firstTile);
  _Alignas(64) int32_t m[POSITIONS * BLOCK_TILES * NR];
  const int16_t *u = pr->u + panel * POSITIONS * g->depth * NR;
  for (int64_t p = 0; p < POSITIONS; ++p)
    for (int64_t q = 0; q < count; q += MR)
      pr->kernel->tile(g->depth,
                       pr->v + p * g->padded_tiles * g->depth + (firstTile + q) * g->depth,
                       u + p * g->depth * NR, m + (p * BLOCK_TILES + q) * NR, NR,
                       (int)minInt(MR, count - q));

  _Alignas(64) int32_t y[2 * HALF_ROWS * NR];
  outputTransform(m, count, y);
  qc_requant_panel rp;
  qc_requant_panel_prepare(&rp, pr->sums + panel * NR, panel * NR, d->out_channels,
                           params->bias, params->multiplier, params->shift,
                           params->per_channel, params->output_zero_point, params->clamp_min,
                           params->clamp_max, params->flags,
                           /* its input transform worked on int8 codes (a - 128 for uint8) */
                           params->flags & QC_INT8_A_SIGNED ? 0 : 128);
  const int64_t columns = minInt(NR, d->out_channels - panel * NR);
  char *out = pr->output + panel * NR * d->out_height * d->out_width * pr->elementBytes;
  for (int64_t dy = 0; dy < 2; ++dy) {
    _Alignas(64) uint8_t codes[HALF_ROWS * NR * sizeof(int32_t)];
    /* All NR columns: those past out_channels multiplied zero weights. */
    pr->requantizer->requantize(y + dy * HALF_ROWS * NR, NR, 2 * count, NR, &rp, pr->outKind,
                                codes, NR);
    storeHalf(pr, codes, firstTile, count, dy, columns, out);
  }
}

void qc_conv2d_s8_winograd_with_kernels(const qc_conv2d_desc *d, const void *input,
                                        const void *packedWeights,
                                        const qc_conv2d_s8_params *params, void *output,
                                        void *scratch,
                                        const qc_conv2d_s8_winograd_kernel *kernel,
                                        const qc_gemm_s8_tiles *requantizer) {
  if (!qc_conv2d_s8_winograd_supported(d) || d->batch == 0 || d->out_channels == 0 ||
      d->out_height == 0 || d->out_width == 0)
    return;
  const Geometry g = geometry(d);
  const uint8_t flip = params->flags & QC_INT8_A_SIGNED ? 0 : 0x80;
  const int int32Out = (params->flags & QC_INT8_C_INT32) != 0;
  const int64_t elementBytes = int32Out ? 4 : 1;
  qc_winograd_input in = {.desc = d,
                          .g = g,
                          .flip = flip,
                          .pad_code = (uint8_t)params->input_zero_point,
                          .v = (int16_t *)scratch};
  Transform transform = {&in, kernel->transform_row};
  Products pr = {.desc = d,
                 .g = g,
                 .params = params,
                 .kernel = kernel,
                 .requantizer = requantizer,
                 .v = (const int16_t *)scratch,
                 .sums = (const int32_t *)packedWeights,
                 .u = (const int16_t *)((const int32_t *)packedWeights + g.panels * NR),
                 .outKind = int32Out                            ? QC_S8_OUT_S32
                            : params->flags & QC_INT8_C_SIGNED ? QC_S8_OUT_S8
                                                               : QC_S8_OUT_U8,
                 .elementBytes = elementBytes};
  const int64_t inImage = d->in_channels * d->in_height * d->in_width;
  const int64_t outImage = d->out_channels * d->out_height * d->out_width * elementBytes;
  for (int64_t n = 0; n < d->batch; ++n) {
    in.image = (const uint8_t *)input + n * inImage;
    qc_parallel_for((size_t)g.tile_rows, transformTileRow, &transform);
    pr.output = (char *)output + n * outImage;
    qc_parallel_for((size_t)(ceilDiv(g.tiles, BLOCK_TILES) * g.panels), multiplyBlock, &pr);
  }
}

/* Fastest first. */
static const qc_conv2d_s8_winograd_kernel *const allKernels[] = {
#if defined(__x86_64__)
    &qc_conv2d_s8_winograd_avx2,
#endif
    &qc_conv2d_s8_winograd_generic,
};

const qc_conv2d_s8_winograd_kernel *const *qc_conv2d_s8_winograd_all(size_t *count) {
  *count = sizeof(allKernels) / sizeof(allKernels[0]);
  return allKernels;
}

void qc_conv2d_s8_winograd(const qc_conv2d_desc *desc, const void *input,
                           int32_t input_zero_point, const void *packed_weights,
                           const int32_t *bias, const int32_t *multiplier, const int32_t *shift,
                           int32_t per_channel, int32_t output_zero_point, int32_t clamp_min,
                           int32_t clamp_max, int32_t flags, void *output, void *scratch) {
  const qc_conv2d_s8_params params = {input_zero_point,  bias,      multiplier, shift,
                                      per_channel,       output_zero_point, clamp_min,
                                      clamp_max,         flags};
  const uint64_t features = qc_cpu_features();
  size_t count, i = 0;
  const qc_conv2d_s8_winograd_kernel *const *kernels = qc_conv2d_s8_winograd_all(&count);
  while ((kernels[i]->required_features & features) != kernels[i]->required_features)
    ++i; /* the last one, generic, requires nothing */
  const qc_conv2d_s8_winograd_kernel *kernel = kernels[i];
  qc_conv2d_s8_winograd_with_kernels(desc, input, packed_weights, &params, output, scratch,
                                     kernel, qc_gemm_s8_select_tiles(features));
}
