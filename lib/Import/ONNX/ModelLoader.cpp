//===- ModelLoader.cpp - parse and check an ONNX model --------------------===//
//
// Built with -fexceptions: every libonnx call is wrapped here and its
// exceptions become error messages. The checks before libonnx runs are ours,
// because hostile models must fail cleanly, and libonnx trusts a few things
// (defined names, acyclic graphs, sane dims) that a crafted file need not give
// it. libonnx's shape inference is not used at all: it reads out of bounds on
// malformed nodes; qc ops infer shapes themselves (GraphImporter.cpp).
//
//===----------------------------------------------------------------------===//

#include "ModelLoader.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <onnx/checker.h>
#include <onnx/defs/parser.h>
#include <onnx/defs/schema.h>

#include <functional>
#include <limits>
#include <map>
#include <queue>

namespace mlir::qc::onnx_import {
namespace {

constexpr int64_t kMinOpset = 7;
constexpr int64_t kMaxOpset = 17;
// Bounds that no real model reaches and that keep a crafted one from making
// us allocate or loop without limit.
constexpr int64_t kMaxDimension = int64_t(1) << 31;
constexpr int64_t kMaxElements = int64_t(1) << 34;
constexpr int kMaxAttributeListLength = 1 << 20;
constexpr int kMaxNodes = 1 << 20;

/// Collects one error message; the first one wins.
struct LoadError {
  std::string message;
  bool fail(std::string text) {
    if (message.empty())
      message = std::move(text);
    return false;
  }
};

/// ONNX text starts with '<' (the model header) after blanks and '#' comments.
bool looksLikeText(llvm::StringRef content) {
  while (!content.empty()) {
    content = content.ltrim();
    if (content.starts_with("#")) {
      content = content.drop_until([](char c) { return c == '\n'; });
      continue;
    }
    return content.starts_with("<");
  }
  return false;
}

int elementByteWidth(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::UINT32:
    return 4;
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::BOOL:
    return 1;
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    return 2;
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::UINT64:
  case onnx::TensorProto::DOUBLE:
    return 8;
  default:
    return 0;
  }
}

/// Element count of `dims`, or -1 if a dim is negative or the count is absurd.
int64_t checkedElementCount(const google::protobuf::RepeatedField<int64_t> &dims) {
  int64_t count = 1;
  for (int64_t d : dims) {
    if (d < 0 || d > kMaxDimension)
      return -1;
    count *= d;
    if (count > kMaxElements)
      return -1;
  }
  return count;
}

google::protobuf::RepeatedField<int64_t> dimValues(const onnx::TensorShapeProto &shape) {
  google::protobuf::RepeatedField<int64_t> dims;
  for (const onnx::TensorShapeProto_Dimension &dim : shape.dim())
    dims.Add(dim.dim_value());
  return dims;
}

class Loader {
public:
  Loader(const ONNXImportOptions &options, NodeSupportCheck checkNode,
         LoadedModel &result)
      : options(options), checkNode(checkNode), result(result), model(result.model) {}

  bool load(llvm::StringRef content) {
    return parse(content) && checkHeader() && checkGraphStructure() &&
           readExternalData() && applyInputShapes() && resolveNodeVersions() &&
           checkNodesSupported() && runChecker() && canonicalizeConstants();
  }

  std::string takeError() { return std::move(error.message); }

private:
  bool parse(llvm::StringRef content) {
    if (looksLikeText(content)) {
      std::string text = content.str();
      try {
        onnx::Common::Status status = onnx::OnnxParser::Parse(model, text.c_str());
        if (!status.IsOK())
          return error.fail("invalid ONNX text: " + status.ErrorMessage());
      } catch (const std::exception &e) {
        return error.fail(std::string("invalid ONNX text: ") + e.what());
      }
      return true;
    }
    if (content.size() > static_cast<size_t>(std::numeric_limits<int>::max()))
      return error.fail("model file is larger than 2 GiB; store weights as external data");
    if (!model.ParseFromArray(content.data(), static_cast<int>(content.size())))
      return error.fail("not a valid ONNX model: the protobuf does not parse");
    return true;
  }

  bool checkHeader() {
    if (!model.has_graph())
      return error.fail("the model has no graph");
    bool found = false;
    for (const onnx::OperatorSetIdProto &opset : model.opset_import()) {
      if (isDefaultDomain(opset.domain())) {
        result.opset = opset.version();
        found = true;
      }
    }
    if (!found)
      return error.fail("the model imports no opset of the default ONNX domain");
    if (result.opset < kMinOpset || result.opset > kMaxOpset)
      return error.fail("the model uses ONNX opset " + std::to_string(result.opset) +
                        "; quantc supports opsets " + std::to_string(kMinOpset) + " to " +
                        std::to_string(kMaxOpset));
    if (model.graph().node_size() > kMaxNodes)
      return error.fail("the graph has more than " + std::to_string(kMaxNodes) + " nodes");
    return true;
  }

