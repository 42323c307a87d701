//===- ThreadPoolTest.cpp - the pool, QUANTC_NUM_THREADS, determinism -----===//
//
// The pool runs every task exactly once, QUANTC_NUM_THREADS values are parsed
// strictly, and the GEMM and both convolution paths give bit-identical
// results on 1 and 3 threads (the work is split over output tiles only).
// In a build without pthreadpool (QUANTC_RUNTIME_THREADS=OFF, the AArch64
// cross build) the pool always has one thread and the comparisons are
// trivially equal.
//
//===----------------------------------------------------------------------===//

#include "conv2d_f32.h"
#include "gemm_f32_tiles.h"
#include "threadpool.h"

#include "quantc/Runtime/KernelABI.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

namespace {

// Sets the pool size for one test and restores the process's own after it.
class ThreadCount {
public:
  explicit ThreadCount(int32_t threads) : saved(qc_num_threads()) {
    actual = qc_set_num_threads_for_testing(threads);
  }
  ~ThreadCount() { qc_set_num_threads_for_testing(saved); }
  int32_t actual;

private:
  int32_t saved;
};

TEST(ThreadPool, ParsesQuantcNumThreads) {
  EXPECT_EQ(qc_parse_num_threads(nullptr, 7), 7);
  EXPECT_EQ(qc_parse_num_threads("", 7), 7);
  EXPECT_EQ(qc_parse_num_threads("1", 7), 1);
  EXPECT_EQ(qc_parse_num_threads("3", 7), 3);
  EXPECT_EQ(qc_parse_num_threads("0", 7), 7);
  EXPECT_EQ(qc_parse_num_threads("-2", 7), 7);
  EXPECT_EQ(qc_parse_num_threads("4x", 7), 7);
  EXPECT_EQ(qc_parse_num_threads("two", 7), 7);
  EXPECT_EQ(qc_parse_num_threads("100000", 7), 7);
}

TEST(ThreadPool, NumThreadsIsPositive) { EXPECT_GE(qc_num_threads(), 1); }

TEST(ThreadPool, EveryTaskRunsOnce) {
  for (int32_t threads : {1, 3}) {
    ThreadCount count(threads);
#if QUANTC_TEST_RUNTIME_THREADS
    EXPECT_EQ(count.actual, threads);
#else
    EXPECT_EQ(count.actual, 1);
#endif
    EXPECT_EQ(qc_num_threads(), count.actual);
    std::vector<std::atomic<int>> runs(1000);
    qc_parallel_for(
        runs.size(),
        [](void *context, size_t task) {
          (*static_cast<std::vector<std::atomic<int>> *>(context))[task]++;
        },
        &runs);
    for (size_t i = 0; i < runs.size(); ++i)
      ASSERT_EQ(runs[i].load(), 1) << "task " << i << " with " << threads << " threads";
  }
}

std::vector<float> randomVector(size_t size, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> v(size);
  for (float &x : v)
    x = uniform(rng);
  return v;
}

// Large enough to be split (several MC blocks and panel groups).
std::vector<float> gemmOn(int32_t threads) {
  ThreadCount count(threads);
  const int64_t m = 301, n = 275, k = 517;
  std::vector<float> a = randomVector(m * k, 1), b = randomVector(k * n, 2),
                     bias = randomVector(n, 3), c(m * n);
  std::vector<float> packed(qc_gemm_f32_packed_b_size(k, n));
  qc_gemm_f32_pack_b(b.data(), k, n, n, 0, packed.data());
  qc_gemm_f32_call(m, n, k, a.data(), k, packed.data(), bias.data(), c.data(), n,
                   QC_EPILOGUE_RELU, 0, 0);
  return c;
}

std::vector<float> convOn(int32_t threads, const qc_conv2d_f32_desc &d) {
  ThreadCount count(threads);
  std::vector<float> input = randomVector(d.batch * d.in_channels * d.in_height * d.in_width, 4);
  std::vector<float> weights = randomVector(
      d.out_channels * (d.in_channels / d.groups) * d.kernel_height * d.kernel_width, 5);
  std::vector<float> packed(qc_conv2d_f32_packed_weights_size(&d));
  qc_conv2d_f32_pack_weights(&d, weights.data(), packed.data());
  std::vector<float> bias = randomVector(d.out_channels, 6);
  std::vector<float> output(d.batch * d.out_channels * d.out_height * d.out_width);
  const int64_t scratchFloats = qc_conv2d_f32_scratch_size(&d);
  float *scratch = static_cast<float *>(
      std::aligned_alloc(64, size_t(scratchFloats + 16 + 15) / 16 * 16 * sizeof(float)));
  qc_conv2d_f32(&d, input.data(), packed.data(), bias.data(), output.data(), scratch,
                QC_EPILOGUE_CLAMP, -0.5f, 0.5f);
  std::free(scratch);
  return output;
}

qc_conv2d_f32_desc conv3x3(int64_t channelsIn, int64_t channelsOut, int64_t groups, int64_t size,
                           int64_t stride) {
  qc_conv2d_f32_desc d = {};
  d.batch = 2;
  d.in_channels = channelsIn;
  d.in_height = d.in_width = size;
  d.out_channels = channelsOut;
  d.out_height = d.out_width = (size + 2 - 3) / stride + 1;
  d.groups = groups;
  d.kernel_height = d.kernel_width = 3;
  d.stride_h = d.stride_w = stride;
  d.dilation_h = d.dilation_w = 1;
  d.pad_top = d.pad_left = 1;
  return d;
}

bool bitIdentical(const std::vector<float> &x, const std::vector<float> &y) {
  return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0;
}

TEST(ThreadPool, GemmIsBitIdenticalOnOneAndThreeThreads) {
  EXPECT_TRUE(bitIdentical(gemmOn(1), gemmOn(3)));
}

TEST(ThreadPool, Im2colConvIsBitIdenticalOnOneAndThreeThreads) {
  qc_conv2d_f32_desc d = conv3x3(40, 130, 1, 29, 1);
  ASSERT_FALSE(qc_conv2d_f32_is_depthwise(&d));
  EXPECT_TRUE(bitIdentical(convOn(1, d), convOn(3, d)));
}

// K within one KC slice: tiles go straight to the output.
TEST(ThreadPool, OneSliceConvIsBitIdenticalOnOneAndThreeThreads) {
  qc_conv2d_f32_desc d = conv3x3(20, 70, 1, 31, 1);
  ASSERT_LE(d.in_channels * 9, QC_GEMM_F32_MIN_KC);
  EXPECT_TRUE(bitIdentical(convOn(1, d), convOn(3, d)));
}

TEST(ThreadPool, DepthwiseConvIsBitIdenticalOnOneAndThreeThreads) {
  qc_conv2d_f32_desc d = conv3x3(24, 24, 24, 33, 2);
  ASSERT_TRUE(qc_conv2d_f32_is_depthwise(&d));
  EXPECT_TRUE(bitIdentical(convOn(1, d), convOn(3, d)));
}

// Every depthwise variant, on planes of several sizes: the threads take runs
// of planes of different lengths, never parts of one (and a run computes
// its planes several channels at a time or one by one, with the same bits).
std::vector<float> depthwiseOn(int32_t threads, const qc_conv2d_f32_desc &d,
                               const qc_conv2d_f32_depthwise_kernel *kernel) {
  ThreadCount count(threads);
  std::vector<float> input = randomVector(d.batch * d.in_channels * d.in_height * d.in_width, 7);
  std::vector<float> weights = randomVector(d.out_channels * d.kernel_height * d.kernel_width, 8);
  std::vector<float> bias = randomVector(d.out_channels, 9);
  std::vector<float> output(d.batch * d.out_channels * d.out_height * d.out_width);
  const qc_conv2d_f32_epilogue relu6 = {QC_EPILOGUE_CLAMP, 0.0f, 6.0f};
  qc_conv2d_f32_with_kernels(&d, input.data(), weights.data(), bias.data(), output.data(),
                             nullptr, relu6, qc_gemm_f32_select_tiles(qc_cpu_features()), kernel);
  return output;
}

TEST(ThreadPool, EveryDepthwiseVariantIsBitIdenticalOnOneAndThreeThreads) {
  size_t count;
  const qc_conv2d_f32_depthwise_kernel *const *kernels = qc_conv2d_f32_depthwise_all(&count);
  for (size_t i = 0; i < count; ++i) {
    if ((kernels[i]->required_features & qc_cpu_features()) != kernels[i]->required_features)
      continue;
    // 37 channels: the tasks' runs of planes end at different channels on 1
    // and 3 threads, some runs too short for a group of channels.
    for (const qc_conv2d_f32_desc &d :
         {conv3x3(96, 96, 96, 7, 1), conv3x3(40, 40, 40, 14, 2), conv3x3(37, 37, 37, 7, 1),
          conv3x3(37, 37, 37, 14, 2), conv3x3(16, 16, 16, 56, 1), conv3x3(5, 5, 5, 113, 2)})
      EXPECT_TRUE(bitIdentical(depthwiseOn(1, d, kernels[i]), depthwiseOn(3, d, kernels[i])))
          << kernels[i]->name << " " << d.in_channels << "@" << d.in_height << " stride "
          << d.stride_h;
  }
}

} // namespace
