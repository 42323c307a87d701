/*===- conv2d_s8_depthwise_avx2.c - int8 depthwise kernel, AVX2 -----------===*
 *
 * conv2d_s8_depthwise_kernel.h built with -mavx2 (8 int32 sums per vector),
 * with the AVX2 GEMM's requantizer.
 *===----------------------------------------------------------------------===*/

#define REQUANTIZE qc_gemm_s8_tiles_avx2.requantize
#include "conv2d_s8_depthwise_kernel.h"

const qc_conv2d_s8_depthwise_kernel qc_conv2d_s8_depthwise_avx2 = {
    .name = "avx2",
    .required_features = QC_CPU_X86_AVX2,
    .planes = convolvePlanes,
};
