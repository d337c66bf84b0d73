// MIPS32r2 interpreter with pre-decoded dispatch: every word of the executable segments is decoded
// once at load time into a compact Op (dense opcode, register indices with writes to $0 redirected
// to a sink register, absolute branch targets); the loop dispatches on the dense opcode.
#include "vm/mips/mips.h"

#include <absl/strings/str_format.h>

#include <bit>
#include <cstring>

#include "common/endian.h"
#include "vm/common/elf.h"
#include "vm/common/machine.h"
#include "vm/common/text.h"

namespace entangle::vm::mips {
namespace {

enum Code : uint8_t {
  kNop,
  kSll,
  kSrl,
  kSra,
  kRotr,
  kSllv,
  kSrlv,
  kSrav,
  kRotrv,
  kJr,
  kJalr,
  kMovz,
  kMovn,
  kSyscall,
  kBreak,
  kMfhi,
  kMthi,
  kMflo,
  kMtlo,
  kMult,
  kMultu,
  kDiv,
  kDivu,
  kAdd,
  kAddu,
  kSub,
  kSubu,
  kAnd,
  kOr,
  kXor,
  kNor,
  kSlt,
  kSltu,
  kTge,
  kTgeu,
  kTlt,
  kTltu,
  kTeq,
  kTne,
  kBltz,
  kBgez,
  kBltzl,
  kBgezl,
  kTgei,
  kTgeiu,
  kTlti,
  kTltiu,
  kTeqi,
  kTnei,
  kBltzal,
  kBgezal,
  kBltzall,
  kBgezall,
  kJ,
  kJal,
  kBeq,
  kBne,
  kBlez,
  kBgtz,
  kBeql,
  kBnel,
  kBlezl,
  kBgtzl,
  kAddi,
  kAddiu,
  kSlti,
  kSltiu,
  kAndi,
  kOri,
  kXori,
  kLui,
  kMadd,
  kMaddu,
  kMul,
  kMsub,
  kMsubu,
  kClz,
  kClo,
  kExt,
  kIns,
  kWsbh,
  kSeb,
  kSeh,
  kRdhwr,
  kLb,
  kLh,
  kLwl,
  kLw,
  kLbu,
  kLhu,
  kLwr,
  kSb,
  kSh,
  kSwl,
  kSw,
  kSwr,
  kLl,
  kSc,
  kReserved,
  kFpu,
  kNumCodes
};

struct Op {
  uint8_t code = kReserved;
  uint8_t d = 32, s = 0, t = 0;  // destination (32 = none/sink), sources
  uint32_t imm = 0;
};

constexpr uint8_t kHi = 33, kLo = 34, kSink = 32;
constexpr uint32_t kSigTrampoline = 0x7fff8000;  // above the stack, never mapped as data

Op Decode(uint32_t w, uint32_t pc) {
  Op op;
  uint32_t opc = w >> 26, rs = (w >> 21) & 31, rt = (w >> 16) & 31, rd = (w >> 11) & 31,
           sa = (w >> 6) & 31, fn = w & 63;
  uint32_t simm = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(w & 0xffff)));
  uint32_t uimm = w & 0xffff;
  uint32_t btarget = pc + 4 + (simm << 2);
  auto R = [&](Code c) {  // rd <- f(rs, rt)
    op.code = c, op.s = rs, op.t = rt, op.d = rd == 0 ? kSink : rd;
    if (rd == 0) op.code = kNop;
    return op;
  };
  auto Sh = [&](Code c) {  // rd <- rt shifted by sa
    op.code = c, op.s = rt, op.t = rt, op.d = rd, op.imm = sa;
    if (rd == 0) op.code = kNop;
    return op;
  };
  auto I = [&](Code c, uint32_t imm) {  // rt <- f(rs, imm)
    op.code = c, op.s = rs, op.t = rt, op.d = rt == 0 ? kSink : rt, op.imm = imm;
    if (rt == 0) op.code = kNop;
    return op;
  };
  auto Ld = [&](Code c) {  // rt <- mem[rs + imm]; a load to $0 still accesses memory
    op.code = c, op.s = rs, op.t = rt, op.d = rt == 0 ? kSink : rt, op.imm = simm;
    return op;
  };
  auto St = [&](Code c) {
    op.code = c, op.s = rs, op.t = rt, op.d = kSink, op.imm = simm;
    return op;
  };
  auto B = [&](Code c) {
    op.code = c, op.s = rs, op.t = rt, op.d = kSink, op.imm = btarget;
    return op;
  };
  auto Tr = [&](Code c) {
    op.code = c, op.s = rs, op.t = rt, op.d = kSink;
    return op;
  };
  switch (opc) {
    case 0:
      switch (fn) {
        case 0:
          return w == 0 ? (op.code = kNop, op) : Sh(kSll);
        case 1:
          return op.code = kFpu, op;
        case 2:
          if (rs == 1) return Sh(kRotr);
          if (rs == 0) return Sh(kSrl);
          return op;
        case 3:
          return rs == 0 ? Sh(kSra) : op;
        case 4:
          return sa == 0 ? R(kSllv) : op;
        case 6:
          if (sa == 1) return R(kRotrv);
          return sa == 0 ? R(kSrlv) : op;
        case 7:
          return sa == 0 ? R(kSrav) : op;
        case 8:
          op.code = kJr, op.s = rs;
          return op;
        case 9:
          op.code = kJalr, op.s = rs, op.d = rd == 0 ? kSink : rd, op.imm = 0;
          return op;
        case 10:
          return R(kMovz);
        case 11:
          return R(kMovn);
        case 12:
          op.code = kSyscall;
          return op;
        case 13:
          op.code = kBreak;
          return op;
        case 15:
          op.code = kNop;
          return op;  // SYNC
        case 16:
          op.code = rd ? kMfhi : kNop, op.d = rd, op.s = kHi;
          return op;
        case 17:
          op.code = kMthi, op.s = rs, op.d = kHi;
          return op;
        case 18:
          op.code = rd ? kMflo : kNop, op.d = rd, op.s = kLo;
          return op;
        case 19:
          op.code = kMtlo, op.s = rs, op.d = kLo;
          return op;
        case 24:
          op.code = kMult, op.s = rs, op.t = rt;
          return op;
        case 25:
          op.code = kMultu, op.s = rs, op.t = rt;
          return op;
        case 26:
          op.code = kDiv, op.s = rs, op.t = rt;
          return op;
        case 27:
          op.code = kDivu, op.s = rs, op.t = rt;
          return op;
        case 32:
          op.code = kAdd, op.s = rs, op.t = rt, op.d = rd == 0 ? kSink : rd;
          return op;
        case 33:
          return R(kAddu);
        case 34:
          op.code = kSub, op.s = rs, op.t = rt, op.d = rd == 0 ? kSink : rd;
          return op;
        case 35:
          return R(kSubu);
        case 36:
          return R(kAnd);
        case 37:
          return R(kOr);
        case 38:
          return R(kXor);
        case 39:
          return R(kNor);
        case 42:
          return R(kSlt);
        case 43:
          return R(kSltu);
        case 48:
          return Tr(kTge);
        case 49:
          return Tr(kTgeu);
        case 50:
          return Tr(kTlt);
        case 51:
          return Tr(kTltu);
        case 52:
          return Tr(kTeq);
        case 54:
          return Tr(kTne);
        default:
          return op;
      }
    case 1:
      switch (rt) {
        case 0:
          return B(kBltz);
        case 1:
          return B(kBgez);
        case 2:
          return B(kBltzl);
        case 3:
          return B(kBgezl);
        case 8:
          op.imm = simm;
          return Tr(kTgei);
        case 9:
          op.imm = simm;
          return Tr(kTgeiu);
        case 10:
          op.imm = simm;
          return Tr(kTlti);
        case 11:
          op.imm = simm;
          return Tr(kTltiu);
        case 12:
          op.imm = simm;
          return Tr(kTeqi);
        case 14:
          op.imm = simm;
          return Tr(kTnei);
        case 16:
          B(kBltzal);
          op.d = 31;
          return op;
        case 17:
          B(kBgezal);
          op.d = 31;
          return op;
        case 18:
          B(kBltzall);
          op.d = 31;
          return op;
        case 19:
          B(kBgezall);
          op.d = 31;
          return op;
        case 31:
          op.code = kNop;
          return op;  // SYNCI
        default:
          return op;
      }
    case 2:
      op.code = kJ, op.imm = ((pc + 4) & 0xf0000000u) | ((w & 0x3ffffff) << 2);
      return op;
    case 3:
      op.code = kJal, op.d = 31, op.imm = ((pc + 4) & 0xf0000000u) | ((w & 0x3ffffff) << 2);
      return op;
    case 4:
      return B(kBeq);
    case 5:
      return B(kBne);
    case 6:
      return rt == 0 ? B(kBlez) : op;
    case 7:
      return rt == 0 ? B(kBgtz) : op;
    case 8:
      op.code = kAddi, op.s = rs, op.t = rt, op.d = rt == 0 ? kSink : rt, op.imm = simm;
      return op;
    case 9:
      return I(kAddiu, simm);
    case 10:
      return I(kSlti, simm);
    case 11:
      return I(kSltiu, simm);
    case 12:
      return I(kAndi, uimm);
    case 13:
      return I(kOri, uimm);
    case 14:
      return I(kXori, uimm);
    case 15:
      return rs == 0 ? I(kLui, uimm << 16) : op;
    case 17:
    case 18:
    case 49:
    case 53:
    case 57:
    case 61:
      op.code = kFpu;
      return op;
    case 20:
      return B(kBeql);
    case 21:
      return B(kBnel);
    case 22:
      return rt == 0 ? B(kBlezl) : op;
    case 23:
      return rt == 0 ? B(kBgtzl) : op;
    case 28:
      switch (fn) {
        case 0:
          op.code = kMadd, op.s = rs, op.t = rt;
          return op;
        case 1:
          op.code = kMaddu, op.s = rs, op.t = rt;
          return op;
        case 2:
          return R(kMul);
        case 4:
          op.code = kMsub, op.s = rs, op.t = rt;
          return op;
        case 5:
          op.code = kMsubu, op.s = rs, op.t = rt;
          return op;
        case 32:
          return R(kClz);
        case 33:
          return R(kClo);
        default:
          return op;
      }
    case 31:
      switch (fn) {
        case 0:  // EXT rt, rs, pos, size
          if (sa + rd + 1 > 32) return op;
          op.imm = sa | ((rd + 1) << 8);
          op.code = rt ? kExt : kNop, op.s = rs, op.t = rt, op.d = rt;
          return op;
        case 4:  // INS rt, rs, pos, size
          if (rd < sa) return op;
          op.imm = sa | ((rd - sa + 1) << 8);
          op.code = rt ? kIns : kNop, op.s = rs, op.t = rt, op.d = rt;
          return op;
        case 32:
          switch (sa) {
            case 2:
              op.code = kWsbh;
              break;
            case 16:
              op.code = kSeb;
              break;
            case 24:
              op.code = kSeh;
              break;
            default:
              return op;
          }
          if (rs != 0) return op.code = kReserved, op;
          op.s = rt, op.t = rt, op.d = rd;
          if (rd == 0) op.code = kNop;
          return op;
        case 59:  // RDHWR rt, rd
          if (rd != 0 && rd != 2 && rd != 3 && rd != 29) return op;
          op.code = kRdhwr, op.d = rt == 0 ? kSink : rt, op.imm = rd;
          return op;
        default:
          return op;
      }
    case 32:
      return Ld(kLb);
    case 33:
      return Ld(kLh);
    case 34:
      return Ld(kLwl);
    case 35:
      return Ld(kLw);
    case 36:
      return Ld(kLbu);
    case 37:
      return Ld(kLhu);
    case 38:
      return Ld(kLwr);
    case 40:
      return St(kSb);
    case 41:
      return St(kSh);
    case 42:
      return St(kSwl);
    case 43:
      return St(kSw);
    case 46:
      return St(kSwr);
    case 48:
      return Ld(kLl);
    case 51:
      op.code = kNop;
      return op;  // PREF
    case 56:
      Ld(kSc);
      return op;
    default:
      return op;
  }
}

