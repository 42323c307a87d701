/*===- conv2d_s8.c - int8 convolution: packing, scratch, im2col GEMM ------===*
 *
 * The float convolution's algorithm (conv2d_f32.c) on 8-bit codes: per
 * group, C[pixels x OCg] = im2col[pixels x K] * W_g^T, with the weights
 * packed as the int8 GEMM's B (conv2d_s8_pack_weights), A packed straight
 * from a copy of the group's input channels padded with the input zero point
 * (the code of a real 0, which keeps the compiler's zero-point fold into the
 * bias exact), and C's requantized tiles transposed into the NCHW output by a
 * tile sink.
 *
 * Unlike the float convolution, partial sums over several KC slices never
 * need the scratch: the int8 driver keeps them on its stack
 * (gemm_s8_driver.c). So the scratch is only the padded copy of one band of
 * output rows (qc_conv2d_f32_padded's layout, in bytes), and every band is a
 * single driver call. It depends on nothing but the descriptor.
 *===----------------------------------------------------------------------===*/

#include "conv2d_s8.h"

#include "gemm_s8_driver.h"
#include "threadpool.h"
#include "transpose_bytes.h"

#include <string.h>

/* Padded copies smaller than this many bytes are made on the calling thread. */
#define PARALLEL_PAD_BYTES (64 * 1024)

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }

static int64_t pixels(const qc_conv2d_desc *d) { return d->out_height * d->out_width; }

static int64_t depth(const qc_conv2d_desc *d) {
  return d->in_channels / d->groups * d->kernel_height * d->kernel_width;
}

int64_t qc_conv2d_s8_packed_weights_size(const qc_conv2d_desc *d) {
  if (!qc_conv2d_f32_is_valid(d))
    return 0;
  if (qc_conv2d_f32_is_depthwise(d))
    return d->out_channels * d->kernel_height * d->kernel_width;
  return d->groups * qc_gemm_s8_packed_b_size(depth(d), d->out_channels / d->groups);
}

/* Weight (k, j) of one group's K x OCg matrix, k = tap * ICg + ic. */
typedef struct GroupWeights {
  const int8_t *weights; /* the group's first output channel */
  int64_t inPerGroup, taps;
} GroupWeights;

static int8_t groupWeight(const void *context, int64_t k, int64_t j) {
  const GroupWeights *g = (const GroupWeights *)context;
  const int64_t tap = k / g->inPerGroup, ic = k % g->inPerGroup;
  return g->weights[(j * g->inPerGroup + ic) * g->taps + tap];
}

void qc_conv2d_s8_pack_weights(const qc_conv2d_desc *d, const int8_t *weights, void *packed) {
  if (!qc_conv2d_f32_is_valid(d))
    return;
  const int64_t taps = d->kernel_height * d->kernel_width;
  if (qc_conv2d_f32_is_depthwise(d)) { /* the depthwise kernel reads ONNX's [C][kh][kw] */
    if (d->out_channels * taps > 0)
      memcpy(packed, weights, (size_t)(d->out_channels * taps));
    return;
  }
  const int64_t inPerGroup = d->in_channels / d->groups;
  const int64_t outPerGroup = d->out_channels / d->groups;
  const int64_t groupBytes = qc_gemm_s8_packed_b_size(depth(d), outPerGroup);
  for (int64_t g = 0; g < d->groups; ++g) {
    const GroupWeights group = {weights + g * outPerGroup * inPerGroup * taps, inPerGroup, taps};
    qc_gemm_s8_pack_b_elements(groupWeight, &group, depth(d), outPerGroup,
                               (int8_t *)packed + g * groupBytes);
  }
}

int qc_conv2d_s8_packed_weights_pairs_fit(const qc_conv2d_desc *d, const void *packed) {
  if (!qc_conv2d_f32_is_valid(d) || qc_conv2d_f32_is_depthwise(d))
    return 0;
  const int64_t outPerGroup = d->out_channels / d->groups;
  const int64_t groupBytes = qc_gemm_s8_packed_b_size(depth(d), outPerGroup);
  for (int64_t g = 0; g < d->groups; ++g)
    if (!qc_gemm_s8_packed_b_pairs_fit((const int8_t *)packed + g * groupBytes, depth(d),
                                       outPerGroup))
      return 0;
  return 1;
}

