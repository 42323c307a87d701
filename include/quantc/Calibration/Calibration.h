//===- Calibration.h - activation statistics and range choice ---*- C++ -*-===//
//
// What `quantc compile --quant=w8a8` records about each tensor while it runs
// the float model on sample inputs, and how it turns that record into the
// range [min, max] that qc-insert-fake-quant quantizes the tensor to
// (docs/quantization.md, "Calibration"). Plain C++17: no MLIR, LLVM or
// runtime dependency, so every method is unit-tested on synthetic data.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_CALIBRATION_CALIBRATION_H
#define QUANTC_CALIBRATION_CALIBRATION_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace quantc::calibration {

/// A closed interval of real values.
struct Range {
  double min = 0;
  double max = 0;
};

/// The integer codes a tensor will be stored in: [qmin, qmax], and whether
/// the real range is made symmetric around 0 (zero point in the middle).
struct IntegerGrid {
  int64_t qmin = 0;
  int64_t qmax = 255;
  bool symmetric = false;

  /// The grids of 8-bit activations as ONNX Runtime's quantizer chooses them:
  /// uint8 asymmetric [0, 255], int8 symmetric [-127, 127].
  static IntegerGrid uint8Asymmetric() { return {0, 255, false}; }
  static IntegerGrid int8Symmetric() { return {-127, 127, true}; }
};

/// Scale and zero point of an affine grid: x = scale * (q - zeroPoint).
struct AffineParams {
  float scale = 1;
  int64_t zeroPoint = 0;
};

/// ONNX Runtime's compute_scale_zp (onnxruntime/python/tools/quantization/
/// quant_utils.py), bit for bit: the range widened to include 0, made
/// symmetric if the grid is, scale = (rmax - rmin) / (qmax - qmin) computed
/// in double from the float32 difference, zero point = round_half_even(qmin -
/// rmin / scale) (the middle of the grid when symmetric); a range narrower
/// than the smallest normal float gives scale 1 and zero point 0.
AffineParams computeAffineParams(float rmin, float rmax, const IntegerGrid &grid);

/// How a tensor's range is chosen from its statistics.
struct Method {
  enum Kind { MinMax, Percentile, MSE, Entropy };
  Kind kind = MinMax;
  /// For Percentile: the share of values, in percent, kept inside the range
  /// (the rest split evenly between the two tails).
  double percentile = 99.99;

  /// "minmax", "percentile:P" (0 < P <= 100), "mse" or "entropy"; false
  /// with a message naming the accepted forms otherwise.
  static bool parse(const std::string &text, Method &method, std::string &error);
  /// The form parse() reads.
  std::string str() const;
};

/// The running record of one tensor over all calibration samples: its exact
/// minimum and maximum, and a histogram of its values over [-bound, bound]
/// with kHistogramBins equal bins. The bound starts at the first sample's
/// largest magnitude and doubles whenever a value falls outside it (adjacent
/// bins merge in pairs, so no count moves to a wrong bin).
class TensorStatistics {
public:
  /// 2048 bins of |x| on either side of 0: TensorRT's entropy histogram.
  static constexpr size_t kHistogramBins = 4096;

  void add(const float *values, size_t count);

  uint64_t count() const { return count_; }
  double min() const { return min_; }
  double max() const { return max_; }
  double bound() const { return bound_; }
  const std::vector<uint64_t> &histogram() const { return histogram_; }
  double binWidth() const { return 2 * bound_ / kHistogramBins; }
  double binCenter(size_t bin) const { return -bound_ + (double(bin) + 0.5) * binWidth(); }

private:
  void growBound(double magnitude);

  uint64_t count_ = 0;
  double min_ = 0, max_ = 0;
  double bound_ = 0;
  std::vector<uint64_t> histogram_;
};

/// The range `method` chooses for a tensor with statistics `stats` that will
/// be quantized on `grid` (MSE needs the grid; the others ignore it). Always
/// inside [stats.min(), stats.max()]; [0, 0] for a tensor that saw no values.
Range chooseRange(const TensorStatistics &stats, const Method &method, const IntegerGrid &grid);

/// The individual methods, for tests and for docs/quantization.md.
Range minMaxRange(const TensorStatistics &stats);
/// The values at quantiles (1 - p) / 2 and (1 + p) / 2 of the histogram,
/// p = percentile / 100, interpolated within a bin.
Range percentileRange(const TensorStatistics &stats, double percentile);
/// The L2-optimal step of `grid`: the best of a geometric sweep of steps
/// below the min/max step, refined by Lloyd's iteration over the histogram
/// (bin centres weighted by counts): delta <- <x, g(x)> / <g(x), g(x)> with
/// g(x) = clip(round(x / delta), lo, hi), where [lo, hi] are the grid's codes
/// relative to its zero point (the zero point of the min/max range).
/// Returns [lo * delta, hi * delta].
Range mseRange(const TensorStatistics &stats, const IntegerGrid &grid);
/// TensorRT's entropy calibration: the threshold t over the histogram of |x|
/// (2048 bins) that minimizes KL(P || Q), P the clipped reference
/// distribution and Q its quantization into the levels `grid` gives [0, t]
/// (entropyQuantizedBins), both smoothed (the first bin, where a ReLU's
/// zeros pile up, counted like its neighbour). Returns [-t, t] intersected
/// with [min, max].
Range entropyRange(const TensorStatistics &stats, const IntegerGrid &grid);
/// The number of levels Q has: all of an asymmetric grid's (256 for uint8)
/// for a tensor of one sign, as NVIDIA's pytorch-quantization does for
/// unsigned tensors; half of them (128, TensorRT's figure) otherwise.
size_t entropyQuantizedBins(const TensorStatistics &stats, const IntegerGrid &grid);

} // namespace quantc::calibration

#endif // QUANTC_CALIBRATION_CALIBRATION_H
