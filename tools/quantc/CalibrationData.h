//===- CalibrationData.h - the sample inputs of calibration -----*- C++ -*-===//
//
// --calib-data names where the samples come from (docs/tools.md). A sample
// is one run's inputs, one tensor per model input.
//   DIR        one .npy (or ONNX .pb) file per sample, in file-name order
//              (models with one input); or one subdirectory per sample, in
//              name order, each with a file per input named after it
//              (NAME.npy, NAME.pb) or by its position (input_0.pb, ...: ONNX's
//              test_data_set_N layout);
//   FILE.npz   numpy.savez / savez_compressed: one member per input, named
//              after it, holding the samples stacked on a new first axis; or
//              (models with one input) one member per sample, in archive
//              order;
//   idx:PATH   an IDX file of unsigned bytes (MNIST, Fashion-MNIST),
//              optionally gzip'd, for models with one float input: each item
//              scaled to [0, 1] and shaped to the model's input; a model input
//              of B items (dimension 0) takes B consecutive items per run.
// .npy and .pb files are read by quantc-runner's readers.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TOOLS_QUANTC_CALIBRATIONDATA_H
#define QUANTC_TOOLS_QUANTC_CALIBRATIONDATA_H

#include "Tensor.h"

#include "quantc/Runtime/ModelAPI.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <vector>

namespace quantc {

/// One run's inputs: a tensor per model input, in the model's order.
using CalibrationSample = std::vector<runner::Tensor>;

/// The first `limit` samples of `source` (all of them, up to 500, when
/// `limit` is 0), each tensor checked against its model input: the input's
/// element type and exact shape. For IDX data `limit` counts items, and the
/// result holds one sample per batch of them. False with a message naming
/// the file (and sample) on an unreadable source, a mismatch, a missing
/// input, no samples, or fewer than an explicit `limit`.
bool loadCalibrationSamples(const std::string &source, llvm::ArrayRef<qc_tensor_desc> inputs,
                            size_t limit, std::vector<CalibrationSample> &samples,
                            std::string &error);

/// How many samples calibration uses when --calib-samples is not given.
constexpr size_t kDefaultCalibrationSamples = 500;

} // namespace quantc

#endif // QUANTC_TOOLS_QUANTC_CALIBRATIONDATA_H
