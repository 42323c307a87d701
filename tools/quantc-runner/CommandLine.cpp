//===- CommandLine.cpp - quantc-runner's arguments ------------------------===//

#include "CommandLine.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace quantc::runner {

const char kUsage[] =
    "usage: quantc-runner MODEL.so [options]\n"
    "\n"
    "Runs a model compiled by quantc on tensors read from .npy or .pb (ONNX\n"
    "TensorProto) files.\n"
    "\n"
    "  --input NAME=FILE    the tensor for input NAME; without NAME=, the next\n"
    "                       input in the model's order. Every input exactly once.\n"
    "  --output-dir DIR     write each output to DIR/<name>.npy\n"
    "  --expect NAME=FILE   compare output NAME with FILE; exit 1 if it differs\n"
    "  --rtol R, --atol A   float tolerance |got - want| <= A + R * |want|\n"
    "                       (default 1e-3 and 1e-5)\n"
    "  --bench N            time N runs after the warm-up runs\n"
    "  --warmup W           warm-up runs before --bench (default 3)\n"
    "  --help               this text\n";

namespace {

// measureLatency keeps one double per timed run.
constexpr long kMaxRuns = 10000000;

Status parseTolerance(const char *flag, const std::string &text, double &value) {
  char *end;
  errno = 0;
  value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno != 0 || !std::isfinite(value) || value < 0)
    return Status::error("%s needs a non-negative number, got '%s'", flag, text.c_str());
  return Status::success();
}

Status parseRunCount(const char *flag, const std::string &text, long minimum, int &value) {
  char *end;
  errno = 0;
  long parsed = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || parsed < minimum || parsed > kMaxRuns)
    return Status::error("%s needs an integer from %ld to %ld, got '%s'", flag, minimum, kMaxRuns,
                         text.c_str());
  value = int(parsed);
  return Status::success();
}

TensorFileArg splitNameAndPath(const std::string &text) {
  size_t equals = text.find('=');
  if (equals == std::string::npos)
    return {std::string(), text};
  return {text.substr(0, equals), text.substr(equals + 1)};
}

} // namespace

Status parseCommandLine(int argc, const char *const *argv, RunnerOptions &options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      options.showHelp = true;
      return Status::success();
    }
    if (arg.empty() || arg[0] != '-') {
      if (!options.modelPath.empty())
        return Status::error("unexpected argument '%s' (one model only; inputs go after --input)",
                             arg.c_str());
      options.modelPath = arg;
      continue;
    }

    std::string flag = arg, value;
    bool hasValue = false;
    if (size_t equals = arg.find('='); equals != std::string::npos) {
      flag = arg.substr(0, equals);
      value = arg.substr(equals + 1);
      hasValue = true;
    }
    static const char *const kFlags[] = {"--input", "--output-dir", "--expect", "--rtol",
                                         "--atol",  "--bench",      "--warmup"};
    bool known = false;
    for (const char *knownFlag : kFlags)
      known = known || flag == knownFlag;
    if (!known)
      return Status::error("unknown option '%s' (see --help)", flag.c_str());
    if (!hasValue) {
      if (i + 1 >= argc)
        return Status::error("option %s needs a value", flag.c_str());
      value = argv[++i];
    }

    Status status;
    if (flag == "--input") {
      TensorFileArg input = splitNameAndPath(value);
      if (input.path.empty() || value[0] == '=')
        return Status::error("--input needs FILE or NAME=FILE, got '%s'", value.c_str());
      options.inputs.push_back(input);
    } else if (flag == "--expect") {
      TensorFileArg expectation = splitNameAndPath(value);
      if (expectation.name.empty() || expectation.path.empty())
        return Status::error("--expect needs NAME=FILE, got '%s'", value.c_str());
      options.expectations.push_back(expectation);
    } else if (flag == "--output-dir") {
      if (value.empty())
        return Status::error("--output-dir needs a directory");
      options.outputDir = value;
    } else if (flag == "--rtol") {
      status = parseTolerance("--rtol", value, options.tolerance.rtol);
    } else if (flag == "--atol") {
      status = parseTolerance("--atol", value, options.tolerance.atol);
    } else if (flag == "--bench") {
      status = parseRunCount("--bench", value, 1, options.benchRuns);
    } else {
      status = parseRunCount("--warmup", value, 0, options.warmupRuns);
    }
    if (status.failed())
      return status;
  }
  if (options.modelPath.empty())
    return Status::error("no model given (usage: quantc-runner MODEL.so [options], see --help)");
  return Status::success();
}

} // namespace quantc::runner
