//===- Benchmark.h - timing repeated model runs -----------------*- C++ -*-===//

#ifndef QUANTC_RUNNER_BENCHMARK_H
#define QUANTC_RUNNER_BENCHMARK_H

#include "Status.h"

#include <functional>
#include <vector>

namespace quantc::runner {

struct LatencySummary {
  double medianMs = 0;
  double minMs = 0;
  size_t runs = 0;
};

/// Median and minimum of per-run latencies. The median, not the mean: one
/// descheduled run on a shared machine must not move the figure.
LatencySummary summarizeLatencies(std::vector<double> latenciesMs);

/// Calls runOnce `warmupRuns` times untimed, then `timedRuns` times timed
/// with CLOCK_MONOTONIC; stops at the first failure.
Status measureLatency(const std::function<Status()> &runOnce, int warmupRuns, int timedRuns,
                      LatencySummary &summary);

} // namespace quantc::runner

#endif // QUANTC_RUNNER_BENCHMARK_H
