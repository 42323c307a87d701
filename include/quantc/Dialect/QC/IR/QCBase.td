//===- QCBase.td - qc dialect definition -------------------*- tablegen -*-===//
//
// The qc dialect is quantc's graph-level IR: one op per ONNX operator, with ONNX
// semantics, on statically shaped ranked tensors in the layout ONNX gives (NCHW).
// Quantized values use upstream !quant types wherever they can express the grid.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_QCBASE_TD
#define QUANTC_DIALECT_QC_IR_QCBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def QC_Dialect : Dialect {
  let name = "qc";
  let cppNamespace = "::mlir::qc";
  let summary = "quantc's graph-level dialect: ONNX operators and quantizers";
  let description = [{
    Every op mirrors one ONNX operator and keeps its semantics, after the importer
    has resolved what ONNX leaves to run time or to the opset: attribute defaults
    are explicit, `auto_pad` is turned into explicit pads, and inputs that fix a
    shape (Reshape's shape, Slice's starts and ends, Resize's scales, ...) are
    attributes or the result type, because quantc compiles static shapes.
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// Every value in the graph is a ranked tensor with a static shape: the importer
// resolves symbolic dimensions (from --input-shape) before building ops.
class QC_StaticTensorOf<list<Type> allowedTypes>
    : Type<And<[RankedTensorOf<allowedTypes>.predicate, HasStaticShapePred]>,
           "statically shaped tensor of " # AnyTypeOf<allowedTypes>.summary # " values",
           "::mlir::RankedTensorType">;

def QC_AnyFloat : AnyTypeOf<[F16, BF16, F32, F64]>;
def QC_AnyInteger : AnyTypeOf<[AnySignlessInteger, AnyUnsignedInteger, AnySignedInteger]>;
// A !quant type is only as wide as its storage: the QLinear and Integer ops
// read 8-bit codes, so an i4 or i32 storage type must not pass as "8-bit".
def QC_Quantized8 : Type<
    CPred<"::llvm::isa<::mlir::quant::QuantizedType>($_self) && "
          "::llvm::cast<::mlir::quant::QuantizedType>($_self)"
          ".getStorageTypeIntegralWidth() == 8">,
    "quantized type with 8-bit storage", "::mlir::quant::QuantizedType">;

def QC_Tensor : QC_StaticTensorOf<[AnyType]>;
def QC_FloatTensor : QC_StaticTensorOf<[QC_AnyFloat]>;
def QC_NumericTensor : QC_StaticTensorOf<[QC_AnyFloat, QC_AnyInteger]>;
// Ops that commute with every monotone requantization (MaxPool) also take
// 8-bit codes typed with their grid.
def QC_NumericOrQuantTensor : QC_StaticTensorOf<[QC_AnyFloat, QC_AnyInteger, QC_Quantized8]>;
// 8-bit integer codes, or the same codes typed with their !quant grid.
def QC_Int8Tensor : QC_StaticTensorOf<[I8, UI8, SI8, QC_Quantized8]>;
// A scale: a float scalar (rank 0 or one element) or a 1-D per-axis vector.
def QC_ScaleTensor : QC_StaticTensorOf<[QC_AnyFloat]>;
def QC_ZeroPointTensor : QC_StaticTensorOf<[QC_AnyInteger]>;

#endif // QUANTC_DIALECT_QC_IR_QCBASE_TD
