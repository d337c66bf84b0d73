#include "common/bytes.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace entangle {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string ToHex(ByteView data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(data.size() * 2, '\0');
  for (size_t i = 0; i < data.size(); ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 15];
  }
  return out;
}

absl::StatusOr<Bytes> FromHex(std::string_view hex) {
  size_t offset = 0;
  if (hex.size() >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) offset = 2;
  if ((hex.size() - offset) % 2 != 0) {
    return absl::InvalidArgumentError("hex string has odd length " + std::to_string(hex.size()));
  }
  Bytes out((hex.size() - offset) / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = HexValue(hex[offset + 2 * i]);
    int lo = HexValue(hex[offset + 2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return absl::InvalidArgumentError("invalid hex digit at offset " +
                                        std::to_string(offset + 2 * i + (hi < 0 ? 0 : 1)));
    }
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

absl::StatusOr<Bytes> ReadFile(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return absl::NotFoundError(path + ": " + std::strerror(errno));
  Bytes out;
  // A regular file is read in one go into a buffer of its size.
  if (struct stat st; fstat(fileno(f.get()), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    out.resize(st.st_size);
    out.resize(std::fread(out.data(), 1, out.size(), f.get()));
  }
  uint8_t buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f.get())) > 0) out.insert(out.end(), buf, buf + n);
  if (std::ferror(f.get())) return absl::DataLossError(path + ": read error");
  return out;
}

absl::Status WriteFile(const std::string& path, ByteView data) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!f) return absl::PermissionDeniedError(path + ": " + std::strerror(errno));
  if (std::fwrite(data.data(), 1, data.size(), f.get()) != data.size()) {
    return absl::DataLossError(path + ": write error");
  }
  if (std::fflush(f.get()) != 0) return absl::DataLossError(path + ": write error");
  return absl::OkStatus();
}

}  // namespace entangle
