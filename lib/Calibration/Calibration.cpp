//===- Calibration.cpp - activation statistics and range choice -----------===//

#include "quantc/Calibration/Calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace quantc::calibration {

AffineParams computeAffineParams(float rmin, float rmax, const IntegerGrid &grid) {
  // Zero must be exactly representable (zero padding, ReLU outputs).
  rmin = std::min(rmin, 0.0f);
  rmax = std::max(rmax, 0.0f);
  if (grid.symmetric) {
    float absMax = std::max(std::fabs(rmin), std::fabs(rmax));
    rmin = -absMax;
    rmax = absMax;
  }
  // NumPy subtracts the float32 scalars in float32 and only then widens.
  float width = rmax - rmin;
  double scale = double(width) / (double(grid.qmax) - double(grid.qmin));
  if (scale < std::numeric_limits<float>::min())
    return {1.0f, 0};
  // nearbyint rounds half to even in the default rounding mode, as
  // numpy.round does.
  double zeroPoint = grid.symmetric ? std::nearbyint((double(grid.qmin) + double(grid.qmax)) / 2)
                                    : std::nearbyint(double(grid.qmin) - double(rmin) / scale);
  return {float(scale), int64_t(zeroPoint)};
}

bool Method::parse(const std::string &text, Method &method, std::string &error) {
  if (text == "minmax") {
    method = {MinMax};
    return true;
  }
  if (text == "mse") {
    method = {MSE};
    return true;
  }
  if (text == "entropy") {
    method = {Entropy};
    return true;
  }
  const std::string prefix = "percentile:";
  if (text.compare(0, prefix.size(), prefix) == 0) {
    std::string number = text.substr(prefix.size());
    char *end = nullptr;
    double percentile = number.empty() ? 0 : std::strtod(number.c_str(), &end);
    if (!number.empty() && *end == '\0' && percentile > 0 && percentile <= 100) {
      method = {Percentile, percentile};
      return true;
    }
    error = "bad percentile '" + number + "' in calibration method '" + text +
            "' (expected a number in (0, 100], e.g. percentile:99.99)";
    return false;
  }
  error = "unknown calibration method '" + text +
          "' (expected minmax, percentile:P, mse or entropy)";
  return false;
}

std::string Method::str() const {
  switch (kind) {
  case MinMax:
    return "minmax";
  case MSE:
    return "mse";
  case Entropy:
    return "entropy";
  case Percentile: {
    std::ostringstream text;
    text << "percentile:" << percentile;
    return text.str();
  }
  }
  return "";
}

void TensorStatistics::add(const float *values, size_t count) {
  float batchMin = std::numeric_limits<float>::infinity();
  float batchMax = -batchMin;
  size_t finite = 0;
  for (size_t i = 0; i < count; ++i) {
    // A NaN or infinity says nothing about the range to quantize to.
    if (!std::isfinite(values[i]))
      continue;
    batchMin = std::min(batchMin, values[i]);
    batchMax = std::max(batchMax, values[i]);
    ++finite;
  }
  if (finite == 0)
    return;
  if (count_ == 0) {
    min_ = batchMin;
    max_ = batchMax;
    histogram_.assign(kHistogramBins, 0);
    // A positive bound even for an all-zero first sample: later samples
    // double it as far as they need.
    bound_ = std::max(std::max(std::fabs(double(batchMin)), std::fabs(double(batchMax))),
                      double(std::numeric_limits<float>::min()));
  } else {
    min_ = std::min(min_, double(batchMin));
    max_ = std::max(max_, double(batchMax));
    growBound(std::max(std::fabs(double(batchMin)), std::fabs(double(batchMax))));
  }
  count_ += finite;
  double scale = kHistogramBins / (2 * bound_);
  for (size_t i = 0; i < count; ++i) {
    if (!std::isfinite(values[i]))
      continue;
    double position = (double(values[i]) + bound_) * scale;
    size_t bin = position <= 0 ? 0 : std::min(size_t(position), kHistogramBins - 1);
    ++histogram_[bin];
  }
}

void TensorStatistics::growBound(double magnitude) {
  while (bound_ < magnitude) {
    // [-b, b] becomes the middle half of [-2b, 2b]: old bin i lands in new
    // bin N/4 + i/2.
    std::vector<uint64_t> merged(kHistogramBins, 0);
    for (size_t i = 0; i < kHistogramBins; ++i)
      merged[kHistogramBins / 4 + i / 2] += histogram_[i];
    histogram_.swap(merged);
    bound_ *= 2;
  }
}

