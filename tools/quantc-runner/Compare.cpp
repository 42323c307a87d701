//===- Compare.cpp - an output against its expected value -----------------===//

#include "Compare.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace quantc::runner {

namespace {

/// Whether float elements `got` and `want` agree within `tolerance`, and
/// their absolute difference for the report.
bool floatsAgree(double got, double want, const Tolerance &tolerance, double &absError) {
  if (std::isnan(got) || std::isnan(want)) {
    absError = std::isnan(got) && std::isnan(want) ? 0 : INFINITY;
    return absError == 0;
  }
  if (got == want) {
    absError = 0;
    return true;
  }
  absError = std::fabs(got - want);
  // An infinity matches only itself: rtol * |inf| would accept anything.
  if (std::isinf(got) || std::isinf(want))
    return false;
  return absError <= tolerance.atol + tolerance.rtol * std::fabs(want);
}

/// "[2,5]": the multi-dimensional index of flat index `index`.
std::string formatIndex(size_t index, const std::vector<int64_t> &shape) {
  std::vector<int64_t> position(shape.size());
  for (size_t axis = shape.size(); axis-- > 0;) {
    position[axis] = int64_t(index % uint64_t(shape[axis]));
    index /= uint64_t(shape[axis]);
  }
  return formatShape(position.data(), position.size());
}

} // namespace

Comparison compareTensors(const Tensor &got, const Tensor &want, const Tolerance &tolerance) {
  Comparison comparison;
  const ElementType *type = findElementType(got.elementType);
  bool isFloat = type && type->kind == ElementKind::Float;
  size_t count = got.elementCount();
  for (size_t i = 0; i < count; ++i) {
    double absError;
    bool agree;
    if (isFloat) {
      agree = floatsAgree(got.elementAsDouble(i), want.elementAsDouble(i), tolerance, absError);
    } else {
      // Integers compare exactly on their bytes; the double difference is
      // only for the report (it rounds beyond 2^53).
      agree = std::memcmp(got.bytes.data() + i * type->size, want.bytes.data() + i * type->size,
                          type->size) == 0;
      absError = std::fabs(got.elementAsDouble(i) - want.elementAsDouble(i));
    }
    comparison.maxAbsError = std::max(comparison.maxAbsError, absError);
    if (!agree) {
      if (comparison.passed)
        comparison.firstMismatch = i;
      comparison.passed = false;
      ++comparison.mismatchCount;
    }
  }
  return comparison;
}

std::string describeComparison(const std::string &name, const Tensor &got, const Tensor &want,
                               const Comparison &comparison, const Tolerance &tolerance) {
  const ElementType *type = findElementType(got.elementType);
  std::string criterion = type && type->kind == ElementKind::Float
                              ? formatString("atol %g, rtol %g", tolerance.atol, tolerance.rtol)
                              : std::string("exact");
  std::string line = formatString("output '%s': max abs error %.2g (%s): ", name.c_str(),
                                  comparison.maxAbsError, criterion.c_str());
  if (comparison.passed)
    return line + "ok";
  size_t index = comparison.firstMismatch;
  return line + formatString("FAILED at index %zu %s: got %s, want %s (%zu of %zu differ)", index,
                             formatIndex(index, got.shape).c_str(),
                             got.formatElement(index).c_str(), want.formatElement(index).c_str(),
                             comparison.mismatchCount, got.elementCount());
}

} // namespace quantc::runner
