/*===- copy_floats.h - short float copies and fills without a libc call ---===*
 *
 * Runtime-internal. The kernels copy many runs of at most 16 floats (im2col
 * runs, partial C tiles). Written as a loop, or as memcpy with a variable
 * size, each becomes a call to libc's memcpy, whose dispatch costs more than
 * the copy (the same goes for memset). Fixed-size memcpy calls are inlined as
 * plain vector moves, so a short copy is done as two possibly overlapping
 * fixed-size halves.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_COPY_FLOATS_H
#define QUANTC_RUNTIME_COPY_FLOATS_H

#include <stdint.h>
#include <string.h>

/* dst[0, count) = src[0, count), for 0 <= count <= 16; the ranges must not
 * overlap. Reads and writes nothing outside them. */
static inline void qc_copy_short_floats(float *dst, const float *src, int64_t count) {
  if (count >= 8) {
    memcpy(dst, src, 8 * sizeof(float));
    memcpy(dst + count - 8, src + count - 8, 8 * sizeof(float));
  } else if (count >= 4) {
    memcpy(dst, src, 4 * sizeof(float));
    memcpy(dst + count - 4, src + count - 4, 4 * sizeof(float));
  } else if (count >= 2) {
    memcpy(dst, src, 2 * sizeof(float));
    memcpy(dst + count - 2, src + count - 2, 2 * sizeof(float));
  } else if (count == 1) {
    dst[0] = src[0];
  }
}

/* dst[0, count) = 0, for 0 <= count <= 16, the same way. */
static inline void qc_zero_short_floats(float *dst, int64_t count) {
  static const float zeros[16] = {0};
  qc_copy_short_floats(dst, zeros, count);
}

#endif /* QUANTC_RUNTIME_COPY_FLOATS_H */
