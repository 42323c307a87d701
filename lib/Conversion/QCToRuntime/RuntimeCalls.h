//===- RuntimeCalls.h - building calls of KernelABI.h functions -*- C++ -*-===//
//
// Shared by the patterns of convert-qc-to-runtime: how a tensor's buffer
// becomes a pointer argument, how a result buffer is allocated and handed
// back to tensor IR, how a constant descriptor struct is emitted, and which
// trailing qc.relu / qc.clip a kernel can apply as its epilogue.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_LIB_CONVERSION_QCTORUNTIME_RUNTIMECALLS_H
#define QUANTC_LIB_CONVERSION_QCTORUNTIME_RUNTIMECALLS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::qc {

/// A qc.relu or qc.clip the kernel applies to its result (QC_EPILOGUE_*).
struct KernelEpilogue {
  int32_t kind = 0;
  float clampMin = 0.0f, clampMax = 0.0f;
  /// The op the epilogue replaces, or null for QC_EPILOGUE_NONE.
  Operation *op = nullptr;
};

/// The epilogue for `result`: its only user if that is a qc.relu or a
/// qc.clip with constant scalar bounds, else none.
KernelEpilogue matchKernelEpilogue(Value result);

class RuntimeCallBuilder {
public:
  RuntimeCallBuilder(PatternRewriter &rewriter, Location loc);

  /// The aligned pointer of `tensor`'s buffer, which the kernel only reads.
  Value getReadPointer(Value tensor);
  /// A null pointer (an absent bias).
  Value getNullPointer();
  /// A fresh 64-byte aligned buffer of `type` and its pointer.
  std::pair<Value, Value> allocate(MemRefType type);
  /// `buffer`, once the kernel has written it, as a tensor.
  Value toTensor(Value buffer);
  /// The pointer of a private constant i64 array (a descriptor struct made of
  /// int64_t fields), named after `namePrefix`.
  Value getConstantI64Array(StringRef namePrefix, ArrayRef<int64_t> values);

  Value getI32(int32_t value);
  Value getI64(int64_t value);
  Value getF32(float value);

  /// The pointer to `value` (f32) in a kernel's packed layout of
  /// `packedSize` floats. A constant is packed now by `packNow`, the
  /// runtime's own packing function, into a new constant named after
  /// `nameHint`; any other value is packed by the generated code into a fresh
  /// buffer, calling `packCallee` with the arguments `packArguments` makes
  /// from the value's pointer and the buffer's.
  Value getPackedPointer(Value value, int64_t packedSize, StringRef nameHint,
                         function_ref<void(const float *, float *)> packNow,
                         StringRef packCallee,
                         function_ref<SmallVector<Value>(Value source, Value packed)> packArguments);

  /// Calls `callee` (declared as a private external func.func on first use)
  /// with `arguments` and no results.
  void call(StringRef callee, ValueRange arguments);

private:
  Value getPointer(Value buffer);

  PatternRewriter &rewriter;
  Location loc;
};

} // namespace mlir::qc

#endif // QUANTC_LIB_CONVERSION_QCTORUNTIME_RUNTIMECALLS_H
