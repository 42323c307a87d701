//===- Pipelines.cpp - quantc's named pass pipelines ----------------------===//

#include "quantc/Pipelines/Pipelines.h"

#include "quantc/Conversion/Passes.h"
#include "quantc/Dialect/QC/Transforms/Passes.h"

#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"

#include <mutex>

namespace mlir::qc {

std::string getQCToLLVMPipelineText(const QCToLLVMPipelineOptions &options) {
  std::string text = "canonicalize,"
                     // Quantized graphs (QDQ, QOperator, fake-quant) take the
                     // integer path; float graphs pass through unchanged.
                     "func.func(qc-convert-to-integer,qc-fold-scales,qc-lower-quant-types),";
  if (options.runtimeCalls)
    text += llvm::formatv("func.func(qc-pack-weights{{target={0} winograd={1}}),"
                          "convert-qc-to-runtime,",
                          options.target.getValue(), options.winogradInt8 ? "true" : "false")
                .str();
  text +=
      // Whatever has no runtime kernel becomes linalg; a qc op left over is
      // an error naming its ONNX node, not a crash in bufferization.
      "func.func(convert-qc-to-linalg{report-unconverted=true}),"
      // The C entry point first, so that inlining the model into it lets
      // bufferization write each output's last op straight into the caller's
      // buffer.
      "qc-generate-model-entry,inline,symbol-dce,canonicalize,cse,"
      "func.func(linalg-fuse-elementwise-ops),"
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map},"
      "buffer-deallocation-pipeline,convert-bufferization-to-memref,canonicalize,"
      "func.func(qc-memref-copy-to-linalg),"
      // Integer powers (math.ipowi) have no LLVM lowering: outlined loops.
      "func.func(convert-linalg-to-loops),convert-math-to-funcs,convert-scf-to-cf,"
      "expand-strided-metadata,"
      "lower-affine,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,"
      // Buffers come from the runtime's caching allocator (model_memory.c),
      // not straight from malloc.
      "finalize-memref-to-llvm{use-generic-functions=true use-aligned-alloc=true},convert-func-to-llvm,convert-cf-to-llvm,"
      "reconcile-unrealized-casts";
  return text;
}

void buildQCToLLVMPipeline(OpPassManager &pm, const QCToLLVMPipelineOptions &options) {
  // The pipeline is kept as text so that `quantc compile -v` and the docs
  // show exactly what quantc-opt would run; every name in it is registered
  // by registerAllPasses and quantc's own registrations, done here once so that
  // every tool building the pipeline parses it.
  static std::once_flag registered;
  std::call_once(registered, [] {
    registerAllPasses();
    registerQCConversionPasses();
    registerQCTransformsPasses();
  });
  std::string text = getQCToLLVMPipelineText(options);
  if (failed(parsePassPipeline(text, pm)))
    llvm::report_fatal_error(llvm::formatv("qc-to-llvm-pipeline does not parse: {0}", text));
}

void registerQCPipelines() {
  PassPipelineRegistration<QCToLLVMPipelineOptions>(
      "qc-to-llvm-pipeline",
      "Lower an imported qc module to the LLVM dialect: runtime calls for the heavy ops, "
      "linalg for the rest, bufferization, loops, and the model's C entry point",
      buildQCToLLVMPipeline);
}

} // namespace mlir::qc