using Region = TextRegion<Op>;

class MipsExecutor final : public Machine {
 public:
  MipsExecutor(IsaTraits traits, const ExecutorOptions& options)
      : Machine(std::move(traits), options) {
    trace_buf_.reserve(kTraceBatch + 1);
  }

  absl::Status Init(const ElfImage& image) {
    regions_ = DecodeText<Op>(image, traits_.big_endian, Decode);
    // Signal return trampoline (the kernel's sigreturn page): li $v0, 4193; syscall.
    Region tramp;
    tramp.base = kSigTrampoline;
    tramp.size = 8;
    tramp.raw = {0x24020000u | (4000 + sys::kRtSigreturn), 0x0000000cu};
    for (uint32_t i = 0; i < 2; ++i)
      tramp.ops.push_back(Decode(tramp.raw[i], kSigTrampoline + 4 * i));
    regions_.push_back(std::move(tramp));
    current_region_ = 0;
    return InitImage(image);
  }

 protected:
  SliceExit ExecuteSlice(Thread& t, uint64_t limit) override {
    if (traits_.big_endian) {
      return sink_ ? Loop<true, true>(t, limit) : Loop<true, false>(t, limit);
    }
    return sink_ ? Loop<false, true>(t, limit) : Loop<false, false>(t, limit);
  }