Range minMaxRange(const TensorStatistics &stats) { return {stats.min(), stats.max()}; }

namespace {

/// The value below which `rank` of the histogram's counts lie, interpolated
/// linearly within the bin where the cumulative count crosses it.
double histogramQuantile(const TensorStatistics &stats, double rank) {
  const std::vector<uint64_t> &histogram = stats.histogram();
  double cumulative = 0;
  for (size_t bin = 0; bin < histogram.size(); ++bin) {
    double next = cumulative + double(histogram[bin]);
    if (histogram[bin] != 0 && next >= rank) {
      double fraction = (rank - cumulative) / double(histogram[bin]);
      double left = -stats.bound() + double(bin) * stats.binWidth();
      return left + fraction * stats.binWidth();
    }
    cumulative = next;
  }
  return stats.max();
}

Range clampToObserved(const TensorStatistics &stats, Range range) {
  return {std::clamp(range.min, stats.min(), stats.max()),
          std::clamp(range.max, stats.min(), stats.max())};
}

} // namespace

Range percentileRange(const TensorStatistics &stats, double percentile) {
  if (stats.count() == 0)
    return {};
  double tail = (1 - percentile / 100) / 2 * double(stats.count());
  return clampToObserved(stats, {histogramQuantile(stats, tail),
                                 histogramQuantile(stats, double(stats.count()) - tail)});
}

namespace {

/// The histogram as (value, count) pairs, the non-empty bins only.
struct WeightedValues {
  std::vector<double> values, counts;
};

WeightedValues getBinCentres(const TensorStatistics &stats) {
  WeightedValues points;
  for (size_t bin = 0; bin < stats.histogram().size(); ++bin) {
    if (stats.histogram()[bin] == 0)
      continue;
    points.values.push_back(stats.binCenter(bin));
    points.counts.push_back(double(stats.histogram()[bin]));
  }
  return points;
}

/// The code of x on the grid of step delta, codes [low, high].
double quantizeToCode(double x, double delta, double low, double high) {
  return std::clamp(std::nearbyint(x / delta), low, high);
}

double quantizationError(const WeightedValues &points, double delta, double low, double high) {
  double error = 0;
  for (size_t i = 0; i < points.values.size(); ++i) {
    double residual = points.values[i] - delta * quantizeToCode(points.values[i], delta, low, high);
    error += points.counts[i] * residual * residual;
  }
  return error;
}

} // namespace

Range mseRange(const TensorStatistics &stats, const IntegerGrid &grid) {
  if (stats.count() == 0)
    return {};
  // Start from the min/max step; its zero point fixes which codes lie below
  // and above zero while the step shrinks.
  AffineParams start = computeAffineParams(float(stats.min()), float(stats.max()), grid);
  double low = double(grid.qmin - start.zeroPoint);
  double high = double(grid.qmax - start.zeroPoint);
  WeightedValues points = getBinCentres(stats);
  // Lloyd's iteration only finds the minimum nearest its start, and from
  // the min/max step every value already sits on its nearest code: a
  // stationary point however far outliers stretched the range. So it starts
  // from the best of a coarse geometric sweep of steps down to 1/256 of it.
  double delta = start.scale;
  double bestError = quantizationError(points, delta, low, high);
  constexpr int kSweepSteps = 64;
  for (int step = 1; step <= kSweepSteps; ++step) {
    double candidate = start.scale * std::pow(256.0, -double(step) / kSweepSteps);
    double error = quantizationError(points, candidate, low, high);
    if (error < bestError) {
      bestError = error;
      delta = candidate;
    }
  }
  constexpr int kMaxIterations = 100;
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    double dot = 0, norm = 0;
    for (size_t i = 0; i < points.values.size(); ++i) {
      double code = quantizeToCode(points.values[i], delta, low, high);
      dot += points.counts[i] * points.values[i] * code;
      norm += points.counts[i] * code * code;
    }
    if (norm == 0 || dot <= 0)
      break;
    double next = dot / norm;
    bool converged = std::fabs(next - delta) <= 1e-7 * delta;
    delta = next;
    if (converged)
      break;
  }
  return {low * delta, high * delta};
}

