#include "common/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "common/bytes.h"
#include "common/thread_pool.h"

namespace entangle {
namespace {

// "PATH: No such file or directory" with the matching code (NotFound, PermissionDenied...).
absl::Status ErrnoError(int err, const std::string& path) { return absl::ErrnoToStatus(err, path); }

absl::Status EmptyError(const std::string& path) {
  return absl::InvalidArgumentError(path + ": the file is empty");
}

}  // namespace

absl::StatusOr<MappedFile> MappedFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(errno, path);
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) return ErrnoError(errno, path);
  if (S_ISDIR(st.st_mode)) return absl::InvalidArgumentError(path + ": is a directory");
  MappedFile f;
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    const size_t size = st.st_size;
    // No MAP_POPULATE: it maps every page on this one thread before returning (~20 ms for the
    // 158 MB 2^18 zkey, cached), while a parallel reader maps them on all its threads as it goes.
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      // Hints only (failure changes nothing): read a file that is not cached ahead, in the
      // background, and sequentially.
      ::madvise(p, size, MADV_WILLNEED);
      ::madvise(p, size, MADV_SEQUENTIAL);
      f.map_ = static_cast<const uint8_t*>(p);
      f.size_ = size;
      return f;
    }
    // A file system that cannot map the file: read it instead.
  }
  // Pipes, character devices, files whose size is not known in advance (/proc), unmappable files:
  // ReadFile (the path opened again while `fd` keeps a pipe's reader end open: no data is lost).
  absl::StatusOr<Bytes> data = ReadFile(path);
  if (!data.ok()) return data.status();
  if (data->empty()) return EmptyError(path);
  f.owned_ = std::move(*data);
  return f;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : map_(std::exchange(other.map_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      owned_(std::move(other.owned_)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    Unmap();
    map_ = std::exchange(other.map_, nullptr);
    size_ = std::exchange(other.size_, 0);
    owned_ = std::move(other.owned_);
  }
  return *this;
}

MappedFile::~MappedFile() { Unmap(); }

void MappedFile::Unmap() {
  if (map_ != nullptr) {
    ReleasePages(map_, size_);  // the page table entries dropped on all threads: a quick munmap
    ::munmap(const_cast<uint8_t*>(map_), size_);
  }
  map_ = nullptr;
  size_ = 0;
}

}  // namespace entangle
