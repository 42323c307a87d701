//===- FmaPeak.cpp - measure the FMA throughput of one core ---------------===//
//
// Each loop keeps independent accumulators in registers: more than FMA
// latency x FMA ports (4 x 2 on current x86 and Arm cores), so that the ports,
// not the dependency chains, limit the rate, but few enough that they and the
// two constants fit the register file without spilling (16 ymm for AVX2). The per-ISA functions use
// target attributes rather than per-file flags: this is measurement code, and
// it only runs after qc_cpu_features() has said the ISA is there.
//
//===----------------------------------------------------------------------===//

#include "FmaPeak.h"
#include "PeakTiming.h"
#include "cpu_features.h"

#include "quantc/Runtime/KernelABI.h"

#include <cstdint>

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace {


// Returns a value depending on every accumulator so that none is optimized away.
#if defined(__x86_64__)
constexpr int kAvx512Chains = 16; // of 32 zmm
constexpr int kAvx2Chains = 12;   // of 16 ymm

__attribute__((target("avx512f"))) float runAvx512(int64_t iterations) {
  __m512 acc[kAvx512Chains];
  for (int i = 0; i < kAvx512Chains; ++i)
    acc[i] = _mm512_set1_ps(float(i));
  const __m512 scale = _mm512_set1_ps(0.999999f), offset = _mm512_set1_ps(1e-7f);
  for (int64_t it = 0; it < iterations; ++it)
    for (int i = 0; i < kAvx512Chains; ++i)
      acc[i] = _mm512_fmadd_ps(acc[i], scale, offset);
  float sum = 0;
  for (int i = 0; i < kAvx512Chains; ++i)
    sum += _mm512_reduce_add_ps(acc[i]);
  return sum;
}

__attribute__((target("avx2,fma"))) float runAvx2(int64_t iterations) {
  __m256 acc[kAvx2Chains];
  for (int i = 0; i < kAvx2Chains; ++i)
    acc[i] = _mm256_set1_ps(float(i));
  const __m256 scale = _mm256_set1_ps(0.999999f), offset = _mm256_set1_ps(1e-7f);
  for (int64_t it = 0; it < iterations; ++it)
    for (int i = 0; i < kAvx2Chains; ++i)
      acc[i] = _mm256_fmadd_ps(acc[i], scale, offset);
  float lanes[8], sum = 0;
  for (int i = 0; i < kAvx2Chains; ++i) {
    _mm256_storeu_ps(lanes, acc[i]);
    for (float x : lanes)
      sum += x;
  }
  return sum;
}
#elif defined(__aarch64__)
constexpr int kNeonChains = 16; // of 32 q registers

float runNeon(int64_t iterations) {
  float32x4_t acc[kNeonChains];
  for (int i = 0; i < kNeonChains; ++i)
    acc[i] = vdupq_n_f32(float(i));
  const float32x4_t scale = vdupq_n_f32(0.999999f), offset = vdupq_n_f32(1e-7f);
  for (int64_t it = 0; it < iterations; ++it)
    for (int i = 0; i < kNeonChains; ++i)
      acc[i] = vfmaq_f32(offset, acc[i], scale);
  float sum = 0;
  for (int i = 0; i < kNeonChains; ++i)
    sum += vaddvq_f32(acc[i]);
  return sum;
}
#endif

struct FmaLoop {
  const char *isa;
  int lanes, chains;
  float (*run)(int64_t iterations);
};

FmaLoop widestFmaLoop() {
  // The machine's peak, whatever QUANTC_CPU_FEATURES_MASK restricts the
  // kernels to: a masked run then shows what the fallback gives up.
  [[maybe_unused]] uint64_t features = qc_detect_cpu_features();
#if defined(__x86_64__)
  if (features & QC_CPU_X86_AVX512F)
    return {"avx512", 16, kAvx512Chains, runAvx512};
  if ((features & QC_CPU_X86_AVX2) && (features & QC_CPU_X86_FMA))
    return {"avx2", 8, kAvx2Chains, runAvx2};
#elif defined(__aarch64__)
  if (features & QC_CPU_ARM64_NEON)
    return {"neon", 4, kNeonChains, runNeon};
#endif
  return {"none", 0, 0, nullptr};
}

volatile float sink;

} // namespace

FmaPeak measureFmaPeak() {
  FmaLoop loop = widestFmaLoop();
  if (!loop.run)
    return {loop.isa, 0.0};
  double best = measureBestRate([&](int64_t iterations) { sink = loop.run(iterations); },
                                 2.0 * loop.lanes * loop.chains);
  return {loop.isa, best};
}
