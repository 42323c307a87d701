//===- Int8Peak.h - measure the int8 multiply-add throughput of one core --===//
//
// The integer counterpart of FmaPeak.h: the int8 GEMM benchmarks report their
// rate next to the peak of the instruction their best kernel is built on,
// measured on the same machine in the same run.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TEST_RUNTIME_BENCH_INT8PEAK_H
#define QUANTC_TEST_RUNTIME_BENCH_INT8PEAK_H

#include <string>

struct Int8Peak {
  std::string instruction; // "vpmaddwd", "sdot", "none"
  double gops;             // 2 operations per int8 multiply-add, on one thread
};

// Runs independent chains of the kernel's multiply-accumulate (vpmaddwd +
// vpaddd on x86-64, sdot on AArch64) for about a quarter second, best of three.
Int8Peak measureInt8Peak();

#endif // QUANTC_TEST_RUNTIME_BENCH_INT8PEAK_H
