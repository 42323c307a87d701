/*===- KernelABI.h - the contract between generated code and the runtime --===*
 *
 * quantc's compiler emits calls to the functions declared here, and
 * lib/Runtime implements them. The compiler also calls the packing functions
 * itself, at compile time, to lay weights out the way the kernels read them.
 * So everything in this header is an ABI: once a compiled model depends on
 * it, it changes only together with QC_KERNEL_ABI_VERSION.
 *
 * Plain C (C99 and later, C++ through extern "C"): generated code, the C
 * runtime and the C++ compiler all include it. docs/runtime.md explains the
 * layouts with diagrams.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_KERNELABI_H
#define QUANTC_RUNTIME_KERNELABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QC_KERNEL_ABI_VERSION 4 /* 2: the 8-bit integer GEMM and convolution;
                                  3: its Winograd F(2x2, 3x3) form;
                                  4: Winograd weights packed once at run time */

/*===----------------------------------------------------------------------===*
 * CPU features
 *
 * One bit per instruction-set extension a kernel variant may need. A bit is
 * set only when both the CPU and the operating system support the extension
 * (for AVX and AVX-512, the OS must save the wider registers: XCR0).
 *===----------------------------------------------------------------------===*/

/* x86-64 */
#define QC_CPU_X86_AVX2 (UINT64_C(1) << 0)
#define QC_CPU_X86_FMA (UINT64_C(1) << 1)
#define QC_CPU_X86_AVX512F (UINT64_C(1) << 2)
#define QC_CPU_X86_AVX512BW (UINT64_C(1) << 3)
#define QC_CPU_X86_AVX512VL (UINT64_C(1) << 4)
#define QC_CPU_X86_AVX512VNNI (UINT64_C(1) << 5)
#define QC_CPU_X86_AVXVNNI (UINT64_C(1) << 6)
/* AMX state is enabled lazily by Linux: a process must still request it with
 * arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) before using the tiles. */
#define QC_CPU_X86_AMX_TILE (UINT64_C(1) << 7)
#define QC_CPU_X86_AMX_INT8 (UINT64_C(1) << 8)

/* AArch64 */
#define QC_CPU_ARM64_NEON (UINT64_C(1) << 32) /* ASIMD */
#define QC_CPU_ARM64_DOTPROD (UINT64_C(1) << 33)
#define QC_CPU_ARM64_I8MM (UINT64_C(1) << 34)

/* The features of the CPU this process runs on, detected on the first call
 * and cached. The environment variable QUANTC_CPU_FEATURES_MASK, read on that
 * first call, keeps only the bits it names (strtoull syntax, e.g. 0x3 keeps
 * AVX2 and FMA; 0 forces the generic C kernels): tests and benchmarks use it to
 * exercise the fallbacks on a machine that has everything. */
uint64_t qc_cpu_features(void);

/*===----------------------------------------------------------------------===*
 * Float GEMM: C[M x N] = epilogue(A[M x K] * B[K x N] + bias[N])
 *
 * B is packed ahead of time, normally by the compiler for a constant weight.
 * Packed layout: the N columns are cut into panels of QC_GEMM_F32_NR columns
 * (the last one zero-padded); panels are stored one after the other, and
 * within a panel the K rows follow each other, each row holding NR
 * consecutive floats:
 *
 *   packed[(j / NR) * K * NR + k * NR + (j % NR)] = B[k][j]
 *
 * NR is the same on every target and every kernel variant, so a weight packed
 * at compile time is valid whichever variant the running CPU selects.
 *===----------------------------------------------------------------------===*/

#define QC_GEMM_F32_NR 16

/* Number of floats (not bytes) qc_gemm_f32_pack_b writes for a K x N B. */
int64_t qc_gemm_f32_packed_b_size(int64_t k, int64_t n);

/* Packs B into `packed`, which holds qc_gemm_f32_packed_b_size(k, n) floats.
 * transposed == 0: B is K x N row-major, element (k, j) at b[k * ldb + j].
 * transposed != 0: B is stored N x K (ONNX Gemm with transB = 1, a MatMul
 *                  weight already transposed), element (k, j) at b[j * ldb + k]. */
void qc_gemm_f32_pack_b(const float *b, int64_t k, int64_t n, int64_t ldb, int transposed,
                        float *packed);

