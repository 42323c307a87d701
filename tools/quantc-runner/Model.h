//===- Model.h - a compiled model loaded with dlopen ------------*- C++ -*-===//
//
// A model compiled by quantc is a shared library exporting the C API of
// quantc/Runtime/ModelAPI.h. The runner uses that API alone, so it runs any
// such library, for the host or (under qemu) for AArch64.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_RUNNER_MODEL_H
#define QUANTC_RUNNER_MODEL_H

#include "Status.h"

#include "quantc/Runtime/ModelAPI.h"

#include <string>

namespace quantc::runner {

/// Checks what the runner relies on in a descriptor read from a library: the
/// ABI version, non-NULL arrays and names, known element types, sane ranks
/// and sizes.
Status validateModelDesc(const qc_model_desc &desc);

/// Byte size of the dense buffer of `tensor`; the descriptor is valid.
size_t tensorByteSize(const qc_tensor_desc &tensor);

class LoadedModel {
public:
  LoadedModel() = default;
  ~LoadedModel();
  LoadedModel(const LoadedModel &) = delete;
  LoadedModel &operator=(const LoadedModel &) = delete;

  /// Loads the library, checks its descriptor and creates an instance.
  Status load(const std::string &path);

  const qc_model_desc &desc() const { return *desc_; }

  /// One qc_model_run with buffers sized from desc().
  Status run(const void *const *inputs, void *const *outputs);

private:
  void *library_ = nullptr;
  const qc_model_desc *desc_ = nullptr;
  qc_model *instance_ = nullptr;
  int (*run_)(qc_model *, const void *const *, void *const *) = nullptr;
  void (*destroy_)(qc_model *) = nullptr;
};

} // namespace quantc::runner

#endif // QUANTC_RUNNER_MODEL_H
