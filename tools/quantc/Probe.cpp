//===- Probe.cpp - run a model with inner tensors as outputs --------------===//

#include "Probe.h"

#include "CalibrationData.h"
#include "Driver.h"
#include "Model.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace quantc {
namespace {

/// A bar on stderr, redrawn in place; silent when stderr is not a terminal.
class ProgressBar {
public:
  ProgressBar(llvm::StringRef task, size_t total)
      : task_(task), total_(total), enabled_(llvm::sys::Process::StandardErrIsDisplayed()) {}
  ~ProgressBar() {
    if (enabled_ && drawn_)
      llvm::errs() << "\n";
  }

  void update(size_t done) {
    if (!enabled_)
      return;
    constexpr size_t kWidth = 40;
    size_t filled = total_ ? done * kWidth / total_ : kWidth;
    llvm::errs() << "\r" << task_ << " [" << std::string(filled, '#')
                 << std::string(kWidth - filled, '.') << "] " << done << "/" << total_;
    llvm::errs().flush();
    drawn_ = true;
  }

private:
  std::string task_;
  size_t total_;
  bool enabled_;
  bool drawn_ = false;
};

/// reportError for the functions here that return success as a bool.
bool failWith(const llvm::Twine &message) {
  reportError(message);
  return false;
}

/// A copy of `module` whose function also returns `extraOutputs` (values of
/// that function), after its own results.
mlir::OwningOpRef<mlir::ModuleOp> makeProbeModule(mlir::ModuleOp module, mlir::func::FuncOp func,
                                                  llvm::ArrayRef<mlir::Value> extraOutputs) {
  mlir::IRMapping mapping;
  auto probe = llvm::cast<mlir::ModuleOp>(module->clone(mapping));
  auto probeFunc = probe.lookupSymbol<mlir::func::FuncOp>(func.getSymName());
  mlir::Operation *terminator = probeFunc.getBody().front().getTerminator();
  llvm::SmallVector<mlir::Value> results(terminator->getOperands());
  mlir::MLIRContext *context = module.getContext();
  for (auto [index, value] : llvm::enumerate(extraOutputs)) {
    unsigned position = results.size();
    results.push_back(mapping.lookup(value));
    auto name = mlir::StringAttr::get(context, "qc_probe_" + std::to_string(index));
    (void)probeFunc.insertResult(
        position, value.getType(),
        mlir::DictionaryAttr::get(context, {mlir::NamedAttribute("qc.name", name)}));
  }
  terminator->setOperands(results);
  return probe;
}

} // namespace

bool runProbe(mlir::ModuleOp module, llvm::ArrayRef<mlir::Value> tensors,
              const ProbeSamples &samples, llvm::StringRef task, CompileForHostFn compileForHost,
              llvm::function_ref<void(llvm::ArrayRef<runner::Tensor> sample,
                                      llvm::ArrayRef<ProbedTensor> tensors)>
                  onSample) {
  auto funcs = module.getOps<mlir::func::FuncOp>();
  if (!llvm::hasSingleElement(funcs))
    return failWith("a probe needs a model with one function");
  mlir::func::FuncOp func = *funcs.begin();
  unsigned modelOutputs = func.getNumResults();
  mlir::OwningOpRef<mlir::ModuleOp> probe = makeProbeModule(module, func, tensors);

  llvm::SmallString<128> dir;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("quantc-probe", dir))
    return failWith("cannot create a temporary directory: " + ec.message());
  llvm::scope_exit removeDir([&] { llvm::sys::fs::remove_directories(dir); });
  llvm::SmallString<128> libraryPath(dir);
  llvm::sys::path::append(libraryPath, "probe.so");
  if (!compileForHost(*probe, libraryPath))
    return false;

  runner::LoadedModel model;
  runner::Status status = model.load(libraryPath.str().str());
  if (status.failed())
    return failWith(status.message());
  const qc_model_desc &desc = model.desc();
  std::vector<CalibrationSample> inputs;
  std::string error;
  if (!loadCalibrationSamples(samples.data,
                              llvm::ArrayRef(desc.inputs, size_t(std::max(desc.num_inputs, 0))),
                              samples.limit, inputs, error))
    return failWith(error);

  std::vector<runner::ByteBuffer> buffers(desc.num_outputs);
  std::vector<void *> outputPointers;
  for (int32_t i = 0; i < desc.num_outputs; ++i) {
    if (buffers[i].allocate(runner::tensorByteSize(desc.outputs[i])).failed())
      return failWith("out of memory for the outputs of " + task);
    outputPointers.push_back(buffers[i].data());
  }
  std::vector<ProbedTensor> probed(tensors.size());
  for (size_t k = 0; k < tensors.size(); ++k) {
    const qc_tensor_desc &output = desc.outputs[modelOutputs + k];
    if (output.elem_type == QC_DTYPE_FLOAT32)
      probed[k] = {reinterpret_cast<const float *>(outputPointers[modelOutputs + k]),
                   runner::tensorByteSize(output) / sizeof(float)};
  }
  ProgressBar progress(task, inputs.size());
  std::vector<const void *> inputPointers(size_t(desc.num_inputs));
  for (size_t s = 0; s < inputs.size(); ++s) {
    for (auto [pointer, tensor] : llvm::zip_equal(inputPointers, inputs[s]))
      pointer = tensor.bytes.data();
    status = model.run(inputPointers.data(), outputPointers.data());
    if (status.failed())
      return failWith(status.message());
    onSample(inputs[s], probed);
    progress.update(s + 1);
  }
  return true;
}

} // namespace quantc
