//===- Calibrate.h - record activation ranges for quantization --*- C++ -*-===//

#ifndef QUANTC_TOOLS_QUANTC_CALIBRATE_H
#define QUANTC_TOOLS_QUANTC_CALIBRATE_H

#include "Probe.h"

#include "quantc/Calibration/Calibration.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace quantc {

struct CalibrationOptions {
  std::string data;  // --calib-data: DIR, FILE.npz or idx:PATH
  size_t samples = 0; // --calib-samples; 0: all, up to 500
  calibration::Method method;
  std::vector<std::string> keepFloat;
  std::string policyPath;
  /// s8 symmetric activations (AArch64, AMX) instead of u8 asymmetric.
  bool signedActivations = false;
  bool verbose = false;
};

/// Runs the float model `module` (imported and canonicalized) on the
/// calibration samples and attaches the range of every tensor
/// qc-insert-fake-quant will read: `qc.ranges` on ops, `qc.range` on the
/// graph input. `compileForHost` lowers a module to a host shared library.
/// False after reporting an error.
bool calibrateModel(mlir::ModuleOp module, const CalibrationOptions &options,
                    CompileForHostFn compileForHost);

} // namespace quantc

#endif // QUANTC_TOOLS_QUANTC_CALIBRATE_H
