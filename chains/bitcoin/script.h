// Bitcoin Script: opcodes, the instruction decoder, script numbers, the textual format of Bitcoin
// Core's script_tests.json (parser and formatter) and standard script templates.
#ifndef ENTANGLE_CHAINS_BITCOIN_SCRIPT_H_
#define ENTANGLE_CHAINS_BITCOIN_SCRIPT_H_

#include <absl/status/statusor.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "entangle/types.h"

namespace entangle::bitcoin {

enum Opcode : uint8_t {
  OP_0 = 0x00,
  OP_PUSHDATA1 = 0x4c,
  OP_PUSHDATA2 = 0x4d,
  OP_PUSHDATA4 = 0x4e,
  OP_1NEGATE = 0x4f,
  OP_RESERVED = 0x50,
  OP_1 = 0x51,
  OP_16 = 0x60,
  OP_NOP = 0x61,
  OP_VER = 0x62,
  OP_IF = 0x63,
  OP_NOTIF = 0x64,
  OP_VERIF = 0x65,
  OP_VERNOTIF = 0x66,
  OP_ELSE = 0x67,
  OP_ENDIF = 0x68,
  OP_VERIFY = 0x69,
  OP_RETURN = 0x6a,
  OP_TOALTSTACK = 0x6b,
  OP_FROMALTSTACK = 0x6c,
  OP_2DROP = 0x6d,
  OP_2DUP = 0x6e,
  OP_3DUP = 0x6f,
  OP_2OVER = 0x70,
  OP_2ROT = 0x71,
  OP_2SWAP = 0x72,
  OP_IFDUP = 0x73,
  OP_DEPTH = 0x74,
  OP_DROP = 0x75,
  OP_DUP = 0x76,
  OP_NIP = 0x77,
  OP_OVER = 0x78,
  OP_PICK = 0x79,
  OP_ROLL = 0x7a,
  OP_ROT = 0x7b,
  OP_SWAP = 0x7c,
  OP_TUCK = 0x7d,
  OP_CAT = 0x7e,
  OP_SUBSTR = 0x7f,
  OP_LEFT = 0x80,
  OP_RIGHT = 0x81,
  OP_SIZE = 0x82,
  OP_INVERT = 0x83,
  OP_AND = 0x84,
  OP_OR = 0x85,
  OP_XOR = 0x86,
  OP_EQUAL = 0x87,
  OP_EQUALVERIFY = 0x88,
  OP_RESERVED1 = 0x89,
  OP_RESERVED2 = 0x8a,
  OP_1ADD = 0x8b,
  OP_1SUB = 0x8c,
  OP_2MUL = 0x8d,
  OP_2DIV = 0x8e,
  OP_NEGATE = 0x8f,
  OP_ABS = 0x90,
  OP_NOT = 0x91,
  OP_0NOTEQUAL = 0x92,
  OP_ADD = 0x93,
  OP_SUB = 0x94,
  OP_MUL = 0x95,
  OP_DIV = 0x96,
  OP_MOD = 0x97,
  OP_LSHIFT = 0x98,
  OP_RSHIFT = 0x99,
  OP_BOOLAND = 0x9a,
  OP_BOOLOR = 0x9b,
  OP_NUMEQUAL = 0x9c,
  OP_NUMEQUALVERIFY = 0x9d,
  OP_NUMNOTEQUAL = 0x9e,
  OP_LESSTHAN = 0x9f,
  OP_GREATERTHAN = 0xa0,
  OP_LESSTHANOREQUAL = 0xa1,
  OP_GREATERTHANOREQUAL = 0xa2,
  OP_MIN = 0xa3,
  OP_MAX = 0xa4,
  OP_WITHIN = 0xa5,
  OP_RIPEMD160 = 0xa6,
  OP_SHA1 = 0xa7,
  OP_SHA256 = 0xa8,
  OP_HASH160 = 0xa9,
  OP_HASH256 = 0xaa,
  OP_CODESEPARATOR = 0xab,
  OP_CHECKSIG = 0xac,
  OP_CHECKSIGVERIFY = 0xad,
  OP_CHECKMULTISIG = 0xae,
  OP_CHECKMULTISIGVERIFY = 0xaf,
  OP_NOP1 = 0xb0,
  OP_CHECKLOCKTIMEVERIFY = 0xb1,
  OP_CHECKSEQUENCEVERIFY = 0xb2,
  OP_NOP4 = 0xb3,
  OP_NOP5 = 0xb4,
  OP_NOP6 = 0xb5,
  OP_NOP7 = 0xb6,
  OP_NOP8 = 0xb7,
  OP_NOP9 = 0xb8,
  OP_NOP10 = 0xb9,
  OP_CHECKSIGADD = 0xba,
  OP_INVALIDOPCODE = 0xff,
};

inline constexpr size_t kMaxScriptElementSize = 520;
inline constexpr int kMaxOpsPerScript = 201;
inline constexpr int kMaxPubkeysPerMultisig = 20;
inline constexpr size_t kMaxScriptSize = 10000;
inline constexpr size_t kMaxStackSize = 1000;

// Decodes the instruction at `*pc`, advancing it. `data` views the pushed bytes (empty for
// non-push opcodes). Returns false on a truncated push (and at the end of the script).
bool GetOp(ByteView script, size_t* pc, uint8_t* opcode, ByteView* data);

// The name Bitcoin Core gives an opcode ("OP_DUP", "0", "-1", "1".. "16", "OP_UNKNOWN").
std::string OpcodeName(uint8_t opcode);

// Script numbers: little-endian sign-magnitude, at most `max_size` bytes.
class ScriptNum {
 public:
  explicit ScriptNum(int64_t v) : value_(v) {}
  // Fails (returns nullopt) when too long or, with `require_minimal`, not minimally encoded.
  static std::optional<ScriptNum> Decode(ByteView v, bool require_minimal, size_t max_size = 4);
  int64_t value() const { return value_; }
  int GetInt() const;  // clamped to int
  Bytes Encode() const { return Serialize(value_); }
  static Bytes Serialize(int64_t v);

