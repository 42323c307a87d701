//===- Model.cpp - a compiled model loaded with dlopen --------------------===//

#include "Model.h"

#include "Tensor.h"

#include <dlfcn.h>

namespace quantc::runner {

namespace {

// No ONNX graph has anywhere near this many inputs or outputs; the bound
// keeps a corrupt count from driving huge allocations.
constexpr int32_t kMaxModelTensors = 1 << 16;

Status validateTensorDescs(const char *role, const qc_tensor_desc *tensors, int32_t count) {
  if (count < 0 || count > kMaxModelTensors)
    return Status::error("invalid %s count %d", role, count);
  if (count > 0 && !tensors)
    return Status::error("%d %ss but no %s array", count, role, role);
  for (int32_t i = 0; i < count; ++i) {
    const qc_tensor_desc &tensor = tensors[i];
    if (!tensor.name)
      return Status::error("%s %d has no name", role, i);
    const ElementType *type = findElementType(tensor.elem_type);
    if (!type)
      return Status::error("%s '%s' has unsupported element type %d", role, tensor.name,
                           tensor.elem_type);
    if (tensor.rank < 0 || (tensor.rank > 0 && !tensor.shape))
      return Status::error("%s '%s' has rank %d without a shape", role, tensor.name, tensor.rank);
    uint64_t byteSize;
    Status status = computeByteSize(tensor.shape, size_t(tensor.rank), type->size, byteSize);
    if (status.failed())
      return status.withContext(formatString("%s '%s'", role, tensor.name));
  }
  return Status::success();
}

/// dlsym into a function pointer of the declared type.
template <typename Function> Status lookUp(void *library, const char *name, Function *&function) {
  function = reinterpret_cast<Function *>(dlsym(library, name));
  if (!function)
    return Status::error("no %s: not a quantc model library", name);
  return Status::success();
}

} // namespace

Status validateModelDesc(const qc_model_desc &desc) {
  if (desc.abi_version != QC_MODEL_ABI_VERSION)
    return Status::error("compiled for model ABI version %d, this runner supports version %d",
                         desc.abi_version, QC_MODEL_ABI_VERSION);
  if (Status status = validateTensorDescs("input", desc.inputs, desc.num_inputs); status.failed())
    return status;
  return validateTensorDescs("output", desc.outputs, desc.num_outputs);
}

size_t tensorByteSize(const qc_tensor_desc &tensor) {
  uint64_t byteSize = 0;
  (void)computeByteSize(tensor.shape, size_t(tensor.rank), findElementType(tensor.elem_type)->size,
                        byteSize);
  return size_t(byteSize);
}

LoadedModel::~LoadedModel() {
  if (instance_)
    destroy_(instance_);
  if (library_)
    dlclose(library_);
}

Status LoadedModel::load(const std::string &path) {
  // A bare file name would make dlopen search the library path instead of
  // the current directory.
  std::string openPath = path.find('/') == std::string::npos ? "./" + path : path;
  library_ = dlopen(openPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library_)
    return Status::error("cannot load model: %s", dlerror());

  const qc_model_desc *(*describe)(void);
  qc_model *(*create)(void);
  if (Status status = lookUp(library_, "qc_model_describe", describe); status.failed())
    return status.withContext(path);
  if (Status status = lookUp(library_, "qc_model_create", create); status.failed())
    return status.withContext(path);
  if (Status status = lookUp(library_, "qc_model_run", run_); status.failed())
    return status.withContext(path);
  if (Status status = lookUp(library_, "qc_model_destroy", destroy_); status.failed())
    return status.withContext(path);

  desc_ = describe();
  if (!desc_)
    return Status::error("%s: qc_model_describe returned NULL", path.c_str());
  if (Status status = validateModelDesc(*desc_); status.failed())
    return status.withContext(path);
  instance_ = create();
  if (!instance_)
    return Status::error("%s: qc_model_create failed (out of memory)", path.c_str());
  return Status::success();
}

Status LoadedModel::run(const void *const *inputs, void *const *outputs) {
  int result = run_(instance_, inputs, outputs);
  if (result != 0)
    return Status::error("qc_model_run failed with status %d", result);
  return Status::success();
}

} // namespace quantc::runner
