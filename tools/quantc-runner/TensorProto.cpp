//===- TensorProto.cpp - a serialized onnx.TensorProto --------------------===//
//
// Protobuf wire format: a sequence of fields, each a varint key
// (field number << 3 | wire type) followed by a varint, 4 or 8 little-endian
// bytes, or a varint length and that many bytes. A repeated numeric field is
// either one such field per element or, packed, one length-delimited field
// holding the elements back to back; writers may mix both.
//
// The tensor is decoded in two passes over the bytes: the first reads dims
// and data_type and counts the values, so that the size is validated before
// anything is allocated; the second stores the values.
//
//===----------------------------------------------------------------------===//

#include "TensorProto.h"

#include "quantc/Runtime/ModelAPI.h"

#include <cstring>
#include <limits>

namespace quantc::runner {

namespace {

enum WireType : uint32_t {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

// onnx.proto's TensorProto field numbers.
enum TensorProtoField : uint32_t {
  kDims = 1,
  kDataType = 2,
  kSegment = 3,
  kFloatData = 4,
  kInt32Data = 5,
  kStringData = 6,
  kInt64Data = 7,
  kRawData = 9,
  kDoubleData = 10,
  kUint64Data = 11,
  kDataLocation = 14,
};
constexpr uint64_t kDataLocationExternal = 1;

const char *fieldName(uint32_t field) {
  switch (field) {
  case kFloatData:
    return "float_data";
  case kInt32Data:
    return "int32_data";
  case kInt64Data:
    return "int64_data";
  case kRawData:
    return "raw_data";
  case kDoubleData:
    return "double_data";
  case kUint64Data:
    return "uint64_data";
  }
  return "an unknown field";
}

/// How one element of a repeated numeric field is encoded.
uint32_t elementWireType(uint32_t field) {
  switch (field) {
  case kFloatData:
    return kFixed32;
  case kDoubleData:
    return kFixed64;
  default:
    return kVarint; // dims, int32_data, int64_data, uint64_data
  }
}

/// The typed field ONNX stores values of `elementType` in.
uint32_t typedDataField(int32_t elementType) {
  switch (elementType) {
  case QC_DTYPE_FLOAT32:
    return kFloatData;
  case QC_DTYPE_FLOAT64:
    return kDoubleData;
  case QC_DTYPE_INT64:
    return kInt64Data;
  case QC_DTYPE_UINT32:
  case QC_DTYPE_UINT64:
    return kUint64Data;
  default:
    return kInt32Data; // int32 and everything narrower, bool, float16
  }
}

/// Reads the wire format from a slice of the file, and names offsets into
/// the whole file in its errors.
class WireReader {
public:
  WireReader(const uint8_t *file, const uint8_t *begin, const uint8_t *end)
      : file_(file), pos_(begin), end_(end) {}

  bool atEnd() const { return pos_ == end_; }

  Status corrupt(const char *what) const {
    return Status::error("corrupt TensorProto: %s at byte %zu", what, size_t(pos_ - file_));
  }

  Status readVarint(uint64_t &value) {
    value = 0;
    // At most 10 bytes of 7 bits; the tenth may only carry bit 63.
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (pos_ == end_)
        return corrupt("truncated varint");
      uint8_t byte = *pos_++;
      if (shift == 63 && byte > 1)
        return corrupt("varint longer than 64 bits");
      value |= uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80))
        return Status::success();
    }
    return corrupt("varint longer than 64 bits");
  }

  Status readFixed(size_t bytes, uint64_t &value) {
    if (size_t(end_ - pos_) < bytes)
      return corrupt("truncated fixed-size value");
    value = 0;
    for (size_t i = 0; i < bytes; ++i)
      value |= uint64_t(pos_[i]) << (8 * i);
    pos_ += bytes;
    return Status::success();
  }

  /// One element of a repeated field encoded as `wireType`.
  Status readScalar(uint32_t wireType, uint64_t &value) {
    switch (wireType) {
    case kVarint:
      return readVarint(value);
    case kFixed32:
      return readFixed(4, value);
    case kFixed64:
      return readFixed(8, value);
    }
    return corrupt("unexpected wire type");
  }

  const uint8_t *file() const { return file_; }
  const uint8_t *position() const { return pos_; }
  void skip(size_t bytes) { pos_ += bytes; }
  size_t remaining() const { return size_t(end_ - pos_); }

private:
  const uint8_t *file_;
  const uint8_t *pos_;
  const uint8_t *end_;
};

struct WireField {
  uint32_t number = 0;
  uint32_t wireType = 0;
  uint64_t scalar = 0;              // kVarint, kFixed32, kFixed64
  const uint8_t *payload = nullptr; // kLengthDelimited
  size_t payloadSize = 0;
};

