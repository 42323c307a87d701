/*===- requantize.c - the fixed-point requantization of the int8 kernels --===*
 *
 * One definition of the multiplier rounding and of the requantization
 * (KernelABI.h): the compiler calls qc_requant_multiplier at compile time,
 * and the kernels' epilogues are tested against qc_requantize_one.
 *
 *===----------------------------------------------------------------------===*/

#include "quantc/Runtime/KernelABI.h"

#include <math.h>

int qc_requant_multiplier(double scale, int32_t *multiplier, int32_t *shift) {
  if (!(scale > 0.0) || !isfinite(scale))
    return -1;
  int exponent;
  /* scale = fraction * 2^exponent with fraction in [0.5, 1). */
  double fraction = frexp(scale, &exponent);
  int64_t m = llround(ldexp(fraction, 31));
  if (m == (INT64_C(1) << 31)) { /* the fraction rounded up to 1 */
    m /= 2;
    ++exponent;
  }
  int64_t s = 31 - (int64_t)exponent;
  if (s < 1)
    return -1;
  if (s > 62) {
    *multiplier = 0;
    *shift = 31;
    return 0;
  }
  *multiplier = (int32_t)m;
  *shift = (int32_t)s;
  return 0;
}

int32_t qc_requantize_one(int32_t acc, int32_t multiplier, int32_t shift,
                          int32_t output_zero_point, int32_t clamp_min, int32_t clamp_max) {
  int64_t scaled = ((int64_t)acc * multiplier + (INT64_C(1) << (shift - 1))) >> shift;
  int64_t code = scaled + output_zero_point;
  if (code < clamp_min)
    code = clamp_min;
  if (code > clamp_max)
    code = clamp_max;
  return (int32_t)code;
}
