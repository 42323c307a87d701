/*===- conv2d_f32.h - the float convolution's internal pieces -------------===*
 *
 * Runtime-internal (not ABI). qc_conv2d_f32 (KernelABI.h, conv2d_f32.c)
 * routes each convolution to one of two algorithms:
 *   - depthwise (one input and one output channel per group): a direct
 *     kernel over channel planes, conv2d_f32_depthwise.c (the kernel, built
 *     per ISA: conv2d_f32_depthwise_kernel.h);
 *   - everything else: per group, a GEMM of the im2col matrix of the input
 *     (rows: output pixels, packed block by block straight into the
 *     micro-kernels' A layout by conv2d_f32_im2col.c) by the weights (packed
 *     once, ahead of the call, as the GEMM's packed B: conv2d_f32_pack.c).
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_F32_H
#define QUANTC_RUNTIME_CONV2D_F32_H

#include "gemm_f32_tiles.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What happens to each output after the sum and the bias (QC_EPILOGUE_*). */
typedef struct qc_conv2d_f32_epilogue {
  int32_t kind;
  float clamp_min, clamp_max;
} qc_conv2d_f32_epilogue;

typedef struct qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_kernel;

/* qc_conv2d_f32 with explicit variants: tests and benchmarks force each one.
 * The im2col path uses `tiles`, the depthwise path `depthwise`.
 * packed_weights: qc_conv2d_f32_pack_weights' output. */
void qc_conv2d_f32_with_kernels(const qc_conv2d_f32_desc *desc, const float *input,
                                const float *packed_weights, const float *bias, float *output,
                                float *scratch, qc_conv2d_f32_epilogue epilogue,
                                const qc_gemm_f32_tiles *tiles,
                                const qc_conv2d_f32_depthwise_kernel *depthwise);

/* True when the convolution takes the depthwise path. */
int qc_conv2d_f32_is_depthwise(const qc_conv2d_f32_desc *desc);

/* True for descriptors the kernels can run (the compiler only emits those;
 * this keeps a bad one from dividing by zero or indexing out of bounds). */
int qc_conv2d_f32_is_valid(const qc_conv2d_f32_desc *desc);

/* Rows of the im2col GEMM per driver call (output pixels): all of them (of
 * one image, or of the batch when the input is read directly) when K fits
 * one KC slice, otherwise as many as the scratch's partial sums hold
 * (conv2d_f32.c says why). */
int64_t qc_conv2d_f32_chunk_pixels(const qc_conv2d_f32_desc *desc);

/* True for 1x1 convolutions with stride 1 and no padding: their im2col
 * matrix is the input itself (transposed), read without a padded copy. */
int qc_conv2d_f32_reads_input_directly(const qc_conv2d_f32_desc *desc);

/* The padded copy of one input channel the im2col packer reads (all other
 * convolutions), for a band of band_rows output rows starting at output row
 * oh0: `rows` padded rows, each stored as `phases` phases of phase_stride
 * floats; entry i of phase f of padded row r is input
 * ((oh0 * row_step + r) * sample_h - pad_top, (i * phases + f) * sample_w -
 * pad_left), zero outside the input. Channels follow each other plane_stride
 * floats apart.
 *   - In general every input row and column is there (sample 1) and a row
 *     has stride_w phases: output row oh's tap kh is padded row
 *     (oh - oh0) * stride_h + kh * dilation_h (row_step = stride_h).
 *   - 1x1 kernels keep only the taps they read (sample = stride, 1 phase,
 *     row_step 1): the padded copy is the subsampled input.
 * Bands are as many output rows as keep the copy of the group's channels
 * within a budget (conv2d_f32_im2col.c), at least one row. */
typedef struct qc_conv2d_f32_padded_layout {
  int64_t band_rows, rows, phases, phase_stride, row_stride, plane_stride;
  int64_t row_step, sample_h, sample_w;
} qc_conv2d_f32_padded_layout;

qc_conv2d_f32_padded_layout qc_conv2d_f32_padded(const qc_conv2d_f32_desc *desc);

/* Where im2col reads input tap k = (kh * kernel_width + kw) * ICg + ic of
 * output pixel (oh, ow) in a band's padded copy, stepped tap by tap (the float
 * and the int8 packers share it; offsets count elements). */
typedef struct qc_conv2d_tap_cursor {
  int64_t kw, phase, entry, row; /* row: element offset of the tap's padded row */
} qc_conv2d_tap_cursor;

/* The cursor at tap `tap` (= k / ICg) of output pixel (oh, ow), in the band
 * that starts at output row band_first_row. */
static inline qc_conv2d_tap_cursor qc_conv2d_tap_cursor_at(const qc_conv2d_f32_desc *d,
                                                          const qc_conv2d_f32_padded_layout *l,
                                                          int64_t band_first_row, int64_t oh,
                                                          int64_t ow, int64_t tap) {
  qc_conv2d_tap_cursor c;
  c.kw = tap % d->kernel_width;
  c.row = ((oh - band_first_row) * l->row_step + tap / d->kernel_width * d->dilation_h) *
          l->row_stride;
  c.phase = c.kw * d->dilation_w % l->phases;
  c.entry = ow + c.kw * d->dilation_w / l->phases;
  return c;
}

