#include "common/varint.h"

#include "common/endian.h"

namespace entangle {

void AppendLeb128(Bytes& out, uint64_t value) {
  do {
    uint8_t b = value & 0x7f;
    value >>= 7;
    out.push_back(value != 0 ? (b | 0x80) : b);
  } while (value != 0);
}

absl::StatusOr<uint64_t> ReadLeb128(ByteView in, size_t* offset) {
  uint64_t value = 0;
  for (int i = 0; i < 10; ++i) {
    if (*offset >= in.size()) return absl::InvalidArgumentError("truncated varint");
    uint8_t b = in[(*offset)++];
    if (i == 9 && b > 1) return absl::InvalidArgumentError("varint overflows 64 bits");
    value |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) {
      if (b == 0 && i > 0) return absl::InvalidArgumentError("non-minimal varint");
      return value;
    }
  }
  return absl::InvalidArgumentError("varint longer than 10 bytes");
}

void AppendCompactSize(Bytes& out, uint64_t value) {
  if (value < 0xfd) {
    out.push_back(static_cast<uint8_t>(value));
  } else if (value <= 0xffff) {
    out.push_back(0xfd);
    uint8_t b[2];
    StoreLe<uint16_t>(b, static_cast<uint16_t>(value));
    out.insert(out.end(), b, b + 2);
  } else if (value <= 0xffffffff) {
    out.push_back(0xfe);
    uint8_t b[4];
    StoreLe<uint32_t>(b, static_cast<uint32_t>(value));
    out.insert(out.end(), b, b + 4);
  } else {
    out.push_back(0xff);
    uint8_t b[8];
    StoreLe<uint64_t>(b, value);
    out.insert(out.end(), b, b + 8);
  }
}

absl::StatusOr<uint64_t> ReadCompactSize(ByteView in, size_t* offset) {
  if (*offset >= in.size()) return absl::InvalidArgumentError("truncated compact size");
  uint8_t tag = in[(*offset)++];
  size_t width = tag == 0xfd ? 2 : tag == 0xfe ? 4 : tag == 0xff ? 8 : 0;
  if (width == 0) return tag;
  if (in.size() - *offset < width) return absl::InvalidArgumentError("truncated compact size");
  uint64_t value = width == 2   ? LoadLe<uint16_t>(&in[*offset])
                   : width == 4 ? LoadLe<uint32_t>(&in[*offset])
                                : LoadLe<uint64_t>(&in[*offset]);
  *offset += width;
  uint64_t minimum = width == 2 ? 0xfd : width == 4 ? 0x10000 : 0x100000000ULL;
  if (value < minimum) return absl::InvalidArgumentError("non-canonical compact size");
  return value;
}

}  // namespace entangle
