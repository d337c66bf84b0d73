// vm::Isa: an instruction-set front end (MIPS32, RV32IM, ...).
//
// An Isa recognizes ELF images for its machine, loads them into an Executor and runs them
// deterministically: the same image and input give the same exit code, outputs, cycle count and
// final state hash on every machine. Execution can be cut into segments (continuations): at each
// boundary the executor yields a snapshot from which a fresh executor resumes bit-identically, so
// segments can be proven independently and aggregated. While running, an executor may stream
// per-cycle trace rows to a TraceSink; that stream is what the ISA's AIR (a later ABI minor) turns
// into a STARK witness.
#ifndef ENTANGLE_ISA_H_
#define ENTANGLE_ISA_H_

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "entangle/component.h"
#include "entangle/types.h"

namespace entangle::vm {

enum class Endian : uint8_t { kLittle = 0, kBig = 1 };

// What the ELF identification and header say, before anything is loaded.
struct ElfIdent {
  uint16_t machine = 0;   // e_machine: 8 = MIPS, 243 = RISC-V
  uint8_t elf_class = 0;  // 1 = ELF32, 2 = ELF64
  Endian endian = Endian::kLittle;
  uint32_t flags = 0;  // e_flags (ABI and ISA-level bits)
};

struct ExecutorOptions {
  // The private input stream: what the guest reads from fd 0 and through the SDK's read call.
  Bytes input;
  // Execution stops with kSegmentBoundary every `segment_cycles` cycles (0: never).
  uint64_t segment_cycles = 0;
  // An unknown syscall is a fault instead of returning ENOSYS.
  bool strict_syscalls = false;
};

enum class StopReason : uint8_t {
  kHalted = 0,           // the guest exited; exit_code is valid
  kCycleLimit = 1,       // the budget passed to Run() is used up; Run() may be called again
  kSegmentBoundary = 2,  // a segment ended; Snapshot() describes the boundary; Run() continues
  kFault = 3,            // a VM fault (bad instruction, memory fault, ...); `fault` says what
};

struct RunResult {
  StopReason reason = StopReason::kFault;
  uint64_t cycles = 0;  // total cycles since the program started (across segments)
  int32_t exit_code = 0;
  uint32_t pc = 0;    // where execution stopped
  std::string fault;  // for kFault: the reason, without the pc
};

// One memory access performed by an instruction.
struct MemoryAccess {
  uint32_t address = 0;  // word-aligned address of the accessed word
  uint32_t value_before = 0;
  uint32_t value_after = 0;  // equals value_before for a read
  uint8_t is_write = 0;
};

// One executed instruction. Register numbers are the ISA's; 0xff means "not used".
struct TraceRow {
  uint64_t cycle = 0;
  uint32_t pc = 0;
  uint32_t next_pc = 0;
  uint32_t instruction = 0;  // the raw instruction word
  uint8_t rs = 0xff, rt = 0xff, rd = 0xff;
  uint8_t has_memory = 0;
  uint32_t rs_value = 0, rt_value = 0;
  uint32_t rd_value = 0;  // value written to rd (after the instruction)
  MemoryAccess memory;
};

// Receives trace rows in batches, in execution order. Implementations must be fast; they run on the
// interpreter's thread.
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void OnRows(std::span<const TraceRow> rows) noexcept = 0;
  // Called when a segment ends (and once at the end of the run).
  virtual void OnSegmentEnd(uint32_t /*segment_index*/, uint64_t /*cycles*/) noexcept {}
};

// The state at a segment boundary. `state` is the ISA's own serialization (registers, pc, touched
// pages, threads, I/O cursors); `memory_root` commits to the whole memory with the hash the prover
// uses.
struct Snapshot {
  uint32_t segment_index = 0;
  uint64_t cycle = 0;
  uint32_t pc = 0;
  Hash32 memory_root{};
  Bytes state;
};

// What a proof of execution attests to.
struct PublicStatement {
  Hash32 program_hash{};  // hash of the loaded image (segments, entry)
  Hash32 input_hash{};    // hash of the private input stream
  Hash32 journal_hash{};  // hash of the public output
  int32_t exit_code = 0;
};

struct GuestOutput {
  Bytes stdout_bytes;
  Bytes stderr_bytes;
  Bytes journal;  // public output committed through the guest SDK
};

class Executor {
 public:
  virtual ~Executor() = default;

  // Runs until the guest halts, faults, a segment ends or `max_cycles` more cycles have run.
  [[nodiscard]] virtual RunResult Run(uint64_t max_cycles) noexcept = 0;

  // The state at the current point (a segment boundary or the end of the run).
  [[nodiscard]] virtual absl::StatusOr<Snapshot> TakeSnapshot() const noexcept = 0;

  // Replaces the whole state with a snapshot taken from an executor of the same program and input.
  [[nodiscard]] virtual absl::Status Restore(const Snapshot& snapshot) noexcept = 0;

  // Streams trace rows to `sink` (not owned; nullptr turns tracing off, the fast path).
  virtual void SetTraceSink(TraceSink* sink) noexcept = 0;

  [[nodiscard]] virtual const GuestOutput& Output() const noexcept = 0;

  // Valid once the guest has halted.
  [[nodiscard]] virtual PublicStatement Statement() const noexcept = 0;

  // A hash of the complete machine state (registers, pc, memory, threads), for determinism checks.
  [[nodiscard]] virtual Hash32 StateHash() const noexcept = 0;
};

class Isa : public Component {
 public:
  // "mips", "riscv".
  [[nodiscard]] virtual std::string Name() const noexcept = 0;

  // Whether this ISA executes images with this identification (machine, class, endianness).
  [[nodiscard]] virtual bool Recognizes(const ElfIdent& ident) const noexcept = 0;

  // Loads an ELF image; malformed images are rejected with a precise reason.
  [[nodiscard]] virtual absl::StatusOr<std::unique_ptr<Executor>> Load(
      ByteView elf, const ExecutorOptions& options) noexcept = 0;
};

}  // namespace entangle::vm

#endif  // ENTANGLE_ISA_H_