int64_t qc_conv2d_s8_scratch_size(const qc_conv2d_desc *d) {
  if (!qc_conv2d_f32_is_valid(d) || qc_conv2d_f32_is_depthwise(d) || d->batch == 0 ||
      d->out_channels == 0 || pixels(d) == 0 || depth(d) == 0 ||
      qc_conv2d_f32_reads_input_directly(d))
    return 0;
  return d->in_channels / d->groups * qc_conv2d_f32_padded(d).plane_stride;
}

/* The padded copy of one image's channels of one group, one task per channel. */
typedef struct PadImage {
  const qc_conv2d_desc *desc;
  const uint8_t *input; /* the group's first channel of the image */
  int64_t firstRow;     /* of the band */
  int padByte;
  uint8_t *padded;
  int64_t inPlane, paddedPlane;
} PadImage;

static void padChannel(void *context, size_t channel) {
  const PadImage *p = (const PadImage *)context;
  qc_conv2d_pad_channel(p->desc, p->input + (int64_t)channel * p->inPlane, 1, p->padByte,
                        p->firstRow, p->padded + (int64_t)channel * p->paddedPlane);
}

/* The tile sink: C's rows are pixels (over the batch), its columns the
 * group's output channels; the output is NCHW. */
typedef struct OutputTiles {
  char *output;        /* the group's first output channel in image 0 */
  int64_t elementBytes; /* 1, or 4 for int32 output */
  int64_t pixels;       /* P, the output plane */
  int64_t imageStride;  /* out_channels * P elements */
  int64_t firstPixel;   /* of the driver call's row 0 */
} OutputTiles;

/* rows (<= QC_GEMM_S8_SINK_ROWS) x columns of the tile, all of one image, to
 * out[j * P + i]: codes 8 rows at a time, by 8 x 16 transposes. */
static void storeRows(const OutputTiles *o, const void *tile, int64_t ldt, int64_t rows,
                      int64_t columns, int64_t out) {
  if (o->elementBytes == 4) {
    for (int64_t j = 0; j < columns; ++j)
      for (int64_t i = 0; i < rows; ++i)
        ((int32_t *)o->output)[out + j * o->pixels + i] = ((const int32_t *)tile)[i * ldt + j];
    return;
  }
  /* The driver's tiles have room for 8 rows past the last (gemm_s8_driver.h). */
  qc_store_tile_transposed((const uint8_t *)tile, ldt, rows, columns,
                           (uint8_t *)o->output + out, o->pixels);
}

static void storeTile(const void *context, const void *tile, int64_t ldt, int64_t firstRow,
                      int64_t rows, int64_t firstColumn, int64_t columns) {
  const OutputTiles *o = (const OutputTiles *)context;
  const int64_t elementBytes = o->elementBytes;
  int64_t pixel = o->firstPixel + firstRow;
  while (rows > 0) { /* a tile can straddle two images when P is small */
    const int64_t image = pixel / o->pixels, inImage = pixel % o->pixels;
    const int64_t count = minInt(rows, o->pixels - inImage);
    storeRows(o, tile, ldt, count, columns,
              image * o->imageStride + firstColumn * o->pixels + inImage);
    tile = (const char *)tile + count * ldt * elementBytes;
    rows -= count;
    pixel += count;
  }
}

/* The im2col GEMM path, for one group of every image: `tiles`, or its
 * fallback when they are not exact on the group's weights. */