  void ReadSyscall(Thread& t, uint32_t& nr, uint32_t a[6]) override {
    nr = t.r[2] >= 4000 ? t.r[2] - 4000 : 0xffffffffu;
    a[0] = t.r[4], a[1] = t.r[5], a[2] = t.r[6], a[3] = t.r[7];
    // o32 passes arguments 5 and 6 on the stack.
    if (!ReadU32(t.r[29] + 16, a[4])) a[4] = 0;
    if (!ReadU32(t.r[29] + 20, a[5])) a[5] = 0;
  }
  void SetSyscallResult(Thread& t, int64_t result) override {
    if (result < 0 && result > -4096) {
      t.r[2] = static_cast<uint32_t>(-result);
      t.r[7] = 1;
    } else {
      t.r[2] = static_cast<uint32_t>(result);
      t.r[7] = 0;
    }
  }
  void PrepareClone(Thread& child, uint32_t stack, bool set_tls, uint32_t tls) override {
    if (stack != 0) child.r[29] = stack;
    child.r[2] = 0;
    child.r[7] = 0;
    if (set_tls) child.tls = tls;
  }
  void SetupEntry(Thread& t, uint32_t entry, uint32_t sp) override {
    t.pc = entry;
    t.npc = entry + 4;
    t.r[29] = sp;
  }

