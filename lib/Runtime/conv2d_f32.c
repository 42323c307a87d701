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
 *     conv2d_f32_im2col.c for each MC x KC block it needs, packed into the
 *     micro-kernels' MR-row micro-panels on the stack of the thread that
 *     computes it (the block stays in L2), from a padded copy of the image's
 *     channels made once per call, in the scratch, where every tap of a run
 *     of output pixels is a contiguous copy (1x1 stride-1 unpadded
 *     convolutions read the input itself);
 *   - C's tiles, MR pixels x 16 channels, are transposed into the NCHW output
 *     (output[oc][pixel]) by a tile sink while they are in L1, after the bias
 *     (the GEMM's per-column bias) and the epilogue.
 *
 * When K spans several KC slices, a tile's partial sums must survive from one
 * slice to the next: the driver keeps them in C, row-major [pixel][channel],
 * in the scratch. That part of the scratch holds a chunk of pixels; each
 * driver call computes one chunk. When K fits one slice of every variant
 * (QC_GEMM_F32_MIN_KC), tiles go from the micro-kernel to the sink directly,
 * and all pixels of an image (of the batch, for 1x1 convolutions reading the
 * input directly) are one call.
 *
 * Scratch (floats): [partial sums: chunk * OCg, rounded up to 16, if K >
 * QC_GEMM_F32_MIN_KC] [padded copy of one band of output rows: ICg * padded
 * plane, unless the input is read directly].
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
#include "threadpool.h"

#include <math.h>
#include <string.h>

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

/* Padded copies smaller than this many floats are made on the calling thread:
 * waking the pool would cost more. */
#define PARALLEL_PAD_FLOATS (64 * 1024)

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t maxInt(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t roundUp16(int64_t a) { return (a + 15) / 16 * 16; }

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
  const int64_t all = qc_conv2d_f32_reads_input_directly(d) ? d->batch * pixels(d) : pixels(d);
  if (!needsPartialSums(d))
    return all;
  const int64_t outPerGroup = maxInt(d->out_channels / d->groups, 1);
  const int64_t budget = CHUNK_BYTES / (int64_t)sizeof(float) / outPerGroup / 48 * 48;
  return minInt(all, maxInt(MIN_CHUNK_PIXELS, budget));
}

/* Floats of the partial sums at the start of the scratch. */
static int64_t partialSumsFloats(const qc_conv2d_f32_desc *d) {
  return needsPartialSums(d) ? roundUp16(qc_conv2d_f32_chunk_pixels(d) * (d->out_channels / d->groups))
                             : 0;
}

int64_t qc_conv2d_f32_scratch_size(const qc_conv2d_f32_desc *d) {
  if (!qc_conv2d_f32_is_valid(d) || qc_conv2d_f32_is_depthwise(d) || d->batch == 0 ||
      d->out_channels == 0 || pixels(d) == 0 || depth(d) == 0)
    return 0;
  const int64_t padded = qc_conv2d_f32_reads_input_directly(d)
                             ? 0
                             : d->in_channels / d->groups * qc_conv2d_f32_padded(d).plane_stride;
  return partialSumsFloats(d) + padded;
}

/* The padded copy of one image's channels of one group, one task per channel. */
typedef struct PadImage {
  const qc_conv2d_f32_desc *desc;
  const float *input; /* the group's first channel of the image */
  int64_t firstRow;   /* of the band */
  float *padded;
  int64_t inPlane, paddedPlane;
} PadImage;

static void padChannel(void *context, size_t channel) {
  const PadImage *p = (const PadImage *)context;
  qc_conv2d_f32_pad_channel(p->desc, p->input + (int64_t)channel * p->inPlane, p->firstRow,
                            p->padded + (int64_t)channel * p->paddedPlane);
}

/* Four floats as one value, lowered to the baseline ISA's vectors (SSE2,
 * NEON): the tile sink transposes 4 x 4 blocks of a tile with them. */
typedef float Vec4 __attribute__((vector_size(16)));
typedef int32_t Mask4 __attribute__((vector_size(16)));

static inline Vec4 load4(const float *p) {
  Vec4 v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void store4(float *p, Vec4 v) { memcpy(p, &v, sizeof v); }

/* p[0, 2) = v[first, first + 2) */
static inline void store2(float *p, Vec4 v, int first) {
  float lanes[4];
  memcpy(lanes, &v, sizeof v);
  memcpy(p, lanes + first, 2 * sizeof(float));
}

static inline Vec4 splat4(float x) { return (Vec4){x, x, x, x}; }

#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 12)
#define SHUFFLE4(a, b, i, j, k, l) __builtin_shufflevector(a, b, i, j, k, l)
#else
#define SHUFFLE4(a, b, i, j, k, l)                                                             \
  ((Vec4){(i) < 4 ? (a)[(i) & 3] : (b)[(i) & 3], (j) < 4 ? (a)[(j) & 3] : (b)[(j) & 3],       \
          (k) < 4 ? (a)[(k) & 3] : (b)[(k) & 3], (l) < 4 ? (a)[(l) & 3] : (b)[(l) & 3]})
#endif

/* The tile sink: C rows are pixels (over the batch), columns the group's
 * output channels; the output is NCHW. It adds the bias and applies the
 * epilogue (so the driver's problem has neither) while transposing. */
typedef struct OutputTiles {
  float *output;       /* the group's first output channel in image 0 */
  int64_t pixels;      /* P, the output plane */
  int64_t imageStride; /* out_channels * P */
  int64_t firstPixel;  /* of the driver call's row 0 */
  const float *bias;   /* the group's, or NULL */
  int activate;        /* RELU or CLAMP: x > lo ? x : lo, then x < hi ? x : hi */
  float lo, hi;
} OutputTiles;

/* Bias and epilogue of 4 floats of one row, channels bias[0, 4). -0.0f is the
 * additive identity (+0.0f is not: -0 + +0 = +0), so an absent bias is -0. */
static inline Vec4 finish4(const OutputTiles *o, Vec4 x, Vec4 bias) {
  x += bias;
  if (o->activate) { /* NaN -> lo, as max(x, lo) in ONNX Relu and Clip */
    const Vec4 lo = splat4(o->lo), hi = splat4(o->hi);
    const Mask4 above = x > lo;
    x = (Vec4)(((Mask4)x & above) | ((Mask4)lo & ~above));
    const Mask4 below = x < hi;
    x = (Vec4)(((Mask4)x & below) | ((Mask4)hi & ~below));
  }
  return x;
}

static inline float finish1(const OutputTiles *o, float x, float bias) {
  x += bias;
  if (o->activate) {
    x = x > o->lo ? x : o->lo;
    x = x < o->hi ? x : o->hi;
  }
  return x;
}

/* rows x columns of the tile, all of one image, to out[j * P + i]. */
static void storeRows(const OutputTiles *o, const float *tile, int64_t ldt, int64_t rows,
                      int64_t firstColumn, int64_t columns, float *out) {
  const int64_t p = o->pixels;
  int64_t j = 0;
  for (; j + 4 <= columns; j += 4) {
    const Vec4 bias = o->bias ? load4(o->bias + firstColumn + j) : splat4(-0.0f);
    float *o0 = out + j * p, *o1 = o0 + p, *o2 = o1 + p, *o3 = o2 + p;
    const float *t = tile + j;
    int64_t i = 0;
    for (; i + 4 <= rows; i += 4, t += 4 * ldt) {
      const Vec4 r0 = finish4(o, load4(t), bias), r1 = finish4(o, load4(t + ldt), bias);
      const Vec4 r2 = finish4(o, load4(t + 2 * ldt), bias);
      const Vec4 r3 = finish4(o, load4(t + 3 * ldt), bias);
      const Vec4 t0 = SHUFFLE4(r0, r1, 0, 4, 1, 5), t1 = SHUFFLE4(r0, r1, 2, 6, 3, 7);
      const Vec4 t2 = SHUFFLE4(r2, r3, 0, 4, 1, 5), t3 = SHUFFLE4(r2, r3, 2, 6, 3, 7);
      store4(o0 + i, SHUFFLE4(t0, t2, 0, 1, 4, 5));
      store4(o1 + i, SHUFFLE4(t0, t2, 2, 3, 6, 7));
      store4(o2 + i, SHUFFLE4(t1, t3, 0, 1, 4, 5));
      store4(o3 + i, SHUFFLE4(t1, t3, 2, 3, 6, 7));
    }
    if (i + 2 <= rows) {
      const Vec4 r0 = finish4(o, load4(t), bias), r1 = finish4(o, load4(t + ldt), bias);
      const Vec4 t0 = SHUFFLE4(r0, r1, 0, 4, 1, 5), t1 = SHUFFLE4(r0, r1, 2, 6, 3, 7);
      store2(o0 + i, t0, 0);
      store2(o1 + i, t0, 2);
      store2(o2 + i, t1, 0);
      store2(o3 + i, t1, 2);
      i += 2;
      t += 2 * ldt;
    }
    if (i < rows) {
      const Vec4 r0 = finish4(o, load4(t), bias);
      o0[i] = r0[0];
      o1[i] = r0[1];
      o2[i] = r0[2];
      o3[i] = r0[3];
    }
  }
  for (; j < columns; ++j) {
    const float bias = o->bias ? o->bias[firstColumn + j] : -0.0f;
    for (int64_t i = 0; i < rows; ++i)
      out[j * p + i] = finish1(o, tile[i * ldt + j], bias);
  }
}

static void storeTile(const void *context, const float *tile, int64_t ldt, int64_t firstRow,
                      int64_t rows, int64_t firstColumn, int64_t columns) {
  const OutputTiles *o = (const OutputTiles *)context;
  int64_t pixel = o->firstPixel + firstRow;
  while (rows > 0) { /* a tile can straddle two images when P is small */
    const int64_t image = pixel / o->pixels, inImage = pixel % o->pixels;
    const int64_t count = minInt(rows, o->pixels - inImage);
    storeRows(o, tile, ldt, count, firstColumn, columns,
              o->output + image * o->imageStride + firstColumn * o->pixels + inImage);
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
  const int64_t k = depth(d), p = pixels(d);
  const int64_t inPlane = d->in_height * d->in_width;
  const float *groupInput = input + group * inPerGroup * inPlane;
  qc_conv2d_f32_im2col im2col = {
      .desc = d,
      .direct = qc_conv2d_f32_reads_input_directly(d),
      .input = groupInput,
      .padded = qc_conv2d_f32_padded(d),
  };
  const int activate = epilogue.kind == QC_EPILOGUE_RELU || epilogue.kind == QC_EPILOGUE_CLAMP;
  OutputTiles out = {
      .output = output + group * outPerGroup * p,
      .pixels = p,
      .imageStride = d->out_channels * p,
      .bias = bias ? bias + group * outPerGroup : NULL,
      .activate = activate,
      .lo = epilogue.kind == QC_EPILOGUE_CLAMP ? epilogue.clamp_min : 0.0f,
      .hi = epilogue.kind == QC_EPILOGUE_CLAMP ? epilogue.clamp_max : INFINITY,
  };
  qc_gemm_f32_problem gemm = {
      .n = outPerGroup,
      .k = k,
      .pack_a = qc_conv2d_f32_pack_im2col,
      .pack_a_context = &im2col,
      .packed_b = packedWeights + group * qc_gemm_f32_packed_b_size(k, outPerGroup),
      .c = scratch, /* partial sums, [pixel][channel] */
      .ldc = outPerGroup,
      .sink = storeTile, /* with the bias and the epilogue */
      .sink_context = &out,
      .epilogue = QC_EPILOGUE_NONE,
  };
  if (im2col.direct || k == 0) { /* the GEMM's rows span the batch (nothing to read if K = 0) */
    const int64_t all = d->batch * p;
    const int64_t chunkPixels = k == 0 ? all : qc_conv2d_f32_chunk_pixels(d);
    for (int64_t firstPixel = 0; firstPixel < all; firstPixel += chunkPixels) {
      im2col.first_pixel = out.firstPixel = firstPixel;
      gemm.m = minInt(chunkPixels, all - firstPixel);
      qc_gemm_f32_run(&gemm, tiles);
    }
    return;
  }
  const int64_t chunkPixels = qc_conv2d_f32_chunk_pixels(d);
  float *padded = scratch + partialSumsFloats(d);
  im2col.input = padded;
  PadImage pad = {.desc = d, .padded = padded, .inPlane = inPlane,
                  .paddedPlane = im2col.padded.plane_stride};
  const int64_t bandRows = im2col.padded.band_rows;
  for (int64_t n = 0; n < d->batch; ++n) {
    pad.input = groupInput + n * d->in_channels * inPlane;
    for (int64_t firstRow = 0; firstRow < d->out_height; firstRow += bandRows) {
      pad.firstRow = im2col.band_first_row = firstRow;
      if (inPerGroup * pad.paddedPlane >= PARALLEL_PAD_FLOATS)
        qc_parallel_for((size_t)inPerGroup, padChannel, &pad);
      else
        for (int64_t c = 0; c < inPerGroup; ++c)
          padChannel(&pad, (size_t)c);
      const int64_t bandEnd = minInt(firstRow + bandRows, d->out_height) * d->out_width;
      for (int64_t firstPixel = firstRow * d->out_width; firstPixel < bandEnd;
           firstPixel += chunkPixels) {
        im2col.first_pixel = firstPixel;
        out.firstPixel = n * p + firstPixel;
        gemm.m = minInt(chunkPixels, bandEnd - firstPixel);
        qc_gemm_f32_run(&gemm, tiles);
      }
    }
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
