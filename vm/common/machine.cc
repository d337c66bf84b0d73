#include "vm/common/machine.h"

#include <absl/strings/str_format.h>

#include <algorithm>
#include <cstring>

#include "common/endian.h"
#include "common/sha.h"
#include "vm/common/serial.h"

namespace entangle::vm {
namespace {

constexpr uint64_t kNoDeadline = ~uint64_t{0};
constexpr int64_t kEperm = 1, kEnoent = 2, kEbadf = 9, kEagain = 11, kEnomem = 12, kEfault = 14,
                  kEinval = 22, kEnotty = 25;
constexpr uint64_t kRealtimeEpoch = 1700000000ull * 1000000000ull;
constexpr uint64_t kMonotonicBase = 1000000000ull;
constexpr uint32_t kStateMagic = 0x564d5331;  // "VMS1"

constexpr uint32_t kEpollMarker = 0xffffffffu;  // wait_addr of a thread blocked in epoll_wait
constexpr uint32_t kCloneVm = 0x100, kCloneSettls = 0x80000, kCloneParentSettid = 0x100000,
                   kCloneChildCleartid = 0x200000, kCloneChildSettid = 0x1000000;

uint32_t PageUp(uint64_t v) {
  return static_cast<uint32_t>((v + Memory::kPageMask) & ~uint64_t{Memory::kPageMask});
}

}  // namespace

Machine::Machine(IsaTraits traits, const ExecutorOptions& options)
    : traits_(std::move(traits)), options_(options) {
  input_hash_ = Sha256(options_.input);
  if (options_.segment_cycles > 0) next_boundary_ = options_.segment_cycles;
}

bool Machine::ReadU32(uint32_t addr, uint32_t& v) {
  uint8_t b[4];
  if (!mem_.CopyIn(addr, b, 4)) return false;
  v = traits_.big_endian ? LoadBe<uint32_t>(b) : LoadLe<uint32_t>(b);
  return true;
}

bool Machine::WriteU32(uint32_t addr, uint32_t v) {
  uint8_t b[4];
  if (traits_.big_endian)
    StoreBe<uint32_t>(b, v);
  else
    StoreLe<uint32_t>(b, v);
  return mem_.CopyOut(addr, b, 4);
}

absl::Status Machine::InitImage(const ElfImage& image) {
  // Program hash: entry and every segment (address, size, permissions, bytes).
  Bytes desc;
  desc.insert(desc.end(), traits_.name.begin(), traits_.name.end());
  PutU32(desc, image.entry);
  uint32_t end = 0;
  for (const auto& s : image.segments) {
    PutU32(desc, s.vaddr);
    PutU32(desc, s.memsz);
    PutU32(desc, s.flags);
    PutBytes(desc, s.data);
    uint8_t perm = (s.flags & kPfR ? Memory::kR : 0) | (s.flags & kPfW ? Memory::kW : 0) |
                   (s.flags & kPfX ? Memory::kX | Memory::kR : 0);
    if (uint64_t{s.vaddr} + s.memsz > kMmapTop) {
      return absl::InvalidArgumentError(
          absl::StrFormat("bad ELF: segment at 0x%x size 0x%x reaches the stack area (0x%x)",
                          s.vaddr, s.memsz, kMmapTop));
    }
    if (s.vaddr < Memory::kPageSize) {
      return absl::InvalidArgumentError(
          absl::StrFormat("bad ELF: segment at 0x%x lies in the null page", s.vaddr));
    }
    // Segments may share a page at their edges: the union of permissions applies there.
    uint32_t first = s.vaddr >> Memory::kPageBits;
    uint32_t last = static_cast<uint32_t>((uint64_t{s.vaddr} + s.memsz - 1) >> Memory::kPageBits);
    for (uint32_t p = first; p <= last; ++p) {
      uint8_t old = mem_.PagePerm(p);
      if (old & Memory::kMapped) {
        mem_.Protect(p << Memory::kPageBits, Memory::kPageSize, (old & 7) | perm);
      } else {
        mem_.Map(p << Memory::kPageBits, Memory::kPageSize, perm);
      }
    }
    if (!mem_.Poke(s.vaddr, s.data.data(), s.data.size())) {
      return absl::InternalError("loader: cannot write a segment");
    }
    end = std::max<uint32_t>(end, s.vaddr + s.memsz);
  }
  program_hash_ = Sha256(desc);
  brk_ = PageUp(end);

  // Stack: argc, argv[0], NULL, envp NULL, auxv, then strings and AT_RANDOM bytes.
  mem_.Map(kStackTop - kStackSize, kStackSize, Memory::kR | Memory::kW);
  uint32_t top = kStackTop - 64;
  const char name[] = "guest";
  mem_.Poke(top, reinterpret_cast<const uint8_t*>(name), sizeof(name));
  uint32_t rnd = top + 16;
  Digest32 seed = Sha256(ByteView(reinterpret_cast<const uint8_t*>("entangle AT_RANDOM"), 18));
  mem_.Poke(rnd, seed.data(), 16);
  std::vector<uint32_t> words = {
      1,   top, 0, 0, 6, Memory::kPageSize, 25, rnd, 16, 0, 17,
      100, 23,  0, 0, 0};  // AT_PAGESZ AT_RANDOM AT_HWCAP AT_CLKTCK AT_SECURE
  uint32_t sp = (top - 4 * static_cast<uint32_t>(words.size()) - 64) & ~15u;
  for (size_t i = 0; i < words.size(); ++i) WriteU32(sp + 4 * static_cast<uint32_t>(i), words[i]);

  threads_.clear();
  Thread main;
  main.tid = next_tid_++;
  main.deadline = kNoDeadline;
  SetupEntry(main, image.entry, sp);
  threads_.push_back(main);
  current_ = 0;
  return absl::OkStatus();
}

void Machine::FlushTrace() {
  if (sink_ != nullptr && !trace_buf_.empty()) sink_->OnRows(trace_buf_);
  trace_buf_.clear();
}

RunResult Machine::Run(uint64_t max_cycles) noexcept {
  RunResult res;
  auto finish = [&](StopReason why) {
    FlushTrace();
    res.reason = why;
    res.cycles = cycles_;
    res.exit_code = exit_code_;
    res.pc = threads_.empty() ? 0 : threads_[current_].pc;
    if (why == StopReason::kFault) {
      res.fault = fault_;
      res.pc = fault_pc_;
    }
    return res;
  };
  if (halted_) return finish(StopReason::kHalted);
  if (faulted_) return finish(StopReason::kFault);
  uint64_t budget_end = max_cycles > ~uint64_t{0} - cycles_ ? ~uint64_t{0} : cycles_ + max_cycles;
  for (;;) {
    if (next_boundary_ != 0 && cycles_ >= next_boundary_) {
      next_boundary_ += options_.segment_cycles;
      FlushTrace();
      if (sink_ != nullptr) sink_->OnSegmentEnd(segment_index_, cycles_);
      ++segment_index_;
      return finish(StopReason::kSegmentBoundary);
    }
    if (cycles_ >= budget_end) return finish(StopReason::kCycleLimit);
    if (need_switch_ || threads_[current_].state != Thread::kRunnable || cycles_ >= slice_end_) {
      bool preempt = !need_switch_ && threads_[current_].state == Thread::kRunnable;
      need_switch_ = false;
      if (!Switch(!preempt)) {
        faulted_ = true;
        fault_pc_ = threads_[current_].pc;
        fault_ = "deadlock: every guest thread is blocked";
        return finish(StopReason::kFault);
      }
    }
    Thread& t = threads_[current_];
    uint64_t limit = std::min(budget_end, slice_end_);
    if (next_boundary_ != 0) limit = std::min(limit, next_boundary_);
    fault_signal_ = 0;
    SliceExit e = ExecuteSlice(t, limit);
    if (e == SliceExit::kFault) {
      // A synchronous signal with an installed handler (Go's nil-pointer panics) is delivered.
      if (fault_signal_ > 0 && fault_signal_ < static_cast<int>(sigactions_.size()) &&
          sigactions_[fault_signal_].handler > 1 &&
          DeliverSignal(threads_[current_], fault_signal_, fault_code_, fault_addr_,
                        sigactions_[fault_signal_])) {
        fault_.clear();
        continue;
      }
      faulted_ = true;
      return finish(StopReason::kFault);
    }
    if (e == SliceExit::kSyscall) {
      HandleSyscall(threads_[current_]);
      if (faulted_) return finish(StopReason::kFault);
      if (halted_) {
        FlushTrace();
        if (sink_ != nullptr) sink_->OnSegmentEnd(segment_index_, cycles_);
        return finish(StopReason::kHalted);
      }
    }
  }
}

void Machine::WakeExpired() {
  uint64_t now = NowNs();
  for (auto& t : threads_) {
    if ((t.state == Thread::kFutexWait || t.state == Thread::kSleeping) && t.deadline <= now) {
      if (t.state == Thread::kFutexWait) SetSyscallResult(t, -traits_.etimedout);
      t.state = Thread::kRunnable;
      t.wait_addr = 0;
      t.deadline = kNoDeadline;
    }
  }
}

bool Machine::Switch(bool blocked_or_yield) {
  // blocked_or_yield: the current thread gave up the CPU (it is tried last); otherwise preemption.
  uint32_t n = static_cast<uint32_t>(threads_.size());
  for (int round = 0; round < 2; ++round) {
    WakeExpired();
    for (uint32_t k = 1; k <= n; ++k) {
      uint32_t i = (current_ + k) % n;
      if (threads_[i].state == Thread::kRunnable) {
        if (i != current_) threads_[current_].ll = 0;
        current_ = i;
        slice_end_ = cycles_ + kQuantum;
        return true;
      }
    }
    // Nobody can run: let virtual time pass until the earliest deadline.
    uint64_t earliest = kNoDeadline;
    for (const auto& t : threads_) {
      if (t.state == Thread::kFutexWait || t.state == Thread::kSleeping) {
        earliest = std::min(earliest, t.deadline);
      }
    }
    if (earliest == kNoDeadline) return false;
    uint64_t now = NowNs();
    if (earliest > now) idle_ns_ += earliest - now;
  }
  return false;
}

void Machine::HandleSyscall(Thread& t) {
  uint32_t nr = 0, a[6] = {0};
  ReadSyscall(t, nr, a);
  skip_result_ = false;
  int64_t r = DoSyscall(t, nr, a);
  if (faulted_ || halted_ || skip_result_) return;
  // DoSyscall may have grown threads_ (clone): re-fetch the thread.
  Thread& self = threads_[current_];
  if (self.state != Thread::kExited) SetSyscallResult(self, r);
}

uint8_t Machine::ProtToPerm(uint32_t prot) const {
  return static_cast<uint8_t>((prot & 1 ? Memory::kR : 0) |
                              (prot & 2 ? Memory::kW | Memory::kR : 0) |
                              (prot & 4 ? Memory::kR : 0));
}

int64_t Machine::Mmap(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags, uint32_t fd) {
  constexpr uint32_t kMapFixed = 0x10;
  if (len == 0) return -kEinval;
  if (!(flags & traits_.map_anonymous)) return -kEbadf;  // no files to map
  uint64_t size = PageUp(len);
  if (size == 0) size = uint64_t{1} << 32;
  uint8_t perm = ProtToPerm(prot);
  if (flags & kMapFixed) {
    if (addr & Memory::kPageMask) return -kEinval;
    if (uint64_t{addr} + size > kMmapTop) return -kEnomem;
    mem_.Map(addr, size, perm);
    return addr;
  }
  if (addr != 0 && !(addr & Memory::kPageMask) && uint64_t{addr} + size <= kMmapTop &&
      addr >= brk_ && mem_.RangeFree(addr, size)) {
    mem_.Map(addr, size, perm);
    return addr;
  }
  // Top-down first fit below the stack.
  uint32_t need = static_cast<uint32_t>(size >> Memory::kPageBits);
  uint32_t run = 0;
  uint32_t lowest = (brk_ >> Memory::kPageBits) + 256;  // leave room for brk growth
  for (uint32_t p = (kMmapTop >> Memory::kPageBits); p-- > lowest;) {
    if (mem_.PagePerm(p) & Memory::kMapped) {
      run = 0;
      continue;
    }
    if (++run == need) {
      uint32_t base = p << Memory::kPageBits;
      mem_.Map(base, size, perm);
      return base;
    }
  }
  return -kEnomem;
}

uint32_t Machine::FutexWake(uint32_t addr, uint32_t count) {
  std::vector<Thread*> waiters;
  for (auto& w : threads_) {
    if (w.state == Thread::kFutexWait && w.wait_addr == addr) waiters.push_back(&w);
  }
  std::sort(waiters.begin(), waiters.end(),
            [](const Thread* x, const Thread* y) { return x->wait_seq < y->wait_seq; });
  uint32_t woken = 0;
  for (Thread* w : waiters) {
    if (woken >= count) break;
    w->state = Thread::kRunnable;
    w->deadline = kNoDeadline;
    SetSyscallResult(*w, 0);
    ++woken;
  }
  return woken;
}

int64_t Machine::Futex(Thread& t, uint32_t addr, uint32_t op, uint32_t val, uint32_t timeout,
                       bool time64) {
  uint32_t cmd = op & 0x7f;
  if (addr & 3) return -kEinval;
  switch (cmd) {
    case 0:    // FUTEX_WAIT
    case 9: {  // FUTEX_WAIT_BITSET (absolute timeout)
      uint32_t cur;
      if (!ReadU32(addr, cur)) return -kEfault;
      if (cur != val) return -kEagain;
      uint64_t deadline = kNoDeadline;
      if (timeout != 0) {
        uint64_t ns;
        if (time64) {
          uint8_t b[16];
          if (!mem_.CopyIn(timeout, b, 16)) return -kEfault;
          auto rd = [&](int o) {
            return traits_.big_endian ? LoadBe<uint64_t>(b + o) : LoadLe<uint64_t>(b + o);
          };
          ns = rd(0) * 1000000000ull + rd(8);
        } else {
          uint32_t s, n;
          if (!ReadU32(timeout, s) || !ReadU32(timeout + 4, n)) return -kEfault;
          ns = uint64_t{s} * 1000000000ull + n;
        }
        if (cmd == 9) {
          uint64_t mono = NowNs() + kMonotonicBase;
          deadline = NowNs() + (ns > mono ? ns - mono : 0);
        } else {
          deadline = NowNs() + ns;
        }
      }
      t.state = Thread::kFutexWait;
      t.wait_addr = addr;
      t.deadline = deadline;
      t.wait_seq = ++wait_seq_;
      Block(t);
      return 0;
    }
    case 1:   // FUTEX_WAKE
    case 10:  // FUTEX_WAKE_BITSET
      return FutexWake(addr, val);
    default:
      return -traits_.enosys;
  }
}

void Machine::ExitThread(Thread& t, int32_t code) {
  t.state = Thread::kExited;
  if (t.clear_tid != 0) {
    WriteU32(t.clear_tid, 0);
    FutexWake(t.clear_tid, 1);
  }
  bool any = false;
  for (const auto& o : threads_) any |= o.state != Thread::kExited;
  if (!any) {
    halted_ = true;
    exit_code_ = code & 0xff;
  }
  need_switch_ = true;
}

int64_t Machine::DoSyscall(Thread& t, uint32_t nr, const uint32_t a[6]) {
  switch (nr) {
    case sys::kExit:
      ExitThread(t, static_cast<int32_t>(a[0]));
      return 0;
    case sys::kExitGroup:
      halted_ = true;
      exit_code_ = static_cast<int32_t>(a[0] & 0xff);
      return 0;
    case sys::kRead: {
      if (a[0] != 0) {
        auto it = fds_.find(a[0]);
        if (it == fds_.end() || it->second.kind != Fd::kPipeRead) return -kEbadf;
        Bytes& buf = it->second.buffer;
        if (buf.empty()) return -kEagain;
        uint32_t n = static_cast<uint32_t>(std::min<size_t>(buf.size(), a[2]));
        if (!mem_.CopyOut(a[1], buf.data(), n)) return -kEfault;
        buf.erase(buf.begin(), buf.begin() + n);
        return n;
      }
      uint64_t avail = options_.input.size() - input_pos_;
      uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(avail, a[2]));
      if (!mem_.CopyOut(a[1], options_.input.data() + input_pos_, n)) return -kEfault;
      input_pos_ += n;
      return n;
    }
    case sys::kWrite:
    case sys::kWritev: {
      Bytes* dst = a[0] == 1 ? &output_.stdout_bytes : a[0] == 2 ? &output_.stderr_bytes : nullptr;
      if (dst == nullptr) {
        auto it = fds_.find(a[0]);
        if (it == fds_.end() || it->second.kind != Fd::kPipeWrite) return -kEbadf;
        auto peer = fds_.find(it->second.peer);
        if (peer == fds_.end()) return -32;  // EPIPE
        dst = &peer->second.buffer;
        // Wake threads waiting in epoll_wait: they re-poll and see the data.
        for (auto& w : threads_) {
          if (w.state == Thread::kSleeping && w.wait_addr == kEpollMarker) {
            w.state = Thread::kRunnable;
            w.deadline = kNoDeadline;
            w.wait_addr = 0;
          }
        }
      }
      auto append = [&](uint32_t ptr, uint32_t len) -> bool {
        size_t old = dst->size();
        dst->resize(old + len);
        if (!mem_.CopyIn(ptr, dst->data() + old, len)) {
          dst->resize(old);
          return false;
        }
        return true;
      };
      if (nr == sys::kWrite) return append(a[1], a[2]) ? int64_t{a[2]} : -kEfault;
      int64_t total = 0;
      for (uint32_t i = 0; i < a[2]; ++i) {
        uint32_t base, len;
        if (!ReadU32(a[1] + 8 * i, base) || !ReadU32(a[1] + 8 * i + 4, len)) return -kEfault;
        if (!append(base, len)) return -kEfault;
        total += len;
      }
      return total;
    }
    case sys::kCommit: {
      size_t old = output_.journal.size();
      output_.journal.resize(old + a[1]);
      if (!mem_.CopyIn(a[0], output_.journal.data() + old, a[1])) {
        output_.journal.resize(old);
        return -kEfault;
      }
      return 0;
    }
    case sys::kInputLength:
      return static_cast<int64_t>(options_.input.size() - input_pos_);
    case sys::kOpen:
    case sys::kOpenat:
    case sys::kReadlink:
    case sys::kReadlinkat:
      return -kEnoent;
    case sys::kClose:
      if (a[0] <= 2) return 0;
      return fds_.erase(a[0]) ? 0 : -kEbadf;
    case sys::kFcntl:
    case sys::kFcntl64:
      return a[0] <= 2 || fds_.count(a[0]) ? 0 : -kEbadf;
    case sys::kPipe:
    case sys::kPipe2: {
      if (fds_.size() > 1000) return -24;  // EMFILE
      uint32_t rfd = static_cast<uint32_t>(NewFd(Fd{Fd::kPipeRead, 0, {}, {}}));
      uint32_t wfd = static_cast<uint32_t>(NewFd(Fd{Fd::kPipeWrite, rfd, {}, {}}));
      fds_[rfd].peer = wfd;
      if (!WriteU32(a[0], rfd) || !WriteU32(a[0] + 4, wfd)) {
        fds_.erase(rfd), fds_.erase(wfd);
        return -kEfault;
      }
      return 0;
    }
    case sys::kEpollCreate:
    case sys::kEpollCreate1:
      if (fds_.size() > 1000) return -24;
      return NewFd(Fd{Fd::kEpoll, 0, {}, {}});
    case sys::kEpollCtl: {
      auto it = fds_.find(a[0]);
      if (it == fds_.end() || it->second.kind != Fd::kEpoll) return -kEbadf;
      if (a[2] > 2 && !fds_.count(a[2])) return -kEbadf;
      auto& in = it->second.interest;
      auto pos = std::find_if(in.begin(), in.end(), [&](const auto& e) { return e.first == a[2]; });
      if (a[1] == 2) {  // EPOLL_CTL_DEL
        if (pos == in.end()) return -kEnoent;
        in.erase(pos);
        return 0;
      }
      uint8_t ev[16];
      if (!mem_.CopyIn(a[3], ev, 16)) return -kEfault;
      uint64_t data = traits_.big_endian ? LoadBe<uint64_t>(ev + 8) : LoadLe<uint64_t>(ev + 8);
      if (a[1] == 1) {                    // EPOLL_CTL_ADD
        if (pos != in.end()) return -17;  // EEXIST
        in.emplace_back(a[2], data);
      } else {
        if (pos == in.end()) return -kEnoent;
        pos->second = data;
      }
      return 0;
    }
    case sys::kEpollWait:
    case sys::kEpollPwait:
      return EpollWait(t, a[0], a[1], a[2], static_cast<int32_t>(a[3]));
    case sys::kIoctl:
      return -kEnotty;
    case sys::kGetpid:
    case sys::kGetppid:
      return 1000;
    case sys::kGettid:
      return t.tid;
    case sys::kGetuid:
    case sys::kGeteuid:
    case sys::kGetgid:
    case sys::kGetegid:
      return 0;
    case sys::kRtSigreturn:
      if (SigReturn(t)) skip_result_ = true;
      return 0;
    case sys::kKill:
    case sys::kTkill:
    case sys::kTgkill:
    case sys::kSetitimer:
    case sys::kMadvise:
    case sys::kSetRobustList:
      return 0;  // asynchronous signals are never delivered; memory advice is ignored
    case sys::kRtSigaction: {
      // MIPS: {flags, handler, mask[4]}; RISC-V: {handler, flags, restorer, mask[2]}.
      bool mips = traits_.machine == kElfMachineMips;
      if (a[0] == 0 || a[0] >= sigactions_.size()) return -kEinval;
      SigAction old = sigactions_[a[0]];
      if (a[1] != 0) {
        SigAction act;
        bool ok = mips ? ReadU32(a[1], act.flags) && ReadU32(a[1] + 4, act.handler)
                       : ReadU32(a[1], act.handler) && ReadU32(a[1] + 4, act.flags);
        for (int i = 0; i < (mips ? 4 : 2); ++i)
          ok = ok && ReadU32(a[1] + (mips ? 8 : 12) + 4 * i, act.mask[i]);
        if (!ok) return -kEfault;
        sigactions_[a[0]] = act;
      }
      if (a[2] != 0) {
        uint8_t zero[24] = {0};
        if (!mem_.CopyOut(a[2], zero, mips ? 24 : 20)) return -kEfault;
        if (mips) {
          WriteU32(a[2], old.flags), WriteU32(a[2] + 4, old.handler);
          for (int i = 0; i < 4; ++i) WriteU32(a[2] + 8 + 4 * i, old.mask[i]);
        } else {
          WriteU32(a[2], old.handler), WriteU32(a[2] + 4, old.flags);
          for (int i = 0; i < 2; ++i) WriteU32(a[2] + 12 + 4 * i, old.mask[i]);
        }
      }
      return 0;
    }
    case sys::kRtSigprocmask:
      if (a[2] != 0) {
        uint8_t zero[16] = {0};
        if (!mem_.CopyOut(a[2], zero, std::min<uint32_t>(a[3], 16))) return -kEfault;
      }
      return 0;
    case sys::kSigaltstack: {
      // stack_t: MIPS {sp, size, flags}; RISC-V {sp, flags, size}. SS_DISABLE = 2.
      bool mips = traits_.machine == kElfMachineMips;
      uint32_t old_sp = t.alt_sp, old_size = t.alt_size;
      if (a[0] != 0) {
        uint32_t sp, w1, w2;
        if (!ReadU32(a[0], sp) || !ReadU32(a[0] + 4, w1) || !ReadU32(a[0] + 8, w2)) return -kEfault;
        uint32_t size = mips ? w1 : w2, flags = mips ? w2 : w1;
        if (flags & 2) {
          t.alt_sp = 0, t.alt_size = 0;
        } else {
          t.alt_sp = sp, t.alt_size = size;
        }
      }
      if (a[1] != 0) {
        uint32_t flags = old_size == 0 ? 2 : 0;
        if (!WriteU32(a[1], old_sp) || !WriteU32(a[1] + 4, mips ? old_size : flags) ||
            !WriteU32(a[1] + 8, mips ? flags : old_size)) {
          return -kEfault;
        }
      }
      return 0;
    }
    case sys::kBrk: {
      uint32_t want = a[0];
      if (want <= brk_) return want == 0 ? brk_ : (brk_ = std::max(want, brk_));
      uint32_t old_end = PageUp(brk_), new_end = PageUp(want);
      if (new_end > old_end) {
        if (new_end > kMmapTop || !mem_.RangeFree(old_end, new_end - old_end)) return brk_;
        mem_.Map(old_end, new_end - old_end, Memory::kR | Memory::kW);
      }
      brk_ = want;
      return brk_;
    }
    case sys::kMmap:
      if (a[5] & Memory::kPageMask) return -kEinval;
      return Mmap(a[0], a[1], a[2], a[3], a[4]);
    case sys::kMmap2:
      return Mmap(a[0], a[1], a[2], a[3], a[4]);
    case sys::kMunmap:
      if ((a[0] & Memory::kPageMask) || a[1] == 0) return -kEinval;
      mem_.Unmap(a[0], PageUp(a[1]));
      return 0;
    case sys::kMprotect:
      if (a[0] & Memory::kPageMask) return -kEinval;
      mem_.Protect(a[0], PageUp(a[1]), ProtToPerm(a[2]));
      return 0;
    case sys::kMincore:
      return -traits_.enosys;
    case sys::kClone: {
      uint32_t flags = a[0];
      if (!(flags & kCloneVm)) return -traits_.enosys;  // no separate processes
      Thread child = t;
      child.tid = next_tid_++;
      child.ll = 0;
      child.state = Thread::kRunnable;
      child.deadline = kNoDeadline;
      child.clear_tid = (flags & kCloneChildCleartid) ? a[4] : 0;
      PrepareClone(child, a[1], (flags & kCloneSettls) != 0, a[3]);
      uint32_t tid = child.tid;
      if (flags & kCloneParentSettid) WriteU32(a[2], tid);
      if (flags & kCloneChildSettid) WriteU32(a[4], tid);
      threads_.push_back(child);
      return tid;
    }
    case sys::kSetTidAddress:
      t.clear_tid = a[0];
      return t.tid;
    case sys::kSetThreadArea:
      t.tls = a[0];
      return 0;
    case sys::kSchedYield:
      need_switch_ = true;
      return 0;
    case sys::kNanosleep:
    case sys::kClockNanosleep: {
      uint32_t req = nr == sys::kNanosleep ? a[0] : a[2];
      uint32_t s, n;
      if (!ReadU32(req, s) || !ReadU32(req + 4, n)) return -kEfault;
      uint64_t ns = uint64_t{s} * 1000000000ull + n;
      if (nr == sys::kClockNanosleep && (a[1] & 1)) {  // TIMER_ABSTIME
        uint64_t base = a[0] == 0 ? kRealtimeEpoch : kMonotonicBase;
        ns = ns > NowNs() + base ? ns - NowNs() - base : 0;
      }
      t.state = Thread::kSleeping;
      t.deadline = NowNs() + ns;
      need_switch_ = true;
      return 0;
    }
    case sys::kClockGettime:
    case sys::kClockGettime64: {
      uint64_t ns = NowNs() + (a[0] == 0 || a[0] == 8 ? kRealtimeEpoch : kMonotonicBase);
      if (nr == sys::kClockGettime) {
        if (!WriteU32(a[1], static_cast<uint32_t>(ns / 1000000000ull)) ||
            !WriteU32(a[1] + 4, static_cast<uint32_t>(ns % 1000000000ull))) {
          return -kEfault;
        }
      } else {
        uint8_t b[16];
        uint64_t sec = ns / 1000000000ull, nsec = ns % 1000000000ull;
        if (traits_.big_endian) {
          StoreBe<uint64_t>(b, sec), StoreBe<uint64_t>(b + 8, nsec);
        } else {
          StoreLe<uint64_t>(b, sec), StoreLe<uint64_t>(b + 8, nsec);
        }
        if (!mem_.CopyOut(a[1], b, 16)) return -kEfault;
      }
      return 0;
    }
    case sys::kFutex:
    case sys::kFutexTime64:
      return Futex(t, a[0], a[1], a[2], a[3], nr == sys::kFutexTime64);
    case sys::kSchedGetaffinity: {
      if (a[1] < 4) return -kEinval;
      if (!WriteU32(a[2], 1)) return -kEfault;  // one CPU: deterministic GOMAXPROCS=1
      return 4;
    }
    case sys::kGetrlimit:
    case sys::kPrlimit64: {
      uint32_t old = nr == sys::kGetrlimit ? a[1] : a[3];
      if (old != 0) {
        uint8_t inf[16];
        std::memset(inf, 0xff, sizeof(inf));
        if (!mem_.CopyOut(old, inf, nr == sys::kGetrlimit ? 8 : 16)) return -kEfault;
      }
      return 0;
    }
    case sys::kGetrandom: {
      // Deterministic: SHA-256("entangle getrandom" || counter) blocks.
      uint32_t done = 0;
      while (done < a[1]) {
        uint8_t buf[26] = "entangle getrandom";
        StoreLe<uint64_t>(buf + 18, random_counter_++);
        Digest32 d = Sha256(ByteView(buf, 26));
        uint32_t chunk = std::min<uint32_t>(32, a[1] - done);
        if (!mem_.CopyOut(a[0] + done, d.data(), chunk)) return -kEfault;
        done += chunk;
      }
      return done;
    }
    case sys::kUname: {
      uint8_t u[390] = {0};
      const char* f[5] = {"Linux", "entangle", "5.10.0", "#1 SMP",
                          traits_.name == "mips" ? "mips" : "riscv32"};
      for (int i = 0; i < 5; ++i) std::memcpy(u + 65 * i, f[i], std::strlen(f[i]));
      return mem_.CopyOut(a[0], u, sizeof(u)) ? 0 : -kEfault;
    }
    case sys::kRseq:
      return -traits_.enosys;
    default:
      if (options_.strict_syscalls) {
        faulted_ = true;
        fault_pc_ = t.pc - 4;
        fault_ = absl::StrFormat("unknown syscall %d (--strict)", nr);
        return 0;
      }
      return -traits_.enosys;
  }
  (void)kEperm;
}

