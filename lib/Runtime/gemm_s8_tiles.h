/*===- gemm_s8_tiles.h - int8 GEMM micro-kernels and their table ----------===*
 *
 * Runtime-internal (not ABI). The int8 GEMM is organised as the float one
 * (gemm_f32_tiles.h): a driver (gemm_s8_driver.c) that blocks for the caches,
 * packs A and applies the requantizing epilogue, and one micro-kernel per ISA
 * (generic/, arch/<target>/) exporting a table.
 *
 * Most variants multiply int8 by int8. A uint8 activation a is packed as the
 * int8 a - 128 (a ^ 0x80) and the driver adds 128 * (column sum of B) back in
 * the epilogue, with the bias: so the micro-kernels, and the vpmaddwd / sdot
 * products in them, never see a uint8 and can never saturate. A variant with
 * `unsigned_activations` (AVX2's vpmaddubsw) multiplies uint8 activations by
 * int8 weights instead: uint8 codes as they are, an int8 activation a as the
 * uint8 a + 128, the driver subtracting 128 * (column sum) for those. Such a
 * variant is exact only for some B (`exact_for_b`); the driver runs its
 * `fallback` for the others.
 *
 * Packed A, one micro-panel of mr rows per KC slice: groups of KR = 4 values
 * of k, and in each group the mr rows one after the other, each with its 4
 * values (the order of packed B, KernelABI.h):
 *
 *   element (r, k) at a_packed[((k / KR) * mr + r) * KR + k % KR]
 *
 * as int8 (or uint8 with `unsigned_activations`), or sign-extended to int16
 * when the variant says `wide_a` (AVX2's vpmaddwd multiplies int16). Rows
 * past M and values past K are 0.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_GEMM_S8_TILES_H
#define QUANTC_RUNTIME_GEMM_S8_TILES_H

#include "quantc/Runtime/KernelABI.h"

#include <stddef.h>

/* The int8 packers, transposes and depthwise kernel are written with vector
 * values and their shuffles, which GCC has only from version 12. */
#if !defined(__clang__) && !(defined(__GNUC__) && __GNUC__ >= 12)
#error "the int8 kernels need __builtin_shufflevector: Clang, or GCC 12 or later"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The requantization of the columns of one panel, prepared once per panel by
 * the driver (gemm_s8_driver.c) in the forms the vector epilogues use.
 * Columns past the matrix repeat valid parameters. */
typedef struct qc_requant_panel {
  int32_t bias[QC_GEMM_S8_NR]; /* bias + 128 * column sum for uint8 A; 0 when absent */
  int32_t multiplier[QC_GEMM_S8_NR];
  int32_t shift[QC_GEMM_S8_NR];
  int32_t zero_point, clamp_min, clamp_max;
  /* For ISAs without a 64-bit arithmetic shift (AVX2): with u = acc * m +
   * round (round = 2^(s-1) + 2^62, which makes u non-negative), u >> s is
   * the rounded product plus 2^(62-s); the result is
   * min(max(u >> s, low), high) - offset, offset = 2^(62-s) - zero_point,
   * low / high = clamp_min / clamp_max + offset. */
  int64_t round[QC_GEMM_S8_NR], shift64[QC_GEMM_S8_NR];
  int64_t low[QC_GEMM_S8_NR], high[QC_GEMM_S8_NR], offset[QC_GEMM_S8_NR];
  /* The 32-bit form (qc_requant_high_applies: 33 <= s <= 53, the usual
   * case): shift_high = s - 32 and rounding = 2^(s-33) + zero_point * 2^(s-32)
   * (qc_requant_high_rounding); shift_high is -1 where it does not apply. */
  int32_t shift_high[QC_GEMM_S8_NR];
  int32_t rounding[QC_GEMM_S8_NR];
  /* Every column has column 0's parameters (set by
   * qc_requant_panel_set_uniform, as the depthwise planes' panels): vector
   * epilogues may broadcast them. */
  int uniform;
} qc_requant_panel;

/* Sets column j of a panel whose zero_point, clamp_min and clamp_max are set
 * (and makes it not uniform). */
void qc_requant_panel_set_column(qc_requant_panel *rp, int j, int32_t bias, int32_t multiplier,
                                 int32_t shift);

