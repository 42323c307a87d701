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

// The peaks of the two kinds of int8 kernels: `exact`, of the form exact for
// any int8 operands (vpmaddwd + vpaddd on x86-64); `pairsFit`, of the form
// exact only on weights whose k pairs fit int16 (vpmaddubsw + vpmaddwd by
// ones + vpaddd on x86-64; the variants with unsigned_activations), "none"
// where no variant has it.
struct Int8Peaks {
  Int8Peak exact, pairsFit;
  // The peak a variant is measured against.
  double forVariant(bool unsignedActivations) const {
    return unsignedActivations ? pairsFit.gops : exact.gops;
  }
};

// Runs independent chains of each form's multiply-accumulate for about a
// quarter second, best of three.
Int8Peaks measureInt8Peaks();

#endif // QUANTC_TEST_RUNTIME_BENCH_INT8PEAK_H
