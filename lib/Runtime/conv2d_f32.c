/*===- conv2d_f32.c - float convolution: scratch, routing, im2col GEMM ----===*
 *
 * Per image and group, the output [OCg x P] (P = out_height * out_width
 * pixels, row-major: exactly the NCHW output plane) is the GEMM
 *
 *   C[OCg x P] = W_g[OCg x K] * im2col[K x P],   K = ICg * kernel_height * kernel_width,
 *
 * where W_g is the group's weights in ONNX layout (already K-contiguous rows)
 * and im2col gathers the input taps of each output pixel. Nothing is
 * materialized beyond a few MiB: P is cut into chunks of up to 4 MiB,
 * each chunk's im2col is packed straight into the GEMM's packed-B panels
 * (conv2d_f32_im2col.c), and the GEMM driver writes the chunk's columns of C
 * in place (ldc = P). The weights are packed into the micro-kernels' A layout
 * once per call, not once per chunk. The per-channel bias is the driver's
 * row bias, applied with the epilogue while each tile is hot.
 *
 * Scratch (floats): the packed weights of one group, sized for the widest
 * micro-kernel any variant has (QC_GEMM_F32_MAX_MR), then one chunk. Neither
 * depends on the thread count or on the CPU: the threads share the chunk,
 * first packing its panels in parallel, then splitting the chunk's GEMM.
 *
 * Depthwise convolutions take a direct kernel instead (conv2d_f32_depthwise.c):
 * with one input channel per output, K is just the kernel's taps and a GEMM
 * would be all packing.
 *===----------------------------------------------------------------------===*/

#include "conv2d_f32.h"

#include "gemm_f32_driver.h"
#include "threadpool.h"

enum { NR = QC_GEMM_F32_NR };

/* Target size of one packed im2col chunk. Each chunk costs two parallel
 * loops (pack, then GEMM), and every parallel loop waits for each worker to
 * check in: on a loaded machine that is a scheduler time slice, so chunks
 * are large (ResNet-18's 3x3 layers take one or two). The GEMM then reads
 * the chunk from L3 rather than L2; on one Zen 3 core that measured the same
 * as 256 KiB chunks (the B panel slice in use still sits in L1). */
#define CHUNK_BYTES (4 * 1024 * 1024)

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
static int64_t roundUp(int64_t a, int64_t b) { return ceilDiv(a, b) * b; }
static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t maxInt(int64_t a, int64_t b) { return a > b ? a : b; }

/* Descriptors the kernels can run. The compiler only emits valid ones; this
 * keeps a bad one from dividing by zero or indexing out of bounds. */
