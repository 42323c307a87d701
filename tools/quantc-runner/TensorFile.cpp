//===- TensorFile.cpp - tensors in .npy and .pb files ---------------------===//

#include "TensorFile.h"

#include "Npy.h"
#include "TensorProto.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

namespace quantc::runner {

namespace {

// The largest tensor plus room for any header or protobuf overhead.
constexpr uint64_t kMaxTensorFileBytes = kMaxTensorBytes + (uint64_t(1) << 20);

bool hasExtension(const std::string &path, const char *extension) {
  size_t length = std::strlen(extension);
  return path.size() > length && strcasecmp(path.c_str() + path.size() - length, extension) == 0;
}

/// Closes the descriptor on every return path.
class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0)
      close(fd_);
  }
  FileDescriptor(const FileDescriptor &) = delete;
  FileDescriptor &operator=(const FileDescriptor &) = delete;
  int get() const { return fd_; }

private:
  int fd_;
};

Status readWholeFile(const std::string &path, ByteBuffer &contents) {
  FileDescriptor file(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0)
    return Status::error("cannot read %s: %s", path.c_str(), std::strerror(errno));
  struct stat info;
  if (fstat(file.get(), &info) != 0)
    return Status::error("cannot read %s: %s", path.c_str(), std::strerror(errno));
  if (!S_ISREG(info.st_mode))
    return Status::error("cannot read %s: not a regular file", path.c_str());
  uint64_t size = static_cast<uint64_t>(info.st_size);
  if (size > kMaxTensorFileBytes)
    return Status::error("%s: %llu bytes exceed the limit of %llu", path.c_str(),
                         static_cast<unsigned long long>(size),
                         static_cast<unsigned long long>(kMaxTensorFileBytes));
  if (Status status = contents.allocate(size); status.failed())
    return status.withContext(path);
  size_t done = 0;
  while (done < size) {
    ssize_t got = read(file.get(), contents.data() + done, size - done);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      return Status::error("cannot read %s: %s", path.c_str(), std::strerror(errno));
    if (got == 0)
      return Status::error("cannot read %s: it shrank while being read", path.c_str());
    done += size_t(got);
  }
  return Status::success();
}

} // namespace

Status readTensorFile(const std::string &path, Tensor &tensor) {
  bool isNpy = hasExtension(path, ".npy");
  if (!isNpy && !hasExtension(path, ".pb"))
    return Status::error("%s: unknown tensor file type (expected .npy or .pb)", path.c_str());
  ByteBuffer contents;
  if (Status status = readWholeFile(path, contents); status.failed())
    return status;
  Status parsed = isNpy ? parseNpy(contents.data(), contents.size(), tensor)
                        : parseTensorProto(contents.data(), contents.size(), tensor);
  return parsed.withContext(path);
}

Status writeNpyFile(const std::string &path, const Tensor &tensor) {
  std::string header = makeNpyHeader(tensor);
  FILE *file = std::fopen(path.c_str(), "wb");
  if (!file)
    return Status::error("cannot write %s: %s", path.c_str(), std::strerror(errno));
  bool written =
      std::fwrite(header.data(), 1, header.size(), file) == header.size() &&
      std::fwrite(tensor.bytes.data(), 1, tensor.bytes.size(), file) == tensor.bytes.size();
  // fclose flushes: its failure (a full disk) is a write failure too.
  written = std::fclose(file) == 0 && written;
  if (!written)
    return Status::error("cannot write %s: %s", path.c_str(), std::strerror(errno));
  return Status::success();
}

} // namespace quantc::runner