static void convolveGroup(const qc_conv2d_desc *d, int64_t group, const uint8_t *input,
                          const int8_t *packedWeights, const qc_conv2d_s8_params *params,
                          char *output, uint8_t *scratch, const qc_gemm_s8_tiles *tiles) {
  const int64_t inPerGroup = d->in_channels / d->groups;
  const int64_t outPerGroup = d->out_channels / d->groups;
  const int64_t k = depth(d), p = pixels(d);
  const int64_t inPlane = d->in_height * d->in_width;
  const uint8_t *groupInput = input + group * inPerGroup * inPlane;
  const int64_t elementBytes = params->flags & QC_INT8_C_INT32 ? 4 : 1;
  const int8_t *groupWeights = packedWeights + group * qc_gemm_s8_packed_b_size(k, outPerGroup);
  tiles = qc_gemm_s8_tiles_for_b(tiles, groupWeights, k, outPerGroup, params->flags);
  qc_conv2d_s8_im2col im2col = {
      .desc = d,
      .direct = qc_conv2d_f32_reads_input_directly(d),
      .flip = qc_gemm_s8_activation_flip(tiles, params->flags),
      .input = groupInput,
      .padded = qc_conv2d_f32_padded(d),
  };
  OutputTiles out = {
      .output = output + group * outPerGroup * p * elementBytes,
      .elementBytes = elementBytes,
      .pixels = p,
      .imageStride = d->out_channels * p,
  };
  const int64_t firstChannel = group * outPerGroup;
  qc_gemm_s8_problem gemm = {
      .n = outPerGroup,
      .k = k,
      .pack_a = qc_conv2d_s8_pack_im2col,
      .pack_a_context = &im2col,
      .packed_b = groupWeights,
      .bias = params->bias ? params->bias + firstChannel : NULL,
      .multiplier = params->multiplier && params->per_channel ? params->multiplier + firstChannel
                                                              : params->multiplier,
      .shift = params->shift && params->per_channel ? params->shift + firstChannel : params->shift,
      .per_channel = params->per_channel,
      .zero_point = params->output_zero_point,
      .clamp_min = params->clamp_min,
      .clamp_max = params->clamp_max,
      .flags = params->flags,
      .sink = storeTile,
      .sink_context = &out,
  };
  const int channelRows = qc_conv2d_s8_channel_rows_applies(d, tiles);
  if (im2col.direct && channelRows) {
    for (int64_t n = 0; n < d->batch; ++n) {
      im2col.first_pixel = n * p;
      qc_conv2d_s8_channel_rows(&gemm, &im2col, p, out.output + n * out.imageStride * elementBytes,
                                p, tiles);
    }
    return;
  }
  if (im2col.direct || k == 0) { /* the GEMM's rows span the batch */
    gemm.m = d->batch * p;
    qc_gemm_s8_run(&gemm, tiles);
    return;
  }
  im2col.input = scratch;
  PadImage pad = {.desc = d,
                  .padByte = params->input_zero_point & 0xff,
                  .padded = scratch,
                  .inPlane = inPlane,
                  .paddedPlane = im2col.padded.plane_stride};
  const int64_t bandRows = im2col.padded.band_rows;
  for (int64_t n = 0; n < d->batch; ++n) {
    pad.input = groupInput + n * d->in_channels * inPlane;
    for (int64_t firstRow = 0; firstRow < d->out_height; firstRow += bandRows) {
      pad.firstRow = im2col.band_first_row = firstRow;
      if (inPerGroup * pad.paddedPlane >= PARALLEL_PAD_BYTES)
        qc_parallel_for((size_t)inPerGroup, padChannel, &pad);
      else
        for (int64_t c = 0; c < inPerGroup; ++c)
          padChannel(&pad, (size_t)c);
      const int64_t bandEnd = minInt(firstRow + bandRows, d->out_height) * d->out_width;
      im2col.first_pixel = firstRow * d->out_width;
      out.firstPixel = n * p + im2col.first_pixel;
      gemm.m = bandEnd - im2col.first_pixel;
      if (channelRows)
        qc_conv2d_s8_channel_rows(
            &gemm, &im2col, gemm.m,
            out.output + (n * out.imageStride + im2col.first_pixel) * elementBytes, p, tiles);
      else
        qc_gemm_s8_run(&gemm, tiles);
    }
  }
}

/* Depthwise planes spread over the pool: runs of planes with at least
 * TASK_PIXELS output pixels, as the float kernel's tasks, in multiples of
 * the kernel's 16-channel blocks (planes left over go one by one, slower). */
#define TASK_PIXELS 16384

typedef struct DepthwiseTasks {
  const qc_conv2d_desc *desc;
  const void *input;
  const int8_t *weights;
  const qc_conv2d_s8_params *params;
  void *output;
  qc_conv2d_s8_planes_fn planes;
  int64_t planeCount, planesPerTask;
} DepthwiseTasks;

