//===- ModelIOTest.cpp - files for a model's inputs and outputs -----------===//

#include "ModelIO.h"
#include "TestSupport.h"

namespace quantc::runner::test {
namespace {

const int64_t kImageShape[] = {1, 3, 224, 224};
const int64_t kVectorShape[] = {4};
const qc_tensor_desc kInputs[] = {
    {"x", QC_DTYPE_FLOAT32, 4, kImageShape},
    {"mask", QC_DTYPE_BOOL, 1, kVectorShape},
    {"scale", QC_DTYPE_FLOAT64, 0, nullptr},
};
const qc_tensor_desc kOutputs[] = {
    {"logits:0", QC_DTYPE_FLOAT32, 1, kVectorShape},
    {"logits/0", QC_DTYPE_FLOAT32, 1, kVectorShape},
    {"..", QC_DTYPE_INT64, 0, nullptr},
    {"", QC_DTYPE_INT64, 0, nullptr},
    {"logits_0", QC_DTYPE_INT64, 0, nullptr},
};
const qc_model_desc kDesc = {QC_MODEL_ABI_VERSION, 3, 5, kInputs, kOutputs, "test"};

TEST(ModelIO, AssignsNamedAndPositionalInputs) {
  std::vector<std::string> files;
  ASSERT_OK(assignInputFiles(kDesc, {{"", "x.npy"}, {"", "mask.pb"}, {"", "s.npy"}}, files));
  EXPECT_EQ(files, (std::vector<std::string>{"x.npy", "mask.pb", "s.npy"}));
  ASSERT_OK(
      assignInputFiles(kDesc, {{"scale", "s.npy"}, {"x", "x.npy"}, {"mask", "m.npy"}}, files));
  EXPECT_EQ(files, (std::vector<std::string>{"x.npy", "m.npy", "s.npy"}));
  // Positional arguments take the inputs in order, whatever names were given.
  ASSERT_OK(assignInputFiles(kDesc, {{"scale", "s.npy"}, {"", "x.npy"}, {"", "m.npy"}}, files));
  EXPECT_EQ(files, (std::vector<std::string>{"x.npy", "m.npy", "s.npy"}));
}

TEST(ModelIO, EveryInputExactlyOnce) {
  std::vector<std::string> files;
  EXPECT_ERROR(assignInputFiles(kDesc, {{"x", "x.npy"}, {"mask", "m.npy"}}, files),
               "input 'scale' not given (--input scale=FILE)");
  EXPECT_ERROR(assignInputFiles(kDesc, {{"x", "a.npy"}, {"", "b.npy"}}, files),
               "input 'x' given twice");
  EXPECT_ERROR(assignInputFiles(kDesc, {{"y", "y.npy"}}, files),
               "the model has no input 'y' (its inputs: x, mask, scale)");
  EXPECT_ERROR(
      assignInputFiles(kDesc, {{"", "1.npy"}, {"", "2.npy"}, {"", "3.npy"}, {"", "4.npy"}}, files),
      "too many inputs: the model has 3 (x, mask, scale)");
}

TEST(ModelIO, AssignsExpectations) {
  std::vector<std::string> files;
  ASSERT_OK(assignExpectationFiles(kDesc, {{"logits/0", "l.npy"}}, files));
  EXPECT_EQ(files, (std::vector<std::string>{"", "l.npy", "", "", ""}));
  EXPECT_ERROR(
      assignExpectationFiles(kDesc, {{"logits", "l.npy"}}, files),
      "the model has no output 'logits' (its outputs: logits:0, logits/0, .., , logits_0)");
  EXPECT_ERROR(assignExpectationFiles(kDesc, {{"..", "a.npy"}, {"..", "b.npy"}}, files),
               "--expect for output '..' given twice");
}

TEST(ModelIO, ChecksTypeAndExactShape) {
  Tensor image = makeTensor(QC_DTYPE_FLOAT32, {1, 3, 224, 223}, std::vector<float>(3 * 224 * 223));
  EXPECT_ERROR(checkTensorMatches("input", kInputs[0], image, "x.npy"),
               "input 'x': expected float32 [1,3,224,224], file x.npy holds float32 [1,3,224,223]");
  Tensor doubles = makeTensor<double>(QC_DTYPE_FLOAT64, {4}, {0, 1, 2, 3});
  EXPECT_ERROR(checkTensorMatches("input", kInputs[1], doubles, "m.npy"),
               "input 'mask': expected bool [4], file m.npy holds float64 [4]");
  // A scalar is not a one-element vector.
  Tensor vector = makeTensor<double>(QC_DTYPE_FLOAT64, {1}, {2});
  EXPECT_ERROR(checkTensorMatches("input", kInputs[2], vector, "s.npy"),
               "input 'scale': expected float64 [], file s.npy holds float64 [1]");
  Tensor scalar = makeTensor<double>(QC_DTYPE_FLOAT64, {}, {2});
  EXPECT_OK(checkTensorMatches("input", kInputs[2], scalar, "s.npy"));
}

TEST(ModelIO, OutputFileNamesAreSafeAndUnique) {
  EXPECT_EQ(outputFileNames(kDesc),
            (std::vector<std::string>{"logits_0.npy", "logits_0_1.npy", "_...npy", "_.npy",
                                      "logits_0_2.npy"}));
}

} // namespace
} // namespace quantc::runner::test
