/*===- conv2d_f32_depthwise_neon.c - depthwise kernel, AArch64 NEON -------===*
 *
 * The depthwise kernel (conv2d_f32_depthwise_kernel.h) on 4-float q
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

/* trn pairs the rows' even and odd lanes, then the halves are recombined. */
static inline void vecTranspose(Vec v[4]) {
  const float32x4x2_t a = vtrnq_f32(v[0], v[1]), b = vtrnq_f32(v[2], v[3]);
  v[0] = vcombine_f32(vget_low_f32(a.val[0]), vget_low_f32(b.val[0]));
  v[1] = vcombine_f32(vget_low_f32(a.val[1]), vget_low_f32(b.val[1]));
  v[2] = vcombine_f32(vget_high_f32(a.val[0]), vget_high_f32(b.val[0]));
  v[3] = vcombine_f32(vget_high_f32(a.val[1]), vget_high_f32(b.val[1]));
}

#include "conv2d_f32_depthwise_kernel.h"

const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_neon = {
    .name = "neon",
    .required_features = QC_CPU_ARM64_NEON,
    .planes = convolvePlanes,
    .strip_columns = stripColumns,
};
