//===- GraphImporter.cpp - ONNX graph to a qc function --------------------===//
//
// The top of the importer: loads the model (ModelLoader), then builds
// `func.func @main` from the graph inputs, the initializers and the nodes in
// topological order, dispatching each node through the (op type, version)
// table the handler files fill.
//
//===----------------------------------------------------------------------===//

#include "ModelLoader.h"
#include "NodeImporter.h"

#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Import/ONNX.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>

namespace mlir::qc {
namespace onnx_import {
namespace {

const std::vector<OpImportRule> &getImportRules() {
  static const std::vector<OpImportRule> rules = [] {
    std::vector<OpImportRule> all;
    appendElementwiseImportRules(all);
    appendNeuralNetImportRules(all);
    appendTensorImportRules(all);
    appendQuantizationImportRules(all);
    std::sort(all.begin(), all.end(), [](const OpImportRule &a, const OpImportRule &b) {
      return llvm::StringRef(a.opType) < llvm::StringRef(b.opType);
    });
    return all;
  }();
  return rules;
}

const OpImportRule *findRule(llvm::StringRef opType) {
  const std::vector<OpImportRule> &rules = getImportRules();
  auto it = std::lower_bound(rules.begin(), rules.end(), opType,
                             [](const OpImportRule &rule, llvm::StringRef key) {
                               return llvm::StringRef(rule.opType) < key;
                             });
  return it != rules.end() && it->opType == opType ? &*it : nullptr;
}

std::string checkNodeSupported(const onnx::NodeProto &node, int version) {
  if (!isDefaultDomain(node.domain()))
    return "ops of domain '" + node.domain() + "' are not supported";
  const OpImportRule *rule = findRule(node.op_type());
  if (!rule)
    return "op " + node.op_type() + " is not supported by quantc";
  if (version == 0)
    return "ONNX has no schema for " + node.op_type() + " at the model's opset";
  if (version < rule->minVersion)
    return node.op_type() + " version " + std::to_string(version) +
           " is not supported (quantc imports it from version " +
           std::to_string(rule->minVersion) + ")";
  return "";
}

Location nameLocation(MLIRContext *context, const std::string &name) {
  return NameLoc::get(StringAttr::get(context, name));
}

class GraphImporter {
public:
  GraphImporter(LoadedModel &loaded, MLIRContext *context)
      : loaded(loaded), graphProto(loaded.model.graph()),
        state{context, OpBuilder(context), loaded.opset, {}, {}} {}

  OwningOpRef<ModuleOp> run(const ONNXImportOptions &options) {
    MLIRContext *context = state.context;
    OpBuilder &builder = state.builder;
    Location fileLoc = FileLineColLoc::get(context, options.fileName, 0, 0);
    OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
    (*module)->setAttr("qc.onnx_opset", builder.getI64IntegerAttr(loaded.opset));
    (*module)->setAttr("qc.onnx_ir_version",
                       builder.getI64IntegerAttr(loaded.model.ir_version()));
    if (!graphProto.name().empty())
      (*module)->setAttr("qc.graph_name", builder.getStringAttr(graphProto.name()));

    collectUses();
    builder.setInsertionPointToEnd(module->getBody());
    func::FuncOp func = createFunction(fileLoc);
    if (!func)
      return nullptr;
    builder.setInsertionPointToStart(&func.getBody().front());
    if (failed(importInitializers()) || failed(importNodes()) ||
        failed(createReturn(func, fileLoc)))
      return nullptr;
    if (failed(verify(*module)))
      return nullptr;
    return module;
  }

private:
  void collectUses() {
    for (const onnx::ValueInfoProto &info : graphProto.output())
      ++state.useCounts[info.name()];
    for (const onnx::NodeProto &node : graphProto.node())
      for (const std::string &input : node.input())
        if (!input.empty())
          ++state.useCounts[input];
  }

  /// The static type of a graph input (its shape was fixed by ModelLoader).
  RankedTensorType getInputType(const onnx::ValueInfoProto &info) {
    const onnx::TypeProto_Tensor &tensorType = info.type().tensor_type();
    Type elementType = convertElementType(tensorType.elem_type(), state.context);
    if (!elementType)
      return {};
    SmallVector<int64_t> shape;
    for (const onnx::TensorShapeProto_Dimension &dim : tensorType.shape().dim())
      shape.push_back(dim.dim_value());
    return RankedTensorType::get(shape, elementType);
  }

  func::FuncOp createFunction(Location loc) {
    llvm::StringSet<> initializers;
    for (const onnx::TensorProto &init : graphProto.initializer())
      initializers.insert(init.name());
    SmallVector<Type> argTypes;
    SmallVector<const onnx::ValueInfoProto *> args;
    for (const onnx::ValueInfoProto &input : graphProto.input()) {
      // Inputs that are also initializers (IR version < 4) are constants.
      if (initializers.contains(input.name()))
        continue;
      RankedTensorType type = getInputType(input);
      if (!type) {
        emitError(nameLocation(state.context, input.name()))
            << "graph input '" << input.name() << "' has an unsupported element type";
        return nullptr;
      }
      argTypes.push_back(type);
      args.push_back(&input);
    }
    OpBuilder &builder = state.builder;
    auto func = func::FuncOp::create(builder, loc, "main",
                                     builder.getFunctionType(argTypes, {}));
    Block *entry = func.addEntryBlock();
    for (auto [i, info] : llvm::enumerate(args)) {
      func.setArgAttr(i, "qc.name", builder.getStringAttr(info->name()));
      state.values[info->name()] = entry->getArgument(i);
    }
    return func;
  }

