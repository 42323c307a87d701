//===- ShapeHelpers.cpp - output shapes of qc ops -------------------------===//

#include "quantc/Dialect/QC/IR/ShapeHelpers.h"

#include "mlir/Dialect/Traits.h"

namespace mlir::qc {

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int64_t getWindowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                            int64_t dilation, int64_t padBegin, int64_t padEnd,
                            bool ceilMode) {
  int64_t span = (kernel - 1) * dilation + 1;
  int64_t room = in + padBegin + padEnd - span;
  if (room < 0 || stride <= 0)
    return -1;
  if (!ceilMode)
    return room / stride + 1;
  int64_t out = ceilDiv(room, stride) + 1;
  if ((out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

int64_t getTransposedWindowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                      int64_t dilation, int64_t padBegin,
                                      int64_t padEnd, int64_t outputPadding) {
  return stride * (in - 1) + outputPadding + (kernel - 1) * dilation + 1 -
         padBegin - padEnd;
}

std::pair<int64_t, int64_t> getSamePadding(int64_t in, int64_t kernel,
                                           int64_t stride, int64_t dilation,
                                           bool lower) {
  int64_t out = ceilDiv(in, stride);
  int64_t span = (kernel - 1) * dilation + 1;
  int64_t total = std::max<int64_t>(0, (out - 1) * stride + span - in);
  int64_t small = total / 2, large = total - total / 2;
  return lower ? std::make_pair(large, small) : std::make_pair(small, large);
}

bool getMatMulShape(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs,
                    llvm::SmallVectorImpl<int64_t> &result) {
  if (lhs.empty() || rhs.empty())
    return false;
  // numpy promotes a 1-D operand to a matrix and drops that dimension again.
  llvm::SmallVector<int64_t> a(lhs), b(rhs);
  bool lhsVector = a.size() == 1, rhsVector = b.size() == 1;
  if (lhsVector)
    a.insert(a.begin(), 1);
  if (rhsVector)
    b.push_back(1);
  if (a.back() != b[b.size() - 2])
    return false;
  llvm::SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(llvm::ArrayRef(a).drop_back(2),
                                          llvm::ArrayRef(b).drop_back(2), batch))
    return false;
  result.assign(batch.begin(), batch.end());
  if (!lhsVector)
    result.push_back(a[a.size() - 2]);
  if (!rhsVector)
    result.push_back(b.back());
  return true;
}

} // namespace mlir::qc
