/*===- cpu_features_none.c - targets without a feature detector -----------===*
 *
 * Built only for targets that have no arch/ directory: they run the generic
 * kernels, which need no feature bits.
 *===----------------------------------------------------------------------===*/

#include "cpu_features.h"

uint64_t qc_detect_cpu_features(void) { return 0; }