  LogicalResult importInitializers() {
    for (const onnx::TensorProto &init : graphProto.initializer()) {
      std::string error;
      Location loc = nameLocation(state.context, init.name());
      FailureOr<ElementsAttr> value = convertTensor(init, state.context, error);
      if (failed(value))
        return emitError(loc) << "initializer '" << init.name() << "' " << error;
      state.values[init.name()] = ConstantOp::create(
          state.builder, loc, cast<RankedTensorType>(value->getType()), *value);
    }
    return success();
  }

  LogicalResult importNodes() {
    for (int index : loaded.nodeOrder) {
      const onnx::NodeProto &node = graphProto.node(index);
      NodeImporter importer(state, node, loaded.nodeVersions[index],
                            nameLocation(state.context, getNodeDisplayName(node)));
      // ModelLoader already rejected nodes without a rule.
      const OpImportRule *rule = findRule(node.op_type());
      if (failed(rule->handler(importer)))
        return failure();
      for (const std::string &output : node.output())
        if (!output.empty() && state.useCounts.lookup(output) > 0 &&
            !state.values.lookup(output))
          return importer.error() << "output '" << output << "' was not produced";
    }
    return success();
  }

  LogicalResult createReturn(func::FuncOp func, Location loc) {
    SmallVector<Value> results;
    for (const onnx::ValueInfoProto &output : graphProto.output()) {
      Value value = state.values.lookup(output.name());
      if (!value)
        return emitError(loc) << "graph output '" << output.name() << "' was not produced";
      if (failed(checkDeclaredType(output, cast<RankedTensorType>(value.getType()), loc)))
        return failure();
      results.push_back(value);
    }
    func::ReturnOp::create(state.builder, loc, results);
    func.setFunctionType(state.builder.getFunctionType(
        func.getArgumentTypes(), ValueRange(results).getTypes()));
    for (auto [i, output] : llvm::enumerate(graphProto.output()))
      func.setResultAttr(i, "qc.name", state.builder.getStringAttr(output.name()));
    return success();
  }

  /// quantc infers every shape itself; where the model declares an output's
  /// type, the two must agree, or quantc and the model's author disagree
  /// about what the graph computes.
  LogicalResult checkDeclaredType(const onnx::ValueInfoProto &output,
                                  RankedTensorType inferred, Location loc) {
    if (!output.type().has_tensor_type())
      return success();
    const onnx::TypeProto_Tensor &declared = output.type().tensor_type();
    Type elementType = convertElementType(declared.elem_type(), state.context);
    bool mismatch = elementType && elementType != inferred.getElementType();
    if (declared.has_shape()) {
      const onnx::TensorShapeProto &shape = declared.shape();
      mismatch |= shape.dim_size() != inferred.getRank();
      for (int d = 0; !mismatch && d < shape.dim_size(); ++d)
        mismatch |= shape.dim(d).has_dim_value() &&
                    shape.dim(d).dim_value() != inferred.getDimSize(d);
    }
    if (mismatch)
      return emitError(loc) << "graph output '" << output.name() << "' is computed as "
                            << inferred << ", but the model declares another type";
    return success();
  }

  LoadedModel &loaded;
  const onnx::GraphProto &graphProto;
  GraphState state;
};

} // namespace
} // namespace onnx_import

OwningOpRef<ModuleOp> importONNXModel(llvm::StringRef content, MLIRContext *context,
                                      const ONNXImportOptions &options) {
  context->loadDialect<QCDialect, func::FuncDialect>();
  onnx_import::LoadedModel loaded;
  std::string error;
  if (!onnx_import::loadModel(content, options, onnx_import::checkNodeSupported, loaded,
                              error)) {
    emitError(FileLineColLoc::get(context, options.fileName, 0, 0)) << error;
    return nullptr;
  }
  return onnx_import::GraphImporter(loaded, context).run(options);
}

bool parseInputShapeOption(llvm::StringRef text, ONNXImportOptions &options,
                           std::string &error) {
  auto [name, dims] = text.rsplit('=');
  if (name.empty() || dims.empty() || name == text) {
    error = "--input-shape expects name=DxDx..., got '" + text.str() + "'";
    return false;
  }
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t d;
    if (part.getAsInteger(10, d) || d < 0 || d > (int64_t(1) << 31)) {
      error = "--input-shape: bad dimension '" + part.str() + "' in '" + text.str() + "'";
      return false;
    }
    shape.push_back(d);
  }
  options.inputShapes[name] = shape;
  return true;
}

} // namespace mlir::qc
