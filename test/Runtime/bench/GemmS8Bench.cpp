//===- GemmS8Bench.cpp - int8 GEMM variants next to the measured peak -----===//
//
// GemmS8/<variant>/<size>: uint8 A, int8 B, per-channel requantization to
// uint8, reporting GOP/s (2 operations per multiply-add) and peak% against
// the int8 multiply-add peak of the variant's form measured at startup
// (BenchMain.cpp, Int8Peak.h).
// B is packed once outside the timed loop, as the compiler does; its codes
// are 8-bit, or 7-bit ([-64, 64]) for a variant exact only on weights whose
// pairs fit (avx2_maddubs), whose check of B each call makes is timed.
//
//===----------------------------------------------------------------------===//

#include "RuntimeBench.h"
#include "gemm_s8_tiles.h"

#include "quantc/Runtime/KernelABI.h"

#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

namespace {

void benchmarkGemm(benchmark::State &state, const qc_gemm_s8_tiles *tiles, int64_t size,
                   double peakGops) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> code(0, 255);
  std::vector<uint8_t> a(size * size), c(size * size);
  std::vector<int8_t> b(size * size);
  for (uint8_t &x : a)
    x = uint8_t(code(rng));
  std::uniform_int_distribution<int> weight(tiles->exact_for_b ? -64 : -128,
                                            tiles->exact_for_b ? 64 : 127);
  for (int8_t &x : b)
    x = int8_t(weight(rng));
  std::vector<uint8_t> packed(qc_gemm_s8_packed_b_size(size, size));
  qc_gemm_s8_pack_b(b.data(), size, size, size, /*transposed=*/0, packed.data());
  std::vector<int32_t> bias(size, 1000), multiplier(size), shift(size);
  for (int64_t j = 0; j < size; ++j)
    qc_requant_multiplier(1e-5 * double(1 + j % 7), &multiplier[j], &shift[j]);
  for (auto _ : state) {
    qc_gemm_s8_with_tiles(size, size, size, a.data(), size, packed.data(), bias.data(),
                          multiplier.data(), shift.data(), /*per_channel=*/1,
                          /*output_zero_point=*/128, 0, 255, /*flags=*/0, c.data(), size, tiles);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  setOpCounters(state, 2.0 * double(size) * double(size) * double(size) / 1e9, peakGops);
}

} // namespace

void registerGemmS8Benchmarks(const Int8Peaks &peaks) {
  size_t count;
  const qc_gemm_s8_tiles *const *all = qc_gemm_s8_all_tiles(&count);
  for (size_t i = 0; i < count; ++i) {
    const qc_gemm_s8_tiles *tiles = all[i];
    if ((tiles->required_features & qc_cpu_features()) != tiles->required_features)
      continue;
    for (int64_t size : {256, 512, 1024})
      benchmark::RegisterBenchmark(
          ("GemmS8/" + std::string(tiles->name) + "/" + std::to_string(size)).c_str(),
          benchmarkGemm, tiles, size, peaks.forVariant(tiles->unsigned_activations))
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
  }
}
