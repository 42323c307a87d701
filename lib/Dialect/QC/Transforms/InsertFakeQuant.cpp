//===- InsertFakeQuant.cpp - qc.fake_quant on weights and activations -----===//
//
// Where the fake-quant ops go is decided first, without looking at a single
// range (FakeQuantPlan): the driver asks the same plan which tensors to
// calibrate (getTensorsToCalibrate), so calibration records exactly the
// ranges this pass reads.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/Transforms/Passes.h"
#include "quantc/Dialect/QC/Transforms/QuantPolicy.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>

namespace mlir::qc {
#define GEN_PASS_DEF_INSERTFAKEQUANT
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;
using quantc::calibration::AffineParams;
using quantc::calibration::IntegerGrid;
using quantc::calibration::computeAffineParams;

namespace {

/// The ops whose weights and activations are quantized.
bool hasQuantizedWeights(Operation *op) { return isa<ConvOp, GemmOp, MatMulOp>(op); }

/// All the ops that quantize their inputs and output: those with weights, and
/// the arithmetic and pooling ops ORT's QDQ quantizer quantizes by default
/// (residual additions stay on the integer path).
bool isQuantizedNode(Operation *op) {
  return hasQuantizedWeights(op) ||
         isa<AddOp, MulOp, AveragePoolOp, GlobalAveragePoolOp>(op);
}

/// Ops that move or select values without computing new ones: ORT's QDQ
/// quantizer gives their output their input's scale and zero point.
bool reusesInputQuantization(Operation *op) {
  return isa<MaxPoolOp, ReshapeOp, FlattenOp, TransposeOp, SqueezeOp, UnsqueezeOp>(op);
}

/// The axis of a weight's output channels.
int64_t getOutputChannelAxis(Operation *op) {
  if (auto gemm = dyn_cast<GemmOp>(op))
    return gemm.getTransB() ? 0 : 1;
  if (auto matmul = dyn_cast<MatMulOp>(op))
    return cast<RankedTensorType>(matmul.getRhs().getType()).getRank() - 1;
  return 0; // Conv: M x C/group x k1 x ... x kn
}

/// The ONNX operator name of a qc op, for messages: "qc.conv" -> "conv".
StringRef getOpKindName(Operation *op) { return op->getName().stripDialect(); }

/// What the pass does to the constant weight (operand 1) of one Conv, Gemm
/// or MatMul.
struct WeightQuant {
  Operation *user;
  unsigned bits;
  WeightGranularity granularity;
  int64_t groupSize;
  int64_t axis;
};

/// One activation tensor to fake-quantize: with its own calibrated range, or
/// with the parameters of `sharesParamsWith` (an earlier entry).
struct ActivationQuant {
  Value value;
  Value sharesParamsWith;
};

struct FakeQuantPlan {
  SmallVector<WeightQuant> weights;
  SmallVector<ActivationQuant> activations;

