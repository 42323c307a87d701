//===- Status.cpp - success or one error message --------------------------===//

#include "Status.h"

#include <cstdarg>
#include <cstdio>

namespace quantc::runner {

namespace {

std::string formatStringV(const char *format, va_list args) {
  va_list sizing;
  va_copy(sizing, args);
  int length = std::vsnprintf(nullptr, 0, format, sizing);
  va_end(sizing);
  if (length <= 0)
    return std::string();
  std::string text(static_cast<size_t>(length) + 1, '\0');
  std::vsnprintf(text.data(), text.size(), format, args);
  text.resize(static_cast<size_t>(length));
  return text;
}

} // namespace

std::string formatString(const char *format, ...) {
  va_list args;
  va_start(args, format);
  std::string text = formatStringV(format, args);
  va_end(args);
  return text;
}

Status Status::error(const char *format, ...) {
  va_list args;
  va_start(args, format);
  Status status;
  status.failed_ = true;
  status.message_ = formatStringV(format, args);
  va_end(args);
  return status;
}

Status Status::withContext(const std::string &context) const {
  if (!failed_)
    return *this;
  Status status = *this;
  status.message_ = context + ": " + message_;
  return status;
}

} // namespace quantc::runner
