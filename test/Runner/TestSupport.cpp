//===- TestSupport.cpp - helpers shared by the runner tests ---------------===//

#include "TestSupport.h"

#include "RunnerTestPaths.h"

#include <dirent.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace quantc::runner::test {

std::string fixturePath(const std::string &name) {
  return std::string(QUANTC_RUNNER_FIXTURES_DIR) + "/" + name;
}

std::string readFileBytes(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  EXPECT_TRUE(file.good()) << "cannot open " << path;
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

void writeFileBytes(const std::string &path, const std::string &bytes) {
  std::ofstream file(path, std::ios::binary);
  file.write(bytes.data(), std::streamsize(bytes.size()));
  EXPECT_TRUE(file.good()) << "cannot write " << path;
}

TempDir::TempDir() {
  const char *base = getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/quantc-runner-test-XXXXXX";
  if (mkdtemp(pattern.data()))
    path_ = pattern;
  EXPECT_FALSE(path_.empty()) << "mkdtemp failed";
}

TempDir::~TempDir() {
  // The tests create plain files only, never subdirectories.
  if (DIR *dir = opendir(path_.c_str())) {
    while (dirent *entry = readdir(dir))
      if (std::string(entry->d_name) != "." && std::string(entry->d_name) != "..")
        unlink(file(entry->d_name).c_str());
    closedir(dir);
  }
  rmdir(path_.c_str());
}

::testing::AssertionResult tensorsIdentical(const Tensor &a, const Tensor &b) {
  if (a.elementType != b.elementType || a.shape != b.shape)
    return ::testing::AssertionFailure() << a.describe() << " vs " << b.describe();
  if (a.bytes.size() != b.bytes.size() ||
      std::memcmp(a.bytes.data(), b.bytes.data(), a.bytes.size()) != 0)
    return ::testing::AssertionFailure() << "the data of " << a.describe() << " differs";
  return ::testing::AssertionSuccess();
}

} // namespace quantc::runner::test
