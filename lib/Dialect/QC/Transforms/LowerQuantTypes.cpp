//===- LowerQuantTypes.cpp - !quant tensor types to storage types ---------===//
//
// After qc-fold-scales no op needs a grid from its types any more except
// qc.quantize and qc.dequantize, which become the ONNX ops with constant
// parameters; everything else keeps its codes under their storage type.
//
//===----------------------------------------------------------------------===//

#include "IntegerGraph.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/IR/QuantTypeHelpers.h"
#include "quantc/Dialect/QC/Transforms/Passes.h"

#include "mlir/Dialect/Quant/IR/Quant.h"

namespace mlir::qc {
#define GEN_PASS_DEF_LOWERQUANTTYPES
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

namespace {

/// The ONNX (scale, zero point, axis) operands of `quantType`'s grid.
struct QuantParams {
  Value scale, zeroPoint;
  int64_t axis;
};

QuantParams createQuantParams(OpBuilder &b, Location loc, RankedTensorType quantType) {
  auto grid = cast<quant::QuantizedType>(quantType.getElementType());
  SmallVector<double> scales = getQuantScales(quantType);
  SmallVector<int64_t> zeroPoints = getQuantZeroPoints(quantType);
  auto perAxis = getPerAxisQuantType(quantType);
  SmallVector<int64_t> shape;
  if (perAxis)
    shape.push_back(static_cast<int64_t>(scales.size()));
  auto scaleType = RankedTensorType::get(shape, b.getF32Type());
  SmallVector<float> floatScales(scales.begin(), scales.end());
  Value scale = ConstantOp::create(b, loc, scaleType,
                                   makeFloatConstantElements(scaleType, floatScales, "scale"));
  Value zeroPoint = createIntegerConstant(
      b, loc, RankedTensorType::get(shape, getStorageElementType(grid)), zeroPoints, "zero_point");
  return {scale, zeroPoint, perAxis ? perAxis.getQuantizedDimension() : 0};
}

/// `codes` of a QuantizeLinear, which saturates to the whole storage range,
/// clipped to the grid's narrower code range if it has one ([0, 127] in
/// uint8 for PyTorch's reduce_range activations).
Value clipToGrid(OpBuilder &b, Location loc, Value codes, quant::QuantizedType grid) {
  IntegerType storage = getStorageElementType(grid);
  int64_t storageMin = storage.isUnsigned() ? 0 : -128, storageMax = storage.isUnsigned() ? 255 : 127;
  if (grid.getStorageTypeMin() == storageMin && grid.getStorageTypeMax() == storageMax)
    return codes;
  auto boundType = RankedTensorType::get({}, storage);
  auto bound = [&](int64_t code, int64_t storageBound) {
    return code == storageBound ? Value()
                                : createIntegerConstant(b, loc, boundType, {code}, "code_bound");
  };
  return ClipOp::create(b, loc, codes.getType(), codes, bound(grid.getStorageTypeMin(), storageMin),
                        bound(grid.getStorageTypeMax(), storageMax));
}

struct LowerQuantTypesPass : qc::impl::LowerQuantTypesBase<LowerQuantTypesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // Dequantizes first: each reads the grid from its input's type, which
    // replacing the quantize that produced it would change.
    SmallVector<DequantizeOp> dequantizes;
    SmallVector<QuantizeOp> quantizes;
    func.walk([&](DequantizeOp op) { dequantizes.push_back(op); });
    func.walk([&](QuantizeOp op) { quantizes.push_back(op); });
    for (DequantizeOp dequantize : dequantizes) {
      OpBuilder b(dequantize);
      Location loc = dequantize.getLoc();
      auto type = cast<RankedTensorType>(dequantize.getInput().getType());
      QuantParams params = createQuantParams(b, loc, type);
      Value values = DequantizeLinearOp::create(b, loc, dequantize.getType(), dequantize.getInput(),
                                                params.scale, params.zeroPoint,
                                                b.getI64IntegerAttr(params.axis));
      dequantize.replaceAllUsesWith(values);
      dequantize.erase();
    }
    for (QuantizeOp quantize : quantizes) {
      OpBuilder b(quantize);
      Location loc = quantize.getLoc();
      auto type = cast<RankedTensorType>(quantize.getType());
      QuantParams params = createQuantParams(b, loc, type);
      auto storageType = cast<RankedTensorType>(stripQuantType(type));
      Value codes = QuantizeLinearOp::create(b, loc, storageType, quantize.getInput(),
                                             params.scale, params.zeroPoint,
                                             b.getI64IntegerAttr(params.axis));
      codes = clipToGrid(b, loc, codes, cast<quant::QuantizedType>(type.getElementType()));
      quantize.replaceAllUsesWith(codes);
      quantize.erase();
    }
    // Every value's type, block arguments included, then the casts that are
    // now between equal types.
    func.walk([](Operation *op) {
      for (Value result : op->getResults())
        result.setType(stripQuantType(result.getType()));
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument argument : block.getArguments())
            argument.setType(stripQuantType(argument.getType()));
    });
    func.walk([](StorageCastOp cast) {
      cast.replaceAllUsesWith(cast.getInput());
      cast.erase();
    });
    SmallVector<Type> inputs, results;
    for (Type type : func.getArgumentTypes())
      inputs.push_back(stripQuantType(type));
    for (Type type : func.getResultTypes())
      results.push_back(stripQuantType(type));
    func.setType(FunctionType::get(func.getContext(), inputs, results));
  }
};

} // namespace
