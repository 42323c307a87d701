/*===- gemm_f32_driver.c - cache blocking, A packing, edges, epilogue -----===*
 *
 * The classic Goto/BLIS loop nest around a micro-kernel, with B already
 * packed (KernelABI.h), so only A is packed here (from a row-major matrix, or
 * by the caller's callback, see gemm_f32_driver.h):
 *
 *   for each MC-row block of A              (one task of the thread pool)
 *     for each KC-deep slice of K           (the MC x KC block of A stays in L2)
 *       for each NR-column panel of B       (the KC x NR panel slice stays in L1)
 *         for each MR-row micro-panel       -> micro-kernel, MR x NR of C
 *
 * N is not blocked for the caches: packed B is read panel by panel in order,
 * which the hardware prefetchers follow, and every panel slice is reused by
 * the MC / MR micro-kernel calls of its block while it sits in L1. N is only
 * cut into groups of panels to make enough tasks for the threads.
 *
 * The bias and the epilogue are applied by portable code here, once per C
 * tile, right after its last KC slice while the tile is still in L1: that is
 * O(M N) work next to O(M N K), and keeps every micro-kernel a pure product.
 * A caller that wants C elsewhere than row-major (the convolution) gets each
 * finished tile through a sink at that same moment.
 *===----------------------------------------------------------------------===*/

#include "gemm_f32_driver.h"

#include "copy_floats.h"
#include "threadpool.h"

#include <math.h>
#include <string.h>

enum { NR = QC_GEMM_F32_NR };

/* Below this many flops (about 10 us on one core) a parallel loop costs more
 * in wake-ups than it saves. */
