/*===- conv2d_s8.h - the int8 convolution's internal pieces ---------------===*
 *
 * Runtime-internal (not ABI). qc_conv2d_s8 (KernelABI.h, conv2d_s8.c) is the
 * float convolution's design (conv2d_f32.h) on 8-bit codes, and shares its
 * geometry helpers (validity, the padded-copy layout, the 1x1 direct read):
 *   - depthwise descriptors: a direct kernel per (image, channel) plane,
 *     built per ISA (conv2d_s8_depthwise_kernel.h);
 *   - the rest: per group, the int8 GEMM (gemm_s8_driver.h) of the im2col
 *     matrix, packed by conv2d_s8_im2col.c straight into the micro-panels,
 *     from a copy of the input padded with the input zero point; or, when K
 *     fits one slice and the images are large, its transpose, weights x
 *     im2col^T, the output channels as rows (conv2d_s8_channel_rows.c).
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_S8_H
#define QUANTC_RUNTIME_CONV2D_S8_H

#include "conv2d_f32.h"
#include "gemm_s8_driver.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Everything of a qc_conv2d_s8 call but the descriptor and the buffers. */
typedef struct qc_conv2d_s8_params {
  int32_t input_zero_point;
  const int32_t *bias, *multiplier, *shift;
  int32_t per_channel, output_zero_point, clamp_min, clamp_max, flags;
} qc_conv2d_s8_params;

/* The im2col matrix of one group as the int8 GEMM's A (as
 * qc_conv2d_f32_im2col, on codes): row i is output pixel first_pixel + i,
 * column k the tap k = (kh * kernel_width + kw) * ICg + ic. */
typedef struct qc_conv2d_s8_im2col {
  const qc_conv2d_desc *desc;
  int direct;           /* qc_conv2d_f32_reads_input_directly */
  uint8_t flip;         /* qc_gemm_s8_activation_flip of the codes for the variant */
  const uint8_t *input; /* direct: the group's first channel in image 0; otherwise
                           the padded copy of the group's channels of one band */
  qc_conv2d_f32_padded_layout padded; /* of that copy, in bytes */
  int64_t band_first_row;
  int64_t first_pixel;
} qc_conv2d_s8_im2col;

/* A qc_gemm_s8_a_packer over a qc_conv2d_s8_im2col (conv2d_s8_im2col.c). */
void qc_conv2d_s8_pack_im2col(const void *im2col, int64_t first_row, int64_t rows, int64_t k0,
                              int64_t depth, int mr, int wide, void *packed);

/* Columns [0, K) of rows [first_row, first_row + lanes) (lanes <= 16) of
 * the im2col matrix, k-major: k_major[k * 16 + i] = element (first_row + i,
 * k); lanes past `lanes` are 0. */
void qc_conv2d_s8_gather_columns(const qc_conv2d_s8_im2col *im2col, int64_t first_row,
                                 int64_t lanes, uint8_t *k_major);

/* The weights x im2col^T form (conv2d_s8_channel_rows.c): whether `tiles`
 * computes this convolution that way, and one call of it: output pixels
 * [0, rows) of im2col's rows (one image), every output channel of the
 * problem (one group: n, k, packed_b, bias, requantization and flags as the
 * GEMM's), into output (the group's first channel at the first pixel; plane
 * elements per channel). */
int qc_conv2d_s8_channel_rows_applies(const qc_conv2d_desc *desc, const qc_gemm_s8_tiles *tiles);
void qc_conv2d_s8_channel_rows(const qc_gemm_s8_problem *gemm, const qc_conv2d_s8_im2col *im2col,
                               int64_t rows, void *output, int64_t plane,
                               const qc_gemm_s8_tiles *tiles);

/* Planes [first, first + count) of a depthwise convolution, counted over
 * (image, channel) image-major. */
typedef void (*qc_conv2d_s8_planes_fn)(const qc_conv2d_desc *desc, const void *input,
                                       const int8_t *weights, const qc_conv2d_s8_params *params,
                                       void *output, int64_t first, int64_t count);

/* One build of the depthwise kernel (conv2d_s8_depthwise_kernel.h). */
typedef struct qc_conv2d_s8_depthwise_kernel {
  const char *name;
  uint64_t required_features;
  qc_conv2d_s8_planes_fn planes;
} qc_conv2d_s8_depthwise_kernel;

extern const qc_conv2d_s8_depthwise_kernel qc_conv2d_s8_depthwise_generic;
#if defined(__x86_64__)
extern const qc_conv2d_s8_depthwise_kernel qc_conv2d_s8_depthwise_avx2;
#elif defined(__aarch64__)
extern const qc_conv2d_s8_depthwise_kernel qc_conv2d_s8_depthwise_neon;
#endif

/* Every depthwise variant built for this target, fastest first. */
const qc_conv2d_s8_depthwise_kernel *const *qc_conv2d_s8_depthwise_all(size_t *count);

/* qc_conv2d_s8 with explicit variants: tests and benchmarks force each one. */
void qc_conv2d_s8_with_kernels(const qc_conv2d_desc *desc, const void *input,
                               const void *packed_weights, const qc_conv2d_s8_params *params,
                               void *output, void *scratch, const qc_gemm_s8_tiles *tiles,
                               const qc_conv2d_s8_depthwise_kernel *depthwise);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_CONV2D_S8_H */
