//===- Npy.cpp - the NumPy .npy format ------------------------------------===//

#include "Npy.h"

#include <cstring>
#include <string_view>

namespace quantc::runner {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = sizeof(kMagic) - 1;
// NumPy's own reader refuses headers over 10000 bytes by default; a rank-64
// shape of 19-digit dimensions still fits well within this.
constexpr size_t kMaxHeaderSize = 65536;
// NumPy pads the header so that the data starts 64-byte aligned.
constexpr size_t kHeaderAlignment = 64;

/// The dtype kind letter of NumPy's type strings ('<f4', '|u1', '|b1').
struct NpyKindCode {
  ElementKind kind;
  char code;
};
constexpr NpyKindCode kNpyKindCodes[] = {
    {ElementKind::Float, 'f'},
    {ElementKind::SignedInt, 'i'},
    {ElementKind::UnsignedInt, 'u'},
    {ElementKind::Bool, 'b'},
};

uint32_t readLittleEndian(const uint8_t *bytes, size_t count) {
  uint32_t value = 0;
  for (size_t i = 0; i < count; ++i)
    value |= uint32_t(bytes[i]) << (8 * i);
  return value;
}

/// The header is a Python literal that NumPy writes with repr(); this reads
/// exactly the subset repr() produces for the three keys, and refuses the
/// rest (structured dtypes, unknown keys) with a message.
class HeaderDictParser {
public:
  explicit HeaderDictParser(std::string_view text) : text_(text) {}

  Status parse(std::string &descr, bool &fortranOrder, std::vector<int64_t> &shape) {
    bool seenDescr = false, seenFortranOrder = false, seenShape = false;
    skipSpaces();
    if (!consume('{'))
      return Status::error("header is not a Python dict");
    skipSpaces();
    while (!consume('}')) {
      std::string key;
      if (Status status = parseString(key); status.failed())
        return status;
      skipSpaces();
      if (!consume(':'))
        return Status::error("expected ':' after '%s' in the header", key.c_str());
      skipSpaces();
      Status status;
      if (key == "descr" && !seenDescr) {
        seenDescr = true;
        if (peek() == '[')
          return Status::error("structured dtypes are not supported");
        status = parseString(descr);
      } else if (key == "fortran_order" && !seenFortranOrder) {
        seenFortranOrder = true;
        status = parseBool(fortranOrder);
      } else if (key == "shape" && !seenShape) {
        seenShape = true;
        status = parseShape(shape);
      } else {
        return Status::error("unexpected or repeated key '%s' in the header", key.c_str());
      }
      if (status.failed())
        return status;
      skipSpaces();
      if (consume(','))
        skipSpaces();
      else if (peek() != '}')
        return Status::error("expected ',' or '}' in the header");
    }
    skipSpaces();
    if (pos_ != text_.size())
      return Status::error("unexpected text after the header dict");
    if (!seenDescr || !seenFortranOrder || !seenShape)
      return Status::error("header lacks one of 'descr', 'fortran_order', 'shape'");
    return Status::success();
  }

private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool consume(char c) {
    if (peek() != c || pos_ >= text_.size())
      return false;
    ++pos_;
    return true;
  }
  void skipSpaces() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n'))
      ++pos_;
  }

  Status parseString(std::string &value) {
    char quote = peek();
    if (quote != '\'' && quote != '"')
      return Status::error("expected a quoted string in the header");
    size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string_view::npos)
      return Status::error("unterminated string in the header");
    value = std::string(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return Status::success();
  }

  Status parseBool(bool &value) {
    for (bool candidate : {true, false}) {
      std::string_view word = candidate ? "True" : "False";
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        value = candidate;
        return Status::success();
      }
    }
    return Status::error("expected True or False in the header");
  }

  Status parseShape(std::vector<int64_t> &shape) {
    if (!consume('('))
      return Status::error("expected a tuple for 'shape' in the header");
    shape.clear();
    skipSpaces();
    while (!consume(')')) {
      if (shape.size() == kMaxRank)
        return Status::error("rank exceeds the limit of %zu", kMaxRank);
      int64_t dim = 0;
      if (Status status = parseDimension(dim); status.failed())
        return status;
      shape.push_back(dim);
      skipSpaces();
      if (consume(','))
        skipSpaces();
      else if (peek() != ')')
        return Status::error("expected ',' or ')' in the shape");
    }
    return Status::success();
  }

  Status parseDimension(int64_t &dim) {
    size_t start = pos_;
    uint64_t value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      value = value * 10 + uint64_t(text_[pos_] - '0');
      if (value > kMaxTensorBytes)
        return Status::error("dimension too large in the shape");
      ++pos_;
    }
    if (pos_ == start)
      return Status::error("expected a non-negative integer in the shape");
    consume('L'); // Python 2 longs, in files written by old NumPy versions
    dim = static_cast<int64_t>(value);
    return Status::success();
  }

  std::string_view text_;
  size_t pos_ = 0;
};

