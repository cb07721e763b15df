// Status and StatusOr: errors that cross a module boundary are values.
// A Status carries a message a user can act on: what failed, where, and why.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace govaudit {

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message), true); }

  bool ok() const { return !failed_; }
  const std::string& message() const { return message_; }

  // Prefixes context ("reading config.toml: ") to an error; OK stays OK.
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Error(context + ": " + message_);
  }

 private:
  Status(std::string message, bool failed) : message_(std::move(message)), failed_(failed) {}
  std::string message_;
  bool failed_ = false;
};

template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  StatusOr(Status status) : value_(std::move(status)) {}  // NOLINT: must be an error

  bool ok() const { return std::holds_alternative<T>(value_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T& value() & { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  // The value, or `fallback` when this holds an error.
  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }
  T value_or(T fallback) && { return ok() ? std::get<T>(std::move(value_)) : std::move(fallback); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace govaudit

// Returns the Status of `expr` from the enclosing function when it is an error.
#define RETURN_IF_ERROR(expr)                             \
  do {                                                    \
    ::govaudit::Status govaudit_status_ = (expr);         \
    if (!govaudit_status_.ok()) return govaudit_status_;  \
  } while (0)

#define GOVAUDIT_CONCAT_INNER_(a, b) a##b
#define GOVAUDIT_CONCAT_(a, b) GOVAUDIT_CONCAT_INNER_(a, b)
// `ASSIGN_OR_RETURN(auto x, F())`: x = *F(), or returns F()'s error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(GOVAUDIT_CONCAT_(govaudit_or_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return tmp.status();          \
  lhs = std::move(tmp).value()
