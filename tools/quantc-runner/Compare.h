//===- Compare.h - an output against its expected value ---------*- C++ -*-===//

#ifndef QUANTC_RUNNER_COMPARE_H
#define QUANTC_RUNNER_COMPARE_H

#include "Tensor.h"

#include <string>

namespace quantc::runner {

/// rtol is the ONNX backend tests' 1e-3. Their atol is 1e-7 (onnx/backend/
/// test/loader); the runner's 1e-5 leaves room for the reassociated sums of
/// blocked GEMM and convolution kernels around outputs near zero.
struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-5;
};

struct Comparison {
  bool passed = true;
  /// Largest |got - want| over all elements (0 if none; NaN against NaN
  /// counts as 0, and infinity against anything else as infinity).
  double maxAbsError = 0;
  size_t mismatchCount = 0;
  size_t firstMismatch = 0; // flat index, valid if !passed
};

/// Compares two tensors of the same element type and shape. Floats pass when
/// |got - want| <= atol + rtol * |want| (NaN equals NaN, infinities equal
/// themselves); integers and bools must be equal.
Comparison compareTensors(const Tensor &got, const Tensor &want, const Tolerance &tolerance);

/// The line the runner prints for output `name`:
///   output 'y': max abs error 1.2e-07 (atol 1e-05, rtol 0.001): ok
///   output 'y': max abs error 0.25 (atol 1e-05, rtol 0.001): FAILED at index 17 [2,5]: got 0.5,
///   want 0.25 (3 of 24 differ)
std::string describeComparison(const std::string &name, const Tensor &got, const Tensor &want,
                               const Comparison &comparison, const Tolerance &tolerance);

} // namespace quantc::runner

#endif // QUANTC_RUNNER_COMPARE_H
