/*===- conv2d_s8_depthwise_neon.c - int8 depthwise kernel, NEON -----------===*
 *
 * conv2d_s8_depthwise_kernel.h (NEON is AArch64's baseline: 4 int32 sums per
 * vector), with the NEON requantizer of gemm_s8_neon.c.
 *===----------------------------------------------------------------------===*/

#define REQUANTIZE qc_gemm_s8_requantize_neon
#include "conv2d_s8_depthwise_kernel.h"

const qc_conv2d_s8_depthwise_kernel qc_conv2d_s8_depthwise_neon = {
    .name = "neon",
    .required_features = QC_CPU_ARM64_NEON,
    .planes = convolvePlanes,
};