int64_t Machine::NewFd(Fd fd) {
  uint32_t n = 3;
  while (fds_.count(n)) ++n;
  fds_[n] = std::move(fd);
  return n;
}

int64_t Machine::EpollWait(Thread& t, uint32_t epfd, uint32_t events, uint32_t max,
                           int32_t timeout) {
  auto it = fds_.find(epfd);
  if (it == fds_.end() || it->second.kind != Fd::kEpoll) return -kEbadf;
  if (max == 0) return -kEinval;
  uint32_t n = 0;
  for (const auto& [fd, data] : it->second.interest) {
    auto f = fds_.find(fd);
    if (f == fds_.end() || f->second.kind != Fd::kPipeRead || f->second.buffer.empty()) continue;
    if (n == max) break;
    uint8_t ev[16] = {0};
    if (traits_.big_endian) {
      StoreBe<uint32_t>(ev, 1), StoreBe<uint64_t>(ev + 8, data);
    } else {
      StoreLe<uint32_t>(ev, 1), StoreLe<uint64_t>(ev + 8, data);
    }
    if (!mem_.CopyOut(events + 16 * n, ev, 16)) return -kEfault;
    ++n;
  }
  if (n > 0 || timeout == 0) return n;
  // Nothing ready: sleep until the timeout or a pipe write; the guest then polls again (0 events).
  t.state = Thread::kSleeping;
  t.wait_addr = kEpollMarker;
  t.deadline =
      timeout < 0 ? kNoDeadline : NowNs() + uint64_t{static_cast<uint32_t>(timeout)} * 1000000ull;
  need_switch_ = true;
  return 0;
}

