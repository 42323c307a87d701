/*===- conv2d_f32_depthwise.c - depthwise convolution: variants, tasks ----===*
 *
 * One input channel per output channel: each (image, channel) plane is an
 * independent 2-D filter. The kernel is compiled once per ISA
 * (conv2d_f32_depthwise_kernel.h); this file picks the variant and spreads
 * runs of consecutive planes over the thread pool.
 *===----------------------------------------------------------------------===*/

#include "conv2d_f32.h"

#include "threadpool.h"

/* Output pixels a task should have at least (about 10 us of work): a task
 * pays a call, the kernel's setup (zeroing its buffers' padding) and a trip
 * through the pool, which for one 7x7 plane (49 pixels, ~40 ns of work)
 * would cost more than the plane. */
#define TASK_PIXELS 32768
/* Below this many output pixels the convolution runs on the caller: waking
 * the pool's workers would cost more than they save. */
#define PARALLEL_PIXELS 16384
/* Tasks per thread when there are enough planes: some slack for threads
 * that start late (on a loaded machine, most of them). */
#define TASKS_PER_THREAD 4

/* Fastest first: selection takes the first whose features the CPU has. */
static const qc_conv2d_f32_depthwise_kernel *const allKernels[] = {
#if defined(__x86_64__)
    &qc_conv2d_f32_depthwise_avx2,
#elif defined(__aarch64__)
    &qc_conv2d_f32_depthwise_neon,
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
  qc_conv2d_f32_planes_fn planes;
  int64_t planeCount, planesPerTask;
} DepthwiseTasks;

static void runTask(void *context, size_t task) {
  const DepthwiseTasks *t = (const DepthwiseTasks *)context;
  const int64_t first = (int64_t)task * t->planesPerTask;
  const int64_t count = t->planeCount - first < t->planesPerTask ? t->planeCount - first
                                                                 : t->planesPerTask;
  t->planes(t->desc, t->input, t->weights, t->bias, t->output, t->epilogue, first, count);
}

void qc_conv2d_f32_depthwise(const qc_conv2d_f32_desc *desc, const float *input,
                             const float *weights, const float *bias, float *output,
                             qc_conv2d_f32_epilogue epilogue,
                             const qc_conv2d_f32_depthwise_kernel *kernel) {
  const int64_t planes = desc->batch * desc->out_channels;
  const int64_t pixels = desc->out_height * desc->out_width;
  /* At least TASK_PIXELS per task, but no fewer than TASKS_PER_THREAD tasks
   * per thread while a task has a plane to take; a multiple of 8 planes, so
   * that a kernel computing 4 or 8 channels at once rarely has a few left
   * over (it does them one by one, with the same results). A plane is never
   * split, so the thread count changes nothing in any plane's arithmetic. */
  const int64_t byWork = (TASK_PIXELS + pixels - 1) / pixels;
  const int64_t spread = (int64_t)qc_num_threads() * TASKS_PER_THREAD;
  const int64_t byThreads = (planes + spread - 1) / spread;
  const int64_t planesPerTask = planes * pixels < PARALLEL_PIXELS
                                    ? planes
                                    : ((byWork < byThreads ? byWork : byThreads) + 7) / 8 * 8;
  DepthwiseTasks t = {desc,    input,    weights, bias, output,
                      epilogue, kernel->planes, planes, planesPerTask};
  qc_parallel_for((size_t)((planes + planesPerTask - 1) / planesPerTask), runTask, &t);
}
