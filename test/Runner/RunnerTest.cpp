//===- RunnerTest.cpp - the quantc-runner binary end to end ---------------===//
//
// Runs quantc-runner as a subprocess on the fixture models and checks its
// exit status, its stdout and its one-line errors. In the AArch64 cross build
// the test itself runs under qemu, and starts the runner under qemu too.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"
#include "TensorFile.h"
#include "TestSupport.h"

#include "RunnerTestPaths.h"

#include <fcntl.h>
#include <regex>
#include <sys/wait.h>
#include <unistd.h>

namespace quantc::runner::test {
namespace {

struct RunResult {
  int exitCode = -1; // -1 if killed by a signal
  std::string out;
  std::string err;
};

/// Runs `argv` with stdout and stderr captured in files of `dir`.
RunResult runProcess(const std::vector<std::string> &argv, const TempDir &dir) {
  std::string outPath = dir.file("stdout.txt"), errPath = dir.file("stderr.txt");
  std::vector<char *> args;
  for (const std::string &arg : argv)
    args.push_back(const_cast<char *>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int out = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
      _exit(126);
    execvp(args[0], args.data());
    _exit(127);
  }
  RunResult result;
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid)
    return result;
  if (WIFEXITED(status))
    result.exitCode = WEXITSTATUS(status);
  result.out = readFileBytes(outPath);
  result.err = readFileBytes(errPath);
  unlink(outPath.c_str());
  unlink(errPath.c_str());
  return result;
}

RunResult runRunner(const std::vector<std::string> &args, const TempDir &dir) {
  std::vector<std::string> argv = {QUANTC_RUNNER_EMULATOR_ARGS QUANTC_RUNNER_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return runProcess(argv, dir);
}

const std::string kModel = QUANTC_RUNNER_ADD_ARGMAX_MODEL;

std::vector<std::string> withModel(std::vector<std::string> args) {
  args.insert(args.begin(), kModel);
  return args;
}

std::vector<std::string> namedInputs() {
  return withModel(
      {"--input", "x0=" + fixturePath("x0.npy"), "--input", "x1=" + fixturePath("x1.npy")});
}

std::vector<std::string> plus(std::vector<std::string> args, const std::vector<std::string> &more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

const char kSumLine[] = "output 'sum': float32 [2,3] [1.5, 1, 5, 7.25, 5, -1]\n";
const char kArgmaxLine[] = "output 'row/argmax:0': int64 [2] [2, 0]\n";

TEST(Runner, RunsOnNpyInputs) {
  TempDir dir;
  RunResult result = runRunner(namedInputs(), dir);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, std::string(kSumLine) + kArgmaxLine);
  EXPECT_EQ(result.err, "");
}

TEST(Runner, RunsOnPositionalAndPbInputs) {
  TempDir dir;
  RunResult result = runRunner(
      withModel({"--input", fixturePath("x0.npy"), "--input=" + fixturePath("x1.pb")}), dir);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, std::string(kSumLine) + kArgmaxLine);
}

TEST(Runner, WritesOutputsAsNpy) {
  TempDir dir;
  std::string outputDir = dir.file("out");
  RunResult result = runRunner(plus(namedInputs(), {"--output-dir", outputDir}), dir);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("wrote 2 outputs to " + outputDir + "\n"), std::string::npos)
      << result.out;
  Tensor sum, expectedSum, argmax;
  ASSERT_OK(readTensorFile(outputDir + "/sum.npy", sum));
  ASSERT_OK(readTensorFile(fixturePath("sum.npy"), expectedSum));
  EXPECT_TRUE(tensorsIdentical(sum, expectedSum));
  ASSERT_OK(readTensorFile(outputDir + "/row_argmax_0.npy", argmax));
  EXPECT_EQ(argmax.describe(), "int64 [2]");
  // NumPy itself reads them back, when it is there to ask.
  if (access("/usr/bin/python3", X_OK) == 0) {
    std::string script =
        "import numpy, sys; "
        "s = numpy.load(sys.argv[1]); a = numpy.load(sys.argv[2]); "
        "assert s.dtype == numpy.float32 and s.shape == (2, 3) and s[1, 0] == 7.25, s; "
        "assert a.dtype == numpy.int64 and a.tolist() == [2, 0], a";
    RunResult python = runProcess(
        {"/usr/bin/python3", "-c", script, outputDir + "/sum.npy", outputDir + "/row_argmax_0.npy"},
        dir);
    if (python.err.find("No module named 'numpy'") == std::string::npos)
      EXPECT_EQ(python.exitCode, 0) << python.err;
  }
  unlink((outputDir + "/sum.npy").c_str());
  unlink((outputDir + "/row_argmax_0.npy").c_str());
  rmdir(outputDir.c_str());
}

TEST(Runner, ExpectPasses) {
  TempDir dir;
  RunResult result =
      runRunner(plus(namedInputs(), {"--expect", "sum=" + fixturePath("sum.pb"), "--expect",
                                     "row/argmax:0=" + fixturePath("argmax.pb")}),
                dir);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "output 'sum': max abs error 0 (atol 1e-05, rtol 0.001): ok\n"
                        "output 'row/argmax:0': max abs error 0 (exact): ok\n");
}

TEST(Runner, ExpectHonoursTolerances) {
  TempDir dir;
  std::vector<std::string> args =
      plus(namedInputs(), {"--expect", "sum=" + fixturePath("sum_close.npy")});
  RunResult loose = runRunner(args, dir);
  EXPECT_EQ(loose.exitCode, 0) << loose.out;
  EXPECT_NE(loose.out.find("output 'sum': max abs error 1e-06 (atol 1e-05, rtol 0.001): ok"),
            std::string::npos)
      << loose.out;
  RunResult strict = runRunner(plus(args, {"--atol", "0", "--rtol=0"}), dir);
  EXPECT_EQ(strict.exitCode, 1);
  EXPECT_NE(strict.out.find("(atol 0, rtol 0): FAILED at index 0 [0,0]: got 1.5, want 1.500001"),
            std::string::npos)
      << strict.out;
}