PublicStatement Machine::Statement() const noexcept {
  PublicStatement s;
  s.program_hash = program_hash_;
  s.input_hash = input_hash_;
  s.journal_hash = Sha256(output_.journal);
  s.exit_code = exit_code_;
  return s;
}

void Machine::SerializeState(Bytes& out, bool with_segments) const {
  PutU32(out, kStateMagic);
  PutBytes(out,
           ByteView(reinterpret_cast<const uint8_t*>(traits_.name.data()), traits_.name.size()));
  out.insert(out.end(), program_hash_.begin(), program_hash_.end());
  out.insert(out.end(), input_hash_.begin(), input_hash_.end());
  PutU64(out, cycles_);
  // Segment bookkeeping is not machine state: a segmented run and a whole run hash alike.
  PutU32(out, with_segments ? segment_index_ : 0);
  PutU64(out, with_segments ? next_boundary_ : 0);
  PutU32(out, current_);
  PutU32(out, need_switch_);
  PutU64(out, slice_end_);
  PutU64(out, idle_ns_);
  PutU64(out, wait_seq_);
  PutU32(out, next_tid_);
  PutU32(out, brk_);
  PutU64(out, input_pos_);
  PutU64(out, random_counter_);
  PutU32(out, halted_);
  PutU32(out, static_cast<uint32_t>(exit_code_));
  PutU32(out, static_cast<uint32_t>(threads_.size()));
  for (const auto& t : threads_) {
    for (uint32_t r : t.r) PutU32(out, r);
    PutU32(out, t.pc);
    PutU32(out, t.npc);
    PutU32(out, t.tid);
    PutU32(out, t.tls);
    PutU32(out, t.clear_tid);
    PutU32(out, t.wait_addr);
    PutU64(out, t.deadline);
    PutU64(out, t.wait_seq);
    PutU32(out, t.state);
    PutU32(out, t.ll);
    PutU32(out, t.alt_sp);
    PutU32(out, t.alt_size);
  }
  for (const auto& sa : sigactions_) {
    PutU32(out, sa.handler);
    PutU32(out, sa.flags);
    for (uint32_t m : sa.mask) PutU32(out, m);
  }
  PutU32(out, static_cast<uint32_t>(fds_.size()));
  for (const auto& [n, fd] : fds_) {
    PutU32(out, n);
    PutU32(out, fd.kind);
    PutU32(out, fd.peer);
    PutBytes(out, fd.buffer);
    PutU32(out, static_cast<uint32_t>(fd.interest.size()));
    for (const auto& [f, d] : fd.interest) PutU32(out, f), PutU64(out, d);
  }
  PutBytes(out, output_.stdout_bytes);
  PutBytes(out, output_.stderr_bytes);
  PutBytes(out, output_.journal);
  mem_.Serialize(out);
}

