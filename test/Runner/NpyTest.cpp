//===- NpyTest.cpp - the .npy reader and writer ---------------------------===//

#include "Npy.h"
#include "TensorFile.h"
#include "TestSupport.h"

#include "quantc/Runtime/ModelAPI.h"

#include <cmath>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

namespace quantc::runner::test {
namespace {

Status parseBytes(const std::string &bytes, Tensor &tensor) {
  return parseNpy(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), tensor);
}

/// A version-1 file with `dict` as its header and `dataBytes` zero bytes.
std::string npyWithHeader(const std::string &dict, size_t dataBytes) {
  std::string header = dict + "\n";
  std::string file = std::string("\x93NUMPY\x01\x00", 8);
  file += char(header.size() & 0xff);
  file += char(header.size() >> 8);
  return file + header + std::string(dataBytes, '\0');
}

TEST(Npy, ReadsWhatNumPyWrites) {
  Tensor tensor;
  ASSERT_OK(readTensorFile(fixturePath("x0.npy"), tensor));
  EXPECT_EQ(tensor.describe(), "float32 [2,3]");
  std::vector<std::string> values;
  for (size_t i = 0; i < tensor.elementCount(); ++i)
    values.push_back(tensor.formatElement(i));
  EXPECT_EQ(values, (std::vector<std::string>{"0.5", "-1", "2", "3.25", "0", "-7"}));
}

TEST(Npy, ReadsVersions2And3) {
  Tensor version1, version2, version3;
  ASSERT_OK(readTensorFile(fixturePath("x0.npy"), version1));
  ASSERT_OK(readTensorFile(fixturePath("x0_v2.npy"), version2));
  ASSERT_OK(readTensorFile(fixturePath("x0_v3.npy"), version3));
  EXPECT_TRUE(tensorsIdentical(version1, version2));
  EXPECT_TRUE(tensorsIdentical(version1, version3));
}

TEST(Npy, ReadsScalar) {
  Tensor tensor;
  ASSERT_OK(readTensorFile(fixturePath("scalar.npy"), tensor));
  EXPECT_EQ(tensor.describe(), "float32 []");
  EXPECT_EQ(tensor.elementAsDouble(0), 2.5);
}

// make_fixtures.py's dtype_values(): [[min, -1, 0], [1, 2, max]] for signed
// integers, [[0, 1, 2], [3, 4, max]] for unsigned, [[-1.5, 0, 0.25],
// [3, inf, nan]] for floats.
TEST(Npy, ReadsEveryDtype) {
  struct Case {
    const char *name;
    int32_t elementType;
    std::vector<double> values;
  };
  constexpr double inf = std::numeric_limits<double>::infinity();
  const Case cases[] = {
      {"float16", QC_DTYPE_FLOAT16, {-1.5, 0, 0.25, 3, inf}},
      {"float32", QC_DTYPE_FLOAT32, {-1.5, 0, 0.25, 3, inf}},
      {"float64", QC_DTYPE_FLOAT64, {-1.5, 0, 0.25, 3, inf}},
      {"int8", QC_DTYPE_INT8, {-128, -1, 0, 1, 2, 127}},
      {"int16", QC_DTYPE_INT16, {-32768, -1, 0, 1, 2, 32767}},
      {"int32", QC_DTYPE_INT32, {-2147483648.0, -1, 0, 1, 2, 2147483647.0}},
      {"int64", QC_DTYPE_INT64, {-9223372036854775808.0, -1, 0, 1, 2, 9223372036854775807.0}},
      {"uint8", QC_DTYPE_UINT8, {0, 1, 2, 3, 4, 255}},
      {"uint16", QC_DTYPE_UINT16, {0, 1, 2, 3, 4, 65535}},
      {"uint32", QC_DTYPE_UINT32, {0, 1, 2, 3, 4, 4294967295.0}},
      {"uint64", QC_DTYPE_UINT64, {0, 1, 2, 3, 4, 18446744073709551615.0}},
      {"bool", QC_DTYPE_BOOL, {1, 0, 1, 1, 0, 0}},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.name);
    Tensor tensor;
    ASSERT_OK(readTensorFile(fixturePath(std::string("values_") + c.name + ".npy"), tensor));
    EXPECT_EQ(tensor.elementType, c.elementType);
    EXPECT_EQ(tensor.shape, (std::vector<int64_t>{2, 3}));
    for (size_t i = 0; i < c.values.size(); ++i)
      EXPECT_EQ(tensor.elementAsDouble(i), c.values[i]) << "element " << i;
    if (c.values.size() == 5)
      EXPECT_TRUE(std::isnan(tensor.elementAsDouble(5)));
  }
  Tensor int64s;
  ASSERT_OK(readTensorFile(fixturePath("values_int64.npy"), int64s));
  EXPECT_EQ(int64s.formatElement(0), "-9223372036854775808");
  EXPECT_EQ(int64s.formatElement(5), "9223372036854775807");
}

