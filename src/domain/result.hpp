// Result<T>: the value of an operation that can fail in an expected way.
// Expected failures (bad input, not found, forbidden, conflict) are values;
// exceptions are reserved for what aborts a request.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace cvdhub {

// One error vocabulary for the whole system; the HTTP layer maps it to a
// status code in exactly one place (http/errors.cpp).
enum class ErrorCode {
  kInvalidInput,          // 400/422: a field is missing, malformed or too long
  kUnauthenticated,       // 401: no or bad credentials
  kForbidden,             // 403: authenticated, but the policy denies it
  kNotFound,              // 404: absent, or not visible to the caller
  kConflict,              // 409: not allowed in the object's current state
  kTooLarge,              // 413: body or attachment over the limit
  kUnsupportedMediaType,  // 415
  kRateLimited,           // 429
  kInternal,              // 500
};

// An error as two audiences see it: `message` (and `field`) may be shown to
// the client; `internal` goes to the log only and may name internals. Neither
// may carry embargoed case content.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  std::string internal;

  static Error Invalid(std::string field, std::string message) {
    return {ErrorCode::kInvalidInput, std::move(message), std::move(field), {}};
  }
  static Error NotFound(std::string what = "not found") {
    return {ErrorCode::kNotFound, std::move(what), {}, {}};
  }
  static Error Forbidden(std::string message = "forbidden") {
    return {ErrorCode::kForbidden, std::move(message), {}, {}};
  }
  static Error Unauthenticated(std::string message = "authentication required") {
    return {ErrorCode::kUnauthenticated, std::move(message), {}, {}};
  }
  static Error Conflict(std::string message) {
    return {ErrorCode::kConflict, std::move(message), {}, {}};
  }
  static Error Internal(std::string internal) {
    return {ErrorCode::kInternal, "internal error", {}, std::move(internal)};
  }
};

// Either a T or an Error. Check ok() before value().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}    // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result of an operation with no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  static Status Ok() { return {}; }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { assert(!ok_); return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace cvdhub
