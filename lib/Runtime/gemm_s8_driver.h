/*===- gemm_s8_driver.h - the int8 GEMM driver's internal entry -----------===*
 *
 * Runtime-internal (not ABI). As gemm_f32_driver.h for the float GEMM:
 * qc_gemm_s8 is one use of the driver, the int8 convolution the other, which
 * packs A from its input (im2col) and takes C tile by tile (to NCHW).
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_GEMM_S8_DRIVER_H
#define QUANTC_RUNTIME_GEMM_S8_DRIVER_H

#include "gemm_s8_tiles.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes rows [first_row, first_row + rows) x columns [k0, k0 + depth) of A
 * (depth a multiple of KR; columns past K read 0) as the micro-panels of mr
 * rows of gemm_s8_tiles.h, int16 when `wide`, each code xor the variant's
 * qc_gemm_s8_activation_flip (which the packer's context holds). Called
 * from any thread of the pool; must only write `packed`. */
typedef void (*qc_gemm_s8_a_packer)(const void *context, int64_t first_row, int64_t rows,
                                    int64_t k0, int64_t depth, int mr, int wide, void *packed);

/* Receives finished, requantized tiles: C rows [first_row, first_row + rows)
 * x columns [first_column, first_column + columns) (rows <=
 * QC_GEMM_S8_SINK_ROWS, columns <= NR), element (i, j) at tile[i * ldt + j]
 * (uint8, int8 or int32 by the problem's flags), with room for 8 rows past
 * the last. The driver hands over the consecutive tiles of a panel together,
 * up to QC_GEMM_S8_SINK_ROWS rows, so that the convolution's transposes to
 * NCHW cover 8 full rows. Called from any thread of the pool. */
#define QC_GEMM_S8_SINK_ROWS 48
typedef void (*qc_gemm_s8_tile_sink)(const void *context, const void *tile, int64_t ldt,
                                     int64_t first_row, int64_t rows, int64_t first_column,
                                     int64_t columns);

/* C[M x N] = requantize(A[M x K] * B + bias), the arguments of qc_gemm_s8. */
typedef struct qc_gemm_s8_problem {
  int64_t m, n, k;
  const void *a; /* row-major codes, lda >= K: packed block by block on the stack */
  int64_t lda;
  qc_gemm_s8_a_packer pack_a; /* or, if not NULL, A packed by this callback */
  const void *pack_a_context;
  const void *packed_b; /* qc_gemm_s8_pack_b layout */
  const int32_t *bias, *multiplier, *shift; /* as qc_gemm_s8 */
  int32_t per_channel, zero_point, clamp_min, clamp_max, flags;
  void *c; /* row-major, ldc >= N elements */
  int64_t ldc;
  qc_gemm_s8_tile_sink sink; /* if not NULL, finished tiles go to the sink, not to c */
  const void *sink_context;
} qc_gemm_s8_problem;

/* Lays out `depth` (a multiple of KR) columns of an mr-row micro-panel
 * given k-major, element (r, k) at k_major[k * mr + r] as a uint8 or int8
 * code, in the packed-A layout, each code xor `flip`
 * (qc_gemm_s8_activation_flip): the convolution gathers its im2col columns
 * that way (contiguous runs of pixels), then interleaves them. k_major may
 * be read up to 8 bytes past its last row. */
void qc_gemm_s8_interleave_a(const uint8_t *k_major, int64_t depth, int mr, int wide,
                             uint8_t flip, void *packed);

/* Computes the problem with `tiles`, split over the thread pool when it is
 * large enough, over output tiles only (MC-row blocks x groups of panels), so
 * every result is the same whatever the thread count. */
void qc_gemm_s8_run(const qc_gemm_s8_problem *problem, const qc_gemm_s8_tiles *tiles);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_GEMM_S8_DRIVER_H */