TEST(Runner, ExpectFailsWithFirstMismatch) {
  TempDir dir;
  RunResult result =
      runRunner(plus(namedInputs(), {"--expect", "sum=" + fixturePath("sum_wrong.npy")}), dir);
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.out,
            "output 'sum': max abs error 0.5 (atol 1e-05, rtol 0.001): FAILED at index 4 [1,1]: "
            "got 5, want 5.5 (1 of 6 differ)\n" +
                std::string(kArgmaxLine));
  EXPECT_EQ(result.err, "");
}

TEST(Runner, Benchmarks) {
  TempDir dir;
  RunResult result = runRunner(plus(namedInputs(), {"--bench", "5", "--warmup", "1"}), dir);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(std::regex_search(
      result.out, std::regex("\nlatency: median [0-9]+\\.[0-9]{3} ms, min [0-9]+\\.[0-9]{3} "
                             "ms over 5 runs\n$")))
      << result.out;
}

TEST(Runner, Help) {
  TempDir dir;
  RunResult result = runRunner({"--help"}, dir);
  EXPECT_EQ(result.exitCode, 0);
  EXPECT_EQ(result.out.rfind("usage: quantc-runner MODEL.so [options]\n", 0), 0u) << result.out;
}

// Every error: exit status 1, nothing on stdout, exactly one line on stderr.
TEST(Runner, ErrorsAreOneLine) {
  TempDir dir;
  std::string truncated = dir.file("truncated.npy");
  std::string x1 = readFileBytes(fixturePath("x1.npy"));
  writeFileBytes(truncated, x1.substr(0, x1.size() - 3));
  std::string textSo = dir.file("text.so");
  writeFileBytes(textSo, "not a library\n");
  const std::string x0 = "x0=" + fixturePath("x0.npy");

  struct Case {
    std::vector<std::string> args;
    std::string error; // how the line after "quantc-runner: error: " starts
  };
  const Case cases[] = {
      {withModel({"--input", x0, "--input", "x1=/nonexistent/x1.npy"}),
       "input 'x1': cannot read /nonexistent/x1.npy: No such file or directory"},
      {withModel({"--input", x0, "--input", "x1=" + truncated}),
       "input 'x1': " + truncated +
           ": truncated NPY data: float32 [2,3] needs 24 bytes, the file has 21"},
      {withModel({"--input", x0, "--input", "x1=" + fixturePath("values_float64.npy")}),
       "input 'x1': expected float32 [2,3], file " + fixturePath("values_float64.npy") +
           " holds float64 [2,3]"},
      {withModel({"--input", x0, "--input", "x1=" + fixturePath("x0_3x2.npy")}),
       "input 'x1': expected float32 [2,3], file " + fixturePath("x0_3x2.npy") +
           " holds float32 [3,2]"},
      {withModel({"--input", x0, "--input", "y=" + fixturePath("x1.npy")}),
       "the model has no input 'y' (its inputs: x0, x1)"},
      {withModel({"--input", x0}), "input 'x1' not given (--input x1=FILE)"},
      {withModel({"--input", x0, "--input", x0}), "input 'x0' given twice"},
      {plus(namedInputs(), {"--expect", "nope=" + fixturePath("sum.npy")}),
       "the model has no output 'nope' (its outputs: sum, row/argmax:0)"},
      {plus(namedInputs(), {"--expect", "sum=" + fixturePath("x0_3x2.npy")}),
       "output 'sum': expected float32 [2,3], file " + fixturePath("x0_3x2.npy") +
           " holds float32 [3,2]"},
      {plus(namedInputs(), {"--output-dir", fixturePath("x0.npy")}),
       "output directory " + fixturePath("x0.npy") + " is not a directory"},
      {withModel({"--bogus"}), "unknown option '--bogus' (see --help)"},
      {withModel({"--bench", "many"}), "--bench needs an integer from 1 to 10000000, got 'many'"},
      {{}, "no model given (usage: quantc-runner MODEL.so [options], see --help)"},
      {{QUANTC_RUNNER_NOT_A_MODEL},
       std::string(QUANTC_RUNNER_NOT_A_MODEL) +
           ": no qc_model_describe: not a quantc model library"},
      {{QUANTC_RUNNER_WRONG_ABI_MODEL},
       std::string(QUANTC_RUNNER_WRONG_ABI_MODEL) +
           ": compiled for model ABI version 99, this runner supports version 1"},
      {{textSo}, "cannot load model: " + textSo + ": "},
      {{dir.file("missing.so")}, "cannot load model: " + dir.file("missing.so") + ": "},
  };
  for (const Case &c : cases) {
    RunResult result = runRunner(c.args, dir);
    std::string context = "args:";
    for (const std::string &arg : c.args)
      context += " " + arg;
    EXPECT_EQ(result.exitCode, 1) << context;
    EXPECT_EQ(result.out, "") << context;
    std::string prefix = "quantc-runner: error: " + c.error;
    EXPECT_EQ(result.err.rfind(prefix, 0), 0u) << context << "\nstderr: " << result.err;
    EXPECT_TRUE(!result.err.empty() && result.err.find('\n') == result.err.size() - 1)
        << context << "\nnot one line: " << result.err;
  }
}

} // namespace
} // namespace quantc::runner::test
