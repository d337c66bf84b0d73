// RV32IM interpreter with pre-decoded dispatch (see vm/common/text.h). Misaligned loads and stores
// are performed (as Linux user mode does, by emulation); misaligned jumps fault.
#include "vm/riscv/riscv.h"

#include <absl/strings/str_format.h>

#include <cstring>

#include "vm/common/elf.h"
#include "vm/common/machine.h"
#include "vm/common/text.h"

namespace entangle::vm::riscv {
namespace {

enum Code : uint8_t {
  kNop,
  kLui,
  kAuipc,
  kJal,
  kJalr,
  kBeq,
  kBne,
  kBlt,
  kBge,
  kBltu,
  kBgeu,
  kLb,
  kLh,
  kLw,
  kLbu,
  kLhu,
  kSb,
  kSh,
  kSw,
  kAddi,
  kSlti,
  kSltiu,
  kXori,
  kOri,
  kAndi,
  kSlli,
  kSrli,
  kSrai,
  kAdd,
  kSub,
  kSll,
  kSlt,
  kSltu,
  kXor,
  kSrl,
  kSra,
  kOr,
  kAnd,
  kMul,
  kMulh,
  kMulhsu,
  kMulhu,
  kDiv,
  kDivu,
  kRem,
  kRemu,
  kEcall,
  kEbreak,
  kReserved
};

struct Op {
  uint8_t code = kReserved;
  uint8_t d = 32, s = 0, t = 0;
  uint32_t imm = 0;
};

constexpr uint8_t kSink = 32;

Op Decode(uint32_t w, uint32_t pc) {
  Op op;
  uint32_t opc = w & 0x7f, rd = (w >> 7) & 31, f3 = (w >> 12) & 7, rs1 = (w >> 15) & 31,
           rs2 = (w >> 20) & 31, f7 = w >> 25;
  uint32_t iimm = static_cast<uint32_t>(static_cast<int32_t>(w) >> 20);
  uint32_t simm = (static_cast<uint32_t>(static_cast<int32_t>(w) >> 25) << 5) | ((w >> 7) & 31);
  uint32_t bimm = (static_cast<uint32_t>(static_cast<int32_t>(w) >> 31) << 12) |
                  (((w >> 7) & 1) << 11) | (((w >> 25) & 0x3f) << 5) | (((w >> 8) & 0xf) << 1);
  uint32_t jimm = (static_cast<uint32_t>(static_cast<int32_t>(w) >> 31) << 20) | (w & 0xff000) |
                  (((w >> 20) & 1) << 11) | (((w >> 21) & 0x3ff) << 1);
  uint8_t dst = rd == 0 ? kSink : static_cast<uint8_t>(rd);
  auto set = [&](uint8_t c, uint32_t imm, bool pure) {
    op.code = (pure && rd == 0) ? static_cast<uint8_t>(kNop) : c;
    op.d = dst, op.s = static_cast<uint8_t>(rs1), op.t = static_cast<uint8_t>(rs2), op.imm = imm;
    return op;
  };
  switch (opc) {
    case 0x37:
      return set(kLui, w & 0xfffff000u, true);
    case 0x17:
      return set(kAuipc, pc + (w & 0xfffff000u), true);
    case 0x6f:
      return set(kJal, pc + jimm, false);
    case 0x67:
      return f3 == 0 ? set(kJalr, iimm, false) : op;
    case 0x63: {
      static constexpr uint8_t kB[8] = {kBeq, kBne, kReserved, kReserved, kBlt, kBge, kBltu, kBgeu};
      if (kB[f3] == kReserved) return op;
      set(kB[f3], pc + bimm, false);
      op.d = kSink;
      return op;
    }
    case 0x03: {
      static constexpr uint8_t kL[8] = {kLb, kLh, kLw, kReserved, kLbu, kLhu, kReserved, kReserved};
      return kL[f3] == kReserved ? op : set(kL[f3], iimm, false);
    }
    case 0x23: {
      static constexpr uint8_t kS[8] = {kSb,       kSh,       kSw,       kReserved,
                                        kReserved, kReserved, kReserved, kReserved};
      if (kS[f3] == kReserved) return op;
      set(kS[f3], simm, false);
      op.d = kSink;
      return op;
    }
    case 0x13:
      switch (f3) {
        case 0:
          return set(kAddi, iimm, true);
        case 2:
          return set(kSlti, iimm, true);
        case 3:
          return set(kSltiu, iimm, true);
        case 4:
          return set(kXori, iimm, true);
        case 6:
          return set(kOri, iimm, true);
        case 7:
          return set(kAndi, iimm, true);
        case 1:
          return f7 == 0 ? set(kSlli, rs2, true) : op;
        case 5:
          if (f7 == 0) return set(kSrli, rs2, true);
          if (f7 == 0x20) return set(kSrai, rs2, true);
          return op;
      }
      return op;
    case 0x33:
      if (f7 == 0) {
        static constexpr uint8_t kO[8] = {kAdd, kSll, kSlt, kSltu, kXor, kSrl, kOr, kAnd};
        return set(kO[f3], 0, true);
      }
      if (f7 == 0x20) {
        if (f3 == 0) return set(kSub, 0, true);
        if (f3 == 5) return set(kSra, 0, true);
        return op;
      }
      if (f7 == 1) {
        static constexpr uint8_t kM[8] = {kMul, kMulh, kMulhsu, kMulhu, kDiv, kDivu, kRem, kRemu};
        return set(kM[f3], 0, true);
      }
      return op;
    case 0x0f:
      if (f3 == 0 || f3 == 1) op.code = kNop;  // FENCE, FENCE.I
      return op;
    case 0x73:
      if (w == 0x00000073) op.code = kEcall;
      if (w == 0x00100073) op.code = kEbreak;
      return op;
    default:
      return op;
  }
}

using Region = TextRegion<Op>;

class RiscvExecutor final : public Machine {
 public:
  RiscvExecutor(IsaTraits traits, const ExecutorOptions& options)
      : Machine(std::move(traits), options) {
    trace_buf_.reserve(kTraceBatch + 1);
  }

