//===- ONNXExporter.cpp - qc function to an ONNX model --------------------===//
//
// The inverse of the importer: every qc op that mirrors an ONNX operator
// becomes that operator again, in its opset-13 form (inputs, not attributes,
// for Clip/Pad/Slice/Squeeze/Unsqueeze/ReduceSum axes). Attributes the
// importer resolved (pads from auto_pad, normalized axes) stay resolved: the
// exported model computes the same function, not the same bytes.
//
// qc.fake_quant becomes ONNX QDQ (docs/importer.md, "Exporting quantization"):
// QuantizeLinear -> DequantizeLinear on activations, and on constant weights
// the codes themselves as an 8-bit initializer read by a DequantizeLinear, the
// form ONNX Runtime's quantizer writes and its QDQ fusions expect.
//
//===----------------------------------------------------------------------===//

#include "quantc/Export/ONNX.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
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
  /// What `op`'s results are named after: its ONNX node.
  std::string resultBaseName(Operation *op);
  const std::string &nameOf(Value value) { return names[value]; }

  LogicalResult setValueInfo(onnx::ValueInfoProto *info, StringRef name, Type type, Location loc);
  LogicalResult addInitializer(StringRef name, ElementsAttr value, Location loc);
  /// An initializer named `base` (made unique) of ONNX type `dataType` holding
  /// `bytes` (row-major, little-endian); returns its name.
  std::string addRawInitializer(StringRef base, int32_t dataType, ArrayRef<int64_t> dims,
                                ArrayRef<char> bytes);
  std::string addIntsInitializer(StringRef base, ArrayRef<int64_t> values);
  std::string addScalarInitializer(StringRef base, Type elementType, double value, Location loc);

  /// A node of `opType` named `name` (made unique) reading `inputs` (empty
  /// string: omitted) and defining `outputs`.
  onnx::NodeProto *addNode(StringRef opType, StringRef name, ArrayRef<std::string> inputs,
                           ArrayRef<std::string> outputs);
  /// A node of `opType` reading `inputs` and defining the results of `op`,
  /// named after its ONNX node.
  onnx::NodeProto *addNode(StringRef opType, Operation *op, ArrayRef<std::string> inputs);
  onnx::NodeProto *addNode(StringRef opType, Operation *op) {
    SmallVector<std::string> inputs;
    for (Value operand : op->getOperands())
      inputs.push_back(nameOf(operand));
    return addNode(opType, op, inputs);
  }
  std::string optionalName(Value value) { return value ? nameOf(value) : std::string(); }

  LogicalResult exportOp(Operation *op);
  LogicalResult exportFakeQuant(FakeQuantOp op);

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

