//===- ModelLoader.h - parse and check an ONNX model ------------*- C++ -*-===//
//
// Everything that calls libonnx lives behind this interface, in the one
// translation unit built with exceptions: libonnx throws, LLVM does not catch.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_LIB_IMPORT_ONNX_MODELLOADER_H
#define QUANTC_LIB_IMPORT_ONNX_MODELLOADER_H

#include "quantc/Import/ONNX.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

namespace mlir::qc::onnx_import {

/// A model ready to turn into IR: parsed, validated, external data read in,
/// static input shapes applied and nodes in topological order.
struct LoadedModel {
  onnx::ModelProto model;
  /// Opset of the default ONNX domain.
  int64_t opset = 0;
  /// Indices into model.graph().node() in an order where producers come first.
  std::vector<int> nodeOrder;
  /// For each node (by proto index), the since_version of the schema that
  /// applies at `opset`, or 0 if ONNX has no schema for it.
  std::vector<int> nodeVersions;
};

/// Says why quantc cannot import `node` at schema version `version`, or
/// returns an empty string if it can.
using NodeSupportCheck =
    llvm::function_ref<std::string(const onnx::NodeProto &node, int version)>;

/// Whether `domain` names the default ONNX operator set ("" or "ai.onnx").
bool isDefaultDomain(const std::string &domain);

/// The name diagnostics and locations give `node`: its own name, else its
/// first output (exporters often leave node names empty), else its op type.
std::string getNodeDisplayName(const onnx::NodeProto &node);

/// "ONNX node 'NAME' (OpType, opset N)": how every error about a node starts.
std::string describeNode(const onnx::NodeProto &node, int64_t opset);

/// Loads `content` or returns an error message. Messages name the ONNX node
/// where one is at fault. Unsupported nodes are reported before libonnx's
/// checker runs.
bool loadModel(llvm::StringRef content, const ONNXImportOptions &options,
               NodeSupportCheck checkNode, LoadedModel &result, std::string &error);

} // namespace mlir::qc::onnx_import

#endif // QUANTC_LIB_IMPORT_ONNX_MODELLOADER_H
