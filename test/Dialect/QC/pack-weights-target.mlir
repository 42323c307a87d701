// RUN: quantc-opt %s --qc-pack-weights=target=riscv64 -verify-diagnostics

// qc-pack-weights knows the kernels of x86-64 and AArch64 only.
// expected-error @below {{qc-pack-weights: unknown target "riscv64" (x86_64 or aarch64)}}
func.func @unknown_target() {
  return
}
