/*===- conv2d_f32_depthwise_avx2.c - depthwise plane kernel, AVX2 + FMA ---===*
 *
 * The same loops as generic/conv2d_f32_depthwise.c, built with -mavx2 -mfma:
 * 8 output columns per vector and fused multiply-adds.
 *===----------------------------------------------------------------------===*/

#include "conv2d_f32_depthwise_plane.h"

const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_avx2 = {
    .name = "avx2",
    .required_features = QC_CPU_X86_AVX2 | QC_CPU_X86_FMA,
    .plane = convolvePlane,
};
