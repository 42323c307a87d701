//===- CommandLine.h - quantc-runner's arguments ----------------*- C++ -*-===//

#ifndef QUANTC_RUNNER_COMMANDLINE_H
#define QUANTC_RUNNER_COMMANDLINE_H

#include "Compare.h"
#include "Status.h"

#include <string>
#include <vector>

namespace quantc::runner {

/// `--input NAME=FILE` or, without a name, the next input in order.
struct TensorFileArg {
  std::string name; // empty: positional
  std::string path;
};

struct RunnerOptions {
  std::string modelPath;
  std::vector<TensorFileArg> inputs;
  std::vector<TensorFileArg> expectations; // always named
  std::string outputDir;                   // empty: write no files
  Tolerance tolerance;
  int benchRuns = 0; // 0: no benchmark
  int warmupRuns = 3;
  bool showHelp = false;
};

extern const char kUsage[];

/// Parses argv[1..argc). Options take their value as the next argument or
/// after '=' (--rtol=1e-4). Errors are one line without the program name.
Status parseCommandLine(int argc, const char *const *argv, RunnerOptions &options);

} // namespace quantc::runner

#endif // QUANTC_RUNNER_COMMANDLINE_H
