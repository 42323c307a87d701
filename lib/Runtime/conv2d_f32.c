/*===- conv2d_f32.c - float convolution: scratch, routing, im2col GEMM ----===*
 *
 * Per group, the convolution is the GEMM
 *
 *   C[M x OCg] = im2col[M x K] * W_g^T[K x OCg],   K = ICg * kernel_height * kernel_width,
 *
 * whose rows are the output pixels of the whole batch (M = batch * P, P =
 * out_height * out_width) and whose columns are the group's output channels:
 *   - B is the weights, packed ahead of the call (at compile time for constant
 *     weights) by qc_conv2d_f32_pack_weights into the GEMM's packed-B layout,
 *     which is the same for every micro-kernel variant (conv2d_f32_pack.c);
 *   - A is the im2col matrix, never materialized: the GEMM driver asks
 *     conv2d_f32_im2col.c for each MC x KC block it needs, packed straight
 *     from the NCHW input into the micro-kernels' MR-row micro-panels, on the
 *     stack of the thread that computes it (the block stays in L2);
 *   - C's tiles, MR pixels x 16 channels, are transposed into the NCHW output
 *     (output[oc][pixel]) by a tile sink while they are in L1, after the bias
 *     (the GEMM's per-column bias) and the epilogue.
 *
 * When K spans several KC slices, a tile's partial sums must survive from one
 * slice to the next: the driver keeps them in C, row-major [pixel][channel],
 * in the scratch. That scratch holds a chunk of pixels; each driver call
 * computes one chunk. When K fits one slice of every variant
 * (QC_GEMM_F32_MIN_KC), tiles go from the micro-kernel to the sink directly,
 * there is no scratch, and all pixels are one call.
 *
 * Neither the scratch nor the chunks depend on the thread count or on the
 * CPU: the threads split each call into (MC-row block, panel group) tiles of
 * C, whose parts of the scratch are disjoint.
 *
 * Depthwise convolutions take a direct kernel instead (conv2d_f32_depthwise.c):
 * with one input channel per output, K is just the kernel's taps and a GEMM
 * would be all packing.
 *===----------------------------------------------------------------------===*/

#include "conv2d_f32.h"

#include "gemm_f32_driver.h"

enum { NR = QC_GEMM_F32_NR };

/* Target size of the scratch's partial sums, one chunk of C. The scratch is
 * only touched tile by tile, each tile while it is in L1, so its size matters
 * little to the caches; larger chunks mean fewer driver calls, and each call
 * is a parallel loop that waits for every worker to check in (on a loaded
 * machine, a scheduler time slice). 1 MiB holds all pixels of each of
 * ResNet-18's layers. */
#define CHUNK_BYTES (1024 * 1024)

/* Fewest rows per chunk, so that each B panel slice fetched into L1 is reused
 * by a few micro-panels even for thousands of output channels; a multiple of
 * 48 (and so of the tile heights 4 and 6), as are all chunk sizes. */
#define MIN_CHUNK_PIXELS 240

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t maxInt(int64_t a, int64_t b) { return a > b ? a : b; }

int qc_conv2d_f32_is_valid(const qc_conv2d_f32_desc *d) {
  return d->batch >= 0 && d->in_channels >= 0 && d->in_height >= 0 && d->in_width >= 0 &&
         d->out_channels >= 0 && d->out_height >= 0 && d->out_width >= 0 && d->groups > 0 &&
         d->in_channels % d->groups == 0 && d->out_channels % d->groups == 0 &&
         d->kernel_height >= 0 && d->kernel_width >= 0 && d->stride_h > 0 && d->stride_w > 0 &&
         d->dilation_h > 0 && d->dilation_w > 0 && d->pad_top >= 0 && d->pad_left >= 0;
}

static int64_t pixels(const qc_conv2d_f32_desc *d) { return d->out_height * d->out_width; }

static int64_t depth(const qc_conv2d_f32_desc *d) {
  return d->in_channels / d->groups * d->kernel_height * d->kernel_width;
}

int qc_conv2d_f32_is_depthwise(const qc_conv2d_f32_desc *d) {
  return d->groups == d->in_channels && d->groups == d->out_channels;
}

/* Whether partial sums must be kept in the scratch between KC slices. */
static int needsPartialSums(const qc_conv2d_f32_desc *d) {
  return depth(d) > QC_GEMM_F32_MIN_KC;
}

int64_t qc_conv2d_f32_chunk_pixels(const qc_conv2d_f32_desc *d) {
  const int64_t all = d->batch * pixels(d);
  if (!needsPartialSums(d))
    return all;
  const int64_t outPerGroup = maxInt(d->out_channels / d->groups, 1);
  const int64_t budget = CHUNK_BYTES / (int64_t)sizeof(float) / outPerGroup / 48 * 48;
  return minInt(all, maxInt(MIN_CHUNK_PIXELS, budget));
}