namespace {

/// MXNet's _smooth_distribution: moves eps of mass onto every empty bin,
/// taken evenly from the others, so that KL(P || Q) stays finite. False if
/// a non-empty bin would not stay positive.
bool smooth(std::vector<double> &distribution) {
  constexpr double kEpsilon = 1e-4;
  size_t zeros = std::count(distribution.begin(), distribution.end(), 0.0);
  size_t nonZeros = distribution.size() - zeros;
  if (nonZeros == 0)
    return false;
  double taken = kEpsilon * double(zeros) / double(nonZeros);
  for (double &value : distribution) {
    value = value == 0 ? kEpsilon : value - taken;
    if (value <= 0)
      return false;
  }
  return true;
}

double klDivergence(const std::vector<double> &p, const std::vector<double> &q) {
  double pSum = 0, qSum = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    pSum += p[i];
    qSum += q[i];
  }
  double divergence = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    double pi = p[i] / pSum, qi = q[i] / qSum;
    divergence += pi * std::log(pi / qi);
  }
  return divergence;
}

} // namespace

size_t entropyQuantizedBins(const TensorStatistics &stats, const IntegerGrid &grid) {
  size_t levels = size_t(grid.qmax - grid.qmin + 1);
  // On an asymmetric grid a tensor of one sign (a ReLU output) gets every
  // level in [0, t]; otherwise [0, t] gets half of them. Quantizing P into
  // fewer levels than the grid has models a step twice too coarse, and the
  // KL minimum then clips far more than the real grid needs
  // (docs/quantization.md, "Entropy on one-signed tensors").
  bool oneSigned = stats.min() >= 0 || stats.max() <= 0;
  return !grid.symmetric && oneSigned ? levels : (levels + 1) / 2;
}

Range entropyRange(const TensorStatistics &stats, const IntegerGrid &grid) {
  if (stats.count() == 0)
    return {};
  constexpr size_t kAbsBins = TensorStatistics::kHistogramBins / 2;
  const size_t quantizedBins = entropyQuantizedBins(stats, grid);
  // Fold the histogram into one of |x|: bin k covers [k w, (k + 1) w).
  const std::vector<uint64_t> &histogram = stats.histogram();
  std::vector<double> magnitudes(kAbsBins);
  for (size_t k = 0; k < kAbsBins; ++k)
    magnitudes[k] = double(histogram[kAbsBins + k] + histogram[kAbsBins - 1 - k]);
  // The exact zeros of a ReLU output would dominate both distributions and
  // pull the threshold down; NVIDIA's pytorch-quantization gives the first
  // bin its neighbour's count for the same reason.
  magnitudes[0] = magnitudes[1];

  double bestDivergence = std::numeric_limits<double>::infinity();
  size_t bestBins = kAbsBins;
  double outliers = 0;
  for (size_t k = quantizedBins; k < kAbsBins; ++k)
    outliers += magnitudes[k];
  for (size_t bins = quantizedBins; bins <= kAbsBins; ++bins) {
    // P: the first `bins` bins, everything beyond clipped into the last.
    std::vector<double> reference(magnitudes.begin(), magnitudes.begin() + bins);
    reference.back() += outliers;
    if (bins < kAbsBins)
      outliers -= magnitudes[bins];
    // Q: the same bins merged into quantizedBins levels, each level's
    // count spread back over the bins where P is non-zero.
    std::vector<double> candidate(bins, 0);
    size_t perLevel = bins / quantizedBins;
    for (size_t level = 0; level < quantizedBins; ++level) {
      size_t begin = level * perLevel;
      size_t end = level + 1 == quantizedBins ? bins : begin + perLevel;
      double total = 0;
      size_t used = 0;
      for (size_t k = begin; k < end; ++k) {
        total += magnitudes[k];
        used += reference[k] != 0;
      }
      for (size_t k = begin; k < end && used; ++k)
        candidate[k] = reference[k] != 0 ? total / double(used) : 0;
    }
    if (!smooth(reference) || !smooth(candidate))
      continue;
    double divergence = klDivergence(reference, candidate);
    if (divergence < bestDivergence) {
      bestDivergence = divergence;
      bestBins = bins;
    }
  }
  double threshold = double(bestBins) * stats.binWidth();
  return clampToObserved(stats, {-threshold, threshold});
}

Range chooseRange(const TensorStatistics &stats, const Method &method, const IntegerGrid &grid) {
  switch (method.kind) {
  case Method::MinMax:
    return minMaxRange(stats);
  case Method::Percentile:
    return percentileRange(stats, method.percentile);
  case Method::MSE:
    return mseRange(stats, grid);
  case Method::Entropy:
    return entropyRange(stats, grid);
  }
  return minMaxRange(stats);
}

} // namespace quantc::calibration
