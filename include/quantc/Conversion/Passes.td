//===- Passes.td - quantc conversion passes ----------------*- tablegen -*-===//

#ifndef QUANTC_CONVERSION_PASSES_TD
#define QUANTC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQCToLinalg : Pass<"convert-qc-to-linalg", "func::FuncOp"> {
  let summary = "Lower qc's elementwise, data-movement, reduction and normalization ops to linalg";
  let description = [{
    Elementwise qc ops (unary activations, broadcasting binary arithmetic,
    Clip) become `linalg.generic` ops whose bodies use `arith` and `math`, in
    destination-passing style on a `tensor.empty`; Identity and Dropout
    forward their input and `qc.constant` becomes `arith.constant`. Numpy
    broadcasting is expressed in the operands' indexing maps (a size-1
    dimension reads index 0), so nothing is materialized. Signed and unsigned
    integer tensors keep their types; the bodies compute on the signless view
    and use the unsigned `arith` ops where signedness matters.

    Reshape, Flatten, Squeeze and Unsqueeze become `tensor.reshape`,
    Transpose `linalg.transpose`, Concat a chain of `tensor.insert_slice`,
    forward Slice a strided `tensor.extract_slice` and backward Slice a
    `linalg.generic`, constant-mode Pad a `tensor.pad` and edge/reflect Pad a
    `linalg.generic` extracting at the clamped or mirrored index, Gather a
    `linalg.generic` extracting at the gathered index. ReduceSum/Mean/Max and
    the global pools become `linalg.reduce` (plus a division for means and a
    reshape for kept dimensions). Softmax and LogSoftmax subtract the maximum
    along their axis before exponentiating; an unfolded BatchNormalization is
    one `linalg.generic` over its per-channel parameters; MaxPool and
    AveragePool are `linalg.generic` ops with the window as reduction loops
    over a padded input; Resize (nearest, linear, cubic) is one
    `linalg.generic` reading constant tables of input indices and weights;
    Cast follows ONNX (float to integer truncates, non-zero is true, true is
    1).

    Conv, ConvTranspose, MatMul and Gemm become `linalg.generic`
    contractions: the portable path, and the reference for the runtime
    kernels that will replace them on targets that have them.
    QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear and `qc.fake_quant`
    are `linalg.generic` ops computing ONNX's formulas bit-exactly (x / scale
    in float, rounding half to even, saturation); MatMulInteger and
    ConvInteger are the same contractions over int32 operands with their zero
    points subtracted. Ops without a
    lowering yet stay as they are: the pass converts what it can and never
    fails on the rest.

    ```mlir
    %0 = qc.relu %x : tensor<1x8xf32>
    // becomes
    %e = tensor.empty() : tensor<1x8xf32>
    %0 = linalg.generic {...} ins(%x : tensor<1x8xf32>) outs(%e : tensor<1x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %zero = arith.constant 0.0 : f32
      %max = arith.maximumf %in, %zero : f32
      linalg.yield %max : f32
    } -> tensor<1x8xf32>
    ```
  }];
  let options = [
    Option<"reportUnconverted", "report-unconverted", "bool", /*default=*/"false",
           "Fail, naming each op's ONNX node, when a qc op is left without a "
           "lowering (the native-code pipeline sets this)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"];
}

