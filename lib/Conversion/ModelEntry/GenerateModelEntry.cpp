//===- GenerateModelEntry.cpp - the qc-generate-model-entry pass ----------===//
//
// Generates the two symbols a compiled model exports to the runtime's model
// glue (include/quantc/Runtime/ModelAPI.h): the entry point
// qc_generated_model_main and the descriptor qc_generated_model_desc.
//
//===----------------------------------------------------------------------===//

#include "quantc/Conversion/Passes.h"
#include "quantc/Dialect/QC/IR/QCDialect.h"
#include "quantc/Runtime/ModelAPI.h"

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::qc {

#define GEN_PASS_DEF_GENERATEMODELENTRY
#include "quantc/Conversion/Passes.h.inc"

namespace {

constexpr llvm::StringLiteral kEntryName = "qc_generated_model_main";
constexpr llvm::StringLiteral kDescriptorName = "qc_generated_model_desc";

/// ModelAPI.h's QC_DTYPE_* code for an element type, or 0 if the C API has
/// none: the codes are ONNX's TensorProto.DataType numbers, without bfloat16.
int32_t getModelDType(Type type) {
  static_assert(QC_DTYPE_FLOAT32 == 1 && QC_DTYPE_INT64 == 7 && QC_DTYPE_BOOL == 9 &&
                    QC_DTYPE_UINT64 == 13,
                "QC_DTYPE_* are ONNX's numbers");
  return type.isBF16() ? 0 : getONNXDataType(type);
}

/// One graph input or output as the C API describes it.
struct TensorSlot {
  std::string name;
  RankedTensorType type;
};

/// Builds the `llvm.mlir.global` constants of the descriptor at the end of
/// the module.
class DescriptorBuilder {
public:
  DescriptorBuilder(ModuleOp module)
      : module(module), builder(module.getBodyRegion()),
        ptrType(LLVM::LLVMPointerType::get(module.getContext())),
        i32Type(builder.getI32Type()), i64Type(builder.getI64Type()) {
    builder.setInsertionPointToEnd(module.getBody());
  }

  /// qc_tensor_desc: {const char *name; int32_t elem_type; int32_t rank; const int64_t *shape;}
  Type getTensorDescType() {
    return LLVM::LLVMStructType::getLiteral(builder.getContext(),
                                            {ptrType, i32Type, i32Type, ptrType});
  }

  /// qc_model_desc: {int32_t abi_version, num_inputs, num_outputs;
  ///                 const qc_tensor_desc *inputs, *outputs; const char *name;}
  Type getModelDescType() {
    return LLVM::LLVMStructType::getLiteral(
        builder.getContext(), {i32Type, i32Type, i32Type, ptrType, ptrType, ptrType});
  }

  /// A private constant NUL-terminated string; returns its symbol.
  StringRef addString(StringRef symbol, StringRef text) {
    std::string bytes = text.str();
    bytes.push_back('\0');
    auto type = LLVM::LLVMArrayType::get(builder.getIntegerType(8), bytes.size());
    return addPrivateConstant(symbol, type, builder.getStringAttr(bytes));
  }

  /// A private constant array of a tensor's dimensions; returns its symbol.
  StringRef addShape(StringRef symbol, ArrayRef<int64_t> shape) {
    // A rank-0 tensor has no dimensions, but every qc_tensor_desc points to an
    // array: give it a one-element one that nothing reads.
    SmallVector<int64_t> dims(shape);
    if (dims.empty())
      dims.push_back(1);
    auto type = LLVM::LLVMArrayType::get(i64Type, dims.size());
    return addPrivateConstant(symbol, type, builder.getI64TensorAttr(dims));
  }

  /// A private constant array of qc_tensor_desc for `slots`, or "" if empty.
  StringRef addTensorDescs(StringRef prefix, ArrayRef<TensorSlot> slots) {
    if (slots.empty())
      return "";
    SmallVector<std::pair<StringRef, StringRef>> parts; // name, shape symbols
    for (auto [index, slot] : llvm::enumerate(slots)) {
      std::string base = (prefix + "_" + Twine(index)).str();
      parts.push_back({addString(base + "_name", slot.name),
                       addShape(base + "_shape", slot.type.getShape())});
    }
    auto arrayType = LLVM::LLVMArrayType::get(getTensorDescType(), slots.size());
    return addInitializedGlobal(prefix, arrayType, LLVM::Linkage::Private, [&](OpBuilder &b) {
      Location loc = module.getLoc();
      Value array = LLVM::UndefOp::create(b, loc, arrayType);
      for (auto [index, slot] : llvm::enumerate(slots)) {
        Value desc = LLVM::UndefOp::create(b, loc, getTensorDescType());
        Value fields[] = {
            LLVM::AddressOfOp::create(b, loc, ptrType, parts[index].first),
            constantI32(b, getModelDType(slot.type.getElementType())),
            constantI32(b, slot.type.getRank()),
            LLVM::AddressOfOp::create(b, loc, ptrType, parts[index].second)};
        for (auto [position, field] : llvm::enumerate(fields))
          desc = LLVM::InsertValueOp::create(b, loc, desc, field, position);
        array = LLVM::InsertValueOp::create(b, loc, array, desc, index);
      }
      return array;
    });
  }

  /// The exported qc_generated_model_desc.
  void addModelDesc(StringRef graphName, ArrayRef<TensorSlot> inputs,
                    ArrayRef<TensorSlot> outputs) {
    StringRef inputDescs = addTensorDescs("__qc_input", inputs);
    StringRef outputDescs = addTensorDescs("__qc_output", outputs);
    StringRef name = addString("__qc_graph_name", graphName);
    addInitializedGlobal(kDescriptorName, getModelDescType(), LLVM::Linkage::External,
                         [&](OpBuilder &b) {
      Location loc = module.getLoc();
      Value desc = LLVM::UndefOp::create(b, loc, getModelDescType());
      Value fields[] = {constantI32(b, QC_MODEL_ABI_VERSION),
                        constantI32(b, inputs.size()), constantI32(b, outputs.size()),
                        addressOrNull(b, inputDescs), addressOrNull(b, outputDescs),
                        LLVM::AddressOfOp::create(b, loc, ptrType, name)};
      for (auto [position, field] : llvm::enumerate(fields))
        desc = LLVM::InsertValueOp::create(b, loc, desc, field, position);
      return desc;
    });
  }

private:
  StringRef addPrivateConstant(StringRef symbol, Type type, Attribute value) {
    auto global = LLVM::GlobalOp::create(builder, module.getLoc(), type, /*isConstant=*/true,
                                         LLVM::Linkage::Private, symbol, value);
    return global.getSymName();
  }

  StringRef addInitializedGlobal(StringRef symbol, Type type, LLVM::Linkage linkage,
                                 function_ref<Value(OpBuilder &)> buildValue) {
    auto global = LLVM::GlobalOp::create(builder, module.getLoc(), type, /*isConstant=*/true,
                                         linkage, symbol, Attribute());
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(builder.createBlock(&global.getInitializerRegion()));
    LLVM::ReturnOp::create(builder, module.getLoc(), buildValue(builder));
    return global.getSymName();
  }

  Value constantI32(OpBuilder &b, int64_t value) {
    return LLVM::ConstantOp::create(b, module.getLoc(), i32Type, value);
  }

  Value addressOrNull(OpBuilder &b, StringRef symbol) {
    if (symbol.empty())
      return LLVM::ZeroOp::create(b, module.getLoc(), ptrType);
    return LLVM::AddressOfOp::create(b, module.getLoc(), ptrType, symbol);
  }

  ModuleOp module;
  OpBuilder builder;
  Type ptrType, i32Type, i64Type;
};

struct GenerateModelEntryPass : impl::GenerateModelEntryBase<GenerateModelEntryPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto model = module.lookupSymbol<func::FuncOp>(functionName);
    if (!model || model.isExternal()) {
      module.emitError() << "qc-generate-model-entry: no function body named '" << functionName
                         << "' to wrap";
      return signalPassFailure();
    }
    if (module.lookupSymbol(kEntryName) || module.lookupSymbol(kDescriptorName)) {
      module.emitError() << "qc-generate-model-entry: the module already has a model entry";
      return signalPassFailure();
    }
    SmallVector<TensorSlot> inputs, outputs;
    FunctionType type = model.getFunctionType();
    for (unsigned i = 0; i < type.getNumInputs(); ++i)
      if (failed(describe(model, type.getInput(i), model.getArgAttrOfType<StringAttr>(i, "qc.name"),
                          "input", i, inputs)))
        return signalPassFailure();
    for (unsigned i = 0; i < type.getNumResults(); ++i)
      if (failed(describe(model, type.getResult(i),
                          model.getResultAttrOfType<StringAttr>(i, "qc.name"), "output", i,
                          outputs)))
        return signalPassFailure();

    buildEntry(module, model, inputs, outputs);
    model.setPrivate();
    auto graphName = module->getAttrOfType<StringAttr>("qc.graph_name");
    DescriptorBuilder(module).addModelDesc(graphName ? graphName.getValue() : functionName,
                                           inputs, outputs);
  }

  /// Checks that an argument or result can cross the C API and records it.
  LogicalResult describe(func::FuncOp model, Type type, StringAttr name, StringRef kind,
                         unsigned index, SmallVectorImpl<TensorSlot> &slots) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape() || !getModelDType(tensor.getElementType()))
      return model.emitError() << "model " << kind << " #" << index << " has type " << type
                               << "; the C API takes statically shaped tensors of float, "
                                  "integer or bool elements";
    slots.push_back({name ? name.str() : (kind + Twine(index)).str(), tensor});
    return success();
  }

  /// func.func @qc_generated_model_main(%inputs: !llvm.ptr, %outputs: !llvm.ptr)
  void buildEntry(ModuleOp module, func::FuncOp model, ArrayRef<TensorSlot> inputs,
                  ArrayRef<TensorSlot> outputs) {
    MLIRContext *context = module.getContext();
    Location loc = model.getLoc();
    auto ptrType = LLVM::LLVMPointerType::get(context);
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    auto entry = func::FuncOp::create(b, loc, kEntryName,
                                      b.getFunctionType({ptrType, ptrType}, {}));
    Block *body = entry.addEntryBlock();
    b.setInsertionPointToStart(body);

    // The descriptor type a memref lowers to: built here from the raw pointer
    // and handed over through an unrealized cast that the LLVM conversion
    // reconciles.
    LLVMTypeConverter typeConverter(context);
    auto wrapBuffer = [&](Value array, unsigned index, RankedTensorType tensorType) -> Value {
      Value slot = LLVM::GEPOp::create(b, loc, ptrType, ptrType, array,
                                       ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(index)});
      Value pointer = LLVM::LoadOp::create(b, loc, ptrType, slot);
      auto memrefType = MemRefType::get(tensorType.getShape(), tensorType.getElementType());
      Value descriptor =
          MemRefDescriptor::fromStaticShape(b, loc, typeConverter, memrefType, pointer);
      return UnrealizedConversionCastOp::create(b, loc, memrefType, descriptor).getResult(0);
    };

    SmallVector<Value> arguments;
    for (auto [index, input] : llvm::enumerate(inputs))
      arguments.push_back(bufferization::ToTensorOp::create(
          b, loc, input.type, wrapBuffer(body->getArgument(0), index, input.type),
          /*restrict=*/true, /*writable=*/false));
    auto call = func::CallOp::create(b, loc, model, arguments);
    for (auto [index, output] : llvm::enumerate(outputs))
      bufferization::MaterializeInDestinationOp::create(
          b, loc, TypeRange(), call.getResult(index),
          wrapBuffer(body->getArgument(1), index, output.type),
          /*restrict=*/true, /*writable=*/true);
    func::ReturnOp::create(b, loc);
  }
};

} // namespace

} // namespace mlir::qc
