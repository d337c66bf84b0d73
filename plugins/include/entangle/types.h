// Plain value types shared by every Entangle interface. They are what crosses the plugin boundary:
// owning byte strings, fixed-size digests and small structs, nothing that needs a library's
// allocator.
#ifndef ENTANGLE_TYPES_H_
#define ENTANGLE_TYPES_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace entangle {

// An owning byte string.
using Bytes = std::vector<uint8_t>;
// A non-owning view of bytes.
using ByteView = std::span<const uint8_t>;

// A 32-byte digest (state roots, Merkle roots, transaction ids). Byte order is the producer's
// canonical serialization order; conversions to display order (e.g. Bitcoin's reversed txid) are
// the caller's business.
using Hash32 = std::array<uint8_t, 32>;

// The outcome of running a conformance suite over official test vectors.
struct ConformanceReport {
  std::string suite;
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;
  // Names of failing cases, each with its reason; at most a handful.
  std::vector<std::string> failures;
};

}  // namespace entangle

#endif  // ENTANGLE_TYPES_H_
