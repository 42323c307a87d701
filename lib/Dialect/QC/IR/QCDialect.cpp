//===- QCDialect.cpp - qc dialect -----------------------------------------===//

#include "quantc/Dialect/QC/IR/QCDialect.h"

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::qc;

#include "quantc/Dialect/QC/IR/QCDialect.cpp.inc"
#include "quantc/Dialect/QC/IR/QCEnums.cpp.inc"
#include "quantc/Dialect/QC/IR/QCInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "quantc/Dialect/QC/IR/QCAttrs.cpp.inc"

void QCDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "quantc/Dialect/QC/IR/QCAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "quantc/Dialect/QC/IR/QCOps.cpp.inc"
      >();
}

std::string mlir::qc::getONNXNodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    std::string joined;
    for (Location part : fused.getLocations()) {
      std::string name = getONNXNodeName(part);
      if (!name.empty())
        joined += (joined.empty() ? "" : "+") + name;
    }
    return joined;
  }
  return "";
}

int32_t mlir::qc::getONNXDataType(Type type) {
  enum : int32_t {
    Float = 1, UInt8 = 2, Int8 = 3, UInt16 = 4, Int16 = 5, Int32 = 6, Int64 = 7, Bool = 9,
    Float16 = 10, Double = 11, UInt32 = 12, UInt64 = 13, BFloat16 = 16,
  };
  if (type.isF32())
    return Float;
  if (type.isF64())
    return Double;
  if (type.isF16())
    return Float16;
  if (type.isBF16())
    return BFloat16;
  if (type.isSignlessInteger(1))
    return Bool;
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer)
    return 0;
  bool isUnsigned = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 8:
    return isUnsigned ? UInt8 : Int8;
  case 16:
    return isUnsigned ? UInt16 : Int16;
  case 32:
    return isUnsigned ? UInt32 : Int32;
  case 64:
    return isUnsigned ? UInt64 : Int64;
  default:
    return 0;
  }
}

Operation *QCDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}

//===----------------------------------------------------------------------===//
// QuantizerSpecAttr
//===----------------------------------------------------------------------===//

LogicalResult
QuantizerSpecAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                          QuantGrid grid, unsigned bits, bool isSigned,
                          int64_t axis, int64_t groupSize, RoundingMode) {
  unsigned minBits = grid == QuantGrid::symmetric_narrow ? 2 : 1;
  if (bits < minBits || bits > 16)
    return emitError() << "bits must be in [" << minBits << ", 16] for grid "
                       << stringifyQuantGrid(grid) << ", got " << bits;
  if (axis < -1)
    return emitError() << "axis must be -1 (per tensor) or a dimension, got " << axis;
  if (groupSize < 0)
    return emitError() << "group_size must be non-negative, got " << groupSize;
  if (groupSize > 0 && axis < 0)
    return emitError() << "group_size needs a channel axis";
  if (!isSigned && grid == QuantGrid::symmetric_narrow)
    return emitError() << "the symmetric_narrow grid is signed";
  return success();
}

int64_t QuantizerSpecAttr::getQMin() const {
  unsigned bits = getBits();
  switch (getGrid()) {
  case QuantGrid::affine:
    return getIsSigned() ? -(int64_t(1) << (bits - 1)) : 0;
  case QuantGrid::symmetric_narrow:
    return -((int64_t(1) << (bits - 1)) - 1);
  case QuantGrid::power_of_two:
    // Codes are exponents with a sign bit; the magnitude range is symmetric.
    return -((int64_t(1) << (bits - 1)) - 1);
  case QuantGrid::zero_free:
  case QuantGrid::unsigned_clipped:
    return 0;
  }
  llvm_unreachable("unknown grid");
}

int64_t QuantizerSpecAttr::getQMax() const {
  unsigned bits = getBits();
  switch (getGrid()) {
  case QuantGrid::affine:
    return getIsSigned() ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  case QuantGrid::symmetric_narrow:
  case QuantGrid::power_of_two:
    return (int64_t(1) << (bits - 1)) - 1;
  case QuantGrid::zero_free:
  case QuantGrid::unsigned_clipped:
    return (int64_t(1) << bits) - 1;
  }
  llvm_unreachable("unknown grid");
}
