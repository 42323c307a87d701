//===- TensorFile.h - tensors in .npy and .pb files -------------*- C++ -*-===//

#ifndef QUANTC_RUNNER_TENSORFILE_H
#define QUANTC_RUNNER_TENSORFILE_H

#include "Status.h"
#include "Tensor.h"

#include <string>

namespace quantc::runner {

/// Reads a .npy file (NumPy) or a .pb file (a serialized onnx.TensorProto,
/// as in the ONNX backend tests); the extension, in any case, decides which.
/// Errors name the file.
Status readTensorFile(const std::string &path, Tensor &tensor);

/// Writes `tensor` as a version 1.0 .npy file.
Status writeNpyFile(const std::string &path, const Tensor &tensor);

} // namespace quantc::runner

#endif // QUANTC_RUNNER_TENSORFILE_H
