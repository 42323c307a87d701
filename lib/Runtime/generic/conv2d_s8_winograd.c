/*===- conv2d_s8_winograd.c - portable micro-kernel of the Winograd conv --===*
 *
 * int16 x int16 products of the transformed operands (conv2d_s8_winograd.h),
 * summed in uint32 so that the wrap modulo 2^32, which the exactness
 * argument allows (KernelABI.h), is defined behaviour. The fallback, and the
 * only variant on AArch64, where the compiler keeps the sdot / smmla im2col
 * path instead.
 *===----------------------------------------------------------------------===*/

#include "conv2d_s8_winograd.h"
#include "conv2d_s8_winograd_transform.h"

enum { MR = QC_WINOGRAD_MR, KA = QC_WINOGRAD_KA, NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR };

static void multiplyTile(int64_t kc, const int16_t *a, const int16_t *b, int32_t *c,
                         int64_t ldc, int rows) {
  uint32_t acc[MR][NR] = {{0}};
  for (int64_t k = 0; k < kc; ++k) {
    const int16_t *ak = a + (k / KA) * MR * KA + k % KA;
    const int16_t *bk = b + (k / KR) * NR * KR + k % KR;
    for (int r = 0; r < MR; ++r)
      for (int j = 0; j < NR; ++j)
        acc[r][j] += (uint32_t)(ak[r * KA] * bk[j * KR]);
  }
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < NR; ++j)
      c[r * ldc + j] = (int32_t)acc[r][j];
}

static void transformRow(const qc_winograd_input *in, int64_t tileRow) {
  qc_winograd_transform_row(in, tileRow);
}

const qc_conv2d_s8_winograd_kernel qc_conv2d_s8_winograd_generic = {
    .name = "generic",
    .required_features = 0,
    .transform_row = transformRow,
    .tile = multiplyTile,
};
