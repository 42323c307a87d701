//===- ModelIO.cpp - files for a model's inputs and outputs ---------------===//

#include "ModelIO.h"

#include <cstring>
#include <set>

namespace quantc::runner {

namespace {

int findTensorByName(const qc_tensor_desc *tensors, int32_t count, const std::string &name) {
  for (int32_t i = 0; i < count; ++i)
    if (name == tensors[i].name)
      return i;
  return -1;
}

std::string listNames(const qc_tensor_desc *tensors, int32_t count) {
  std::string names;
  for (int32_t i = 0; i < count; ++i)
    names += (i ? ", " : "") + std::string(tensors[i].name);
  return names.empty() ? "none" : names;
}

std::string sanitizeFileName(const std::string &name) {
  std::string sanitized = name;
  for (char &c : sanitized) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '-' || c == '_';
    if (!keep)
      c = '_';
  }
  // Neither hidden nor "." / "..".
  if (sanitized.empty() || sanitized[0] == '.')
    sanitized.insert(sanitized.begin(), '_');
  return sanitized;
}

} // namespace

Status assignInputFiles(const qc_model_desc &desc, const std::vector<TensorFileArg> &args,
                        std::vector<std::string> &inputFiles) {
  inputFiles.assign(size_t(desc.num_inputs), std::string());
  int32_t nextPositional = 0;
  for (const TensorFileArg &arg : args) {
    int index;
    if (arg.name.empty()) {
      if (nextPositional >= desc.num_inputs)
        return Status::error("too many inputs: the model has %d (%s)", desc.num_inputs,
                             listNames(desc.inputs, desc.num_inputs).c_str());
      index = nextPositional++;
    } else {
      index = findTensorByName(desc.inputs, desc.num_inputs, arg.name);
      if (index < 0)
        return Status::error("the model has no input '%s' (its inputs: %s)", arg.name.c_str(),
                             listNames(desc.inputs, desc.num_inputs).c_str());
    }
    if (!inputFiles[size_t(index)].empty())
      return Status::error("input '%s' given twice", desc.inputs[index].name);
    inputFiles[size_t(index)] = arg.path;
  }
  for (int32_t i = 0; i < desc.num_inputs; ++i)
    if (inputFiles[size_t(i)].empty())
      return Status::error("input '%s' not given (--input %s=FILE)", desc.inputs[i].name,
                           desc.inputs[i].name);
  return Status::success();
}

Status assignExpectationFiles(const qc_model_desc &desc, const std::vector<TensorFileArg> &args,
                              std::vector<std::string> &expectationFiles) {
  expectationFiles.assign(size_t(desc.num_outputs), std::string());
  for (const TensorFileArg &arg : args) {
    int index = findTensorByName(desc.outputs, desc.num_outputs, arg.name);
    if (index < 0)
      return Status::error("the model has no output '%s' (its outputs: %s)", arg.name.c_str(),
                           listNames(desc.outputs, desc.num_outputs).c_str());
    if (!expectationFiles[size_t(index)].empty())
      return Status::error("--expect for output '%s' given twice", arg.name.c_str());
    expectationFiles[size_t(index)] = arg.path;
  }
  return Status::success();
}

Status checkTensorMatches(const char *role, const qc_tensor_desc &expected, const Tensor &tensor,
                          const std::string &path) {
  bool sameShape = tensor.shape.size() == size_t(expected.rank) &&
                   (expected.rank == 0 || std::memcmp(tensor.shape.data(), expected.shape,
                                                      tensor.shape.size() * sizeof(int64_t)) == 0);
  if (tensor.elementType == expected.elem_type && sameShape)
    return Status::success();
  return Status::error("%s '%s': expected %s %s, file %s holds %s", role, expected.name,
                       elementTypeName(expected.elem_type).c_str(),
                       formatShape(expected.shape, size_t(expected.rank)).c_str(), path.c_str(),
                       tensor.describe().c_str());
}

std::vector<std::string> outputFileNames(const qc_model_desc &desc) {
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (int32_t i = 0; i < desc.num_outputs; ++i) {
    std::string stem = sanitizeFileName(desc.outputs[i].name);
    std::string name = stem + ".npy";
    for (int suffix = 1; taken.count(name); ++suffix)
      name = stem + "_" + std::to_string(suffix) + ".npy";
    taken.insert(name);
    names.push_back(name);
  }
  return names;
}

} // namespace quantc::runner
