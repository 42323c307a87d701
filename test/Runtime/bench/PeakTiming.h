//===- PeakTiming.h - timing a peak-throughput loop -------------*- C++ -*-===//
//
// Shared by the FMA and int8 peak measurements: how long to run an
// instruction loop and which of its runs to believe.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TEST_RUNTIME_BENCH_PEAKTIMING_H
#define QUANTC_TEST_RUNTIME_BENCH_PEAKTIMING_H

#include <algorithm>
#include <chrono>
#include <cstdint>

/// The best rate, in billions of operations per second, of `run(iterations)`,
/// which does `operationsPerIteration` per iteration: the first run
/// calibrates the count to about a quarter second, and the fastest of the
/// three that follow counts (the others met interrupts or frequency changes).
template <typename Run>
double measureBestRate(Run run, double operationsPerIteration) {
  int64_t iterations = 1 << 20;
  double best = 0;
  for (int attempt = 0; attempt < 4; ++attempt) {
    // The loops are pure functions of the count: hide it from the optimizer,
    // or it merges the repeated runs into one.
    int64_t count = iterations;
    __asm__ volatile("" : "+r"(count));
    auto start = std::chrono::steady_clock::now();
    run(count);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (attempt == 0) {
      iterations = std::max<int64_t>(iterations, int64_t(iterations * 0.25 / seconds));
      continue;
    }
    best = std::max(best, operationsPerIteration * double(iterations) / seconds / 1e9);
  }
  return best;
}

#endif // QUANTC_TEST_RUNTIME_BENCH_PEAKTIMING_H