/* What happens to each C element after the product and the bias. */
enum {
  QC_EPILOGUE_NONE = 0,
  QC_EPILOGUE_RELU = 1,  /* max(x, 0) */
  QC_EPILOGUE_CLAMP = 2, /* min(max(x, clamp_min), clamp_max) */
};

/* The field order and types are part of the ABI: generated code builds this
 * struct on its stack. All matrices are row-major float32. */
typedef struct qc_gemm_f32_params {
  int64_t m, n, k;
  const float *a;        /* M x K, element (i, k) at a[i * lda + k] */
  int64_t lda;           /* >= K */
  const float *packed_b; /* qc_gemm_f32_pack_b output for this K x N */
  const float *bias;     /* N floats added to every row, or NULL */
  float *c;              /* M x N, element (i, j) at c[i * ldc + j]; overwritten */
  int64_t ldc;           /* >= N */
  int32_t epilogue;      /* QC_EPILOGUE_* */
  float clamp_min, clamp_max; /* read only for QC_EPILOGUE_CLAMP */
} qc_gemm_f32_params;

/* Computes the GEMM with the fastest kernel variant qc_cpu_features() allows.
 * Pure function of *params: no allocation, no global state besides the
 * once-detected CPU features; C must not overlap A or packed B. It packs
 * blocks of A into a fixed buffer on its own stack, so the calling thread needs
 * QC_GEMM_F32_STACK_BYTES of stack beyond its own frame. Safe to call from
 * several threads at once (on disjoint C). */
void qc_gemm_f32(const qc_gemm_f32_params *params);

#define QC_GEMM_F32_STACK_BYTES (160 * 1024)

/*===----------------------------------------------------------------------===*
 * Flat-argument GEMM for generated code
 *
 * The same computation as qc_gemm_f32, with the fields passed as arguments:
 * generated code calls this one, so it never has to lay out a C struct.
 *===----------------------------------------------------------------------===*/
void qc_gemm_f32_call(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                      const float *packed_b, const float *bias, float *c, int64_t ldc,
                      int32_t epilogue, float clamp_min, float clamp_max);

/*===----------------------------------------------------------------------===*
 * Float 2-D convolution, NCHW (ONNX Conv semantics)
 *
 *   output[n][oc][oh][ow] = epilogue(bias[oc] + sum over ic in oc's group, kh, kw of
 *       input[n][ic][oh * stride_h + kh * dilation_h - pad_top]
 *                  [ow * stride_w + kw * dilation_w - pad_left] * weights[oc][ic'][kh][kw])
 *
 * with input positions outside the image reading as zero. Every field is an
 * int64_t, so the compiler emits the descriptor as a constant i64 array; the
 * bottom/right padding is implied by out_height/out_width. The weights, in
 * ONNX's layout [out_channels][in_channels / groups][kernel_height][kernel_width],
 * are packed ahead of the call by qc_conv2d_f32_pack_weights.
 *===----------------------------------------------------------------------===*/
typedef struct qc_conv2d_f32_desc {
  int64_t batch, in_channels, in_height, in_width;
  int64_t out_channels, out_height, out_width;
  int64_t groups;
  int64_t kernel_height, kernel_width;
  int64_t stride_h, stride_w;
  int64_t dilation_h, dilation_w;
  int64_t pad_top, pad_left;
} qc_conv2d_f32_desc;

/* Floats qc_conv2d_f32_pack_weights writes for *desc. */
int64_t qc_conv2d_f32_packed_weights_size(const qc_conv2d_f32_desc *desc);

/* Lays the ONNX-layout weights [out_channels][in_channels / groups][kernel_height]
 * [kernel_width] out the way qc_conv2d_f32 reads them. The layout is the same on
 * every target and for every kernel variant (the compiler packs on its host for
 * any target, the CPU that runs the model picks its variant at load time). A
 * pure function: the compiler calls it at compile time for constant weights,
 * generated code at run time for weights the graph computes.
 *
 * Depthwise descriptors (groups == in_channels == out_channels): a plain copy
 * of the ONNX layout. Otherwise, per group g, the packed-B layout of the GEMM
 * above (panels of QC_GEMM_F32_NR output channels, the last one zero-padded)
 * of the K x OCg matrix whose row k = (kh * kernel_width + kw) * ICg + ic
 * (ICg = in_channels / groups, OCg = out_channels / groups, K = ICg *
 * kernel_height * kernel_width), groups one after the other:
 *
 *   packed[((g * P + j / NR) * K + k) * NR + j % NR] = weights[g * OCg + j][ic][kh][kw]
 *   with P = ceil(OCg / NR) panels per group, and 0 for j >= OCg. */
