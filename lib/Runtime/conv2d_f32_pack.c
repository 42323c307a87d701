/*===- conv2d_f32_pack.c - the packed convolution weights of KernelABI.h --===*
 *
 * Runs at compile time (the compiler packs constant weights) as well as at
 * run time (weights the graph computes), so it is plain C with no
 * ISA-specific code, and the layout depends on nothing but the descriptor.
 *
 * The im2col path computes, per group, C[P x OCg] = im2col[P x K] * W_g^T:
 * the weights are the GEMM's B operand, in its packed-B layout (panels of 16
 * output channels, K rows each), which every micro-kernel variant reads.
 * K is ordered tap-major, k = (kh * kernel_width + kw) * ICg + ic, so that
 * the im2col packer copies one tap of all input channels with the same
 * bounds (conv2d_f32_im2col.c).
 *===----------------------------------------------------------------------===*/

#include "conv2d_f32.h"

#include <string.h>

enum { NR = QC_GEMM_F32_NR };

int64_t qc_conv2d_f32_packed_weights_size(const qc_conv2d_f32_desc *d) {
  if (!qc_conv2d_f32_is_valid(d))
    return 0;
  const int64_t taps = d->kernel_height * d->kernel_width;
  if (qc_conv2d_f32_is_depthwise(d))
    return d->out_channels * taps;
  const int64_t k = d->in_channels / d->groups * taps;
  return d->groups * qc_gemm_f32_packed_b_size(k, d->out_channels / d->groups);
}

void qc_conv2d_f32_pack_weights(const qc_conv2d_f32_desc *d, const float *weights,
                                float *packed) {
  if (!qc_conv2d_f32_is_valid(d))
    return;
  const int64_t taps = d->kernel_height * d->kernel_width;
  if (qc_conv2d_f32_is_depthwise(d)) { /* the depthwise kernel reads ONNX's [C][kh][kw] */
    if (d->out_channels * taps > 0)
      memcpy(packed, weights, (size_t)(d->out_channels * taps) * sizeof(float));
    return;
  }
  const int64_t inPerGroup = d->in_channels / d->groups;
  const int64_t outPerGroup = d->out_channels / d->groups;
  const int64_t k = inPerGroup * taps;
  const int64_t panels = (outPerGroup + NR - 1) / NR;
  for (int64_t g = 0; g < d->groups; ++g) {
    for (int64_t panel = 0; panel < panels; ++panel) {
      float *out = packed + (g * panels + panel) * k * NR;
      for (int64_t tap = 0; tap < taps; ++tap) {
        for (int64_t ic = 0; ic < inPerGroup; ++ic, out += NR) {
          for (int64_t j = 0; j < NR; ++j) {
            const int64_t oc = panel * NR + j; /* within the group */
            out[j] = oc < outPerGroup
                         ? weights[((g * outPerGroup + oc) * inPerGroup + ic) * taps + tap]
                         : 0.0f;
          }
        }
      }
    }
  }
}
