/*===- gemm_s8_driver.c - int8 GEMM: blocking, A packing, requantization --===*
 *
 * The loop nest of the float driver (gemm_f32_driver.c), on int8:
 *
 *   for each MC-row block of A              (one task of the thread pool)
 *     for each KC-deep slice of K           (the MC x KC block of A stays in L2)
 *       for each NR-column panel of B       (prepared for the variant if it asks)
 *         for each MR-row micro-panel       -> micro-kernel, MR x NR int32
 *
 * C is not int32 (it holds 8-bit codes), so partial sums cannot wait in C
 * between KC slices as the float driver's do: when K spans several slices, a
 * task's tiles accumulate in an int32 buffer on its stack, and a task then
 * covers at most QC_GEMM_S8_PARTIAL_PANELS panels. When K fits one slice
 * (most layers), each tile goes from the micro-kernel to the epilogue while
 * it is in L1. The epilogue (bias, the uint8 correction, requantization and
 * clamp) is the variant's vectorized requantizer, run once per finished tile,
 * straight into C or into a small tile handed to the sink.
 *===----------------------------------------------------------------------===*/

#include "gemm_s8_driver.h"

#include "threadpool.h"

#include <string.h>

enum { NR = QC_GEMM_S8_NR, KR = QC_GEMM_S8_KR };

/* The panels one task covers when partial sums are kept: its mc rows of them
 * must fit the stack buffer (the largest mc is 64). */
#define PARTIAL_PANELS(mc) (QC_GEMM_S8_PARTIAL_BYTES / 4 / ((mc) * NR))

/* The driver's buffers, the convolution packer's k-major panel
 * (conv2d_s8_im2col.c) and 4 KiB for the frames. */
_Static_assert(QC_GEMM_S8_A_BLOCK_BYTES + QC_GEMM_S8_PREPARED_B_BYTES + QC_GEMM_S8_PARTIAL_BYTES +
                       QC_GEMM_S8_MAX_MR * NR * 4 + (QC_GEMM_S8_SINK_ROWS + 8) * NR * 4 +
                       QC_GEMM_S8_MAX_MR * QC_GEMM_S8_MAX_KC + 4096 <=
                   QC_GEMM_S8_STACK_BYTES,
               "the driver's stack buffers exceed QC_GEMM_S8_STACK_BYTES");

/* Below this many multiply-adds a parallel loop costs more than it saves. */
#define PARALLEL_MIN_MACS (1 << 20)

