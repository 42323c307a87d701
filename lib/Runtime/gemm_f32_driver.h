/*===- gemm_f32_driver.h - the float GEMM driver's internal entry ---------===*
 *
 * Runtime-internal (not ABI). qc_gemm_f32 (KernelABI.h) is one use of the
 * driver; the convolution (conv2d_f32.c) is the other, and needs two things
 * the public parameters do not carry:
 *   - a bias per row of C (a convolution's output channel) instead of per
 *     column;
 *   - A packed once, ahead of the call (the convolution runs one GEMM per
 *     chunk of output pixels with the same weights: packing A for every
 *     chunk would cost about as much as a small chunk's product).
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_GEMM_F32_DRIVER_H
#define QUANTC_RUNTIME_GEMM_F32_DRIVER_H

#include "gemm_f32_tiles.h"

#ifdef __cplusplus
extern "C" {
#endif

/* C[M x N] = epilogue(A[M x K] * B[K x N] + column_bias[N] + row_bias[M]). */
typedef struct qc_gemm_f32_problem {
  int64_t m, n, k;
  const float *a;        /* row-major, lda >= K: packed block by block on the stack */
  int64_t lda;
  const float *packed_a; /* or, if not NULL, A already packed by qc_gemm_f32_pack_a
                            with the mr of the tiles used (a and lda unused) */
  const float *packed_b; /* qc_gemm_f32_pack_b layout */
  const float *column_bias; /* N floats or NULL */
  const float *row_bias;    /* M floats or NULL */
  float *c;
  int64_t ldc;
  int32_t epilogue;
  float clamp_min, clamp_max;
} qc_gemm_f32_problem;

/* Floats qc_gemm_f32_pack_a writes for an M x K A: M rounded up to mr, times K. */
int64_t qc_gemm_f32_packed_a_size(int64_t m, int64_t k, int mr);

/* Packs A (M x K, row-major, stride lda) into micro-panels of mr rows, one
 * after the other; micro-panel p holds rows [p * mr, p * mr + mr) k-major,
 * element (p * mr + r, k) at packed[p * mr * K + k * mr + r], and rows past M
 * are zero. This is the layout the micro-kernels read, so a KC-deep slice of
 * a micro-panel is contiguous whatever KC the variant uses. */
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