  // o32 rt_sigframe: 24 bytes of argument save area, siginfo (128 bytes), ucontext (632 bytes:
  // flags, link, stack_t, pad, sigcontext {regmask, status, pc:u64, regs:u64[32], fpregs:u64[32],
  // acx, fpc_csr, fpc_eir, used_math, dsp, pad, mdhi:u64, mdlo:u64, hi1..lo3}, sigmask).
  static constexpr uint32_t kSigInfo = 24, kUcontext = 152, kMcontext = kUcontext + 24,
                            kFrameSize = kUcontext + 632;
  bool Put64(uint32_t addr, uint64_t v) {
    uint8_t b[8];
    if (traits_.big_endian)
      StoreBe<uint64_t>(b, v);
    else
      StoreLe<uint64_t>(b, v);
    return mem_.CopyOut(addr, b, 8);
  }
  bool Get64(uint32_t addr, uint64_t& v) {
    uint8_t b[8];
    if (!mem_.CopyIn(addr, b, 8)) return false;
    v = traits_.big_endian ? LoadBe<uint64_t>(b) : LoadLe<uint64_t>(b);
    return true;
  }
  bool DeliverSignal(Thread& t, int signo, int code, uint32_t addr, const SigAction& act) override {
    constexpr uint32_t kSaOnStack = 0x08000000;
    uint32_t sp = t.r[29];
    bool on_alt = t.alt_size != 0 && sp - t.alt_sp < t.alt_size;
    if ((act.flags & kSaOnStack) && t.alt_size != 0 && !on_alt) sp = t.alt_sp + t.alt_size;
    sp = (sp - kFrameSize) & ~15u;
    std::vector<uint8_t> zero(kFrameSize, 0);
    if (!mem_.CopyOut(sp, zero.data(), zero.size())) return false;
    WriteU32(sp + kSigInfo, static_cast<uint32_t>(signo));
    WriteU32(sp + kSigInfo + 4, static_cast<uint32_t>(code));
    WriteU32(sp + kSigInfo + 12, addr);
    WriteU32(sp + kUcontext + 8, t.alt_sp);
    WriteU32(sp + kUcontext + 12, t.alt_size);
    WriteU32(sp + kUcontext + 16, t.alt_size == 0 ? 2 : on_alt ? 1 : 0);
    Put64(sp + kMcontext + 8, t.pc);
    for (int i = 0; i < 32; ++i) {
      Put64(sp + kMcontext + 16 + 8 * i,
            static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(t.r[i]))));
    }
    Put64(sp + kMcontext + 552, t.r[kHi]);
    Put64(sp + kMcontext + 560, t.r[kLo]);
    for (int i = 0; i < 4; ++i) WriteU32(sp + kUcontext + 616 + 4 * i, act.mask[i]);
    t.r[4] = static_cast<uint32_t>(signo);
    t.r[5] = sp + kSigInfo;
    t.r[6] = sp + kUcontext;
    t.r[29] = sp;
    t.r[25] = act.handler;
    t.r[31] = kSigTrampoline;
    t.pc = act.handler;
    t.npc = act.handler + 4;
    t.ll = 0;
    return true;
  }
  bool SigReturn(Thread& t) override {
    uint32_t sp = t.r[29];
    uint64_t v;
    uint32_t regs[32];
    for (int i = 0; i < 32; ++i) {
      if (!Get64(sp + kMcontext + 16 + 8 * i, v)) return false;
      regs[i] = static_cast<uint32_t>(v);
    }
    uint64_t pc, hi, lo;
    if (!Get64(sp + kMcontext + 8, pc) || !Get64(sp + kMcontext + 552, hi) ||
        !Get64(sp + kMcontext + 560, lo)) {
      return false;
    }
    for (int i = 1; i < 32; ++i) t.r[i] = regs[i];
    t.r[kHi] = static_cast<uint32_t>(hi);
    t.r[kLo] = static_cast<uint32_t>(lo);
    t.pc = static_cast<uint32_t>(pc);
    t.npc = t.pc + 4;
    return true;
  }

 private:
  const Region* FindRegion(uint32_t pc) {
    for (size_t i = 0; i < regions_.size(); ++i) {
      if (pc - regions_[i].base < regions_[i].size) {
        current_region_ = i;
        return &regions_[i];
      }
    }
    return nullptr;
  }

  template <bool kBig, bool kTrace>
  SliceExit Loop(Thread& t, uint64_t limit);

  std::vector<Region> regions_;
  size_t current_region_ = 0;
};

