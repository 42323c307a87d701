//===- PackWeights.cpp - choose 8-bit weight layouts and pack constants ---===//
//
// One decision per op: which runtime kernel, hence which layout, reads its
// weights on the target (WeightLayouts.h). The bytes come from the runtime's
// own packing functions, called here at compile time, except for layouts the
// model packs on its first run (Winograd's), which get their name only.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/ConstantData.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/Transforms/Passes.h"
#include "quantc/Dialect/QC/Transforms/WeightLayouts.h"

namespace mlir::qc {
#define GEN_PASS_DEF_PACKWEIGHTS
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

namespace {

/// Below this many input or output channels Winograd's transforms cost
/// about what its saved multiplies do (docs/runtime.md).
constexpr int64_t kWinogradMinChannels = 32;

const Int8ConvolutionLayout &chooseConvolutionLayout(const qc_conv2d_desc &desc, bool x86,
                                                     bool winograd) {
  if (x86 && winograd && qc_conv2d_s8_winograd_supported(&desc) &&
      desc.in_channels >= kWinogradMinChannels && desc.out_channels >= kWinogradMinChannels)
    return kWinogradInt8Convolution;
  return kIm2colInt8Convolution;
}

/// Records `layout` and the packed bytes on `op`, when its weights are constant.
void setPackedWeights(Operation *op, Value weights, int64_t bytes, StringRef layout,
                      function_ref<void(const void *, void *)> pack) {
  auto packedType = RankedTensorType::get({bytes}, IntegerType::get(op->getContext(), 8));
  ElementsAttr packed =
      packConstantElements(weights, packedType, ("packed_" + layout).str(), pack);
  if (!packed)
    return;
  op->setAttr("weight_layout", StringAttr::get(op->getContext(), layout));
  op->setAttr("packed_weights", packed);
}

struct PackWeightsPass : qc::impl::PackWeightsBase<PackWeightsPass> {
  using PackWeightsBase::PackWeightsBase;

  void runOnOperation() override {
    if (target != "x86_64" && target != "aarch64") {
      getOperation().emitError() << "qc-pack-weights: unknown target \"" << target
                                 << "\" (x86_64 or aarch64)";
      return signalPassFailure();
    }
    bool x86 = target == "x86_64";
    getOperation().walk([&](ConvInt32Op op) {
      if (op.getPackedWeights())
        return;
      std::optional<qc_conv2d_desc> desc = getConvDescriptor(op);
      if (!desc)
        return;
      const Int8ConvolutionLayout &layout = chooseConvolutionLayout(*desc, x86, winograd);
      if (!layout.packOnceFunction.empty()) { // packed by the model on its first run
        if (getConstantElements(op.getWeight()))
          op.setWeightLayout(layout.name);
        return;
      }
      setPackedWeights(op, op.getWeight(), layout.packedSize(&*desc), layout.name,
                       [&](const void *values, void *packed) {
                         layout.pack(&*desc, static_cast<const int8_t *>(values), packed);
                       });
    });
    getOperation().walk([&](MatMulInt32Op op) {
      auto rhsType = cast<RankedTensorType>(op.getRhs().getType());
      if (op.getPackedWeights() || rhsType.getRank() != 2)
        return;
      bool transposed = op.getTransposeRhs();
      int64_t k = rhsType.getDimSize(transposed ? 1 : 0), n = rhsType.getDimSize(transposed ? 0 : 1);
      setPackedWeights(op, op.getRhs(), qc_gemm_s8_packed_b_size(k, n), kGemmInt8LayoutName,
                       [&](const void *values, void *packed) {
                         qc_gemm_s8_pack_b(static_cast<const int8_t *>(values), k, n,
                                           rhsType.getDimSize(1), transposed, packed);
                       });
    });
  }
};

} // namespace
