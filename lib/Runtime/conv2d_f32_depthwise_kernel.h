/*===- conv2d_f32_depthwise_kernel.h - depthwise kernel: path per plane ---===*
 *
 * Runtime-internal. Included by each depthwise variant file after its
 * vector primitives (conv2d_f32_depthwise_plane.h and _channels.h list
 * them); defines convolvePlanes, the variant's qc_conv2d_f32_planes_fn, and
 * stripColumns. Planes whose padded input fits the pixel buffer go LANES
 * channels at a time (conv2d_f32_depthwise_channels.h), as long as a run of
 * planes has LANES channels of one image; the others one by one along their
 * rows (conv2d_f32_depthwise_plane.h). Both give the same bits, so where a
 * task's run of planes starts and ends changes nothing in the results.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_KERNEL_H
#define QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_KERNEL_H

#include "conv2d_f32_depthwise_channels.h"
#include "conv2d_f32_depthwise_plane.h"

static void convolvePlanes(const qc_conv2d_f32_desc *d, const float *input, const float *weights,
                           const float *bias, float *output, qc_conv2d_f32_epilogue epilogue,
                           int64_t first, int64_t count) {
  if (!channelBlocksFit(d)) {
    convolvePlaneRows(d, input, weights, bias, output, epilogue, first, count);
    return;
  }
  const Clamp clamp = clampOf(epilogue);
  const int64_t channels = d->out_channels;
  for (int64_t plane = first; plane < first + count;) {
    /* The run of the range's planes in this plane's image. */
    const int64_t n = plane / channels, c0 = plane % channels;
    const int64_t c1 = minInt(channels, c0 + first + count - plane);
    if (c1 - c0 >= LANES)
      convolveChannelBlocks(d, input, weights, bias, output, clamp, n, c0, c1);
    else
      convolvePlaneRows(d, input, weights, bias, output, epilogue, plane, c1 - c0);
    plane += c1 - c0;
  }
}

#endif /* QUANTC_RUNTIME_CONV2D_F32_DEPTHWISE_KERNEL_H */
