//===- RuntimeCalls.cpp - building calls of KernelABI.h functions ---------===//

#include "RuntimeCalls.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Runtime/KernelABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"

#include <limits>

namespace mlir::qc {

/// The single value of a one-element float constant, if `value` is one.
static std::optional<float> getScalarConstant(Value value) {
  ElementsAttr elements = getConstantElements(value);
  if (!elements || elements.getNumElements() != 1)
    return std::nullopt;
  std::optional<SmallVector<float>> values = getFloatValues(elements);
  if (!values)
    return std::nullopt;
  return (*values)[0];
}

KernelEpilogue matchKernelEpilogue(Value result) {
  KernelEpilogue epilogue;
  if (!result.hasOneUse())
    return epilogue;
  Operation *user = *result.getUsers().begin();
  if (isa<ReluOp>(user)) {
    epilogue.kind = QC_EPILOGUE_RELU;
    epilogue.op = user;
    return epilogue;
  }
  auto clip = dyn_cast<ClipOp>(user);
  if (!clip || clip.getInput() != result)
    return epilogue;
  float lowest = -std::numeric_limits<float>::infinity();
  float highest = std::numeric_limits<float>::infinity();
  std::optional<float> min = clip.getMin() ? getScalarConstant(clip.getMin()) : lowest;
  std::optional<float> max = clip.getMax() ? getScalarConstant(clip.getMax()) : highest;
  if (!min || !max)
    return epilogue;
  epilogue.kind = QC_EPILOGUE_CLAMP;
  epilogue.clampMin = *min;
  epilogue.clampMax = *max;
  epilogue.op = clip;
  return epilogue;
}

std::optional<int32_t> getInt8Flags(Type elementType, int32_t signedFlag) {
  auto integer = dyn_cast<IntegerType>(elementType);
  if (!integer || integer.getWidth() != 8)
    return std::nullopt;
  return integer.isUnsigned() ? 0 : signedFlag;
}

RequantEpilogue matchRequantEpilogue(Value accumulators, int64_t channelAxis) {
  RequantEpilogue epilogue;
  epilogue.result = accumulators;
  auto rescale = accumulators.hasOneUse()
                     ? dyn_cast<RescaleOp>(*accumulators.getUsers().begin())
                     : RescaleOp();
  if (!rescale) {
    epilogue.valid = true;
    epilogue.flags = QC_INT8_C_INT32;
    return epilogue;
  }
  auto outputType = cast<RankedTensorType>(rescale.getType());
  std::optional<int32_t> outputFlags =
      getInt8Flags(outputType.getElementType(), QC_INT8_C_SIGNED);
  int64_t axis = rescale.getChannelAxis();
  if (!outputFlags || rescale.getInputZeroPoint() != 0 || (axis >= 0 && axis != channelAxis))
    return epilogue;
  epilogue.valid = true;
  epilogue.rescale = rescale;
  epilogue.result = rescale.getResult();
  epilogue.flags = *outputFlags;
  return epilogue;
}

SmallVector<Value> RequantEpilogue::getArguments(RuntimeCallBuilder &call) const {
  auto rescaleOp = cast_or_null<RescaleOp>(rescale);
  if (!rescaleOp)
    return {call.getNullPointer(), call.getNullPointer(), call.getI32(0), call.getI32(0),
            call.getI32(0), call.getI32(0)};
  return {call.getConstantI32Pointer(rescaleOp.getMultiplier()),
          call.getConstantI32Pointer(rescaleOp.getShift()),
          call.getI32(rescaleOp.getChannelAxis() >= 0),
          call.getI32(static_cast<int32_t>(rescaleOp.getOutputZeroPoint())),
          call.getI32(static_cast<int32_t>(rescaleOp.getClampMin())),
          call.getI32(static_cast<int32_t>(rescaleOp.getClampMax()))};
}

void RequantEpilogue::replace(PatternRewriter &rewriter, Operation *kernelOp,
                              Value output) const {
  if (!rescale) {
    rewriter.replaceOp(kernelOp, output);
    return;
  }
  rewriter.replaceOp(rescale, output);
  rewriter.eraseOp(kernelOp);
}

RuntimeCallBuilder::RuntimeCallBuilder(PatternRewriter &rewriter, Location loc)
    : rewriter(rewriter), loc(loc) {}

Value RuntimeCallBuilder::getPointer(Value buffer) {
  Value address = memref::ExtractAlignedPointerAsIndexOp::create(rewriter, loc, buffer);
  Value asInteger =
      arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(), address);
  return LLVM::IntToPtrOp::create(rewriter, loc, LLVM::LLVMPointerType::get(rewriter.getContext()),
                                  asInteger);
}

Value RuntimeCallBuilder::getReadPointer(Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  // An identity-layout buffer: the aligned pointer is where element 0 is
  // (bufferization copies a strided view into a new buffer if it must).
  auto bufferType = MemRefType::get(type.getShape(), type.getElementType());
  Value buffer = bufferization::ToBufferOp::create(rewriter, loc, bufferType, tensor,
                                                   /*read_only=*/true);
  return getPointer(buffer);
}

