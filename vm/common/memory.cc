#include "vm/common/memory.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <vector>

#include "common/endian.h"
#include "common/sha.h"
#include "vm/common/serial.h"

namespace entangle::vm {
namespace {

class Sha256Pages final : public PageHasher {
 public:
  Hash32 Leaf(uint32_t page_index, const uint8_t* page, size_t size) const override {
    Sha256Hasher h;
    uint8_t prefix[5] = {0};
    StoreBe<uint32_t>(prefix + 1, page_index);
    h.Update(ByteView(prefix, 5)).Update(ByteView(page, size));
    return h.Finish();
  }
  Hash32 Node(const Hash32& l, const Hash32& r) const override {
    uint8_t buf[65];
    buf[0] = 1;
    std::memcpy(buf + 1, l.data(), 32);
    std::memcpy(buf + 33, r.data(), 32);
    return Sha256(ByteView(buf, 65));
  }
};

}  // namespace

const PageHasher& Sha256PageHasher() {
  static const Sha256Pages hasher;
  return hasher;
}

Memory::Memory()
    : rd_(static_cast<uint8_t**>(std::calloc(kNumPages, sizeof(uint8_t*)))),
      wr_(static_cast<uint8_t**>(std::calloc(kNumPages, sizeof(uint8_t*)))),
      perm_(static_cast<uint8_t*>(std::calloc(kNumPages, 1))) {
  if (!rd_ || !wr_ || !perm_) throw std::bad_alloc();
}

void Memory::Drop(uint32_t page) {
  rd_[page] = nullptr;
  wr_[page] = nullptr;
  pages_.erase(page);
}

void Memory::Refresh(uint32_t page) {
  auto it = pages_.find(page);
  uint8_t* p = it == pages_.end() ? nullptr : it->second.get();
  rd_[page] = (perm_[page] & kR) ? p : nullptr;
  wr_[page] = (perm_[page] & kW) ? p : nullptr;
}

void Memory::Map(uint32_t addr, uint64_t size, uint8_t perm) {
  if (size == 0) return;
  uint64_t first = addr >> kPageBits, last = (uint64_t{addr} + size - 1) >> kPageBits;
  if (last >= kNumPages) last = kNumPages - 1;
  for (uint64_t p = first; p <= last; ++p) {
    Drop(static_cast<uint32_t>(p));
    perm_[p] = static_cast<uint8_t>(perm | kMapped);
  }
}

void Memory::Protect(uint32_t addr, uint64_t size, uint8_t perm) {
  if (size == 0) return;
  uint64_t first = addr >> kPageBits, last = (uint64_t{addr} + size - 1) >> kPageBits;
  if (last >= kNumPages) last = kNumPages - 1;
  for (uint64_t p = first; p <= last; ++p) {
    if (!(perm_[p] & kMapped)) continue;
    perm_[p] = static_cast<uint8_t>(perm | kMapped);
    Refresh(static_cast<uint32_t>(p));
  }
}

void Memory::Unmap(uint32_t addr, uint64_t size) {
  if (size == 0) return;
  uint64_t first = addr >> kPageBits, last = (uint64_t{addr} + size - 1) >> kPageBits;
  if (last >= kNumPages) last = kNumPages - 1;
  for (uint64_t p = first; p <= last; ++p) {
    Drop(static_cast<uint32_t>(p));
    perm_[p] = 0;
  }
}

bool Memory::RangeFree(uint32_t addr, uint64_t size) const {
  if (uint64_t{addr} + size > (uint64_t{1} << 32)) return false;
  uint64_t first = addr >> kPageBits, last = (uint64_t{addr} + size - 1) >> kPageBits;
  for (uint64_t p = first; p <= last; ++p) {
    if (perm_[p] & kMapped) return false;
  }
  return true;
}

uint8_t* Memory::SlowPage(uint32_t addr, uint8_t need) {
  uint32_t page = addr >> kPageBits;
  if ((perm_[page] & need) != need) return nullptr;
  auto& slot = pages_[page];
  if (!slot) slot.reset(new uint8_t[kPageSize]());
  Refresh(page);
  return slot.get();
}

bool Memory::CopyIn(uint32_t addr, uint8_t* dst, size_t n) {
  while (n > 0) {
    uint8_t* p = ReadPage(addr);
    if (p == nullptr) return false;
    size_t off = addr & kPageMask, chunk = std::min<size_t>(n, kPageSize - off);
    std::memcpy(dst, p + off, chunk);
    dst += chunk;
    n -= chunk;
    if (n > 0 && addr + chunk < addr) return false;
    addr += static_cast<uint32_t>(chunk);
  }
  return true;
}

bool Memory::CopyOut(uint32_t addr, const uint8_t* src, size_t n) {
  while (n > 0) {
    uint8_t* p = WritePage(addr);
    if (p == nullptr) return false;
    size_t off = addr & kPageMask, chunk = std::min<size_t>(n, kPageSize - off);
    std::memcpy(p + off, src, chunk);
    src += chunk;
    n -= chunk;
    if (n > 0 && addr + chunk < addr) return false;
    addr += static_cast<uint32_t>(chunk);
  }
  return true;
}

bool Memory::Poke(uint32_t addr, const uint8_t* src, size_t n) {
  while (n > 0) {
    uint32_t page = addr >> kPageBits;
    if (!(perm_[page] & kMapped)) return false;
    auto& slot = pages_[page];
    if (!slot) slot.reset(new uint8_t[kPageSize]());
    Refresh(page);
    size_t off = addr & kPageMask, chunk = std::min<size_t>(n, kPageSize - off);
    std::memcpy(slot.get() + off, src, chunk);
    src += chunk;
    n -= chunk;
    addr += static_cast<uint32_t>(chunk);
  }
  return true;
}

Hash32 Memory::Root(const PageHasher& hasher) const {
  std::vector<Hash32> level;
  level.reserve(pages_.size());
  for (const auto& [index, page] : pages_)
    level.push_back(hasher.Leaf(index, page.get(), kPageSize));
  if (level.empty()) return Hash32{};
  while (level.size() > 1) {
    std::vector<Hash32> next;
    next.reserve((level.size() + 1) / 2);
    for (size_t i = 0; i + 1 < level.size(); i += 2)
      next.push_back(hasher.Node(level[i], level[i + 1]));
    if (level.size() % 2 == 1) next.push_back(level.back());
    level.swap(next);
  }
  return level[0];
}

void Memory::Serialize(Bytes& out) const {
  // Permission runs, then touched pages.
  std::vector<std::pair<uint32_t, uint32_t>> runs;  // (start page, length) per equal perm
  Bytes run_bytes;
  uint32_t nruns = 0;
  for (uint64_t p = 0; p < kNumPages;) {
    uint8_t v = perm_[p];
    uint64_t q = p + 1;
    while (q < kNumPages && perm_[q] == v) ++q;
    if (v != 0) {
      PutU32(run_bytes, static_cast<uint32_t>(p));
      PutU32(run_bytes, static_cast<uint32_t>(q - p));
      run_bytes.push_back(v);
      ++nruns;
    }
    p = q;
  }
  PutU32(out, nruns);
  out.insert(out.end(), run_bytes.begin(), run_bytes.end());
  PutU32(out, static_cast<uint32_t>(pages_.size()));
  for (const auto& [index, page] : pages_) {
    PutU32(out, index);
    out.insert(out.end(), page.get(), page.get() + kPageSize);
  }
}

bool Memory::Deserialize(ByteView in, size_t& pos) {
  SerialReader r{in, pos};
  pages_.clear();
  std::fill(rd_.get(), rd_.get() + kNumPages, nullptr);
  std::fill(wr_.get(), wr_.get() + kNumPages, nullptr);
  std::memset(perm_.get(), 0, kNumPages);
  uint32_t nruns = r.U32();
  for (uint32_t i = 0; i < nruns && r.ok; ++i) {
    uint32_t start = r.U32(), len = r.U32();
    uint8_t v = 0;
    r.Raw(&v, 1);
    if (!r.ok || uint64_t{start} + len > kNumPages) return false;
    std::memset(&perm_[start], v, len);
  }
  uint32_t npages = r.U32();
  for (uint32_t i = 0; i < npages && r.ok; ++i) {
    uint32_t index = r.U32();
    if (!r.ok || index >= kNumPages || !(perm_[index] & kMapped)) return false;
    auto& slot = pages_[index];
    slot.reset(new uint8_t[kPageSize]);
    if (!r.Raw(slot.get(), kPageSize)) return false;
    Refresh(index);
  }
  return r.ok;
}

}  // namespace entangle::vm