bool Machine::DeserializeState(ByteView in) {
  size_t pos = 0;
  SerialReader r{in, pos};
  if (r.U32() != kStateMagic) return false;
  Bytes name = r.Blob(64);
  if (!r.ok || std::string(name.begin(), name.end()) != traits_.name) return false;
  Hash32 ph, ih;
  r.Raw(ph.data(), 32);
  r.Raw(ih.data(), 32);
  if (!r.ok || ph != program_hash_ || ih != input_hash_) return false;
  cycles_ = r.U64();
  segment_index_ = r.U32();
  next_boundary_ = r.U64();
  current_ = r.U32();
  need_switch_ = r.U32() != 0;
  slice_end_ = r.U64();
  idle_ns_ = r.U64();
  wait_seq_ = r.U64();
  next_tid_ = r.U32();
  brk_ = r.U32();
  input_pos_ = r.U64();
  random_counter_ = r.U64();
  halted_ = r.U32() != 0;
  exit_code_ = static_cast<int32_t>(r.U32());
  uint32_t n = r.U32();
  if (!r.ok || n == 0 || n > 100000 || current_ >= n || input_pos_ > options_.input.size()) {
    return false;
  }
  threads_.assign(n, Thread{});
  for (auto& t : threads_) {
    for (uint32_t& reg : t.r) reg = r.U32();
    t.pc = r.U32();
    t.npc = r.U32();
    t.tid = r.U32();
    t.tls = r.U32();
    t.clear_tid = r.U32();
    t.wait_addr = r.U32();
    t.deadline = r.U64();
    t.wait_seq = r.U64();
    t.state = static_cast<uint8_t>(r.U32());
    t.ll = static_cast<uint8_t>(r.U32());
    t.alt_sp = r.U32();
    t.alt_size = r.U32();
    if (t.state > Thread::kExited) return false;
  }
  for (auto& sa : sigactions_) {
    sa.handler = r.U32();
    sa.flags = r.U32();
    for (uint32_t& m : sa.mask) m = r.U32();
  }
  fds_.clear();
  uint32_t nfds = r.U32();
  if (nfds > 100000) return false;
  for (uint32_t i = 0; i < nfds && r.ok; ++i) {
    uint32_t num = r.U32();
    Fd& fd = fds_[num];
    fd.kind = static_cast<uint8_t>(r.U32());
    fd.peer = r.U32();
    fd.buffer = r.Blob();
    uint32_t ni = r.U32();
    if (ni > 100000) return false;
    for (uint32_t k = 0; k < ni && r.ok; ++k) {
      uint32_t f = r.U32();
      uint64_t d = r.U64();
      fd.interest.emplace_back(f, d);
    }
  }
  output_.stdout_bytes = r.Blob();
  output_.stderr_bytes = r.Blob();
  output_.journal = r.Blob();
  if (!r.ok) return false;
  return mem_.Deserialize(in, pos) && pos == in.size();
}

absl::StatusOr<Snapshot> Machine::TakeSnapshot() const noexcept {
  Snapshot s;
  s.segment_index = segment_index_;
  s.cycle = cycles_;
  s.pc = threads_.empty() ? 0 : threads_[current_].pc;
  s.memory_root = mem_.Root(Sha256PageHasher());
  SerializeState(s.state, /*with_segments=*/true);
  return s;
}

absl::Status Machine::Restore(const Snapshot& snapshot) noexcept {
  if (!DeserializeState(snapshot.state)) {
    return absl::InvalidArgumentError(
        "snapshot is malformed or belongs to another program, input or ISA");
  }
  if (mem_.Root(Sha256PageHasher()) != snapshot.memory_root) {
    return absl::InvalidArgumentError("snapshot memory does not match its memory root");
  }
  faulted_ = false;
  fault_.clear();
  return absl::OkStatus();
}

Hash32 Machine::StateHash() const noexcept {
  Bytes s;
  SerializeState(s, /*with_segments=*/false);
  return Sha256(s);
}

}  // namespace entangle::vm
