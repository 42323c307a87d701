//===- IntegerGraph.h - helpers of the integer-graph passes -----*- C++ -*-===//

#ifndef QUANTC_LIB_DIALECT_QC_TRANSFORMS_INTEGERGRAPH_H
#define QUANTC_LIB_DIALECT_QC_TRANSFORMS_INTEGERGRAPH_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::qc {

/// The 8-bit !quant.uniform grid with `scales` and `zeroPoints` (one each for
/// per tensor, or one per index of `axis`), codes in [qmin, qmax] of signed or
/// unsigned 8-bit storage, expressing f32.
quant::QuantizedType getQuant8Type(MLIRContext *context, bool isSigned,
                                   ArrayRef<double> scales, ArrayRef<int64_t> zeroPoints,
                                   int64_t axis, int64_t qmin, int64_t qmax);

/// A qc.constant of the integer tensor type `type` holding `values`.
Value createIntegerConstant(OpBuilder &b, Location loc, RankedTensorType type,
                            ArrayRef<int64_t> values, StringRef nameHint);

/// x / scale + zeroPoint rounded half to even, saturated to [qmin, qmax], in
/// float32 as ONNX QuantizeLinear computes it.
int64_t quantizeHalfToEven(float x, float scale, int64_t zeroPoint, int64_t qmin,
                           int64_t qmax);

} // namespace mlir::qc

#endif // QUANTC_LIB_DIALECT_QC_TRANSFORMS_INTEGERGRAPH_H
