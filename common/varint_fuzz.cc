// Fuzz target: varint and hex decoders must reject or accept any input without crashing, and whatever
// they accept must re-encode to the same bytes (they only accept canonical encodings).
#include <cstdlib>
#include <string_view>

#include "common/bytes.h"
#include "common/varint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  entangle::ByteView in(data, size);
  size_t off = 0;
  if (auto v = entangle::ReadLeb128(in, &off); v.ok()) {
    entangle::Bytes again;
    entangle::AppendLeb128(again, *v);
    if (again.size() != off || !std::equal(again.begin(), again.end(), data)) std::abort();
  }
  off = 0;
  if (auto v = entangle::ReadCompactSize(in, &off); v.ok()) {
    entangle::Bytes again;
    entangle::AppendCompactSize(again, *v);
    if (again.size() != off || !std::equal(again.begin(), again.end(), data)) std::abort();
  }
  auto hex = entangle::FromHex(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)hex;
  return 0;
}
