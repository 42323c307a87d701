/*===- conv2d_f32_depthwise.c - depthwise kernel, portable C --------------===*
 *
 * The depthwise kernel (conv2d_f32_depthwise_kernel.h) on 4-float vector
 * values (GCC/Clang `vector_size`), built with the target's baseline
 * only: SSE2 on x86-64, NEON on AArch64, plain scalar code where there is no
 * SIMD. The fallback for CPUs without a dedicated variant.
 *===----------------------------------------------------------------------===*/

#include <stdint.h>
#include <string.h>

#define LANES 4
typedef float Vec __attribute__((vector_size(16)));
typedef int32_t Mask __attribute__((vector_size(16)));

static inline Vec vecLoad(const float *p) {
  Vec v;
  memcpy(&v, p, sizeof v);
  return v;
}
static inline void vecStore(float *p, Vec v) { memcpy(p, &v, sizeof v); }
static inline Vec vecSplat(float x) { return (Vec){x, x, x, x}; }
static inline Vec vecFma(Vec acc, Vec a, Vec b) { return acc + a * b; }

/* Selects with masks: `?:` on vectors is C++ only. */
static inline Vec vecMax(Vec x, Vec lo) {
  const Mask above = x > lo;
  return (Vec)(((Mask)x & above) | ((Mask)lo & ~above));
}
static inline Vec vecMin(Vec x, Vec hi) {
  const Mask below = x < hi;
  return (Vec)(((Mask)x & below) | ((Mask)hi & ~below));
}

/* Two loads and two shuffles where the compiler has __builtin_shufflevector
 * (Clang, GCC >= 12), element by element otherwise. */
static inline void vecDeinterleave(const float *p, float *even, float *odd) {
#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 12)
  const Vec a = vecLoad(p), b = vecLoad(p + LANES);
  vecStore(even, __builtin_shufflevector(a, b, 0, 2, 4, 6));
  vecStore(odd, __builtin_shufflevector(a, b, 1, 3, 5, 7));
#else
  for (int i = 0; i < LANES; ++i) {
    even[i] = p[2 * i];
    odd[i] = p[2 * i + 1];
  }
#endif
}

static inline void vecTranspose(Vec v[LANES]) {
  const Vec rows[LANES] = {v[0], v[1], v[2], v[3]};
  for (int i = 0; i < LANES; ++i)
    for (int j = 0; j < LANES; ++j)
      v[i][j] = rows[j][i];
}

#include "conv2d_f32_depthwise_kernel.h"

const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_generic = {
    .name = "generic",
    .required_features = 0,
    .planes = convolvePlanes,
    .strip_columns = stripColumns,
};
