//===- ONNXExporter.cpp - qc function to an ONNX model --------------------===//
//
// The inverse of the importer: every qc op that mirrors an ONNX operator
// becomes that operator again, in its opset-13 form (inputs, not attributes,
// for Clip/Pad/Slice/Squeeze/Unsqueeze/ReduceSum axes). Attributes the
// importer resolved (pads from auto_pad, normalized axes) stay resolved: the
// exported model computes the same function, not the same bytes.
//
//===----------------------------------------------------------------------===//

#include "quantc/Export/ONNX.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <onnx/onnx_pb.h>

#include <cmath>

namespace mlir::qc {
namespace {

constexpr int64_t kMinExportOpset = 13;

class Exporter {
public:
  explicit Exporter(int64_t opset) : opset(opset) {}

  LogicalResult run(ModuleOp module, onnx::ModelProto &model);

private:
  std::string uniqueName(StringRef base);
  const std::string &nameOf(Value value) { return names[value]; }

  LogicalResult setValueInfo(onnx::ValueInfoProto *info, StringRef name, Type type, Location loc);
  LogicalResult addInitializer(StringRef name, ElementsAttr value, Location loc);
  std::string addIntsInitializer(StringRef base, ArrayRef<int64_t> values);
  std::string addScalarInitializer(StringRef base, Type elementType, double value, Location loc);

  /// A node of `opType` reading `inputs` (empty string: omitted) and defining
  /// the results of `op`.
  onnx::NodeProto *addNode(StringRef opType, Operation *op, ArrayRef<std::string> inputs);
  onnx::NodeProto *addNode(StringRef opType, Operation *op) {
    SmallVector<std::string> inputs;
    for (Value operand : op->getOperands())
      inputs.push_back(nameOf(operand));
    return addNode(opType, op, inputs);
  }
  std::string optionalName(Value value) { return value ? nameOf(value) : std::string(); }

  LogicalResult exportOp(Operation *op);

