/*===- conv2d_f32_depthwise_avx2.c - depthwise kernel, AVX2 + FMA ---------===*
 *
 * The depthwise kernel (conv2d_f32_depthwise_kernel.h) on 8-float ymm
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

/* The usual 8x8 transpose: unpack pairs of rows, shuffle quarters, then
 * swap 128-bit halves. */
static inline void vecTranspose(Vec v[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(v[0], v[1]), t1 = _mm256_unpackhi_ps(v[0], v[1]);
  const __m256 t2 = _mm256_unpacklo_ps(v[2], v[3]), t3 = _mm256_unpackhi_ps(v[2], v[3]);
  const __m256 t4 = _mm256_unpacklo_ps(v[4], v[5]), t5 = _mm256_unpackhi_ps(v[4], v[5]);
  const __m256 t6 = _mm256_unpacklo_ps(v[6], v[7]), t7 = _mm256_unpackhi_ps(v[6], v[7]);
  const __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
  v[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
  v[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
  v[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
  v[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
  v[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
  v[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
  v[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
  v[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

#include "conv2d_f32_depthwise_kernel.h"

const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_avx2 = {
    .name = "avx2",
    .required_features = QC_CPU_X86_AVX2 | QC_CPU_X86_FMA,
    .planes = convolvePlanes,
    .strip_columns = stripColumns,
};
