//===- TensorProtoTest.cpp - the onnx.TensorProto decoder -----------------===//

#include "TensorProto.h"
#include "TensorFile.h"
#include "TestSupport.h"

#include "quantc/Runtime/ModelAPI.h"

#include <cstring>

namespace quantc::runner::test {
namespace {

/// Writes protobuf wire format by hand, to build what ONNX's Python writer
/// never produces (unpacked repeated fields, mixed encodings) and what no
/// writer should (corrupt lengths, out-of-range values).
class ProtoWriter {
public:
  ProtoWriter &varintField(uint32_t field, uint64_t value) {
    key(field, 0);
    varint(value);
    return *this;
  }
  ProtoWriter &fixed32Field(uint32_t field, uint32_t value) {
    key(field, 5);
    fixed(value, 4);
    return *this;
  }
  ProtoWriter &fixed64Field(uint32_t field, uint64_t value) {
    key(field, 1);
    fixed(value, 8);
    return *this;
  }
  ProtoWriter &bytesField(uint32_t field, const std::string &payload) {
    key(field, 2);
    varint(payload.size());
    bytes_ += payload;
    return *this;
  }
  ProtoWriter &packedVarints(uint32_t field, const std::vector<uint64_t> &values) {
    ProtoWriter payload;
    for (uint64_t value : values)
      payload.varint(value);
    return bytesField(field, payload.bytes());
  }
  ProtoWriter &packedFloats(uint32_t field, const std::vector<float> &values) {
    std::string payload(values.size() * 4, '\0');
    std::memcpy(payload.data(), values.data(), payload.size());
    return bytesField(field, payload);
  }
  ProtoWriter &raw(const std::string &bytes) {
    bytes_ += bytes;
    return *this;
  }
  const std::string &bytes() const { return bytes_; }

private:
  void key(uint32_t field, uint32_t wireType) { varint(uint64_t(field) << 3 | wireType); }
  void varint(uint64_t value) {
    do {
      bytes_ += char((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
      value >>= 7;
    } while (value);
  }
  void fixed(uint64_t value, int count) {
    for (int i = 0; i < count; ++i)
      bytes_ += char((value >> (8 * i)) & 0xff);
  }
  std::string bytes_;
};

enum Field : uint32_t {
  kDims = 1,
  kDataType = 2,
  kSegment = 3,
  kFloatData = 4,
  kInt32Data = 5,
  kStringData = 6,
  kInt64Data = 7,
  kName = 8,
  kRawData = 9,
  kDoubleData = 10,
  kUint64Data = 11,
  kDocString = 12,
  kDataLocation = 14,
};

uint32_t floatBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  return bits;
}

Status parseBytes(const std::string &bytes, Tensor &tensor) {
  return parseTensorProto(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), tensor);
}

const char *const kDtypeNames[] = {"float16", "float32", "float64", "int8",   "int16",  "int32",
                                   "int64",   "uint8",   "uint16",  "uint32", "uint64", "bool"};

// ONNX's writers (typed fields through helper.make_tensor, raw_data through
// numpy_helper.from_array) against NumPy's, for every element type.
TEST(TensorProto, TypedAndRawDataMatchNumPy) {
  for (const char *name : kDtypeNames) {
    SCOPED_TRACE(name);
    Tensor npy, typed, raw;
    ASSERT_OK(readTensorFile(fixturePath(std::string("values_") + name + ".npy"), npy));
    ASSERT_OK(readTensorFile(fixturePath(std::string("values_") + name + ".pb"), typed));
    ASSERT_OK(readTensorFile(fixturePath(std::string("values_") + name + "_raw.pb"), raw));
    EXPECT_TRUE(tensorsIdentical(npy, typed));
    EXPECT_TRUE(tensorsIdentical(npy, raw));
  }
}

TEST(TensorProto, AcceptsUnpackedAndMixedEncodings) {
  // dims unpacked (as onnx.proto declares them), float_data one value per
  // field, then the rest packed.
  ProtoWriter proto;
  proto.varintField(kDims, 2).varintField(kDims, 2).varintField(kDataType, QC_DTYPE_FLOAT32);
  proto.fixed32Field(kFloatData, floatBits(1.5f)).fixed32Field(kFloatData, floatBits(-2));
  proto.packedFloats(kFloatData, {0.25f, 8});
  Tensor tensor;
  ASSERT_OK(parseBytes(proto.bytes(), tensor));
  EXPECT_TRUE(
      tensorsIdentical(tensor, makeTensor<float>(QC_DTYPE_FLOAT32, {2, 2}, {1.5f, -2, 0.25f, 8})));

  // Packed dims, unpacked int64 and double values.
  ProtoWriter int64s;
  int64s.packedVarints(kDims, {3}).varintField(kDataType, QC_DTYPE_INT64);
  for (int64_t value : {int64_t(-5), int64_t(0), INT64_MAX})
    int64s.varintField(kInt64Data, uint64_t(value));
  ASSERT_OK(parseBytes(int64s.bytes(), tensor));
  EXPECT_TRUE(
      tensorsIdentical(tensor, makeTensor<int64_t>(QC_DTYPE_INT64, {3}, {-5, 0, INT64_MAX})));

  ProtoWriter doubles;
  doubles.varintField(kDims, 1).varintField(kDataType, QC_DTYPE_FLOAT64);
  double value = -0.1;
  uint64_t bits;
  std::memcpy(&bits, &value, 8);
  doubles.fixed64Field(kDoubleData, bits);
  ASSERT_OK(parseBytes(doubles.bytes(), tensor));
  EXPECT_EQ(tensor.elementAsDouble(0), -0.1);
}

TEST(TensorProto, ReadsInt32DataTypes) {
  // Negative int32 values are sign-extended 10-byte varints; a 5-byte
  // (32-bit) encoding reads the same way, by truncation, as in protobuf.
  ProtoWriter int8s;
  int8s.varintField(kDims, 3).varintField(kDataType, QC_DTYPE_INT8);
  int8s.packedVarints(kInt32Data, {uint64_t(int64_t(-128)), 0xffffffffu, 127});
  Tensor tensor;
  ASSERT_OK(parseBytes(int8s.bytes(), tensor));
  EXPECT_TRUE(tensorsIdentical(tensor, makeTensor<int8_t>(QC_DTYPE_INT8, {3}, {-128, -1, 127})));

  ProtoWriter halves;
  halves.varintField(kDims, 2)
      .varintField(kDataType, QC_DTYPE_FLOAT16)
      .packedVarints(kInt32Data, {0x3c00, 0xc000});
  ASSERT_OK(parseBytes(halves.bytes(), tensor));
  EXPECT_EQ(tensor.elementAsDouble(0), 1.0);
  EXPECT_EQ(tensor.elementAsDouble(1), -2.0);

  ProtoWriter uint32s;
  uint32s.varintField(kDims, 1)
      .varintField(kDataType, QC_DTYPE_UINT32)
      .varintField(kUint64Data, 0xffffffffu);
  ASSERT_OK(parseBytes(uint32s.bytes(), tensor));
  EXPECT_EQ(tensor.elementAsDouble(0), 4294967295.0);
}

TEST(TensorProto, ScalarsEmptyTensorsAndIgnoredFields) {
  ProtoWriter scalar;
  scalar.bytesField(kName, "x")
      .varintField(kDataType, QC_DTYPE_FLOAT32)
      .fixed32Field(kFloatData, floatBits(3));
  scalar.bytesField(kDocString, "ignored").varintField(kDataLocation, 0).varintField(999, 7);
  Tensor tensor;
  ASSERT_OK(parseBytes(scalar.bytes(), tensor));
  EXPECT_EQ(tensor.describe(), "float32 []");
  EXPECT_EQ(tensor.elementAsDouble(0), 3.0);

  ProtoWriter empty;
  empty.varintField(kDims, 0).varintField(kDims, 4).varintField(kDataType, QC_DTYPE_INT32);
  ASSERT_OK(parseBytes(empty.bytes(), tensor));
  EXPECT_EQ(tensor.describe(), "int32 [0,4]");
  EXPECT_EQ(tensor.elementCount(), 0u);
}

TEST(TensorProto, RefusesInconsistentTensors) {
  struct Case {
    const char *what;
    ProtoWriter proto;
    const char *error;
  };
  std::vector<Case> cases;
  auto add = [&](const char *what, ProtoWriter proto, const char *error) {
    cases.push_back({what, proto, error});
  };
  add("no data type", ProtoWriter().varintField(kDims, 1).fixed32Field(kFloatData, 0),
      "without data_type");
  add("string", ProtoWriter().varintField(kDataType, 8).bytesField(kStringData, "a"),
      "string tensors");
  add("bfloat16", ProtoWriter().varintField(kDataType, 16), "unsupported data_type 16");
  add("huge data type", ProtoWriter().varintField(kDataType, uint64_t(1) << 40),
      "unsupported data_type");
  add("wrong field",
      ProtoWriter().varintField(kDataType, QC_DTYPE_FLOAT32).varintField(kInt64Data, 1),
      "float32 values belong in float_data, not int64_data");
  add("uint32 in int32_data",
      ProtoWriter().varintField(kDataType, QC_DTYPE_UINT32).varintField(kInt32Data, 1),
      "uint32 values belong in uint64_data, not int32_data");
  add("too few values",
      ProtoWriter()
          .varintField(kDims, 3)
          .varintField(kDataType, QC_DTYPE_INT64)
          .packedVarints(kInt64Data, {1, 2}),
      "int64_data holds 2 values, int64 [3] needs 3");
  add("no values", ProtoWriter().varintField(kDims, 2).varintField(kDataType, QC_DTYPE_FLOAT32),
      "holds no values, float32 [2] needs 2");
  add("raw size",
      ProtoWriter()
          .varintField(kDims, 2)
          .varintField(kDataType, QC_DTYPE_FLOAT32)
          .bytesField(kRawData, "abc"),
      "raw_data holds 3 bytes, float32 [2] needs 8");
  add("raw and typed",
      ProtoWriter()
          .varintField(kDataType, QC_DTYPE_FLOAT32)
          .bytesField(kRawData, "abcd")
          .fixed32Field(kFloatData, 0),
      "values in both raw_data and float_data");
  add("int8 range",
      ProtoWriter().varintField(kDataType, QC_DTYPE_INT8).varintField(kInt32Data, 200),
      "int32_data value 0: value 200 out of range [-128, 127]");
  add("uint8 range",
      ProtoWriter().varintField(kDataType, QC_DTYPE_UINT8).varintField(kInt32Data, uint64_t(-1)),
      "value -1 out of range [0, 255]");
  add("bool range", ProtoWriter().varintField(kDataType, QC_DTYPE_BOOL).varintField(kInt32Data, 2),
      "value 2 out of range [0, 1]");
  add("float16 range",
      ProtoWriter().varintField(kDataType, QC_DTYPE_FLOAT16).varintField(kInt32Data, 70000),
      "out of range [0, 65535]");
  add("uint32 range",
      ProtoWriter().varintField(kDataType, QC_DTYPE_UINT32).varintField(kUint64Data, 1ull << 32),
      "value 4294967296 out of range for uint32");
  add("external",
      ProtoWriter().varintField(kDataType, QC_DTYPE_FLOAT32).varintField(kDataLocation, 1),
      "external data are not supported");
  add("segment", ProtoWriter().bytesField(kSegment, ""), "segmented tensors are not supported");
  add("negative dim",
      ProtoWriter().varintField(kDims, uint64_t(-2)).varintField(kDataType, QC_DTYPE_FLOAT32),
      "negative dimension -2");
  add("huge dims",
      ProtoWriter()
          .varintField(kDims, 1ull << 30)
          .varintField(kDims, 1ull << 30)
          .varintField(kDataType, QC_DTYPE_FLOAT32),
      "larger than the limit");
  cases.push_back({"rank 65", ProtoWriter(), "rank exceeds the limit of 64"});
  for (int i = 0; i < 65; ++i)
    cases.back().proto.varintField(kDims, 1);
  for (const Case &c : cases) {
    SCOPED_TRACE(c.what);
    Tensor tensor;
    EXPECT_ERROR(parseBytes(c.proto.bytes(), tensor), c.error);
  }
}

TEST(TensorProto, RefusesCorruptWireFormat) {
  struct Case {
    const char *what;
    std::string bytes;
    const char *error;
  };
  const Case cases[] = {
      {"truncated varint", std::string("\x10\x81", 2), "truncated varint at byte 2"},
      {"overlong varint", std::string("\x10\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 11),
       "varint longer than 64 bits"},
      {"length past the end",
       std::string("\x4a\x05"
                   "abc",
                   5),
       "length beyond the end of the data"},
      {"truncated fixed32", std::string("\x25\x00\x00", 3), "truncated fixed-size value"},
      {"group", std::string("\x0b", 1), "unsupported wire type"},
      {"field number 0", std::string("\x00\x01", 2), "invalid field number"},
      {"dims as fixed32", std::string("\x0d\x01\x00\x00\x00", 5),
       "repeated field with an unexpected wire type"},
      {"data_type as bytes", std::string("\x12\x00", 2), "enum field with an unexpected wire type"},
      {"raw_data as varint", std::string("\x48\x01", 2), "raw_data with an unexpected wire type"},
      {"packed floats cut",
       ProtoWriter().varintField(kDataType, 1).bytesField(kFloatData, "abcde").bytes(),
       "truncated fixed-size value"},
      {"packed varint cut",
       ProtoWriter().varintField(kDataType, 7).bytesField(kInt64Data, "\x81").bytes(),
       "truncated varint"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.what);
    Tensor tensor;
    EXPECT_ERROR(parseBytes(c.bytes, tensor), c.error);
  }
}

// A prefix of a valid TensorProto may still be valid (the trailing name field
// is optional), but must never crash or read past the end (the sanitizer
// build checks that), and when it succeeds it holds the same tensor.
TEST(TensorProto, EveryTruncationFailsOrMatches) {
  for (const char *name : kDtypeNames) {
    for (const char *suffix : {".pb", "_raw.pb"}) {
      std::string file = readFileBytes(fixturePath(std::string("values_") + name + suffix));
      Tensor full;
      ASSERT_OK(parseBytes(file, full));
      for (size_t length = 0; length < file.size(); ++length) {
        Tensor tensor;
        Status status = parseBytes(file.substr(0, length), tensor);
        if (!status.failed())
          EXPECT_TRUE(tensorsIdentical(tensor, full)) << name << suffix << " cut at " << length;
      }
    }
  }
}

} // namespace
} // namespace quantc::runner::test
