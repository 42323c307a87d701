/*===- conv2d_f32_depthwise.c - depthwise plane kernel, baseline ISA ------===*
 *
 * The depthwise kernel built with the target's baseline only (SSE2 on
 * x86-64, NEON on AArch64, where it is the only variant).
 *===----------------------------------------------------------------------===*/

#include "conv2d_f32_depthwise_plane.h"

const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_generic = {
    .name = "generic",
    .required_features = 0,
    .plane = convolvePlane,
};