  bool checkTensorShape(const onnx::TensorProto &tensor, llvm::StringRef what) {
    int64_t count = checkedElementCount(tensor.dims());
    if (count < 0)
      return error.fail(what.str() + " '" + tensor.name() +
                        "' has a negative or oversized dimension");
    int width = elementByteWidth(tensor.data_type());
    if (width == 0)
      return error.fail(what.str() + " '" + tensor.name() + "' has unsupported element type " +
                        std::to_string(tensor.data_type()));
    return true;
  }

  bool checkAttributes(const onnx::NodeProto &node) {
    for (const onnx::AttributeProto &attr : node.attribute()) {
      if (attr.ints_size() > kMaxAttributeListLength ||
          attr.floats_size() > kMaxAttributeListLength ||
          attr.strings_size() > kMaxAttributeListLength ||
          attr.tensors_size() > kMaxAttributeListLength)
        return error.fail(describeNode(node, result.opset) + ": attribute '" + attr.name() +
                          "' has more than " + std::to_string(kMaxAttributeListLength) +
                          " entries");
      if (attr.has_g() || attr.graphs_size() > 0)
        return error.fail(describeNode(node, result.opset) + ": attribute '" + attr.name() +
                          "' holds a subgraph; control flow is not supported");
      if (attr.has_t() && !checkTensorShape(attr.t(), "tensor attribute"))
        return false;
    }
    return true;
  }

  /// Every input defined once before use, no cycles; computes nodeOrder.
  bool checkGraphStructure() {
    const onnx::GraphProto &graph = model.graph();
    llvm::StringSet<> defined;
    for (const onnx::TensorProto &init : graph.initializer()) {
      if (!checkTensorShape(init, "initializer"))
        return false;
      defined.insert(init.name());
    }
    for (const onnx::ValueInfoProto &input : graph.input())
      defined.insert(input.name());
    if (graph.sparse_initializer_size() > 0)
      return error.fail("sparse initializers are not supported");

    // Producer of each value, then Kahn's algorithm over node indices.
    std::map<std::string, int> producer;
    for (int i = 0; i < graph.node_size(); ++i) {
      const onnx::NodeProto &node = graph.node(i);
      if (!checkAttributes(node))
        return false;
      for (const std::string &out : node.output()) {
        if (out.empty())
          continue;
        if (defined.contains(out) || !producer.emplace(out, i).second)
          return error.fail(describeNode(node, result.opset) + ": value '" + out +
                            "' is defined more than once");
      }
    }
    std::vector<int> pending(graph.node_size(), 0);
    std::vector<std::vector<int>> consumers(graph.node_size());
    for (int i = 0; i < graph.node_size(); ++i) {
      const onnx::NodeProto &node = graph.node(i);
      for (const std::string &in : node.input()) {
        if (in.empty() || defined.contains(in))
          continue;
        auto it = producer.find(in);
        if (it == producer.end())
          return error.fail(describeNode(node, result.opset) + ": input '" + in +
                            "' is not a graph input, an initializer or a node output");
        ++pending[i];
        consumers[it->second].push_back(i);
      }
    }
    // Always taking the lowest ready index keeps the model's own node order
    // whenever it is already topological, so the IR reads like the model.
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (int i = 0; i < graph.node_size(); ++i)
      if (pending[i] == 0)
        ready.push(i);
    while (!ready.empty()) {
      int i = ready.top();
      ready.pop();
      result.nodeOrder.push_back(i);
      for (int consumer : consumers[i])
        if (--pending[consumer] == 0)
          ready.push(consumer);
    }
    if (static_cast<int>(result.nodeOrder.size()) != graph.node_size()) {
      for (int i = 0; i < graph.node_size(); ++i)
        if (pending[i] > 0)
          return error.fail(describeNode(graph.node(i), result.opset) + " is part of a cycle");
    }
    for (const onnx::ValueInfoProto &output : graph.output())
      if (!defined.contains(output.name()) && !producer.count(output.name()))
        return error.fail("graph output '" + output.name() + "' is never computed");
    return true;
  }

  bool failOutsideModelDirectory(const onnx::TensorProto &tensor, const std::string &location) {
    return error.fail("initializer '" + tensor.name() + "': external data location '" +
                      location + "' is outside the model's directory");
  }

