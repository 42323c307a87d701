/*===- conv2d_f32_depthwise_avx2.c - depthwise kernel, AVX2 + FMA ---------===*
 *
 * The depthwise plane kernel (conv2d_f32_depthwise_plane.h) on 8-float ymm
 * vectors, built with -mavx2 -mfma. vmaxps / vminps return their second
 * operand when either is NaN, which is exactly `x > lo ? x : lo`.
 *===----------------------------------------------------------------------===*/

#include <immintrin.h>

#define LANES 8
typedef __m256 Vec;

static inline Vec vecLoad(const float *p) { return _mm256_loadu_ps(p); }
static inline void vecStore(float *p, Vec v) { _mm256_storeu_ps(p, v); }
static inline Vec vecSplat(float x) { return _mm256_set1_ps(x); }
static inline Vec vecFma(Vec acc, Vec a, Vec b) { return _mm256_fmadd_ps(a, b, acc); }
static inline Vec vecMax(Vec x, Vec lo) { return _mm256_max_ps(x, lo); }
static inline Vec vecMin(Vec x, Vec hi) { return _mm256_min_ps(x, hi); }

/* vshufps picks the even (odd) floats of each 128-bit half of the two loads,
 * giving a0 a2 b0 b2 | a4 a6 b4 b6; vpermpd puts the 64-bit pairs in order. */
static inline void vecDeinterleave(const float *p, float *even, float *odd) {
  const __m256 a = _mm256_loadu_ps(p), b = _mm256_loadu_ps(p + 8);
  const __m256 e = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
  const __m256 o = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
  _mm256_storeu_ps(even, _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(e),
                                                                _MM_SHUFFLE(3, 1, 2, 0))));
  _mm256_storeu_ps(odd, _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(o),
                                                               _MM_SHUFFLE(3, 1, 2, 0))));
}

#include "conv2d_f32_depthwise_plane.h"

const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_avx2 = {
    .name = "avx2",
    .required_features = QC_CPU_X86_AVX2 | QC_CPU_X86_FMA,
    .planes = convolvePlanes,
    .strip_columns = stripColumns,
};