Status elementTypeFromDescr(const std::string &descr, const ElementType *&type) {
  // '<f4': byte order, kind letter, size in bytes.
  const char *text = descr.c_str();
  char byteOrder = '=';
  if (*text == '<' || *text == '>' || *text == '|' || *text == '=')
    byteOrder = *text++;
  type = nullptr;
  if (text[0] && text[1] >= '1' && text[1] <= '8' && text[2] == '\0')
    for (const NpyKindCode &kind : kNpyKindCodes)
      if (kind.code == text[0])
        type = findElementType(kind.kind, size_t(text[1] - '0'));
  if (!type)
    return Status::error("unsupported dtype '%s'", descr.c_str());
  if (byteOrder == '>' && type->size > 1)
    return Status::error("big-endian dtype '%s' is not supported", descr.c_str());
  return Status::success();
}

} // namespace

bool hasNpyMagic(const uint8_t *data, size_t size) {
  return size >= kMagicSize && std::memcmp(data, kMagic, kMagicSize) == 0;
}

Status parseNpy(const uint8_t *data, size_t size, Tensor &tensor) {
  if (!hasNpyMagic(data, size))
    return Status::error("not an NPY file (no \\x93NUMPY magic)");
  // Magic, major and minor version, then a 2-byte (version 1) or 4-byte
  // header length.
  if (size < kMagicSize + 2 + 2)
    return Status::error("truncated NPY header");
  uint8_t major = data[kMagicSize], minor = data[kMagicSize + 1];
  size_t lengthBytes = major == 1 ? 2 : 4;
  if (major < 1 || major > 3 || minor != 0)
    return Status::error("unsupported NPY version %u.%u", major, minor);
  size_t prefixSize = kMagicSize + 2 + lengthBytes;
  if (size < prefixSize)
    return Status::error("truncated NPY header");
  size_t headerSize = readLittleEndian(data + kMagicSize + 2, lengthBytes);
  if (headerSize > kMaxHeaderSize)
    return Status::error("NPY header of %zu bytes exceeds the limit of %zu", headerSize,
                         kMaxHeaderSize);
  if (size - prefixSize < headerSize)
    return Status::error("truncated NPY header (%zu of %zu bytes)", size - prefixSize, headerSize);

  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
  std::string_view header(reinterpret_cast<const char *>(data + prefixSize), headerSize);
  if (Status status = HeaderDictParser(header).parse(descr, fortranOrder, shape); status.failed())
    return status;
  const ElementType *type;
  if (Status status = elementTypeFromDescr(descr, type); status.failed())
    return status;
  // Fortran order is the same layout as C order when at most one dimension
  // exceeds 1; anything else would need a transpose the runner does not do.
  size_t nonTrivialDims = 0;
  for (int64_t dim : shape)
    nonTrivialDims += dim > 1;
  if (fortranOrder && nonTrivialDims > 1)
    return Status::error("Fortran-order arrays are not supported (save with C order)");

  uint64_t dataSize;
  if (Status status = computeByteSize(shape.data(), shape.size(), type->size, dataSize);
      status.failed())
    return status;
  size_t available = size - prefixSize - headerSize;
  std::string described = std::string(type->name) + " " + formatShape(shape.data(), shape.size());
  if (available < dataSize)
    return Status::error("truncated NPY data: %s needs %llu bytes, the file has %zu",
                         described.c_str(), static_cast<unsigned long long>(dataSize), available);
  if (available > dataSize)
    return Status::error("%llu unexpected bytes after the NPY data of %s",
                         static_cast<unsigned long long>(available - dataSize), described.c_str());

  if (Status status = tensor.bytes.allocate(dataSize); status.failed())
    return status;
  std::memcpy(tensor.bytes.data(), data + prefixSize + headerSize, dataSize);
  tensor.elementType = type->code;
  tensor.shape = std::move(shape);
  return Status::success();
}

std::string makeNpyHeader(const Tensor &tensor) {
  // Tensors written come from a validated model descriptor: their type is
  // one of the table's.
  const ElementType &type = *findElementType(tensor.elementType);
  char kindCode = '?';
  for (const NpyKindCode &kind : kNpyKindCodes)
    if (kind.kind == type.kind)
      kindCode = kind.code;
  std::string dict = "{'descr': '";
  dict += type.size == 1 ? '|' : '<'; // NumPy's byte order for one-byte types
  dict += kindCode;
  dict += std::to_string(type.size);
  dict += "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    dict += (i ? ", " : "") + std::to_string(tensor.shape[i]);
  dict += tensor.shape.size() == 1 ? ",), }" : "), }";

  // The header ends in '\n' and is padded with spaces so that magic, version,
  // length and header together fill a multiple of kHeaderAlignment bytes.
  // Version 1's 16-bit length always suffices: a shape of kMaxRank dimensions
  // below kMaxTensorBytes takes about a kilobyte.
  constexpr size_t prefixSize = kMagicSize + 2 + 2;
  size_t unpadded = prefixSize + dict.size() + 1;
  size_t headerSize =
      (unpadded + kHeaderAlignment - 1) / kHeaderAlignment * kHeaderAlignment - prefixSize;
  std::string file(kMagic, kMagicSize);
  file += char(1); // version 1.0
  file += char(0);
  file += char(headerSize & 0xff);
  file += char(headerSize >> 8);
  file += dict;
  file.append(headerSize - dict.size() - 1, ' ');
  file += '\n';
  return file;
}

} // namespace quantc::runner