  absl::Status Init(const ElfImage& image) {
    regions_ = DecodeText<Op>(image, false, Decode);
    return InitImage(image);
  }

 protected:
  SliceExit ExecuteSlice(Thread& t, uint64_t limit) override {
    return sink_ ? Loop<true>(t, limit) : Loop<false>(t, limit);
  }
  void ReadSyscall(Thread& t, uint32_t& nr, uint32_t a[6]) override {
    nr = t.r[17];
    for (int i = 0; i < 6; ++i) a[i] = t.r[10 + i];
  }
  void SetSyscallResult(Thread& t, int64_t result) override {
    t.r[10] = static_cast<uint32_t>(result);
  }
  void PrepareClone(Thread& child, uint32_t stack, bool set_tls, uint32_t tls) override {
    if (stack != 0) child.r[2] = stack;
    child.r[10] = 0;
    if (set_tls) child.r[4] = tls, child.tls = tls;
  }
  void SetupEntry(Thread& t, uint32_t entry, uint32_t sp) override {
    t.pc = entry;
    t.npc = entry + 4;
    t.r[2] = sp;
  }

 private:
  template <bool kTrace>
  SliceExit Loop(Thread& t, uint64_t limit);
  // Slow paths for accesses that cross a page (misaligned) or touch a page for the first time.
  bool LoadSlow(uint32_t a, uint32_t n, uint32_t& v) {
    uint8_t b[4] = {0, 0, 0, 0};
    if (!mem_.CopyIn(a, b, n)) return false;
    v = LoadLe<uint32_t>(b);
    return true;
  }
  bool StoreSlow(uint32_t a, uint32_t n, uint32_t v) {
    uint8_t b[4];
    StoreLe<uint32_t>(b, v);
    return mem_.CopyOut(a, b, n);
  }