/* The element offset of input channel ic (within the group) at the cursor. */
static inline int64_t qc_conv2d_tap_offset(const qc_conv2d_tap_cursor *c,
                                           const qc_conv2d_f32_padded_layout *l, int64_t ic) {
  return c->row + ic * l->plane_stride + c->phase * l->phase_stride + c->entry;
}

/* Moves the cursor to the next tap: the next kw, or the next kernel row. */
static inline void qc_conv2d_tap_cursor_next(qc_conv2d_tap_cursor *c,
                                             const qc_conv2d_f32_desc *d,
                                             const qc_conv2d_f32_padded_layout *l,
                                             int64_t ow) {
  if (++c->kw == d->kernel_width) {
    c->kw = 0;
    c->phase = 0;
    c->entry = ow;
    c->row += d->dilation_h * l->row_stride;
  } else {
    c->phase += d->dilation_w;
    while (c->phase >= l->phases) {
      c->phase -= l->phases;
      ++c->entry;
    }
  }
}

/* Writes the padded copy (plane_stride floats) of the input plane `channel`
 * for the band starting at output row `first_row`. */
void qc_conv2d_f32_pad_channel(const qc_conv2d_f32_desc *desc, const float *channel,
                               int64_t first_row, float *padded);

/* The same for any element size (the int8 convolution: 1 byte), the padding
 * filled with bytes `pad_byte` (its input zero point). */
void qc_conv2d_pad_channel(const qc_conv2d_f32_desc *desc, const void *channel,
                           int element_bytes, int pad_byte, int64_t first_row, void *padded);

/* The im2col matrix of one group as the GEMM's A operand: row i is output
 * pixel first_pixel + i (row-major over out_height x out_width, and over the
 * batch when `direct`); column k is the input tap k = (kh * kernel_width +
 * kw) * ICg + ic, the row order of the packed weights (KernelABI.h). Taps in
 * the padding read zero. */
typedef struct qc_conv2d_f32_im2col {
  const qc_conv2d_f32_desc *desc;
  int direct;         /* qc_conv2d_f32_reads_input_directly */
  const float *input; /* direct: the group's first input channel in image 0;
                         otherwise the padded copy of the group's channels of one
                         band of one image */
  qc_conv2d_f32_padded_layout padded; /* of that copy, when not direct */
  int64_t band_first_row;             /* the band's first output row */
  int64_t first_pixel;
} qc_conv2d_f32_im2col;

/* A qc_gemm_f32_a_packer (gemm_f32_driver.h) over a qc_conv2d_f32_im2col:
 * packs rows [first_row, first_row + rows) x columns [k0, k0 + depth) into
 * micro-panels of mr rows. */
void qc_conv2d_f32_pack_im2col(const void *im2col, int64_t first_row, int64_t rows, int64_t k0,
                               int64_t depth, int mr, float *packed);

/* Planes [first, first + count) of a depthwise convolution, counted over
 * (image, channel) image-major: the arguments are those of the whole
 * convolution (input, weights, bias and output from their start). */
typedef void (*qc_conv2d_f32_planes_fn)(const qc_conv2d_f32_desc *desc, const float *input,
                                        const float *weights, const float *bias, float *output,
                                        qc_conv2d_f32_epilogue epilogue, int64_t first,
                                        int64_t count);

/* One build of the depthwise kernel (conv2d_f32_depthwise_kernel.h). */
typedef struct qc_conv2d_f32_depthwise_kernel {
  const char *name;           /* "avx2", for tests and benchmarks */
  uint64_t required_features; /* QC_CPU_* bits its code executes */
  qc_conv2d_f32_planes_fn planes;
  /* Output columns per strip of a row for *desc (rows are cut into strips
   * as wide as the kernel's ring of input rows allows), 0 if the kernel goes
   * pixel by pixel: tests build rows that end in a narrow strip. */
  int64_t (*strip_columns)(const qc_conv2d_f32_desc *desc);
} qc_conv2d_f32_depthwise_kernel;

extern const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_generic;
#if defined(__x86_64__)
extern const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_avx2;
#elif defined(__aarch64__)
extern const qc_conv2d_f32_depthwise_kernel qc_conv2d_f32_depthwise_neon;
#endif

/* Every depthwise variant built for this target, fastest first. */
const qc_conv2d_f32_depthwise_kernel *const *qc_conv2d_f32_depthwise_all(size_t *count);

/* The fastest depthwise variant whose required features are all in `features`. */
const qc_conv2d_f32_depthwise_kernel *qc_conv2d_f32_depthwise_select(uint64_t features);

/* The depthwise convolution: runs of (image, channel) planes spread over the
 * thread pool. Needs no scratch. */
void qc_conv2d_f32_depthwise(const qc_conv2d_f32_desc *desc, const float *input,
                             const float *weights, const float *bias, float *output,
                             qc_conv2d_f32_epilogue epilogue,
                             const qc_conv2d_f32_depthwise_kernel *kernel);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_CONV2D_F32_H */