static void runDepthwiseTask(void *context, size_t task) {
  const DepthwiseTasks *t = (const DepthwiseTasks *)context;
  const int64_t first = (int64_t)task * t->planesPerTask;
  t->planes(t->desc, t->input, t->weights, t->params, t->output, first,
            minInt(t->planesPerTask, t->planeCount - first));
}

static void convolveDepthwise(const qc_conv2d_desc *d, const void *input, const int8_t *weights,
                              const qc_conv2d_s8_params *params, void *output,
                              const qc_conv2d_s8_depthwise_kernel *kernel) {
  const int64_t planes = d->batch * d->out_channels;
  const int64_t byWork = (TASK_PIXELS + pixels(d) - 1) / pixels(d);
  const int64_t byThreads = (planes + 4 * qc_num_threads() - 1) / (4 * qc_num_threads());
  const int64_t planesPerTask =
      ((byWork > byThreads ? byWork : byThreads) + QC_GEMM_S8_NR - 1) / QC_GEMM_S8_NR *
      QC_GEMM_S8_NR;
  DepthwiseTasks t = {d, input, weights, params, output, kernel->planes, planes, planesPerTask};
  qc_parallel_for((size_t)((planes + planesPerTask - 1) / planesPerTask), runDepthwiseTask, &t);
}

/* Fastest first. */
static const qc_conv2d_s8_depthwise_kernel *const allDepthwise[] = {
#if defined(__x86_64__)
    &qc_conv2d_s8_depthwise_avx2,
#elif defined(__aarch64__)
    &qc_conv2d_s8_depthwise_neon,
#endif
    &qc_conv2d_s8_depthwise_generic,
};

const qc_conv2d_s8_depthwise_kernel *const *qc_conv2d_s8_depthwise_all(size_t *count) {
  *count = sizeof(allDepthwise) / sizeof(allDepthwise[0]);
  return allDepthwise;
}

static const qc_conv2d_s8_depthwise_kernel *selectDepthwise(uint64_t features) {
  size_t count;
  const qc_conv2d_s8_depthwise_kernel *const *kernels = qc_conv2d_s8_depthwise_all(&count);
  for (size_t i = 0; i < count; ++i)
    if ((kernels[i]->required_features & features) == kernels[i]->required_features)
      return kernels[i];
  return &qc_conv2d_s8_depthwise_generic;
}

void qc_conv2d_s8_with_kernels(const qc_conv2d_desc *d, const void *input,
                               const void *packedWeights, const qc_conv2d_s8_params *params,
                               void *output, void *scratch, const qc_gemm_s8_tiles *tiles,
                               const qc_conv2d_s8_depthwise_kernel *depthwise) {
  if (!qc_conv2d_f32_is_valid(d) || d->batch == 0 || d->out_channels == 0 || pixels(d) == 0)
    return;
  if (qc_conv2d_f32_is_depthwise(d)) {
    convolveDepthwise(d, input, (const int8_t *)packedWeights, params, output, depthwise);
    return;
  }
  for (int64_t group = 0; group < d->groups; ++group)
    convolveGroup(d, group, (const uint8_t *)input, (const int8_t *)packedWeights, params,
                  (char *)output, (uint8_t *)scratch, tiles);
}

void qc_conv2d_s8(const qc_conv2d_desc *desc, const void *input, int32_t input_zero_point,
                  const void *packed_weights, const int32_t *bias, const int32_t *multiplier,
                  const int32_t *shift, int32_t per_channel, int32_t output_zero_point,
                  int32_t clamp_min, int32_t clamp_max, int32_t flags, void *output,
                  void *scratch) {
  const qc_conv2d_s8_params params = {input_zero_point, bias,      multiplier, shift,
                                      per_channel,      output_zero_point, clamp_min,
                                      clamp_max,        flags};
  const uint64_t features = qc_cpu_features();
  qc_conv2d_s8_with_kernels(desc, input, packed_weights, &params, output, scratch,
                            qc_gemm_s8_select_tiles(features), selectDepthwise(features));
}
