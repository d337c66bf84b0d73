// A whole file's bytes without a copy: a regular file is memory-mapped read-only (its pages are
// mapped at the first read of each, so a reader on several threads maps them in parallel; reading
// ahead is started in the background for a file that is not cached); anything else (a pipe, a
// character device) is read into an owned buffer. Unlike ReadFile, nothing is zero-filled or copied
// for a regular file.
#ifndef ENTANGLE_COMMON_MAPPED_FILE_H_
#define ENTANGLE_COMMON_MAPPED_FILE_H_

#include <absl/status/statusor.h>

#include <cstddef>
#include <string>

#include "entangle/types.h"

namespace entangle {

class MappedFile {
 public:
  // Errors name the path: NotFound (missing), PermissionDenied (unreadable), InvalidArgument (a
  // directory, or an empty file), DataLoss (a read error). A regular file must not be truncated by
  // another process while it is mapped (reading past the new end would fault).
  static absl::StatusOr<MappedFile> Open(const std::string& path);

  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  ByteView bytes() const { return map_ != nullptr ? ByteView(map_, size_) : ByteView(owned_); }
  size_t size() const { return bytes().size(); }
  bool mapped() const { return map_ != nullptr; }

 private:
  void Unmap();

  const uint8_t* map_ = nullptr;  // the mapping of a regular file, or null
  size_t size_ = 0;               // its length
  Bytes owned_;                   // the bytes of anything else
};

}  // namespace entangle

#endif  // ENTANGLE_COMMON_MAPPED_FILE_H_