Status readField(WireReader &reader, WireField &field) {
  uint64_t key;
  if (Status status = reader.readVarint(key); status.failed())
    return status;
  field.number = uint32_t(key >> 3);
  field.wireType = uint32_t(key & 7);
  if (key >> 3 == 0 || key >> 3 > (uint64_t(1) << 29) - 1)
    return reader.corrupt("invalid field number");
  switch (field.wireType) {
  case kVarint:
  case kFixed32:
  case kFixed64:
    return reader.readScalar(field.wireType, field.scalar);
  case kLengthDelimited: {
    uint64_t length;
    if (Status status = reader.readVarint(length); status.failed())
      return status;
    if (length > reader.remaining())
      return reader.corrupt("length beyond the end of the data");
    field.payload = reader.position();
    field.payloadSize = size_t(length);
    reader.skip(field.payloadSize);
    return Status::success();
  }
  }
  // Groups (3, 4) are deprecated and never used by onnx.proto; 6 and 7 do
  // not exist.
  return reader.corrupt("unsupported wire type");
}

/// Calls visit(value) for each element of a repeated numeric field, packed
/// or not.
template <typename Visit>
Status forEachRepeatedValue(const WireReader &outer, const WireField &field, Visit &&visit) {
  uint32_t wireType = elementWireType(field.number);
  if (field.wireType == wireType)
    return visit(field.scalar);
  if (field.wireType != kLengthDelimited)
    return outer.corrupt("repeated field with an unexpected wire type");
  WireReader packed(outer.file(), field.payload, field.payload + field.payloadSize);
  while (!packed.atEnd()) {
    uint64_t value;
    if (Status status = packed.readScalar(wireType, value); status.failed())
      return status;
    if (Status status = visit(value); status.failed())
      return status;
  }
  return Status::success();
}

/// Everything but the values: what the first pass learns.
struct TensorProtoLayout {
  std::vector<int64_t> dims;
  int64_t dataType = 0;
  uint32_t dataField = 0;       // the field holding the values, 0 if none
  uint64_t typedValueCount = 0; // values in a typed data field
  const uint8_t *rawData = nullptr;
  size_t rawDataSize = 0;
};

Status readLayout(const uint8_t *data, size_t size, TensorProtoLayout &layout) {
  WireReader reader(data, data, data + size);
  while (!reader.atEnd()) {
    WireField field;
    if (Status status = readField(reader, field); status.failed())
      return status;
    switch (field.number) {
    case kDims: {
      Status status = forEachRepeatedValue(reader, field, [&](uint64_t value) {
        if (layout.dims.size() == kMaxRank)
          return Status::error("rank exceeds the limit of %zu", kMaxRank);
        layout.dims.push_back(static_cast<int64_t>(value));
        return Status::success();
      });
      if (status.failed())
        return status;
      break;
    }
    case kDataType:
    case kDataLocation:
      if (field.wireType != kVarint)
        return reader.corrupt("enum field with an unexpected wire type");
      if (field.number == kDataLocation && field.scalar == kDataLocationExternal)
        return Status::error("tensors with external data are not supported");
      if (field.number == kDataType)
        layout.dataType = static_cast<int64_t>(field.scalar);
      break;
    case kSegment:
      return Status::error("segmented tensors are not supported");
    case kStringData:
      return Status::error("string tensors are not supported");
    case kFloatData:
    case kInt32Data:
    case kInt64Data:
    case kDoubleData:
    case kUint64Data:
    case kRawData: {
      if (layout.dataField && layout.dataField != field.number)
        return Status::error("values in both %s and %s", fieldName(layout.dataField),
                             fieldName(field.number));
      layout.dataField = field.number;
      if (field.number == kRawData) {
        if (field.wireType != kLengthDelimited)
          return reader.corrupt("raw_data with an unexpected wire type");
        layout.rawData = field.payload; // a repeated bytes field: the last one wins
        layout.rawDataSize = field.payloadSize;
        break;
      }
      Status status = forEachRepeatedValue(reader, field, [&](uint64_t) {
        ++layout.typedValueCount;
        return Status::success();
      });
      if (status.failed())
        return status;
      break;
    }
    default:
      break; // name, doc_string, metadata: not needed to run a model
    }
  }
  return Status::success();
}

template <typename T>
Status storeInRange(int64_t value, int64_t min, int64_t max, uint8_t *destination) {
  if (value < min || value > max)
    return Status::error("value %lld out of range [%lld, %lld]", static_cast<long long>(value),
                         static_cast<long long>(min), static_cast<long long>(max));
  T narrowed = static_cast<T>(value);
  std::memcpy(destination, &narrowed, sizeof(T));
  return Status::success();
}

template <typename T> Status storeChecked(int64_t value, uint8_t *destination) {
  return storeInRange<T>(value, std::numeric_limits<T>::min(), std::numeric_limits<T>::max(),
                         destination);
}