/* Sets every column of such a panel to the same parameters. */
void qc_requant_panel_set_uniform(qc_requant_panel *rp, int32_t bias, int32_t multiplier,
                                  int32_t shift);

/* Sets the panel for columns [j0, j0 + NR) of n (columns past n repeat
 * column n - 1) from the arguments of qc_gemm_s8: the bias (0 when NULL),
 * plus column_sum_factor * column_sums[j] (qc_gemm_s8_column_sum_factor:
 * what the kernels' flipped activation codes left out), multiplier and shift
 * per column or one for all, and for int32 output (QC_INT8_C_INT32)
 * multiplier 0 and shift 1. */
void qc_requant_panel_prepare(qc_requant_panel *rp, const int32_t column_sums[QC_GEMM_S8_NR],
                              int64_t j0, int64_t n, const int32_t *bias,
                              const int32_t *multiplier, const int32_t *shift,
                              int32_t per_channel, int32_t zero_point, int32_t clamp_min,
                              int32_t clamp_max, int32_t flags, int32_t column_sum_factor);

/* The 32-bit form of the requantization, for vector ISAs whose widest
 * multiply is 32 x 32 -> 64 bits in a few lanes (AVX2's vpmuldq). With
 * t = s - 32 >= 1, the rounding term 2^(s-1) = 2^(t-1) * 2^32 leaves the low
 * half of acc * m + 2^(s-1) alone, so
 *
 *   ((acc * m + 2^(s-1)) >> s) + zero_point
 *     = (high + 2^(t-1) + zero_point * 2^t) >> t,   high = (acc * m) >> 32,
 *
 * exactly (adding a multiple of 2^t before the shift adds its quotient after
 * it). |acc * m| < 2^62 gives |high| <= 2^30, and for t <= 21 the rounding
 * term is below 2^29 in magnitude for any 8-bit zero point: the 32-bit sum
 * cannot overflow. So a vector epilogue needs the high halves of the
 * products, one add and one arithmetic shift, with the zero point folded in. */
static inline int qc_requant_high_applies(int32_t shift) { return shift >= 33 && shift <= 53; }

static inline int32_t qc_requant_high_rounding(int32_t shift, int32_t zero_point) {
  return (INT32_C(1) << (shift - 33)) + zero_point * (INT32_C(1) << (shift - 32));
}

/* The requantization of a tile whose rows, not columns, are output channels
 * (the convolution's weights x im2col^T form, conv2d_s8_channel_rows.c):
 * row i takes bias[i] (with the uint8 correction), multiplier[i], shift[i]
 * and rounding[i] = qc_requant_high_rounding(shift[i], zero_point) where
 * qc_requant_high_applies(shift[i]). */
typedef struct qc_requant_rows {
  const int32_t *bias, *multiplier, *shift, *rounding;
  int32_t zero_point, clamp_min, clamp_max;
} qc_requant_rows;

/* The three kinds of C (KernelABI.h flags). */
enum { QC_S8_OUT_U8 = 0, QC_S8_OUT_S8 = 1, QC_S8_OUT_S32 = 2 };

/* c (MR x NR int32, row stride ldc) = (accumulate ? c : 0) + a_packed * b.
 *   kc:       the slice's depth, a multiple of KR;
 *   a_packed: one micro-panel (layout above);
 *   b:        the slice's kc / KR groups of the panel, as packed (KernelABI.h),
 *             or as prepare_b left them. */
typedef void (*qc_gemm_s8_tile_fn)(int64_t kc, const void *a_packed, const void *b, int32_t *c,
                                   int64_t ldc, int accumulate);

/* Rewrites the kc / KR groups of a packed-B panel slice into the variant's
 * own layout (at most QC_GEMM_S8_PREPARED_B_BYTES), once per panel and slice:
 * the cost is shared by every micro-panel of the block. */
typedef void (*qc_gemm_s8_prepare_b_fn)(int64_t kc, const int8_t *b, void *prepared);

/* Requantizes `rows` rows of `columns` (<= NR) int32 accumulators (row stride
 * ldt) with the panel's parameters into out (row stride ldo elements), as
 * codes of kind QC_S8_OUT_U8 / S8, or adds the bias only (QC_S8_OUT_S32).
 * Every element must equal qc_requantize_one's. */
