/*===- conv2d_f32_depthwise.c - depthwise convolution: variants, tasks ----===*
 *
 * One input channel per output channel: each (image, channel) plane is an
 * independent 2-D filter and one task of the thread pool. The plane kernel
 * is compiled once per ISA (conv2d_f32_depthwise_plane.h); this file picks
 * the variant and spreads the planes.
 *===----------------------------------------------------------------------===*/

#include "conv2d_f32.h"

#include "threadpool.h"

/* Fastest first: selection takes the first whose features the CPU has. */
static const qc_conv2d_f32_depthwise_kernel *const allKernels[] = {
#if defined(__x86_64__)
    &qc_conv2d_f32_depthwise_avx2,
#endif
    &qc_conv2d_f32_depthwise_generic,
};

const qc_conv2d_f32_depthwise_kernel *const *qc_conv2d_f32_depthwise_all(size_t *count) {
  *count = sizeof(allKernels) / sizeof(allKernels[0]);
  return allKernels;
}

const qc_conv2d_f32_depthwise_kernel *qc_conv2d_f32_depthwise_select(uint64_t features) {
  size_t count;
  const qc_conv2d_f32_depthwise_kernel *const *kernels = qc_conv2d_f32_depthwise_all(&count);
  for (size_t i = 0; i < count; ++i)
    if ((kernels[i]->required_features & features) == kernels[i]->required_features)
      return kernels[i];
  return &qc_conv2d_f32_depthwise_generic;
}

typedef struct DepthwiseTasks {
  const qc_conv2d_f32_desc *desc;
  const float *input, *weights, *bias;
  float *output;
  qc_conv2d_f32_epilogue epilogue;
  qc_conv2d_f32_plane_fn plane;
} DepthwiseTasks;

/* Task = one (image, channel) plane, image-major. */
static void convolvePlaneTask(void *context, size_t task) {
  const DepthwiseTasks *t = (const DepthwiseTasks *)context;
  const qc_conv2d_f32_desc *d = t->desc;
  const int64_t channel = (int64_t)task % d->out_channels;
  t->plane(d, t->input + (int64_t)task * d->in_height * d->in_width,
           t->weights + channel * d->kernel_height * d->kernel_width,
           t->bias ? t->bias[channel] : 0.0f,
           t->output + (int64_t)task * d->out_height * d->out_width, t->epilogue);
}

void qc_conv2d_f32_depthwise(const qc_conv2d_f32_desc *desc, const float *input,
                             const float *weights, const float *bias, float *output,
                             qc_conv2d_f32_epilogue epilogue,
                             const qc_conv2d_f32_depthwise_kernel *kernel) {
  DepthwiseTasks t = {desc, input, weights, bias, output, epilogue, kernel->plane};
  qc_parallel_for((size_t)(desc->batch * desc->out_channels), convolvePlaneTask, &t);
}
