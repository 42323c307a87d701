/*===- cpu_features.h - runtime-internal CPU feature detection ------------===*
 *
 * qc_cpu_features() (KernelABI.h) caches and masks what the per-target
 * detector below reports. Not ABI.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_CPU_FEATURES_H
#define QUANTC_RUNTIME_CPU_FEATURES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Asks the hardware and the OS, every time it is called (arch/<target>/). */
uint64_t qc_detect_cpu_features(void);

/* Applies a QUANTC_CPU_FEATURES_MASK value: keeps the bits `mask` names.
 * NULL, empty or unparsable masks keep everything. */
uint64_t qc_mask_cpu_features(uint64_t features, const char *mask);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_CPU_FEATURES_H */
