//===- TensorFileFuzzer.cpp - libFuzzer over the runner's tensor readers --===//
//
// Tensor files given to quantc-runner may be hostile: any byte string must
// parse or fail with a message, as NPY and as a TensorProto, without a crash,
// a sanitizer report, or an allocation beyond what the bytes justify.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"
#include "TensorProto.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  quantc::runner::Tensor npy, proto;
  (void)quantc::runner::parseNpy(data, size, npy);
  (void)quantc::runner::parseTensorProto(data, size, proto);
  return 0;
}
