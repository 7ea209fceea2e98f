// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <utility>
#include <variant>

#include "voxdiff/Error.h"

namespace voxdiff::core {

/// Either a value or an Error. The core's fallible entry points return this; no exception
/// crosses the public API. Access the value only after checking ok().
template <typename T> class [[nodiscard]] Result {
  public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}     // NOLINT
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {} // NOLINT

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_state); }
    const T& value() const& { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    T* operator->() { return &std::get<0>(m_state); }
    const T* operator->() const { return &std::get<0>(m_state); }

    const Error& error() const { return std::get<1>(m_state); }

  private:
    std::variant<T, Error> m_state;
};

/// Result of an operation that yields nothing on success.
struct Ok {};
using Status = Result<Ok>;

inline Error makeError(ErrorCode code, std::string message, std::filesystem::path file = {},
                       std::string context = {}) {
    return Error{code, std::move(message), std::move(file), std::move(context)};
}

} // namespace voxdiff::core