  std::vector<Region> regions_;
  size_t current_region_ = 0;
};

template <bool kTrace>
Machine::SliceExit RiscvExecutor::Loop(Thread& th, uint64_t limit) {
  uint32_t* const r = th.r;
  uint32_t pc = th.pc;
  uint64_t cyc = cycles_;
  const Region* reg = &regions_[current_region_];
  const Op* ops = reg->ops.data();
  uint32_t base = reg->base, size = reg->size;
  uint8_t* const* rdt = mem_.ReadTable();
  uint8_t* const* wrt = mem_.WriteTable();
  const char* why = nullptr;
  uint32_t bad_addr = 0;
  SliceExit result = SliceExit::kLimit;
  TraceRow* row = nullptr;
#define FAULT(msg) \
  do {             \
    why = msg;     \
    goto fault;    \
  } while (0)
  while (cyc < limit) {
    uint32_t off = pc - base;
    if (__builtin_expect(off >= size, 0)) {
      const Region* found = nullptr;
      for (size_t i = 0; i < regions_.size(); ++i) {
        if (pc - regions_[i].base < regions_[i].size) found = &regions_[i];
      }
      if (found == nullptr) {
        bad_addr = pc;
        FAULT("instruction fetch from a non-executable address");
      }
      reg = found, ops = reg->ops.data(), base = reg->base, size = reg->size, off = pc - base;
    }
    const Op op = ops[off >> 2];
    uint32_t npc = pc + 4;
    if constexpr (kTrace) {
      trace_buf_.emplace_back();
      row = &trace_buf_.back();
      row->cycle = cyc;
      row->pc = pc;
      row->instruction = reg->raw[off >> 2];
      row->rs = op.s, row->rt = op.t;
      row->rs_value = r[op.s], row->rt_value = r[op.t];
    }
    switch (op.code) {
      case kNop:
        break;
      case kLui:
      case kAuipc:
        r[op.d] = op.imm;
        break;
      case kJal:
        if (op.imm & 3) {
          bad_addr = op.imm;
          FAULT("misaligned jump target");
        }
        r[op.d] = pc + 4;
        npc = op.imm;
        break;
      case kJalr: {
        uint32_t target = (r[op.s] + op.imm) & ~1u;
        if (target & 3) {
          bad_addr = target;
          FAULT("misaligned jump target");
        }
        r[op.d] = pc + 4;
        npc = target;
        break;
      }
#define BR(cond)                         \
  if (cond) {                            \
    if (op.imm & 3) {                    \
      bad_addr = op.imm;                 \
      FAULT("misaligned branch target"); \
    }                                    \
    npc = op.imm;                        \
  }                                      \
  break;
      case kBeq:
        BR(r[op.s] == r[op.t]);
      case kBne:
        BR(r[op.s] != r[op.t]);
      case kBlt:
        BR(static_cast<int32_t>(r[op.s]) < static_cast<int32_t>(r[op.t]));
      case kBge:
        BR(static_cast<int32_t>(r[op.s]) >= static_cast<int32_t>(r[op.t]));
      case kBltu:
        BR(r[op.s] < r[op.t]);
      case kBgeu:
        BR(r[op.s] >= r[op.t]);
#undef BR
      case kLb:
      case kLh:
      case kLw:
      case kLbu:
      case kLhu: {
        uint32_t a = r[op.s] + op.imm;
        uint32_t n = op.code == kLw ? 4 : (op.code == kLh || op.code == kLhu) ? 2 : 1;
        uint32_t v;
        uint8_t* p = rdt[a >> Memory::kPageBits];
        uint32_t po = a & Memory::kPageMask;
        if (__builtin_expect(p != nullptr && po + n <= Memory::kPageSize, 1)) {
          v = n == 4 ? GuestLoad32<false>(p + po) : n == 2 ? GuestLoad16<false>(p + po) : p[po];
        } else if (!LoadSlow(a, n, v)) {
          bad_addr = a;
          FAULT("memory fault: load from unmapped or unreadable address");
        }
        switch (op.code) {
          case kLb:
            v = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(v)));
            break;
          case kLh:
            v = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(v)));
            break;
          case kLbu:
            v &= 0xff;
            break;
          case kLhu:
            v &= 0xffff;
            break;
          default:
            break;
        }
        r[op.d] = v;
        if constexpr (kTrace) {
          uint32_t w = 0;
          LoadSlow(a & ~3u, 4, w);
          row->has_memory = 1;
          row->memory = MemoryAccess{a & ~3u, w, w, 0};
        }
        break;
      }
      case kSb:
      case kSh:
      case kSw: {
        uint32_t a = r[op.s] + op.imm;
        uint32_t n = op.code == kSw ? 4 : op.code == kSh ? 2 : 1;
        uint32_t before = 0;
        if constexpr (kTrace) LoadSlow(a & ~3u, 4, before);
        uint8_t* p = wrt[a >> Memory::kPageBits];
        uint32_t po = a & Memory::kPageMask;
        if (__builtin_expect(p != nullptr && po + n <= Memory::kPageSize, 1)) {
          if (n == 4)
            GuestStore32<false>(p + po, r[op.t]);
          else if (n == 2)
            GuestStore16<false>(p + po, static_cast<uint16_t>(r[op.t]));
          else
            p[po] = static_cast<uint8_t>(r[op.t]);
        } else if (!StoreSlow(a, n, r[op.t])) {
          bad_addr = a;
          FAULT("memory fault: store to unmapped or read-only address");
        }
        if constexpr (kTrace) {
          uint32_t after = 0;
          LoadSlow(a & ~3u, 4, after);
          row->has_memory = 1;
          row->memory = MemoryAccess{a & ~3u, before, after, 1};
        }
        break;
      }
      case kAddi:
        r[op.d] = r[op.s] + op.imm;
        break;
      case kSlti:
        r[op.d] = static_cast<int32_t>(r[op.s]) < static_cast<int32_t>(op.imm);
        break;
      case kSltiu:
        r[op.d] = r[op.s] < op.imm;
        break;
      case kXori:
        r[op.d] = r[op.s] ^ op.imm;
        break;
      case kOri:
        r[op.d] = r[op.s] | op.imm;
        break;
      case kAndi:
        r[op.d] = r[op.s] & op.imm;
        break;
      case kSlli:
        r[op.d] = r[op.s] << op.imm;
        break;
      case kSrli:
        r[op.d] = r[op.s] >> op.imm;
        break;
      case kSrai:
        r[op.d] = static_cast<uint32_t>(static_cast<int32_t>(r[op.s]) >> op.imm);
        break;
      case kAdd:
        r[op.d] = r[op.s] + r[op.t];
        break;
      case kSub:
        r[op.d] = r[op.s] - r[op.t];
        break;
      case kSll:
        r[op.d] = r[op.s] << (r[op.t] & 31);
        break;
      case kSlt:
        r[op.d] = static_cast<int32_t>(r[op.s]) < static_cast<int32_t>(r[op.t]);
        break;
      case kSltu:
        r[op.d] = r[op.s] < r[op.t];
        break;
      case kXor:
        r[op.d] = r[op.s] ^ r[op.t];
        break;
      case kSrl:
        r[op.d] = r[op.s] >> (r[op.t] & 31);
        break;
      case kSra:
        r[op.d] = static_cast<uint32_t>(static_cast<int32_t>(r[op.s]) >> (r[op.t] & 31));
        break;
      case kOr:
        r[op.d] = r[op.s] | r[op.t];
        break;
      case kAnd:
        r[op.d] = r[op.s] & r[op.t];
        break;
      case kMul:
        r[op.d] = r[op.s] * r[op.t];
        break;
      case kMulh:
        r[op.d] =
            static_cast<uint32_t>(static_cast<uint64_t>(int64_t{static_cast<int32_t>(r[op.s])} *
                                                        static_cast<int32_t>(r[op.t])) >>
                                  32);
        break;
      case kMulhsu:
        r[op.d] = static_cast<uint32_t>(
            static_cast<uint64_t>(int64_t{static_cast<int32_t>(r[op.s])} * int64_t{r[op.t]}) >> 32);
        break;
      case kMulhu:
        r[op.d] = static_cast<uint32_t>((uint64_t{r[op.s]} * r[op.t]) >> 32);
        break;
      case kDiv: {
        int32_t a = static_cast<int32_t>(r[op.s]), b = static_cast<int32_t>(r[op.t]);
        r[op.d] = b == 0                        ? ~0u
                  : (a == INT32_MIN && b == -1) ? static_cast<uint32_t>(a)
                                                : static_cast<uint32_t>(a / b);
        break;
      }
      case kDivu:
        r[op.d] = r[op.t] == 0 ? ~0u : r[op.s] / r[op.t];
        break;
      case kRem: {
        int32_t a = static_cast<int32_t>(r[op.s]), b = static_cast<int32_t>(r[op.t]);
        r[op.d] = b == 0                        ? static_cast<uint32_t>(a)
                  : (a == INT32_MIN && b == -1) ? 0
                                                : static_cast<uint32_t>(a % b);
        break;
      }
      case kRemu:
        r[op.d] = r[op.t] == 0 ? r[op.s] : r[op.s] % r[op.t];
        break;
      case kEcall:
        result = SliceExit::kSyscall;
        if constexpr (kTrace) {
          row->next_pc = npc;
          row->rd = 0xff;
          if (trace_buf_.size() >= kTraceBatch) FlushTrace();
        }
        pc = npc;
        ++cyc;
        goto out;
      case kEbreak:
        bad_addr = pc;
        FAULT("ebreak");
      default:
        bad_addr = pc;
        FAULT("reserved instruction");
    }
    if constexpr (kTrace) {
      row->next_pc = npc;
      row->rd = op.d < 32 ? op.d : 0xff;
      row->rd_value = r[op.d];
      if (trace_buf_.size() >= kTraceBatch) FlushTrace();
    }
    pc = npc;
    ++cyc;
  }