typedef void (*qc_gemm_s8_requantize_fn)(const int32_t *tile, int64_t ldt, int64_t rows,
                                         int64_t columns, const qc_requant_panel *panel,
                                         int out_kind, void *out, int64_t ldo);

/* As qc_gemm_s8_requantize_fn, each row (rows <= mr) with its own
 * parameters. */
typedef void (*qc_gemm_s8_requantize_rows_fn)(const int32_t *tile, int64_t ldt, int64_t rows,
                                              int64_t columns, const qc_requant_rows *params,
                                              int out_kind, void *out, int64_t ldo);

/* Whether a variant's tiles are exact on a packed B (K x N). */
typedef int (*qc_gemm_s8_exact_for_b_fn)(const void *packed_b, int64_t k, int64_t n);

typedef struct qc_gemm_s8_tiles {
  const char *name;           /* "avx2", for tests and benchmarks */
  uint64_t required_features; /* QC_CPU_* bits its code executes */
  int mr;                     /* rows of one tile (<= QC_GEMM_S8_MAX_MR) */
  int mc;                     /* rows of A packed at once: a multiple of mr */
  int kc;                     /* depth of one slice: a multiple of KR */
  int wide_a;                 /* A packed as int16 */
  /* The activations are multiplied as uint8 codes (int8 ones flipped to
   * a + 128), not as int8 (uint8 ones flipped to a - 128). */
  int unsigned_activations;
  qc_gemm_s8_prepare_b_fn prepare_b; /* NULL: the tile reads packed B itself */
  qc_gemm_s8_tile_fn tile;
  qc_gemm_s8_requantize_fn requantize;
  /* NULL: the variant does not take the convolution's weights x im2col^T form. */
  qc_gemm_s8_requantize_rows_fn requantize_rows;
  /* That form's tile: A the weights (int8), B the activations (as
   * unsigned_activations says). NULL: `tile` (int8 x int8 is symmetric). */
  qc_gemm_s8_tile_fn channel_rows_tile;
  /* NULL: exact on every B. Otherwise the tiles are exact only on the B it
   * accepts, and qc_gemm_s8_tiles_for_b gives `fallback` for the others. It
   * accepts exactly the B whose k pairs fit int16
   * (qc_gemm_s8_packed_b_pairs_fit, its portable form), so that
   * QC_INT8_B_PAIRS_FIT can stand for it. */
  qc_gemm_s8_exact_for_b_fn exact_for_b;
  const struct qc_gemm_s8_tiles *fallback;
} qc_gemm_s8_tiles;

/* `tiles`, or its fallback (and so on) when its tiles are not exact on this
 * packed B: what qc_gemm_s8_with_tiles and the convolution run. With
 * QC_INT8_B_PAIRS_FIT in `flags`, `tiles` without a check. */
const qc_gemm_s8_tiles *qc_gemm_s8_tiles_for_b(const qc_gemm_s8_tiles *tiles,
                                               const void *packed_b, int64_t k, int64_t n,
                                               int32_t flags);

/* The xor that turns activation codes (uint8, or int8 with
 * QC_INT8_A_SIGNED in flags) into the codes the variant multiplies, and the
 * multiple of B's column sums the epilogue adds back for it: 128 for uint8
 * codes made int8 (a - 128), -128 for int8 codes made uint8 (a + 128), 0
 * when the codes are multiplied as they are. */
static inline uint8_t qc_gemm_s8_activation_flip(const qc_gemm_s8_tiles *tiles, int32_t flags) {
  return ((flags & QC_INT8_A_SIGNED) != 0) == (tiles->unsigned_activations != 0) ? 0x80 : 0;
}

static inline int32_t qc_gemm_s8_column_sum_factor(const qc_gemm_s8_tiles *tiles,
                                                   int32_t flags) {
  return qc_gemm_s8_activation_flip(tiles, flags) ? (tiles->unsigned_activations ? -128 : 128)
                                                  : 0;
}

#define QC_GEMM_S8_MAX_MR 8
/* Bounds of the driver's stack buffers (gemm_s8_driver.c checks that they fit
 * QC_GEMM_S8_STACK_BYTES): packed A (mc * kc values, 2 bytes each when wide),
 * a prepared B slice, and the partial sums of at most
 * QC_GEMM_S8_PARTIAL_PANELS panels of mc rows when K spans several slices. */
