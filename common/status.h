// Status plumbing: errors cross module boundaries as absl::Status / absl::StatusOr.
#ifndef ENTANGLE_COMMON_STATUS_H_
#define ENTANGLE_COMMON_STATUS_H_

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#define ENTANGLE_CONCAT_INNER_(a, b) a##b
#define ENTANGLE_CONCAT_(a, b) ENTANGLE_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (an absl::Status) is not OK.
#define RETURN_IF_ERROR(expr)                            \
  do {                                                   \
    ::absl::Status _entangle_status = (expr);            \
    if (!_entangle_status.ok()) return _entangle_status; \
  } while (0)

// ASSIGN_OR_RETURN(auto x, Foo()); binds the value of an absl::StatusOr or returns its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ENTANGLE_ASSIGN_OR_RETURN_IMPL_(ENTANGLE_CONCAT_(_entangle_statusor_, __LINE__), lhs, expr)
#define ENTANGLE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return std::move(tmp).status();        \
  lhs = std::move(tmp).value()

#endif  // ENTANGLE_COMMON_STATUS_H_
