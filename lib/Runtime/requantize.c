/*===- requantize.c - the requantization multiplier and its reference -----===*
 *
 * Runs at compile time (qc-fold-scales calls qc_requant_multiplier, so that
 * the multiplier's rounding is defined once, here) as well as at run time.
 *===----------------------------------------------------------------------===*/

#include "requantize.h"

#include "quantc/Runtime/KernelABI.h"

#include <math.h>

int qc_requant_multiplier(double scale, int32_t *multiplier, int32_t *shift) {
  if (!(scale > 0.0) || !isfinite(scale)) /* also rejects NaN */
    return -1;
  if (scale < 0x1p-32) { /* rounds every int32 accumulator to 0 */
    *multiplier = 0;
    *shift = 31;
    return 0;
  }
  /* scale = mantissa * 2^exponent, mantissa in [0.5, 1): mantissa * 2^31 is
   * exact in a double, and rounds (half away from zero) into [2^30, 2^31]. */
  int exponent;
  const double mantissa = frexp(scale, &exponent);
  int64_t m = llround(ldexp(mantissa, 31));
  int64_t s = 31 - (int64_t)exponent;
  if (m == (INT64_C(1) << 31)) { /* rounded up to the next power of two */
    m >>= 1;
    --s;
  }
  if (s < 1) /* scale >= 2^30 (or just below, rounding up to it) */
    return -1;
  /* scale >= 2^-32 gives exponent >= -31, so s <= 62. */
  *multiplier = (int32_t)m;
  *shift = (int32_t)s;
  return 0;
}

int32_t qc_requantize_one(int32_t acc, int32_t multiplier, int32_t shift,
                          int32_t output_zero_point, int32_t clamp_min, int32_t clamp_max) {
  return qc_requantize_inline(acc, multiplier, shift, output_zero_point, clamp_min, clamp_max);
}
