//===- Benchmark.cpp - timing repeated model runs -------------------------===//

#include "Benchmark.h"

#include <algorithm>
#include <time.h>

namespace quantc::runner {

namespace {

double monotonicMs() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return double(now.tv_sec) * 1e3 + double(now.tv_nsec) * 1e-6;
}

} // namespace

LatencySummary summarizeLatencies(std::vector<double> latenciesMs) {
  LatencySummary summary;
  summary.runs = latenciesMs.size();
  if (latenciesMs.empty())
    return summary;
  std::sort(latenciesMs.begin(), latenciesMs.end());
  size_t middle = latenciesMs.size() / 2;
  summary.medianMs = latenciesMs.size() % 2 ? latenciesMs[middle]
                                            : (latenciesMs[middle - 1] + latenciesMs[middle]) / 2;
  summary.minMs = latenciesMs.front();
  return summary;
}

Status measureLatency(const std::function<Status()> &runOnce, int warmupRuns, int timedRuns,
                      LatencySummary &summary) {
  for (int i = 0; i < warmupRuns; ++i)
    if (Status status = runOnce(); status.failed())
      return status;
  std::vector<double> latenciesMs;
  latenciesMs.reserve(size_t(timedRuns));
  for (int i = 0; i < timedRuns; ++i) {
    double start = monotonicMs();
    Status status = runOnce();
    double end = monotonicMs();
    if (status.failed())
      return status;
    latenciesMs.push_back(end - start);
  }
  summary = summarizeLatencies(std::move(latenciesMs));
  return Status::success();
}

} // namespace quantc::runner
