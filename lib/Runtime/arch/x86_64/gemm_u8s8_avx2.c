/*===- gemm_u8s8_avx2.c - int8 micro-kernel for AVX2 on vpmaddubsw --------===*
 *
 * Built with -mavx2. vpmaddubsw multiplies 32 uint8 by 32 int8 and adds each
 * adjacent pair of products into an int16 lane, with saturation; vpmaddwd by
 * ones then adds the lane pairs into int32 (ONNX Runtime's U8S8 form): 32
 * multiply-adds for the 16 of gemm_s8_avx2.c's vpmaddwd on int16, and no
 * widening of either operand. The activations are the uint8 operand, the
 * weights the int8 one.
 *
 * Exact when no int16 pair sum saturates, which depends on the weights only:
 * for any uint8 a0, a1, |a0 * w0 + a1 * w1| <= 255 * 128 = 32640 when the
 * positive weights of the pair sum to at most 128 and the negative ones to at
 * least -128. Every 7-bit weight in [-64, 64] passes (ONNX Runtime's
 * quantizer makes those with reduce_range, as it advises for AVX2 without
 * VNNI); 8-bit weights mostly fail somewhere. exactForB checks the pairs of
 * a packed B, and the driver runs gemm_s8_avx2.c's variant (the fallback)
 * when they fail (qc_gemm_s8_tiles_for_b).
 *
 * Packed B's groups (KernelABI.h) are vpmaddubsw's operand as they are: 32
 * bytes hold 8 columns x 4 k, and against a broadcast of one row's 4 values of
 * A the pairs are (k0, k1) and (k2, k3) of each column, so vpmaddwd by ones
 * leaves the 8 columns' sums in order. A is packed as uint8 (int8 activations
 * flipped to a + 128: unsigned_activations). In the convolution's weights x
 * im2col^T form (conv2d_s8_channel_rows.c) A holds the weights and B the
 * activations: the same tile with vpmaddubsw's operands swapped.
 *
 * The tile is 4 x 16 (8 accumulators): in the loop 4 and 6 rows run at the
 * same rate (utils/bench/s8_kernel_forms.c, ort4 and ort6), and the output
 * channels, the rows of the weights x im2col^T form, come in multiples of 4
 * and 8 more often than of 6 (MobileNetV2: 16, 32, 64, 160, 320).
 *===----------------------------------------------------------------------===*/

#include "gemm_s8_tiles.h"

#include <immintrin.h>
#include <string.h>

enum { MR = 4, NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR };

/* c (MR x 16) = (accumulate ? c : 0) + A B. activationsInB: A holds the int8
 * operand (the weights), B the uint8 one. Inlined per form. */
static inline __attribute__((always_inline)) void
multiplyTile(int64_t kc, const void *aPacked, const void *bPacked, int32_t *c, int64_t ldc,
             int accumulate, int activationsInB) {
  const uint8_t *a = (const uint8_t *)aPacked;
  const uint8_t *b = (const uint8_t *)bPacked;
  const __m256i ones = _mm256_set1_epi16(1);
  __m256i acc[MR][2]; /* columns 0-7 and 8-15 */
  for (int r = 0; r < MR; ++r)
    acc[r][0] = acc[r][1] = _mm256_setzero_si256();
  for (int64_t kg = 0; kg < kc / KR; ++kg, a += MR * KR, b += NR * KR) {
    const __m256i b0 = _mm256_loadu_si256((const __m256i *)b);
    const __m256i b1 = _mm256_loadu_si256((const __m256i *)(b + 32));
    for (int r = 0; r < MR; ++r) {
      int32_t ak;
      memcpy(&ak, a + r * KR, sizeof ak);
      const __m256i ar = _mm256_set1_epi32(ak);
      const __m256i pairs0 =
          activationsInB ? _mm256_maddubs_epi16(b0, ar) : _mm256_maddubs_epi16(ar, b0);
      const __m256i pairs1 =
          activationsInB ? _mm256_maddubs_epi16(b1, ar) : _mm256_maddubs_epi16(ar, b1);
      acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(pairs0, ones));
      acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(pairs1, ones));
    }
  }
  for (int r = 0; r < MR; ++r)
    for (int h = 0; h < 2; ++h) {
      __m256i *row = (__m256i *)(c + r * ldc + 8 * h);
      __m256i sums = acc[r][h];
      if (accumulate)
        sums = _mm256_add_epi32(sums, _mm256_loadu_si256(row));
      _mm256_storeu_si256(row, sums);
    }
}

static void multiplyTile4x16(int64_t kc, const void *aPacked, const void *bPacked, int32_t *c,
                             int64_t ldc, int accumulate) {
  multiplyTile(kc, aPacked, bPacked, c, ldc, accumulate, 0);
}

static void multiplyChannelRowsTile4x16(int64_t kc, const void *aPacked, const void *bPacked,
                                        int32_t *c, int64_t ldc, int accumulate) {
  multiplyTile(kc, aPacked, bPacked, c, ldc, accumulate, 1);
}

/* Whether every k pair (k0, k1), (k2, k3) of every column of the packed B
 * has positive weights summing to at most 128 and negative ones to at least
 * -128. vpmaddubsw by ones adds each pair of the positive parts (max(w, 0))
 * and of the negative parts (min(w, 0)) exactly (|sum| <= 256); the largest
 * and smallest sums are kept per lane and compared once per panel, which
 * stops at the first failing one. */
static int exactForB(const void *packedB, int64_t k, int64_t n) {
  const int64_t panelBytes = qc_gemm_s8_panel_bytes(k);
  const int64_t codeBytes = panelBytes - 4 * NR; /* past the column sums */
  const __m256i ones = _mm256_set1_epi8(1), zero = _mm256_setzero_si256();
  for (int64_t p = 0; p < (n + NR - 1) / NR; ++p) {
    const uint8_t *codes = (const uint8_t *)packedB + p * panelBytes + 4 * NR;
    __m256i highest = zero, lowest = zero;
    for (int64_t i = 0; i < codeBytes; i += 32) {
      const __m256i w = _mm256_loadu_si256((const __m256i *)(codes + i));
      highest = _mm256_max_epi16(highest, _mm256_maddubs_epi16(ones, _mm256_max_epi8(w, zero)));
      lowest = _mm256_min_epi16(lowest, _mm256_maddubs_epi16(ones, _mm256_min_epi8(w, zero)));
    }
    const __m256i fails = _mm256_or_si256(_mm256_cmpgt_epi16(highest, _mm256_set1_epi16(128)),
                                          _mm256_cmpgt_epi16(_mm256_set1_epi16(-128), lowest));
    if (!_mm256_testz_si256(fails, fails))
      return 0;
  }
  return 1;
}

const qc_gemm_s8_tiles qc_gemm_s8_tiles_avx2_maddubs = {
    .name = "avx2_maddubs",
    .required_features = QC_CPU_X86_AVX2,
    .mr = MR,
    .mc = 64,
    .kc = 512,
    .wide_a = 0,
    .unsigned_activations = 1,
    .prepare_b = NULL,
    .tile = multiplyTile4x16,
    .requantize = qc_gemm_s8_requantize_avx2,
    .requantize_rows = qc_gemm_s8_requantize_rows_avx2,
    .channel_rows_tile = multiplyChannelRowsTile4x16,
    .exact_for_b = exactForB,
    .fallback = &qc_gemm_s8_tiles_avx2,
};