  /// Reads external tensor data into raw_data, refusing any location that
  /// resolves outside the model's directory.
  bool readExternalData() {
    for (onnx::TensorProto &tensor : *model.mutable_graph()->mutable_initializer()) {
      if (tensor.data_location() != onnx::TensorProto::EXTERNAL)
        continue;
      std::string location;
      int64_t offset = 0, length = -1;
      for (const onnx::StringStringEntryProto &entry : tensor.external_data()) {
        if (entry.key() == "location")
          location = entry.value();
        else if ((entry.key() == "offset" &&
                  !llvm::to_integer(entry.value(), offset, 10)) ||
                 (entry.key() == "length" && !llvm::to_integer(entry.value(), length, 10)))
          return error.fail("initializer '" + tensor.name() + "': bad external data " +
                            entry.key() + " '" + entry.value() + "'");
      }
      if (location.empty() || llvm::sys::path::is_absolute(location))
        return error.fail("initializer '" + tensor.name() +
                          "': external data location must be a relative path");
      // Rejected before touching the file system, so that the answer does not
      // depend on (or reveal) what exists outside; real_path below still
      // catches symbolic links that lead out.
      llvm::SmallString<256> normalized(location);
      llvm::sys::path::remove_dots(normalized, /*remove_dot_dot=*/true);
      if (*llvm::sys::path::begin(normalized) == "..")
        return failOutsideModelDirectory(tensor, location);
      llvm::SmallString<256> dir, path;
      if (llvm::sys::fs::real_path(options.externalDataDir.empty() ? "." : options.externalDataDir, dir))
        return error.fail("cannot resolve the model directory for external data");
      llvm::SmallString<256> joined(dir);
      llvm::sys::path::append(joined, location);
      if (llvm::sys::fs::real_path(joined, path))
        return error.fail("initializer '" + tensor.name() + "': external data file '" +
                          location + "' not found");
      if (!llvm::StringRef(path).starts_with((dir + "/").str()))
        return failOutsideModelDirectory(tensor, location);
      int64_t expected = checkedElementCount(tensor.dims()) * elementByteWidth(tensor.data_type());
      if (length >= 0 && length != expected)
        return error.fail("initializer '" + tensor.name() + "': external data length " +
                          std::to_string(length) + " does not match its shape (" +
                          std::to_string(expected) + " bytes)");
      auto buffer = llvm::MemoryBuffer::getFileSlice(path, expected, offset);
      if (!buffer || offset < 0 ||
          static_cast<int64_t>((*buffer)->getBufferSize()) != expected)
        return error.fail("initializer '" + tensor.name() + "': cannot read " +
                          std::to_string(expected) + " bytes at offset " +
                          std::to_string(offset) + " of '" + location + "'");
      tensor.set_raw_data((*buffer)->getBufferStart(), expected);
      tensor.clear_external_data();
      tensor.set_data_location(onnx::TensorProto::DEFAULT);
    }
    return true;
  }

  /// Fixes every graph input's shape: from --input-shape, or as declared if
  /// the declaration is fully static.
  bool applyInputShapes() {
    onnx::GraphProto &graph = *model.mutable_graph();
    llvm::StringSet<> initializers;
    for (const onnx::TensorProto &init : graph.initializer())
      initializers.insert(init.name());
    llvm::StringSet<> inputNames;
    for (onnx::ValueInfoProto &input : *graph.mutable_input()) {
      inputNames.insert(input.name());
      if (initializers.contains(input.name()))
        continue;
      if (!input.type().has_tensor_type())
        return error.fail("graph input '" + input.name() + "' is not a tensor");
      onnx::TypeProto_Tensor &tensorType = *input.mutable_type()->mutable_tensor_type();
      auto override = options.inputShapes.find(input.name());
      if (override != options.inputShapes.end()) {
        const llvm::SmallVector<int64_t> &dims = override->second;
        if (tensorType.has_shape() && tensorType.shape().dim_size() != static_cast<int>(dims.size()))
          return error.fail("--input-shape gives " + std::to_string(dims.size()) +
                            " dimensions for input '" + input.name() + "' of rank " +
                            std::to_string(tensorType.shape().dim_size()));
        tensorType.clear_shape();
        for (int64_t d : dims)
          tensorType.mutable_shape()->add_dim()->set_dim_value(d);
      }
      if (!tensorType.has_shape())
        return error.fail("graph input '" + input.name() +
                          "' has no shape; pass --input-shape " + input.name() + "=DxDx...");
      for (int i = 0; i < tensorType.shape().dim_size(); ++i) {
        const onnx::TensorShapeProto_Dimension &dim = tensorType.shape().dim(i);
        if (!dim.has_dim_value())
          return error.fail("graph input '" + input.name() + "' has symbolic dimension " +
                            std::to_string(i) +
                            (dim.dim_param().empty() ? "" : " ('" + dim.dim_param() + "')") +
                            "; pass --input-shape " + input.name() + "=DxDx...");
        if (dim.dim_value() < 0 || dim.dim_value() > kMaxDimension)
          return error.fail("graph input '" + input.name() + "' has invalid dimension " +
                            std::to_string(dim.dim_value()));
      }
      if (checkedElementCount(dimValues(tensorType.shape())) < 0)
        return error.fail("graph input '" + input.name() + "' has more than 2^34 elements");
    }
    for (const auto &entry : options.inputShapes)
      if (!inputNames.contains(entry.getKey()))
        return error.fail("--input-shape names '" + entry.getKey().str() +
                          "', which is not a graph input");
    return true;
  }

