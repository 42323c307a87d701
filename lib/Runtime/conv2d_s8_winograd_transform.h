/*===- conv2d_s8_winograd_transform.h - the Winograd input transform ------===*
 *
 * Runtime-internal. Phase 1 of qc_conv2d_s8_winograd (conv2d_s8_winograd.h):
 * V = B^T d B of every tile and input channel, for one row of tiles. Each
 * variant's file includes this header, so that the transform is built with
 * that variant's ISA flags (the vectors of 16 int16 are one ymm with AVX2,
 * two xmm on the baseline); qc_winograd_transform_row is the entry.
 *
 * Per chunk of up to ROW_CHUNK tiles and CHANNEL_CHUNK channels, the 4
 * input rows under the tiles are gathered channel-last on the stack: 16
 * channels' rows as bytes (padding as the zero point), transposed 16 x 16,
 * flipped to the kernels' int8 and widened. Then, per tile and 16
 * channels, B^T d (down the columns), then (B^T d) B, each position's 16
 * values two 16-byte stores into its micro-panel.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CONV2D_S8_WINOGRAD_TRANSFORM_H
#define QUANTC_RUNTIME_CONV2D_S8_WINOGRAD_TRANSFORM_H

#include "conv2d_s8_winograd.h"
#include "transpose_bytes.h"

#include <string.h>

#define QC_WINOGRAD_ROW_CHUNK 32
#define QC_WINOGRAD_CHANNEL_CHUNK 64 /* a multiple of QC_WINOGRAD_CHANNEL_BLOCK */

typedef int16_t qc_v16i16 __attribute__((vector_size(32)));
typedef int8_t qc_v16i8 __attribute__((vector_size(16)));

static inline int64_t qc_winograd_min(int64_t a, int64_t b) { return a < b ? a : b; }

/* row[0, count) = value, in whole 16-byte stores: the row has 16 bytes of
 * slack (a variable-size memset would be a libc call per row). */
static inline void qc_winograd_fill_row(uint8_t *row, int64_t count, uint8_t value) {
  qc_bytes16 splat;
  memset(&splat, value, sizeof splat);
  for (int64_t x = 0; x < count; x += 16)
    memcpy(row + x, &splat, sizeof splat);
}

/* Row i of tile row ty, patch columns [0, width) (input column x0 first), of
 * channel c as bytes: the codes, the zero point where the row or column is
 * padding, and for channels past in_channels the byte that the flip turns
 * into 0 (they meet zero weights, but must not hold garbage). The row has 16
 * bytes of slack. */
static inline void qc_winograd_gather_row(const qc_winograd_input *t, int64_t ty, int64_t i,
                                          int64_t x0, int64_t width, int64_t c, uint8_t *row) {
  const qc_conv2d_desc *d = t->desc;
  const int64_t y = 2 * ty - d->pad_top + i;
  if (c >= d->in_channels || y < 0 || y >= d->in_height) {
    qc_winograd_fill_row(row, width, c >= d->in_channels ? t->flip : t->pad_code);
    return;
  }
  /* Columns [inside0, inside1) are in the image: the padding around them
   * first (the fills may run past inside0 or width), then the codes. */
  const int64_t inside0 = qc_winograd_min(width, x0 < 0 ? -x0 : 0);
  int64_t inside1 = qc_winograd_min(width, d->in_width - x0);
  if (inside1 < inside0)
    inside1 = inside0;
  qc_winograd_fill_row(row, inside0, t->pad_code);
  qc_winograd_fill_row(row + inside1, width - inside1, t->pad_code);
  const uint8_t *src = t->image + (c * d->in_height + y) * d->in_width + x0 + inside0;
  const int64_t count = inside1 - inside0;
  int64_t x = 0;
  for (; x + 16 <= count; x += 16)
    memcpy(row + inside0 + x, src + x, 16);
  qc_copy_up_to_16_bytes(row + inside0 + x, src + x, count - x);
}

/* The 4 input rows under tiles [firstTile, firstTile + count) of tile row ty,
 * channels [c0, c0 + lanes) (lanes a multiple of 16), channel-last as the
 * micro-kernels' int16: patch[(i * width + x) * lanes + c]. */
