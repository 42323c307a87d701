/*===- gemm_f32_pack.c - the packed-B layout of KernelABI.h ---------------===*
 *
 * Runs at compile time (the compiler packs constant weights) as well as at
 * run time, so it is plain C with no ISA-specific code.
 *===----------------------------------------------------------------------===*/

#include "quantc/Runtime/KernelABI.h"

static int64_t panelCount(int64_t n) { return (n + QC_GEMM_F32_NR - 1) / QC_GEMM_F32_NR; }

int64_t qc_gemm_f32_packed_b_size(int64_t k, int64_t n) {
  return panelCount(n) * k * QC_GEMM_F32_NR;
}

void qc_gemm_f32_pack_b(const float *b, int64_t k, int64_t n, int64_t ldb, int transposed,
                        float *packed) {
  /* Element (kk, j) of B, wherever the caller's layout stores it. */
  const int64_t kStride = transposed ? 1 : ldb;
  const int64_t nStride = transposed ? ldb : 1;
  for (int64_t panel = 0; panel < panelCount(n); ++panel) {
    int64_t firstColumn = panel * QC_GEMM_F32_NR;
    float *out = packed + panel * k * QC_GEMM_F32_NR;
    for (int64_t kk = 0; kk < k; ++kk) {
      for (int64_t j = 0; j < QC_GEMM_F32_NR; ++j) {
        int64_t column = firstColumn + j;
        *out++ = column < n ? b[kk * kStride + column * nStride] : 0.0f;
      }
    }
  }
}
