//===- BenchMain.cpp - measure the peak, register every kernel, run -------===//

#include "FmaPeak.h"
#include "Int8Peak.h"
#include "RuntimeBench.h"

#include "quantc/Runtime/KernelABI.h"

#include <cstdio>
#include <string>

void setFlopCounters(benchmark::State &state, double gflopPerIteration, double peakGflops) {
  // Rate counters divide by the measured time: per-iteration GFLOP becomes GFLOP/s.
  state.counters["GFLOP/s"] =
      benchmark::Counter(gflopPerIteration, benchmark::Counter::kIsIterationInvariantRate);
  if (peakGflops > 0)
    state.counters["peak%"] = benchmark::Counter(100.0 * gflopPerIteration / peakGflops,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

void setOpCounters(benchmark::State &state, double gopPerIteration, double peakGops) {
  state.counters["GOP/s"] =
      benchmark::Counter(gopPerIteration, benchmark::Counter::kIsIterationInvariantRate);
  if (peakGops > 0)
    state.counters["peak%"] = benchmark::Counter(100.0 * gopPerIteration / peakGops,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;

  FmaPeak peak = measureFmaPeak();
  std::printf("measured FMA peak, one thread, %s: %.1f GFLOP/s (%.1f GFMA/s); runtime threads: %d\n",
              peak.isa.c_str(), peak.gflops, peak.gflops / 2, qc_num_threads());
  benchmark::AddCustomContext("fma_peak_isa", peak.isa);
  benchmark::AddCustomContext("fma_peak_gflops", std::to_string(peak.gflops));
  benchmark::AddCustomContext("runtime_threads", std::to_string(qc_num_threads()));

  Int8Peaks int8Peaks = measureInt8Peaks();
  std::printf("measured int8 peak, one thread, %s: %.1f GOP/s\n",
              int8Peaks.exact.instruction.c_str(), int8Peaks.exact.gops);
  benchmark::AddCustomContext("int8_peak_instruction", int8Peaks.exact.instruction);
  benchmark::AddCustomContext("int8_peak_gops", std::to_string(int8Peaks.exact.gops));
  if (int8Peaks.pairsFit.gops > 0) {
    std::printf("measured int8 peak for weights whose pairs fit int16, one thread, %s: %.1f "
                "GOP/s\n",
                int8Peaks.pairsFit.instruction.c_str(), int8Peaks.pairsFit.gops);
    benchmark::AddCustomContext("int8_pairs_fit_peak_instruction",
                                int8Peaks.pairsFit.instruction);
    benchmark::AddCustomContext("int8_pairs_fit_peak_gops",
                                std::to_string(int8Peaks.pairsFit.gops));
  }

  registerGemmF32Benchmarks(peak.gflops);
  registerGemmS8Benchmarks(int8Peaks);
  registerConv2dF32Benchmarks(peak.gflops);
  registerConv2dS8Benchmarks(int8Peaks);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
