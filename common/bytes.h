// Byte strings, hex, and fixed-size byte arrays.
#ifndef ENTANGLE_COMMON_BYTES_H_
#define ENTANGLE_COMMON_BYTES_H_

#include <absl/status/statusor.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "entangle/types.h"

namespace entangle {

// Lower-case hex of `data`, no prefix.
std::string ToHex(ByteView data);

// Parses hex (either case; an optional "0x" prefix; even length). Errors name the offending offset.
absl::StatusOr<Bytes> FromHex(std::string_view hex);

// Parses exactly N bytes of hex.
template <size_t N>
absl::StatusOr<std::array<uint8_t, N>> FixedFromHex(std::string_view hex) {
  auto bytes = FromHex(hex);
  if (!bytes.ok()) return bytes.status();
  if (bytes->size() != N) {
    return absl::InvalidArgumentError("expected " + std::to_string(N) + " bytes of hex, got " +
                                      std::to_string(bytes->size()));
  }
  std::array<uint8_t, N> out;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

inline ByteView AsBytes(std::string_view s) {
  return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

inline std::string AsString(ByteView b) {
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

inline void Append(Bytes& out, ByteView more) { out.insert(out.end(), more.begin(), more.end()); }

// Reads a whole file; errors name the path.
absl::StatusOr<Bytes> ReadFile(const std::string& path);
absl::Status WriteFile(const std::string& path, ByteView data);

}  // namespace entangle

#endif  // ENTANGLE_COMMON_BYTES_H_
