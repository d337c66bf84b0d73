// Loads and stores of fixed-width integers in a given byte order, from unaligned memory.
#ifndef ENTANGLE_COMMON_ENDIAN_H_
#define ENTANGLE_COMMON_ENDIAN_H_

#include <bit>
#include <cstdint>
#include <cstring>

namespace entangle {

template <typename T>
inline T ByteSwap(T v) {
  if constexpr (sizeof(T) == 1) return v;
  if constexpr (sizeof(T) == 2) return static_cast<T>(__builtin_bswap16(static_cast<uint16_t>(v)));
  if constexpr (sizeof(T) == 4) return static_cast<T>(__builtin_bswap32(static_cast<uint32_t>(v)));
  if constexpr (sizeof(T) == 8) return static_cast<T>(__builtin_bswap64(static_cast<uint64_t>(v)));
}

template <typename T>
inline T LoadLe(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  if constexpr (std::endian::native == std::endian::big) v = ByteSwap(v);
  return v;
}

template <typename T>
inline T LoadBe(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  if constexpr (std::endian::native == std::endian::little) v = ByteSwap(v);
  return v;
}

template <typename T>
inline void StoreLe(uint8_t* p, T v) {
  if constexpr (std::endian::native == std::endian::big) v = ByteSwap(v);
  std::memcpy(p, &v, sizeof(T));
}

template <typename T>
inline void StoreBe(uint8_t* p, T v) {
  if constexpr (std::endian::native == std::endian::little) v = ByteSwap(v);
  std::memcpy(p, &v, sizeof(T));
}

}  // namespace entangle

#endif  // ENTANGLE_COMMON_ENDIAN_H_
