#include "chains/bitcoin/script.h"

#include <absl/container/flat_hash_map.h>
#include <absl/strings/ascii.h>
#include <absl/strings/numbers.h>

#include <algorithm>
#include <climits>
#include <vector>

#include "common/bytes.h"
#include "common/endian.h"

namespace entangle::bitcoin {

bool GetOp(ByteView script, size_t* pc, uint8_t* opcode, ByteView* data) {
  *opcode = OP_INVALIDOPCODE;
  if (data) *data = ByteView();
  const size_t end = script.size();
  if (*pc >= end) return false;
  uint8_t op = script[(*pc)++];
  if (op <= OP_PUSHDATA4) {
    size_t n = 0;
    if (op < OP_PUSHDATA1) {
      n = op;
    } else if (op == OP_PUSHDATA1) {
      if (end - *pc < 1) return false;
      n = script[(*pc)++];
    } else if (op == OP_PUSHDATA2) {
      if (end - *pc < 2) return false;
      n = LoadLe<uint16_t>(&script[*pc]);
      *pc += 2;
    } else {
      if (end - *pc < 4) return false;
      n = LoadLe<uint32_t>(&script[*pc]);
      *pc += 4;
    }
    if (end - *pc < n) return false;
    if (data) *data = script.subspan(*pc, n);
    *pc += n;
  }
  *opcode = op;
  return true;
}

std::string OpcodeName(uint8_t op) {
  static const char* const kNames[] = {"OP_NOP",
                                       "OP_VER",
                                       "OP_IF",
                                       "OP_NOTIF",
                                       "OP_VERIF",
                                       "OP_VERNOTIF",
                                       "OP_ELSE",
                                       "OP_ENDIF",
                                       "OP_VERIFY",
                                       "OP_RETURN",
                                       "OP_TOALTSTACK",
                                       "OP_FROMALTSTACK",
                                       "OP_2DROP",
                                       "OP_2DUP",
                                       "OP_3DUP",
                                       "OP_2OVER",
                                       "OP_2ROT",
                                       "OP_2SWAP",
                                       "OP_IFDUP",
                                       "OP_DEPTH",
                                       "OP_DROP",
                                       "OP_DUP",
                                       "OP_NIP",
                                       "OP_OVER",
                                       "OP_PICK",
                                       "OP_ROLL",
                                       "OP_ROT",
                                       "OP_SWAP",
                                       "OP_TUCK",
                                       "OP_CAT",
                                       "OP_SUBSTR",
                                       "OP_LEFT",
                                       "OP_RIGHT",
                                       "OP_SIZE",
                                       "OP_INVERT",
                                       "OP_AND",
                                       "OP_OR",
                                       "OP_XOR",
                                       "OP_EQUAL",
                                       "OP_EQUALVERIFY",
                                       "OP_RESERVED1",
                                       "OP_RESERVED2",
                                       "OP_1ADD",
                                       "OP_1SUB",
                                       "OP_2MUL",
                                       "OP_2DIV",
                                       "OP_NEGATE",
                                       "OP_ABS",
                                       "OP_NOT",
                                       "OP_0NOTEQUAL",
                                       "OP_ADD",
                                       "OP_SUB",
                                       "OP_MUL",
                                       "OP_DIV",
                                       "OP_MOD",
                                       "OP_LSHIFT",
                                       "OP_RSHIFT",
                                       "OP_BOOLAND",
                                       "OP_BOOLOR",
                                       "OP_NUMEQUAL",
                                       "OP_NUMEQUALVERIFY",
                                       "OP_NUMNOTEQUAL",
                                       "OP_LESSTHAN",
                                       "OP_GREATERTHAN",
                                       "OP_LESSTHANOREQUAL",
                                       "OP_GREATERTHANOREQUAL",
                                       "OP_MIN",
                                       "OP_MAX",
                                       "OP_WITHIN",
                                       "OP_RIPEMD160",
                                       "OP_SHA1",
                                       "OP_SHA256",
                                       "OP_HASH160",
                                       "OP_HASH256",
                                       "OP_CODESEPARATOR",
                                       "OP_CHECKSIG",
                                       "OP_CHECKSIGVERIFY",
                                       "OP_CHECKMULTISIG",
                                       "OP_CHECKMULTISIGVERIFY",
                                       "OP_NOP1",
                                       "OP_CHECKLOCKTIMEVERIFY",
                                       "OP_CHECKSEQUENCEVERIFY",
                                       "OP_NOP4",
                                       "OP_NOP5",
                                       "OP_NOP6",
                                       "OP_NOP7",
                                       "OP_NOP8",
                                       "OP_NOP9",
                                       "OP_NOP10",
                                       "OP_CHECKSIGADD"};
  if (op == OP_0) return "0";
  if (op == OP_PUSHDATA1) return "OP_PUSHDATA1";
  if (op == OP_PUSHDATA2) return "OP_PUSHDATA2";
  if (op == OP_PUSHDATA4) return "OP_PUSHDATA4";
  if (op == OP_1NEGATE) return "-1";
  if (op == OP_RESERVED) return "OP_RESERVED";
  if (op >= OP_1 && op <= OP_16) return std::to_string(op - OP_1 + 1);
  if (op >= OP_NOP && op <= OP_CHECKSIGADD) return kNames[op - OP_NOP];
  if (op == OP_INVALIDOPCODE) return "OP_INVALIDOPCODE";
  return "OP_UNKNOWN";
}

std::optional<ScriptNum> ScriptNum::Decode(ByteView v, bool require_minimal, size_t max_size) {
  if (v.size() > max_size) return std::nullopt;
  if (require_minimal && !v.empty()) {
    // The most significant byte may be 0x00/0x80 only when the next byte needs its top bit.
    if ((v.back() & 0x7f) == 0 && (v.size() <= 1 || (v[v.size() - 2] & 0x80) == 0)) {
      return std::nullopt;
    }
  }
  if (v.empty()) return ScriptNum(0);
  int64_t result = 0;
  for (size_t i = 0; i < v.size(); ++i) result |= static_cast<int64_t>(v[i]) << (8 * i);
  if (v.back() & 0x80) {
    return ScriptNum(-static_cast<int64_t>(result & ~(0x80ULL << (8 * (v.size() - 1)))));
  }
  return ScriptNum(result);
}

int ScriptNum::GetInt() const {
  if (value_ > INT_MAX) return INT_MAX;
  if (value_ < INT_MIN) return INT_MIN;
  return static_cast<int>(value_);
}

Bytes ScriptNum::Serialize(int64_t v) {
  Bytes out;
  if (v == 0) return out;
  const bool neg = v < 0;
  uint64_t abs = neg ? ~static_cast<uint64_t>(v) + 1 : static_cast<uint64_t>(v);
  while (abs) {
    out.push_back(abs & 0xff);
    abs >>= 8;
  }
  if (out.back() & 0x80) {
    out.push_back(neg ? 0x80 : 0);
  } else if (neg) {
    out.back() |= 0x80;
  }
  return out;
}

void PushData(Bytes& s, ByteView d) {
  if (d.size() < OP_PUSHDATA1) {
    s.push_back(static_cast<uint8_t>(d.size()));
  } else if (d.size() <= 0xff) {
    s.push_back(OP_PUSHDATA1);
    s.push_back(static_cast<uint8_t>(d.size()));
  } else if (d.size() <= 0xffff) {
    s.push_back(OP_PUSHDATA2);
    uint8_t b[2];
    StoreLe<uint16_t>(b, static_cast<uint16_t>(d.size()));
    s.insert(s.end(), b, b + 2);
  } else {
    s.push_back(OP_PUSHDATA4);
    uint8_t b[4];
    StoreLe<uint32_t>(b, static_cast<uint32_t>(d.size()));
    s.insert(s.end(), b, b + 4);
  }
  s.insert(s.end(), d.begin(), d.end());
}

void PushInt(Bytes& s, int64_t v) {
  if (v == -1 || (v >= 1 && v <= 16)) {
    s.push_back(static_cast<uint8_t>(v + (OP_1 - 1)));
  } else if (v == 0) {
    s.push_back(OP_0);
  } else {
    PushData(s, ScriptNum::Serialize(v));
  }
}

namespace {

const absl::flat_hash_map<std::string, uint8_t>& OpNames() {
  static const auto* names = [] {
    auto* m = new absl::flat_hash_map<std::string, uint8_t>();
    for (int op = 0; op <= OP_CHECKSIGADD; ++op) {
      if (op < OP_NOP && op != OP_RESERVED) continue;
      std::string name = OpcodeName(static_cast<uint8_t>(op));
      if (name == "OP_UNKNOWN") continue;
      (*m)[name] = static_cast<uint8_t>(op);
      if (name.rfind("OP_", 0) == 0) (*m)[name.substr(3)] = static_cast<uint8_t>(op);
    }
    return m;
  }();
  return *names;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

absl::StatusOr<Bytes> ParseScriptAsm(std::string_view text) {
  Bytes out;
  std::vector<std::string_view> words;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) i++;
    size_t j = i;
    while (j < text.size() && !(text[j] == ' ' || text[j] == '\t' || text[j] == '\n')) j++;
    if (j > i) words.push_back(text.substr(i, j - i));
    i = j;
  }
  for (std::string_view w : words) {
    if (AllDigits(w) || (w.size() > 1 && w[0] == '-' && AllDigits(w.substr(1)))) {
      int64_t n;
      if (w.size() > 12 || !absl::SimpleAtoi(std::string(w), &n) || n > 0xffffffffLL ||
          n < -0xffffffffLL) {
        return absl::InvalidArgumentError("script number out of range: " + std::string(w));
      }
      PushInt(out, n);
    } else if (w.size() > 2 && w.substr(0, 2) == "0x") {
      auto raw = FromHex(w.substr(2));
      if (!raw.ok()) return absl::InvalidArgumentError("bad hex in script: " + std::string(w));
      Append(out, *raw);
    } else if (w.size() >= 2 && w.front() == '\'' && w.back() == '\'') {
      PushData(out, AsBytes(w.substr(1, w.size() - 2)));
    } else if (auto it = OpNames().find(std::string(w)); it != OpNames().end()) {
      out.push_back(it->second);
    } else {
      return absl::InvalidArgumentError("unknown script token '" + std::string(w) + "'");
    }
  }
  return out;
}

std::string ScriptToAsm(ByteView script) {
  std::string out;
  size_t pc = 0;
  while (pc < script.size()) {
    if (!out.empty()) out += ' ';
    uint8_t op;
    ByteView data;
    if (!GetOp(script, &pc, &op, &data)) {
      out += "[error]";
      break;
    }
    if (op <= OP_PUSHDATA4 && op != OP_0) {
      out += ToHex(data);
    } else {
      out += OpcodeName(op);
    }
  }
  return out;
}

bool IsPushOnly(ByteView script) {
  size_t pc = 0;
  while (pc < script.size()) {
    uint8_t op;
    if (!GetOp(script, &pc, &op, nullptr)) return false;
    if (op > OP_16) return false;
  }
  return true;
}

bool IsPayToScriptHash(ByteView s) {
  return s.size() == 23 && s[0] == OP_HASH160 && s[1] == 0x14 && s[22] == OP_EQUAL;
}

bool IsWitnessProgram(ByteView s, int* version, ByteView* program) {
  if (s.size() < 4 || s.size() > 42) return false;
  if (s[0] != OP_0 && (s[0] < OP_1 || s[0] > OP_16)) return false;
  if (static_cast<size_t>(s[1]) + 2 != s.size()) return false;
  *version = s[0] == OP_0 ? 0 : s[0] - (OP_1 - 1);
  *program = s.subspan(2);
  return true;
}

bool CheckMinimalPush(ByteView data, uint8_t opcode) {
  if (data.empty()) return opcode == OP_0;
  if (data.size() == 1 && data[0] >= 1 && data[0] <= 16) return false;
  if (data.size() == 1 && data[0] == 0x81) return false;
  if (data.size() <= 75) return opcode == data.size();
  if (data.size() <= 255) return opcode == OP_PUSHDATA1;
  if (data.size() <= 65535) return opcode == OP_PUSHDATA2;
  return true;
}

bool IsOpSuccess(uint8_t op) {
  return op == 80 || op == 98 || (op >= 126 && op <= 129) || (op >= 131 && op <= 134) ||
         (op >= 137 && op <= 138) || (op >= 141 && op <= 142) || (op >= 149 && op <= 153) ||
         (op >= 187 && op <= 254);
}

Bytes P2pkhScript(ByteView h) {
  Bytes s = {OP_DUP, OP_HASH160};
  PushData(s, h);
  s.push_back(OP_EQUALVERIFY);
  s.push_back(OP_CHECKSIG);
  return s;
}

Bytes P2shScript(ByteView h) {
  Bytes s = {OP_HASH160};
  PushData(s, h);
  s.push_back(OP_EQUAL);
  return s;
}

Bytes WitnessScript(int version, ByteView program) {
  Bytes s;
  s.push_back(version == 0 ? static_cast<uint8_t>(OP_0) : static_cast<uint8_t>(OP_1 + version - 1));
  PushData(s, program);
  return s;
}

unsigned SigOpCount(ByteView script, bool accurate) {
  unsigned n = 0;
  size_t pc = 0;
  uint8_t last = OP_INVALIDOPCODE;
  while (pc < script.size()) {
    uint8_t op;
    if (!GetOp(script, &pc, &op, nullptr)) break;
    if (op == OP_CHECKSIG || op == OP_CHECKSIGVERIFY) {
      n++;
    } else if (op == OP_CHECKMULTISIG || op == OP_CHECKMULTISIGVERIFY) {
      if (accurate && last >= OP_1 && last <= OP_16) {
        n += last - (OP_1 - 1);
      } else {
        n += kMaxPubkeysPerMultisig;
      }
    }
    last = op;
  }
  return n;
}

}  // namespace entangle::bitcoin
