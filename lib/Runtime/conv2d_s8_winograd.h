/*===- conv2d_s8_winograd.h - the Winograd int8 convolution's pieces ------===*
 *
 * Runtime-internal (not ABI). qc_conv2d_s8_winograd (KernelABI.h,
 * conv2d_s8_winograd.c) runs, per image:
 *   1. the input transform, one task per row of 2 x 2 output tiles: V_p =
 *      (B^T d B)_p of every tile and input channel, for the 16 positions p,
 *      written as int16 micro-panels of QC_WINOGRAD_MR tiles (k = input
 *      channel, in groups of QC_WINOGRAD_KA) into the scratch;
 *   2. one task per block of tiles and panel of 16 output channels: the 16
 *      products M_p = V_p U_p by the variant's micro-kernel below, then the
 *      output transform A^T M A / 4, the requantization (the GEMM variant's
 *      requantizer, so the same bits) and the stores to NCHW.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_S8_WINOGRAD_H
#define QUANTC_RUNTIME_CONV2D_S8_WINOGRAD_H

#include "conv2d_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Tiles (rows of A) per micro-panel, for every variant: the scratch layout
 * depends on it. */
#define QC_WINOGRAD_MR 6
/* Input channels per group of A (two of the micro-kernels' groups of 4).
 * The input transform works on 16 channels at a time, so the depth is a
 * multiple of 16. */
#define QC_WINOGRAD_KA 8
#define QC_WINOGRAD_CHANNEL_BLOCK 16
/* The 16 transform positions of a 4 x 4 patch. */
#define QC_WINOGRAD_POSITIONS 16

/* The tiling every phase shares, for one image. */
typedef struct qc_winograd_geometry {
  int64_t tile_rows, tile_cols, tiles, padded_tiles; /* 2 x 2 output tiles */
  int64_t depth;                                     /* in_channels rounded up to 16 */
  int64_t panels;                                    /* of QC_GEMM_S8_NR output channels */
} qc_winograd_geometry;

/* Phase 1's arguments: the image whose tiles are transformed into `v`,
 * per position p the micro-panels of QC_WINOGRAD_MR tiles, element (tile,
 * k) at v[p * padded_tiles * depth + tile / MR * MR * depth +
 * ((k / KA) * MR + tile % MR) * KA + k % KA]. */
typedef struct qc_winograd_input {
  const qc_conv2d_desc *desc;
  qc_winograd_geometry g;
  const uint8_t *image; /* channel 0 */
  uint8_t flip;         /* 0x80 for uint8 codes: the kernels see a - 128 */
  uint8_t pad_code;     /* the input zero point */
  int16_t *v;
} qc_winograd_input;

/* Transforms the tiles of tile row `tile_row` (conv2d_s8_winograd_transform.h,
 * built with each variant's ISA flags). */
typedef void (*qc_winograd_transform_fn)(const qc_winograd_input *in, int64_t tile_row);

/* c (rows x NR int32, row stride ldc) = rows [0, rows) of a_packed * b,
 * exactly modulo 2^32 (1 <= rows <= MR: the last micro-panel of an image
 * may be partial, and its missing rows are not computed):
 *   kc:       the depth, a multiple of KA;
 *   a_packed: one micro-panel of int16, element (r, k) at
 *             a[((k / KA) * MR + r) * KA + k % KA];
 *   b:        int16, element (k, j) at b[((k / KR) * NR + j) * KR + k % KR]
 *             (the packed-B order of KernelABI.h). */
typedef void (*qc_winograd_tile_fn)(int64_t kc, const int16_t *a_packed, const int16_t *b,
                                    int32_t *c, int64_t ldc, int rows);

typedef struct qc_conv2d_s8_winograd_kernel {
  const char *name;
  uint64_t required_features;
  qc_winograd_transform_fn transform_row;
  qc_winograd_tile_fn tile;
} qc_conv2d_s8_winograd_kernel;

extern const qc_conv2d_s8_winograd_kernel qc_conv2d_s8_winograd_generic;
#if defined(__x86_64__)
extern const qc_conv2d_s8_winograd_kernel qc_conv2d_s8_winograd_avx2;
#endif

/* Every variant built for this target, fastest first. */
const qc_conv2d_s8_winograd_kernel *const *qc_conv2d_s8_winograd_all(size_t *count);

/* qc_conv2d_s8_winograd with explicit variants: tests and benchmarks force
 * each one. `requantizer` supplies the epilogue (its requantize function). */
void qc_conv2d_s8_winograd_with_kernels(const qc_conv2d_desc *desc, const void *input,
                                        const void *packed_weights,
                                        const qc_conv2d_s8_params *params, void *output,
                                        void *scratch,
                                        const qc_conv2d_s8_winograd_kernel *kernel,
                                        const qc_gemm_s8_tiles *requantizer);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_CONV2D_S8_WINOGRAD_H */
