//===- NodeImporter.cpp - what an op handler sees of one node -------------===//

#include "NodeImporter.h"

#include "ModelLoader.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/APFloat.h"

#include <cstring>

namespace mlir::qc::onnx_import {

Type convertElementType(int32_t onnxType, MLIRContext *context) {
  Builder b(context);
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::FLOAT16:
    return b.getF16Type();
  case onnx::TensorProto::BFLOAT16:
    return b.getBF16Type();
  case onnx::TensorProto::INT8:
    return b.getIntegerType(8);
  case onnx::TensorProto::INT16:
    return b.getIntegerType(16);
  case onnx::TensorProto::INT32:
    return b.getIntegerType(32);
  case onnx::TensorProto::INT64:
    return b.getIntegerType(64);
  case onnx::TensorProto::UINT8:
    return b.getIntegerType(8, /*isSigned=*/false);
  case onnx::TensorProto::UINT16:
    return b.getIntegerType(16, /*isSigned=*/false);
  case onnx::TensorProto::UINT32:
    return b.getIntegerType(32, /*isSigned=*/false);
  case onnx::TensorProto::UINT64:
    return b.getIntegerType(64, /*isSigned=*/false);
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    return {};
  }
}

/// Copies a typed repeated field into little-endian bytes of `width` each.
template <typename Field>
static void appendNarrowed(const Field &field, int64_t width, std::vector<char> &bytes) {
  for (auto value : field) {
    // Integer fields store narrower types (and f16 bit patterns) in int32.
    uint64_t bits = 0;
    if constexpr (std::is_floating_point_v<std::decay_t<decltype(value)>>) {
      std::memcpy(&bits, &value, sizeof(value));
    } else {
      bits = static_cast<uint64_t>(value);
    }
    const char *p = reinterpret_cast<const char *>(&bits);
    bytes.insert(bytes.end(), p, p + width);
  }
}

/// A name usable as a resource blob key.
static std::string blobKey(const std::string &name) {
  std::string key = name.empty() ? "tensor" : name;
  for (char &c : key)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.')
      c = '_';
  if (isdigit(static_cast<unsigned char>(key[0])))
    key = "t" + key;
  return key;
}

FailureOr<ElementsAttr> convertTensor(const onnx::TensorProto &tensor,
                                      MLIRContext *context, std::string &error) {
  Type elementType = convertElementType(tensor.data_type(), context);
  if (!elementType) {
    error = "has unsupported element type " + std::to_string(tensor.data_type());
    return failure();
  }
  SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  auto type = RankedTensorType::get(shape, elementType);
  int64_t count = type.getNumElements();
  int64_t width = getElementByteWidth(elementType);
  std::vector<char> bytes;
  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (static_cast<int64_t>(raw.size()) != count * width) {
      error = "has " + std::to_string(raw.size()) + " bytes of data, its shape needs " +
              std::to_string(count * width);
      return failure();
    }
    bytes.assign(raw.begin(), raw.end());
  } else {
    int64_t available = 0;
    switch (tensor.data_type()) {
    case onnx::TensorProto::FLOAT:
      available = tensor.float_data_size();
      if (available == count)
        appendNarrowed(tensor.float_data(), width, bytes);
      break;
    case onnx::TensorProto::DOUBLE:
      available = tensor.double_data_size();
      if (available == count)
        appendNarrowed(tensor.double_data(), width, bytes);
      break;
    case onnx::TensorProto::INT64:
      available = tensor.int64_data_size();
      if (available == count)
        appendNarrowed(tensor.int64_data(), width, bytes);
      break;
    case onnx::TensorProto::UINT32:
    case onnx::TensorProto::UINT64:
      available = tensor.uint64_data_size();
      if (available == count)
        appendNarrowed(tensor.uint64_data(), width, bytes);
      break;
    default:
      available = tensor.int32_data_size();
      if (available == count)
        appendNarrowed(tensor.int32_data(), width, bytes);
      break;
    }
    if (available != count) {
      error = "has " + std::to_string(available) + " values, its shape needs " +
              std::to_string(count);
      return failure();
    }
  }
  return makeConstantElements(type, bytes, blobKey(tensor.name()));
}

InFlightDiagnostic NodeImporter::error() {
  return emitError(loc) << describeNode(node, graph.opset) << ": ";
}

bool NodeImporter::hasInput(unsigned i) const {
  return static_cast<int>(i) < node.input_size() && !node.input(i).empty();
}

Value NodeImporter::getInput(unsigned i) const {
  if (!hasInput(i))
    return {};
  return graph.values.lookup(node.input(i));
}

RankedTensorType NodeImporter::getInputType(unsigned i) const {
  Value v = getInput(i);
  return v ? cast<RankedTensorType>(v.getType()) : RankedTensorType();
}

ElementsAttr NodeImporter::getConstantInput(unsigned i) const {
  return getConstantElements(getInput(i));
}

FailureOr<SmallVector<int64_t>> NodeImporter::getConstantInts(unsigned i, StringRef what) {
  DenseElementsAttr dense = toDenseElements(getConstantInput(i));
  if (!dense || !isa<IntegerType>(dense.getElementType())) {
    error() << what << " must be a constant integer tensor";
    return failure();
  }
  SmallVector<int64_t> values;
  for (const APInt &v : dense.getValues<APInt>())
    values.push_back(v.getSExtValue());
  return values;
}