  static FailureOr<FakeQuantPlan> build(func::FuncOp func, ArrayRef<std::string> keepFloat,
                                        const QuantPolicy &policy);
};

/// Checks a node's weight settings against its weight; emits at `op`.
LogicalResult verifyWeightPolicy(Operation *op, const NodeQuantPolicy &node) {
  if (node.granularity != WeightGranularity::PerGroup)
    return success();
  auto weightType = cast<RankedTensorType>(op->getOperand(1).getType());
  int64_t channels = weightType.getDimSize(getOutputChannelAxis(op));
  if (channels % *node.groupSize != 0)
    return op->emitError() << "policy: group_size " << *node.groupSize << " of node '"
                           << getONNXNodeName(op->getLoc()) << "' does not divide its "
                           << channels << " output channels";
  return success();
}

FailureOr<FakeQuantPlan> FakeQuantPlan::build(func::FuncOp func, ArrayRef<std::string> keepFloat,
                                              const QuantPolicy &policy) {
  SmallVector<Operation *> ops;
  SmallVector<Operation *> withWeights;
  llvm::StringMap<Operation *> byName;
  for (Operation &op : func.getBody().getOps()) {
    ops.push_back(&op);
    if (hasQuantizedWeights(&op))
      withWeights.push_back(&op);
    // Folding gives the new constants of a Conv the Conv's names too: the
    // name means the quantized op.
    for (const std::string &name : getPolicyNodeNames(&op)) {
      auto [it, inserted] = byName.try_emplace(name, &op);
      if (!inserted && !isQuantizedNode(it->second) && isQuantizedNode(&op))
        it->second = &op;
    }
  }

  // Every name must be a node, and a node that is told something about
  // weights must have some.
  auto findNode = [&](StringRef name, StringRef origin) -> FailureOr<Operation *> {
    auto it = byName.find(name);
    if (it == byName.end())
      return func.emitError() << origin << " names no ONNX node '" << name << "' in the model";
    return it->second;
  };
  DenseSet<Operation *> keptFloat;
  for (const std::string &name : keepFloat) {
    if ((name == "first" || name == "last") && !withWeights.empty()) {
      keptFloat.insert(name == "first" ? withWeights.front() : withWeights.back());
      continue;
    }
    FailureOr<Operation *> node = findNode(name, "--keep-float");
    if (failed(node))
      return failure();
    if (!isQuantizedNode(*node))
      return (*node)->emitError() << "--keep-float names node '" << name << "', a "
                                  << getOpKindName(*node) << ", which is not quantized";
    keptFloat.insert(*node);
  }
  for (const auto &entry : policy.nodes) {
    FailureOr<Operation *> node = findNode(entry.getKey(), "policy file");
    if (failed(node))
      return failure();
    const NodeQuantPolicy &settings = entry.getValue();
    bool setsWeights = settings.bits || settings.granularity;
    if (setsWeights && !hasQuantizedWeights(*node))
      return (*node)->emitError() << "policy: node '" << entry.getKey() << "' is a "
                                  << getOpKindName(*node)
                                  << ": bits and granularity apply to Conv, Gemm and "
                                     "MatMul nodes only";
    if (settings.keepFloat && !isQuantizedNode(*node))
      return (*node)->emitError() << "policy: node '" << entry.getKey() << "' is a "
                                  << getOpKindName(*node) << ", which is not quantized";
    if (setsWeights && failed(verifyWeightPolicy(*node, settings)))
      return failure();
    if (settings.keepFloat)
      keptFloat.insert(*node);
  }

  FakeQuantPlan plan;
  // Each quantized tensor maps to the tensor whose parameters it uses
  // (itself when it has its own range).
  DenseMap<Value, Value> quantized;
  auto quantizeActivation = [&](Value value) {
    if (quantized.try_emplace(value, value).second)
      plan.activations.push_back({value, Value()});
  };
  // ORT drops a Relu/Clip whose input only it reads, and quantizes its
  // output in place of the producer's.
  auto quantizeOutput = [&](Value output) {
    if (output.hasOneUse() && isa<ReluOp, ClipOp>(*output.getUsers().begin()))
      output = output.getUsers().begin()->getResult(0);
    quantizeActivation(output);
  };
  for (Operation *op : ops) {
    if (keptFloat.contains(op))
      continue;
    if (hasQuantizedWeights(op)) {
      const NodeQuantPolicy *entry = findNodePolicy(policy, op);
      NodeQuantPolicy settings = entry ? *entry : NodeQuantPolicy();
      quantizeActivation(op->getOperand(0));
      if (getConstantElements(op->getOperand(1))) {
        WeightGranularity granularity =
            settings.granularity.value_or(WeightGranularity::PerChannel);
        plan.weights.push_back({op, settings.bits.value_or(8), granularity,
                                settings.groupSize.value_or(0), getOutputChannelAxis(op)});
      } else {
        // MatMul of two activations.
        quantizeActivation(op->getOperand(1));
      }
      quantizeOutput(op->getResult(0));
    } else if (isQuantizedNode(op)) {
      // Constant operands (a bias added, a scale multiplied) stay float.
      for (Value operand : op->getOperands())
        if (!getConstantElements(operand))
          quantizeActivation(operand);
      quantizeOutput(op->getResult(0));
    } else if (isa<ReluOp, ClipOp>(op)) {
      if (quantized.contains(op->getOperand(0)))
        quantizeActivation(op->getResult(0));
    } else if (reusesInputQuantization(op)) {
      auto it = quantized.find(op->getOperand(0));
      if (it != quantized.end() && quantized.try_emplace(op->getResult(0), it->second).second)
        plan.activations.push_back({op->getResult(0), it->second});
    }
  }
  return plan;
}

/// The calibrated range of `value`, or failure after an error naming its
/// ONNX node (or graph input).
FailureOr<std::pair<double, double>> getCalibratedRange(Value value) {
  DenseF64ArrayAttr range;
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    auto func = cast<func::FuncOp>(argument.getOwner()->getParentOp());
    unsigned index = argument.getArgNumber();
    auto name = func.getArgAttrOfType<StringAttr>(index, "qc.name");
    std::string what =
        "graph input '" + (name ? name.str() : "#" + std::to_string(index)) + "'";
    Attribute attr = func.getArgAttr(index, kRangeArgAttrName);
    if (!attr)
      return func.emitError() << "uncalibrated tensor: " << what << " has no range ("
                              << kRangeArgAttrName << " argument attribute)";
    range = dyn_cast<DenseF64ArrayAttr>(attr);
    if (!range || range.size() != 2 || !(range[0] <= range[1]))
      return func.emitError() << "bad " << kRangeArgAttrName << " on " << what
                              << ": expected array<f64: min, max> with min <= max";
  } else {
    auto result = cast<OpResult>(value);
    Operation *op = result.getOwner();
    std::string node = getONNXNodeName(op->getLoc());
    auto ranges = op->getAttrOfType<ArrayAttr>(kRangesAttrName);
    if (!ranges)
      return op->emitError() << "uncalibrated tensor: output " << result.getResultNumber()
                             << " of ONNX node '" << node << "' (" << getOpKindName(op)
                             << ") has no range (" << kRangesAttrName << " attribute)";
    if (ranges.size() == op->getNumResults())
      range = dyn_cast<DenseF64ArrayAttr>(ranges[result.getResultNumber()]);
    if (!range || range.size() != 2 || !(range[0] <= range[1]))
      return op->emitError() << "bad " << kRangesAttrName << " on ONNX node '" << node
                             << "': expected one array<f64: min, max> per result, min <= max";
  }
  return std::make_pair(range[0], range[1]);
}

Value createScalarConstant(OpBuilder &builder, Location loc, Attribute value) {
  auto elements = DenseElementsAttr::get(RankedTensorType::get({}, cast<TypedAttr>(value).getType()),
                                         value);
  return ConstantOp::create(builder, loc, elements.getType(), elements);
}

/// The scale and zero point operands of one activation fake-quant.
struct ActivationParams {
  Value scale;
  Value zeroPoint;
};

/// Replaces every use of `value` but the fake-quant's own by the
/// fake-quantized value.
void fakeQuantize(OpBuilder &builder, Location loc, Value value, const ActivationParams &params,
                  QuantizerSpecAttr spec) {
  auto fakeQuant = FakeQuantOp::create(builder, loc, value.getType(), value, params.scale,
                                       params.zeroPoint, Value(), spec);
  value.replaceAllUsesExcept(fakeQuant.getResult(), fakeQuant);
}

/// Per-group (or per-channel, or whole-tensor) symmetric scales of a weight.
SmallVector<float> computeWeightScales(ArrayRef<float> values, ArrayRef<int64_t> shape,
                                       const WeightQuant &weight, int64_t groups) {
  // Per tensor is one group of all channels along the same axis.
  int64_t axis = weight.axis;
  int64_t channels = shape[axis];
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (int64_t d = axis + 1; d < int64_t(shape.size()); ++d)
    inner *= shape[d];
  int64_t channelsPerGroup = channels / groups;
  SmallVector<float> mins(groups, 0.0f), maxs(groups, 0.0f);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t i = 0; i < inner; ++i) {
        float x = values[(o * channels + c) * inner + i];
        int64_t g = c / channelsPerGroup;
        mins[g] = std::min(mins[g], x);
        maxs[g] = std::max(maxs[g], x);
      }
  int64_t qmax = (int64_t(1) << (weight.bits - 1)) - 1;
  SmallVector<float> scales;
  for (int64_t g = 0; g < groups; ++g)
    scales.push_back(computeAffineParams(mins[g], maxs[g], {-qmax, qmax, true}).scale);
  return scales;
}

