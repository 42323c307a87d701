//===- ConstantData.h - read and build qc constant payloads -----*- C++ -*-===//
//
// qc.constant holds either `dense` values (small tensors) or a `dense_resource`
// blob (weights). Folders, canonicalizations and the exporter read both through
// these helpers, and build new constants with the same size rule as the importer.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_CONSTANTDATA_H
#define QUANTC_DIALECT_QC_IR_CONSTANTDATA_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include <optional>
#include <vector>

namespace mlir::qc {

/// Tensors with more elements than this become dense_resource blobs.
constexpr int64_t kMaxInlineConstantElements = 16;

/// The elements of `attr` as a DenseElementsAttr (reading a dense_resource blob
/// if needed); null if the blob is missing or malformed.
DenseElementsAttr toDenseElements(ElementsAttr attr);

/// The values of a float constant as f32, or nullopt if `attr` is not a float
/// tensor with readable data.
std::optional<SmallVector<float>> getFloatValues(ElementsAttr attr);

/// The values of an integer constant of any width and signedness, or nullopt
/// if `attr` is not an integer tensor with readable data.
std::optional<SmallVector<int64_t>> getIntegerValues(ElementsAttr attr);

/// The bytes of every element of `attr`, row-major and little-endian, with
/// splats expanded and booleans one byte each; nullopt if unreadable.
std::optional<std::vector<char>> getRawBytes(ElementsAttr attr);

/// Bytes one element of `elementType` takes in getRawBytes' layout.
int64_t getElementByteWidth(Type elementType);

/// The constant elements `value` is defined by, or null.
ElementsAttr getConstantElements(Value value);

/// A constant payload of `type` holding `rawData` (little-endian, row-major, one
/// full copy per element; booleans as one byte each): `dense` when small, a
/// `dense_resource` blob named after `nameHint` otherwise.
ElementsAttr makeConstantElements(ShapedType type, ArrayRef<char> rawData,
                                  StringRef nameHint);

/// As above, from f32 values.
ElementsAttr makeFloatConstantElements(ShapedType type, ArrayRef<float> values,
                                       StringRef nameHint);

/// The constant `value` is defined by, laid out anew as `packedType` by
/// `pack` (given the constant's raw bytes and the packed buffer to fill; a
/// runtime packing function), in a constant named after `nameHint`; null
/// when `value` is not a readable constant.
ElementsAttr packConstantElements(Value value, ShapedType packedType, StringRef nameHint,
                                  function_ref<void(const void *, void *)> pack);

} // namespace mlir::qc

#endif // QUANTC_DIALECT_QC_IR_CONSTANTDATA_H
