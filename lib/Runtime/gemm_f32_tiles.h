/*===- gemm_f32_tiles.h - float GEMM micro-kernels and their table --------===*
 *
 * Runtime-internal (not ABI). The float GEMM splits into one driver that
 * blocks the problem for the caches and packs A (gemm_f32_driver.c), and one
 * micro-kernel per ISA that multiplies an MR x KC micro-panel of packed A by a
 * KC x NR panel of packed B (generic/, arch/<target>/). Each micro-kernel file
 * is compiled with its own ISA flags and exports one table saying what it
 * computes and what it needs, in the style of IREE's ukernel tile functions.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_GEMM_F32_TILES_H
#define QUANTC_RUNTIME_GEMM_F32_TILES_H

#include "quantc/Runtime/KernelABI.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Computes the full MR x NR tile c = (accumulate ? c : 0) + a_packed * b_panel.
 *   a_packed: kc steps of MR floats (row r of step k at a_packed[k * MR + r]);
 *   b_panel:  kc steps of NR floats, the packed-B layout of KernelABI.h;
 *   c:        MR rows of NR floats, row stride ldc.
 * The driver hands partial tiles to it through a full-size scratch tile, so
 * micro-kernels never see edges. */
typedef void (*qc_gemm_f32_tile_fn)(int64_t kc, const float *a_packed, const float *b_panel,
                                    float *c, int64_t ldc, int accumulate);

typedef struct qc_gemm_f32_tiles {
  const char *name;           /* "avx512", for tests and benchmarks */
  uint64_t required_features; /* QC_CPU_* bits the micro-kernel executes */
  int mr;                     /* rows of one micro-kernel tile (<= QC_GEMM_F32_MAX_MR) */
  int mc;                     /* rows of A packed at once: a multiple of mr, sized for L2 */
  int kc;                     /* depth of one block: a KC x NR B panel stays in L1 */
  qc_gemm_f32_tile_fn tile;
} qc_gemm_f32_tiles;

/* Bounds the driver's stack buffers: packed A (mc * kc floats) and one edge tile. */
#define QC_GEMM_F32_MAX_MR 16
#define QC_GEMM_F32_A_BLOCK_FLOATS (144 * 256)

/* Every variant's kc is at least this (a test checks it): the convolution
 * needs no scratch for partial sums when K fits one slice of any variant, and
 * its scratch size must not depend on the CPU. */
#define QC_GEMM_F32_MIN_KC 256

/* One table per micro-kernel file built for this target. */
extern const qc_gemm_f32_tiles qc_gemm_f32_tiles_generic;
#if defined(__x86_64__)
extern const qc_gemm_f32_tiles qc_gemm_f32_tiles_avx2;
extern const qc_gemm_f32_tiles qc_gemm_f32_tiles_avx512;
#elif defined(__aarch64__)
extern const qc_gemm_f32_tiles qc_gemm_f32_tiles_neon;
#endif

/* Every variant built for this target, fastest first; *count receives the length. */
const qc_gemm_f32_tiles *const *qc_gemm_f32_all_tiles(size_t *count);

/* The fastest variant whose required features are all in `features`. */
const qc_gemm_f32_tiles *qc_gemm_f32_select_tiles(uint64_t features);

/* qc_gemm_f32 with an explicit variant: tests and benchmarks force each one. */
void qc_gemm_f32_with_tiles(const qc_gemm_f32_params *params, const qc_gemm_f32_tiles *tiles);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_GEMM_F32_TILES_H */
