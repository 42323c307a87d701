//===- CalibrationData.cpp - the sample inputs of calibration -------------===//

#include "CalibrationData.h"

#include "Npy.h"
#include "TensorFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace quantc {
namespace {

using runner::Tensor;

std::string describeInput(const qc_tensor_desc &input) {
  return runner::elementTypeName(input.elem_type) + " " +
         runner::formatShape(input.shape, size_t(input.rank));
}

/// A tensor must be exactly what the model input reads.
bool checkSample(const Tensor &sample, const qc_tensor_desc &input, const std::string &where,
                 std::string &error) {
  bool sameShape = sample.shape.size() == size_t(input.rank) &&
                   std::equal(sample.shape.begin(), sample.shape.end(), input.shape);
  if (sample.elementType == input.elem_type && sameShape)
    return true;
  error = where + ": " + sample.describe() + ", but the model input '" + input.name + "' is " +
          describeInput(input);
  return false;
}

/// Reads one .npy or .pb file as the value of `input`.
bool readInputFile(const std::string &path, const qc_tensor_desc &input, Tensor &tensor,
                   std::string &error) {
  runner::Status status = runner::readTensorFile(path, tensor);
  if (status.failed()) {
    error = status.message();
    return false;
  }
  return checkSample(tensor, input, "'" + path + "'", error);
}

/// How many of `available` samples to read; false on none or too few.
bool chooseSampleCount(size_t available, size_t limit, const std::string &source,
                       size_t &count, std::string &error) {
  if (available == 0) {
    error = "calibration data '" + source + "' holds no samples";
    return false;
  }
  if (limit > available) {
    error = "--calib-samples=" + std::to_string(limit) + " but '" + source + "' holds only " +
            std::to_string(available) + " samples";
    return false;
  }
  count = limit ? limit : std::min(available, kDefaultCalibrationSamples);
  return true;
}

std::unique_ptr<llvm::MemoryBuffer> readFile(const std::string &path, std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = "cannot read '" + path + "': " + buffer.getError().message();
    return nullptr;
  }
  return std::move(*buffer);
}

/// zlib's inflate over all of `input`: raw deflate (windowBits -15, zip
/// members) or gzip (windowBits 31).
bool inflateAll(llvm::StringRef input, int windowBits, std::vector<uint8_t> &output,
                const std::string &where, std::string &error) {
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  if (inflateInit2(&stream, windowBits) != Z_OK) {
    error = where + ": cannot start zlib";
    return false;
  }
  stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.data()));
  stream.avail_in = uInt(input.size());
  output.resize(std::max<size_t>(input.size() * 4, 1 << 16));
  int status = Z_OK;
  while (status == Z_OK) {
    if (stream.total_out == output.size())
      output.resize(output.size() * 2);
    stream.next_out = output.data() + stream.total_out;
    stream.avail_out = uInt(output.size() - stream.total_out);
    status = inflate(&stream, Z_NO_FLUSH);
  }
  output.resize(stream.total_out);
  inflateEnd(&stream);
  if (status != Z_STREAM_END) {
    error = where + ": corrupt or truncated compressed data";
    return false;
  }
  return true;
}

bool isTensorFile(llvm::StringRef path) {
  std::string extension = llvm::sys::path::extension(path).lower();
  return extension == ".npy" || extension == ".pb";
}

/// The file of input `index` in one sample's directory: NAME.npy or NAME.pb,
/// else input_<index>.npy or .pb (ONNX's test_data_set_N naming); empty if
/// there is none.
std::string findInputFile(const std::string &sampleDir, const qc_tensor_desc &input,
                          size_t index) {
  for (std::string stem : {std::string(input.name), "input_" + std::to_string(index)})
    for (const char *extension : {".npy", ".pb"}) {
      llvm::SmallString<256> path(sampleDir);
      llvm::sys::path::append(path, stem + extension);
      if (llvm::sys::fs::is_regular_file(path))
        return path.str().str();
    }
  return "";
}

