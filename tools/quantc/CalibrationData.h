//===- CalibrationData.h - the sample inputs of calibration -----*- C++ -*-===//
//
// --calib-data names where the samples come from (docs/tools.md):
//   DIR        one .npy (or ONNX .pb) file per sample, in file-name order;
//   FILE.npz   numpy.savez / savez_compressed, one member per sample, in
//              archive order;
//   idx:PATH   an IDX file of unsigned bytes (MNIST, Fashion-MNIST),
//              optionally gzip'd: each item scaled to [0, 1] and shaped to
//              the model's input; a model input of B items (dimension 0)
//              takes B consecutive items per run.
// .npy and .pb files are read by quantc-runner's readers.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TOOLS_QUANTC_CALIBRATIONDATA_H
#define QUANTC_TOOLS_QUANTC_CALIBRATIONDATA_H

#include "Tensor.h"

#include "quantc/Runtime/ModelAPI.h"

#include <string>
#include <vector>

namespace quantc {

/// The first `limit` samples of `source` (all of them, up to 500, when
/// `limit` is 0), each checked against the model input `input`: a float32
/// tensor of its exact shape. For IDX data `limit` counts items, and the
/// result holds one tensor per batch of them. False with a message naming the file (and
/// sample) on an unreadable source, a mismatch, no samples, or fewer than
/// an explicit `limit`.
bool loadCalibrationSamples(const std::string &source, const qc_tensor_desc &input, size_t limit,
                            std::vector<runner::Tensor> &samples, std::string &error);

/// How many samples calibration uses when --calib-samples is not given.
constexpr size_t kDefaultCalibrationSamples = 500;

} // namespace quantc

#endif // QUANTC_TOOLS_QUANTC_CALIBRATIONDATA_H