 private:
  int64_t value_;
};

// Appends a data push with the smallest push opcode for its size (not OP_N; Bitcoin Core's
// CScript << vector).
void PushData(Bytes& script, ByteView data);
// Appends an integer the way CScript << int64 does (OP_0, OP_1NEGATE, OP_1..OP_16 or a push).
void PushInt(Bytes& script, int64_t v);

// Parses the textual script format of Bitcoin Core's test vectors (core_read.cpp ParseScript):
// decimal numbers, 0x raw hex (inserted, not pushed), 'strings' (pushed), opcode names with or
// without "OP_".
absl::StatusOr<Bytes> ParseScriptAsm(std::string_view text);
// Human-readable disassembly (pushes as hex, opcodes by name).
std::string ScriptToAsm(ByteView script);

bool IsPushOnly(ByteView script);
bool IsPayToScriptHash(ByteView script);
// A witness program: version 0..16 and a 2..40 byte program.
bool IsWitnessProgram(ByteView script, int* version, ByteView* program);
// Bitcoin Core's CheckMinimalPush.
bool CheckMinimalPush(ByteView data, uint8_t opcode);
// The OP_SUCCESSx opcodes of BIP342.
bool IsOpSuccess(uint8_t opcode);

// Standard templates.
Bytes P2pkhScript(ByteView hash160);
Bytes P2shScript(ByteView hash160);
Bytes WitnessScript(int version, ByteView program);

// Legacy sigop counting (for block limits in the devchain).
unsigned SigOpCount(ByteView script, bool accurate);

}  // namespace entangle::bitcoin

#endif  // ENTANGLE_CHAINS_BITCOIN_SCRIPT_H_