LogicalResult insertWeightFakeQuant(OpBuilder &builder, const WeightQuant &weight) {
  Operation *user = weight.user;
  Value value = user->getOperand(1);
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getNumElements() == 0)
    return success();
  std::optional<SmallVector<float>> values = getFloatValues(getConstantElements(value));
  if (!values)
    return user->emitError() << "cannot read the weights of ONNX node '"
                             << getONNXNodeName(user->getLoc()) << "'";
  int64_t channels = type.getDimSize(weight.axis);
  int64_t groups = 1, axis = -1, groupSize = 0;
  if (weight.granularity == WeightGranularity::PerChannel) {
    groups = channels;
    axis = weight.axis;
  } else if (weight.granularity == WeightGranularity::PerGroup) {
    groups = channels / weight.groupSize;
    axis = weight.axis;
    groupSize = weight.groupSize;
  }
  SmallVector<float> scales = computeWeightScales(*values, type.getShape(), weight, groups);

  MLIRContext *context = builder.getContext();
  Location loc = user->getLoc();
  builder.setInsertionPoint(user);
  Value scale;
  if (axis < 0) {
    scale = createScalarConstant(builder, loc, builder.getF32FloatAttr(scales[0]));
  } else {
    auto scaleType = RankedTensorType::get({groups}, builder.getF32Type());
    ElementsAttr elements = makeFloatConstantElements(
        scaleType, scales, getONNXNodeName(value.getLoc()) + ".scale");
    scale = ConstantOp::create(builder, loc, scaleType, elements);
  }
  auto spec = QuantizerSpecAttr::get(context, QuantGrid::symmetric_narrow, weight.bits,
                                     /*isSigned=*/true, axis, groupSize,
                                     RoundingMode::half_to_even);
  auto fakeQuant =
      FakeQuantOp::create(builder, loc, type, value, scale, Value(), Value(), spec);
  user->setOperand(1, fakeQuant.getResult());
  return success();
}