TEST(Npy, HeaderMatchesNumPyByteForByte) {
  std::string numpyFile = readFileBytes(fixturePath("x0.npy"));
  Tensor tensor;
  ASSERT_OK(parseBytes(numpyFile, tensor));
  std::string header = makeNpyHeader(tensor);
  EXPECT_EQ(header.size() % 64, 0u);
  EXPECT_EQ(header + std::string(reinterpret_cast<const char *>(tensor.bytes.data()),
                                 tensor.bytes.size()),
            numpyFile);
}

TEST(Npy, WrittenFilesReadBack) {
  TempDir dir;
  const std::vector<std::vector<int64_t>> shapes = {{}, {5}, {0, 3}, {2, 1, 4}};
  for (const std::vector<int64_t> &shape : shapes) {
    size_t count = 1;
    for (int64_t dim : shape)
      count *= size_t(dim);
    std::vector<int16_t> values(count);
    for (size_t i = 0; i < count; ++i)
      values[i] = int16_t(i * 37 - 50);
    Tensor written = makeTensor(QC_DTYPE_INT16, shape, values), read;
    ASSERT_OK(writeNpyFile(dir.file("t.npy"), written));
    ASSERT_OK(readTensorFile(dir.file("t.npy"), read));
    EXPECT_TRUE(tensorsIdentical(written, read)) << formatShape(shape.data(), shape.size());
  }
  for (int32_t type : {QC_DTYPE_BOOL, QC_DTYPE_UINT8, QC_DTYPE_INT8}) {
    Tensor written = makeTensor<uint8_t>(type, {8}, {0, 1, 0, 1, 1, 0, 0, 1}), read;
    ASSERT_OK(writeNpyFile(dir.file("t.npy"), written));
    ASSERT_OK(readTensorFile(dir.file("t.npy"), read));
    EXPECT_EQ(read.elementType, type);
  }
}

TEST(Npy, AcceptsHeaderVariantsNumPyMayWrite) {
  Tensor tensor;
  // Double quotes, no trailing comma, other key order, Python 2 longs.
  EXPECT_OK(parseBytes(
      npyWithHeader("{\"shape\": (2L, 3L), \"fortran_order\": False, \"descr\": \"<i2\"}", 12),
      tensor));
  EXPECT_EQ(tensor.describe(), "int16 [2,3]");
  // Fortran order is C order when at most one dimension exceeds 1.
  EXPECT_OK(parseBytes(
      npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 4, 1), }", 16), tensor));
  // Byte-order-free and big-endian one-byte types.
  EXPECT_OK(parseBytes(
      npyWithHeader("{'descr': '>u1', 'fortran_order': False, 'shape': (3,), }", 3), tensor));
  EXPECT_EQ(tensor.describe(), "uint8 [3]");
}

TEST(Npy, RefusesWhatItCannotRead) {
  Tensor tensor;
  EXPECT_ERROR(readTensorFile(fixturePath("fortran.npy"), tensor),
               "Fortran-order arrays are not supported");
  EXPECT_ERROR(readTensorFile(fixturePath("big_endian.npy"), tensor),
               "big-endian dtype '>f4' is not supported");
  EXPECT_ERROR(
      parseBytes(npyWithHeader("{'descr': '<c8', 'fortran_order': False, 'shape': (), }", 8),
                 tensor),
      "unsupported dtype '<c8'");
  EXPECT_ERROR(
      parseBytes(npyWithHeader("{'descr': '<U3', 'fortran_order': False, 'shape': (), }", 12),
                 tensor),
      "unsupported dtype '<U3'");
  EXPECT_ERROR(
      parseBytes(
          npyWithHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (), }", 4),
          tensor),
      "structured dtypes are not supported");
}