def ConvertQCToRuntime : Pass<"convert-qc-to-runtime", "ModuleOp"> {
  let summary = "Lower Conv, Gemm and MatMul (f32 and 8-bit) to calls of the runtime's kernels";
  let description = [{
    The heavy ops become calls of the functions `KernelABI.h` declares, in
    tensor IR that one-shot bufferization understands: each operand's buffer
    comes from a read-only `bufferization.to_buffer` and its aligned pointer,
    the result is a fresh `memref.alloc` that the kernel writes through its
    pointer and that re-enters tensor IR through
    `bufferization.to_tensor restrict writable`.

    - `qc.conv` with f32 NCHW operands of rank 3 or 4 calls `qc_conv2d_f32`
      with a constant `qc_conv2d_f32_desc` (a private `memref.global` of
      i64) and a scratch buffer sized at compile time by the runtime's own
      `qc_conv2d_f32_scratch_size`. Constant weights are packed at compile
      time by the runtime's `qc_conv2d_f32_pack_weights` into a new constant;
      other weights are packed at run time into a scratch buffer first.
    - `qc.gemm` (alpha 1, no transA, C absent or a per-column bias with
      beta 1) and `qc.matmul` with a 2-D right operand call
      `qc_gemm_f32_call`. A constant B is packed at compile time by the
      runtime's `qc_gemm_f32_pack_b` into a new constant; any other B is
      packed at run time into a scratch buffer first. MatMul folds A's batch
      dimensions into M.
    - A `qc.relu`, or a `qc.clip` with constant bounds, that is the only user
      of the result becomes the kernel's epilogue.
    - `qc.conv_int32` (1-D or 2-D) calls `qc_conv2d_s8` and `qc.matmul_int32`
      calls `qc_gemm_s8`, their int8 weights packed at compile time by
      `qc_conv2d_s8_pack_weights` / `qc_gemm_s8_pack_b` when constant. A
      `qc.rescale` that alone reads the accumulators, per tensor or per
      output channel, to 8-bit codes, becomes the kernel's requantizing
      epilogue (multiplier and shift arrays as constants, output zero point,
      clamp); without one the kernel stores the int32 accumulators.
    - 8-bit weights that qc-pack-weights packed (`packed_weights`,
      `weight_layout`) are passed as they are, to the kernel of their
      layout: `qc_conv2d_s8` for "conv2d_s8", `qc_conv2d_s8_winograd` for
      "conv2d_s8_winograd" (exact Winograd F(2x2, 3x3)), `qc_gemm_s8` for
      "gemm_s8"; the size of the bytes is checked against the runtime's.

    Ops outside these forms are left for convert-qc-to-linalg.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::func::FuncDialect", "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect"];
}

def GenerateModelEntry : Pass<"qc-generate-model-entry", "ModuleOp"> {
  let summary = "Wrap the model function in the C entry point and descriptor of ModelAPI.h";
  let description = [{
    A compiled model is called through the C API of
    `include/quantc/Runtime/ModelAPI.h`: the runtime's glue calls
    `qc_generated_model_main(const void *const *inputs, void *const *outputs)`
    and reads the static descriptor `qc_generated_model_desc` (input and
    output names, element types and shapes). This pass generates both from
    the model function, on tensor-level IR before bufferization:

    - the entry loads each buffer pointer from the two arrays, wraps it in a
      memref of the tensor's static shape, and passes inputs in as
      `bufferization.to_tensor ... restrict` (read-only) values; each result
      is written with `bufferization.materialize_in_destination` into its
      caller-owned output buffer, so bufferization computes the last op of
      each output in place when it can;
    - the model function becomes private, so that the inliner folds it into
      the entry;
    - the descriptor is a set of `llvm.mlir.global` constants laid out like
      `qc_model_desc` and `qc_tensor_desc`. Names come from the `qc.name`
      argument and result attributes the ONNX importer sets, the graph name
      from the module's `qc.graph_name`.

    Every argument and result must be a statically shaped tensor of a type
    the C API can describe.
  }];
  let options = [
    Option<"functionName", "function", "std::string", /*default=*/"\"main\"",
           "The model function to wrap">,
  ];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::LLVM::LLVMDialect", "::mlir::func::FuncDialect"];
}

def MemRefCopyToLinalg : Pass<"qc-memref-copy-to-linalg", "func::FuncOp"> {
  let summary = "Turn memref.copy into linalg.copy, so copies become loops";
  let description = [{
    Bufferization copies with `memref.copy`, which the LLVM conversion lowers
    to a `memcpy` when both sides are contiguous and otherwise to a call of
    `memrefCopy`, a function of MLIR's runner utilities that compiled models
    don't link. As `linalg.copy`, a copy becomes loops like any other linalg
    op, for LLVM to vectorize: typically the copy of an activation into the
    interior of a padded buffer.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // QUANTC_CONVERSION_PASSES_TD