template <bool kBig, bool kTrace>
Machine::SliceExit MipsExecutor::Loop(Thread& th, uint64_t limit) {
  uint32_t* const r = th.r;
  uint32_t pc = th.pc, npc = th.npc;
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
#define RPAGE(a, p)                                                    \
  uint8_t* p = rdt[(a) >> Memory::kPageBits];                          \
  if (__builtin_expect(p == nullptr, 0)) {                             \
    p = mem_.Materialize(a, Memory::kR);                               \
    if (p == nullptr) {                                                \
      bad_addr = a;                                                    \
      FAULT("memory fault: load from unmapped or unreadable address"); \
    }                                                                  \
  }
#define WPAGE(a, p)                                                  \
  uint8_t* p = wrt[(a) >> Memory::kPageBits];                        \
  if (__builtin_expect(p == nullptr, 0)) {                           \
    p = mem_.Materialize(a, Memory::kW);                             \
    if (p == nullptr) {                                              \
      bad_addr = a;                                                  \
      FAULT("memory fault: store to unmapped or read-only address"); \
    }                                                                \
  }
#define TMEM(a, before, after, w)                                                      \
  if constexpr (kTrace) {                                                              \
    row->has_memory = 1;                                                               \
    row->memory = MemoryAccess{(a) & ~3u, (before), (after), static_cast<uint8_t>(w)}; \
  }

  while (cyc < limit) {
    uint32_t off = pc - base;
    if (__builtin_expect(off >= size, 0)) {
      reg = FindRegion(pc);
      if (reg == nullptr) {
        bad_addr = pc;
        FAULT("instruction fetch from a non-executable address");
      }
      ops = reg->ops.data(), base = reg->base, size = reg->size, off = pc - base;
    }
    if (__builtin_expect(pc & 3, 0)) {
      bad_addr = pc;
      FAULT("misaligned instruction fetch");
    }
    const Op op = ops[off >> 2];
    uint32_t nnpc = npc + 4;
    if constexpr (kTrace) {
      trace_buf_.emplace_back();
      row = &trace_buf_.back();
      row->cycle = cyc;
      row->pc = pc;
      row->instruction = reg->raw[off >> 2];
      row->rs = op.s < 32 ? op.s : 0xff;
      row->rt = op.t;
      row->rs_value = r[op.s];
      row->rt_value = r[op.t];
    }
    switch (op.code) {
      case kNop:
        break;
      case kSll:
        r[op.d] = r[op.t] << op.imm;
        break;
      case kSrl:
        r[op.d] = r[op.t] >> op.imm;
        break;
      case kSra:
        r[op.d] = static_cast<uint32_t>(static_cast<int32_t>(r[op.t]) >> op.imm);
        break;
      case kRotr:
        r[op.d] = std::rotr(r[op.t], static_cast<int>(op.imm));
        break;
      case kSllv:
        r[op.d] = r[op.t] << (r[op.s] & 31);
        break;
      case kSrlv:
        r[op.d] = r[op.t] >> (r[op.s] & 31);
        break;
      case kSrav:
        r[op.d] = static_cast<uint32_t>(static_cast<int32_t>(r[op.t]) >> (r[op.s] & 31));
        break;
      case kRotrv:
        r[op.d] = std::rotr(r[op.t], static_cast<int>(r[op.s] & 31));
        break;
      case kJr:
        nnpc = r[op.s];
        break;
      case kJalr: {
        uint32_t target = r[op.s];
        r[op.d] = pc + 8;
        nnpc = target;
        break;
      }
      case kMovz:
        if (r[op.t] == 0) r[op.d] = r[op.s];
        break;
      case kMovn:
        if (r[op.t] != 0) r[op.d] = r[op.s];
        break;
      case kSyscall:
        result = SliceExit::kSyscall;
        if constexpr (kTrace) {
          row->next_pc = nnpc;
          row->rd = 0xff;
          if (trace_buf_.size() >= kTraceBatch) FlushTrace();
        }
        pc = npc;
        npc = nnpc;
        ++cyc;
        goto out;
      case kBreak:
        bad_addr = pc;
        FAULT("break instruction");
      case kMfhi:
        r[op.d] = r[kHi];
        break;
      case kMthi:
        r[kHi] = r[op.s];
        break;
      case kMflo:
        r[op.d] = r[kLo];
        break;
      case kMtlo:
        r[kLo] = r[op.s];
        break;
      case kMult: {
        int64_t p = int64_t{static_cast<int32_t>(r[op.s])} * static_cast<int32_t>(r[op.t]);
        r[kLo] = static_cast<uint32_t>(p),
        r[kHi] = static_cast<uint32_t>(static_cast<uint64_t>(p) >> 32);
        break;
      }
      case kMultu: {
        uint64_t p = uint64_t{r[op.s]} * r[op.t];
        r[kLo] = static_cast<uint32_t>(p), r[kHi] = static_cast<uint32_t>(p >> 32);
        break;
      }
      case kDiv: {
        int32_t a = static_cast<int32_t>(r[op.s]), b = static_cast<int32_t>(r[op.t]);
        if (b == 0 || (a == INT32_MIN && b == -1)) {
          r[kLo] = static_cast<uint32_t>(a), r[kHi] = 0;
        } else {
          r[kLo] = static_cast<uint32_t>(a / b), r[kHi] = static_cast<uint32_t>(a % b);
        }
        break;
      }
      case kDivu: {
        uint32_t a = r[op.s], b = r[op.t];
        if (b == 0) {
          r[kLo] = a, r[kHi] = 0;
        } else {
          r[kLo] = a / b, r[kHi] = a % b;
        }
        break;
      }
      case kAdd: {
        int32_t v;
        if (__builtin_add_overflow(static_cast<int32_t>(r[op.s]), static_cast<int32_t>(r[op.t]),
                                   &v)) {
          bad_addr = pc;
          FAULT("integer overflow trap (ADD)");
        }
        r[op.d] = static_cast<uint32_t>(v);
        break;
      }
      case kAddu:
        r[op.d] = r[op.s] + r[op.t];
        break;
      case kSub: {
        int32_t v;
        if (__builtin_sub_overflow(static_cast<int32_t>(r[op.s]), static_cast<int32_t>(r[op.t]),
                                   &v)) {
          bad_addr = pc;
          FAULT("integer overflow trap (SUB)");
        }
        r[op.d] = static_cast<uint32_t>(v);
        break;
      }
      case kSubu:
        r[op.d] = r[op.s] - r[op.t];
        break;
      case kAnd:
        r[op.d] = r[op.s] & r[op.t];
        break;
      case kOr:
        r[op.d] = r[op.s] | r[op.t];
        break;
      case kXor:
        r[op.d] = r[op.s] ^ r[op.t];
        break;
      case kNor:
        r[op.d] = ~(r[op.s] | r[op.t]);
        break;
      case kSlt:
        r[op.d] = static_cast<int32_t>(r[op.s]) < static_cast<int32_t>(r[op.t]);
        break;
      case kSltu:
        r[op.d] = r[op.s] < r[op.t];
        break;
#define TRAP(cond)                              \
  if (cond) {                                   \
    bad_addr = pc;                              \
    FAULT("trap instruction (condition true)"); \
  }                                             \
  break;
      case kTge:
        TRAP(static_cast<int32_t>(r[op.s]) >= static_cast<int32_t>(r[op.t]));
      case kTgeu:
        TRAP(r[op.s] >= r[op.t]);
      case kTlt:
        TRAP(static_cast<int32_t>(r[op.s]) < static_cast<int32_t>(r[op.t]));
      case kTltu:
        TRAP(r[op.s] < r[op.t]);
      case kTeq:
        TRAP(r[op.s] == r[op.t]);
      case kTne:
        TRAP(r[op.s] != r[op.t]);
      case kTgei:
        TRAP(static_cast<int32_t>(r[op.s]) >= static_cast<int32_t>(op.imm));
      case kTgeiu:
        TRAP(r[op.s] >= op.imm);
      case kTlti:
        TRAP(static_cast<int32_t>(r[op.s]) < static_cast<int32_t>(op.imm));
      case kTltiu:
        TRAP(r[op.s] < op.imm);
      case kTeqi:
        TRAP(r[op.s] == op.imm);
      case kTnei:
        TRAP(r[op.s] != op.imm);
#undef TRAP
      case kBltz:
        if (static_cast<int32_t>(r[op.s]) < 0) nnpc = op.imm;
        break;
      case kBgez:
        if (static_cast<int32_t>(r[op.s]) >= 0) nnpc = op.imm;
        break;
      case kBltzal: {
        bool take = static_cast<int32_t>(r[op.s]) < 0;
        r[31] = pc + 8;
        if (take) nnpc = op.imm;
        break;
      }
      case kBgezal: {
        bool take = static_cast<int32_t>(r[op.s]) >= 0;
        r[31] = pc + 8;
        if (take) nnpc = op.imm;
        break;
      }
#define LIKELY_BRANCH(cond) \
  if (cond) {               \
    nnpc = op.imm;          \
  } else {                  \
    npc += 4;               \
    nnpc = npc + 4;         \
  }                         \
  break;
      case kBltzl:
        LIKELY_BRANCH(static_cast<int32_t>(r[op.s]) < 0);
      case kBgezl:
        LIKELY_BRANCH(static_cast<int32_t>(r[op.s]) >= 0);
      case kBltzall: {
        bool take = static_cast<int32_t>(r[op.s]) < 0;
        r[31] = pc + 8;
        LIKELY_BRANCH(take);
      }
      case kBgezall: {
        bool take = static_cast<int32_t>(r[op.s]) >= 0;
        r[31] = pc + 8;
        LIKELY_BRANCH(take);
      }
      case kBeql:
        LIKELY_BRANCH(r[op.s] == r[op.t]);
      case kBnel:
        LIKELY_BRANCH(r[op.s] != r[op.t]);
      case kBlezl:
        LIKELY_BRANCH(static_cast<int32_t>(r[op.s]) <= 0);
      case kBgtzl:
        LIKELY_BRANCH(static_cast<int32_t>(r[op.s]) > 0);
#undef LIKELY_BRANCH
      case kJ:
        nnpc = op.imm;
        break;
      case kJal:
        r[31] = pc + 8;
        nnpc = op.imm;
        break;
      case kBeq:
        if (r[op.s] == r[op.t]) nnpc = op.imm;
        break;
      case kBne:
        if (r[op.s] != r[op.t]) nnpc = op.imm;
        break;
      case kBlez:
        if (static_cast<int32_t>(r[op.s]) <= 0) nnpc = op.imm;
        break;
      case kBgtz:
        if (static_cast<int32_t>(r[op.s]) > 0) nnpc = op.imm;
        break;
      case kAddi: {
        int32_t v;
        if (__builtin_add_overflow(static_cast<int32_t>(r[op.s]), static_cast<int32_t>(op.imm),
                                   &v)) {
          bad_addr = pc;
          FAULT("integer overflow trap (ADDI)");
        }
        r[op.d] = static_cast<uint32_t>(v);
        break;
      }
      case kAddiu:
        r[op.d] = r[op.s] + op.imm;
        break;
      case kSlti:
        r[op.d] = static_cast<int32_t>(r[op.s]) < static_cast<int32_t>(op.imm);
        break;
      case kSltiu:
        r[op.d] = r[op.s] < op.imm;
        break;
      case kAndi:
        r[op.d] = r[op.s] & op.imm;
        break;
      case kOri:
        r[op.d] = r[op.s] | op.imm;
        break;
      case kXori:
        r[op.d] = r[op.s] ^ op.imm;
        break;
      case kLui:
        r[op.d] = op.imm;
        break;
      case kMadd:
      case kMsub: {
        int64_t acc = static_cast<int64_t>((uint64_t{r[kHi]} << 32) | r[kLo]);
        int64_t p = int64_t{static_cast<int32_t>(r[op.s])} * static_cast<int32_t>(r[op.t]);
        uint64_t v = static_cast<uint64_t>(op.code == kMadd ? acc + p : acc - p);
        r[kLo] = static_cast<uint32_t>(v), r[kHi] = static_cast<uint32_t>(v >> 32);
        break;
      }
      case kMaddu:
      case kMsubu: {
        uint64_t acc = (uint64_t{r[kHi]} << 32) | r[kLo];
        uint64_t p = uint64_t{r[op.s]} * r[op.t];
        uint64_t v = op.code == kMaddu ? acc + p : acc - p;
        r[kLo] = static_cast<uint32_t>(v), r[kHi] = static_cast<uint32_t>(v >> 32);
        break;
      }
      case kMul:
        r[op.d] = r[op.s] * r[op.t];
        break;
      case kClz:
        r[op.d] = r[op.s] == 0 ? 32 : __builtin_clz(r[op.s]);
        break;
      case kClo:
        r[op.d] = ~r[op.s] == 0 ? 32 : __builtin_clz(~r[op.s]);
        break;
      case kExt: {
        uint32_t pos = op.imm & 31, sz = op.imm >> 8;
        uint32_t mask = sz == 32 ? ~0u : (1u << sz) - 1;
        r[op.d] = (r[op.s] >> pos) & mask;
        break;
      }
      case kIns: {
        uint32_t pos = op.imm & 31, sz = op.imm >> 8;
        uint32_t mask = sz == 32 ? ~0u : (1u << sz) - 1;
        r[op.d] = (r[op.t] & ~(mask << pos)) | ((r[op.s] & mask) << pos);
        break;
      }
      case kWsbh:
        r[op.d] = ((r[op.t] & 0x00ff00ffu) << 8) | ((r[op.t] >> 8) & 0x00ff00ffu);
        break;
      case kSeb:
        r[op.d] = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(r[op.t])));
        break;
      case kSeh:
        r[op.d] = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(r[op.t])));
        break;
      case kRdhwr:
        r[op.d] = op.imm == 29  ? th.tls
                  : op.imm == 2 ? static_cast<uint32_t>(cyc)
                  : op.imm == 3 ? 1
                                : 0;
        break;
      case kLb:
      case kLbu: {
        uint32_t a = r[op.s] + op.imm;
        RPAGE(a, p);
        uint8_t v = p[a & Memory::kPageMask];
        r[op.d] = op.code == kLb
                      ? static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(v)))
                      : v;
        TMEM(a, GuestLoad32<kBig>(p + (a & Memory::kPageMask & ~3u)),
             GuestLoad32<kBig>(p + (a & Memory::kPageMask & ~3u)), 0);
        break;
      }
      case kLh:
      case kLhu: {
        uint32_t a = r[op.s] + op.imm;
        if (a & 1) {
          bad_addr = a;
          FAULT("address error: misaligned halfword load");
        }
        RPAGE(a, p);
        uint16_t v = GuestLoad16<kBig>(p + (a & Memory::kPageMask));
        r[op.d] = op.code == kLh
                      ? static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(v)))
                      : v;
        TMEM(a, GuestLoad32<kBig>(p + (a & Memory::kPageMask & ~3u)),
             GuestLoad32<kBig>(p + (a & Memory::kPageMask & ~3u)), 0);
        break;
      }
      case kLw:
      case kLl: {
        uint32_t a = r[op.s] + op.imm;
        if (a & 3) {
          bad_addr = a;
          FAULT("address error: misaligned word load");
        }
        RPAGE(a, p);
        uint32_t v = GuestLoad32<kBig>(p + (a & Memory::kPageMask));
        r[op.d] = v;
        if (op.code == kLl) th.ll = 1;
        TMEM(a, v, v, 0);
        break;
      }
      case kLwl:
      case kLwr: {
        uint32_t a = r[op.s] + op.imm;
        RPAGE(a, p);
        uint32_t w = GuestLoad32<kBig>(p + (a & Memory::kPageMask & ~3u));
        uint32_t b = kBig ? (a & 3) : 3 - (a & 3);  // byte index in big-endian terms
        uint64_t cur = r[op.t];
        if (op.code == kLwl) {
          uint32_t sh = 8 * b;
          r[op.d] = static_cast<uint32_t>((uint64_t{w} << sh) | (cur & ((uint64_t{1} << sh) - 1)));
        } else {
          uint32_t sh = 8 * (3 - b);
          uint64_t keep = ~(uint64_t{0xffffffff} >> sh) & 0xffffffffu;
          r[op.d] = static_cast<uint32_t>((w >> sh) | (cur & keep));
        }
        TMEM(a, w, w, 0);
        break;
      }
      case kSb: {
        uint32_t a = r[op.s] + op.imm;
        WPAGE(a, p);
        uint32_t before = 0;
        if constexpr (kTrace) before = GuestLoad32<kBig>(p + (a & Memory::kPageMask & ~3u));
        p[a & Memory::kPageMask] = static_cast<uint8_t>(r[op.t]);
        TMEM(a, before, GuestLoad32<kBig>(p + (a & Memory::kPageMask & ~3u)), 1);
        break;
      }
      case kSh: {
        uint32_t a = r[op.s] + op.imm;
        if (a & 1) {
          bad_addr = a;
          FAULT("address error: misaligned halfword store");
        }
        WPAGE(a, p);
        uint32_t before = 0;
        if constexpr (kTrace) before = GuestLoad32<kBig>(p + (a & Memory::kPageMask & ~3u));
        GuestStore16<kBig>(p + (a & Memory::kPageMask), static_cast<uint16_t>(r[op.t]));
        TMEM(a, before, GuestLoad32<kBig>(p + (a & Memory::kPageMask & ~3u)), 1);
        break;
      }
      case kSw: {
        uint32_t a = r[op.s] + op.imm;
        if (a & 3) {
          bad_addr = a;
          FAULT("address error: misaligned word store");
        }
        WPAGE(a, p);
        uint32_t before = 0;
        if constexpr (kTrace) before = GuestLoad32<kBig>(p + (a & Memory::kPageMask));
        GuestStore32<kBig>(p + (a & Memory::kPageMask), r[op.t]);
        TMEM(a, before, r[op.t], 1);
        break;
      }
      case kSc: {
        uint32_t a = r[op.s] + op.imm;
        if (a & 3) {
          bad_addr = a;
          FAULT("address error: misaligned SC");
        }
        if (th.ll) {
          WPAGE(a, p);
          uint32_t before = 0;
          if constexpr (kTrace) before = GuestLoad32<kBig>(p + (a & Memory::kPageMask));
          GuestStore32<kBig>(p + (a & Memory::kPageMask), r[op.t]);
          TMEM(a, before, r[op.t], 1);
          r[op.d] = 1;
        } else {
          r[op.d] = 0;
        }
        th.ll = 0;
        break;
      }
      case kSwl:
      case kSwr: {
        uint32_t a = r[op.s] + op.imm;
        WPAGE(a, p);
        uint8_t* wp = p + (a & Memory::kPageMask & ~3u);
        uint32_t w = GuestLoad32<kBig>(wp), before = w;
        uint32_t b = kBig ? (a & 3) : 3 - (a & 3);
        uint64_t v = r[op.t];
        if (op.code == kSwl) {
          uint32_t sh = 8 * b;
          uint64_t keep = ~(uint64_t{0xffffffff} >> sh) & 0xffffffffu;
          w = static_cast<uint32_t>((v >> sh) | (w & keep));
        } else {
          uint32_t sh = 8 * (3 - b);
          w = static_cast<uint32_t>(((v << sh) & 0xffffffffu) | (w & ((uint64_t{1} << sh) - 1)));
        }
        GuestStore32<kBig>(wp, w);
        TMEM(a, before, w, 1);
        (void)before;
        break;
      }
      case kFpu:
        bad_addr = pc;
        FAULT("floating-point instruction (build with GOMIPS=softfloat / -msoft-float)");
      default:
        bad_addr = pc;
        FAULT("reserved instruction");
    }
    if constexpr (kTrace) {
      row->next_pc = nnpc;
      row->rd = op.d < 32 ? op.d : (op.d == kHi || op.d == kLo ? op.d : 0xff);
      row->rd_value = r[op.d];
      if (trace_buf_.size() >= kTraceBatch) FlushTrace();
    }
    pc = npc;
    npc = nnpc;
    ++cyc;
  }
