/*===- conv2d_f32.h - the float convolution's internal pieces -------------===*
 *
 * Runtime-internal (not ABI). qc_conv2d_f32 (KernelABI.h, conv2d_f32.c)
 * routes each convolution to one of two algorithms:
 *   - depthwise (one input and one output channel per group): a direct loop
 *     per channel plane, conv2d_f32_depthwise.c (the kernel, built per ISA:
 *     conv2d_f32_depthwise_plane.h);
 *   - everything else: per image and group, a GEMM of the weights by the
 *     im2col matrix of the input, which conv2d_f32_im2col.c packs straight
 *     into the GEMM's packed-B panels, chunk by chunk.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_F32_H
#define QUANTC_RUNTIME_CONV2D_F32_H

#include "gemm_f32_tiles.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What happens to each output after the sum and the bias (QC_EPILOGUE_*). */
typedef struct qc_conv2d_f32_epilogue {
  int32_t kind;
  float clamp_min, clamp_max;
} qc_conv2d_f32_epilogue;

typedef struct qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_kernel;

/* qc_conv2d_f32 with explicit variants: tests and benchmarks force each one.
 * The im2col path uses `tiles`, the depthwise path `depthwise`. */
void qc_conv2d_f32_with_kernels(const qc_conv2d_f32_desc *desc, const float *input,
                                const float *weights, const float *bias, float *output,
                                float *scratch, qc_conv2d_f32_epilogue epilogue,
                                const qc_gemm_f32_tiles *tiles,
                                const qc_conv2d_f32_depthwise_kernel *depthwise);

/* True when the convolution takes the depthwise path. */
int qc_conv2d_f32_is_depthwise(const qc_conv2d_f32_desc *desc);

/* Output pixels per im2col chunk: a multiple of QC_GEMM_F32_NR, so that a
 * packed chunk is about 4 MiB (conv2d_f32.c says why). */
int64_t qc_conv2d_f32_chunk_pixels(const qc_conv2d_f32_desc *desc);

/* Packs one QC_GEMM_F32_NR-column panel of the im2col matrix of one image and
 * one group, in the packed-B layout: K = (in_channels / groups) * kernel_height
 * * kernel_width rows, row k = (ic * kernel_height + kh) * kernel_width + kw
 * (the order of ONNX's weights), column j = output pixel firstPixel + j
 * (row-major over out_height x out_width). `image` points at the group's
 * first input channel of the image. Columns past `pixels` (<= NR) and taps
 * in the padding are zero. Writes K * NR floats to `panel`. */
void qc_conv2d_f32_pack_input_panel(const qc_conv2d_f32_desc *desc, const float *image,
                                    int64_t firstPixel, int64_t pixels, float *panel);

/* One (image, channel) plane of a depthwise convolution: `input` and
 * `output` point at the planes, `weights` at the channel's taps. */
typedef void (*qc_conv2d_f32_plane_fn)(const qc_conv2d_f32_desc *desc, const float *input,
                                       const float *weights, float bias, float *output,
                                       qc_conv2d_f32_epilogue epilogue);

/* One build of the depthwise plane kernel (conv2d_f32_depthwise_plane.h). */
typedef struct qc_conv2d_f32_depthwise_kernel {
  const char *name;           /* "avx2", for tests and benchmarks */
  uint64_t required_features; /* QC_CPU_* bits its code executes */
  qc_conv2d_f32_plane_fn plane;
} qc_conv2d_f32_depthwise_kernel;

extern const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_generic;
#if defined(__x86_64__)
extern const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_avx2;
#endif

/* Every depthwise variant built for this target, fastest first. */
const qc_conv2d_f32_depthwise_kernel *const *qc_conv2d_f32_depthwise_all(size_t *count);

/* The fastest depthwise variant whose required features are all in `features`. */
const qc_conv2d_f32_depthwise_kernel *qc_conv2d_f32_depthwise_select(uint64_t features);

/* The depthwise convolution: every (image, channel) plane on its own, spread
 * over the thread pool. Needs no scratch. */
void qc_conv2d_f32_depthwise(const qc_conv2d_f32_desc *desc, const float *input,
                             const float *weights, const float *bias, float *output,
                             qc_conv2d_f32_epilogue epilogue,
                             const qc_conv2d_f32_depthwise_kernel *kernel);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_CONV2D_F32_H */
