/*===- conv2d_f32_depthwise_neon.c - depthwise kernel, AArch64 NEON -------===*
 *
 * The depthwise plane kernel (conv2d_f32_depthwise_plane.h) on 4-float q
 * registers. NEON is part of the AArch64 baseline: no flag needed. fmax
 * would return NaN for a NaN lane and fmaxnm would drop the sign of zero
 * differently from the other variants, so the clamp selects on a compare;
 * it runs once per stored vector. ld2 deinterleaves stride-2 rows.
 *===----------------------------------------------------------------------===*/

#include <arm_neon.h>

#define LANES 4
typedef float32x4_t Vec;

static inline Vec vecLoad(const float *p) { return vld1q_f32(p); }
static inline void vecStore(float *p, Vec v) { vst1q_f32(p, v); }
static inline Vec vecSplat(float x) { return vdupq_n_f32(x); }
static inline Vec vecFma(Vec acc, Vec a, Vec b) { return vfmaq_f32(acc, a, b); }
static inline Vec vecMax(Vec x, Vec lo) { return vbslq_f32(vcgtq_f32(x, lo), x, lo); }
static inline Vec vecMin(Vec x, Vec hi) { return vbslq_f32(vcltq_f32(x, hi), x, hi); }

static inline void vecDeinterleave(const float *p, float *even, float *odd) {
  const float32x4x2_t pairs = vld2q_f32(p);
  vst1q_f32(even, pairs.val[0]);
  vst1q_f32(odd, pairs.val[1]);
}

#include "conv2d_f32_depthwise_plane.h"

const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_neon = {
    .name = "neon",
    .required_features = QC_CPU_ARM64_NEON,
    .planes = convolvePlanes,
    .strip_columns = stripColumns,
};
