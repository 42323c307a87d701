//===- Npy.h - the NumPy .npy format ----------------------------*- C++ -*-===//
//
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html:
// a magic string, a version, a header length, a Python dict literal
// {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } padded with
// spaces, then the raw data.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_RUNNER_NPY_H
#define QUANTC_RUNNER_NPY_H

#include "Status.h"
#include "Tensor.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace quantc::runner {

/// Whether `data` starts with the .npy magic string.
bool hasNpyMagic(const uint8_t *data, size_t size);

/// Parses a whole .npy file held in memory: versions 1, 2 and 3,
/// little-endian (or byte-order-free) numeric and bool dtypes, C order (or
/// Fortran order where it is the same layout). Every size is checked against
/// `size`; nothing is allocated before the header has been validated.
Status parseNpy(const uint8_t *data, size_t size, Tensor &tensor);

/// The version 1.0 header (magic through padding) that NumPy would write for
/// `tensor` (of a type findElementType knows); the data follows it unchanged.
std::string makeNpyHeader(const Tensor &tensor);

} // namespace quantc::runner

#endif // QUANTC_RUNNER_NPY_H