out:
  th.pc = pc;
  th.npc = pc + 4;
  cycles_ = cyc;
  current_region_ = static_cast<size_t>(reg - regions_.data());
  return result;
fault:
  if constexpr (kTrace) {
    if (!trace_buf_.empty()) trace_buf_.pop_back();
  }
  th.pc = pc;
  th.npc = pc + 4;
  cycles_ = cyc;
  {
    std::string reason;
    if (bad_addr == pc && std::string(why).find("fetch") == std::string::npos) {
      uint32_t word = pc - base < size ? reg->raw[(pc - base) >> 2] : 0;
      reason = absl::StrFormat("%s (instruction 0x%08x)", why, word);
    } else {
      reason = absl::StrFormat("%s 0x%08x", why, bad_addr);
    }
    return Fault(pc, reason);
  }
#undef FAULT
}

class RiscvIsa final : public Isa {
 public:
  std::string Name() const noexcept override { return "riscv"; }
  bool Recognizes(const ElfIdent& id) const noexcept override {
    return id.machine == kElfMachineRiscv && id.elf_class == 1 && id.endian == Endian::kLittle;
  }
  absl::StatusOr<std::unique_ptr<Executor>> Load(ByteView elf,
                                                 const ExecutorOptions& options) noexcept override {
    try {
      auto image = LoadElf32(elf, kElfMachineRiscv);
      if (!image.ok()) return image.status();
      if (image->ident.endian != Endian::kLittle) {
        return absl::InvalidArgumentError("bad ELF: big-endian RISC-V is not supported");
      }
      if (image->ident.flags & 0x1) {
        return absl::InvalidArgumentError(
            "bad ELF: compressed instructions (RVC, e_flags bit 0) are not supported; build with "
            "-march=rv32im");
      }
      IsaTraits traits;
      traits.name = "riscv";
      traits.machine = kElfMachineRiscv;
      traits.big_endian = false;
      traits.map_anonymous = 0x20;
      auto ex = std::make_unique<RiscvExecutor>(traits, options);
      auto st = ex->Init(*image);
      if (!st.ok()) return st;
      return std::unique_ptr<Executor>(std::move(ex));
    } catch (const std::exception& e) {
      return absl::ResourceExhaustedError(std::string("loading failed: ") + e.what());
    }
  }
};

}  // namespace

std::unique_ptr<Isa> NewRiscvIsa() { return std::make_unique<RiscvIsa>(); }

std::string CheckInstruction(uint32_t word) {
  return Decode(word, 0x10000).code == kReserved ? "reserved instruction" : "";
}

}  // namespace entangle::vm::riscv