struct InsertFakeQuantPass : public qc::impl::InsertFakeQuantBase<InsertFakeQuantPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (activationType != "u8" && activationType != "s8") {
      module.emitError() << "qc-insert-fake-quant: activation-type must be u8 or s8, got '"
                         << activationType << "'";
      return signalPassFailure();
    }
    std::string error;
    std::optional<QuantPolicy> policy = readQuantPolicyFile(policyFile, error);
    if (!policy) {
      module.emitError() << error;
      return signalPassFailure();
    }
    SmallVector<std::string> keepFloatNames(keepFloat.begin(), keepFloat.end());
    for (auto func : module.getOps<func::FuncOp>()) {
      FailureOr<FakeQuantPlan> plan = FakeQuantPlan::build(func, keepFloatNames, *policy);
      if (failed(plan) || failed(apply(func, *plan)))
        return signalPassFailure();
    }
  }

  LogicalResult apply(func::FuncOp func, const FakeQuantPlan &plan) {
    OpBuilder builder(&getContext());
    bool isSigned = activationType == "s8";
    IntegerGrid grid = isSigned ? IntegerGrid::int8Symmetric() : IntegerGrid::uint8Asymmetric();
    auto spec = QuantizerSpecAttr::get(&getContext(), QuantGrid::affine, 8, isSigned, -1, 0,
                                       RoundingMode::half_to_even);
    // Every range is read before anything changes, so that an uncalibrated
    // tensor leaves the module as it was.
    SmallVector<std::pair<double, double>> ranges;
    for (const ActivationQuant &activation : plan.activations) {
      if (activation.sharesParamsWith)
        continue;
      FailureOr<std::pair<double, double>> range = getCalibratedRange(activation.value);
      if (failed(range))
        return failure();
      ranges.push_back(*range);
    }

    for (const WeightQuant &weight : plan.weights)
      if (failed(insertWeightFakeQuant(builder, weight)))
        return failure();

    DenseMap<Value, ActivationParams> params;
    auto *nextRange = ranges.begin();
    for (const ActivationQuant &activation : plan.activations) {
      Value value = activation.value;
      Location loc = func.getLoc();
      if (Operation *def = value.getDefiningOp()) {
        loc = def->getLoc();
        builder.setInsertionPointAfter(def);
      } else {
        builder.setInsertionPointToStart(&func.getBody().front());
      }
      if (activation.sharesParamsWith) {
        params[value] = params.lookup(activation.sharesParamsWith);
      } else {
        auto [min, max] = *nextRange++;
        AffineParams affine = computeAffineParams(float(min), float(max), grid);
        params[value] = {
            createScalarConstant(builder, loc, builder.getF32FloatAttr(affine.scale)),
            createScalarConstant(builder, loc,
                                 builder.getI32IntegerAttr(int32_t(affine.zeroPoint)))};
      }
      fakeQuantize(builder, loc, value, params[value], spec);
    }
    return success();
  }
};

} // namespace

FailureOr<SmallVector<Value>> mlir::qc::getTensorsToCalibrate(func::FuncOp func,
                                                             ArrayRef<std::string> keepFloat,
                                                             const QuantPolicy &policy) {
  FailureOr<FakeQuantPlan> plan = FakeQuantPlan::build(func, keepFloat, policy);
  if (failed(plan))
    return failure();
  SmallVector<Value> tensors;
  for (const ActivationQuant &activation : plan->activations)
    if (!activation.sharesParamsWith)
      tensors.push_back(activation.value);
  return tensors;
}
