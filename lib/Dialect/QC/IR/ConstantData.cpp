//===- ConstantData.cpp - read and build qc constant payloads -------------===//

#include "quantc/Dialect/QC/IR/ConstantData.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include <cstring>

namespace mlir::qc {

int64_t getElementByteWidth(Type elementType) {
  if (auto complex = dyn_cast<ComplexType>(elementType))
    return 2 * getElementByteWidth(complex.getElementType());
  return std::max<int64_t>(1, (elementType.getIntOrFloatBitWidth() + 7) / 8);
}

std::optional<std::vector<char>> getRawBytes(ElementsAttr attr) {
  if (!attr)
    return std::nullopt;
  auto type = cast<ShapedType>(attr.getType());
  int64_t width = getElementByteWidth(type.getElementType());
  size_t size = static_cast<size_t>(type.getNumElements() * width);
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    ArrayRef<char> data = resource.getData();
    if (data.size() != size)
      return std::nullopt;
    return std::vector<char>(data.begin(), data.end());
  }
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  std::vector<char> bytes(size);
  if (type.getElementType().isInteger(1)) {
    // DenseElementsAttr packs booleans into bits.
    for (auto [i, bit] : llvm::enumerate(dense.getValues<bool>()))
      bytes[i] = bit;
    return bytes;
  }
  ArrayRef<char> raw = dense.getRawData();
  if (dense.isSplat()) {
    for (size_t offset = 0; offset < size; offset += width)
      std::memcpy(bytes.data() + offset, raw.data(), width);
  } else {
    std::memcpy(bytes.data(), raw.data(), size);
  }
  return bytes;
}

static DenseElementsAttr denseFromBytes(ShapedType type, ArrayRef<char> bytes) {
  if (type.getElementType().isInteger(1)) {
    SmallVector<bool> bits(bytes.begin(), bytes.end());
    return DenseElementsAttr::get(type, ArrayRef<bool>(bits));
  }
  return DenseElementsAttr::getFromRawBuffer(type, bytes);
}

DenseElementsAttr toDenseElements(ElementsAttr attr) {
  if (auto dense = dyn_cast_if_present<DenseElementsAttr>(attr))
    return dense;
  std::optional<std::vector<char>> bytes = getRawBytes(attr);
  if (!bytes)
    return {};
  return denseFromBytes(cast<ShapedType>(attr.getType()), *bytes);
}

std::optional<SmallVector<float>> getFloatValues(ElementsAttr attr) {
  if (!attr || !attr.getElementType().isF32())
    return std::nullopt;
  std::optional<std::vector<char>> bytes = getRawBytes(attr);
  if (!bytes)
    return std::nullopt;
  SmallVector<float> values(attr.getNumElements());
  std::memcpy(values.data(), bytes->data(), bytes->size());
  return values;
}

std::optional<SmallVector<int64_t>> getIntegerValues(ElementsAttr attr) {
  auto integerType = attr ? dyn_cast<IntegerType>(attr.getElementType()) : IntegerType();
  if (!integerType)
    return std::nullopt;
  DenseElementsAttr dense = toDenseElements(attr);
  if (!dense)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (const APInt &value : dense.getValues<APInt>())
    values.push_back(integerType.isUnsigned() ? static_cast<int64_t>(value.getZExtValue())
                                              : value.getSExtValue());
  return values;
}

ElementsAttr getConstantElements(Value value) {
  ElementsAttr attr;
  if (value && matchPattern(value, m_Constant(&attr)))
    return attr;
  return {};
}

ElementsAttr makeConstantElements(ShapedType type, ArrayRef<char> rawData,
                                  StringRef nameHint) {
  if (type.getNumElements() <= kMaxInlineConstantElements)
    return denseFromBytes(type, rawData);
  // 64-byte alignment lets kernels and the exporter read the blob in place.
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocateAndCopyWithAlign(rawData, /*align=*/64);
  return DenseResourceElementsAttr::get(type, nameHint.empty() ? "blob" : nameHint,
                                        std::move(blob));
}

ElementsAttr makeFloatConstantElements(ShapedType type, ArrayRef<float> values,
                                       StringRef nameHint) {
  ArrayRef<char> raw(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(float));
  return makeConstantElements(type, raw, nameHint);
}

ElementsAttr packConstantElements(Value value, ShapedType packedType, StringRef nameHint,
                                  function_ref<void(const void *, void *)> pack) {
  ElementsAttr elements = getConstantElements(value);
  if (!elements)
    return nullptr;
  std::optional<std::vector<char>> values = getRawBytes(elements);
  if (!values)
    return nullptr;
  std::vector<char> packed(packedType.getNumElements() *
                           getElementByteWidth(packedType.getElementType()));
  pack(values->data(), packed.data());
  return makeConstantElements(packedType, packed, nameHint);
}

} // namespace mlir::qc