/// Weights and quantizer parameters that only fake-quants read are not
/// written: exportFakeQuant writes them quantized or converted.
bool isOnlyReadByFakeQuants(Operation *op) {
  return isa<ConstantOp>(op) && !op->use_empty() &&
         llvm::all_of(op->getUsers(), llvm::IsaPred<FakeQuantOp>);
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

std::string Exporter::resultBaseName(Operation *op) {
  // A fake-quant's result is its DequantizeLinear's output, named after the
  // tensor it quantizes as ONNX Runtime's quantizer names it.
  if (auto fakeQuant = dyn_cast<FakeQuantOp>(op))
    return nameOf(fakeQuant.getInput()) + "_DequantizeLinear_Output";
  return getONNXNodeName(op->getLoc());
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

/// Appends an initializer to `graph`.
void appendInitializer(onnx::GraphProto *graph, StringRef name, int32_t dataType,
                       ArrayRef<int64_t> dims, ArrayRef<char> bytes) {
  onnx::TensorProto *tensor = graph->add_initializer();
  tensor->set_name(name.str());
  tensor->set_data_type(dataType);
  for (int64_t d : dims)
    tensor->add_dims(d);
  tensor->set_raw_data(bytes.data(), bytes.size());
}

LogicalResult Exporter::addInitializer(StringRef name, ElementsAttr value, Location loc) {
  auto type = cast<ShapedType>(value.getType());
  int32_t dataType = getONNXDataType(type.getElementType());
  std::optional<std::vector<char>> bytes = getRawBytes(value);
  if (!dataType || !bytes)
    return emitError(loc) << "constant of type " << type << " cannot be exported";
  appendInitializer(graph, name, dataType, type.getShape(), *bytes);
  return success();
}

std::string Exporter::addRawInitializer(StringRef base, int32_t dataType,
                                        ArrayRef<int64_t> dims, ArrayRef<char> bytes) {
  std::string name = uniqueName(base);
  appendInitializer(graph, name, dataType, dims, bytes);
  return name;
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

onnx::NodeProto *Exporter::addNode(StringRef opType, StringRef name,
                                   ArrayRef<std::string> inputs,
                                   ArrayRef<std::string> outputs) {
  onnx::NodeProto *node = graph->add_node();
  node->set_op_type(opType.str());
  node->set_name(makeUnique(usedNodeNames, name.empty() ? opType : name));
  for (const std::string &input : inputs)
    node->add_input(input);
  for (const std::string &output : outputs)
    node->add_output(output);
  return node;
}

onnx::NodeProto *Exporter::addNode(StringRef opType, Operation *op,
                                   ArrayRef<std::string> inputs) {
  SmallVector<std::string> outputs;
  for (Value result : op->getResults())
    outputs.push_back(nameOf(result));
  return addNode(opType, getONNXNodeName(op->getLoc()), inputs, outputs);
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
    for (Value result : op.getResults()) {
      if (names.count(result))
        continue;
      std::string base = resultBaseName(&op);
      if (!isOnlyReadByFakeQuants(&op))
        names[result] = uniqueName(base);
      else // Never written: it only names what exportFakeQuant derives from it.
        names[result] = base.empty() ? "value" : base;
    }
    if (failed(exportOp(&op)))
      return failure();
  }

  for (auto [i, value] : llvm::enumerate(returnOp.getOperands())) {
    std::string name = outputNames[i];
    if (nameOf(value) != name) {
      name = uniqueName(name);
      addNode("Identity", name, {nameOf(value)}, {name});
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

//===----------------------------------------------------------------------===//
// qc.fake_quant as QuantizeLinear / DequantizeLinear
//===----------------------------------------------------------------------===//

/// What a fake-quant becomes in ONNX: 8-bit codes (int8 or uint8) with one
/// scale and zero point per tensor or per channel along `axis`.
struct QDQParameters {
  SmallVector<float> scales;
  SmallVector<int64_t> zeroPoints;
  bool isSigned;
  /// The grid's codes; narrower than the storage type for symmetric_narrow
  /// and for fewer than 8 bits.
  int64_t qmin, qmax;
  /// -1 per tensor.
  int64_t axis;

  int64_t storageMin() const { return isSigned ? -128 : 0; }
  int64_t storageMax() const { return isSigned ? 127 : 255; }
};

/// ONNX's int8 or uint8.
int32_t getCodeDataType(MLIRContext *context, bool isSigned) {
  return getONNXDataType(
      IntegerType::get(context, 8, isSigned ? IntegerType::Signless : IntegerType::Unsigned));
}

/// "ONNX node 'NAME': 'qc.fake_quant' cannot be exported as ...: ", at the
/// op, for the reason to follow.
InFlightDiagnostic emitFakeQuantExportError(FakeQuantOp op) {
  InFlightDiagnostic error = op.emitError();
  std::string node = getONNXNodeName(op.getLoc());
  if (!node.empty())
    error << "ONNX node '" << node << "': ";
  return std::move(error << "'" << op->getName()
                         << "' cannot be exported as ONNX QuantizeLinear/DequantizeLinear: ");
}

/// The parameters of `op` if ONNX's QuantizeLinear/DequantizeLinear (opset
/// 13 to 18) express its quantizer; otherwise an error naming the node.
FailureOr<QDQParameters> getQDQParameters(FakeQuantOp op) {
  QuantizerSpecAttr spec = op.getSpec();
  auto fail = [&]() { return emitFakeQuantExportError(op); };
  if (spec.getGrid() != QuantGrid::affine && spec.getGrid() != QuantGrid::symmetric_narrow)
    return fail() << "grid " << stringifyQuantGrid(spec.getGrid())
                  << " has no ONNX form (only affine and symmetric_narrow do)";
  if (spec.getBits() > 8)
    return fail() << spec.getBits()
                  << "-bit codes: QuantizeLinear stores 8-bit codes before opset 21";
  if (spec.getGroupSize() > 0)
    return fail() << "group_size " << spec.getGroupSize()
                  << " (blocked quantization) needs QuantizeLinear of opset 21";
  Type elementType = cast<RankedTensorType>(op.getInput().getType()).getElementType();
  Type scaleType = cast<RankedTensorType>(op.getScale().getType()).getElementType();
  if (!elementType.isF32() || !scaleType.isF32())
    return fail() << "QuantizeLinear before opset 19 takes f32 values and scales, not "
                  << (elementType.isF32() ? scaleType : elementType);
  std::optional<SmallVector<float>> scales =
      getFloatValues(getConstantElements(op.getScale()));
  if (!scales)
    return fail() << "its scale is not a constant";

  QDQParameters params{std::move(*scales), {}, spec.getIsSigned(), spec.getQMin(),
                       spec.getQMax(), spec.getAxis()};
  if (Value zeroPoint = op.getZeroPoint()) {
    DenseElementsAttr values = toDenseElements(getConstantElements(zeroPoint));
    if (!values)
      return fail() << "its zero point is not a constant";
    for (const APInt &z : values.getValues<APInt>())
      params.zeroPoints.push_back(z.getSExtValue());
  } else {
    params.zeroPoints.assign(params.scales.size(), 0);
  }
  for (int64_t z : params.zeroPoints)
    if (z < params.storageMin() || z > params.storageMax())
      return fail() << "zero point " << z << " does not fit "
                    << (params.isSigned ? "int8" : "uint8");
  return params;
}

/// round(x) as `mode` says; the default floating-point environment rounds
/// half to even, as QuantizeLinear does.
float roundWith(RoundingMode mode, float x) {
  switch (mode) {
  case RoundingMode::half_to_even:
    return std::nearbyint(x);
  case RoundingMode::half_away_from_zero:
    return std::round(x);
  case RoundingMode::half_up: {
    // x - floor(x) is exact, unlike x + 0.5.
    float floor = std::floor(x);
    return x - floor >= 0.5f ? floor + 1 : floor;
  }
  }
  llvm_unreachable("unknown rounding mode");
}

/// The codes of `weights` quantized as qc.fake_quant does:
/// clamp(round(w / s) + z, qmin, qmax) with the channel's s and z.
std::vector<char> quantizeWeights(ArrayRef<float> weights, ArrayRef<int64_t> shape,
                                  const QDQParameters &params, RoundingMode mode) {
  // Elements of one channel come in runs of `inner` (the dimensions after the
  // axis); the channel index cycles every `channels` runs.
  int64_t inner = 1, channels = 1;
  if (params.axis >= 0) {
    channels = shape[params.axis];
    for (int64_t d : shape.drop_front(params.axis + 1))
      inner *= d;
  }
  std::vector<char> codes(weights.size());
  for (auto [i, w] : llvm::enumerate(weights)) {
    int64_t channel = (static_cast<int64_t>(i) / inner) % channels;
    double code = double(roundWith(mode, w / params.scales[channel])) +
                  double(params.zeroPoints[channel]);
    // NaN becomes qmin, as in the lowering (docs/quantization.md), rather
    // than an undefined cast: std::max returns its first argument then.
    code = std::min<double>(params.qmax, std::max<double>(params.qmin, code));
    codes[i] = static_cast<char>(static_cast<int64_t>(code));
  }
  return codes;
}

LogicalResult Exporter::exportFakeQuant(FakeQuantOp op) {
  FailureOr<QDQParameters> params = getQDQParameters(op);
  if (failed(params))
    return failure();
  ElementsAttr weights = getConstantElements(op.getInput());
  RoundingMode rounding = op.getSpec().getRounding();
  if (!weights && rounding != RoundingMode::half_to_even)
    return emitFakeQuantExportError(op)
           << "rounding " << stringifyRoundingMode(rounding)
           << " on a computed tensor (QuantizeLinear rounds half to even)";

  // New tensors and nodes are named after the tensor quantized, as ONNX
  // Runtime's quantizer names them (T_scale, T_QuantizeLinear, ...). The
  // fake-quant's location would not do: qc-insert-fake-quant gives a node's
  // weight and output fake-quants that node's location.
  std::string base = nameOf(op.getInput());
  bool perTensor = params->axis < 0;
  int32_t codeType = getCodeDataType(op.getContext(), params->isSigned);
  SmallVector<int64_t> paramShape;
  if (!perTensor)
    paramShape.push_back(static_cast<int64_t>(params->scales.size()));
  std::string scale = addRawInitializer(
      base + "_scale", getONNXDataType(Float32Type::get(op.getContext())), paramShape,
      ArrayRef(reinterpret_cast<const char *>(params->scales.data()),
               params->scales.size() * sizeof(float)));
  std::vector<char> zeroPointBytes(params->zeroPoints.begin(), params->zeroPoints.end());
  std::string zeroPoint = addRawInitializer(base + "_zero_point", codeType,
                                            paramShape, zeroPointBytes);
  auto setAxis = [&](onnx::NodeProto *node) {
    if (!perTensor)
      addIntAttribute(node, "axis", params->axis);
  };

  std::string codes;
  if (weights) {
    std::optional<SmallVector<float>> values = getFloatValues(weights);
    if (!values)
      return emitFakeQuantExportError(op) << "cannot read the weights it quantizes";
    ArrayRef<int64_t> shape = cast<ShapedType>(weights.getType()).getShape();
    codes = addRawInitializer(base + "_quantized", codeType, shape,
                              quantizeWeights(*values, shape, *params, rounding));
  } else {
    codes = uniqueName(base + "_QuantizeLinear_Output");
    setAxis(addNode("QuantizeLinear", base + "_QuantizeLinear",
                    {nameOf(op.getInput()), scale, zeroPoint}, {codes}));
    // QuantizeLinear saturates to the whole storage range; a narrower grid
    // clips the codes (Clip on integers is exact).
    if (params->qmin != params->storageMin() || params->qmax != params->storageMax()) {
      auto boundBytes = [](int64_t bound) { return std::vector<char>{char(bound)}; };
      std::string min = addRawInitializer(base + "_code_min", codeType, {},
                                          boundBytes(params->qmin));
      std::string max = addRawInitializer(base + "_code_max", codeType, {},
                                          boundBytes(params->qmax));
      std::string clipped = uniqueName(base + "_Clip_Output");
      addNode("Clip", base + "_Clip", {codes, min, max}, {clipped});
      codes = clipped;
    }
  }
  setAxis(addNode("DequantizeLinear", base + "_DequantizeLinear", {codes, scale, zeroPoint},
                  {nameOf(op.getOutput())}));
  return success();
}

LogicalResult Exporter::exportOp(Operation *op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](ConstantOp c) {
        if (isOnlyReadByFakeQuants(c))
          return success();
        return addInitializer(nameOf(c), c.getValue(), c.getLoc());
      })
      .Case([&](FakeQuantOp o) { return exportFakeQuant(o); })
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
