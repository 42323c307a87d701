//===- Int8Peak.cpp - measure the int8 multiply-add throughput ------------===//
//
// As FmaPeak.cpp: more independent accumulators than latency x ports, few
// enough to stay in registers. On AVX2 each step is an int8 kernel's own
// sequence: vpmaddwd (16 int16 products summed in pairs) then vpaddd into
// the accumulator for the exact kernel; vpmaddubsw (32 uint8 x int8 products
// summed in int16 pairs), vpmaddwd by ones and vpaddd for the one exact only
// on weights whose pairs fit. So each figure is what that kernel could reach
// at best.
//
//===----------------------------------------------------------------------===//

#include "Int8Peak.h"
#include "PeakTiming.h"
#include "cpu_features.h"

#include "quantc/Runtime/KernelABI.h"

#include <cstdint>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace {

#if defined(__x86_64__)
// Every lane of the chains' accumulators, summed: a result that depends on
// all of them, so that no chain is optimized away.
__attribute__((target("avx2"))) int32_t sumLanes(const __m256i *acc, int chains) {
  int32_t lanes[8], sum = 0;
  for (int i = 0; i < chains; ++i) {
    _mm256_storeu_si256((__m256i *)lanes, acc[i]);
    for (int32_t v : lanes)
      sum += v;
  }
  return sum;
}

constexpr int kAvx2Chains = 12; // of 16 ymm, with the two operands and a product

__attribute__((target("avx2"))) int32_t runVpmaddwd(int64_t iterations) {
  __m256i acc[kAvx2Chains];
  for (int i = 0; i < kAvx2Chains; ++i)
    acc[i] = _mm256_set1_epi32(i);
  const __m256i y = _mm256_set1_epi16(-5);
  // Each product reads its own accumulator, so that it cannot be hoisted out
  // of the loop: a chain step is vpmaddwd (latency 3) then vpaddd (1), and 12
  // chains keep two vpmaddwd ports busy.
  for (int64_t it = 0; it < iterations; ++it)
    for (int i = 0; i < kAvx2Chains; ++i)
      acc[i] = _mm256_add_epi32(acc[i], _mm256_madd_epi16(acc[i], y));
  return sumLanes(acc, kAvx2Chains);
}

// 10 chains: each holds its accumulator, and the ones and the operand stay
// in registers beside the step's two temporaries.
constexpr int kMaddubsChains = 10;

__attribute__((target("avx2"))) int32_t runVpmaddubsw(int64_t iterations) {
  __m256i acc[kMaddubsChains];
  for (int i = 0; i < kMaddubsChains; ++i)
    acc[i] = _mm256_set1_epi32(i);
  const __m256i y = _mm256_set1_epi8(-5), ones = _mm256_set1_epi16(1);
  for (int64_t it = 0; it < iterations; ++it)
    for (int i = 0; i < kMaddubsChains; ++i)
      acc[i] = _mm256_add_epi32(acc[i],
                                _mm256_madd_epi16(_mm256_maddubs_epi16(acc[i], y), ones));
  return sumLanes(acc, kMaddubsChains);
}
#endif

struct MaddLoop {
  const char *instruction;
  int macsPerStep; // int8 multiply-adds per chain step
  int chains;
  int32_t (*run)(int64_t iterations);
};

// The loop of `form` (0: the exact form, 1: the one exact only on weights
// whose pairs fit int16) this CPU can run, or one with no `run`.
MaddLoop loopFor(int form) {
  [[maybe_unused]] uint64_t features = qc_detect_cpu_features();
#if defined(__x86_64__)
  if (features & QC_CPU_X86_AVX2)
    return form == 0 ? MaddLoop{"vpmaddwd", 16, kAvx2Chains, runVpmaddwd}
                     : MaddLoop{"vpmaddubsw", 32, kMaddubsChains, runVpmaddubsw};
#endif
  return {"none", 0, 0, nullptr};
}

volatile int32_t sink;

Int8Peak measure(const MaddLoop &loop) {
  if (!loop.run)
    return {loop.instruction, 0.0};
  double best = measureBestRate([&](int64_t iterations) { sink = loop.run(iterations); },
                                 2.0 * loop.macsPerStep * loop.chains);
  return {loop.instruction, best};
}

} // namespace

Int8Peaks measureInt8Peaks() { return {measure(loopFor(0)), measure(loopFor(1))}; }
