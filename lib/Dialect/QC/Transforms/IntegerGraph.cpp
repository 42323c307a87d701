//===- IntegerGraph.cpp - helpers of the integer-graph passes -------------===//

#include "IntegerGraph.h"

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mlir::qc {

quant::QuantizedType getQuant8Type(MLIRContext *context, bool isSigned,
                                   ArrayRef<double> scales, ArrayRef<int64_t> zeroPoints,
                                   int64_t axis, int64_t qmin, int64_t qmax) {
  unsigned flags = isSigned ? quant::QuantizationFlags::Signed : 0;
  Type storage = IntegerType::get(context, 8);
  Type expressed = Float32Type::get(context);
  if (axis < 0)
    return quant::UniformQuantizedType::get(flags, storage, expressed, scales.front(),
                                            zeroPoints.front(), qmin, qmax);
  return quant::UniformQuantizedPerAxisType::get(flags, storage, expressed, scales, zeroPoints,
                                                 axis, qmin, qmax);
}

Value createIntegerConstant(OpBuilder &b, Location loc, RankedTensorType type,
                            ArrayRef<int64_t> values, StringRef nameHint) {
  int64_t width = getElementByteWidth(type.getElementType());
  std::vector<char> bytes(values.size() * width);
  // Little-endian: the low `width` bytes of each value.
  for (auto [i, value] : llvm::enumerate(values))
    std::memcpy(bytes.data() + i * width, &value, width);
  return ConstantOp::create(b, loc, type, makeConstantElements(type, bytes, nameHint));
}

int64_t quantizeHalfToEven(float x, float scale, int64_t zeroPoint, int64_t qmin,
                           int64_t qmax) {
  double code = static_cast<double>(std::nearbyint(x / scale)) + static_cast<double>(zeroPoint);
  return static_cast<int64_t>(std::clamp(code, static_cast<double>(qmin),
                                         static_cast<double>(qmax)));
}

} // namespace mlir::qc
