//===- ImportElementwise.cpp - elementwise ONNX ops -----------------------===//

#include "NodeImporter.h"

#include "quantc/Dialect/QC/IR/QCOps.h"


namespace mlir::qc::onnx_import {
namespace {

/// The generic path: one input, one output, no attributes.
template <typename OpTy>
LogicalResult importUnary(NodeImporter &n) {
  return n.create<OpTy>(n.getInput(0));
}

/// Broadcasting binary ops; ONNX (before Pow-12) requires equal element types.
template <typename OpTy>
LogicalResult importBinary(NodeImporter &n) {
  if (n.getInputType(0).getElementType() != n.getInputType(1).getElementType())
    return n.error() << "operands of different element types are not supported";
  return n.create<OpTy>(n.getInput(0), n.getInput(1));
}

LogicalResult importCast(NodeImporter &n) {
  int64_t to = n.getInt("to", 0);
  Type elementType = convertElementType(static_cast<int32_t>(to), n.getContext());
  if (!elementType)
    return n.error() << "cast to ONNX data type " << to << " is not supported";
  return n.createWithTypes<CastOp>(n.getInputType(0).clone(elementType), n.getInput(0));
}

LogicalResult importLeakyRelu(NodeImporter &n) {
  return n.create<LeakyReluOp>(
      n.getInput(0), n.getBuilder().getF32FloatAttr(n.getFloat("alpha", 0.01f)));
}

LogicalResult importHardSigmoid(NodeImporter &n) {
  OpBuilder &b = n.getBuilder();
  return n.create<HardSigmoidOp>(
      n.getInput(0), b.getF32FloatAttr(n.getFloat("alpha", 0.2f)),
      b.getF32FloatAttr(n.getFloat("beta", 0.5f)));
}

LogicalResult importClip(NodeImporter &n) {
  Value input = n.getInput(0);
  Value min, max;
  if (n.getVersion() < 11) {
    // Clip-6 has float attributes whose defaults mean "unbounded".
    auto makeBound = [&](StringRef name) -> Value {
      if (!n.getAttribute(name))
        return {};
      return n.createScalarConstant(n.getInputType(0).getElementType(),
                                    n.getFloat(name, 0.0f));
    };
    min = makeBound("min");
    max = makeBound("max");
  } else {
    min = n.getInput(1);
    max = n.getInput(2);
  }
  return n.create<ClipOp>(input, min, max);
}

LogicalResult importDropout(NodeImporter &n) {
  if (n.getVersion() >= 12 && n.hasInput(2)) {
    DenseElementsAttr training = dyn_cast_if_present<DenseElementsAttr>(n.getConstantInput(2));
    if (!training || training.getSplatValue<bool>())
      return n.error() << "training_mode must be a constant false: quantc compiles inference";
  }
  if (failed(n.create<DropoutOp>(n.getInput(0))))
    return failure();
  if (!n.isOutputUsed(1))
    return success();
  // In inference mode ONNX's mask keeps every element. It is bool from
  // Dropout-10 on, but has the input's element type before.
  RankedTensorType inputType = n.getInputType(0);
  auto maskType = n.getVersion() >= 10 ? inputType.clone(n.getBuilder().getI1Type()) : inputType;
  Attribute keep = n.getBuilder().getOneAttr(maskType.getElementType());
  n.setOutput(1, n.createConstant(maskType, DenseElementsAttr::get(maskType, keep)));
  return success();
}

} // namespace

void appendElementwiseImportRules(std::vector<OpImportRule> &rules) {
  rules.insert(rules.end(), {
      {"Relu", 6, importUnary<ReluOp>},
      {"Sigmoid", 6, importUnary<SigmoidOp>},
      {"Tanh", 6, importUnary<TanhOp>},
      {"HardSwish", 14, importUnary<HardSwishOp>},
      {"Exp", 6, importUnary<ExpOp>},
      {"Sqrt", 6, importUnary<SqrtOp>},
      {"Erf", 9, importUnary<ErfOp>},
      {"Sign", 9, importUnary<SignOp>},
      {"Abs", 6, importUnary<AbsOp>},
      {"Neg", 6, importUnary<NegOp>},
      {"Identity", 1, importUnary<IdentityOp>},
      {"Cast", 6, importCast},
      {"LeakyRelu", 6, importLeakyRelu},
      {"HardSigmoid", 6, importHardSigmoid},
      {"Clip", 6, importClip},
      {"Dropout", 7, importDropout},
      {"Add", 7, importBinary<AddOp>},
      {"Sub", 7, importBinary<SubOp>},
      {"Mul", 7, importBinary<MulOp>},
      {"Div", 7, importBinary<DivOp>},
      {"Pow", 7, importBinary<PowOp>},
      {"PRelu", 7, importBinary<PReluOp>},
  });
}

} // namespace mlir::qc::onnx_import
