//===- Pipelines.h - quantc's named pass pipelines --------------*- C++ -*-===//
//
// The pipelines the `quantc` driver runs, registered under the same names in
// quantc-opt, so that anything the driver does can be reproduced there.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_PIPELINES_PIPELINES_H
#define QUANTC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::qc {

struct QCToLLVMPipelineOptions : public PassPipelineOptions<QCToLLVMPipelineOptions> {
  PassOptions::Option<std::string> target{
      *this, "target",
      llvm::cl::desc("Architecture the code is for: x86_64 or aarch64 (the LLVM IR this "
                     "pipeline ends with is target independent until the driver picks a "
                     "TargetMachine; the option decides which runtime kernels exist)"),
      llvm::cl::init("x86_64")};
  PassOptions::Option<bool> runtimeCalls{
      *this, "runtime-calls",
      llvm::cl::desc("Lower Conv, Gemm and MatMul to calls of the runtime's kernels; "
                     "false keeps them as portable linalg contractions"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> winogradInt8{
      *this, "winograd-int8",
      llvm::cl::desc("On x86_64, run int8 3x3 stride-1 convolutions with at least 32 "
                     "channels by the exact Winograd kernel (qc-pack-weights' winograd): "
                     "faster without VNNI, 3.6x their packed weight bytes"),
      llvm::cl::init(true)};
};

/// Appends qc-to-llvm-pipeline: a module of qc ops (the importer's output)
/// to the LLVM dialect, with the model's C entry point and descriptor.
void buildQCToLLVMPipeline(OpPassManager &pm, const QCToLLVMPipelineOptions &options);

/// The pipeline's passes, as they go inside quantc-opt's
/// --pass-pipeline='builtin.module(...)'.
std::string getQCToLLVMPipelineText(const QCToLLVMPipelineOptions &options);

/// Registers the named pipelines with the pass registry (quantc-opt).
void registerQCPipelines();

} // namespace mlir::qc

#endif // QUANTC_PIPELINES_PIPELINES_H
