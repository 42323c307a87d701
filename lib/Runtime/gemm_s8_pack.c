/*===- gemm_s8_pack.c - the int8 packed-B layout of KernelABI.h -----------===*
 *
 * Runs at compile time (the compiler packs constant weights) as well as at
 * run time, so it is plain C with no ISA-specific code.
 *===----------------------------------------------------------------------===*/

#include "gemm_s8_tiles.h"

#include <string.h>

enum { NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR };

int64_t qc_gemm_s8_rounded_depth(int64_t k) { return (k + KR - 1) / KR * KR; }

int64_t qc_gemm_s8_panel_bytes(int64_t k) {
  return 4 * NR + qc_gemm_s8_rounded_depth(k) * NR;
}

int64_t qc_gemm_s8_packed_b_size(int64_t k, int64_t n) {
  if (k < 0 || n <= 0)
    return 0;
  return (n + NR - 1) / NR * qc_gemm_s8_panel_bytes(k);
}

void qc_gemm_s8_pack_b_elements(qc_gemm_s8_element_fn element, const void *context, int64_t k,
                                int64_t n, void *packed) {
  const int64_t kr = qc_gemm_s8_rounded_depth(k);
  int8_t *panel = (int8_t *)packed;
  for (int64_t j0 = 0; j0 < n; j0 += NR, panel += qc_gemm_s8_panel_bytes(k)) {
    int32_t sums[NR] = {0};
    int8_t *codes = panel + 4 * NR;
    for (int64_t kk = 0; kk < kr; ++kk) {
      for (int64_t j = 0; j < NR; ++j) {
        const int8_t x = kk < k && j0 + j < n ? element(context, kk, j0 + j) : 0;
        codes[kk / KR * KR * NR + j * KR + kk % KR] = x;
        sums[j] += x;
      }
    }
    memcpy(panel, sums, sizeof sums); /* packed is only 4-byte aligned by contract */
  }
}

/* Element (k, j) of a strided matrix. */
typedef struct StridedMatrix {
  const int8_t *b;
  int64_t kStride, nStride;
} StridedMatrix;

static int8_t stridedElement(const void *context, int64_t k, int64_t j) {
  const StridedMatrix *m = (const StridedMatrix *)context;
  return m->b[k * m->kStride + j * m->nStride];
}

void qc_gemm_s8_pack_b(const int8_t *b, int64_t k, int64_t n, int64_t ldb, int transposed,
                       void *packed) {
  const StridedMatrix matrix = {b, transposed ? 1 : ldb, transposed ? ldb : 1};
  qc_gemm_s8_pack_b_elements(stridedElement, &matrix, k, n, packed);
}

int qc_gemm_s8_packed_b_pairs_fit(const void *packedB, int64_t k, int64_t n) {
  const int64_t codeBytes = qc_gemm_s8_rounded_depth(k) * NR;
  const int8_t *panel = (const int8_t *)packedB;
  for (int64_t j0 = 0; j0 < n; j0 += NR, panel += qc_gemm_s8_panel_bytes(k)) {
    const int8_t *codes = panel + 4 * NR;
    for (int64_t i = 0; i < codeBytes; i += 2) { /* a pair: (k0, k1) or (k2, k3) of a column */
      const int w0 = codes[i], w1 = codes[i + 1];
      const int positive = (w0 > 0 ? w0 : 0) + (w1 > 0 ? w1 : 0);
      const int negative = (w0 < 0 ? w0 : 0) + (w1 < 0 ? w1 : 0);
      if (positive > 128 || negative < -128)
        return 0;
    }
  }
  return 1;
}
