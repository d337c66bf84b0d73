// Paged, sparse guest memory for 32-bit ISAs: 4 KiB pages materialized on first touch, page
// permissions, and a Merkle root over the touched pages behind a small hasher interface (SHA-256
// now; the prover's Goldilocks Poseidon plugs in through PageHasher).
#ifndef ENTANGLE_VM_COMMON_MEMORY_H_
#define ENTANGLE_VM_COMMON_MEMORY_H_

#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>

#include "entangle/types.h"

namespace entangle::vm {

// The hash a memory root is built with. Leaves are pages; inner nodes hash two children.
class PageHasher {
 public:
  virtual ~PageHasher() = default;
  virtual Hash32 Leaf(uint32_t page_index, const uint8_t* page, size_t size) const = 0;
  virtual Hash32 Node(const Hash32& left, const Hash32& right) const = 0;
};

// SHA-256: leaf = SHA256(0x00 || page_index (u32 BE) || page), node = SHA256(0x01 || left ||
// right).
const PageHasher& Sha256PageHasher();

class Memory {
 public:
  static constexpr uint32_t kPageBits = 12;
  static constexpr uint32_t kPageSize = 1u << kPageBits;
  static constexpr uint32_t kPageMask = kPageSize - 1;
  static constexpr uint32_t kNumPages = 1u << (32 - kPageBits);
  // Permission bits; kMapped marks a page that belongs to a mapping (even PROT_NONE).
  static constexpr uint8_t kR = 1, kW = 2, kX = 4, kMapped = 8;

  Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  // Maps whole pages covering [addr, addr + size) with `perm` (kR|kW|kX). Previous contents of the
  // range are dropped (fresh mappings read as zero).
  void Map(uint32_t addr, uint64_t size, uint8_t perm);
  // Changes permissions of mapped pages in the range (contents kept).
  void Protect(uint32_t addr, uint64_t size, uint8_t perm);
  void Unmap(uint32_t addr, uint64_t size);
  // Whether no page of the range is mapped.
  bool RangeFree(uint32_t addr, uint64_t size) const;
  uint8_t PagePerm(uint32_t page) const { return perm_[page]; }

  // The page holding `addr` for reading / writing, materialized on first touch, or nullptr when the
  // access is not allowed. The Fast variants only look at the tables.
  uint8_t* ReadPage(uint32_t addr) {
    uint8_t* p = rd_[addr >> kPageBits];
    return p != nullptr ? p : SlowPage(addr, kR);
  }
  uint8_t* WritePage(uint32_t addr) {
    uint8_t* p = wr_[addr >> kPageBits];
    return p != nullptr ? p : SlowPage(addr, kW);
  }

  // Raw tables for interpreter fast paths (entries are page bases or nullptr) and the slow path
  // that materializes a page on first touch (nullptr when `need` (kR or kW) is not allowed).
  uint8_t* const* ReadTable() const { return rd_.get(); }
  uint8_t* const* WriteTable() const { return wr_.get(); }
  uint8_t* Materialize(uint32_t addr, uint8_t need) { return SlowPage(addr, need); }

  // Copies between guest and host memory, page by page; false if any byte is not accessible.
  bool CopyIn(uint32_t addr, uint8_t* dst, size_t n);
  bool CopyOut(uint32_t addr, const uint8_t* src, size_t n);
  // Writes regardless of the write permission (loader use).
  bool Poke(uint32_t addr, const uint8_t* src, size_t n);

  // Merkle root over all touched pages in page order (all-zero for an empty memory).
  Hash32 Root(const PageHasher& hasher) const;
  size_t TouchedPages() const { return pages_.size(); }

  // Serialization of mappings and touched pages (for snapshots and state hashes).
  void Serialize(Bytes& out) const;
  // Parses what Serialize wrote starting at `pos`; advances pos. False on malformed input.
  bool Deserialize(ByteView in, size_t& pos);

 private:
  uint8_t* SlowPage(uint32_t addr, uint8_t need);
  void Drop(uint32_t page);
  void Refresh(uint32_t page);

  // calloc'ed: the kernel hands out zero pages lazily, so an executor costs nothing up front.
  struct Free {
    void operator()(void* p) const { std::free(p); }
  };
  std::unique_ptr<uint8_t*[], Free> rd_;
  std::unique_ptr<uint8_t*[], Free> wr_;
  std::unique_ptr<uint8_t[], Free> perm_;
  std::map<uint32_t, std::unique_ptr<uint8_t[]>> pages_;
};

}  // namespace entangle::vm

#endif  // ENTANGLE_VM_COMMON_MEMORY_H_