  bool resolveNodeVersions() {
    const onnx::GraphProto &graph = model.graph();
    result.nodeVersions.assign(graph.node_size(), 0);
    try {
      for (int i = 0; i < graph.node_size(); ++i) {
        const onnx::NodeProto &node = graph.node(i);
        const onnx::OpSchema *schema = onnx::OpSchemaRegistry::Schema(
            node.op_type(), static_cast<int>(result.opset), node.domain());
        if (schema)
          result.nodeVersions[i] = schema->since_version();
      }
    } catch (const std::exception &e) {
      return error.fail(std::string("ONNX schema lookup failed: ") + e.what());
    }
    return true;
  }

  bool checkNodesSupported() {
    const onnx::GraphProto &graph = model.graph();
    for (int i = 0; i < graph.node_size(); ++i) {
      std::string why = checkNode(graph.node(i), result.nodeVersions[i]);
      if (!why.empty())
        return error.fail(describeNode(graph.node(i), result.opset) + ": " + why);
    }
    return true;
  }

  bool runChecker() {
    try {
      onnx::checker::check_model(model);
    } catch (const std::exception &e) {
      return error.fail(std::string("the ONNX checker rejects the model: ") + e.what());
    }
    return true;
  }

  /// Rewrites Constant's value_float(s) and value_int(s) forms into the
  /// equivalent `value` tensor, so that the importer converts one form only.
  /// Every constant tensor is named after its output, so that its weight blob
  /// is named like an initializer's.
  bool canonicalizeConstants() {
    for (onnx::NodeProto &node : *model.mutable_graph()->mutable_node()) {
      if (node.op_type() != "Constant" || !isDefaultDomain(node.domain()) ||
          node.attribute_size() != 1 || node.output_size() != 1)
        continue;
      onnx::AttributeProto &attr = *node.mutable_attribute(0);
      const std::string &form = attr.name();
      if (form == "value") {
        if (attr.t().name().empty())
          attr.mutable_t()->set_name(node.output(0));
        continue;
      }
      onnx::TensorProto tensor;
      if (form == "value_float") {
        tensor.set_data_type(onnx::TensorProto::FLOAT);
        tensor.add_float_data(attr.f());
      } else if (form == "value_floats") {
        tensor.set_data_type(onnx::TensorProto::FLOAT);
        tensor.add_dims(attr.floats_size());
        *tensor.mutable_float_data() = attr.floats();
      } else if (form == "value_int") {
        tensor.set_data_type(onnx::TensorProto::INT64);
        tensor.add_int64_data(attr.i());
      } else if (form == "value_ints") {
        tensor.set_data_type(onnx::TensorProto::INT64);
        tensor.add_dims(attr.ints_size());
        *tensor.mutable_int64_data() = attr.ints();
      } else {
        continue;
      }
      tensor.set_name(node.output(0));
      attr.Clear();
      attr.set_name("value");
      attr.set_type(onnx::AttributeProto::TENSOR);
      *attr.mutable_t() = std::move(tensor);
    }
    return true;
  }

  const ONNXImportOptions &options;
  NodeSupportCheck checkNode;
  LoadedModel &result;
  onnx::ModelProto &model;
  LoadError error;
};

} // namespace

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

std::string getNodeDisplayName(const onnx::NodeProto &node) {
  if (!node.name().empty())
    return node.name();
  return node.output_size() > 0 && !node.output(0).empty() ? node.output(0)
                                                            : node.op_type();
}

std::string describeNode(const onnx::NodeProto &node, int64_t opset) {
  return "ONNX node '" + getNodeDisplayName(node) + "' (" + node.op_type() + ", opset " +
         std::to_string(opset) + ")";
}

bool loadModel(llvm::StringRef content, const ONNXImportOptions &options,
               NodeSupportCheck checkNode, LoadedModel &result, std::string &error) {
  Loader loader(options, checkNode, result);
  if (loader.load(content))
    return true;
  error = loader.takeError();
  return false;
}

} // namespace mlir::qc::onnx_import
