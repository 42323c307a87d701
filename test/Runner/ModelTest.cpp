//===- ModelTest.cpp - model libraries and their C API --------------------===//
//
// The fixture libraries are hand-written generated code linked with
// QuantcRuntime, so these tests also cover the runtime's model_api.c.
//
//===----------------------------------------------------------------------===//

#include "Model.h"
#include "TestSupport.h"

#include "RunnerTestPaths.h"

#include <dlfcn.h>

namespace quantc::runner::test {
namespace {

TEST(ModelDesc, Validation) {
  const int64_t shape[] = {2, 3};
  const int64_t negativeShape[] = {2, -3};
  const int64_t hugeShape[] = {int64_t(1) << 30, int64_t(1) << 30};
  qc_tensor_desc tensor = {"t", QC_DTYPE_FLOAT32, 2, shape};
  qc_model_desc desc = {QC_MODEL_ABI_VERSION, 1, 1, &tensor, &tensor, "m"};
  EXPECT_OK(validateModelDesc(desc));
  EXPECT_EQ(tensorByteSize(tensor), 24u);

  qc_model_desc broken = desc;
  broken.abi_version = 2;
  EXPECT_ERROR(validateModelDesc(broken),
               "compiled for model ABI version 2, this runner supports version 1");
  broken = desc;
  broken.num_outputs = -1;
  EXPECT_ERROR(validateModelDesc(broken), "invalid output count -1");
  broken = desc;
  broken.inputs = nullptr;
  EXPECT_ERROR(validateModelDesc(broken), "1 inputs but no input array");

  struct Case {
    qc_tensor_desc tensor;
    const char *error;
  };
  const Case cases[] = {
      {{nullptr, QC_DTYPE_FLOAT32, 2, shape}, "input 0 has no name"},
      {{"t", 8, 2, shape}, "input 't' has unsupported element type 8"},
      {{"t", QC_DTYPE_FLOAT32, 2, nullptr}, "input 't' has rank 2 without a shape"},
      {{"t", QC_DTYPE_FLOAT32, -1, shape}, "input 't' has rank -1"},
      {{"t", QC_DTYPE_FLOAT32, 2, negativeShape}, "input 't': negative dimension -3"},
      {{"t", QC_DTYPE_FLOAT32, 2, hugeShape},
       "input 't': shape [1073741824,1073741824] is larger than the limit"},
      {{"t", QC_DTYPE_FLOAT32, 65, shape}, "input 't': rank 65 exceeds the limit of 64"},
  };
  for (const Case &c : cases) {
    qc_model_desc withBadInput = desc;
    withBadInput.inputs = &c.tensor;
    EXPECT_ERROR(validateModelDesc(withBadInput), c.error);
  }
}

TEST(LoadedModel, LoadsAndRunsFixture) {
  LoadedModel model;
  ASSERT_OK(model.load(QUANTC_RUNNER_ADD_ARGMAX_MODEL));
  const qc_model_desc &desc = model.desc();
  EXPECT_STREQ(desc.name, "add_argmax");
  ASSERT_EQ(desc.num_inputs, 2);
  ASSERT_EQ(desc.num_outputs, 2);
  EXPECT_STREQ(desc.outputs[1].name, "row/argmax:0");

  float x0[6] = {1, 2, 3, 4, 5, 6}, x1[6] = {0, 0, -10, 10, 0, 0}, sum[6];
  int64_t argmax[2];
  const void *inputs[] = {x0, x1};
  void *outputs[] = {sum, argmax};
  ASSERT_OK(model.run(inputs, outputs));
  EXPECT_EQ(sum[2], -7);
  EXPECT_EQ(argmax[0], 1);
  EXPECT_EQ(argmax[1], 0);
}

TEST(LoadedModel, RefusesWhatIsNotAModel) {
  LoadedModel missing, notAModel, wrongAbi, notELF;
  EXPECT_ERROR(missing.load("/nonexistent/model.so"), "cannot load model: /nonexistent/model.so");
  EXPECT_ERROR(notAModel.load(QUANTC_RUNNER_NOT_A_MODEL),
               "no qc_model_describe: not a quantc model library");
  EXPECT_ERROR(wrongAbi.load(QUANTC_RUNNER_WRONG_ABI_MODEL),
               "compiled for model ABI version 99, this runner supports version 1");
  EXPECT_ERROR(notELF.load(fixturePath("x0.npy")), "cannot load model");
}

// model_api.c through the library's exported symbols, as any C caller sees it.
TEST(ModelAPI, CreateRunDestroyAndNullArguments) {
  void *library = dlopen(QUANTC_RUNNER_ADD_ARGMAX_MODEL, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(library, nullptr) << dlerror();
  auto describe =
      reinterpret_cast<const qc_model_desc *(*)(void)>(dlsym(library, "qc_model_describe"));
  auto create = reinterpret_cast<qc_model *(*)(void)>(dlsym(library, "qc_model_create"));
  auto run = reinterpret_cast<int (*)(qc_model *, const void *const *, void *const *)>(
      dlsym(library, "qc_model_run"));
  auto destroy = reinterpret_cast<void (*)(qc_model *)>(dlsym(library, "qc_model_destroy"));
  ASSERT_TRUE(describe && create && run && destroy);
  EXPECT_EQ(describe()->abi_version, QC_MODEL_ABI_VERSION);
  EXPECT_EQ(describe(), describe());

  qc_model *model = create();
  ASSERT_NE(model, nullptr);
  float x0[6] = {1, 1, 1, 1, 1, 1}, x1[6] = {1, 2, 3, 4, 5, 6}, sum[6] = {};
  int64_t argmax[2] = {};
  const void *inputs[] = {x0, x1};
  void *outputs[] = {sum, argmax};
  const void *inputsWithNull[] = {x0, nullptr};
  void *outputsWithNull[] = {nullptr, argmax};
  EXPECT_NE(run(nullptr, inputs, outputs), 0);
  EXPECT_NE(run(model, nullptr, outputs), 0);
  EXPECT_NE(run(model, inputs, nullptr), 0);
  EXPECT_NE(run(model, inputsWithNull, outputs), 0);
  EXPECT_NE(run(model, inputs, outputsWithNull), 0);
  EXPECT_EQ(sum[0], 0) << "a refused run must not write outputs";
  EXPECT_EQ(run(model, inputs, outputs), 0);
  EXPECT_EQ(sum[5], 7);
  EXPECT_EQ(argmax[1], 2);

  // Instances are independent.
  qc_model *second = create();
  EXPECT_NE(second, model);
  EXPECT_EQ(run(second, inputs, outputs), 0);
  destroy(second);
  destroy(model);
  destroy(nullptr);
  dlclose(library);
}

} // namespace
} // namespace quantc::runner::test