  int64_t opset;
  onnx::GraphProto *graph = nullptr;
  llvm::DenseMap<Value, std::string> names;
  llvm::StringSet<> usedNames;
  // ONNX node names are a namespace of their own.
  llvm::StringSet<> usedNodeNames;
};

void addIntAttribute(onnx::NodeProto *node, StringRef name, int64_t value) {
  onnx::AttributeProto *attr = node->add_attribute();
  attr->set_name(name.str());
  attr->set_type(onnx::AttributeProto::INT);
  attr->set_i(value);
}

void addFloatAttribute(onnx::NodeProto *node, StringRef name, float value) {
  onnx::AttributeProto *attr = node->add_attribute();
  attr->set_name(name.str());
  attr->set_type(onnx::AttributeProto::FLOAT);
  attr->set_f(value);
}

void addStringAttribute(onnx::NodeProto *node, StringRef name, StringRef value) {
  onnx::AttributeProto *attr = node->add_attribute();
  attr->set_name(name.str());
  attr->set_type(onnx::AttributeProto::STRING);
  attr->set_s(value.str());
}

void addIntsAttribute(onnx::NodeProto *node, StringRef name, ArrayRef<int64_t> values) {
  onnx::AttributeProto *attr = node->add_attribute();
  attr->set_name(name.str());
  attr->set_type(onnx::AttributeProto::INTS);
  for (int64_t v : values)
    attr->add_ints(v);
}

/// `base`, or `base_N` for the first N that `used` does not hold yet.
std::string makeUnique(llvm::StringSet<> &used, StringRef base) {
  std::string name = base.str();
  for (int suffix = 1; !used.insert(name).second; ++suffix)
    name = base.str() + "_" + std::to_string(suffix);
  return name;
}

std::string Exporter::uniqueName(StringRef base) {
  return makeUnique(usedNames, base.empty() ? "value" : base);
}

LogicalResult Exporter::setValueInfo(onnx::ValueInfoProto *info, StringRef name, Type type,
                                     Location loc) {
  auto tensorType = cast<RankedTensorType>(type);
  int32_t dataType = getONNXDataType(tensorType.getElementType());
  if (!dataType)
    return emitError(loc) << "element type " << tensorType.getElementType()
                          << " has no ONNX equivalent";
  info->set_name(name.str());
  onnx::TypeProto_Tensor *t = info->mutable_type()->mutable_tensor_type();
  t->set_elem_type(dataType);
  onnx::TensorShapeProto *shape = t->mutable_shape();
  for (int64_t d : tensorType.getShape())
    shape->add_dim()->set_dim_value(d);
  return success();
}

LogicalResult Exporter::addInitializer(StringRef name, ElementsAttr value, Location loc) {
  auto type = cast<ShapedType>(value.getType());
  int32_t dataType = getONNXDataType(type.getElementType());
  std::optional<std::vector<char>> bytes = getRawBytes(value);
  if (!dataType || !bytes)
    return emitError(loc) << "constant of type " << type << " cannot be exported";
  onnx::TensorProto *tensor = graph->add_initializer();
  tensor->set_name(name.str());
  tensor->set_data_type(dataType);
  for (int64_t d : type.getShape())
    tensor->add_dims(d);
  tensor->set_raw_data(bytes->data(), bytes->size());
  return success();
}

std::string Exporter::addIntsInitializer(StringRef base, ArrayRef<int64_t> values) {
  std::string name = uniqueName(base);
  onnx::TensorProto *tensor = graph->add_initializer();
  tensor->set_name(name);
  tensor->set_data_type(onnx::TensorProto::INT64);
  tensor->add_dims(static_cast<int64_t>(values.size()));
  for (int64_t v : values)
    tensor->add_int64_data(v);
  return name;
}

std::string Exporter::addScalarInitializer(StringRef base, Type elementType, double value,
                                           Location loc) {
  std::string name = uniqueName(base);
  auto type = RankedTensorType::get({}, elementType);
  Attribute element;
  if (auto floatType = dyn_cast<FloatType>(elementType))
    element = FloatAttr::get(floatType, value);
  else
    element = IntegerAttr::get(elementType, static_cast<int64_t>(value));
  (void)addInitializer(name, DenseElementsAttr::get(type, element), loc);
  return name;
}

onnx::NodeProto *Exporter::addNode(StringRef opType, Operation *op,
                                   ArrayRef<std::string> inputs) {
  onnx::NodeProto *node = graph->add_node();
  node->set_op_type(opType.str());
  std::string name = getONNXNodeName(op->getLoc());
  node->set_name(makeUnique(usedNodeNames, name.empty() ? opType : name));
  for (const std::string &input : inputs)
    node->add_input(input);
  for (Value result : op->getResults())
    node->add_output(nameOf(result));
  return node;
}

LogicalResult Exporter::run(ModuleOp module, onnx::ModelProto &model) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func || func.getBody().getBlocks().size() != 1)
    return emitError(module.getLoc()) << "expected a single-block func.func @main";
  model.set_ir_version(8);
  model.set_producer_name("quantc");
  onnx::OperatorSetIdProto *opsetId = model.add_opset_import();
  opsetId->set_domain("");
  opsetId->set_version(opset);
  graph = model.mutable_graph();
  auto graphName = module->getAttrOfType<StringAttr>("qc.graph_name");
  graph->set_name(graphName ? graphName.str() : "main");

  for (BlockArgument arg : func.getArguments()) {
    auto nameAttr = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "qc.name");
    std::string name = uniqueName(nameAttr ? nameAttr.str()
                                           : "input_" + std::to_string(arg.getArgNumber()));
    names[arg] = name;
    if (failed(setValueInfo(graph->add_input(), name, arg.getType(), func.getLoc())))
      return failure();
  }

  // Graph outputs keep their names: the first return of an op result takes
  // the output's name; anything else is routed through an Identity.
  auto returnOp = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  SmallVector<std::string> outputNames;
  llvm::StringSet<> reserved;
  for (auto [i, value] : llvm::enumerate(returnOp.getOperands())) {
    auto nameAttr = func.getResultAttrOfType<StringAttr>(i, "qc.name");
    std::string name = nameAttr ? nameAttr.str() : "output_" + std::to_string(i);
    outputNames.push_back(name);
    if (!names.count(value) && !isa<BlockArgument>(value) && reserved.insert(name).second)
      names[value] = uniqueName(name);
  }

  for (Operation &op : func.getBody().front().without_terminator()) {
    for (Value result : op.getResults())
      if (!names.count(result))
        names[result] = uniqueName(getONNXNodeName(op.getLoc()));
    if (failed(exportOp(&op)))
      return failure();
  }

  for (auto [i, value] : llvm::enumerate(returnOp.getOperands())) {
    std::string name = outputNames[i];
    if (nameOf(value) != name) {
      name = uniqueName(name);
      onnx::NodeProto *identity = graph->add_node();
      identity->set_op_type("Identity");
      identity->set_name(makeUnique(usedNodeNames, name));
      identity->add_input(nameOf(value));
      identity->add_output(name);
    }
    if (failed(setValueInfo(graph->add_output(), name, value.getType(), returnOp.getLoc())))
      return failure();
  }
  return success();
}