#define QC_GEMM_S8_A_BLOCK_BYTES (64 * 1024)
#define QC_GEMM_S8_PREPARED_B_BYTES (16 * 1024)
#define QC_GEMM_S8_PARTIAL_BYTES (64 * 1024)

/* Every variant's kc is at least QC_GEMM_S8_MIN_KC and at most
 * QC_GEMM_S8_MAX_KC (a test checks it). */
#define QC_GEMM_S8_MAX_KC 512
#define QC_GEMM_S8_MIN_KC 256

/* K rounded up to KR, and the bytes of one packed-B panel (gemm_s8_pack.c). */
int64_t qc_gemm_s8_rounded_depth(int64_t k);
int64_t qc_gemm_s8_panel_bytes(int64_t k);

/* qc_gemm_s8_pack_b of the K x N matrix whose element (k, j) is
 * element(context, k, j): the convolution's weights are not a strided matrix. */
typedef int8_t (*qc_gemm_s8_element_fn)(const void *context, int64_t k, int64_t j);
void qc_gemm_s8_pack_b_elements(qc_gemm_s8_element_fn element, const void *context, int64_t k,
                                int64_t n, void *packed);

/* One table per micro-kernel file built for this target. */
extern const qc_gemm_s8_tiles qc_gemm_s8_tiles_generic;
#if defined(__x86_64__)
extern const qc_gemm_s8_tiles qc_gemm_s8_tiles_avx2;
extern const qc_gemm_s8_tiles qc_gemm_s8_tiles_avx2_maddubs;
/* gemm_s8_avx2.c's requantizers, shared with the vpmaddubsw variant and the
 * depthwise kernel. */
void qc_gemm_s8_requantize_avx2(const int32_t *tile, int64_t ldt, int64_t rows, int64_t columns,
                                const qc_requant_panel *rp, int out_kind, void *out, int64_t ldo);
void qc_gemm_s8_requantize_rows_avx2(const int32_t *tile, int64_t ldt, int64_t rows,
                                     int64_t columns, const qc_requant_rows *rr, int out_kind,
                                     void *out, int64_t ldo);
#elif defined(__aarch64__)
extern const qc_gemm_s8_tiles qc_gemm_s8_tiles_neon;
extern const qc_gemm_s8_tiles qc_gemm_s8_tiles_dotprod;
extern const qc_gemm_s8_tiles qc_gemm_s8_tiles_i8mm;
/* gemm_s8_neon.c's requantizer, shared with the dotprod variant and the
 * depthwise kernel. */
void qc_gemm_s8_requantize_neon(const int32_t *tile, int64_t ldt, int64_t rows, int64_t columns,
                                const qc_requant_panel *rp, int out_kind, void *out, int64_t ldo);
#endif

/* Every variant built for this target, fastest first. */
const qc_gemm_s8_tiles *const *qc_gemm_s8_all_tiles(size_t *count);

/* The fastest variant whose required features are all in `features`. */
const qc_gemm_s8_tiles *qc_gemm_s8_select_tiles(uint64_t features);

/* The portable requantizer (generic/gemm_s8.c): vector variants use it for
 * partial rows. */
void qc_gemm_s8_requantize_scalar(const int32_t *tile, int64_t ldt, int64_t rows,
                                  int64_t columns, const qc_requant_panel *panel, int out_kind,
                                  void *out, int64_t ldo);

/* Its per-row form (qc_requant_rows), the reference itself element by
 * element. */
void qc_gemm_s8_requantize_rows_scalar(const int32_t *tile, int64_t ldt, int64_t rows,
                                       int64_t columns, const qc_requant_rows *params,
                                       int out_kind, void *out, int64_t ldo);

/* qc_gemm_s8 with an explicit variant (or its fallback where it is not exact
 * on packed_b, qc_gemm_s8_tiles_for_b): tests and benchmarks force each one. */
void qc_gemm_s8_with_tiles(int64_t m, int64_t n, int64_t k, const void *a, int64_t lda,
                           const void *packed_b, const int32_t *bias,
                           const int32_t *multiplier, const int32_t *shift,
                           int32_t per_channel, int32_t output_zero_point, int32_t clamp_min,
                           int32_t clamp_max, int32_t flags, void *c, int64_t ldc,
                           const qc_gemm_s8_tiles *tiles);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_GEMM_S8_TILES_H */
