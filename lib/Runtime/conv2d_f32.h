/*===- conv2d_f32.h - the float convolution's internal pieces -------------===*
 *
 * Runtime-internal (not ABI). qc_conv2d_f32 (KernelABI.h, conv2d_f32.c)
 * routes each convolution to one of two algorithms:
 *   - depthwise (one input and one output channel per group): a direct loop
 *     per channel plane, conv2d_f32_depthwise.c;
 *   - everything else: per image and group, a GEMM of the weights by the
 *     im2col matrix of the input, which conv2d_f32_im2col.c packs straight
 *     into the GEMM's packed-B panels, chunk by chunk.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_F32_H
#define QUANTC_RUNTIME_CONV2D_F32_H

#include "gemm_f32_tiles.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What happens to each output after the sum and the bias (QC_EPILOGUE_*). */
typedef struct qc_conv2d_f32_epilogue {
  int32_t kind;
  float clamp_min, clamp_max;
} qc_conv2d_f32_epilogue;

/* qc_conv2d_f32 with an explicit GEMM variant: tests and benchmarks force
 * each one. The depthwise path uses no GEMM and ignores `tiles`. */
void qc_conv2d_f32_with_tiles(const qc_conv2d_f32_desc *desc, const float *input,
                              const float *weights, const float *bias, float *output,
                              float *scratch, qc_conv2d_f32_epilogue epilogue,
                              const qc_gemm_f32_tiles *tiles);

/* True when the convolution takes the depthwise path. */
int qc_conv2d_f32_is_depthwise(const qc_conv2d_f32_desc *desc);

/* Output pixels per im2col chunk (a multiple of QC_GEMM_F32_NR), chosen so a
 * packed chunk stays in L2. */
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

/* The depthwise convolution: every (image, channel) plane on its own, spread
 * over the thread pool. Needs no scratch. */
void qc_conv2d_f32_depthwise(const qc_conv2d_f32_desc *desc, const float *input,
                             const float *weights, const float *bias, float *output,
                             qc_conv2d_f32_epilogue epilogue);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_CONV2D_F32_H */
