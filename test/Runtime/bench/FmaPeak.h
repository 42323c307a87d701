//===- FmaPeak.h - measure the FMA throughput of one core -----------------===//
//
// Benchmarks report kernel speed as a fraction of the peak measured on the
// same machine in the same run, never of a hard-coded figure: frequencies,
// turbo and VM placement differ between machines of the "same" kind.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TEST_RUNTIME_BENCH_FMAPEAK_H
#define QUANTC_TEST_RUNTIME_BENCH_FMAPEAK_H

#include <string>

struct FmaPeak {
  std::string isa; // widest vector FMA of this CPU: "avx512", "avx2", "neon", "none"
  double gflops;   // 2 flops per lane per FMA, on one thread
};

// Runs independent chains of the widest vector FMA the CPU has (ignoring
// QUANTC_CPU_FEATURES_MASK) for about a quarter second, best of three runs.
FmaPeak measureFmaPeak();

#endif // QUANTC_TEST_RUNTIME_BENCH_FMAPEAK_H