/// Stores one typed-field value as an element of `elementType`; the field is
/// the one typedDataField() names. int32_data holds the narrower types, and
/// float16 as its bit pattern, each within the range of its type.
Status storeTypedValue(int32_t elementType, uint64_t value, uint8_t *destination) {
  // protobuf's int32 is a sign-extended varint, read back by truncation.
  int64_t int32Value = static_cast<int32_t>(static_cast<uint32_t>(value));
  switch (elementType) {
  case QC_DTYPE_FLOAT32: { // fixed32: the float's bits
    uint32_t bits = static_cast<uint32_t>(value);
    std::memcpy(destination, &bits, sizeof(bits));
    return Status::success();
  }
  case QC_DTYPE_FLOAT64: // fixed64: the double's bits
  case QC_DTYPE_INT64:
  case QC_DTYPE_UINT64:
    std::memcpy(destination, &value, sizeof(value));
    return Status::success();
  case QC_DTYPE_UINT32:
    if (value > std::numeric_limits<uint32_t>::max())
      return Status::error("value %llu out of range for uint32",
                           static_cast<unsigned long long>(value));
    return storeChecked<uint32_t>(static_cast<int64_t>(value), destination);
  case QC_DTYPE_INT32:
    return storeChecked<int32_t>(int32Value, destination);
  case QC_DTYPE_INT16:
    return storeChecked<int16_t>(int32Value, destination);
  case QC_DTYPE_INT8:
    return storeChecked<int8_t>(int32Value, destination);
  case QC_DTYPE_UINT16:
  case QC_DTYPE_FLOAT16:
    return storeChecked<uint16_t>(int32Value, destination);
  case QC_DTYPE_UINT8:
    return storeChecked<uint8_t>(int32Value, destination);
  case QC_DTYPE_BOOL:
    return storeInRange<uint8_t>(int32Value, 0, 1, destination);
  }
  return Status::error("unsupported data type %d", elementType);
}

} // namespace

Status parseTensorProto(const uint8_t *data, size_t size, Tensor &tensor) {
  TensorProtoLayout layout;
  if (Status status = readLayout(data, size, layout); status.failed())
    return status;
  if (layout.dataType == 0)
    return Status::error("TensorProto without data_type");
  const ElementType *type = layout.dataType <= std::numeric_limits<int32_t>::max()
                                ? findElementType(int32_t(layout.dataType))
                                : nullptr;
  if (!type)
    return Status::error("unsupported data_type %lld", static_cast<long long>(layout.dataType));
  uint64_t byteSize;
  if (Status status = computeByteSize(layout.dims.data(), layout.dims.size(), type->size, byteSize);
      status.failed())
    return status;
  uint64_t elementCount = byteSize / type->size;
  std::string described =
      std::string(type->name) + " " + formatShape(layout.dims.data(), layout.dims.size());

  if (layout.dataField == kRawData) {
    if (layout.rawDataSize != byteSize)
      return Status::error("raw_data holds %zu bytes, %s needs %llu", layout.rawDataSize,
                           described.c_str(), static_cast<unsigned long long>(byteSize));
  } else if (layout.dataField) {
    uint32_t expectedField = typedDataField(type->code);
    if (layout.dataField != expectedField)
      return Status::error("%s values belong in %s, not %s", type->name, fieldName(expectedField),
                           fieldName(layout.dataField));
    if (layout.typedValueCount != elementCount)
      return Status::error("%s holds %llu values, %s needs %llu", fieldName(layout.dataField),
                           static_cast<unsigned long long>(layout.typedValueCount),
                           described.c_str(), static_cast<unsigned long long>(elementCount));
  } else if (elementCount != 0) {
    return Status::error("TensorProto holds no values, %s needs %llu", described.c_str(),
                         static_cast<unsigned long long>(elementCount));
  }

  if (Status status = tensor.bytes.allocate(byteSize); status.failed())
    return status;
  tensor.elementType = type->code;
  tensor.shape = layout.dims;
  if (layout.dataField == kRawData || !layout.dataField) {
    if (byteSize)
      std::memcpy(tensor.bytes.data(), layout.rawData, byteSize);
    return Status::success();
  }

  // Second pass: the same fields again, now storing the values.
  WireReader reader(data, data, data + size);
  uint64_t index = 0;
  while (!reader.atEnd()) {
    WireField field;
    if (Status status = readField(reader, field); status.failed())
      return status;
    if (field.number != layout.dataField)
      continue;
    Status status = forEachRepeatedValue(reader, field, [&](uint64_t value) {
      Status stored = storeTypedValue(type->code, value, tensor.bytes.data() + index * type->size);
      if (stored.failed())
        return stored.withContext(formatString("%s value %llu", fieldName(layout.dataField),
                                               static_cast<unsigned long long>(index)));
      ++index;
      return Status::success();
    });
    if (status.failed())
      return status;
  }
  return Status::success();
}

} // namespace quantc::runner
