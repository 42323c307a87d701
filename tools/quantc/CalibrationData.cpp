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
  return "float32 " + runner::formatShape(input.shape, size_t(input.rank));
}

/// A sample must be exactly what the model reads.
bool checkSample(const Tensor &sample, const qc_tensor_desc &input, const std::string &where,
                 std::string &error) {
  bool sameShape = sample.shape.size() == size_t(input.rank) &&
                   std::equal(sample.shape.begin(), sample.shape.end(), input.shape);
  if (sample.elementType == QC_DTYPE_FLOAT32 && sameShape)
    return true;
  error = where + ": " + sample.describe() + ", but the model input '" + input.name + "' is " +
          describeInput(input);
  return false;
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

bool loadDirectory(const std::string &dir, const qc_tensor_desc &input, size_t limit,
                   std::vector<Tensor> &samples, std::string &error) {
  std::vector<std::string> files;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
    std::string extension = llvm::sys::path::extension(it->path()).lower();
    if (extension == ".npy" || extension == ".pb")
      files.push_back(it->path());
  }
  if (ec) {
    error = "cannot list '" + dir + "': " + ec.message();
    return false;
  }
  std::sort(files.begin(), files.end());
  size_t count;
  if (!chooseSampleCount(files.size(), limit, dir, count, error))
    return false;
  for (size_t i = 0; i < count; ++i) {
    Tensor sample;
    runner::Status status = runner::readTensorFile(files[i], sample);
    if (status.failed()) {
      error = status.message();
      return false;
    }
    if (!checkSample(sample, input, "'" + files[i] + "'", error))
      return false;
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

bool loadNpz(const std::string &path, const qc_tensor_desc &input, size_t limit,
             std::vector<Tensor> &samples, std::string &error) {
  std::unique_ptr<llvm::MemoryBuffer> file = readFile(path, error);
  if (!file)
    return false;
  llvm::StringRef zip = file->getBuffer();
  std::vector<ZipMember> members;
  if (!listZipMembers(zip, path, members, error))
    return false;
  size_t count;
  if (!chooseSampleCount(members.size(), limit, path, count, error))
    return false;
  for (size_t i = 0; i < count; ++i) {
    const ZipMember &member = members[i];
    std::string where = "'" + path + "' member '" + member.name + "'";
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
    Tensor sample;
    runner::Status status = runner::parseNpy(data, size, sample);
    if (status.failed()) {
      error = where + ": " + status.message();
      return false;
    }
    if (!checkSample(sample, input, where, error))
      return false;
    samples.push_back(std::move(sample));
  }
  return true;
}

bool loadIdx(const std::string &path, const qc_tensor_desc &input, size_t limit,
             std::vector<Tensor> &samples, std::string &error) {
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
    samples.push_back(std::move(sample));
  }
  return true;
}

} // namespace

bool loadCalibrationSamples(const std::string &source, const qc_tensor_desc &input, size_t limit,
                            std::vector<Tensor> &samples, std::string &error) {
  llvm::StringRef spec(source);
  if (spec.consume_front("idx:"))
    return loadIdx(spec.str(), input, limit, samples, error);
  if (llvm::sys::fs::is_directory(source))
    return loadDirectory(source, input, limit, samples, error);
  if (spec.ends_with_insensitive(".npz"))
    return loadNpz(source, input, limit, samples, error);
  if (!llvm::sys::fs::exists(source))
    error = "calibration data '" + source + "' does not exist";
  else
    error = "calibration data '" + source +
            "' is neither a directory, an .npz file nor idx:PATH";
  return false;
}

} // namespace quantc