static int64_t minInt(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t maxInt(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

static int outKind(int32_t flags) {
  return flags & QC_INT8_C_INT32 ? QC_S8_OUT_S32
                                 : flags & QC_INT8_C_SIGNED ? QC_S8_OUT_S8 : QC_S8_OUT_U8;
}

static int64_t outBytes(int kind) { return kind == QC_S8_OUT_S32 ? 4 : 1; }

/* Stores value `x` (an int8 after the uint8 flip) at position kk of group
 * position `slot` of a micro-panel, as int8 or int16. */
static inline __attribute__((always_inline)) void storeA(void *packed, int64_t slot, int wide,
                                                         int8_t x) {
  if (wide)
    ((int16_t *)packed)[slot] = x;
  else
    ((int8_t *)packed)[slot] = x;
}

typedef uint8_t Bytes16 __attribute__((vector_size(16)));

/* The 4 x 8 transpose of the k-major rows k[0..3] (8 lanes each): lanes
 * [2q, 2q + 2) of the result are rows 4q .. 4q + 7 of a group, each its 4
 * values of k. punpcklbw and punpcklwd / punpckhwd on SSE2, zip1 / zip2 on
 * NEON. */
static inline __attribute__((always_inline)) void interleave4x8(const uint8_t *kRows,
                                                                int64_t stride, Bytes16 out[2]) {
  Bytes16 k[4];
  for (int i = 0; i < 4; ++i) {
    memset(&k[i], 0, sizeof k[i]);
    memcpy(&k[i], kRows + i * stride, 8);
  }
  const Bytes16 k01 = __builtin_shufflevector(k[0], k[1], 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5,
                                              21, 6, 22, 7, 23);
  const Bytes16 k23 = __builtin_shufflevector(k[2], k[3], 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5,
                                              21, 6, 22, 7, 23);
  out[0] = __builtin_shufflevector(k01, k23, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22,
                                   23);
  out[1] = __builtin_shufflevector(k01, k23, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14,
                                   15, 30, 31);
}

static inline __attribute__((always_inline)) void
interleaveA(const uint8_t *kMajor, int64_t depth, int mr, int wide, uint8_t flip, void *packed) {
  typedef int8_t Signed16 __attribute__((vector_size(16)));
  typedef int16_t Wide16 __attribute__((vector_size(32)));
  const Bytes16 flips = (Bytes16){flip, flip, flip, flip, flip, flip, flip, flip,
                                  flip, flip, flip, flip, flip, flip, flip, flip};
  for (int64_t kg = 0; kg < depth / KR; ++kg) {
    /* mr <= 8 rows: one 4 x 8 transpose (reading past mr stays in the
     * caller's buffer, which has QC_GEMM_S8_MAX_MR lanes per k). */
    Bytes16 rows[2];
    interleave4x8(kMajor + kg * KR * mr, mr, rows);
    for (int q = 0; q < 2 && 4 * q < mr; ++q) {
      const Bytes16 codes = rows[q] ^ flips;
      const int64_t values = (mr - 4 * q < 4 ? mr - 4 * q : 4) * KR; /* of this half */
      const int64_t slot = (kg * mr + 4 * q) * KR;
      if (wide) {
        const Wide16 widened = __builtin_convertvector((Signed16)codes, Wide16);
        memcpy((int16_t *)packed + slot, &widened, (size_t)values * sizeof(int16_t));
      } else {
        memcpy((int8_t *)packed + slot, &codes, (size_t)values);
      }
    }
  }
}

void qc_gemm_s8_interleave_a(const uint8_t *kMajor, int64_t depth, int mr, int wide,
                             uint8_t flip, void *packed) {
  /* The tile shapes of the variants in gemm_s8_dispatch.c. */
  if (mr == 6 && wide)
    interleaveA(kMajor, depth, 6, 1, flip, packed);
  else if (mr == 4 && !wide)
    interleaveA(kMajor, depth, 4, 0, flip, packed);
  else if (mr == 2 && !wide)
    interleaveA(kMajor, depth, 2, 0, flip, packed);
  else
    interleaveA(kMajor, depth, mr, wide, flip, packed);
}

/* Codes src[0, 16) (4 groups of k), flipped, to group slots slot, slot +
 * stride, ... of a micro-panel: vector code in the baseline ISA (GCC/Clang
 * `vector_size`), as int8 or widened to int16. */
static inline __attribute__((always_inline)) void pack16(const uint8_t *src, uint8_t flip,
                                                         int wide, void *packed, int64_t slot,
                                                         int64_t stride) {
  typedef int8_t Codes __attribute__((vector_size(16)));
  typedef int16_t Wide __attribute__((vector_size(32)));
  Codes codes;
  memcpy(&codes, src, sizeof codes);
  codes ^= (Codes){(int8_t)flip, (int8_t)flip, (int8_t)flip, (int8_t)flip, (int8_t)flip,
                   (int8_t)flip, (int8_t)flip, (int8_t)flip, (int8_t)flip, (int8_t)flip,
                   (int8_t)flip, (int8_t)flip, (int8_t)flip, (int8_t)flip, (int8_t)flip,
                   (int8_t)flip};
  if (wide) {
    const Wide values = __builtin_convertvector(codes, Wide);
    for (int g = 0; g < 4; ++g)
      memcpy((int16_t *)packed + slot + g * stride, (const int16_t *)&values + g * KR,
             KR * sizeof(int16_t));
  } else {
    for (int g = 0; g < 4; ++g)
      memcpy((int8_t *)packed + slot + g * stride, (const int8_t *)&codes + g * KR, KR);
  }
}

/* Rows [0, rows) x columns [k0, k0 + depth) of the row-major A at a (row 0,
 * column 0), K columns in all, as micro-panels of mr rows. Inlined with a
 * constant mr and width per variant, so that the inner loops unroll. */
static inline __attribute__((always_inline)) void
packMatrix(const uint8_t *a, int64_t lda, int64_t rows, int64_t k0, int64_t depth, int64_t k,
           int mr, int wide, uint8_t flip, void *packed) {
  const int64_t valid = minInt(depth, k - k0); /* columns of the slice inside K */
  const int64_t fullGroups = valid / KR;
  const int64_t panelValues = mr * depth;
  for (int64_t q = 0; q * mr < rows; ++q) {
    void *panel = wide ? (void *)((int16_t *)packed + q * panelValues)
                       : (void *)((int8_t *)packed + q * panelValues);
    for (int r = 0; r < mr; ++r) {
      const int64_t row = q * mr + r;
      if (row >= rows) {
        for (int64_t kg = 0; kg < depth / KR; ++kg)
          for (int kk = 0; kk < KR; ++kk)
            storeA(panel, (kg * mr + r) * KR + kk, wide, 0);
        continue;
      }
      const uint8_t *src = a + row * lda + k0;
      int64_t kg = 0;
      for (; kg + 4 <= fullGroups; kg += 4) /* 16 codes as one vector */
        pack16(src + kg * KR, flip, wide, panel, (kg * mr + r) * KR, mr * KR);
      for (; kg < fullGroups; ++kg)
        for (int kk = 0; kk < KR; ++kk)
          storeA(panel, (kg * mr + r) * KR + kk, wide, (int8_t)(src[kg * KR + kk] ^ flip));
      for (; kg < depth / KR; ++kg) /* the group K ends in, and the slice's padding */
        for (int kk = 0; kk < KR; ++kk) {
          const int64_t column = kg * KR + kk;
          storeA(panel, (kg * mr + r) * KR + kk, wide,
                 column < valid ? (int8_t)(src[column] ^ flip) : 0);
        }
    }
  }
}

static void packMatrixBlock(const qc_gemm_s8_problem *p, int64_t firstRow, int64_t rows,
                            int64_t k0, int64_t depth, int mr, int wide, uint8_t flip,
                            void *packed) {
  const uint8_t *a = (const uint8_t *)p->a + firstRow * p->lda;
  /* The tile shapes of the variants in gemm_s8_dispatch.c. */
  if (mr == 4 && !wide)
    packMatrix(a, p->lda, rows, k0, depth, p->k, 4, 0, flip, packed);
  else if (mr == 6 && wide)
    packMatrix(a, p->lda, rows, k0, depth, p->k, 6, 1, flip, packed);
  else if (mr == 2 && !wide)
    packMatrix(a, p->lda, rows, k0, depth, p->k, 2, 0, flip, packed);
  else /* not reached by the variants of gemm_s8_dispatch.c */
    packMatrix(a, p->lda, rows, k0, depth, p->k, mr, wide, flip, packed);
}

void qc_requant_panel_set_column(qc_requant_panel *rp, int j, int32_t bias, int32_t multiplier,
                                 int32_t shift) {
  rp->bias[j] = bias;
  rp->multiplier[j] = multiplier;
  rp->shift[j] = shift;
  rp->shift64[j] = shift;
  rp->round[j] = (INT64_C(1) << (shift - 1)) + (INT64_C(1) << 62);
  rp->offset[j] = (INT64_C(1) << (62 - shift)) - rp->zero_point;
  rp->low[j] = rp->clamp_min + rp->offset[j];
  rp->high[j] = rp->clamp_max + rp->offset[j];
  const int high = qc_requant_high_applies(shift);
  rp->shift_high[j] = high ? shift - 32 : -1;
  rp->rounding[j] = high ? qc_requant_high_rounding(shift, rp->zero_point) : 0;
  rp->uniform = 0;
}

void qc_requant_panel_set_uniform(qc_requant_panel *rp, int32_t bias, int32_t multiplier,
                                  int32_t shift) {
  qc_requant_panel_set_column(rp, 0, bias, multiplier, shift);
  for (int j = 1; j < NR; ++j) { /* copies of column 0: loops the compiler vectorizes */
    rp->bias[j] = rp->bias[0];
    rp->multiplier[j] = rp->multiplier[0];
    rp->shift[j] = rp->shift[0];
    rp->shift64[j] = rp->shift64[0];
    rp->round[j] = rp->round[0];
    rp->offset[j] = rp->offset[0];
    rp->low[j] = rp->low[0];
    rp->high[j] = rp->high[0];
    rp->shift_high[j] = rp->shift_high[0];
    rp->rounding[j] = rp->rounding[0];
  }
  rp->uniform = 1;
}

void qc_requant_panel_prepare(qc_requant_panel *rp, const int32_t columnSums[NR], int64_t j0,
                              int64_t n, const int32_t *bias, const int32_t *multiplier,
                              const int32_t *shift, int32_t perChannel, int32_t zeroPoint,
                              int32_t clampMin, int32_t clampMax, int32_t flags,
                              int32_t columnSumFactor) {
  const int requantize = !(flags & QC_INT8_C_INT32);
  rp->zero_point = zeroPoint;
  rp->clamp_min = clampMin;
  rp->clamp_max = clampMax;
  for (int j = 0; j < NR; ++j) {
    const int64_t column = minInt(j0 + j, n - 1);
    /* In uint32: the sum is exact modulo 2^32, and so is the kernel's. */
    const uint32_t sum = (bias ? (uint32_t)bias[column] : 0) +
                         (uint32_t)columnSumFactor * (uint32_t)columnSums[j];
    const int64_t which = perChannel ? column : 0;
    /* int32 output has no multipliers: any valid shift keeps the arithmetic defined. */
    qc_requant_panel_set_column(rp, j, (int32_t)sum, requantize ? multiplier[which] : 0,
                                requantize ? shift[which] : 1);
  }
}

/* The epilogue parameters of the panel whose first column is j0. */
static void preparePanel(const qc_gemm_s8_problem *p, const qc_gemm_s8_tiles *tiles, int64_t j0,
                         const int8_t *panel, qc_requant_panel *rp) {
  int32_t columnSums[NR];
  memcpy(columnSums, panel, sizeof columnSums);
  qc_requant_panel_prepare(rp, columnSums, j0, p->n, p->bias, p->multiplier, p->shift,
                           p->per_channel, p->zero_point, p->clamp_min, p->clamp_max, p->flags,
                           qc_gemm_s8_column_sum_factor(tiles, p->flags));
}

/* The requantized rows of one panel waiting for the sink: consecutive tiles,
 * at most QC_GEMM_S8_SINK_ROWS rows, and 8 rows of slack (the sink's
 * transposes read whole 8-row blocks). */
typedef struct SinkRows {
  _Alignas(64) int32_t codes[(QC_GEMM_S8_SINK_ROWS + 8) * NR];
  int64_t firstRow, rows;
} SinkRows;

static void flushRows(const qc_gemm_s8_problem *p, SinkRows *s, int64_t j0, int64_t columns) {
  if (s->rows > 0)
    p->sink(p->sink_context, s->codes, NR, s->firstRow, s->rows, j0, columns);
  s->rows = 0;
}

/* The finished accumulators of one tile (rows x columns at acc, stride ldAcc)
 * to C, or to `pending` on the way to the sink (the caller flushes it after a
 * panel's last tile). */
static void finishTile(const qc_gemm_s8_problem *p, const qc_gemm_s8_tiles *tiles,
                       const qc_requant_panel *rp, const int32_t *acc, int64_t ldAcc,
                       int64_t row, int64_t rows, int64_t j0, int64_t columns,
                       SinkRows *pending) {
  const int kind = outKind(p->flags);
  if (p->sink) {
    if (pending->rows + rows > QC_GEMM_S8_SINK_ROWS)
      flushRows(p, pending, j0, columns);
    if (pending->rows == 0)
      pending->firstRow = row;
    /* All NR columns, even in a partial panel: the buffer has them, the
     * columns past N hold sums of zero weights with valid parameters, and
     * the sink stores only `columns`; so the vector requantizer serves. */
    tiles->requantize(acc, ldAcc, rows, NR, rp, kind,
                      (char *)pending->codes + pending->rows * NR * outBytes(kind), NR);
    pending->rows += rows;
    return;
  }
  char *c = (char *)p->c + (row * p->ldc + j0) * outBytes(kind);
  tiles->requantize(acc, ldAcc, rows, columns, rp, kind, c, p->ldc);
}

/* C rows [firstRow, firstRow + rows) (one MC block) x panels [firstPanel,
 * firstPanel + panelCount). */
static void computeBlock(const qc_gemm_s8_problem *p, const qc_gemm_s8_tiles *tiles,
                         int64_t firstRow, int64_t rows, int64_t firstPanel,
                         int64_t panelCount) {
  _Alignas(64) int8_t aBlock[QC_GEMM_S8_A_BLOCK_BYTES];
  _Alignas(64) int8_t bPrepared[QC_GEMM_S8_PREPARED_B_BYTES];
  _Alignas(64) int32_t partial[QC_GEMM_S8_PARTIAL_BYTES / 4];
  _Alignas(64) int32_t tile[QC_GEMM_S8_MAX_MR * NR];
  SinkRows pending = {.rows = 0};
  const int mr = tiles->mr;
  const int64_t kr = qc_gemm_s8_rounded_depth(p->k);
  const int64_t panelBytes = qc_gemm_s8_panel_bytes(p->k);
  const int64_t aValueBytes = tiles->wide_a ? 2 : 1;
  /* Several slices: tiles accumulate in `partial`, [row][column of the task]. */
  const int sliced = kr > tiles->kc;
  const int64_t ldPartial = panelCount * NR;
  qc_requant_panel rp;
  for (int64_t k0 = 0; k0 < kr; k0 += tiles->kc) {
    const int64_t depth = minInt(tiles->kc, kr - k0);
    const int firstSlice = k0 == 0, lastSlice = k0 + depth == kr;
    if (p->pack_a)
      p->pack_a(p->pack_a_context, firstRow, rows, k0, depth, mr, tiles->wide_a, aBlock);
    else
      packMatrixBlock(p, firstRow, rows, k0, depth, mr, tiles->wide_a,
                      qc_gemm_s8_activation_flip(tiles, p->flags), aBlock);
    for (int64_t panel = firstPanel; panel < firstPanel + panelCount; ++panel) {
      const int64_t j0 = panel * NR;
      const int64_t columns = minInt(NR, p->n - j0);
      const int8_t *packedPanel = (const int8_t *)p->packed_b + panel * panelBytes;
      const void *b = packedPanel + 4 * NR + k0 * NR;
      if (tiles->prepare_b) {
        tiles->prepare_b(depth, (const int8_t *)b, bPrepared);
        b = bPrepared;
      }
      if (lastSlice)
        preparePanel(p, tiles, j0, packedPanel, &rp);
      for (int64_t ir = 0; ir < rows; ir += mr) {
        const void *aPanel = aBlock + (ir / mr) * mr * depth * aValueBytes;
        const int64_t tileRows = minInt(mr, rows - ir);
        if (!sliced) {
          tiles->tile(depth, aPanel, b, tile, NR, 0);
          finishTile(p, tiles, &rp, tile, NR, firstRow + ir, tileRows, j0, columns, &pending);
          continue;
        }
        /* The buffer has whole tiles (mc is a multiple of mr): no edges. */
        int32_t *acc = partial + ir * ldPartial + (panel - firstPanel) * NR;
        tiles->tile(depth, aPanel, b, acc, ldPartial, !firstSlice);
        if (lastSlice)
          finishTile(p, tiles, &rp, acc, ldPartial, firstRow + ir, tileRows, j0, columns,
                     &pending);
      }
      if (p->sink && lastSlice)
        flushRows(p, &pending, j0, columns);
    }
  }
}

/* K == 0: every accumulator is its bias. */
static void computeEmptyProduct(const qc_gemm_s8_problem *p, const qc_gemm_s8_tiles *tiles) {
  static const int32_t zeros[QC_GEMM_S8_MAX_MR * NR];
  static const int8_t noSums[4 * NR]; /* an empty B's column sums */
  qc_requant_panel rp;
  SinkRows pending = {.rows = 0};
  for (int64_t j0 = 0; j0 < p->n; j0 += NR) {
    const int64_t columns = minInt(NR, p->n - j0);
    preparePanel(p, tiles, j0, noSums, &rp);
    for (int64_t i0 = 0; i0 < p->m; i0 += QC_GEMM_S8_MAX_MR)
      finishTile(p, tiles, &rp, zeros, NR, i0, minInt(QC_GEMM_S8_MAX_MR, p->m - i0), j0, columns,
                 &pending);
    if (p->sink)
      flushRows(p, &pending, j0, columns);
  }
}

/* The tasks of one GEMM: blocks of rowsPerBlock rows x groups of
 * panelsPerTask panels. */
typedef struct GemmTasks {
  const qc_gemm_s8_problem *problem;
  const qc_gemm_s8_tiles *tiles;
  int64_t rowsPerBlock, panels, panelsPerTask, panelGroups;
} GemmTasks;

static void runTask(void *context, size_t task) {
  const GemmTasks *t = (const GemmTasks *)context;
  const int64_t rowBlock = (int64_t)task / t->panelGroups;
  const int64_t firstPanel = ((int64_t)task % t->panelGroups) * t->panelsPerTask;
  const int64_t firstRow = rowBlock * t->rowsPerBlock;
  computeBlock(t->problem, t->tiles, firstRow, minInt(t->rowsPerBlock, t->problem->m - firstRow),
               firstPanel, minInt(t->panelsPerTask, t->panels - firstPanel));
}

/* The rows of A packed at once. The variant's mc fills the A buffer with one
 * full KC slice; when K is shallower (one slice, as most of MobileNetV2's
 * 1 x 1 layers), the block takes more rows in the same bytes, so that each
 * panel's B preparation and epilogue parameters (once per panel and block)
 * serve more tiles. With several threads, blocks stay small enough to give
 * each thread four of them. */
static int64_t rowsPerBlock(const qc_gemm_s8_problem *p, const qc_gemm_s8_tiles *tiles,
                            int32_t threads) {
  const int64_t kr = qc_gemm_s8_rounded_depth(p->k);
  if (kr >= tiles->kc)
    return tiles->mc;
  const int64_t mr = tiles->mr;
  const int64_t byBytes = QC_GEMM_S8_A_BLOCK_BYTES / (kr * (tiles->wide_a ? 2 : 1)) / mr * mr;
  const int64_t byThreads = ceilDiv(ceilDiv(p->m, 4 * (int64_t)threads), mr) * mr;
  return maxInt(tiles->mc, minInt(byBytes, threads == 1 ? ceilDiv(p->m, mr) * mr : byThreads));
}

void qc_gemm_s8_run(const qc_gemm_s8_problem *p, const qc_gemm_s8_tiles *tiles) {
  if (p->m <= 0 || p->n <= 0)
    return;
  if (p->k <= 0) {
    computeEmptyProduct(p, tiles);
    return;
  }
  const int32_t threads = qc_num_threads();
  GemmTasks t = {.problem = p,
                 .tiles = tiles,
                 .rowsPerBlock = rowsPerBlock(p, tiles, threads),
                 .panels = ceilDiv(p->n, NR)};
  const int64_t rowBlocks = ceilDiv(p->m, t.rowsPerBlock);
  const double macs = (double)p->m * (double)p->n * (double)p->k;
  if (threads == 1 || macs < PARALLEL_MIN_MACS) {
    t.panelsPerTask = t.panels;
  } else {
    /* As the float driver: about four tasks per thread, at least 4 panels
     * each to amortize the packing of their A block. */
    const int64_t targetTasks = 4 * (int64_t)threads;
    const int64_t groups = minInt(t.panels, ceilDiv(targetTasks, rowBlocks));
    t.panelsPerTask = maxInt(ceilDiv(t.panels, groups), minInt(t.panels, 4));
  }
  if (qc_gemm_s8_rounded_depth(p->k) > tiles->kc)
    t.panelsPerTask = minInt(t.panelsPerTask, PARTIAL_PANELS(tiles->mc));
  t.panelGroups = ceilDiv(t.panels, t.panelsPerTask);
  const size_t tasks = (size_t)(rowBlocks * t.panelGroups);
  if (threads == 1 || tasks == 1)
    for (size_t task = 0; task < tasks; ++task)
      runTask(&t, task);
  else
    qc_parallel_for(tasks, runTask, &t);
}

void qc_gemm_s8_with_tiles(int64_t m, int64_t n, int64_t k, const void *a, int64_t lda,
                           const void *packedB, const int32_t *bias, const int32_t *multiplier,
                           const int32_t *shift, int32_t perChannel, int32_t zeroPoint,
                           int32_t clampMin, int32_t clampMax, int32_t flags, void *c,
                           int64_t ldc, const qc_gemm_s8_tiles *tiles) {
  const qc_gemm_s8_problem problem = {
      .m = m,
      .n = n,
      .k = k,
      .a = a,
      .lda = lda,
      .packed_b = packedB,
      .bias = bias,
      .multiplier = multiplier,
      .shift = shift,
      .per_channel = perChannel,
      .zero_point = zeroPoint,
      .clamp_min = clampMin,
      .clamp_max = clampMax,
      .flags = flags,
      .c = c,
      .ldc = ldc,
  };
  qc_gemm_s8_run(&problem, qc_gemm_s8_tiles_for_b(tiles, packedB, k, n, flags));
}