void qc_conv2d_f32_pack_weights(const qc_conv2d_f32_desc *desc, const float *weights,
                                float *packed);

/* Floats of scratch memory qc_conv2d_f32 needs for *desc (0 if none). It does
 * not depend on the number of threads or on the CPU, so the compiler sizes the
 * buffer at compile time by calling this function itself. */
int64_t qc_conv2d_f32_scratch_size(const qc_conv2d_f32_desc *desc);

/* packed_weights: qc_conv2d_f32_pack_weights' output for *desc. bias:
 * out_channels floats or NULL. scratch: qc_conv2d_f32_scratch_size(desc)
 * floats, 64-byte aligned, or NULL when that is 0. Runs on the runtime's
 * thread pool (QUANTC_NUM_THREADS). */
void qc_conv2d_f32(const qc_conv2d_f32_desc *desc, const float *input,
                   const float *packed_weights, const float *bias, float *output,
                   float *scratch, int32_t epilogue, float clamp_min, float clamp_max);

/*===----------------------------------------------------------------------===*
 * 8-bit integer GEMM and convolution with a requantizing epilogue
 *
 * The integer kernels compute, exactly in int32,
 *
 *   acc[i][j] = bias[j] + sum over k of A[i][k] * B[k][j]
 *
 * where A holds the 8-bit activation codes exactly as stored (uint8, or int8
 * with QC_INT8_A_SIGNED) and B is int8 with zero point 0 (symmetric weights).
 * A's zero point za is not subtracted by the kernel: the compiler folds it into
 * the bias at compile time (docs/quantization.md):
 *
 *   bias[j] = bias_int32[j] - za * sum over k of B[k][j]
 *
 * which stays exact in a convolution because padding reads za (the code of a
 * real 0), not 0. Then each element is requantized (TOSA RESCALE with
 * scale32 = true and double_round = false, so one rounding, half up):
 *
 *   c = clamp(output_zero_point + ((acc * multiplier[j'] + 2^(shift[j'] - 1)) >> shift[j']),
 *             clamp_min, clamp_max)
 *
 * computed in 64 bits, with j' = j when per_channel != 0 and 0 otherwise.
 * clamp_min/clamp_max are output codes: the storage range, narrowed by a fused
 * Relu or Clip. With QC_INT8_C_INT32 the kernel stores acc itself as int32 and
 * ignores multiplier, shift, zero point and clamp (ONNX MatMulInteger and
 * ConvInteger).
 *===----------------------------------------------------------------------===*/

/* flags */
#define QC_INT8_A_SIGNED 1 /* A (or the conv input) holds int8; else uint8 */
#define QC_INT8_C_SIGNED 2 /* C (or the conv output) holds int8; else uint8 */
#define QC_INT8_C_INT32 4  /* C holds the int32 accumulators, no requantization */
/* The caller vouches that the packed weights' k pairs fit int16
 * (qc_gemm_s8_packed_b_pairs_fit, qc_conv2d_s8_packed_weights_pairs_fit
 * return 1 for them): kernel variants exact only on such weights (uint8 x
 * int8 pair sums in int16, vpmaddubsw) then run without checking them on
 * every call. The compiler sets it for the constant weights it packs. */
#define QC_INT8_B_PAIRS_FIT 8

/* Splits a positive real scale into multiplier * 2^-shift with multiplier in
 * [2^30, 2^31) and shift in [1, 62]. A scale that stays below 2^-32 once its
 * 31-bit multiplier is rounded gives multiplier 0, shift 31: it rounds every
 * accumulator to 0. Returns 0, or -1 when the scale
 * is not finite and positive or needs shift < 1 (scale >= 2^30). The compiler
 * calls it at compile time (qc-fold-scales), so that the rounding of the
 * multiplier is defined in one place. */
int qc_requant_multiplier(double scale, int32_t *multiplier, int32_t *shift);

/* Applies the requantization above to one accumulator: the reference that
 * the kernels' vector epilogues must match bit for bit. */
int32_t qc_requantize_one(int32_t acc, int32_t multiplier, int32_t shift,
                          int32_t output_zero_point, int32_t clamp_min, int32_t clamp_max);