out:
  th.pc = pc;
  th.npc = npc;
  cycles_ = cyc;
  current_region_ = reg - regions_.data();
  return result;
fault:
  if constexpr (kTrace) {
    if (!trace_buf_.empty()) trace_buf_.pop_back();
  }
  th.pc = pc;
  th.npc = npc;
  cycles_ = cyc;
  {
    uint32_t word = 0;
    if (pc - base < size) word = reg->raw[(pc - base) >> 2];
    std::string reason = why;
    if (bad_addr != pc || std::string(why).find("fetch") != std::string::npos) {
      reason = absl::StrFormat("%s 0x%08x", why, bad_addr);
    } else {
      reason = absl::StrFormat("%s (instruction 0x%08x)", why, word);
    }
    // The synchronous signal Linux would raise (Go turns SIGSEGV into nil-pointer panics).
    std::string w = why;
    int signo = 4, code = 1;  // SIGILL / ILL_ILLOPC
    uint32_t addr = pc;
    if (w.rfind("memory fault", 0) == 0 || w.find("fetch") != std::string::npos) {
      signo = 11, code = 1, addr = bad_addr;  // SIGSEGV / SEGV_MAPERR
    } else if (w.rfind("address error", 0) == 0) {
      signo = 10, code = 1, addr = bad_addr;  // SIGBUS / BUS_ADRALN
    } else if (w.find("trap") != std::string::npos || w.rfind("break", 0) == 0) {
      signo = 5, code = 1;  // SIGTRAP (MIPS delivers integer-overflow as SIGFPE, see below)
      if (w.rfind("integer overflow", 0) == 0) signo = 8, code = 8;  // SIGFPE / FPE_INTOVF
    }
    return Fault(pc, reason, signo, code, addr);
  }
