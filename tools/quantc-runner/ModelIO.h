//===- ModelIO.h - files for a model's inputs and outputs -------*- C++ -*-===//
//
// Matches the command line's --input and --expect files to the tensors of a
// model descriptor, checks what the files hold against them, and names the
// files outputs are written to.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_RUNNER_MODELIO_H
#define QUANTC_RUNNER_MODELIO_H

#include "CommandLine.h"
#include "Status.h"
#include "Tensor.h"

#include "quantc/Runtime/ModelAPI.h"

#include <string>
#include <vector>

namespace quantc::runner {

/// The file of each model input, in the descriptor's order: NAME=FILE
/// arguments by name, positional ones by position. Every input must be given
/// exactly once.
Status assignInputFiles(const qc_model_desc &desc, const std::vector<TensorFileArg> &args,
                        std::vector<std::string> &inputFiles);

/// The expected-value file of each model output, or "" for outputs without
/// one. Each output at most once.
Status assignExpectationFiles(const qc_model_desc &desc, const std::vector<TensorFileArg> &args,
                              std::vector<std::string> &expectationFiles);

/// Whether `tensor`, read from `path`, has the element type and exact shape of
/// the model's `role` ("input" or "output") `expected`:
///   input 'x': expected float32 [1,3,224,224], file x.npy holds float32 [1,3,224,223]
Status checkTensorMatches(const char *role, const qc_tensor_desc &expected, const Tensor &tensor,
                          const std::string &path);

/// The file name (no directory) each output is written to: <name>.npy, with
/// every character but letters, digits, '.', '-' and '_' replaced by '_'
/// (ONNX names such as "logits:0" or "block/conv" stay readable), made
/// unique with a suffix if two names collapse to the same file.
std::vector<std::string> outputFileNames(const qc_model_desc &desc);

} // namespace quantc::runner

#endif // QUANTC_RUNNER_MODELIO_H