bool loadDirectory(const std::string &dir, llvm::ArrayRef<qc_tensor_desc> inputs, size_t limit,
                   std::vector<CalibrationSample> &samples, std::string &error) {
  std::vector<std::string> files, subdirectories;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
    if (isTensorFile(it->path()))
      files.push_back(it->path());
    else if (llvm::sys::fs::is_directory(it->path()))
      subdirectories.push_back(it->path());
  }
  if (ec) {
    error = "cannot list '" + dir + "': " + ec.message();
    return false;
  }
  std::sort(files.begin(), files.end());
  std::sort(subdirectories.begin(), subdirectories.end());
  // Loose files are samples of a one-input model; subdirectories are samples
  // of any model.
  if (!files.empty() && inputs.size() != 1) {
    error = "'" + dir + "' holds tensor files, one sample each, but the model has " +
            std::to_string(inputs.size()) +
            " inputs: give each sample a subdirectory with a file per input (NAME.npy, "
            "NAME.pb or input_<i>.pb)";
    return false;
  }
  size_t count;
  if (!chooseSampleCount(files.empty() ? subdirectories.size() : files.size(), limit, dir, count,
                         error))
    return false;
  for (size_t s = 0; s < count; ++s) {
    CalibrationSample sample(inputs.size());
    if (!files.empty()) {
      if (!readInputFile(files[s], inputs[0], sample[0], error))
        return false;
    } else {
      for (auto [i, input] : llvm::enumerate(inputs)) {
        std::string path = findInputFile(subdirectories[s], input, i);
        if (path.empty()) {
          error = "'" + subdirectories[s] + "' has no file for the model input '" + input.name +
                  "' (" + input.name + ".npy, " + input.name + ".pb, input_" +
                  std::to_string(i) + ".npy or input_" + std::to_string(i) + ".pb)";
          return false;
        }
        if (!readInputFile(path, input, sample[i], error))
          return false;
      }
    }
    samples.push_back(std::move(sample));
  }
  return true;
}

/// One member of a zip archive, from its central directory entry.
struct ZipMember {
  std::string name;
  uint16_t method;
  uint32_t compressedSize, size, localHeaderOffset;
};