#undef FAULT
#undef RPAGE
#undef WPAGE
#undef TMEM
}

class MipsIsa final : public Isa {
 public:
  static absl::StatusOr<std::unique_ptr<Isa>> Create(const std::string&) {
    return std::unique_ptr<Isa>(new MipsIsa());
  }
  std::string Name() const noexcept override { return "mips"; }
  bool Recognizes(const ElfIdent& id) const noexcept override {
    return id.machine == kElfMachineMips && id.elf_class == 1;
  }
  absl::StatusOr<std::unique_ptr<Executor>> Load(ByteView elf,
                                                 const ExecutorOptions& options) noexcept override {
    try {
      auto image = LoadElf32(elf, kElfMachineMips);
      if (!image.ok()) return image.status();
      uint32_t arch = image->ident.flags >> 28;
      if (arch == 2 || arch == 3 || arch == 4 || arch == 6 || arch == 8 || arch >= 9) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "bad ELF: MIPS architecture level 0x%x in e_flags is not MIPS32r2-compatible", arch));
      }
      IsaTraits traits;
      traits.name = "mips";
      traits.machine = kElfMachineMips;
      traits.big_endian = image->ident.endian == Endian::kBig;
      traits.map_anonymous = 0x800;
      traits.enosys = 89;
      traits.etimedout = 145;
      auto ex = std::make_unique<MipsExecutor>(traits, options);
      auto st = ex->Init(*image);
      if (!st.ok()) return st;
      return std::unique_ptr<Executor>(std::move(ex));
    } catch (const std::exception& e) {
      return absl::ResourceExhaustedError(std::string("loading failed: ") + e.what());
    }
  }
};

}  // namespace

std::unique_ptr<Isa> NewMipsIsa() { return std::make_unique<MipsIsa>(); }

std::string CheckInstruction(uint32_t word) {
  Op op = Decode(word, 0x400000);
  if (op.code == kReserved) return "reserved instruction";
  if (op.code == kFpu) return "floating-point instruction";
  return "";
}

}  // namespace entangle::vm::mips