FailureOr<SmallVector<double>> NodeImporter::getConstantFloats(unsigned i, StringRef what) {
  DenseElementsAttr dense = toDenseElements(getConstantInput(i));
  if (!dense || !isa<FloatType>(dense.getElementType())) {
    error() << what << " must be a constant float tensor";
    return failure();
  }
  SmallVector<double> values;
  for (const APFloat &v : dense.getValues<APFloat>()) {
    APFloat d = v;
    bool lost;
    d.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    values.push_back(d.convertToDouble());
  }
  return values;
}

bool NodeImporter::isOutputUsed(unsigned i) const {
  return static_cast<int>(i) < node.output_size() && !node.output(i).empty() &&
         graph.useCounts.lookup(node.output(i)) > 0;
}

/// Results whose element count overflows (or is absurd) are an error before
/// anything multiplies their dimensions.
static LogicalResult checkResultSizes(Operation *op) {
  for (Type type : op->getResultTypes()) {
    int64_t count = 1;
    for (int64_t dim : cast<RankedTensorType>(type).getShape()) {
      if (dim < 0 || dim > (int64_t(1) << 31))
        return op->emitOpError("result dimension out of range");
      count *= std::max<int64_t>(dim, 1);
      if (count > (int64_t(1) << 40))
        return op->emitOpError("result has more than 2^40 elements");
    }
  }
  return success();
}

LogicalResult NodeImporter::finishOp(Operation *op, bool inferShape) {
  std::string message;
  LogicalResult result = success();
  {
    // Re-emit the first diagnostic below with the node's name and op type.
    ScopedDiagnosticHandler capture(graph.context, [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    if (inferShape) {
      if (isa<ShapeInferenceOpInterface>(op)) {
        result = inferResultShapeInPlace(op);
      } else {
        // Elementwise ops: the result has the first operand's shape.
        Value result0 = op->getResult(0);
        result0.setType(RankedTensorType::get(
            cast<RankedTensorType>(op->getOperand(0).getType()).getShape(),
            cast<RankedTensorType>(result0.getType()).getElementType()));
      }
    }
    if (succeeded(result))
      result = checkResultSizes(op);
    if (succeeded(result))
      result = verify(op);
  }
  if (failed(result)) {
    op->erase();
    return error() << message;
  }
  // Shape arithmetic on constants (Shape, Gather, Concat feeding a Reshape)
  // folds right away, so that later nodes see constant shape inputs.
  SmallVector<Value> results(op->getResults());
  bool allConstant = llvm::all_of(op->getOperands(), [](Value operand) {
    return matchPattern(operand, m_Constant());
  });
  SmallVector<Value> folded;
  if (allConstant && op->getNumOperands() > 0 && succeeded(builder.tryFold(op, folded)) &&
      !folded.empty()) {
    results = folded;
    op->erase();
  }
  for (auto [i, value] : llvm::enumerate(results))
    setOutput(i, value);
  return success();
}

void NodeImporter::setOutput(unsigned i, Value value) {
  if (static_cast<int>(i) < node.output_size() && !node.output(i).empty())
    graph.values[node.output(i)] = value;
}

LogicalResult NodeImporter::requireOutputUnused(unsigned i, StringRef what) {
  if (isOutputUsed(i))
    return error() << "the " << what << " output is not supported";
  return success();
}

const onnx::AttributeProto *NodeImporter::getAttribute(StringRef name) const {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

int64_t NodeImporter::getInt(StringRef name, int64_t defaultValue) const {
  const onnx::AttributeProto *attr = getAttribute(name);
  return attr && attr->has_i() ? attr->i() : defaultValue;
}

float NodeImporter::getFloat(StringRef name, float defaultValue) const {
  const onnx::AttributeProto *attr = getAttribute(name);
  return attr && attr->has_f() ? attr->f() : defaultValue;
}

std::string NodeImporter::getString(StringRef name, StringRef defaultValue) const {
  const onnx::AttributeProto *attr = getAttribute(name);
  return attr && attr->has_s() ? attr->s() : defaultValue.str();
}

SmallVector<int64_t> NodeImporter::getInts(StringRef name,
                                           ArrayRef<int64_t> defaultValue) const {
  const onnx::AttributeProto *attr = getAttribute(name);
  if (!attr)
    return SmallVector<int64_t>(defaultValue);
  return SmallVector<int64_t>(attr->ints().begin(), attr->ints().end());
}

Value NodeImporter::createConstant(RankedTensorType type, ElementsAttr value) {
  return ConstantOp::create(builder, loc, type, value);
}

Value NodeImporter::createScalarConstant(Type elementType, double value) {
  auto type = RankedTensorType::get({}, elementType);
  if (auto floatType = dyn_cast<FloatType>(elementType)) {
    APFloat converted(value);
    bool lost;
    converted.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    return createConstant(type, DenseElementsAttr::get(type, converted));
  }
  APInt integer(elementType.getIntOrFloatBitWidth(), static_cast<int64_t>(value),
                /*isSigned=*/true, /*implicitTrunc=*/true);
  return createConstant(type, DenseElementsAttr::get(type, integer));
}

LogicalResult NodeImporter::checkShapeLikeValues(ArrayRef<int64_t> values, StringRef what) {
  constexpr int64_t kBound = int64_t(1) << 31;
  for (int64_t v : values)
    if (v < -kBound || v > kBound)
      return error() << what << " entry " << v << " is out of range";
  return success();
}

FailureOr<int64_t> NodeImporter::normalizeAxis(int64_t axis, int64_t rank, StringRef what) {
  if (axis < -rank || axis >= rank) {
    error() << what << " " << axis << " is out of range for rank " << rank;
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

} // namespace mlir::qc::onnx_import
