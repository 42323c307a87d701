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
typedef uint8_t qc_bytes32 __attribute__((vector_size(32)));

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

/* The 16 x 16 byte transpose network on 16 rows of type T, with the
 * interleaving shuffles ZIP8 to ZIP64 of that type. */
#define QC_TRANSPOSE_16X16(T, ZIP8, ZIP16, ZIP32, ZIP64, rows, columns)                          \
  for (int half = 0; half < 2; ++half) { /* columns 0-7, then 8-15 */                             \
    T a[8], b[8];                                                                                 \
    for (int i = 0; i < 8; ++i) /* rows 2i, 2i + 1: 2 bytes per column */                         \
      a[i] = ZIP8(half == 0, rows[2 * i], rows[2 * i + 1]);                                       \
    for (int m = 0; m < 4; ++m) { /* 4 bytes per column: b[m] columns 0-3, b[4 + m] 4-7 */        \
      b[m] = ZIP16(1, a[2 * m], a[2 * m + 1]);                                                    \
      b[4 + m] = ZIP16(0, a[2 * m], a[2 * m + 1]);                                                \
    }                                                                                             \
    for (int q = 0; q < 2; ++q) { /* 8 bytes per column, then all 16 */                           \
      const T *quarter = b + 4 * q;                                                               \
      const T first0 = ZIP32(1, quarter[0], quarter[1]);                                          \
      const T first1 = ZIP32(1, quarter[2], quarter[3]);                                          \
      const T second0 = ZIP32(0, quarter[0], quarter[1]);                                         \
      const T second1 = ZIP32(0, quarter[2], quarter[3]);                                         \
      T *out = columns + 8 * half + 4 * q;                                                        \
      out[0] = ZIP64(1, first0, first1);                                                          \
      out[1] = ZIP64(0, first0, first1);                                                          \
      out[2] = ZIP64(1, second0, second1);                                                        \
      out[3] = ZIP64(0, second0, second1);                                                        \
    }                                                                                             \
  }

/* The 16 x 16 byte transpose: columns[j] = byte j of every row. */
static inline void qc_transpose_16x16_bytes(const qc_bytes16 rows[16], qc_bytes16 columns[16]) {
  QC_TRANSPOSE_16X16(qc_bytes16, QC_ZIP8, QC_ZIP16, QC_ZIP32, QC_ZIP64, rows, columns)
}

/* The interleaving shuffles of 32-byte vectors within each 16-byte half
 * (vpunpck on ymm with AVX2). */
#define QC_ZIP8_X2(lo, x, y)                                                                      \
  ((lo) ? __builtin_shufflevector(                                                                \
              x, y, 0, 32, 1, 33, 2, 34, 3, 35, 4, 36, 5, 37, 6, 38, 7, 39,                       \
              16, 48, 17, 49, 18, 50, 19, 51, 20, 52, 21, 53, 22, 54, 23, 55)                     \
        : __builtin_shufflevector(                                                                \
              x, y, 8, 40, 9, 41, 10, 42, 11, 43, 12, 44, 13, 45, 14, 46, 15, 47,                 \
              24, 56, 25, 57, 26, 58, 27, 59, 28, 60, 29, 61, 30, 62, 31, 63))
#define QC_ZIP16_X2(lo, x, y)                                                                     \
  ((lo) ? __builtin_shufflevector(                                                                \
              x, y, 0, 1, 32, 33, 2, 3, 34, 35, 4, 5, 36, 37, 6, 7, 38, 39,                       \
              16, 17, 48, 49, 18, 19, 50, 51, 20, 21, 52, 53, 22, 23, 54, 55)                     \
        : __builtin_shufflevector(                                                                \
              x, y, 8, 9, 40, 41, 10, 11, 42, 43, 12, 13, 44, 45, 14, 15, 46, 47,                 \
              24, 25, 56, 57, 26, 27, 58, 59, 28, 29, 60, 61, 30, 31, 62, 63))
#define QC_ZIP32_X2(lo, x, y)                                                                     \
  ((lo) ? __builtin_shufflevector(                                                                \
              x, y, 0, 1, 2, 3, 32, 33, 34, 35, 4, 5, 6, 7, 36, 37, 38, 39,                       \
              16, 17, 18, 19, 48, 49, 50, 51, 20, 21, 22, 23, 52, 53, 54, 55)                     \
        : __builtin_shufflevector(                                                                \
              x, y, 8, 9, 10, 11, 40, 41, 42, 43, 12, 13, 14, 15, 44, 45, 46, 47,                 \
              24, 25, 26, 27, 56, 57, 58, 59, 28, 29, 30, 31, 60, 61, 62, 63))
#define QC_ZIP64_X2(lo, x, y)                                                                     \
  ((lo) ? __builtin_shufflevector(                                                                \
              x, y, 0, 1, 2, 3, 4, 5, 6, 7, 32, 33, 34, 35, 36, 37, 38, 39,                       \
              16, 17, 18, 19, 20, 21, 22, 23, 48, 49, 50, 51, 52, 53, 54, 55)                     \
        : __builtin_shufflevector(                                                                \
              x, y, 8, 9, 10, 11, 12, 13, 14, 15, 40, 41, 42, 43, 44, 45, 46, 47,                 \
              24, 25, 26, 27, 28, 29, 30, 31, 56, 57, 58, 59, 60, 61, 62, 63))

/* Two 16 x 16 byte transposes at once, one per 16-byte half of 32-byte
 * rows: the first half of columns[j] is byte j of every row's first half,
 * its second half byte 16 + j of every row's second half. */
static inline void qc_transpose_16x16_bytes_x2(const qc_bytes32 rows[16], qc_bytes32 columns[16]) {
  QC_TRANSPOSE_16X16(qc_bytes32, QC_ZIP8_X2, QC_ZIP16_X2, QC_ZIP32_X2, QC_ZIP64_X2, rows, columns)
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