#define PARALLEL_MIN_FLOPS (1 << 20)

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t maxInt(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int64_t qc_gemm_f32_packed_a_size(int64_t m, int64_t k, int mr) {
  return ceilDiv(m, mr) * mr * k;
}

/* Lays out rows [0, rows) x columns [0, depth) of A as micro-panels of mr
 * rows, each k-major (the micro-kernel reads mr consecutive floats per step).
 * Rows past `rows` in the last micro-panel are zero so the micro-kernel can
 * always compute full tiles. Inlined with a constant mr for each variant's
 * tile height, so that the row loop unrolls and the k loop vectorizes. */
static inline __attribute__((always_inline)) void
packAPanels(const float *a, int64_t lda, int64_t rows, int64_t depth, int mr, float *packed) {
  int64_t firstRow = 0;
  for (; firstRow + mr <= rows; firstRow += mr, packed += mr * depth) {
    const float *src = a + firstRow * lda;
    for (int64_t k = 0; k < depth; ++k)
      for (int r = 0; r < mr; ++r)
        packed[k * mr + r] = src[r * lda + k];
  }
  if (firstRow < rows) { /* the last, partial micro-panel */
    const int64_t panelRows = rows - firstRow;
    const float *src = a + firstRow * lda;
    for (int64_t k = 0; k < depth; ++k)
      for (int r = 0; r < mr; ++r)
        packed[k * mr + r] = r < panelRows ? src[r * lda + k] : 0.0f;
  }
}

void qc_gemm_f32_pack_a(const float *a, int64_t lda, int64_t rows, int64_t depth, int mr,
                        float *packed) {
  switch (mr) { /* the tile heights of the variants in gemm_f32_dispatch.c */
  case 4:
    packAPanels(a, lda, rows, depth, 4, packed);
    break;
  case 6:
    packAPanels(a, lda, rows, depth, 6, packed);
    break;
  case 14:
    packAPanels(a, lda, rows, depth, 14, packed);
    break;
  default:
    packAPanels(a, lda, rows, depth, mr, packed);
    break;
  }
}

/* -0.0f is the additive identity (+0.0f is not: -0 + +0 = +0), so an absent
 * bias reads as -0 and every tile takes the same single pass. */
static const float noColumnBias[NR] = {-0.0f, -0.0f, -0.0f, -0.0f, -0.0f, -0.0f, -0.0f, -0.0f,
                                       -0.0f, -0.0f, -0.0f, -0.0f, -0.0f, -0.0f, -0.0f, -0.0f};

/* Bias and activation on rows x columns (<= NR) of C at c (row stride ldc),
 * whose first column is firstColumn, in one pass per row. */
static void applyEpilogue(const qc_gemm_f32_problem *p, float *c, int64_t ldc, int64_t rows,
                          int64_t firstColumn, int64_t columns) {
  const float *columnBias = p->column_bias ? p->column_bias + firstColumn : noColumnBias;
  const int activate = p->epilogue == QC_EPILOGUE_RELU || p->epilogue == QC_EPILOGUE_CLAMP;
  /* RELU is a clamp to [0, +inf); x > lo ? x : lo sends NaN to lo, as the
   * max(x, lo) of ONNX Relu and Clip. */
  const float lo = p->epilogue == QC_EPILOGUE_CLAMP ? p->clamp_min : 0.0f;
  const float hi = p->epilogue == QC_EPILOGUE_CLAMP ? p->clamp_max : INFINITY;
  for (int64_t i = 0; i < rows; ++i) {
    float *row = c + i * ldc;
    if (activate) {
      for (int64_t j = 0; j < columns; ++j) {
        float x = row[j] + columnBias[j];
        x = x > lo ? x : lo;
        row[j] = x < hi ? x : hi;
      }
    } else {
      for (int64_t j = 0; j < columns; ++j)
        row[j] = row[j] + columnBias[j];
    }
  }
}

static int hasEpilogue(const qc_gemm_f32_problem *p) {
  return p->column_bias || p->epilogue != QC_EPILOGUE_NONE;
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
  if (columns == NR) { /* only rows missing: constant-size copies the compiler inlines */
    if (accumulate)
      for (int64_t i = 0; i < rows; ++i)
        memcpy(edge + i * NR, c + i * ldc, NR * sizeof(float));
    tiles->tile(depth, aPanel, bPanel, edge, NR, accumulate);
    for (int64_t i = 0; i < rows; ++i)
      memcpy(c + i * ldc, edge + i * NR, NR * sizeof(float));
    return;
  }
  if (accumulate)
    for (int64_t i = 0; i < rows; ++i)
      qc_copy_short_floats(edge + i * NR, c + i * ldc, columns);
  tiles->tile(depth, aPanel, bPanel, edge, NR, accumulate);
  for (int64_t i = 0; i < rows; ++i)
    qc_copy_short_floats(c + i * ldc, edge + i * NR, columns);
}

/* K == 0: the product is empty, C is the epilogue of the bias alone. */
static void computeEmptyProduct(const qc_gemm_f32_problem *p) {
  if (p->sink) {
    float tile[QC_GEMM_F32_MAX_MR * NR];
    for (int64_t j0 = 0; j0 < p->n; j0 += NR) {
      const int64_t columns = minInt(NR, p->n - j0);
      for (int64_t i0 = 0; i0 < p->m; i0 += QC_GEMM_F32_MAX_MR) {
        const int64_t rows = minInt(QC_GEMM_F32_MAX_MR, p->m - i0);
        memset(tile, 0, sizeof(tile));
        applyEpilogue(p, tile, NR, rows, j0, columns);
        p->sink(p->sink_context, tile, NR, i0, rows, j0, columns);
      }
    }
    return;
  }
  for (int64_t i = 0; i < p->m; ++i)
    memset(p->c + i * p->ldc, 0, (size_t)p->n * sizeof(float));
  if (hasEpilogue(p))
    for (int64_t j0 = 0; j0 < p->n; j0 += NR)
      applyEpilogue(p, p->c + j0, p->ldc, p->m, j0, minInt(NR, p->n - j0));
}

/* C rows [firstRow, firstRow + rows) (at most one MC block, firstRow a
 * multiple of MC) x panels [firstPanel, firstPanel + panelCount). */
static void computeBlock(const qc_gemm_f32_problem *p, const qc_gemm_f32_tiles *tiles,
                         int64_t firstRow, int64_t rows, int64_t firstPanel,
                         int64_t panelCount) {
  _Alignas(64) float aBlock[QC_GEMM_F32_A_BLOCK_FLOATS];
  const int mr = tiles->mr;
  const int epilogue = hasEpilogue(p);
  /* With a sink and a single KC slice, tiles never need C: each is computed
   * whole into this L1-resident one and handed over. */
  const int tileOnly = p->sink && p->k <= tiles->kc;
  _Alignas(64) float tile[QC_GEMM_F32_MAX_MR * NR];
  for (int64_t k0 = 0; k0 < p->k; k0 += tiles->kc) {
    const int64_t depth = minInt(tiles->kc, p->k - k0);
    const int accumulate = k0 > 0;
    const int lastSlice = k0 + depth == p->k;
    /* Micro-panel q of this block's KC slice is at aBlock + q * mr * depth. */
    if (p->pack_a)
      p->pack_a(p->pack_a_context, firstRow, rows, k0, depth, mr, aBlock);
    else
      qc_gemm_f32_pack_a(p->a + firstRow * p->lda + k0, p->lda, rows, depth, mr, aBlock);
    for (int64_t panel = firstPanel; panel < firstPanel + panelCount; ++panel) {
      const int64_t j0 = panel * NR;
      const int64_t columns = minInt(NR, p->n - j0);
      const float *bPanel = p->packed_b + panel * p->k * NR + k0 * NR;
      for (int64_t ir = 0; ir < rows; ir += mr) {
        const int64_t tileRows = minInt(mr, rows - ir);
        const float *aPanel = aBlock + (ir / mr) * mr * depth;
        if (tileOnly) {
          tiles->tile(depth, aPanel, bPanel, tile, NR, 0);
          if (epilogue)
            applyEpilogue(p, tile, NR, tileRows, j0, columns);
          p->sink(p->sink_context, tile, NR, firstRow + ir, tileRows, j0, columns);
          continue;
        }
        float *c = p->c + (firstRow + ir) * p->ldc + j0;
        computeTile(tiles, depth, aPanel, bPanel, c, p->ldc, tileRows, columns, accumulate);
        if (lastSlice && epilogue)
          applyEpilogue(p, c, p->ldc, tileRows, j0, columns);
        if (lastSlice && p->sink)
          p->sink(p->sink_context, c, p->ldc, firstRow + ir, tileRows, j0, columns);
      }
    }
  }
}

/* The tasks of one GEMM: MC-row blocks x groups of panelsPerTask panels,
 * row-block-major so that consecutive tasks share their rows of A. */
typedef struct GemmTasks {
  const qc_gemm_f32_problem *problem;
  const qc_gemm_f32_tiles *tiles;
  int64_t panels, panelsPerTask, panelGroups;
} GemmTasks;

static void runTask(void *context, size_t task) {
  const GemmTasks *t = (const GemmTasks *)context;
  const int64_t rowBlock = (int64_t)task / t->panelGroups;
  const int64_t firstPanel = ((int64_t)task % t->panelGroups) * t->panelsPerTask;
  const int64_t firstRow = rowBlock * t->tiles->mc;
  computeBlock(t->problem, t->tiles, firstRow, minInt(t->tiles->mc, t->problem->m - firstRow),
               firstPanel, minInt(t->panelsPerTask, t->panels - firstPanel));
}

void qc_gemm_f32_run(const qc_gemm_f32_problem *p, const qc_gemm_f32_tiles *tiles) {
  if (p->m <= 0 || p->n <= 0)
    return;
  if (p->k <= 0) {
    computeEmptyProduct(p);
    return;
  }
  GemmTasks t = {.problem = p, .tiles = tiles, .panels = ceilDiv(p->n, NR)};
  const int64_t rowBlocks = ceilDiv(p->m, tiles->mc);
  const int32_t threads = qc_num_threads();
  const double flops = 2.0 * (double)p->m * (double)p->n * (double)p->k;
  if (threads == 1 || flops < PARALLEL_MIN_FLOPS) {
    t.panelsPerTask = t.panels;
  } else {
    /* About four tasks per thread, so that pthreadpool's work stealing can
     * even out a slow or shared core. Each task packs its own A block: give
     * it at least 4 panels (64 columns) to amortize that packing over. */
    const int64_t targetTasks = 4 * (int64_t)threads;
    const int64_t groups = minInt(t.panels, ceilDiv(targetTasks, rowBlocks));
    const int64_t minPanels = minInt(t.panels, 4);
    t.panelsPerTask = maxInt(ceilDiv(t.panels, groups), minPanels);
  }
  t.panelGroups = ceilDiv(t.panels, t.panelsPerTask);
  const size_t tasks = (size_t)(rowBlocks * t.panelGroups);
  if (threads == 1 || tasks == 1)
    for (size_t task = 0; task < tasks; ++task)
      runTask(&t, task);
  else
    qc_parallel_for(tasks, runTask, &t);
}

void qc_gemm_f32_with_tiles(const qc_gemm_f32_params *params, const qc_gemm_f32_tiles *tiles) {
  const qc_gemm_f32_problem problem = {
      .m = params->m,
      .n = params->n,
      .k = params->k,
      .a = params->a,
      .lda = params->lda,
      .packed_b = params->packed_b,
      .column_bias = params->bias,
      .c = params->c,
      .ldc = params->ldc,
      .epilogue = params->epilogue,
      .clamp_min = params->clamp_min,
      .clamp_max = params->clamp_max,
  };
  qc_gemm_f32_run(&problem, tiles);
}