bool listZipMembers(llvm::StringRef zip, const std::string &path, std::vector<ZipMember> &members,
                    std::string &error) {
  using llvm::support::endian::read16le;
  using llvm::support::endian::read32le;
  auto bad = [&](const std::string &why) {
    error = "'" + path + "' is not a readable .npz (zip) file: " + why;
    return false;
  };
  // The end-of-central-directory record: 22 bytes plus a comment of up to
  // 64 KiB at the very end.
  constexpr size_t kEndRecordSize = 22;
  if (zip.size() < kEndRecordSize)
    return bad("too short");
  size_t end = zip.size() - kEndRecordSize;
  size_t lowest = zip.size() > kEndRecordSize + 65535 ? end - 65535 : 0;
  while (read32le(zip.data() + end) != 0x06054b50) {
    if (end == lowest)
      return bad("no end of central directory");
    --end;
  }
  uint16_t entries = read16le(zip.data() + end + 10);
  uint32_t offset = read32le(zip.data() + end + 16);
  if (offset == 0xffffffff || entries == 0xffff)
    return bad("zip64 archives are not supported");
  for (uint16_t i = 0; i < entries; ++i) {
    if (offset + 46 > zip.size() || read32le(zip.data() + offset) != 0x02014b50)
      return bad("corrupt central directory");
    const char *entry = zip.data() + offset;
    uint16_t nameLength = read16le(entry + 28), extraLength = read16le(entry + 30),
             commentLength = read16le(entry + 32);
    if (offset + 46 + nameLength > zip.size())
      return bad("corrupt central directory");
    ZipMember member{std::string(entry + 46, nameLength), read16le(entry + 10),
                     read32le(entry + 20), read32le(entry + 24), read32le(entry + 42)};
    if (member.size == 0xffffffff || member.compressedSize == 0xffffffff)
      return bad("member '" + member.name + "' needs zip64, which is not supported");
    members.push_back(member);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return true;
}

/// Member `member` of the zip archive `zip` (file `path`), parsed as .npy.
bool readNpzMember(llvm::StringRef zip, const ZipMember &member, const std::string &where,
                   Tensor &tensor, std::string &error) {
  using llvm::support::endian::read16le;
  size_t local = member.localHeaderOffset;
  if (local + 30 > zip.size()) {
    error = where + ": truncated archive";
    return false;
  }
  size_t dataOffset =
      local + 30 + read16le(zip.data() + local + 26) + read16le(zip.data() + local + 28);
  if (dataOffset + member.compressedSize > zip.size()) {
    error = where + ": truncated archive";
    return false;
  }
  llvm::StringRef stored = zip.substr(dataOffset, member.compressedSize);
  std::vector<uint8_t> inflated;
  const uint8_t *data = reinterpret_cast<const uint8_t *>(stored.data());
  size_t size = stored.size();
  if (member.method == 8) { // deflate: numpy.savez_compressed
    if (!inflateAll(stored, -15, inflated, where, error))
      return false;
    data = inflated.data();
    size = inflated.size();
  } else if (member.method != 0) {
    error = where + ": zip compression method " + std::to_string(member.method) +
            " (only stored and deflate are supported)";
    return false;
  }
  runner::Status status = runner::parseNpy(data, size, tensor);
  if (status.failed()) {
    error = where + ": " + status.message();
    return false;
  }
  return true;
}

/// "[N,2,3]": the shape of `input`'s samples stacked on a new first axis.
std::string stackedShape(const qc_tensor_desc &input) {
  std::string shape = runner::formatShape(input.shape, size_t(input.rank));
  return input.rank == 0 ? "[N]" : "[N," + shape.substr(1);
}

/// Splits `stacked`, the samples of `input` stacked on a new first axis,
/// into the inputs of samples [0, count).
bool unstack(const Tensor &stacked, const qc_tensor_desc &input, size_t index, size_t count,
             const std::string &where, std::vector<CalibrationSample> &samples,
             std::string &error) {
  const runner::ElementType *type = runner::findElementType(input.elem_type);
  uint64_t sampleBytes;
  if (!type || runner::computeByteSize(input.shape, size_t(input.rank), type->size, sampleBytes)
                   .failed()) {
    error = where + ": the model input '" + std::string(input.name) + "' has an unreadable type";
    return false;
  }
  for (size_t s = 0; s < count; ++s) {
    Tensor &tensor = samples[s][index];
    tensor.elementType = input.elem_type;
    tensor.shape.assign(input.shape, input.shape + input.rank);
    if (tensor.bytes.allocate(sampleBytes).failed()) {
      error = "out of memory reading " + where;
      return false;
    }
    std::memcpy(tensor.bytes.data(), stacked.bytes.data() + s * sampleBytes, sampleBytes);
  }
  return true;
}

bool loadNpz(const std::string &path, llvm::ArrayRef<qc_tensor_desc> inputs, size_t limit,
             std::vector<CalibrationSample> &samples, std::string &error) {
  std::unique_ptr<llvm::MemoryBuffer> file = readFile(path, error);
  if (!file)
    return false;
  llvm::StringRef zip = file->getBuffer();
  std::vector<ZipMember> members;
  if (!listZipMembers(zip, path, members, error))
    return false;
  auto memberWhere = [&](const ZipMember &member) {
    return "'" + path + "' member '" + member.name + "'";
  };
  // numpy.savez(file, NAME=array) names the member NAME.npy.
  std::vector<const ZipMember *> named;
  for (const qc_tensor_desc &input : inputs) {
    auto it = llvm::find_if(members, [&](const ZipMember &member) {
      return member.name == std::string(input.name) + ".npy";
    });
    named.push_back(it == members.end() ? nullptr : &*it);
  }

  if (llvm::is_contained(named, nullptr)) {
    // Not one member per input: one member per sample, for one input.
    if (inputs.size() != 1) {
      size_t missing = size_t(llvm::find(named, nullptr) - named.begin());
      error = "'" + path + "' has no member '" + inputs[missing].name +
              "' for the model input of that name: for a model with several inputs, an .npz "
              "holds one member per input, named after it, with the samples stacked on the "
              "first axis";
      return false;
    }
    size_t count;
    if (!chooseSampleCount(members.size(), limit, path, count, error))
      return false;
    for (size_t s = 0; s < count; ++s) {
      CalibrationSample sample(1);
      std::string where = memberWhere(members[s]);
      if (!readNpzMember(zip, members[s], where, sample[0], error) ||
          !checkSample(sample[0], inputs[0], where, error))
        return false;
      samples.push_back(std::move(sample));
    }
    return true;
  }

  // One member per input, the samples stacked on its first axis.
  std::vector<Tensor> stacked(inputs.size());
  size_t available = 0;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    std::string where = memberWhere(*named[i]);
    if (!readNpzMember(zip, *named[i], where, stacked[i], error))
      return false;
    const std::vector<int64_t> &shape = stacked[i].shape;
    bool isStacked = shape.size() == size_t(input.rank) + 1 &&
                     std::equal(shape.begin() + 1, shape.end(), input.shape);
    if (stacked[i].elementType != input.elem_type || !isStacked) {
      error = where + ": " + stacked[i].describe() + ", but the model input '" + input.name +
              "' is " + describeInput(input) + ": its member must be " +
              runner::elementTypeName(input.elem_type) + " " + stackedShape(input) +
              ", N samples stacked";
      return false;
    }
    if (i > 0 && size_t(shape[0]) != available) {
      error = where + " holds " + std::to_string(shape[0]) + " samples, but member '" +
              named[0]->name + "' holds " + std::to_string(available);
      return false;
    }
    available = size_t(shape[0]);
  }
  size_t count;
  if (!chooseSampleCount(available, limit, path, count, error))
    return false;
  for (size_t s = 0; s < count; ++s)
    samples.emplace_back(inputs.size());
  for (auto [i, input] : llvm::enumerate(inputs))
    if (!unstack(stacked[i], input, i, count, memberWhere(*named[i]), samples, error))
      return false;
  return true;
}

