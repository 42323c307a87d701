/*===- cpu_features_x86_64.c - cpuid and xgetbv -------------------------===*
 *
 * An extension counts only if the CPU has it (cpuid) and the OS saves its
 * registers on context switches (XCR0, read with xgetbv); otherwise the first
 * instruction touching a ymm/zmm/tile register faults or corrupts state.
 *===----------------------------------------------------------------------===*/

#include "cpu_features.h"

#include "quantc/Runtime/KernelABI.h"

#include <cpuid.h>
#include <stddef.h>

/* XCR0 state components each group of extensions needs the OS to save. */
#define XCR0_AVX_STATE ((1u << 1) | (1u << 2)) /* xmm, upper halves of ymm */
#define XCR0_AVX512_STATE (XCR0_AVX_STATE | (7u << 5)) /* opmask, zmm0-15 upper, zmm16-31 */
#define XCR0_AMX_STATE (3u << 17)                      /* XTILECFG, XTILEDATA */

enum { EAX, EBX, ECX, EDX };

/* Where cpuid leaf 7 reports each feature (Intel SDM vol. 2, CPUID). */
static const struct {
  uint64_t feature;
  int subleaf, reg, bit;
  uint64_t osState; /* XCR0 bits that must all be set */
} leaf7Features[] = {
    {QC_CPU_X86_AVX2, 0, EBX, 5, XCR0_AVX_STATE},
    {QC_CPU_X86_AVX512F, 0, EBX, 16, XCR0_AVX512_STATE},
    {QC_CPU_X86_AVX512BW, 0, EBX, 30, XCR0_AVX512_STATE},
    {QC_CPU_X86_AVX512VL, 0, EBX, 31, XCR0_AVX512_STATE},
    {QC_CPU_X86_AVX512VNNI, 0, ECX, 11, XCR0_AVX512_STATE},
    {QC_CPU_X86_AMX_TILE, 0, EDX, 24, XCR0_AMX_STATE},
    {QC_CPU_X86_AMX_INT8, 0, EDX, 25, XCR0_AMX_STATE},
    {QC_CPU_X86_AVXVNNI, 1, EAX, 4, XCR0_AVX_STATE},
};

static uint64_t readXcr0(void) {
  uint32_t eax, edx;
  /* The xgetbv instruction itself: the _xgetbv intrinsic would need -mxsave. */
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((uint64_t)edx << 32) | eax;
}

static int hasBit(uint32_t reg, int bit) { return (reg >> bit) & 1; }

uint64_t qc_detect_cpu_features(void) {
  uint32_t eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
    return 0;
  /* Without OSXSAVE, xgetbv itself is undefined; without AVX nothing here runs. */
  if (!hasBit(ecx, 27) || !hasBit(ecx, 28))
    return 0;
  const uint64_t xcr0 = readXcr0();
  if ((xcr0 & XCR0_AVX_STATE) != XCR0_AVX_STATE)
    return 0;
  uint64_t features = hasBit(ecx, 12) ? QC_CPU_X86_FMA : 0;
  if (__get_cpuid_max(0, 0) < 7)
    return features;

  uint32_t leaf7[2][4] = {{0}};
  __cpuid_count(7, 0, leaf7[0][EAX], leaf7[0][EBX], leaf7[0][ECX], leaf7[0][EDX]);
  if (leaf7[0][EAX] >= 1) /* the highest subleaf */
    __cpuid_count(7, 1, leaf7[1][EAX], leaf7[1][EBX], leaf7[1][ECX], leaf7[1][EDX]);
  for (size_t i = 0; i < sizeof(leaf7Features) / sizeof(leaf7Features[0]); ++i) {
    int osSaves = (xcr0 & leaf7Features[i].osState) == leaf7Features[i].osState;
    if (osSaves && hasBit(leaf7[leaf7Features[i].subleaf][leaf7Features[i].reg], leaf7Features[i].bit))
      features |= leaf7Features[i].feature;
  }
  return features;
}