/* Packed B: the N columns are cut into panels of QC_GEMM_S8_NR columns (the
 * last one zero-padded); K is rounded up to a multiple of QC_GEMM_S8_KR (zero
 * rows). Each panel starts with QC_GEMM_S8_NR int32 column sums (sum over k
 * of B[k][j], for kernels that must change A's signedness, e.g. NEON sdot on
 * uint8 A), followed by the K / KR groups of KR rows, each group holding for
 * every column its KR consecutive k values:
 *
 *   panel p = j / NR starts at byte p * (4 * NR + Kr * NR), Kr = K rounded up to KR
 *   sums:  ((int32_t *)panel)[j % NR] = sum over k of B[k][j]
 *   codes: panel[4 * NR + (k / KR) * KR * NR + (j % NR) * KR + k % KR] = B[k][j]
 *
 * This is the operand order of vpdpbusd, NEON sdot and vpmaddwd on pairs, and
 * the same on every target and kernel variant. */
#define QC_GEMM_S8_NR 16
#define QC_GEMM_S8_KR 4

/* Bytes qc_gemm_s8_pack_b writes for a K x N B. */
int64_t qc_gemm_s8_packed_b_size(int64_t k, int64_t n);

/* Packs int8 B (transposed as in qc_gemm_f32_pack_b) into `packed`, which
 * holds qc_gemm_s8_packed_b_size(k, n) bytes and is 4-byte aligned. */
void qc_gemm_s8_pack_b(const int8_t *b, int64_t k, int64_t n, int64_t ldb, int transposed,
                       void *packed);

/* 1 when, in every column of a packed K x N B, each k pair (k0, k1),
 * (k2, k3) of a group has positive weights summing to at most 128 and
 * negative ones to at least -128, so that a0 * w0 + a1 * w1 fits an int16 for
 * any uint8 a0, a1 (|.| <= 255 * 128); every 7-bit weight in [-64, 64] does.
 * Else 0. */
int qc_gemm_s8_packed_b_pairs_fit(const void *packed_b, int64_t k, int64_t n);

/* C[M x N] = requantize(A[M x K] * B + bias), row-major. a: M x K codes with
 * row stride lda; bias: N int32 (the zero-point fold above) or NULL;
 * multiplier, shift: N values when per_channel, else 1; c: M x N codes (or
 * int32 with QC_INT8_C_INT32) with row stride ldc (in elements). Pure, no
 * allocation (A blocks are packed on the stack, QC_GEMM_S8_STACK_BYTES), safe
 * from several threads on disjoint C. */
void qc_gemm_s8(int64_t m, int64_t n, int64_t k, const void *a, int64_t lda,
                const void *packed_b, const int32_t *bias, const int32_t *multiplier,
                const int32_t *shift, int32_t per_channel, int32_t output_zero_point,
                int32_t clamp_min, int32_t clamp_max, int32_t flags, void *c, int64_t ldc);

#define QC_GEMM_S8_STACK_BYTES (160 * 1024)

/* 2-D convolution on 8-bit NCHW codes, geometry as qc_conv2d_f32_desc (the
 * descriptor is the same struct). weights: int8, ONNX layout, zero point 0.
 * Padding reads input_zero_point. Depthwise descriptors (groups ==
 * in_channels == out_channels) run a direct kernel; the rest im2col through
 * the GEMM above, per group. */
typedef qc_conv2d_f32_desc qc_conv2d_desc;

/* Bytes qc_conv2d_s8_pack_weights writes for *desc: per group, the packed B
 * of the K x OCg matrix with row k = (kh * kernel_width + kw) * ICg + ic, as
 * for the float convolution; for depthwise descriptors, a copy of the ONNX
 * layout. Same on every target. */
int64_t qc_conv2d_s8_packed_weights_size(const qc_conv2d_desc *desc);
void qc_conv2d_s8_pack_weights(const qc_conv2d_desc *desc, const int8_t *weights,
                               void *packed);

/* qc_gemm_s8_packed_b_pairs_fit for the packed B of every group; 0 for
 * depthwise descriptors (whose weights are not a packed B). */
int qc_conv2d_s8_packed_weights_pairs_fit(const qc_conv2d_desc *desc, const void *packed_weights);

/* Bytes of scratch qc_conv2d_s8 needs for *desc (0 if none), independent of
 * the thread count and the CPU, so the compiler sizes it at compile time. */
