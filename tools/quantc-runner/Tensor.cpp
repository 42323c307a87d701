//===- Tensor.cpp - element types, sizes, formatting ----------------------===//

#include "Tensor.h"

#include "quantc/Runtime/ModelAPI.h"

#include <charconv>
#include <cstring>
#include <limits>

namespace quantc::runner {

namespace {

const ElementType kElementTypes[] = {
    {QC_DTYPE_FLOAT16, "float16", ElementKind::Float, 2},
    {QC_DTYPE_FLOAT32, "float32", ElementKind::Float, 4},
    {QC_DTYPE_FLOAT64, "float64", ElementKind::Float, 8},
    {QC_DTYPE_INT8, "int8", ElementKind::SignedInt, 1},
    {QC_DTYPE_INT16, "int16", ElementKind::SignedInt, 2},
    {QC_DTYPE_INT32, "int32", ElementKind::SignedInt, 4},
    {QC_DTYPE_INT64, "int64", ElementKind::SignedInt, 8},
    {QC_DTYPE_UINT8, "uint8", ElementKind::UnsignedInt, 1},
    {QC_DTYPE_UINT16, "uint16", ElementKind::UnsignedInt, 2},
    {QC_DTYPE_UINT32, "uint32", ElementKind::UnsignedInt, 4},
    {QC_DTYPE_UINT64, "uint64", ElementKind::UnsignedInt, 8},
    {QC_DTYPE_BOOL, "bool", ElementKind::Bool, 1},
};

template <typename T> T loadElement(const uint8_t *bytes, size_t index) {
  T value;
  std::memcpy(&value, bytes + index * sizeof(T), sizeof(T));
  return value;
}

template <typename T> std::string shortestDecimal(T value) {
  char text[64];
  auto result = std::to_chars(text, text + sizeof(text), value);
  return std::string(text, result.ptr);
}

} // namespace

const ElementType *findElementType(int32_t code) {
  for (const ElementType &type : kElementTypes)
    if (type.code == code)
      return &type;
  return nullptr;
}

const ElementType *findElementType(ElementKind kind, size_t size) {
  for (const ElementType &type : kElementTypes)
    if (type.kind == kind && type.size == size)
      return &type;
  return nullptr;
}

std::string elementTypeName(int32_t code) {
  if (const ElementType *type = findElementType(code))
    return type->name;
  return formatString("data type %d", code);
}

std::string formatShape(const int64_t *dims, size_t rank) {
  std::string text = "[";
  for (size_t i = 0; i < rank; ++i)
    text += (i ? "," : "") + std::to_string(dims[i]);
  return text + "]";
}

Status computeByteSize(const int64_t *dims, size_t rank, size_t elementSize, uint64_t &byteSize) {
  if (rank > kMaxRank)
    return Status::error("rank %zu exceeds the limit of %zu", rank, kMaxRank);
  uint64_t size = elementSize;
  bool tooLarge = false;
  for (size_t i = 0; i < rank; ++i) {
    if (dims[i] < 0)
      return Status::error("negative dimension %lld in shape %s", static_cast<long long>(dims[i]),
                           formatShape(dims, rank).c_str());
    // Keep multiplying after an overflow is detected: a later zero dimension
    // still makes the tensor empty.
    uint64_t dim = static_cast<uint64_t>(dims[i]);
    if (dim == 0) {
      size = 0;
      tooLarge = false;
    } else if (size != 0 && (tooLarge || dim > kMaxTensorBytes / size)) {
      tooLarge = true;
    } else {
      size *= dim;
    }
  }
  if (tooLarge || size > kMaxTensorBytes)
    return Status::error("shape %s is larger than the limit of %llu bytes",
                         formatShape(dims, rank).c_str(),
                         static_cast<unsigned long long>(kMaxTensorBytes));
  byteSize = size;
  return Status::success();
}

Status ByteBuffer::allocate(uint64_t size) {
  // aligned_alloc wants a multiple of the alignment, and the model API wants
  // a non-NULL pointer even for an empty tensor.
  constexpr uint64_t alignment = 64;
  if (size > kMaxTensorBytes)
    return Status::error("%llu bytes exceed the limit of %llu",
                         static_cast<unsigned long long>(size),
                         static_cast<unsigned long long>(kMaxTensorBytes));
  uint64_t rounded = (size + alignment - 1) / alignment * alignment;
  if (rounded == 0)
    rounded = alignment;
  data_.reset(static_cast<uint8_t *>(std::aligned_alloc(alignment, rounded)));
  if (!data_) {
    size_ = 0;
    return Status::error("out of memory allocating %llu bytes",
                         static_cast<unsigned long long>(size));
  }
  size_ = static_cast<size_t>(size);
  return Status::success();
}

size_t Tensor::elementCount() const {
  const ElementType *type = findElementType(elementType);
  return type ? bytes.size() / type->size : 0;
}

std::string Tensor::describe() const {
  return elementTypeName(elementType) + " " + formatShape(shape.data(), shape.size());
}

float halfToFloat(uint16_t bits) {
  uint32_t sign = uint32_t(bits >> 15) << 31;
  uint32_t exponent = (bits >> 10) & 0x1f;
  uint32_t mantissa = bits & 0x3ff;
  uint32_t result;
  if (exponent == 0x1f) {
    result = sign | 0x7f800000u | (mantissa << 13); // inf, NaN
  } else if (exponent != 0) {
    result = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    result = sign; // signed zero
  } else {
    // Subnormal half: a normal float after shifting the leading one into the
    // implicit bit.
    int shift = 0;
    while (!(mantissa & 0x400)) {
      mantissa <<= 1;
      ++shift;
    }
    result = sign | (uint32_t(127 - 15 + 1 - shift) << 23) | ((mantissa & 0x3ff) << 13);
  }
  float value;
  std::memcpy(&value, &result, sizeof(value));
  return value;
}

double Tensor::elementAsDouble(size_t index) const {
  const uint8_t *data = bytes.data();
  switch (elementType) {
  case QC_DTYPE_FLOAT16:
    return halfToFloat(loadElement<uint16_t>(data, index));
  case QC_DTYPE_FLOAT32:
    return loadElement<float>(data, index);
  case QC_DTYPE_FLOAT64:
    return loadElement<double>(data, index);
  case QC_DTYPE_INT8:
    return loadElement<int8_t>(data, index);
  case QC_DTYPE_INT16:
    return loadElement<int16_t>(data, index);
  case QC_DTYPE_INT32:
    return loadElement<int32_t>(data, index);
  case QC_DTYPE_INT64:
    return static_cast<double>(loadElement<int64_t>(data, index));
  case QC_DTYPE_UINT8:
    return loadElement<uint8_t>(data, index);
  case QC_DTYPE_UINT16:
    return loadElement<uint16_t>(data, index);
  case QC_DTYPE_UINT32:
    return loadElement<uint32_t>(data, index);
  case QC_DTYPE_UINT64:
    return static_cast<double>(loadElement<uint64_t>(data, index));
  case QC_DTYPE_BOOL:
    return loadElement<uint8_t>(data, index) != 0;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

std::string Tensor::formatElement(size_t index) const {
  const uint8_t *data = bytes.data();
  switch (elementType) {
  case QC_DTYPE_FLOAT16:
    return shortestDecimal(halfToFloat(loadElement<uint16_t>(data, index)));
  case QC_DTYPE_FLOAT32:
    return shortestDecimal(loadElement<float>(data, index));
  case QC_DTYPE_FLOAT64:
    return shortestDecimal(loadElement<double>(data, index));
  case QC_DTYPE_INT8:
    return shortestDecimal(loadElement<int8_t>(data, index));
  case QC_DTYPE_INT16:
    return shortestDecimal(loadElement<int16_t>(data, index));
  case QC_DTYPE_INT32:
    return shortestDecimal(loadElement<int32_t>(data, index));
  case QC_DTYPE_INT64:
    return shortestDecimal(loadElement<int64_t>(data, index));
  case QC_DTYPE_UINT8:
    return shortestDecimal(loadElement<uint8_t>(data, index));
  case QC_DTYPE_UINT16:
    return shortestDecimal(loadElement<uint16_t>(data, index));
  case QC_DTYPE_UINT32:
    return shortestDecimal(loadElement<uint32_t>(data, index));
  case QC_DTYPE_UINT64:
    return shortestDecimal(loadElement<uint64_t>(data, index));
  case QC_DTYPE_BOOL:
    return loadElement<uint8_t>(data, index) ? "true" : "false";
  }
  return "?";
}

} // namespace quantc::runner
