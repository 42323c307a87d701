//===- RuntimeBench.h - what the benchmark files share --------------------===//
//
// quantc-runtime-bench measures the FMA peak once (BenchMain.cpp), then each
// kernel's file registers its entries, which report their rate next to it.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TEST_RUNTIME_BENCH_RUNTIMEBENCH_H
#define QUANTC_TEST_RUNTIME_BENCH_RUNTIMEBENCH_H

#include <benchmark/benchmark.h>

// Sets the GFLOP/s counter, and peak% when the peak is known (> 0), for a
// benchmark whose every iteration does `gflopPerIteration` GFLOP.
void setFlopCounters(benchmark::State &state, double gflopPerIteration, double peakGflops);

// GemmF32/<variant>/<size> (GemmF32Bench.cpp).
void registerGemmF32Benchmarks(double peakGflops);

// Conv2dF32/<variant>/<layer> and Conv2dF32Model/<model> (Conv2dF32Bench.cpp).
void registerConv2dF32Benchmarks(double peakGflops);

#endif // QUANTC_TEST_RUNTIME_BENCH_RUNTIMEBENCH_H
