//===- Tensor.h - a dense tensor read from or written to a file -*- C++ -*-===//
//
// Element types are the model API's QC_DTYPE_* numbers (ONNX's
// TensorProto.DataType), so a tensor read from a file compares directly with
// a model descriptor. Data is dense, row-major and in the host's byte order;
// the runner runs on little-endian targets only (x86-64, AArch64), where that
// is also the byte order of .npy and .pb files.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_RUNNER_TENSOR_H
#define QUANTC_RUNNER_TENSOR_H

#include "Status.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "tensor files are little-endian and are copied byte for byte");

namespace quantc::runner {

/// Limits that keep hostile files and descriptors from asking for absurd
/// sizes. NumPy allows at most 64 dimensions; a terabyte is far beyond any
/// model the runner can run.
constexpr size_t kMaxRank = 64;
constexpr uint64_t kMaxTensorBytes = uint64_t(1) << 40;

enum class ElementKind { Float, SignedInt, UnsignedInt, Bool };

struct ElementType {
  int32_t code;     // QC_DTYPE_*
  const char *name; // NumPy's name: "float32", "int64", "bool"
  ElementKind kind;
  size_t size; // bytes per element
};

/// The element types the runner reads and writes, or nullptr.
const ElementType *findElementType(int32_t code);
const ElementType *findElementType(ElementKind kind, size_t size);

/// "float32", or "data type 8" for a code the runner does not know.
std::string elementTypeName(int32_t code);

/// "[1,3,224,224]"; "[]" for a scalar.
std::string formatShape(const int64_t *dims, size_t rank);

/// product(dims) * elementSize, or an error if a dimension is negative, the
/// rank exceeds kMaxRank or the size exceeds kMaxTensorBytes.
Status computeByteSize(const int64_t *dims, size_t rank, size_t elementSize, uint64_t &byteSize);

/// Heap memory that reports allocation failure instead of throwing, aligned
/// for any vector load a compiled model may do on its inputs.
class ByteBuffer {
public:
  Status allocate(uint64_t size);
  uint8_t *data() { return data_.get(); }
  const uint8_t *data() const { return data_.get(); }
  size_t size() const { return size_; }

private:
  struct Free {
    void operator()(uint8_t *pointer) const { std::free(pointer); }
  };
  std::unique_ptr<uint8_t, Free> data_;
  size_t size_ = 0;
};

struct Tensor {
  int32_t elementType = 0; // QC_DTYPE_*
  std::vector<int64_t> shape;
  ByteBuffer bytes; // product(shape) elements

  size_t elementCount() const;
  /// "float32 [2,3]"
  std::string describe() const;
  /// Element `index` as a double (float16 widened; 64-bit integers rounded).
  double elementAsDouble(size_t index) const;
  /// Element `index` in its shortest exact decimal form: "0.1", "-3", "true".
  std::string formatElement(size_t index) const;
};

/// IEEE half-precision bits to float (exact).
float halfToFloat(uint16_t bits);

} // namespace quantc::runner

#endif // QUANTC_RUNNER_TENSOR_H
