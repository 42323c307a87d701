/*===- gemm_f32_driver.c - cache blocking, A packing, edges, epilogue -----===*
 *
 * The classic Goto/BLIS loop nest around a micro-kernel, with B already
 * packed (KernelABI.h), so only A is packed here:
 *
 *   for each KC-deep slice of K             (one B panel slice stays in L1)
 *     for each MC-row block of A            (packed, stays in L2)
 *       for each NR-column panel of B
 *         for each MR-row micro-panel       -> micro-kernel, MR x NR of C
 *
 * N is not blocked: packed B is read panel by panel in order, which the
 * hardware prefetchers follow, and every panel slice is reused by the MC / MR
 * micro-kernel calls of its block while it sits in L1.
 *
 * The bias and the epilogue are applied by portable code here, once per C
 * tile, right after its last KC slice while the tile is still in L1: that is
 * O(M N) work next to O(M N K), and keeps every micro-kernel a pure product.
 *===----------------------------------------------------------------------===*/

#include "gemm_f32_tiles.h"

#include <string.h>

enum { NR = QC_GEMM_F32_NR };

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }

/* Lays out rows [0, rows) x columns [0, depth) of A as micro-panels of mr
 * rows, each k-major (the micro-kernel reads mr consecutive floats per step).
 * Rows past `rows` in the last micro-panel are zero so the micro-kernel can
 * always compute full tiles. */
static void packABlock(const float *a, int64_t lda, int64_t rows, int64_t depth, int mr,
                       float *packed) {
  for (int64_t firstRow = 0; firstRow < rows; firstRow += mr) {
    int64_t panelRows = minInt(mr, rows - firstRow);
    const float *src = a + firstRow * lda;
    for (int64_t k = 0; k < depth; ++k) {
      int64_t r = 0;
      for (; r < panelRows; ++r)
        packed[r] = src[r * lda + k];
      for (; r < mr; ++r)
        packed[r] = 0.0f;
      packed += mr;
    }
  }
}

static float activate(float x, const qc_gemm_f32_params *p) {
  switch (p->epilogue) {
  case QC_EPILOGUE_RELU:
    return x > 0.0f ? x : 0.0f;
  case QC_EPILOGUE_CLAMP:
    x = x > p->clamp_min ? x : p->clamp_min;
    return x < p->clamp_max ? x : p->clamp_max;
  default:
    return x;
  }
}

/* Bias and activation on rows x columns of C starting at column firstColumn. */
static void applyEpilogue(const qc_gemm_f32_params *p, float *c, int64_t rows,
                          int64_t firstColumn, int64_t columns) {
  if (!p->bias && p->epilogue == QC_EPILOGUE_NONE)
    return;
  for (int64_t i = 0; i < rows; ++i) {
    float *row = c + i * p->ldc;
    for (int64_t j = 0; j < columns; ++j) {
      float x = row[j] + (p->bias ? p->bias[firstColumn + j] : 0.0f);
      row[j] = activate(x, p);
    }
  }
}

/* One micro-kernel call for C rows x columns at c. Edge tiles go through a
 * full-size scratch tile so that the micro-kernels never handle edges. */
static void computeTile(const qc_gemm_f32_tiles *tiles, int64_t depth, const float *aPanel,
                        const float *bPanel, float *c, int64_t ldc, int64_t rows,
                        int64_t columns, int accumulate) {
  if (rows == tiles->mr && columns == NR) {
    tiles->tile(depth, aPanel, bPanel, c, ldc, accumulate);
    return;
  }
  float edge[QC_GEMM_F32_MAX_MR * NR];
  if (accumulate)
    for (int64_t i = 0; i < rows; ++i)
      memcpy(edge + i * NR, c + i * ldc, (size_t)columns * sizeof(float));
  tiles->tile(depth, aPanel, bPanel, edge, NR, accumulate);
  for (int64_t i = 0; i < rows; ++i)
    memcpy(c + i * ldc, edge + i * NR, (size_t)columns * sizeof(float));
}

/* K == 0: the product is empty, C is the epilogue of the bias alone. */
static void computeEmptyProduct(const qc_gemm_f32_params *p) {
  for (int64_t i = 0; i < p->m; ++i)
    memset(p->c + i * p->ldc, 0, (size_t)p->n * sizeof(float));
  applyEpilogue(p, p->c, p->m, 0, p->n);
}

void qc_gemm_f32_with_tiles(const qc_gemm_f32_params *p, const qc_gemm_f32_tiles *tiles) {
  if (p->m <= 0 || p->n <= 0)
    return;
  if (p->k <= 0) {
    computeEmptyProduct(p);
    return;
  }
  _Alignas(64) float aBlock[QC_GEMM_F32_A_BLOCK_FLOATS];
  const int64_t panels = (p->n + NR - 1) / NR;
  for (int64_t k0 = 0; k0 < p->k; k0 += tiles->kc) {
    const int64_t depth = minInt(tiles->kc, p->k - k0);
    const int accumulate = k0 > 0;
    const int lastSlice = k0 + depth == p->k;
    for (int64_t i0 = 0; i0 < p->m; i0 += tiles->mc) {
      const int64_t blockRows = minInt(tiles->mc, p->m - i0);
      packABlock(p->a + i0 * p->lda + k0, p->lda, blockRows, depth, tiles->mr, aBlock);
      for (int64_t panel = 0; panel < panels; ++panel) {
        const int64_t j0 = panel * NR;
        const int64_t columns = minInt(NR, p->n - j0);
        const float *bPanel = p->packed_b + panel * p->k * NR + k0 * NR;
        for (int64_t ir = 0; ir < blockRows; ir += tiles->mr) {
          const int64_t rows = minInt(tiles->mr, blockRows - ir);
          float *c = p->c + (i0 + ir) * p->ldc + j0;
          computeTile(tiles, depth, aBlock + ir * depth, bPanel, c, p->ldc, rows, columns,
                      accumulate);
          if (lastSlice)
            applyEpilogue(p, c, rows, j0, columns);
        }
      }
    }
  }
}
