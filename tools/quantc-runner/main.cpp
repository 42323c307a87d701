//===- main.cpp - quantc-runner: run a compiled model on tensor files -----===//
//
//   quantc-runner model.so --input x=x.npy --expect y=y.pb --bench 100
//
// Loads a model library through the C API of ModelAPI.h, feeds it tensors
// read from .npy or .pb files, then writes, compares and times its outputs.
// Every failure is one line on stderr and exit status 1.
//
//===----------------------------------------------------------------------===//

#include "Benchmark.h"
#include "CommandLine.h"
#include "Compare.h"
#include "Model.h"
#include "ModelIO.h"
#include "TensorFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

using namespace quantc::runner;

namespace {

// Enough values to recognize an output at a glance on one line.
constexpr size_t kSummaryElements = 8;

int reportError(const Status &status) {
  std::fprintf(stderr, "quantc-runner: error: %s\n", status.message().c_str());
  return 1;
}

Status ensureDirectory(const std::string &path) {
  if (mkdir(path.c_str(), 0777) != 0 && errno != EEXIST)
    return Status::error("cannot create output directory %s: %s", path.c_str(),
                         std::strerror(errno));
  struct stat info;
  if (stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    return Status::error("output directory %s is not a directory", path.c_str());
  return Status::success();
}

/// Reads the file of each model tensor of `role` that has one, and checks it
/// against the descriptor.
Status readTensorFiles(const char *role, const qc_tensor_desc *descs,
                       const std::vector<std::string> &files, std::vector<Tensor> &tensors) {
  tensors = std::vector<Tensor>(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].empty())
      continue;
    if (Status status = readTensorFile(files[i], tensors[i]); status.failed())
      return status.withContext(formatString("%s '%s'", role, descs[i].name));
    if (Status status = checkTensorMatches(role, descs[i], tensors[i], files[i]); status.failed())
      return status;
  }
  return Status::success();
}

Status allocateOutputs(const qc_model_desc &desc, std::vector<Tensor> &outputs) {
  outputs = std::vector<Tensor>(size_t(desc.num_outputs));
  for (int32_t i = 0; i < desc.num_outputs; ++i) {
    const qc_tensor_desc &output = desc.outputs[i];
    Tensor &tensor = outputs[size_t(i)];
    tensor.elementType = output.elem_type;
    tensor.shape.assign(output.shape, output.shape + output.rank);
    if (Status status = tensor.bytes.allocate(tensorByteSize(output)); status.failed())
      return status.withContext(formatString("output '%s'", output.name));
  }
  return Status::success();
}

/// "output 'y': float32 [2,3] [1, 2, 3, 4, 5, 6]"
std::string summarizeOutput(const char *name, const Tensor &tensor) {
  std::string line = formatString("output '%s': %s [", name, tensor.describe().c_str());
  size_t count = tensor.elementCount();
  for (size_t i = 0; i < count && i < kSummaryElements; ++i)
    line += (i ? ", " : "") + tensor.formatElement(i);
  return line + (count > kSummaryElements ? ", ...]" : "]");
}

int runModel(const RunnerOptions &options) {
  LoadedModel model;
  if (Status status = model.load(options.modelPath); status.failed())
    return reportError(status);
  const qc_model_desc &desc = model.desc();

  std::vector<std::string> inputFiles, expectationFiles;
  std::vector<Tensor> inputs, expectations;
  if (Status status = assignInputFiles(desc, options.inputs, inputFiles); status.failed())
    return reportError(status);
  if (Status status = assignExpectationFiles(desc, options.expectations, expectationFiles);
      status.failed())
    return reportError(status);
  if (Status status = readTensorFiles("input", desc.inputs, inputFiles, inputs); status.failed())
    return reportError(status);
  if (Status status = readTensorFiles("output", desc.outputs, expectationFiles, expectations);
      status.failed())
    return reportError(status);
  if (!options.outputDir.empty())
    if (Status status = ensureDirectory(options.outputDir); status.failed())
      return reportError(status);

  std::vector<Tensor> outputs;
  if (Status status = allocateOutputs(desc, outputs); status.failed())
    return reportError(status);
  std::vector<const void *> inputBuffers;
  std::vector<void *> outputBuffers;
  for (const Tensor &input : inputs)
    inputBuffers.push_back(input.bytes.data());
  for (Tensor &output : outputs)
    outputBuffers.push_back(output.bytes.data());
  auto runOnce = [&] { return model.run(inputBuffers.data(), outputBuffers.data()); };

  if (Status status = runOnce(); status.failed())
    return reportError(status);

  // Files first: an error leaves nothing half-reported on stdout.
  if (!options.outputDir.empty()) {
    std::vector<std::string> outputFiles = outputFileNames(desc);
    for (size_t i = 0; i < outputs.size(); ++i)
      if (Status status = writeNpyFile(options.outputDir + "/" + outputFiles[i], outputs[i]);
          status.failed())
        return reportError(status);
  }
  bool allMatch = true;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const char *name = desc.outputs[i].name;
    if (expectationFiles[i].empty()) {
      std::printf("%s\n", summarizeOutput(name, outputs[i]).c_str());
      continue;
    }
    Comparison comparison = compareTensors(outputs[i], expectations[i], options.tolerance);
    allMatch = allMatch && comparison.passed;
    std::printf("%s\n",
                describeComparison(name, outputs[i], expectations[i], comparison, options.tolerance)
                    .c_str());
  }
  if (!options.outputDir.empty())
    std::printf("wrote %zu outputs to %s\n", outputs.size(), options.outputDir.c_str());

  if (options.benchRuns > 0) {
    LatencySummary latency;
    if (Status status = measureLatency(runOnce, options.warmupRuns, options.benchRuns, latency);
        status.failed())
      return reportError(status);
    std::printf("latency: median %.3f ms, min %.3f ms over %zu runs\n", latency.medianMs,
                latency.minMs, latency.runs);
  }
  return allMatch ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  RunnerOptions options;
  if (Status status = parseCommandLine(argc, argv, options); status.failed())
    return reportError(status);
  if (options.showHelp) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  return runModel(options);
}
