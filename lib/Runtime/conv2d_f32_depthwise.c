/*===- conv2d_f32_depthwise.c - direct depthwise convolution --------------===*
 *
 * One input channel per output channel: each (image, channel) plane is an
 * independent 2-D filter, and a task of the thread pool. An output row is
 * computed in three parts: the columns whose taps can fall in the left or
 * right padding (a few at each end) with bounds checks, and the interior
 * without any, written so the compiler vectorizes it over output columns.
 * For 3x3 kernels with stride 1 or 2 and no dilation (MobileNet's), the
 * interior keeps the nine products of a pixel in registers; other shapes
 * accumulate tap by tap into the output row.
 *===----------------------------------------------------------------------===*/

#include "conv2d_f32.h"

#include "threadpool.h"

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t maxInt(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/* o[j] = bias + the 3x3 taps of output column j, whose input columns start at
 * j * stride in rows r0, r1, r2. `stride` is a constant at each call site
 * once inlined, so the loop vectorizes with plain or interleaved loads. */
static inline __attribute__((always_inline)) void
interior3x3(float *restrict o, const float *restrict r0, const float *restrict r1,
            const float *restrict r2, const float *restrict w, float bias, int64_t count,
            int64_t stride) {
  for (int64_t j = 0; j < count; ++j) {
    const int64_t c = j * stride;
    float acc = bias;
    acc += w[0] * r0[c] + w[1] * r0[c + 1] + w[2] * r0[c + 2];
    acc += w[3] * r1[c] + w[4] * r1[c + 1] + w[5] * r1[c + 2];
    acc += w[6] * r2[c] + w[7] * r2[c + 1] + w[8] * r2[c + 2];
    o[j] = acc;
  }
}

/* Output column ow of row oh, every tap checked against the image. */
static float borderPixel(const qc_conv2d_f32_desc *d, const float *in, const float *w,
                         float bias, int64_t oh, int64_t ow) {
  float acc = bias;
  for (int64_t kh = 0; kh < d->kernel_height; ++kh) {
    const int64_t ih = oh * d->stride_h + kh * d->dilation_h - d->pad_top;
    if (ih < 0 || ih >= d->in_height)
      continue;
    for (int64_t kw = 0; kw < d->kernel_width; ++kw) {
      const int64_t iw = ow * d->stride_w + kw * d->dilation_w - d->pad_left;
      if (iw >= 0 && iw < d->in_width)
        acc += w[kh * d->kernel_width + kw] * in[ih * d->in_width + iw];
    }
  }
  return acc;
}

/* Interior columns [owBegin, owEnd) of row oh, taps accumulated one by one
 * into the output row (rows outside the image are skipped). */
static void interiorGeneric(const qc_conv2d_f32_desc *d, const float *in, const float *w,
                            float bias, int64_t oh, int64_t owBegin, int64_t owEnd, float *o) {
  for (int64_t ow = owBegin; ow < owEnd; ++ow)
    o[ow] = bias;
  for (int64_t kh = 0; kh < d->kernel_height; ++kh) {
    const int64_t ih = oh * d->stride_h + kh * d->dilation_h - d->pad_top;
    if (ih < 0 || ih >= d->in_height)
      continue;
    for (int64_t kw = 0; kw < d->kernel_width; ++kw) {
      const float tap = w[kh * d->kernel_width + kw];
      const float *row = in + ih * d->in_width;
      const int64_t stride = d->stride_w, offset = kw * d->dilation_w - d->pad_left;
      for (int64_t ow = owBegin; ow < owEnd; ++ow)
        o[ow] += tap * row[ow * stride + offset];
    }
  }
}

static void applyEpilogue(float *o, int64_t count, qc_conv2d_f32_epilogue e) {
  if (e.kind != QC_EPILOGUE_RELU && e.kind != QC_EPILOGUE_CLAMP)
    return;
  const float lo = e.kind == QC_EPILOGUE_CLAMP ? e.clamp_min : 0.0f;
  for (int64_t j = 0; j < count; ++j)
    o[j] = o[j] > lo ? o[j] : lo;
  if (e.kind == QC_EPILOGUE_CLAMP)
    for (int64_t j = 0; j < count; ++j)
      o[j] = o[j] < e.clamp_max ? o[j] : e.clamp_max;
}

static void convolvePlane(const qc_conv2d_f32_desc *d, const float *in, const float *w,
                          float bias, float *out, qc_conv2d_f32_epilogue epilogue) {
  /* Interior columns: every tap's input column inside [0, in_width). */
  const int64_t kwSpan = (d->kernel_width - 1) * d->dilation_w;
  const int64_t owBegin = minInt(ceilDiv(d->pad_left, d->stride_w), d->out_width);
  const int64_t lastInside = d->in_width - 1 - kwSpan + d->pad_left;
  const int64_t owEnd =
      lastInside < 0 ? owBegin : maxInt(owBegin, minInt(lastInside / d->stride_w + 1, d->out_width));
  const int fast3x3 = d->kernel_height == 3 && d->kernel_width == 3 && d->dilation_h == 1 &&
                      d->dilation_w == 1 && (d->stride_w == 1 || d->stride_w == 2);
  for (int64_t oh = 0; oh < d->out_height; ++oh) {
    float *o = out + oh * d->out_width;
    for (int64_t ow = 0; ow < owBegin; ++ow)
      o[ow] = borderPixel(d, in, w, bias, oh, ow);
    const int64_t ih0 = oh * d->stride_h - d->pad_top;
    if (fast3x3 && ih0 >= 0 && ih0 + 2 < d->in_height) {
      const float *r0 = in + ih0 * d->in_width + owBegin * d->stride_w - d->pad_left;
      const float *r1 = r0 + d->in_width, *r2 = r1 + d->in_width;
      if (d->stride_w == 1)
        interior3x3(o + owBegin, r0, r1, r2, w, bias, owEnd - owBegin, 1);
      else
        interior3x3(o + owBegin, r0, r1, r2, w, bias, owEnd - owBegin, 2);
    } else {
      interiorGeneric(d, in, w, bias, oh, owBegin, owEnd, o);
    }
    for (int64_t ow = owEnd; ow < d->out_width; ++ow)
      o[ow] = borderPixel(d, in, w, bias, oh, ow);
    applyEpilogue(o, d->out_width, epilogue);
  }
}

typedef struct DepthwiseTasks {
  const qc_conv2d_f32_desc *desc;
  const float *input, *weights, *bias;
  float *output;
  qc_conv2d_f32_epilogue epilogue;
} DepthwiseTasks;

/* Task = one (image, channel) plane, image-major. */
static void convolvePlaneTask(void *context, size_t task) {
  const DepthwiseTasks *t = (const DepthwiseTasks *)context;
  const qc_conv2d_f32_desc *d = t->desc;
  const int64_t channel = (int64_t)task % d->out_channels;
  convolvePlane(d, t->input + (int64_t)task * d->in_height * d->in_width,
                t->weights + channel * d->kernel_height * d->kernel_width,
                t->bias ? t->bias[channel] : 0.0f,
                t->output + (int64_t)task * d->out_height * d->out_width, t->epilogue);
}

void qc_conv2d_f32_depthwise(const qc_conv2d_f32_desc *desc, const float *input,
                             const float *weights, const float *bias, float *output,
                             qc_conv2d_f32_epilogue epilogue) {
  DepthwiseTasks t = {desc, input, weights, bias, output, epilogue};
  qc_parallel_for((size_t)(desc->batch * desc->out_channels), convolvePlaneTask, &t);
}
