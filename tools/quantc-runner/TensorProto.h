//===- TensorProto.h - a serialized onnx.TensorProto ------------*- C++ -*-===//
//
// The .pb files of the ONNX backend tests (test_data_set_N/input_0.pb) hold
// one serialized TensorProto. The runner decodes the protobuf wire format
// itself, for the handful of fields a dense tensor uses, so that it needs
// neither libprotobuf nor libonnx and cross-builds with the runtime.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_RUNNER_TENSORPROTO_H
#define QUANTC_RUNNER_TENSORPROTO_H

#include "Status.h"
#include "Tensor.h"

#include <cstddef>
#include <cstdint>

namespace quantc::runner {

/// Decodes dims (1), data_type (2) and the data: raw_data (9), or the typed
/// field ONNX assigns to the data type: float_data (4), int32_data (5, which
/// also carries int8, uint8, int16, uint16, bool and float16 bit patterns),
/// int64_data (7), double_data (10), uint64_data (11, also uint32). Repeated
/// fields may be packed or not. Other fields (name, doc_string, ...) are
/// skipped; external data and segments are refused. Every length is checked
/// against `size`, and typed values against the range of their type.
Status parseTensorProto(const uint8_t *data, size_t size, Tensor &tensor);

} // namespace quantc::runner

#endif // QUANTC_RUNNER_TENSORPROTO_H
