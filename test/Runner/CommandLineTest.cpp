//===- CommandLineTest.cpp - quantc-runner's arguments --------------------===//

#include "CommandLine.h"
#include "TestSupport.h"

namespace quantc::runner::test {
namespace {

Status parse(std::vector<const char *> args, RunnerOptions &options) {
  args.insert(args.begin(), "quantc-runner");
  return parseCommandLine(int(args.size()), args.data(), options);
}

TEST(CommandLine, ParsesEveryOption) {
  RunnerOptions options;
  ASSERT_OK(parse({"--input", "x=a.npy", "m.so", "--input=b.pb", "--output-dir", "out", "--expect",
                   "y=c.npy", "--rtol=1e-4", "--atol", "0", "--bench", "10", "--warmup=0",
                   "--input", "p=q=r.npy"},
                  options));
  EXPECT_EQ(options.modelPath, "m.so");
  ASSERT_EQ(options.inputs.size(), 3u);
  EXPECT_EQ(options.inputs[0].name, "x");
  EXPECT_EQ(options.inputs[0].path, "a.npy");
  EXPECT_EQ(options.inputs[1].name, ""); // positional
  EXPECT_EQ(options.inputs[1].path, "b.pb");
  EXPECT_EQ(options.inputs[2].name, "p"); // the first '=' separates
  EXPECT_EQ(options.inputs[2].path, "q=r.npy");
  ASSERT_EQ(options.expectations.size(), 1u);
  EXPECT_EQ(options.expectations[0].name, "y");
  EXPECT_EQ(options.outputDir, "out");
  EXPECT_EQ(options.tolerance.rtol, 1e-4);
  EXPECT_EQ(options.tolerance.atol, 0);
  EXPECT_EQ(options.benchRuns, 10);
  EXPECT_EQ(options.warmupRuns, 0);
}

TEST(CommandLine, Defaults) {
  RunnerOptions options;
  ASSERT_OK(parse({"m.so"}, options));
  EXPECT_EQ(options.tolerance.rtol, 1e-3);
  EXPECT_EQ(options.tolerance.atol, 1e-5);
  EXPECT_EQ(options.benchRuns, 0);
  EXPECT_EQ(options.warmupRuns, 3);
  EXPECT_TRUE(options.outputDir.empty());
}

TEST(CommandLine, Help) {
  RunnerOptions options;
  ASSERT_OK(parse({"--help"}, options));
  EXPECT_TRUE(options.showHelp);
}

TEST(CommandLine, RefusesBadArguments) {
  struct Case {
    std::vector<const char *> args;
    const char *error;
  };
  const Case cases[] = {
      {{}, "no model given"},
      {{"--input", "x.npy"}, "no model given"},
      {{"m.so", "n.so"}, "unexpected argument 'n.so'"},
      {{"m.so", "--frobnicate"}, "unknown option '--frobnicate'"},
      {{"m.so", "-i"}, "unknown option '-i'"},
      {{"m.so", "--input"}, "option --input needs a value"},
      {{"m.so", "--input", "x="}, "--input needs FILE or NAME=FILE, got 'x='"},
      {{"m.so", "--input", "=x.npy"}, "--input needs FILE or NAME=FILE, got '=x.npy'"},
      {{"m.so", "--expect", "y.npy"}, "--expect needs NAME=FILE, got 'y.npy'"},
      {{"m.so", "--expect", "=y.npy"}, "--expect needs NAME=FILE"},
      {{"m.so", "--output-dir="}, "--output-dir needs a directory"},
      {{"m.so", "--rtol", "abc"}, "--rtol needs a non-negative number, got 'abc'"},
      {{"m.so", "--atol=-1"}, "--atol needs a non-negative number"},
      {{"m.so", "--atol=nan"}, "--atol needs a non-negative number"},
      {{"m.so", "--rtol="}, "--rtol needs a non-negative number"},
      {{"m.so", "--bench", "0"}, "--bench needs an integer from 1 to 10000000, got '0'"},
      {{"m.so", "--bench", "5x"}, "--bench needs an integer"},
      {{"m.so", "--bench", "99999999999999999999"}, "--bench needs an integer"},
      {{"m.so", "--warmup", "-1"}, "--warmup needs an integer from 0"},
  };
  for (const Case &c : cases) {
    RunnerOptions options;
    EXPECT_ERROR(parse(c.args, options), c.error);
  }
}

} // namespace
} // namespace quantc::runner::test