static int isValid(const qc_conv2d_f32_desc *d) {
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

int64_t qc_conv2d_f32_chunk_pixels(const qc_conv2d_f32_desc *d) {
  const int64_t k = maxInt(depth(d), 1);
  const int64_t budget = maxInt(NR, CHUNK_BYTES / (int64_t)sizeof(float) / k / NR * NR);
  return minInt(budget, roundUp(pixels(d), NR));
}

/* Floats of the packed weights of one group for any variant's mr (<= MAX_MR),
 * rounded to 16 floats so that the chunk after them stays 64-byte aligned. */
static int64_t packedWeightsFloats(const qc_conv2d_f32_desc *d) {
  const int64_t rows = d->out_channels / d->groups;
  return roundUp((rows + QC_GEMM_F32_MAX_MR - 1) * depth(d), 16);
}

int64_t qc_conv2d_f32_scratch_size(const qc_conv2d_f32_desc *d) {
  if (!isValid(d) || qc_conv2d_f32_is_depthwise(d) || d->batch == 0 || d->out_channels == 0 ||
      pixels(d) == 0 || depth(d) == 0)
    return 0;
  return packedWeightsFloats(d) + depth(d) * qc_conv2d_f32_chunk_pixels(d);
}

/* One chunk's im2col panels, packed in parallel (one task per panel). */
typedef struct PackChunk {
  const qc_conv2d_f32_desc *desc;
  const float *image;
  int64_t firstPixel, pixels, depth;
  float *chunk;
} PackChunk;

static void packChunkPanel(void *context, size_t panel) {
  const PackChunk *c = (const PackChunk *)context;
  const int64_t first = (int64_t)panel * NR;
  qc_conv2d_f32_pack_input_panel(c->desc, c->image, c->firstPixel + first,
                                 minInt(NR, c->pixels - first), c->chunk + first * c->depth);
}

/* The im2col GEMM path, for one group of every image. */
static void convolveGroup(const qc_conv2d_f32_desc *d, int64_t group, const float *input,
                          const float *weights, const float *bias, float *output,
                          float *scratch, qc_conv2d_f32_epilogue epilogue,
                          const qc_gemm_f32_tiles *tiles) {
  const int64_t inPerGroup = d->in_channels / d->groups;
  const int64_t outPerGroup = d->out_channels / d->groups;
  const int64_t k = depth(d), p = pixels(d);
  const int64_t chunkPixels = qc_conv2d_f32_chunk_pixels(d);
  float *packedWeights = scratch;
  float *chunk = scratch + packedWeightsFloats(d);

  qc_gemm_f32_pack_a(weights + group * outPerGroup * k, k, outPerGroup, k, tiles->mr,
                     packedWeights);
  qc_gemm_f32_problem gemm = {
      .m = outPerGroup,
      .k = k,
      .packed_a = packedWeights,
      .packed_b = chunk,
      .row_bias = bias ? bias + group * outPerGroup : NULL,
      .ldc = p,
      .epilogue = epilogue.kind,
      .clamp_min = epilogue.clamp_min,
      .clamp_max = epilogue.clamp_max,
  };
  for (int64_t n = 0; n < d->batch; ++n) {
    PackChunk pack = {
        .desc = d,
        .image = input + (n * d->in_channels + group * inPerGroup) * d->in_height * d->in_width,
        .depth = k,
        .chunk = chunk,
    };
    float *outputPlanes = output + (n * d->out_channels + group * outPerGroup) * p;
    for (int64_t firstPixel = 0; firstPixel < p; firstPixel += chunkPixels) {
      pack.firstPixel = firstPixel;
      pack.pixels = minInt(chunkPixels, p - firstPixel);
      qc_parallel_for((size_t)ceilDiv(pack.pixels, NR), packChunkPanel, &pack);
      gemm.n = pack.pixels;
      gemm.c = outputPlanes + firstPixel;
      qc_gemm_f32_run(&gemm, tiles);
    }
  }
}

void qc_conv2d_f32_with_kernels(const qc_conv2d_f32_desc *d, const float *input,
                                const float *weights, const float *bias, float *output,
                                float *scratch, qc_conv2d_f32_epilogue epilogue,
                                const qc_gemm_f32_tiles *tiles,
                                const qc_conv2d_f32_depthwise_kernel *depthwise) {
  if (!isValid(d) || d->batch == 0 || d->out_channels == 0 || pixels(d) == 0)
    return;
  if (qc_conv2d_f32_is_depthwise(d)) {
    qc_conv2d_f32_depthwise(d, input, weights, bias, output, epilogue, depthwise);
    return;
  }
  for (int64_t group = 0; group < d->groups; ++group)
    convolveGroup(d, group, input, weights, bias, output, scratch, epilogue, tiles);
}

void qc_conv2d_f32(const qc_conv2d_f32_desc *desc, const float *input, const float *weights,
                   const float *bias, float *output, float *scratch, int32_t epilogue,
                   float clamp_min, float clamp_max) {
  const qc_conv2d_f32_epilogue e = {epilogue, clamp_min, clamp_max};
  const uint64_t features = qc_cpu_features();
  qc_conv2d_f32_with_kernels(desc, input, weights, bias, output, scratch, e,
                             qc_gemm_f32_select_tiles(features),
                             qc_conv2d_f32_depthwise_select(features));
}