int64_t qc_conv2d_f32_scratch_size(const qc_conv2d_f32_desc *d) {
  if (!qc_conv2d_f32_is_valid(d) || qc_conv2d_f32_is_depthwise(d) || d->batch == 0 ||
      d->out_channels == 0 || pixels(d) == 0 || !needsPartialSums(d))
    return 0;
  return qc_conv2d_f32_chunk_pixels(d) * (d->out_channels / d->groups);
}

/* The tile sink: C rows are pixels (over the batch), columns the group's
 * output channels; the output is NCHW. */
typedef struct OutputTiles {
  float *output;      /* the group's first output channel in image 0 */
  int64_t pixels;     /* P, the output plane */
  int64_t imageStride; /* out_channels * P */
  int64_t firstPixel; /* of the driver call's row 0 */
} OutputTiles;

static void storeTile(const void *context, const float *tile, int64_t ldt, int64_t firstRow,
                      int64_t rows, int64_t firstColumn, int64_t columns) {
  const OutputTiles *o = (const OutputTiles *)context;
  int64_t pixel = o->firstPixel + firstRow;
  while (rows > 0) { /* a tile can straddle two images when P is small */
    const int64_t image = pixel / o->pixels, inImage = pixel % o->pixels;
    const int64_t count = minInt(rows, o->pixels - inImage);
    float *out = o->output + image * o->imageStride + firstColumn * o->pixels + inImage;
    for (int64_t j = 0; j < columns; ++j)
      for (int64_t i = 0; i < count; ++i)
        out[j * o->pixels + i] = tile[i * ldt + j];
    tile += count * ldt;
    rows -= count;
    pixel += count;
  }
}

/* The im2col GEMM path, for one group of every image. */
static void convolveGroup(const qc_conv2d_f32_desc *d, int64_t group, const float *input,
                          const float *packedWeights, const float *bias, float *output,
                          float *scratch, qc_conv2d_f32_epilogue epilogue,
                          const qc_gemm_f32_tiles *tiles) {
  const int64_t inPerGroup = d->in_channels / d->groups;
  const int64_t outPerGroup = d->out_channels / d->groups;
  const int64_t k = depth(d), p = pixels(d), all = d->batch * p;
  const int64_t chunkPixels = qc_conv2d_f32_chunk_pixels(d);
  qc_conv2d_f32_im2col im2col = {
      .desc = d,
      .input = input + group * inPerGroup * d->in_height * d->in_width,
  };
  OutputTiles out = {
      .output = output + group * outPerGroup * p,
      .pixels = p,
      .imageStride = d->out_channels * p,
  };
  qc_gemm_f32_problem gemm = {
      .n = outPerGroup,
      .k = k,
      .pack_a = qc_conv2d_f32_pack_im2col,
      .pack_a_context = &im2col,
      .packed_b = packedWeights + group * qc_gemm_f32_packed_b_size(k, outPerGroup),
      .column_bias = bias ? bias + group * outPerGroup : NULL,
      .c = scratch, /* partial sums, [pixel][channel] */
      .ldc = outPerGroup,
      .sink = storeTile,
      .sink_context = &out,
      .epilogue = epilogue.kind,
      .clamp_min = epilogue.clamp_min,
      .clamp_max = epilogue.clamp_max,
  };
  for (int64_t firstPixel = 0; firstPixel < all; firstPixel += chunkPixels) {
    im2col.first_pixel = out.firstPixel = firstPixel;
    gemm.m = minInt(chunkPixels, all - firstPixel);
    qc_gemm_f32_run(&gemm, tiles);
  }
}

void qc_conv2d_f32_with_kernels(const qc_conv2d_f32_desc *d, const float *input,
                                const float *packedWeights, const float *bias, float *output,
                                float *scratch, qc_conv2d_f32_epilogue epilogue,
                                const qc_gemm_f32_tiles *tiles,
                                const qc_conv2d_f32_depthwise_kernel *depthwise) {
  if (!qc_conv2d_f32_is_valid(d) || d->batch == 0 || d->out_channels == 0 || pixels(d) == 0)
    return;
  if (qc_conv2d_f32_is_depthwise(d)) {
    /* Its packed weights are the ONNX layout (conv2d_f32_pack.c). */
    qc_conv2d_f32_depthwise(d, input, packedWeights, bias, output, epilogue, depthwise);
    return;
  }
  for (int64_t group = 0; group < d->groups; ++group)
    convolveGroup(d, group, input, packedWeights, bias, output, scratch, epilogue, tiles);
}

void qc_conv2d_f32(const qc_conv2d_f32_desc *desc, const float *input,
                   const float *packed_weights, const float *bias, float *output,
                   float *scratch, int32_t epilogue, float clamp_min, float clamp_max) {
  const qc_conv2d_f32_epilogue e = {epilogue, clamp_min, clamp_max};
  const uint64_t features = qc_cpu_features();
  qc_conv2d_f32_with_kernels(desc, input, packed_weights, bias, output, scratch, e,
                             qc_gemm_f32_select_tiles(features),
                             qc_conv2d_f32_depthwise_select(features));
}
