//===- Status.h - success or one error message ------------------*- C++ -*-===//
//
// quantc-runner reports every failure as one line and exits, so a failure
// needs nothing but its message. The runner does not use exceptions: it is
// built next to the exception-free runtime, and a hostile input file must
// end in a clear message, never in std::terminate.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_RUNNER_STATUS_H
#define QUANTC_RUNNER_STATUS_H

#include <string>

namespace quantc::runner {

/// printf into a std::string.
std::string formatString(const char *format, ...) __attribute__((format(printf, 1, 2)));

class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status error(const char *format, ...) __attribute__((format(printf, 1, 2)));

  bool failed() const { return failed_; }
  const std::string &message() const { return message_; }

  /// The same status with "context: " in front of its message, e.g. the file
  /// a parser was reading.
  Status withContext(const std::string &context) const;

private:
  bool failed_ = false;
  std::string message_;
};

} // namespace quantc::runner

#endif // QUANTC_RUNNER_STATUS_H
