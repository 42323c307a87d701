//===- TestSupport.h - helpers shared by the runner tests -------*- C++ -*-===//

#ifndef QUANTC_RUNNER_TESTSUPPORT_H
#define QUANTC_RUNNER_TESTSUPPORT_H

#include "Status.h"
#include "Tensor.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace quantc::runner::test {

/// A file of test/Runner/fixtures (written by make_fixtures.py).
std::string fixturePath(const std::string &name);

std::string readFileBytes(const std::string &path);
void writeFileBytes(const std::string &path, const std::string &bytes);

/// A fresh directory, removed with its files when the object goes.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const std::string &path() const { return path_; }
  std::string file(const std::string &name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

/// A tensor holding `values` converted to T.
template <typename T>
Tensor makeTensor(int32_t elementType, std::vector<int64_t> shape, const std::vector<T> &values) {
  Tensor tensor;
  tensor.elementType = elementType;
  tensor.shape = std::move(shape);
  EXPECT_FALSE(tensor.bytes.allocate(values.size() * sizeof(T)).failed());
  if (!values.empty())
    std::memcpy(tensor.bytes.data(), values.data(), values.size() * sizeof(T));
  return tensor;
}

/// The element type, shape and bytes of two tensors agree.
::testing::AssertionResult tensorsIdentical(const Tensor &a, const Tensor &b);

} // namespace quantc::runner::test

/// gtest assertions on a Status, printing its message on failure.
#define ASSERT_OK(expr)                                                                            \
  do {                                                                                             \
    ::quantc::runner::Status assertOkStatus = (expr);                                              \
    ASSERT_FALSE(assertOkStatus.failed()) << assertOkStatus.message();                             \
  } while (0)
#define EXPECT_OK(expr)                                                                            \
  do {                                                                                             \
    ::quantc::runner::Status expectOkStatus = (expr);                                              \
    EXPECT_FALSE(expectOkStatus.failed()) << expectOkStatus.message();                             \
  } while (0)

/// Expects `expr` to fail with a message containing `substring`.
#define EXPECT_ERROR(expr, substring)                                                              \
  do {                                                                                             \
    ::quantc::runner::Status expectErrorStatus = (expr);                                           \
    EXPECT_TRUE(expectErrorStatus.failed()) << "expected an error containing: " << (substring);    \
    EXPECT_NE(expectErrorStatus.message().find(substring), std::string::npos)                      \
        << "message: " << expectErrorStatus.message();                                             \
  } while (0)

#endif // QUANTC_RUNNER_TESTSUPPORT_H
