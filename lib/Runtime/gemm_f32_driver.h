/*===- gemm_f32_driver.h - the float GEMM driver's internal entry ---------===*
 *
 * Runtime-internal (not ABI). qc_gemm_f32 (KernelABI.h) is one use of the
 * driver; the convolution (conv2d_f32.c) is the other, and needs two things
 * the public parameters do not carry:
 *   - A packed by a callback, block by block, instead of read from a row-major
 *     matrix: the convolution's A is the im2col matrix of its input, which is
 *     never materialized;
 *   - C handed over tile by tile instead of stored row-major: the
 *     convolution's C is [pixel][output channel], its output NCHW is the
 *     transpose.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_GEMM_F32_DRIVER_H
#define QUANTC_RUNTIME_GEMM_F32_DRIVER_H

#include "gemm_f32_tiles.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes rows [first_row, first_row + rows) x columns [k0, k0 + depth) of A
 * in the layout of qc_gemm_f32_pack_a for that block: micro-panels of mr rows,
 * each k-major (row r, column k0 + k of micro-panel q at
 * packed[q * mr * depth + k * mr + r]), rows past `rows` zero. Called from
 * any thread of the pool; must only write `packed`. */
typedef void (*qc_gemm_f32_a_packer)(const void *context, int64_t first_row, int64_t rows,
                                     int64_t k0, int64_t depth, int mr, float *packed);

/* Receives the finished tile of C rows [first_row, first_row + rows) x columns
 * [first_column, first_column + columns) (rows <= MR, columns <= NR), biases and
 * epilogue applied: element (i, j) at tile[i * ldt + j]. Called once per tile,
 * from any thread of the pool, right after its last KC slice. */
typedef void (*qc_gemm_f32_tile_sink)(const void *context, const float *tile, int64_t ldt,
                                      int64_t first_row, int64_t rows, int64_t first_column,
                                      int64_t columns);

/* C[M x N] = epilogue(A[M x K] * B[K x N] + column_bias[N]). */
typedef struct qc_gemm_f32_problem {
  int64_t m, n, k;
  const float *a; /* row-major, lda >= K: packed block by block on the stack */
  int64_t lda;
  qc_gemm_f32_a_packer pack_a; /* or, if not NULL, A packed by this callback */
  const void *pack_a_context;  /* (a and lda unused) */
  const float *packed_b;       /* qc_gemm_f32_pack_b layout */
  const float *column_bias;    /* N floats or NULL */
  float *c;                    /* row-major, ldc >= N */
  int64_t ldc;
  qc_gemm_f32_tile_sink sink;  /* if not NULL, finished tiles go to the sink: C */
  const void *sink_context;    /* only holds partial sums between KC slices, and is
                                  not used (may be NULL) when K <= the variant's kc */
  int32_t epilogue;
  float clamp_min, clamp_max;
} qc_gemm_f32_problem;

/* Floats qc_gemm_f32_pack_a writes for an M x K A: M rounded up to mr, times K. */
int64_t qc_gemm_f32_packed_a_size(int64_t m, int64_t k, int mr);

/* Packs A (M x K, row-major, stride lda) into micro-panels of mr rows, one
 * after the other; micro-panel p holds rows [p * mr, p * mr + mr) k-major,
 * element (p * mr + r, k) at packed[p * mr * K + k * mr + r], and rows past M
 * are zero. This is the layout the micro-kernels read. */
void qc_gemm_f32_pack_a(const float *a, int64_t lda, int64_t m, int64_t k, int mr,
                        float *packed);

/* Computes the problem with `tiles`, split over the thread pool when it is
 * large enough. The split is over output tiles only (MC-row blocks x groups
 * of NR-column panels), never over K, so every C element sees the same
 * operations in the same order whatever the thread count: results are
 * bit-identical. Each task packs its own A block on its own stack. */
void qc_gemm_f32_run(const qc_gemm_f32_problem *problem, const qc_gemm_f32_tiles *tiles);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_GEMM_F32_DRIVER_H */