static inline void qc_winograd_gather_patch(const qc_winograd_input *t, int64_t ty,
                                            int64_t firstTile, int64_t count, int64_t c0,
                                            int64_t lanes, int16_t *patch) {
  enum { ROW_BYTES = 2 * QC_WINOGRAD_ROW_CHUNK + 2 + 16 }; /* whole 16-byte blocks, and slack */
  const int64_t width = 2 * count + 2;
  const int64_t x0 = 2 * firstTile - t->desc->pad_left;
  _Alignas(16) uint8_t rows[16][ROW_BYTES];
  for (int64_t c = 0; c < lanes; c += 16)
    for (int64_t i = 0; i < 4; ++i) {
      for (int64_t r = 0; r < 16; ++r)
        qc_winograd_gather_row(t, ty, i, x0, width, c0 + c + r, rows[r]);
      for (int64_t x = 0; x < width; x += 16) {
        qc_bytes16 block[16], columns[16];
        for (int r = 0; r < 16; ++r)
          memcpy(&block[r], &rows[r][x], sizeof block[r]);
        qc_transpose_16x16_bytes(block, columns);
        for (int64_t j = 0; j < qc_winograd_min(16, width - x); ++j) {
          qc_bytes16 flipped = columns[j] ^ t->flip;
          const qc_v16i16 codes = __builtin_convertvector((qc_v16i8)flipped, qc_v16i16);
          memcpy(patch + (i * width + x + j) * lanes + c, &codes, sizeof codes);
        }
      }
    }
}

/* V = B^T d B of 16 channels, k .. k + 15, of one tile (patch column
 * `column`), written to the micro-panels of the 16 positions: channels
 * k .. k + 7 into A group k / KA, k + 8 .. k + 15 into the next. */
static inline void qc_winograd_transform_tile(const qc_winograd_input *t, const int16_t *patch,
                                              int64_t width, int64_t lanes, int64_t column,
                                              int64_t tile, int64_t k) {
  enum { MR = QC_WINOGRAD_MR, KA = QC_WINOGRAD_KA };
  qc_v16i16 d[4][4], e[4][4];
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j)
      memcpy(&d[i][j], patch + (i * width + column + j) * lanes, sizeof(qc_v16i16));
  for (int j = 0; j < 4; ++j) { /* B^T d: |e| <= 256 */
    e[0][j] = d[0][j] - d[2][j];
    e[1][j] = d[1][j] + d[2][j];
    e[2][j] = d[2][j] - d[1][j];
    e[3][j] = d[1][j] - d[3][j];
  }
  const int64_t positionValues = t->g.padded_tiles * t->g.depth;
  int16_t *out = t->v + tile / MR * MR * t->g.depth + ((k / KA) * MR + tile % MR) * KA;
  for (int i = 0; i < 4; ++i) { /* (B^T d) B: |V| <= 512 */
    const qc_v16i16 v[4] = {e[i][0] - e[i][2], e[i][1] + e[i][2], e[i][2] - e[i][1],
                            e[i][1] - e[i][3]};
    for (int j = 0; j < 4; ++j) {
      int16_t *position = out + (i * 4 + j) * positionValues;
      memcpy(position, &v[j], KA * sizeof(int16_t));
      memcpy(position + MR * KA, (const int16_t *)&v[j] + KA, KA * sizeof(int16_t));
    }
  }
}

static inline void qc_winograd_transform_row(const qc_winograd_input *t, int64_t ty) {
  const qc_winograd_geometry *g = &t->g;
  _Alignas(64) int16_t patch[4 * (2 * QC_WINOGRAD_ROW_CHUNK + 2) * QC_WINOGRAD_CHANNEL_CHUNK];
  for (int64_t tx0 = 0; tx0 < g->tile_cols; tx0 += QC_WINOGRAD_ROW_CHUNK) {
    const int64_t count = qc_winograd_min(QC_WINOGRAD_ROW_CHUNK, g->tile_cols - tx0);
    const int64_t width = 2 * count + 2;
    for (int64_t c0 = 0; c0 < g->depth; c0 += QC_WINOGRAD_CHANNEL_CHUNK) {
      const int64_t lanes = qc_winograd_min(QC_WINOGRAD_CHANNEL_CHUNK, g->depth - c0);
      qc_winograd_gather_patch(t, ty, tx0, count, c0, lanes, patch);
      for (int64_t tx = 0; tx < count; ++tx)
        for (int64_t c = 0; c < lanes; c += QC_WINOGRAD_CHANNEL_BLOCK)
          qc_winograd_transform_tile(t, patch + c, width, lanes, 2 * tx,
                                     ty * g->tile_cols + tx0 + tx, c0 + c);
    }
  }
}

#endif /* QUANTC_RUNTIME_CONV2D_S8_WINOGRAD_TRANSFORM_H */