int64_t qc_conv2d_s8_scratch_size(const qc_conv2d_desc *desc);

/* input: NCHW codes; output: NCHW codes (or int32 with QC_INT8_C_INT32);
 * bias, multiplier, shift, per_channel, zero point, clamp and flags as for
 * qc_gemm_s8, indexed by output channel. scratch: qc_conv2d_s8_scratch_size
 * bytes, 64-byte aligned, or NULL when that is 0. Runs on the thread pool. */
void qc_conv2d_s8(const qc_conv2d_desc *desc, const void *input, int32_t input_zero_point,
                  const void *packed_weights, const int32_t *bias,
                  const int32_t *multiplier, const int32_t *shift, int32_t per_channel,
                  int32_t output_zero_point, int32_t clamp_min, int32_t clamp_max,
                  int32_t flags, void *output, void *scratch);

/* The same convolution by Winograd's minimal filtering F(2x2, 3x3), exactly.
 * Each 2 x 2 block of output pixels takes 16 multiply-adds per input channel
 * instead of 36: the 4 x 4 input patch d and the 3 x 3 kernel g go through
 * integer transforms (B^T d B, and (2G) g (2G)^T, 4 times G g G^T), the 16
 * positions are multiplied channel by channel as 16 GEMMs on int16 operands
 * (|B^T d B| <= 512, |(2G) g (2G)^T| <= 1152), and the inverse transform
 * A^T M A gives 4 times the convolution's sum. Every step is integer: the
 * sums wrap modulo 2^32 like any int32 arithmetic, and 4 times the true sum
 * fits an int32 whenever in_channels <= 3640 (9 * 3640 * 128^2 * 4 < 2^31),
 * so the result equals qc_conv2d_s8's bit for bit. Worth it where the int8
 * multiply is itself an int16 one (x86-64 without VNNI: vpmaddwd); the
 * compiler chooses it (convert-qc-to-runtime, docs/runtime.md). The packed
 * weights are 16/9 x 2 = 3.6 times the int8 ones.
 *
 * Supported descriptors: 3 x 3 kernel, stride 1, dilation 1, one group,
 * 1 <= in_channels <= 3640. The other functions expect such a descriptor. */
int qc_conv2d_s8_winograd_supported(const qc_conv2d_desc *desc);

/* Bytes of the transformed weights: the int32 sums of each output channel's
 * int8 weights (for uint8 inputs), then, per panel of QC_GEMM_S8_NR output
 * channels and per transform position, the K x NR int16 matrix in the
 * packed-B order (groups of QC_GEMM_S8_KR input channels). */
int64_t qc_conv2d_s8_winograd_packed_weights_size(const qc_conv2d_desc *desc);
void qc_conv2d_s8_winograd_pack_weights(const qc_conv2d_desc *desc, const int8_t *weights,
                                        void *packed);

/* qc_conv2d_s8_winograd_pack_weights, done by the first call with `once`
 * (an int32 that starts at 0 and is only ever passed here): later calls,
 * from any thread, wait until that packing has finished and return. A
 * compiled model keeps the int8 weights in its file and packs them on its
 * first run into a buffer of its own (the packed bytes are 3.6 times the
 * int8 ones), as ONNX Runtime prepacks weights when it loads a model. */
void qc_conv2d_s8_winograd_pack_weights_once(int32_t *once, const qc_conv2d_desc *desc,
                                             const int8_t *weights, void *packed);

/* Bytes of scratch: one image's transformed input tiles. */
int64_t qc_conv2d_s8_winograd_scratch_size(const qc_conv2d_desc *desc);

/* Arguments as qc_conv2d_s8, packed_weights from qc_conv2d_s8_winograd_pack_weights. */
void qc_conv2d_s8_winograd(const qc_conv2d_desc *desc, const void *input,
                           int32_t input_zero_point, const void *packed_weights,
                           const int32_t *bias, const int32_t *multiplier, const int32_t *shift,
                           int32_t per_channel, int32_t output_zero_point, int32_t clamp_min,
                           int32_t clamp_max, int32_t flags, void *output, void *scratch);

/*===----------------------------------------------------------------------===*
 * Thread pool
 *
 * One pool per process, created on first use with QUANTC_NUM_THREADS threads
 * (default: the number of online CPUs; 1 runs everything on the caller).
 *===----------------------------------------------------------------------===*/
int32_t qc_num_threads(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_KERNELABI_H */