Value RuntimeCallBuilder::getNullPointer() {
  return LLVM::ZeroOp::create(rewriter, loc, LLVM::LLVMPointerType::get(rewriter.getContext()));
}

std::pair<Value, Value> RuntimeCallBuilder::allocate(MemRefType type) {
  Value buffer = memref::AllocOp::create(rewriter, loc, type, rewriter.getI64IntegerAttr(64));
  return {buffer, getPointer(buffer)};
}

Value RuntimeCallBuilder::toTensor(Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  return bufferization::ToTensorOp::create(
      rewriter, loc, RankedTensorType::get(type.getShape(), type.getElementType()), buffer,
      /*restrict=*/true, /*writable=*/true);
}

Value RuntimeCallBuilder::getGlobalPointer(StringRef namePrefix, MemRefType type,
                                           Attribute initialValue, bool constant,
                                           int64_t alignment) {
  auto module = rewriter.getInsertionBlock()->getParentOp()->getParentOfType<ModuleOp>();
  // Built detached, so that the symbol table inserts it under a name no
  // other symbol has (__qc_conv2d_desc, __qc_conv2d_desc_0, ...).
  OpBuilder detached(rewriter.getContext());
  auto global = memref::GlobalOp::create(detached, loc, namePrefix,
                                         rewriter.getStringAttr("private"), type, initialValue,
                                         constant, rewriter.getI64IntegerAttr(alignment));
  SymbolTable(module).insert(global, module.getBody()->begin());
  Value buffer = memref::GetGlobalOp::create(rewriter, loc, type, global.getSymName());
  return getPointer(buffer);
}

Value RuntimeCallBuilder::getConstantI64Array(StringRef namePrefix, ArrayRef<int64_t> values) {
  auto type = MemRefType::get({static_cast<int64_t>(values.size())}, rewriter.getI64Type());
  auto initialValue = DenseElementsAttr::get(
      RankedTensorType::get(type.getShape(), rewriter.getI64Type()), values);
  return getGlobalPointer(namePrefix, type, initialValue, /*constant=*/true, /*alignment=*/8);
}

Value RuntimeCallBuilder::getI32(int32_t value) {
  return arith::ConstantIntOp::create(rewriter, loc, value, 32);
}

Value RuntimeCallBuilder::getI64(int64_t value) {
  return arith::ConstantIntOp::create(rewriter, loc, value, 64);
}

Value RuntimeCallBuilder::getF32(float value) {
  return arith::ConstantFloatOp::create(rewriter, loc, rewriter.getF32Type(), APFloat(value));
}

Value RuntimeCallBuilder::getPackedPointer(
    Value value, Type packedElementType, int64_t packedElements, StringRef nameHint,
    function_ref<void(const void *, void *)> packNow, StringRef packCallee,
    function_ref<SmallVector<Value>(Value source, Value packed)> packArguments) {
  auto packedType = RankedTensorType::get({packedElements}, packedElementType);
  if (ElementsAttr packed = packConstantElements(value, packedType, nameHint, packNow))
    return getConstantPointer(packed);
  Value packed = allocate(MemRefType::get({packedElements}, packedElementType)).second;
  call(packCallee, packArguments(getReadPointer(value), packed));
  return packed;
}

Value RuntimeCallBuilder::getPackedOnceAtRunTime(
    Value value, Type packedElementType, int64_t packedElements, StringRef nameHint,
    StringRef packOnceCallee,
    function_ref<SmallVector<Value>(Value once, Value source, Value packed)> packArguments) {
  if (!getConstantElements(value))
    return nullptr;
  auto flagType = MemRefType::get({1}, rewriter.getI32Type());
  Value once = getGlobalPointer(
      (nameHint + "_once").str(), flagType,
      DenseElementsAttr::get(RankedTensorType::get({1}, rewriter.getI32Type()), int32_t(0)),
      /*constant=*/false, /*alignment=*/4);
  Value packed = getGlobalPointer(nameHint, MemRefType::get({packedElements}, packedElementType),
                                  rewriter.getUnitAttr(), /*constant=*/false, /*alignment=*/64);
  call(packOnceCallee, packArguments(once, getReadPointer(value), packed));
  return packed;
}

Value RuntimeCallBuilder::getConstantPointer(ElementsAttr elements) {
  return getReadPointer(ConstantOp::create(rewriter, loc, elements.getType(), elements));
}

Value RuntimeCallBuilder::getConstantI32Pointer(ArrayRef<int32_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())}, rewriter.getI32Type());
  ArrayRef<char> raw(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(int32_t));
  Value constant = ConstantOp::create(rewriter, loc, type, makeConstantElements(type, raw, "i32"));
  return getReadPointer(constant);
}

void RuntimeCallBuilder::call(StringRef callee, ValueRange arguments) {
  auto module = rewriter.getInsertionBlock()->getParentOp()->getParentOfType<ModuleOp>();
  auto type = rewriter.getFunctionType(arguments.getTypes(), {});
  if (!module.lookupSymbol<func::FuncOp>(callee)) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(module.getBody());
    auto declaration = func::FuncOp::create(rewriter, loc, callee, type);
    declaration.setPrivate();
  }
  func::CallOp::create(rewriter, loc, callee, TypeRange(), arguments);
}

} // namespace mlir::qc
