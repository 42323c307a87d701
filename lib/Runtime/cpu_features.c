/*===- cpu_features.c - detect once, cache, apply the testing mask --------===*/

#include "cpu_features.h"

#include "quantc/Runtime/KernelABI.h"

#include <stdatomic.h>
#include <stdlib.h>

uint64_t qc_mask_cpu_features(uint64_t features, const char *mask) {
  if (!mask || !*mask)
    return features;
  char *end;
  unsigned long long keep = strtoull(mask, &end, 0);
  if (*end != '\0')
    return features;
  return features & (uint64_t)keep;
}

/* Bit 63 marks "detected": no feature uses it, and it lets a zero feature set
 * (a CPU with nothing, or a mask of 0) be cached too. Two threads racing on
 * the first call both detect and store the same value, which is harmless. */
#define DETECTED (UINT64_C(1) << 63)
static _Atomic uint64_t cachedFeatures;

uint64_t qc_cpu_features(void) {
  uint64_t features = atomic_load_explicit(&cachedFeatures, memory_order_relaxed);
  if (!(features & DETECTED)) {
    features = qc_mask_cpu_features(qc_detect_cpu_features(), getenv("QUANTC_CPU_FEATURES_MASK"));
    features |= DETECTED;
    atomic_store_explicit(&cachedFeatures, features, memory_order_relaxed);
  }
  return features & ~DETECTED;
}
