// Variable-length integers: LEB128 (protobuf, Cosmos) and Bitcoin's CompactSize.
#ifndef ENTANGLE_COMMON_VARINT_H_
#define ENTANGLE_COMMON_VARINT_H_

#include <absl/status/statusor.h>

#include <cstdint>

#include "entangle/types.h"

namespace entangle {

void AppendLeb128(Bytes& out, uint64_t value);
// Reads a LEB128 value at `*offset` and advances it. Rejects truncation, overlong (non-minimal)
// encodings and values above 2^64-1.
absl::StatusOr<uint64_t> ReadLeb128(ByteView in, size_t* offset);

void AppendCompactSize(Bytes& out, uint64_t value);
// Reads a CompactSize; rejects non-canonical encodings (as Bitcoin Core does).
absl::StatusOr<uint64_t> ReadCompactSize(ByteView in, size_t* offset);

}  // namespace entangle

#endif  // ENTANGLE_COMMON_VARINT_H_
