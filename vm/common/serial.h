// Little-endian serialization helpers for VM snapshots.
#ifndef ENTANGLE_VM_COMMON_SERIAL_H_
#define ENTANGLE_VM_COMMON_SERIAL_H_

#include <cstdint>
#include <cstring>

#include "common/endian.h"
#include "entangle/types.h"

namespace entangle::vm {

inline void PutU32(Bytes& out, uint32_t v) {
  uint8_t b[4];
  StoreLe<uint32_t>(b, v);
  out.insert(out.end(), b, b + 4);
}
inline void PutU64(Bytes& out, uint64_t v) {
  uint8_t b[8];
  StoreLe<uint64_t>(b, v);
  out.insert(out.end(), b, b + 8);
}
inline void PutBytes(Bytes& out, ByteView v) {
  PutU32(out, static_cast<uint32_t>(v.size()));
  out.insert(out.end(), v.begin(), v.end());
}

struct SerialReader {
  ByteView in;
  size_t& pos;
  bool ok = true;
  uint32_t U32() {
    if (!ok || in.size() - pos < 4 || pos > in.size()) return ok = false, 0;
    uint32_t v = LoadLe<uint32_t>(&in[pos]);
    pos += 4;
    return v;
  }
  uint64_t U64() {
    if (!ok || in.size() - pos < 8 || pos > in.size()) return ok = false, 0;
    uint64_t v = LoadLe<uint64_t>(&in[pos]);
    pos += 8;
    return v;
  }
  bool Raw(uint8_t* dst, size_t n) {
    if (!ok || in.size() - pos < n || pos > in.size()) return ok = false;
    std::memcpy(dst, &in[pos], n);
    pos += n;
    return true;
  }
  Bytes Blob(size_t max = size_t{1} << 31) {
    uint32_t n = U32();
    if (!ok || n > max || in.size() - pos < n) return ok = false, Bytes{};
    Bytes b(in.begin() + pos, in.begin() + pos + n);
    pos += n;
    return b;
  }
};

}  // namespace entangle::vm

#endif  // ENTANGLE_VM_COMMON_SERIAL_H_
