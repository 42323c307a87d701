/*===- transpose_bytes.h - byte tile transposes without libc calls --------===*
 *
 * Runtime-internal. The int8 convolution moves between [pixel][channel]
 * tiles and NCHW planes: the tile sink (conv2d_s8.c) and the depthwise
 * kernel's channel blocks (conv2d_s8_depthwise_kernel.h) transpose bytes
 * with interleaving shuffles in the baseline ISA (punpck on SSE2, zip on
 * NEON) and copy short runs with fixed-size moves (a variable-size memcpy is
 * a libc call).
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_TRANSPOSE_BYTES_H
#define QUANTC_RUNTIME_TRANSPOSE_BYTES_H

#include <stdint.h>
#include <string.h>

typedef uint8_t qc_bytes16 __attribute__((vector_size(16)));

#define QC_ZIP8(lo, x, y)                                                                         \
  ((lo) ? __builtin_shufflevector(x, y, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23)  \
        : __builtin_shufflevector(x, y, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30,  \
                                  15, 31))
#define QC_ZIP16(lo, x, y)                                                                        \
  ((lo) ? __builtin_shufflevector(x, y, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23)  \
        : __builtin_shufflevector(x, y, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15,  \
                                  30, 31))
#define QC_ZIP32(lo, x, y)                                                                        \
  ((lo) ? __builtin_shufflevector(x, y, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23)  \
        : __builtin_shufflevector(x, y, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29,  \
                                  30, 31))

/* The 8 x 16 byte transpose by interleaving (punpck on SSE2, zip on NEON):
 * columns[j / 2] holds column j's 8 bytes at 8 * (j % 2). */
static inline void qc_transpose_8x16_bytes(const uint8_t *tile, int64_t ldt, qc_bytes16 columns[8]) {
  qc_bytes16 r[8], p[8], u[8];
  for (int i = 0; i < 8; ++i)
    memcpy(&r[i], tile + i * ldt, sizeof r[i]);
  for (int i = 0; i < 4; ++i) { /* p[i]: columns 0-7, p[4 + i]: 8-15, of rows 2i, 2i + 1 */
    p[i] = QC_ZIP8(1, r[2 * i], r[2 * i + 1]);
    p[4 + i] = QC_ZIP8(0, r[2 * i], r[2 * i + 1]);
  }
  for (int h = 0; h < 2; ++h) { /* u: 4 columns x 4 rows */
    u[4 * h + 0] = QC_ZIP16(1, p[4 * h + 0], p[4 * h + 1]);
    u[4 * h + 1] = QC_ZIP16(0, p[4 * h + 0], p[4 * h + 1]);
    u[4 * h + 2] = QC_ZIP16(1, p[4 * h + 2], p[4 * h + 3]);
    u[4 * h + 3] = QC_ZIP16(0, p[4 * h + 2], p[4 * h + 3]);
    columns[4 * h + 0] = QC_ZIP32(1, u[4 * h + 0], u[4 * h + 2]);
    columns[4 * h + 1] = QC_ZIP32(0, u[4 * h + 0], u[4 * h + 2]);
    columns[4 * h + 2] = QC_ZIP32(1, u[4 * h + 1], u[4 * h + 3]);
    columns[4 * h + 3] = QC_ZIP32(0, u[4 * h + 1], u[4 * h + 3]);
  }
}

/* dst[0, count) = src[0, count), count <= 8, in fixed-size (inlined) moves. */
static inline void qc_copy_short_bytes(uint8_t *dst, const uint8_t *src, int64_t count) {
  if (count == 8) {
    memcpy(dst, src, 8);
  } else if (count >= 4) {
    memcpy(dst, src, 4);
    memcpy(dst + count - 4, src + count - 4, 4);
  } else if (count >= 2) {
    memcpy(dst, src, 2);
    memcpy(dst + count - 2, src + count - 2, 2);
  } else if (count == 1) {
    dst[0] = src[0];
  }
}

#define QC_ZIP64(lo, x, y)                                                                     \
  ((lo) ? __builtin_shufflevector(x, y, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23)  \
        : __builtin_shufflevector(x, y, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29,  \
                                  30, 31))

/* The 16 x 16 byte transpose: columns[j] = byte j of every row. */
static inline void qc_transpose_16x16_bytes(const qc_bytes16 rows[16], qc_bytes16 columns[16]) {
  for (int half = 0; half < 2; ++half) { /* columns 0-7, then 8-15 */
    qc_bytes16 a[8], b[8];
    for (int i = 0; i < 8; ++i) /* rows 2i, 2i + 1: 2 bytes per column */
      a[i] = QC_ZIP8(half == 0, rows[2 * i], rows[2 * i + 1]);
    for (int m = 0; m < 4; ++m) { /* 4 bytes per column: b[m] columns 0-3, b[4 + m] 4-7 */
      b[m] = QC_ZIP16(1, a[2 * m], a[2 * m + 1]);
      b[4 + m] = QC_ZIP16(0, a[2 * m], a[2 * m + 1]);
    }
    for (int q = 0; q < 2; ++q) { /* 8 bytes per column, then all 16 */
      const qc_bytes16 *quarter = b + 4 * q;
      const qc_bytes16 first0 = QC_ZIP32(1, quarter[0], quarter[1]);
      const qc_bytes16 first1 = QC_ZIP32(1, quarter[2], quarter[3]);
      const qc_bytes16 second0 = QC_ZIP32(0, quarter[0], quarter[1]);
      const qc_bytes16 second1 = QC_ZIP32(0, quarter[2], quarter[3]);
      qc_bytes16 *out = columns + 8 * half + 4 * q;
      out[0] = QC_ZIP64(1, first0, first1);
      out[1] = QC_ZIP64(0, first0, first1);
      out[2] = QC_ZIP64(1, second0, second1);
      out[3] = QC_ZIP64(0, second0, second1);
    }
  }
}

/* dst[0, count) = src[0, count), count <= 16, in fixed-size moves. */
static inline void qc_copy_up_to_16_bytes(uint8_t *dst, const uint8_t *src, int64_t count) {
  if (count >= 8) {
    memcpy(dst, src, 8);
    memcpy(dst + count - 8, src + count - 8, 8);
  } else {
    qc_copy_short_bytes(dst, src, count);
  }
}

/* The first `rows` rows of `columns` (<= 16) byte columns of a [row][column]
 * tile (row stride ldt) to out[j * column_stride + i], 8 rows at a time by
 * 8 x 16 transposes: the tile must have room for 8 rows past `rows` (read
 * along, not stored). How int8 tiles of [pixel][channel] reach NCHW. */
static inline void qc_store_tile_transposed(const uint8_t *tile, int64_t ldt, int64_t rows,
                                            int64_t columns, uint8_t *out,
                                            int64_t column_stride) {
  for (int64_t i0 = 0; i0 < rows; i0 += 8) {
    const int64_t count = rows - i0 < 8 ? rows - i0 : 8;
    qc_bytes16 transposed[8];
    qc_transpose_8x16_bytes(tile + i0 * ldt, ldt, transposed);
    uint8_t *dst = out + i0;
    for (int64_t j = 0; j < columns; ++j, dst += column_stride)
      qc_copy_short_bytes(dst, (const uint8_t *)&transposed[j / 2] + 8 * (j % 2), count);
  }
}

#endif /* QUANTC_RUNTIME_TRANSPOSE_BYTES_H */
