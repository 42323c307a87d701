/*===- gemm_s8_dispatch.c - choose the int8 micro-kernel ------------------===*
 *
 * The table has a slot for every x86-64 integer extension quantc knows
 * (KernelABI.h: AVX512-VNNI vpdpbusd, AVX-VNNI, AMX-INT8): their kernels
 * take the same packed B and the same A micro-panels, and go first in the
 * list once they exist and have been run on hardware that has them.
 *
 * A variant that is exact only on some weights (exact_for_b) is selected as
 * any other; qc_gemm_s8_with_tiles and the convolution then check the packed
 * weights of each call, unless the caller vouches for them
 * (QC_INT8_B_PAIRS_FIT), and run its fallback when they fail.
 *===----------------------------------------------------------------------===*/

#include "gemm_s8_tiles.h"

/* Fastest first: selection takes the first whose features the CPU has. */
static const qc_gemm_s8_tiles *const allTiles[] = {
#if defined(__x86_64__)
    &qc_gemm_s8_tiles_avx2_maddubs, /* exact on some weights only, else avx2 */
    &qc_gemm_s8_tiles_avx2,
#elif defined(__aarch64__)
    &qc_gemm_s8_tiles_i8mm,
    &qc_gemm_s8_tiles_dotprod,
    &qc_gemm_s8_tiles_neon,
#endif
    &qc_gemm_s8_tiles_generic,
};

const qc_gemm_s8_tiles *const *qc_gemm_s8_all_tiles(size_t *count) {
  *count = sizeof(allTiles) / sizeof(allTiles[0]);
  return allTiles;
}

const qc_gemm_s8_tiles *qc_gemm_s8_select_tiles(uint64_t features) {
  size_t count;
  const qc_gemm_s8_tiles *const *tiles = qc_gemm_s8_all_tiles(&count);
  for (size_t i = 0; i < count; ++i)
    if ((tiles[i]->required_features & features) == tiles[i]->required_features)
      return tiles[i];
  return &qc_gemm_s8_tiles_generic; /* unreachable: generic requires nothing */
}

const qc_gemm_s8_tiles *qc_gemm_s8_tiles_for_b(const qc_gemm_s8_tiles *tiles,
                                               const void *packed_b, int64_t k, int64_t n,
                                               int32_t flags) {
  if (flags & QC_INT8_B_PAIRS_FIT) /* what exact_for_b would find (gemm_s8_tiles.h) */
    return tiles;
  while (tiles->exact_for_b && !tiles->exact_for_b(packed_b, k, n))
    tiles = tiles->fallback;
  return tiles;
}

void qc_gemm_s8(int64_t m, int64_t n, int64_t k, const void *a, int64_t lda,
                const void *packed_b, const int32_t *bias, const int32_t *multiplier,
                const int32_t *shift, int32_t per_channel, int32_t output_zero_point,
                int32_t clamp_min, int32_t clamp_max, int32_t flags, void *c, int64_t ldc) {
  qc_gemm_s8_with_tiles(m, n, k, a, lda, packed_b, bias, multiplier, shift, per_channel,
                        output_zero_point, clamp_min, clamp_max, flags, c, ldc,
                        qc_gemm_s8_select_tiles(qc_cpu_features()));
}
