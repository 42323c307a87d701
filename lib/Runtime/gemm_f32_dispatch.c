/*===- gemm_f32_dispatch.c - choose the micro-kernel from CPU features ----===*/

#include "gemm_f32_tiles.h"

/* Fastest first: selection takes the first whose features the CPU has. */
static const qc_gemm_f32_tiles *const allTiles[] = {
#if defined(__x86_64__)
    &qc_gemm_f32_tiles_avx512,
    &qc_gemm_f32_tiles_avx2,
#elif defined(__aarch64__)
    &qc_gemm_f32_tiles_neon,
#endif
    &qc_gemm_f32_tiles_generic,
};

const qc_gemm_f32_tiles *const *qc_gemm_f32_all_tiles(size_t *count) {
  *count = sizeof(allTiles) / sizeof(allTiles[0]);
  return allTiles;
}

const qc_gemm_f32_tiles *qc_gemm_f32_select_tiles(uint64_t features) {
  size_t count;
  const qc_gemm_f32_tiles *const *tiles = qc_gemm_f32_all_tiles(&count);
  for (size_t i = 0; i < count; ++i)
    if ((tiles[i]->required_features & features) == tiles[i]->required_features)
      return tiles[i];
  return &qc_gemm_f32_tiles_generic; /* unreachable: generic requires nothing */
}

void qc_gemm_f32(const qc_gemm_f32_params *params) {
  /* Both lookups are a handful of instructions (the features are cached),
   * nothing next to even the smallest GEMM. */
  qc_gemm_f32_with_tiles(params, qc_gemm_f32_select_tiles(qc_cpu_features()));
}

void qc_gemm_f32_call(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                      const float *packed_b, const float *bias, float *c, int64_t ldc,
                      int32_t epilogue, float clamp_min, float clamp_max) {
  const qc_gemm_f32_params params = {
      .m = m,
      .n = n,
      .k = k,
      .a = a,
      .lda = lda,
      .packed_b = packed_b,
      .bias = bias,
      .c = c,
      .ldc = ldc,
      .epilogue = epilogue,
      .clamp_min = clamp_min,
      .clamp_max = clamp_max,
  };
  qc_gemm_f32(&params);
}
