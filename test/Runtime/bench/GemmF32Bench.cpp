//===- GemmF32Bench.cpp - float GEMM variants next to the measured peak ---===//
//
// One entry per kernel variant the CPU supports and per size, named
// GemmF32/<variant>/<size>, reporting GFLOP/s and peak% against the FMA peak
// measured at startup (BenchMain.cpp). B is packed once outside the timed loop,
// as a compiled model packs its weights at compile time.
//
//===----------------------------------------------------------------------===//

#include "RuntimeBench.h"
#include "gemm_f32_tiles.h"

#include "quantc/Runtime/KernelABI.h"

#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

namespace {

void benchmarkGemm(benchmark::State &state, const qc_gemm_f32_tiles *tiles, int64_t size,
                   double peakGflops) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> a(size * size), b(size * size), c(size * size);
  for (float &x : a)
    x = uniform(rng);
  for (float &x : b)
    x = uniform(rng);
  std::vector<float> packed(qc_gemm_f32_packed_b_size(size, size));
  qc_gemm_f32_pack_b(b.data(), size, size, size, /*transposed=*/0, packed.data());

  qc_gemm_f32_params params = {};
  params.m = params.n = params.k = size;
  params.a = a.data();
  params.lda = size;
  params.packed_b = packed.data();
  params.c = c.data();
  params.ldc = size;
  for (auto _ : state) {
    qc_gemm_f32_with_tiles(&params, tiles);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  setFlopCounters(state, 2.0 * double(size) * double(size) * double(size) / 1e9, peakGflops);
}

} // namespace

void registerGemmF32Benchmarks(double peakGflops) {
  size_t count;
  const qc_gemm_f32_tiles *const *all = qc_gemm_f32_all_tiles(&count);
  for (size_t i = 0; i < count; ++i) {
    const qc_gemm_f32_tiles *tiles = all[i];
    if ((tiles->required_features & qc_cpu_features()) != tiles->required_features)
      continue;
    for (int64_t size : {256, 512, 1024})
      benchmark::RegisterBenchmark(
          ("GemmF32/" + std::string(tiles->name) + "/" + std::to_string(size)).c_str(),
          benchmarkGemm, tiles, size, peakGflops)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
  }
}
