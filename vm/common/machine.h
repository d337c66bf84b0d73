// The ISA-independent half of an executor: guest memory, guest threads and their deterministic
// cooperative scheduler, the Linux syscall layer, guest I/O (private input on fd 0, captured
// stdout/stderr, the journal), the virtual clock, segments, snapshots and the public statement.
//
// An ISA front end derives from Machine and supplies the interpreter (ExecuteSlice) and its syscall
// calling convention. Syscall numbers inside the machine are "generic": Linux MIPS o32 numbers
// minus 4000 (write = 4, exit_group = 246, ...). RISC-V guests pass these same generic numbers in
// a7; see vm/README.md for the table, the Entangle SDK calls (commit = 1000, input_length = 1001)
// and the determinism rules.
#ifndef ENTANGLE_VM_COMMON_MACHINE_H_
#define ENTANGLE_VM_COMMON_MACHINE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "entangle/isa.h"
#include "vm/common/elf.h"
#include "vm/common/memory.h"

namespace entangle::vm {

namespace sys {
enum : uint32_t {
  kExit = 1,
  kRead = 3,
  kWrite = 4,
  kOpen = 5,
  kClose = 6,
  kLseek = 19,
  kGetpid = 20,
  kGetuid = 24,
  kKill = 37,
  kBrk = 45,
  kGetgid = 47,
  kGeteuid = 49,
  kGetegid = 50,
  kIoctl = 54,
  kFcntl = 55,
  kGetppid = 64,
  kGetrlimit = 76,
  kReadlink = 85,
  kMmap = 90,
  kMunmap = 91,
  kSetitimer = 104,
  kClone = 120,
  kUname = 122,
  kMprotect = 125,
  kWritev = 146,
  kSchedYield = 162,
  kNanosleep = 166,
  kRtSigreturn = 193,
  kRtSigaction = 194,
  kRtSigprocmask = 195,
  kSigaltstack = 206,
  kMmap2 = 210,
  kFstat64 = 215,
  kMincore = 217,
  kMadvise = 218,
  kFcntl64 = 220,
  kGettid = 222,
  kTkill = 236,
  kFutex = 238,
  kSchedGetaffinity = 240,
  kExitGroup = 246,
  kSetTidAddress = 252,
  kClockGettime = 263,
  kClockNanosleep = 265,
  kTgkill = 266,
  kSetThreadArea = 283,
  kOpenat = 288,
  kReadlinkat = 298,
  kSetRobustList = 309,
  kPipe2 = 328,
  kPrlimit64 = 338,
  kGetrandom = 353,
  kRseq = 367,
  kEpollCreate = 248,
  kEpollCtl = 249,
  kEpollWait = 250,
  kEpollPwait = 313,
  kEpollCreate1 = 326,
  kPipe = 42,
  kClockGettime64 = 403,
  kFutexTime64 = 422,
  // Entangle guest SDK.
  kCommit = 1000,       // commit(ptr, len): append to the public journal
  kInputLength = 1001,  // input_length(): bytes of private input not yet read
};
}  // namespace sys

// One guest thread. r[0..31] are the ISA's registers, r[32] is a write sink (decoded writes to the
// zero register go there), r[33]/r[34] are HI/LO on MIPS.
struct Thread {
  static constexpr int kRegs = 36;
  enum : uint8_t { kRunnable = 0, kFutexWait = 1, kSleeping = 2, kExited = 3 };
  uint32_t r[kRegs] = {};
  uint32_t pc = 0, npc = 0;
  uint32_t tid = 0;
  uint32_t tls = 0;
  uint32_t clear_tid = 0;
  uint32_t wait_addr = 0;
  uint64_t deadline = 0;  // virtual ns; ~0 when none
  uint64_t wait_seq = 0;  // FIFO order of futex waiters
  uint8_t state = kRunnable;
  uint8_t ll = 0;                     // LL/SC link
  uint32_t alt_sp = 0, alt_size = 0;  // sigaltstack
};

// A signal handler installed with rt_sigaction (the ISA's layout is decoded by the machine).
struct SigAction {
  uint32_t handler = 0;  // 0 = SIG_DFL, 1 = SIG_IGN
  uint32_t flags = 0;
  uint32_t mask[4] = {0, 0, 0, 0};
};

struct IsaTraits {
  std::string name;      // "mips", "riscv"
  uint16_t machine = 0;  // ELF e_machine
  bool big_endian = false;
  uint32_t map_anonymous = 0x20;  // MAP_ANONYMOUS of the ABI (MIPS: 0x800)
  int32_t enosys = 38, etimedout = 110;
};

class Machine : public Executor {
 public:
  static constexpr uint64_t kQuantum = 100000;  // cycles before a thread is preempted
  static constexpr uint32_t kStackTop = 0x7fff0000;
  static constexpr uint32_t kStackSize = 8u << 20;
  static constexpr uint32_t kMmapTop = kStackTop - kStackSize - 0x10000;

  Machine(IsaTraits traits, const ExecutorOptions& options);

  RunResult Run(uint64_t max_cycles) noexcept override;
  absl::StatusOr<Snapshot> TakeSnapshot() const noexcept override;
  absl::Status Restore(const Snapshot& snapshot) noexcept override;
  void SetTraceSink(TraceSink* sink) noexcept override { sink_ = sink; }
  const GuestOutput& Output() const noexcept override { return output_; }
  PublicStatement Statement() const noexcept override;
  Hash32 StateHash() const noexcept override;

