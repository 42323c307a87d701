//===- Probe.h - run a model with inner tensors as outputs ------*- C++ -*-===//
//
// One code path for all execution: to look at a model's inner tensors on the
// calibration samples, quantc compiles a "probe" copy of the model whose
// function also returns those tensors, with its own pipeline for the host,
// loads it with dlopen and runs it through the model C API (ModelAPI.h).
// Calibration records ranges this way; the quantization report (--report)
// measures the quantized model against the float one.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TOOLS_QUANTC_PROBE_H
#define QUANTC_TOOLS_QUANTC_PROBE_H

#include "Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <string>

namespace quantc {

/// Lowers a module to a host shared library at a path; false after
/// reporting.
using CompileForHostFn = llvm::function_ref<bool(mlir::ModuleOp, llvm::StringRef)>;

/// The value of one probed tensor on one sample: `count` floats, or null
/// `values` when the tensor is not float32.
struct ProbedTensor {
  const float *values = nullptr;
  size_t count = 0;
};

/// Where the samples come from: --calib-data and --calib-samples.
struct ProbeSamples {
  std::string data;
  size_t limit = 0;
};

/// Compiles a copy of `module` (one function) whose function also returns
/// `tensors` (op results of that function), and runs it on each sample;
/// `onSample` gets the sample (a tensor per model input, in the function's
/// argument order) and the tensors' values, in the order of `tensors`. A
/// progress bar labelled `task` is drawn on a terminal. False after
/// reporting an error.
bool runProbe(mlir::ModuleOp module, llvm::ArrayRef<mlir::Value> tensors,
              const ProbeSamples &samples, llvm::StringRef task, CompileForHostFn compileForHost,
              llvm::function_ref<void(llvm::ArrayRef<runner::Tensor> sample,
                                      llvm::ArrayRef<ProbedTensor> tensors)>
                  onSample);

} // namespace quantc

#endif // QUANTC_TOOLS_QUANTC_PROBE_H
