//===- QuantPolicy.cpp - the per-node quantization policy file ------------===//

#include "quantc/Dialect/QC/Transforms/QuantPolicy.h"

#include "quantc/Dialect/QC/IR/QCDialect.h"

#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mlir::qc;

namespace {

/// Reads one node's entry; false with `error` set on a bad key or value.
bool parseNodeEntry(const llvm::json::Object &entry, NodeQuantPolicy &node, std::string &error) {
  for (const auto &[key, value] : entry) {
    if (key == "bits") {
      std::optional<int64_t> bits = value.getAsInteger();
      if (!bits || *bits < 2 || *bits > 8) {
        error = "bits must be an integer in [2, 8]";
        return false;
      }
      node.bits = unsigned(*bits);
    } else if (key == "granularity") {
      std::optional<llvm::StringRef> text = value.getAsString();
      if (text && *text == "per_tensor")
        node.granularity = WeightGranularity::PerTensor;
      else if (text && *text == "per_channel")
        node.granularity = WeightGranularity::PerChannel;
      else if (text && *text == "per_group")
        node.granularity = WeightGranularity::PerGroup;
      else {
        error = "granularity must be \"per_tensor\", \"per_channel\" or \"per_group\"";
        return false;
      }
    } else if (key == "group_size") {
      std::optional<int64_t> size = value.getAsInteger();
      if (!size || *size < 1) {
        error = "group_size must be a positive integer";
        return false;
      }
      node.groupSize = *size;
    } else if (key == "calibration") {
      std::optional<llvm::StringRef> text = value.getAsString();
      quantc::calibration::Method method;
      if (!text) {
        error = "calibration must be a string (minmax, percentile:P, mse or entropy)";
        return false;
      }
      if (!quantc::calibration::Method::parse(text->str(), method, error))
        return false;
      node.calibration = method;
    } else if (key == "keep_float") {
      std::optional<bool> keep = value.getAsBoolean();
      if (!keep) {
        error = "keep_float must be true or false";
        return false;
      }
      node.keepFloat = *keep;
    } else {
      error = "unknown key '" + key.str() +
              "' (expected bits, granularity, group_size, calibration or keep_float)";
      return false;
    }
  }
  bool perGroup = node.granularity == WeightGranularity::PerGroup;
  if (perGroup != node.groupSize.has_value()) {
    error = perGroup ? "granularity \"per_group\" needs a group_size"
                     : "group_size needs granularity \"per_group\"";
    return false;
  }
  return true;
}

} // namespace

std::optional<QuantPolicy> mlir::qc::parseQuantPolicy(llvm::StringRef text,
                                                      llvm::StringRef fileName,
                                                      std::string &error) {
  std::string prefix = "policy file '" + fileName.str() + "'";
  llvm::Expected<llvm::json::Value> document = llvm::json::parse(text);
  if (!document) {
    error = prefix + " does not parse: " + llvm::toString(document.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *root = document->getAsObject();
  if (!root) {
    error = prefix + ": expected an object {\"nodes\": {...}}";
    return std::nullopt;
  }
  QuantPolicy policy;
  for (const auto &[key, value] : *root) {
    if (key != "nodes") {
      error = prefix + ": unknown key '" + key.str() + "' at the top level (expected \"nodes\")";
      return std::nullopt;
    }
    const llvm::json::Object *nodes = value.getAsObject();
    if (!nodes) {
      error = prefix + ": \"nodes\" must be an object mapping ONNX node names to settings";
      return std::nullopt;
    }
    for (const auto &[name, entry] : *nodes) {
      std::string nodePrefix = prefix + ": node '" + name.str() + "': ";
      const llvm::json::Object *settings = entry.getAsObject();
      if (!settings) {
        error = nodePrefix + "expected an object of settings";
        return std::nullopt;
      }
      NodeQuantPolicy node;
      if (!parseNodeEntry(*settings, node, error)) {
        error = nodePrefix + error;
        return std::nullopt;
      }
      policy.nodes[name.str()] = node;
    }
  }
  return policy;
}

std::optional<QuantPolicy> mlir::qc::readQuantPolicyFile(llvm::StringRef path,
                                                         std::string &error) {
  if (path.empty())
    return QuantPolicy();
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    error = "cannot read policy file '" + path.str() + "': " + buffer.getError().message();
    return std::nullopt;
  }
  return parseQuantPolicy((*buffer)->getBuffer(), path, error);
}

SmallVector<std::string> mlir::qc::getPolicyNodeNames(Operation *op) {
  SmallVector<std::string> names;
  std::string joined = getONNXNodeName(op->getLoc());
  if (!joined.empty())
    names.push_back(joined);
  if (auto fused = dyn_cast<FusedLoc>(op->getLoc()))
    for (Location part : fused.getLocations()) {
      std::string name = getONNXNodeName(part);
      if (!name.empty() && name != joined)
        names.push_back(name);
    }
  return names;
}

const NodeQuantPolicy *mlir::qc::findNodePolicy(const QuantPolicy &policy, Operation *op) {
  for (const std::string &name : getPolicyNodeNames(op)) {
    auto it = policy.nodes.find(name);
    if (it != policy.nodes.end())
      return &it->second;
  }
  return nullptr;
}