  uint64_t cycles() const { return cycles_; }
  Memory& memory() { return mem_; }
  const std::vector<Thread>& threads() const { return threads_; }

 protected:
  enum class SliceExit { kLimit, kSyscall, kFault };

  // Maps the image, builds the initial stack (argc, argv, envp, auxv) and the main thread.
  absl::Status InitImage(const ElfImage& image);

  // Runs `t` until cycles_ reaches `limit`, a syscall instruction retires (pc already past it) or
  // a fault (call Fault()). Increments cycles_ by the instructions retired.
  virtual SliceExit ExecuteSlice(Thread& t, uint64_t limit) = 0;
  // The generic syscall number and six arguments of the syscall `t` just made.
  virtual void ReadSyscall(Thread& t, uint32_t& nr, uint32_t args[6]) = 0;
  // Sets a syscall's result (negative: -errno in the generic numbering of errno < 35).
  virtual void SetSyscallResult(Thread& t, int64_t result) = 0;
  // Adjusts a freshly cloned thread: its stack, a zero result, its TLS register.
  virtual void PrepareClone(Thread& child, uint32_t stack, bool set_tls, uint32_t tls) = 0;
  virtual void SetupEntry(Thread& t, uint32_t entry, uint32_t sp) = 0;

  SliceExit Fault(uint32_t pc, std::string reason, int signo = 0, int code = 0, uint32_t addr = 0) {
    fault_pc_ = pc;
    fault_ = std::move(reason);
    fault_signal_ = signo, fault_code_ = code, fault_addr_ = addr;
    return SliceExit::kFault;
  }
  // Delivers a synchronous signal to `t` (the faulting instruction is t.pc) by building a signal
  // frame and entering the handler; false when the ISA does not deliver signals.
  virtual bool DeliverSignal(Thread& t, int signo, int code, uint32_t addr, const SigAction& act) {
    return false;
  }
  // rt_sigreturn: restores the context saved by DeliverSignal; false when unsupported.
  virtual bool SigReturn(Thread& t) { return false; }
  // Guest-endian word access for the syscall layer.
  bool ReadU32(uint32_t addr, uint32_t& v);
  bool WriteU32(uint32_t addr, uint32_t v);

  // Trace rows are collected here by the ISA and flushed in batches.
  static constexpr size_t kTraceBatch = 4096;
  void FlushTrace();
  std::vector<TraceRow> trace_buf_;

  IsaTraits traits_;
  ExecutorOptions options_;
  Memory mem_;
  TraceSink* sink_ = nullptr;
  uint64_t cycles_ = 0;

 private:
  void HandleSyscall(Thread& t);
  int64_t DoSyscall(Thread& t, uint32_t nr, const uint32_t a[6]);
  int64_t Mmap(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags, uint32_t fd);
  int64_t Futex(Thread& t, uint32_t addr, uint32_t op, uint32_t val, uint32_t timeout, bool time64);
  uint32_t FutexWake(uint32_t addr, uint32_t count);
  void ExitThread(Thread& t, int32_t code);
  uint64_t NowNs() const { return cycles_ + idle_ns_; }
  void Block(Thread& t) {
    need_switch_ = true;
    (void)t;
  }
  // Picks the next runnable thread (round robin from the current one); false on deadlock.
  bool Switch(bool include_current_first);
  void WakeExpired();
  void SerializeState(Bytes& out, bool with_segments) const;
  bool DeserializeState(ByteView in);
  uint8_t ProtToPerm(uint32_t prot) const;

  // File descriptors beyond 0-2: pipes and epoll instances (what Go's netpoller needs).
  struct Fd {
    enum : uint8_t { kPipeRead = 1, kPipeWrite = 2, kEpoll = 3 };
    uint8_t kind = 0;
    uint32_t peer = 0;                                    // the other end of a pipe
    Bytes buffer;                                         // pipe contents (read end)
    std::vector<std::pair<uint32_t, uint64_t>> interest;  // epoll: (fd, user data)
  };
  int64_t NewFd(Fd fd);
  int64_t EpollWait(Thread& t, uint32_t epfd, uint32_t events, uint32_t max, int32_t timeout);
  std::map<uint32_t, Fd> fds_;

  std::vector<Thread> threads_;
  uint32_t current_ = 0;
  bool need_switch_ = false;
  uint64_t slice_end_ = kQuantum;
  uint64_t idle_ns_ = 0;
  uint64_t wait_seq_ = 0;
  uint32_t next_tid_ = 1001;
  uint32_t brk_ = 0;
  uint64_t input_pos_ = 0;
  uint64_t random_counter_ = 0;
  uint32_t segment_index_ = 0;
  uint64_t next_boundary_ = 0;  // 0: no segments
  bool halted_ = false;
  int32_t exit_code_ = 0;
  std::string fault_;
  uint32_t fault_pc_ = 0;
  int fault_signal_ = 0, fault_code_ = 0;
  uint32_t fault_addr_ = 0;
  bool skip_result_ = false;
  std::vector<SigAction> sigactions_ = std::vector<SigAction>(129);
  bool faulted_ = false;
  Hash32 program_hash_{};
  Hash32 input_hash_{};
  GuestOutput output_;
};

}  // namespace entangle::vm

#endif  // ENTANGLE_VM_COMMON_MACHINE_H_