TEST(Npy, RefusesCorruptHeaders) {
  struct Case {
    const char *dict;
    const char *error;
  };
  const Case cases[] = {
      {"", "header is not a Python dict"},
      {"{'descr': '<f4', 'fortran_order': False}", "header lacks one of"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
       "unexpected or repeated key 'extra'"},
      {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}",
       "repeated key 'descr'"},
      {"{'descr': '<f4' 'fortran_order': False, 'shape': (2,)}", "expected ',' or '}'"},
      {"{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,)}", "expected True or False"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}",
       "expected a non-negative integer"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}", "expected ',' or ')'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", "expected a tuple"},
      {"{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}", "expected ',' or '}'"},
      {"{'descr: '<f4'", "expected ':'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x",
       "unexpected text after the header dict"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}",
       "dimension too large"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1048576, 1048576, 1048576)}",
       "larger than the limit"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.dict);
    Tensor tensor;
    EXPECT_ERROR(parseBytes(npyWithHeader(c.dict, 8), tensor), c.error);
  }
  std::string tooManyDims = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (int i = 0; i < 65; ++i)
    tooManyDims += "1,";
  Tensor tensor;
  EXPECT_ERROR(parseBytes(npyWithHeader(tooManyDims + ")}", 4), tensor),
               "rank exceeds the limit of 64");
}

TEST(Npy, RefusesWrongSizes) {
  std::string good = readFileBytes(fixturePath("x0.npy"));
  Tensor tensor;
  EXPECT_ERROR(parseBytes(good.substr(0, good.size() - 1), tensor),
               "truncated NPY data: float32 [2,3] needs 24 bytes, the file has 23");
  EXPECT_ERROR(parseBytes(good + "x", tensor),
               "1 unexpected bytes after the NPY data of float32 [2,3]");
  EXPECT_ERROR(parseBytes(good.substr(0, 40), tensor), "truncated NPY header (30 of 118 bytes)");
  EXPECT_ERROR(parseBytes("\x93NUMPY\x01", tensor), "truncated NPY header");
  EXPECT_ERROR(parseBytes("PK\x03\x04 a zip file, as np.savez writes", tensor), "not an NPY file");
  std::string version4 = good;
  version4[6] = 4;
  EXPECT_ERROR(parseBytes(version4, tensor), "unsupported NPY version 4.0");
  // A header length that no real header has.
  std::string hugeHeader = std::string("\x93NUMPY\x02\x00\xff\xff\xff\x7f", 12);
  EXPECT_ERROR(parseBytes(hugeHeader, tensor), "exceeds the limit");
  // A declared shape far larger than the file: refused before allocating.
  EXPECT_ERROR(
      parseBytes(
          npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000, 100)}", 16),
          tensor),
      "needs 800000000000 bytes, the file has 16");
}

// Every prefix of a valid file is an invalid file: each must fail with a
// message, never read past the end (the sanitizer build checks that).
TEST(Npy, EveryTruncationFails) {
  std::string good = readFileBytes(fixturePath("values_float64.npy"));
  for (size_t length = 0; length < good.size(); ++length) {
    Tensor tensor;
    Status status = parseBytes(good.substr(0, length), tensor);
    EXPECT_TRUE(status.failed()) << "prefix of " << length << " bytes";
    EXPECT_FALSE(status.message().empty());
  }
}

TEST(TensorFile, NamesTheFileInErrors) {
  Tensor tensor;
  EXPECT_ERROR(readTensorFile("/nonexistent/x.npy", tensor),
               "cannot read /nonexistent/x.npy: No such file");
  EXPECT_ERROR(readTensorFile(fixturePath("make_fixtures.py"), tensor), "unknown tensor file type");
  TempDir dir;
  writeFileBytes(dir.file("bad.npy"), "not numpy");
  EXPECT_ERROR(readTensorFile(dir.file("bad.npy"), tensor),
               dir.file("bad.npy") + ": not an NPY file");
  std::string directory = dir.file("dir.npy");
  ASSERT_EQ(mkdir(directory.c_str(), 0700), 0);
  EXPECT_ERROR(readTensorFile(directory, tensor), "not a regular file");
  rmdir(directory.c_str());
  // Upper-case extensions are fine.
  writeFileBytes(dir.file("X.NPY"), readFileBytes(fixturePath("x0.npy")));
  EXPECT_OK(readTensorFile(dir.file("X.NPY"), tensor));
}

TEST(TensorFile, WriteErrorsNameTheFile) {
  Tensor tensor = makeTensor<float>(QC_DTYPE_FLOAT32, {1}, {1.0f});
  EXPECT_ERROR(writeNpyFile("/nonexistent/y.npy", tensor), "cannot write /nonexistent/y.npy");
}

} // namespace
} // namespace quantc::runner::test
