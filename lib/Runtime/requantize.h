/*===- requantize.h - the integer kernels' requantization, inline ---------===*
 *
 * Runtime-internal. qc_requantize_one (KernelABI.h, requantize.c) is the
 * reference every vector epilogue must match bit for bit; this inline copy is
 * what the scalar code paths (generic kernels, edge columns) call, so that the
 * formula is written once.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_REQUANTIZE_H
#define QUANTC_RUNTIME_REQUANTIZE_H

#include <stdint.h>

/* TOSA RESCALE (scale32, single rounding, half up) of one accumulator: the
 * product is at most 2^31 * (2^31 - 1) in magnitude and the rounding term
 * at most 2^61, so the 64-bit sum cannot overflow. >> on a negative int64_t
 * is an arithmetic shift with every compiler the runtime supports. */
static inline int32_t qc_requantize_inline(int32_t acc, int32_t multiplier, int32_t shift,
                                           int32_t outputZeroPoint, int32_t clampMin,
                                           int32_t clampMax) {
  int64_t x = ((int64_t)acc * multiplier + ((int64_t)1 << (shift - 1))) >> shift;
  x += outputZeroPoint;
  x = x < clampMin ? clampMin : x;
  x = x > clampMax ? clampMax : x;
  return (int32_t)x;
}

#endif /* QUANTC_RUNTIME_REQUANTIZE_H */
