/*===- conv2d_s8_depthwise.c - int8 depthwise kernel, baseline ISA --------===*
 *
 * conv2d_s8_depthwise_kernel.h built with the target's baseline only (SSE2
 * on x86-64, NEON on AArch64), with the portable requantizer.
 *===----------------------------------------------------------------------===*/

#define REQUANTIZE qc_gemm_s8_requantize_scalar
#include "conv2d_s8_depthwise_kernel.h"

const qc_conv2d_s8_depthwise_kernel qc_conv2d_s8_depthwise_generic = {
    .name = "generic",
    .required_features = 0,
    .planes = convolvePlanes,
};