/// The window attributes Conv, ConvTranspose, QLinearConv and ConvInteger share.
template <typename ConvLikeOp>
void addConvAttributes(onnx::NodeProto *node, ConvLikeOp op) {
  addIntsAttribute(node, "kernel_shape",
                   cast<RankedTensorType>(op.getWeight().getType()).getShape().drop_front(2));
  addIntsAttribute(node, "strides", op.getStrides());
  addIntsAttribute(node, "pads", op.getPads());
  addIntsAttribute(node, "dilations", op.getDilations());
  addIntAttribute(node, "group", op.getGroup());
}

LogicalResult Exporter::exportOp(Operation *op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](ConstantOp c) { return addInitializer(nameOf(c), c.getValue(), c.getLoc()); })
      // Unary ops without attributes.
      .Case([&](ReluOp o) { return addNode("Relu", o), success(); })
      .Case([&](SigmoidOp o) { return addNode("Sigmoid", o), success(); })
      .Case([&](TanhOp o) { return addNode("Tanh", o), success(); })
      .Case([&](HardSwishOp o) { return addNode("HardSwish", o), success(); })
      .Case([&](ExpOp o) { return addNode("Exp", o), success(); })
      .Case([&](SqrtOp o) { return addNode("Sqrt", o), success(); })
      .Case([&](ErfOp o) { return addNode("Erf", o), success(); })
      .Case([&](SignOp o) { return addNode("Sign", o), success(); })
      .Case([&](AbsOp o) { return addNode("Abs", o), success(); })
      .Case([&](NegOp o) { return addNode("Neg", o), success(); })
      .Case([&](IdentityOp o) { return addNode("Identity", o), success(); })
      .Case([&](DropoutOp o) { return addNode("Dropout", o), success(); })
      .Case([&](GlobalAveragePoolOp o) { return addNode("GlobalAveragePool", o), success(); })
      .Case([&](GlobalMaxPoolOp o) { return addNode("GlobalMaxPool", o), success(); })
      .Case([&](MatMulOp o) { return addNode("MatMul", o), success(); })
      .Case([&](AddOp o) { return addNode("Add", o), success(); })
      .Case([&](SubOp o) { return addNode("Sub", o), success(); })
      .Case([&](MulOp o) { return addNode("Mul", o), success(); })
      .Case([&](DivOp o) { return addNode("Div", o), success(); })
      .Case([&](PowOp o) { return addNode("Pow", o), success(); })
      .Case([&](PReluOp o) { return addNode("PRelu", o), success(); })
      .Case([&](LeakyReluOp o) {
        addFloatAttribute(addNode("LeakyRelu", o), "alpha", o.getAlpha().convertToFloat());
        return success();
      })
      .Case([&](HardSigmoidOp o) {
        onnx::NodeProto *node = addNode("HardSigmoid", o);
        addFloatAttribute(node, "alpha", o.getAlpha().convertToFloat());
        addFloatAttribute(node, "beta", o.getBeta().convertToFloat());
        return success();
      })
      .Case([&](ClipOp o) {
        addNode("Clip", o, {nameOf(o.getInput()), optionalName(o.getMin()),
                            optionalName(o.getMax())});
        return success();
      })
      .Case([&](CastOp o) {
        addIntAttribute(addNode("Cast", o), "to",
                     int64_t(getONNXDataType(o.getType().getElementType())));
        return success();
      })
      .Case([&](ConvOp o) {
        addConvAttributes(addNode("Conv", o), o);
        return success();
      })
      .Case([&](ConvTransposeOp o) {
        onnx::NodeProto *node = addNode("ConvTranspose", o);
        addConvAttributes(node, o);
        addIntsAttribute(node, "output_padding", o.getOutputPadding());
        return success();
      })
      .Case([&](GemmOp o) {
        onnx::NodeProto *node = addNode("Gemm", o);
        addFloatAttribute(node, "alpha", o.getAlpha().convertToFloat());
        addFloatAttribute(node, "beta", o.getBeta().convertToFloat());
        addIntAttribute(node, "transA", int64_t(o.getTransA()));
        addIntAttribute(node, "transB", int64_t(o.getTransB()));
        return success();
      })
      .Case([&](MaxPoolOp o) {
        onnx::NodeProto *node = addNode("MaxPool", o);
        addIntsAttribute(node, "kernel_shape", o.getKernelShape());
        addIntsAttribute(node, "strides", o.getStrides());
        addIntsAttribute(node, "pads", o.getPads());
        addIntsAttribute(node, "dilations", o.getDilations());
        addIntAttribute(node, "ceil_mode", int64_t(o.getCeilMode()));
        return success();
      })
      .Case([&](AveragePoolOp o) {
        onnx::NodeProto *node = addNode("AveragePool", o);
        addIntsAttribute(node, "kernel_shape", o.getKernelShape());
        addIntsAttribute(node, "strides", o.getStrides());
        addIntsAttribute(node, "pads", o.getPads());
        addIntAttribute(node, "ceil_mode", int64_t(o.getCeilMode()));
        addIntAttribute(node, "count_include_pad", int64_t(o.getCountIncludePad()));
        return success();
      })
      .Case([&](BatchNormalizationOp o) {
        addFloatAttribute(addNode("BatchNormalization", o), "epsilon",
                     o.getEpsilon().convertToFloat());
        return success();
      })
      .Case([&](LayerNormalizationOp o) {
        onnx::NodeProto *node = addNode("LayerNormalization", o);
        addIntAttribute(node, "axis", o.getAxis());
        addFloatAttribute(node, "epsilon", o.getEpsilon().convertToFloat());
        return success();
      })
      .Case([&](SoftmaxOp o) {
        addIntAttribute(addNode("Softmax", o), "axis", o.getAxis());
        return success();
      })
      .Case([&](LogSoftmaxOp o) {
        addIntAttribute(addNode("LogSoftmax", o), "axis", o.getAxis());
        return success();
      })
      .Case([&](FlattenOp o) {
        addIntAttribute(addNode("Flatten", o), "axis", o.getAxis());
        return success();
      })
      .Case([&](ReshapeOp o) {
        std::string shape = addIntsInitializer(nameOf(o) + "_shape", o.getType().getShape());
        addNode("Reshape", o, {nameOf(o.getInput()), shape});
        return success();
      })
      .Case([&](TransposeOp o) {
        addIntsAttribute(addNode("Transpose", o), "perm", o.getPerm());
        return success();
      })
      .Case([&](SqueezeOp o) {
        addNode("Squeeze", o,
                {nameOf(o.getInput()), addIntsInitializer(nameOf(o) + "_axes", o.getAxes())});
        return success();
      })
      .Case([&](UnsqueezeOp o) {
        addNode("Unsqueeze", o,
                {nameOf(o.getInput()), addIntsInitializer(nameOf(o) + "_axes", o.getAxes())});
        return success();
      })
      .Case([&](ConcatOp o) {
        addIntAttribute(addNode("Concat", o), "axis", o.getAxis());
        return success();
      })
      .Case([&](SliceOp o) {
        // A normalized end of -1 (stepping backwards past index 0) reads as
        // "the last element" in ONNX; INT64_MIN says "before the start".
        SmallVector<int64_t> ends(o.getEnds());
        for (auto [end, step] : llvm::zip(ends, o.getSteps()))
          if (end < 0 && step < 0)
            end = std::numeric_limits<int64_t>::min();
        std::string base = nameOf(o);
        int64_t rank = o.getType().getRank();
        addNode("Slice", o,
                {nameOf(o.getInput()), addIntsInitializer(base + "_starts", o.getStarts()),
                 addIntsInitializer(base + "_ends", ends),
                 addIntsInitializer(base + "_axes", llvm::to_vector(llvm::seq<int64_t>(0, rank))),
                 addIntsInitializer(base + "_steps", o.getSteps())});
        return success();
      })
      .Case([&](GatherOp o) {
        addIntAttribute(addNode("Gather", o), "axis", o.getAxis());
        return success();
      })
      .Case([&](PadOp o) {
        std::string base = nameOf(o);
        onnx::NodeProto *node = addNode(
            "Pad", o,
            {nameOf(o.getInput()), addIntsInitializer(base + "_pads", o.getPads()),
             addScalarInitializer(base + "_value", o.getType().getElementType(),
                                  o.getValue().convertToDouble(), o.getLoc())});
        addStringAttribute(node, "mode", stringifyPadMode(o.getMode()));
        return success();
      })
      .Case([&](ResizeOp o) {
        // Scales reproduce the output shape only when floor(in * scale) does;
        // otherwise (scales computed from sizes) export the sizes.
        auto inShape = cast<RankedTensorType>(o.getInput().getType()).getShape();
        ArrayRef<int64_t> outShape = o.getType().getShape();
        bool scalesExact = true;
        for (auto [in, scale, out] : llvm::zip(inShape, o.getScales(), outShape))
          scalesExact &= static_cast<int64_t>(std::floor(in * double(scale))) == out;
        std::string base = nameOf(o);
        std::string scales, sizes;
        if (scalesExact) {
          scales = uniqueName(base + "_scales");
          auto type = RankedTensorType::get({int64_t(o.getScales().size())},
                                            Float32Type::get(o.getContext()));
          if (failed(addInitializer(scales, DenseElementsAttr::get(type, o.getScales()),
                                    o.getLoc())))
            return failure();
        } else {
          sizes = addIntsInitializer(base + "_sizes", outShape);
        }
        onnx::NodeProto *node = addNode("Resize", o, {nameOf(o.getInput()), "", scales, sizes});
        addStringAttribute(node, "mode", stringifyResizeMode(o.getMode()));
        addStringAttribute(node, "coordinate_transformation_mode",
                     stringifyCoordinateTransform(o.getCoordinateTransformationMode()));
        addStringAttribute(node, "nearest_mode", stringifyNearestMode(o.getNearestMode()));
        addFloatAttribute(node, "cubic_coeff_a", o.getCubicCoeffA().convertToFloat());
        addIntAttribute(node, "exclude_outside", int64_t(o.getExcludeOutside()));
        return success();
      })
      .Case([&](ReduceMeanOp o) {
        onnx::NodeProto *node = addNode("ReduceMean", o);
        addIntsAttribute(node, "axes", o.getAxes());
        addIntAttribute(node, "keepdims", int64_t(o.getKeepdims()));
        return success();
      })
      .Case([&](ReduceMaxOp o) {
        onnx::NodeProto *node = addNode("ReduceMax", o);
        addIntsAttribute(node, "axes", o.getAxes());
        addIntAttribute(node, "keepdims", int64_t(o.getKeepdims()));
        return success();
      })
      .Case([&](ReduceSumOp o) {
        onnx::NodeProto *node = addNode(
            "ReduceSum", o,
            {nameOf(o.getInput()), addIntsInitializer(nameOf(o) + "_axes", o.getAxes())});
        addIntAttribute(node, "keepdims", int64_t(o.getKeepdims()));
        return success();
      })
      .Case([&](QuantizeLinearOp o) {
        addIntAttribute(addNode("QuantizeLinear", o), "axis", o.getAxis());
        return success();
      })
      .Case([&](DequantizeLinearOp o) {
        addIntAttribute(addNode("DequantizeLinear", o), "axis", o.getAxis());
        return success();
      })
      .Case([&](DynamicQuantizeLinearOp o) {
        return addNode("DynamicQuantizeLinear", o), success();
      })
      .Case([&](QLinearMatMulOp o) { return addNode("QLinearMatMul", o), success(); })
      .Case([&](QLinearConvOp o) {
        addConvAttributes(addNode("QLinearConv", o), o);
        return success();
      })
      .Case([&](MatMulIntegerOp o) {
        addNode("MatMulInteger", o,
                {nameOf(o.getLhs()), nameOf(o.getRhs()), optionalName(o.getLhsZeroPoint()),
                 optionalName(o.getRhsZeroPoint())});
        return success();
      })
      .Case([&](ConvIntegerOp o) {
        onnx::NodeProto *node =
            addNode("ConvInteger", o,
                    {nameOf(o.getInput()), nameOf(o.getWeight()),
                     optionalName(o.getInputZeroPoint()), optionalName(o.getWeightZeroPoint())});
        addConvAttributes(node, o);
        return success();
      })
      .Default([&](Operation *other) {
        return other->emitOpError("has no ONNX equivalent to export");
      });
}

} // namespace

LogicalResult exportONNXModel(ModuleOp module, llvm::raw_ostream &os) {
  int64_t opset = kMinExportOpset;
  if (auto imported = module->getAttrOfType<IntegerAttr>("qc.onnx_opset"))
    opset = std::max(opset, imported.getInt());
  onnx::ModelProto model;
  if (failed(Exporter(opset).run(module, model)))
    return failure();
  std::string bytes;
  if (!model.SerializeToString(&bytes))
    return emitError(module.getLoc()) << "the model is too large to serialize (2 GiB)";
  os << bytes;
  return success();
}

void registerONNXExportTranslation() {
  static TranslateFromMLIRRegistration exportONNX(
      "export-onnx", "export a qc module as a binary ONNX model",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a module");
        return exportONNXModel(module, os);
      },
      [](DialectRegistry &registry) {
        registry.insert<QCDialect, func::FuncDialect>();
      });
}

} // namespace mlir::qc