bool loadIdx(const std::string &path, const qc_tensor_desc &input, size_t limit,
             std::vector<CalibrationSample> &samples, std::string &error) {
  std::unique_ptr<llvm::MemoryBuffer> file = readFile(path, error);
  if (!file)
    return false;
  llvm::StringRef bytes = file->getBuffer();
  std::vector<uint8_t> inflated;
  if (llvm::StringRef(path).ends_with(".gz")) {
    if (!inflateAll(bytes, 31, inflated, "'" + path + "'", error))
      return false;
    bytes = llvm::StringRef(reinterpret_cast<const char *>(inflated.data()), inflated.size());
  }
  auto bad = [&](const std::string &why) {
    error = "'" + path + "' is not an IDX file of unsigned bytes: " + why;
    return false;
  };
  if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0)
    return bad("bad magic number");
  if (uint8_t(bytes[2]) != 0x08)
    return bad("element type 0x" + llvm::utohexstr(uint8_t(bytes[2])));
  size_t rank = uint8_t(bytes[3]);
  if (rank < 1 || bytes.size() < 4 + 4 * rank)
    return bad("truncated header");
  uint64_t items = llvm::support::endian::read32be(bytes.data() + 4);
  uint64_t itemSize = 1;
  std::string itemShape;
  for (size_t d = 1; d < rank; ++d) {
    uint32_t dim = llvm::support::endian::read32be(bytes.data() + 4 + 4 * d);
    if (dim != 0 && itemSize > bytes.size() / dim)
      return bad("dimensions larger than the file");
    itemSize *= dim;
    itemShape += (itemShape.empty() ? "" : "x") + std::to_string(dim);
  }
  size_t header = 4 + 4 * rank;
  if (itemSize != 0 && items > bytes.size() / itemSize)
    return bad("more items than the file holds");
  if (bytes.size() - header != items * itemSize)
    return bad("the header announces " + std::to_string(items * itemSize) +
               " bytes of data, the file has " + std::to_string(bytes.size() - header));
  uint64_t inputSize = 1;
  for (int32_t d = 0; d < input.rank; ++d)
    inputSize *= uint64_t(input.shape[d]);
  // A model compiled for a batch of B items takes B items per run.
  uint64_t batch = input.rank > 0 && itemSize * uint64_t(input.shape[0]) == inputSize
                       ? uint64_t(input.shape[0])
                       : 1;
  if (input.elem_type != QC_DTYPE_FLOAT32 || itemSize * batch != inputSize) {
    error = "'" + path + "': IDX items are " + (itemShape.empty() ? "1" : itemShape) + " = " +
            std::to_string(itemSize) + " values, but the model input '" + input.name + "' is " +
            runner::elementTypeName(input.elem_type) + " " +
            runner::formatShape(input.shape, size_t(input.rank));
    return false;
  }
  if (limit % batch != 0) {
    error = "--calib-samples=" + std::to_string(limit) + " is not a multiple of the batch of " +
            std::to_string(batch) + " items the model input '" + input.name + "' takes";
    return false;
  }
  size_t runs;
  if (!chooseSampleCount(items / batch * batch, limit, path, runs, error))
    return false;
  runs /= batch;
  if (runs == 0) {
    error = "'" + path + "': the model input '" + input.name + "' takes batches of " +
            std::to_string(batch) + " items, more than the " +
            std::to_string(kDefaultCalibrationSamples) +
            " calibration uses by default (set --calib-samples)";
    return false;
  }
  const uint8_t *pixels = reinterpret_cast<const uint8_t *>(bytes.data()) + header;
  for (size_t run = 0; run < runs; ++run) {
    Tensor sample;
    sample.elementType = QC_DTYPE_FLOAT32;
    sample.shape.assign(input.shape, input.shape + input.rank);
    if (sample.bytes.allocate(inputSize * sizeof(float)).failed()) {
      error = "out of memory reading '" + path + "'";
      return false;
    }
    float *values = reinterpret_cast<float *>(sample.bytes.data());
    const uint8_t *first = pixels + run * inputSize;
    for (uint64_t k = 0; k < inputSize; ++k)
      values[k] = float(first[k]) / 255.0f;
    samples.emplace_back();
    samples.back().push_back(std::move(sample));
  }
  return true;
}

} // namespace

bool loadCalibrationSamples(const std::string &source, llvm::ArrayRef<qc_tensor_desc> inputs,
                            size_t limit, std::vector<CalibrationSample> &samples,
                            std::string &error) {
  llvm::StringRef spec(source);
  if (inputs.empty()) {
    error = "calibration needs a model with inputs; this one has none";
    return false;
  }
  if (spec.consume_front("idx:")) {
    if (inputs.size() != 1) {
      error = "idx: calibration data feeds a model with one input; this one has " +
              std::to_string(inputs.size()) + " (use a directory or an .npz file)";
      return false;
    }
    return loadIdx(spec.str(), inputs[0], limit, samples, error);
  }
  if (llvm::sys::fs::is_directory(source))
    return loadDirectory(source, inputs, limit, samples, error);
  if (spec.ends_with_insensitive(".npz"))
    return loadNpz(source, inputs, limit, samples, error);
  if (!llvm::sys::fs::exists(source))
    error = "calibration data '" + source + "' does not exist";
  else
    error = "calibration data '" + source +
            "' is neither a directory, an .npz file nor idx:PATH";
  return false;
}

} // namespace quantc
