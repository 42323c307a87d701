//===- QCAttrs.td - qc enums and attributes ----------------*- tablegen -*-===//

#ifndef QUANTC_DIALECT_QC_IR_QCATTRS_TD
#define QUANTC_DIALECT_QC_IR_QCATTRS_TD

include "quantc/Dialect/QC/IR/QCBase.td"
include "mlir/IR/EnumAttr.td"

class QC_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<QC_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

//===----------------------------------------------------------------------===//
// Enums of ONNX attributes
//===----------------------------------------------------------------------===//

def QC_PadMode : I32EnumAttr<"PadMode", "how Pad fills the border", [
    I32EnumAttrCase<"constant", 0>, I32EnumAttrCase<"reflect", 1>,
    I32EnumAttrCase<"edge", 2>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qc";
}
def QC_PadModeAttr : EnumAttr<QC_Dialect, QC_PadMode, "pad_mode">;

def QC_ResizeMode : I32EnumAttr<"ResizeMode", "Resize interpolation", [
    I32EnumAttrCase<"nearest", 0>, I32EnumAttrCase<"linear", 1>,
    I32EnumAttrCase<"cubic", 2>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qc";
}
def QC_ResizeModeAttr : EnumAttr<QC_Dialect, QC_ResizeMode, "resize_mode">;

def QC_CoordinateTransform : I32EnumAttr<"CoordinateTransform",
    "how Resize maps an output coordinate to an input coordinate", [
    I32EnumAttrCase<"half_pixel", 0>, I32EnumAttrCase<"pytorch_half_pixel", 1>,
    I32EnumAttrCase<"align_corners", 2>, I32EnumAttrCase<"asymmetric", 3>,
    I32EnumAttrCase<"tf_half_pixel_for_nn", 4>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qc";
}
def QC_CoordinateTransformAttr
    : EnumAttr<QC_Dialect, QC_CoordinateTransform, "coordinate_transform">;

def QC_NearestMode : I32EnumAttr<"NearestMode",
    "how Resize rounds a coordinate in nearest mode", [
    I32EnumAttrCase<"round_prefer_floor", 0>, I32EnumAttrCase<"round_prefer_ceil", 1>,
    I32EnumAttrCase<"floor", 2>, I32EnumAttrCase<"ceil", 3>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qc";
}
def QC_NearestModeAttr : EnumAttr<QC_Dialect, QC_NearestMode, "nearest_mode">;

//===----------------------------------------------------------------------===//
// Quantizer specification (DESIGN.md section 1)
//===----------------------------------------------------------------------===//

def QC_QuantGrid : I32EnumAttr<"QuantGrid", "the set of values a quantizer can produce", [
    // s * (q - z), q in [qmin, qmax].
    I32EnumAttrCase<"affine", 0>,
    // s * q, q in [-(2^(n-1) - 1), 2^(n-1) - 1]: zero exact, 2^n - 1 levels.
    I32EnumAttrCase<"symmetric_narrow", 1>,
    // s * (2q - (2^n - 1)), q in [0, 2^n - 1]: no zero level (binary, modified PACT).
    I32EnumAttrCase<"zero_free", 2>,
    // +-2^e * s: log quantization.
    I32EnumAttrCase<"power_of_two", 3>,
    // [0, alpha] in 2^n levels: PACT and DoReFa activations.
    I32EnumAttrCase<"unsigned_clipped", 4>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qc";
}
def QC_QuantGridAttr : EnumAttr<QC_Dialect, QC_QuantGrid, "grid">;

def QC_RoundingMode : I32EnumAttr<"RoundingMode", "how a quantizer rounds x / s", [
    // ONNX QuantizeLinear's rounding.
    I32EnumAttrCase<"half_to_even", 0>,
    I32EnumAttrCase<"half_away_from_zero", 1>,
    I32EnumAttrCase<"half_up", 2>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qc";
}
def QC_RoundingModeAttr : EnumAttr<QC_Dialect, QC_RoundingMode, "rounding">;

def QC_QuantizerSpecAttr : QC_Attr<"QuantizerSpec", "quantizer"> {
  let summary = "what a fake-quant node quantizes to";
  let description = [{
    The grid, the bit width and the granularity of one quantizer. `axis` is the
    channel axis for per-channel and per-group quantization (-1 for per-tensor);
    `group_size` > 0 splits that axis into groups of that many channels (the
    sub-channel form of `!quant.uniform`). `is_signed` chooses the storage
    range of the affine grid ([-2^(n-1), 2^(n-1) - 1] or [0, 2^n - 1]).

    ```mlir
    #qc.quantizer<grid = affine, bits = 8, is_signed = false>
    #qc.quantizer<grid = symmetric_narrow, bits = 4, axis = 0>
    ```
  }];
  let parameters = (ins
    "QuantGrid":$grid,
    "unsigned":$bits,
    DefaultValuedParameter<"bool", "true">:$is_signed,
    DefaultValuedParameter<"int64_t", "-1">:$axis,
    DefaultValuedParameter<"int64_t", "0">:$group_size,
    DefaultValuedParameter<"RoundingMode", "RoundingMode::half_to_even">:$rounding
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool isPerTensor() const { return getAxis() < 0; }
    /// The smallest and largest integer code of the grid.
    int64_t getQMin() const;
    int64_t getQMax() const;
  }];
}

#endif // QUANTC_DIALECT_QC_IR_QCATTRS_TD
