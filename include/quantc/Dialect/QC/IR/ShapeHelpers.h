//===- ShapeHelpers.h - output shapes of qc ops -----------------*- C++ -*-===//
//
// The shape arithmetic of ONNX's windowed ops, shared by the op verifiers, the
// importer (auto_pad) and the lowerings, so that all three agree.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_SHAPEHELPERS_H
#define QUANTC_DIALECT_QC_IR_SHAPEHELPERS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>

namespace mlir::qc {

/// Number of positions of a window of `kernel` taps spread by `dilation` that
/// fit in `in + padBegin + padEnd` elements at `stride`. With `ceilMode` a
/// partial last window counts too, unless it would start inside the trailing
/// padding (the rule of ONNX Runtime and PyTorch). Returns -1 if no window fits.
int64_t getWindowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                            int64_t dilation, int64_t padBegin, int64_t padEnd,
                            bool ceilMode);

/// Extent of one ConvTranspose output dimension.
int64_t getTransposedWindowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                      int64_t dilation, int64_t padBegin,
                                      int64_t padEnd, int64_t outputPadding);

/// The leading and trailing pads that ONNX auto_pad SAME_UPPER (or, with
/// `lower`, SAME_LOWER) chooses so that out = ceil(in / stride).
std::pair<int64_t, int64_t> getSamePadding(int64_t in, int64_t kernel,
                                           int64_t stride, int64_t dilation,
                                           bool lower);

/// Shape of numpy.matmul(lhs, rhs), or an empty optional-like failure flag.
bool getMatMulShape(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs,
                    llvm::SmallVectorImpl<int64_t> &result);

} // namespace mlir::qc

#endif // QUANTC_DIALECT_QC_IR_SHAPEHELPERS_H
