// Pre-decoded executable text shared by the interpreters: every word of each executable segment is
// decoded once at load time into an ISA-specific Op; the loop indexes the Op array by pc.
#ifndef ENTANGLE_VM_COMMON_TEXT_H_
#define ENTANGLE_VM_COMMON_TEXT_H_

#include <cstdint>
#include <cstring>
#include <vector>

#include "common/endian.h"
#include "vm/common/elf.h"

namespace entangle::vm {

template <typename Op>
struct TextRegion {
  uint32_t base = 0, size = 0;  // bytes, word aligned
  std::vector<Op> ops;
  std::vector<uint32_t> raw;  // the instruction words (for traces and fault messages)
};

// Decodes every executable segment of `image` with decode(word, pc) -> Op. Bytes past the file
// contents (bss in a text segment) decode as the all-zero word.
template <typename Op, typename Decode>
std::vector<TextRegion<Op>> DecodeText(const ElfImage& image, bool big_endian, Decode decode) {
  std::vector<TextRegion<Op>> regions;
  for (const auto& s : image.segments) {
    if (!(s.flags & kPfX)) continue;
    TextRegion<Op> r;
    r.base = s.vaddr & ~3u;
    r.size = static_cast<uint32_t>((uint64_t{s.vaddr} + s.memsz - r.base + 3) & ~uint64_t{3});
    r.raw.assign(r.size / 4, 0);
    r.ops.resize(r.size / 4);
    for (uint32_t i = 0; i < r.size / 4; ++i) {
      uint32_t a = r.base + 4 * i;
      uint8_t b[4] = {0, 0, 0, 0};
      for (uint32_t k = 0; k < 4; ++k) {
        uint64_t off = uint64_t{a} + k - s.vaddr;
        if (a + k >= s.vaddr && off < s.data.size()) b[k] = s.data[off];
      }
      r.raw[i] = big_endian ? LoadBe<uint32_t>(b) : LoadLe<uint32_t>(b);
      r.ops[i] = decode(r.raw[i], a);
    }
    regions.push_back(std::move(r));
  }
  return regions;
}

template <bool kBig>
inline uint32_t GuestLoad32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return kBig ? __builtin_bswap32(v) : v;
}
template <bool kBig>
inline void GuestStore32(uint8_t* p, uint32_t v) {
  if (kBig) v = __builtin_bswap32(v);
  std::memcpy(p, &v, 4);
}
template <bool kBig>
inline uint16_t GuestLoad16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return kBig ? __builtin_bswap16(v) : v;
}
template <bool kBig>
inline void GuestStore16(uint8_t* p, uint16_t v) {
  if (kBig) v = __builtin_bswap16(v);
  std::memcpy(p, &v, 2);
}

}  // namespace entangle::vm

#endif  // ENTANGLE_VM_COMMON_TEXT_H_
