/*===- cpu_features_arm64.c - Linux hardware capability bits -------------===*
 *
 * On Linux the kernel reports what user space may execute in the auxiliary
 * vector; reading the ID registers directly would trap on older kernels.
 *===----------------------------------------------------------------------===*/

#include "cpu_features.h"

#include "quantc/Runtime/KernelABI.h"

#include <sys/auxv.h>

/* From the kernel's arch/arm64/include/uapi/asm/hwcap.h, spelled out so that
 * older cross sysroots build too. */
#define HWCAP_ASIMD_BIT (1ul << 1)
#define HWCAP_ASIMDDP_BIT (1ul << 20)
#define HWCAP2_I8MM_BIT (1ul << 13)

uint64_t qc_detect_cpu_features(void) {
  unsigned long hwcap = getauxval(AT_HWCAP);
  unsigned long hwcap2 = getauxval(AT_HWCAP2);
  uint64_t features = 0;
  if (hwcap & HWCAP_ASIMD_BIT)
    features |= QC_CPU_ARM64_NEON;
  if (hwcap & HWCAP_ASIMDDP_BIT)
    features |= QC_CPU_ARM64_DOTPROD;
  if (hwcap2 & HWCAP2_I8MM_BIT)
    features |= QC_CPU_ARM64_I8MM;
  return features;
}
