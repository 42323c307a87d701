//===- RuntimeBench.h - what the benchmark files share --------------------===//
//
// quantc-runtime-bench measures the FMA and int8 peaks once (BenchMain.cpp), then each
// kernel's file registers its entries, which report their rate next to it.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TEST_RUNTIME_BENCH_RUNTIMEBENCH_H
#define QUANTC_TEST_RUNTIME_BENCH_RUNTIMEBENCH_H

#include "Int8Peak.h"

#include "quantc/Runtime/KernelABI.h"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

// Sets the GFLOP/s counter, and peak% when the peak is known (> 0), for a
// benchmark whose every iteration does `gflopPerIteration` GFLOP.
void setFlopCounters(benchmark::State &state, double gflopPerIteration, double peakGflops);

// Sets the GOP/s counter (integer operations, 2 per multiply-add), and
// peak% against the measured int8 peak when it is known.
void setOpCounters(benchmark::State &state, double gopPerIteration, double peakGops);

// GemmF32/<variant>/<size> (GemmF32Bench.cpp).
void registerGemmF32Benchmarks(double peakGflops);

// Conv2dF32/<variant>/<layer> and Conv2dF32Model/<model> (Conv2dF32Bench.cpp).
void registerConv2dF32Benchmarks(double peakGflops);

// GemmS8/<variant>/<size> (GemmS8Bench.cpp), each variant against the peak
// of its own form.
void registerGemmS8Benchmarks(const Int8Peaks &peaks);

// A convolution layer of ResNet-18 or MobileNetV2 (224x224, batch 1).
struct ConvBenchLayer {
  std::string name;
  qc_conv2d_f32_desc desc;
  int64_t count = 1; // how many layers of the model have this shape
};

// The layers Conv2dF32/<variant>/<layer> measures, in order: the
// representative im2col layers, then MobileNetV2's distinct depthwise ones.
std::vector<ConvBenchLayer> conv2dBenchLayers();

// Multiply-adds x 2 of a convolution, padding taps included, in G.
double conv2dGop(const qc_conv2d_f32_desc &desc);

// Conv2dS8/<variant>/<layer>, next to Conv2dF32 of the same layers (Conv2dS8Bench.cpp).
void registerConv2dS8Benchmarks(const Int8Peaks &peaks);

#endif // QUANTC_TEST_RUNTIME_BENCH_RUNTIMEBENCH_H
