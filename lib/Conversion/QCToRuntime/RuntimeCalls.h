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

class RuntimeCallBuilder;

/// What an 8-bit kernel does with its int32 accumulators: the requantization
/// of the qc.rescale that alone reads them, or, without one, store them
/// (QC_INT8_C_INT32).
struct RequantEpilogue {
  /// False when a rescale reads the accumulators but the kernel cannot apply
  /// it (another axis, an int32 result, an input zero point).
  bool valid = false;
  /// The rescale the kernel applies, or null.
  Operation *rescale = nullptr;
  /// The value the kernel's output replaces: the rescale's result or the
  /// accumulators.
  Value result;
  /// QC_INT8_C_SIGNED and QC_INT8_C_INT32 as they apply.
  int32_t flags = 0;

  /// The epilogue's kernel arguments: multiplier and shift pointers,
  /// per_channel, output_zero_point, clamp_min, clamp_max.
  SmallVector<Value> getArguments(RuntimeCallBuilder &call) const;
  /// Replaces the rescale (if any) and `kernelOp` by `output`.
  void replace(PatternRewriter &rewriter, Operation *kernelOp, Value output) const;
};

/// The epilogue for the int32 accumulators `accumulators`, whose channels
/// (the per-channel multipliers' index) run along `channelAxis`.
RequantEpilogue matchRequantEpilogue(Value accumulators, int64_t channelAxis);

/// The kernel flag for 8-bit codes of `elementType`: 0 for ui8, `signedFlag`
/// for i8, nullopt for anything else.
std::optional<int32_t> getInt8Flags(Type elementType, int32_t signedFlag);

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

  /// The pointer of a constant holding `elements`.
  Value getConstantPointer(ElementsAttr elements);
  /// The pointer to `value` in a kernel's packed layout: `packedElements`
  /// elements of `packedElementType`. A constant is packed now by `packNow`,
  /// the runtime's own packing function (given the constant's raw element
  /// bytes and the packed buffer), into a new constant named after
  /// `nameHint`; any other value is packed by the generated code into a fresh
  /// buffer, calling `packCallee` with the arguments `packArguments` makes
  /// from the value's pointer and the buffer's.
  Value getPackedPointer(Value value, Type packedElementType, int64_t packedElements,
                         StringRef nameHint,
                         function_ref<void(const void *values, void *packed)> packNow,
                         StringRef packCallee,
                         function_ref<SmallVector<Value>(Value source, Value packed)> packArguments);

  /// The pointer to constant `value` in a kernel's packed layout, packed by
  /// the generated code on the model's first run: a zero-initialized private
  /// buffer of `packedElements` elements of `packedElementType` (no bytes in
  /// the model file) and a private int32 flag, both named after `nameHint`,
  /// and a call of `packOnceCallee`, the runtime's function that packs once
  /// per flag, with the arguments `packArguments` makes from the flag's,
  /// the value's and the buffer's pointers. Null when `value` is not a
  /// constant.
  Value getPackedOnceAtRunTime(
      Value value, Type packedElementType, int64_t packedElements, StringRef nameHint,
      StringRef packOnceCallee,
      function_ref<SmallVector<Value>(Value once, Value source, Value packed)> packArguments);

  /// The pointer of a constant int32 array holding `values`.
  Value getConstantI32Pointer(ArrayRef<int32_t> values);

  /// Calls `callee` (declared as a private external func.func on first use)
  /// with `arguments` and no results.
  void call(StringRef callee, ValueRange arguments);

private:
  Value getPointer(Value buffer);
  /// A private memref.global of `type` named after `namePrefix` (unique in
  /// the module), holding `initialValue` (a UnitAttr: uninitialized, which
  /// LLVM zero-fills), and the pointer to it.
  Value getGlobalPointer(StringRef namePrefix, MemRefType type, Attribute initialValue,
                         bool constant, int64_t alignment);

  PatternRewriter &rewriter;
  Location loc;
};

} // namespace mlir::qc

#endif // QUANTC_LIB_CONVERSION_QCTORUNTIME_RUNTIMECALLS_H
