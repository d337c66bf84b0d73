#include "chains/bitcoin/interpreter.h"

#include <absl/strings/str_join.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

#include "chains/bitcoin/crypto.h"
#include "chains/bitcoin/script.h"
#include "common/bytes.h"
#include "common/endian.h"
#include "common/varint.h"

namespace entangle::bitcoin {
namespace {

struct FlagName {
  const char* name;
  uint32_t flag;
};
constexpr FlagName kFlagNames[] = {
    {"P2SH", kVerifyP2sh},
    {"STRICTENC", kVerifyStrictEnc},
    {"DERSIG", kVerifyDerSig},
    {"LOW_S", kVerifyLowS},
    {"NULLDUMMY", kVerifyNullDummy},
    {"SIGPUSHONLY", kVerifySigPushOnly},
    {"MINIMALDATA", kVerifyMinimalData},
    {"DISCOURAGE_UPGRADABLE_NOPS", kVerifyDiscourageUpgradableNops},
    {"CLEANSTACK", kVerifyCleanStack},
    {"CHECKLOCKTIMEVERIFY", kVerifyCheckLockTimeVerify},
    {"CHECKSEQUENCEVERIFY", kVerifyCheckSequenceVerify},
    {"WITNESS", kVerifyWitness},
    {"DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM", kVerifyDiscourageUpgradableWitnessProgram},
    {"MINIMALIF", kVerifyMinimalIf},
    {"NULLFAIL", kVerifyNullFail},
    {"WITNESS_PUBKEYTYPE", kVerifyWitnessPubkeyType},
    {"CONST_SCRIPTCODE", kVerifyConstScriptCode},
    {"TAPROOT", kVerifyTaproot},
    {"DISCOURAGE_UPGRADABLE_TAPROOT_VERSION", kVerifyDiscourageUpgradableTaprootVersion},
    {"DISCOURAGE_OP_SUCCESS", kVerifyDiscourageOpSuccess},
    {"DISCOURAGE_UPGRADABLE_PUBKEYTYPE", kVerifyDiscourageUpgradablePubkeyType},
};

constexpr const char* kErrorNames[] = {
    "OK",
    "UNKNOWN_ERROR",
    "EVAL_FALSE",
    "OP_RETURN",
    "SCRIPT_SIZE",
    "PUSH_SIZE",
    "OP_COUNT",
    "STACK_SIZE",
    "SIG_COUNT",
    "PUBKEY_COUNT",
    "VERIFY",
    "EQUALVERIFY",
    "CHECKMULTISIGVERIFY",
    "CHECKSIGVERIFY",
    "NUMEQUALVERIFY",
    "BAD_OPCODE",
    "DISABLED_OPCODE",
    "INVALID_STACK_OPERATION",
    "INVALID_ALTSTACK_OPERATION",
    "UNBALANCED_CONDITIONAL",
    "NEGATIVE_LOCKTIME",
    "UNSATISFIED_LOCKTIME",
    "SIG_HASHTYPE",
    "SIG_DER",
    "MINIMALDATA",
    "SIG_PUSHONLY",
    "SIG_HIGH_S",
    "SIG_NULLDUMMY",
    "PUBKEYTYPE",
    "CLEANSTACK",
    "MINIMALIF",
    "NULLFAIL",
    "DISCOURAGE_UPGRADABLE_NOPS",
    "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM",
    "DISCOURAGE_UPGRADABLE_TAPROOT_VERSION",
    "DISCOURAGE_OP_SUCCESS",
    "DISCOURAGE_UPGRADABLE_PUBKEYTYPE",
    "WITNESS_PROGRAM_WRONG_LENGTH",
    "WITNESS_PROGRAM_WITNESS_EMPTY",
    "WITNESS_PROGRAM_MISMATCH",
    "WITNESS_MALLEATED",
    "WITNESS_MALLEATED_P2SH",
    "WITNESS_UNEXPECTED",
    "WITNESS_PUBKEYTYPE",
    "SCHNORR_SIG_SIZE",
    "SCHNORR_SIG_HASHTYPE",
    "SCHNORR_SIG",
    "TAPROOT_WRONG_CONTROL_SIZE",
    "TAPSCRIPT_VALIDATION_WEIGHT",
    "TAPSCRIPT_CHECKMULTISIG",
    "TAPSCRIPT_MINIMALIF",
    "TAPSCRIPT_EMPTY_PUBKEY",
    "OP_CODESEPARATOR",
    "SIG_FINDANDDELETE",
    "SCRIPTNUM",
};
static_assert(sizeof(kErrorNames) / sizeof(kErrorNames[0]) ==
              static_cast<size_t>(ScriptError::kCount));

template <typename T>
void PutLe(Bytes& out, T v) {
  uint8_t b[sizeof(T)];
  StoreLe<T>(b, v);
  out.insert(out.end(), b, b + sizeof(T));
}

void PutVarBytes(Bytes& out, ByteView b) {
  AppendCompactSize(out, b.size());
  out.insert(out.end(), b.begin(), b.end());
}

void PutHash(Bytes& out, const Digest32& h) { out.insert(out.end(), h.begin(), h.end()); }

Digest32 Sha1Digest(ByteView data) {
  Digest32 out{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha1(), nullptr);
  return out;
}

bool CastToBool(const Bytes& v) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != 0) {
      // Negative zero is false.
      if (i == v.size() - 1 && v[i] == 0x80) return false;
      return true;
    }
  }
  return false;
}

bool IsCompressedOrUncompressedPubKey(ByteView k) {
  if (k.size() < 33) return false;
  if (k[0] == 0x04) return k.size() == 65;
  if (k[0] == 0x02 || k[0] == 0x03) return k.size() == 33;
  return false;
}

bool IsCompressedPubKey(ByteView k) { return k.size() == 33 && (k[0] == 0x02 || k[0] == 0x03); }

bool IsDefinedHashtypeSignature(ByteView sig) {
  if (sig.empty()) return false;
  uint8_t t = sig.back() & ~kSighashAnyoneCanPay;
  return t >= kSighashAll && t <= kSighashSingle;
}

bool CheckSignatureEncoding(ByteView sig, uint32_t flags, ScriptError* error) {
  if (sig.empty()) return true;
  if ((flags & (kVerifyDerSig | kVerifyLowS | kVerifyStrictEnc)) != 0 &&
      !IsValidSignatureEncoding(sig)) {
    *error = ScriptError::kSigDer;
    return false;
  }
  if ((flags & kVerifyLowS) != 0 && !EcdsaHasLowS(sig.first(sig.size() - 1))) {
    *error = ScriptError::kSigHighS;
    return false;
  }
  if ((flags & kVerifyStrictEnc) != 0 && !IsDefinedHashtypeSignature(sig)) {
    *error = ScriptError::kSigHashtype;
    return false;
  }
  return true;
}

bool CheckPubKeyEncoding(ByteView key, uint32_t flags, SigVersion sigversion, ScriptError* error) {
  if ((flags & kVerifyStrictEnc) != 0 && !IsCompressedOrUncompressedPubKey(key)) {
    *error = ScriptError::kPubkeyType;
    return false;
  }
  if ((flags & kVerifyWitnessPubkeyType) != 0 && sigversion == SigVersion::kWitnessV0 &&
      !IsCompressedPubKey(key)) {
    *error = ScriptError::kWitnessPubkeyType;
    return false;
  }
  return true;
}

// Removes every occurrence of `pattern` at instruction boundaries (Bitcoin Core's FindAndDelete).
int FindAndDelete(Bytes& script, ByteView pattern) {
  int found = 0;
  if (pattern.empty()) return found;
  Bytes result;
  size_t pc = 0, pc2 = 0;
  const size_t end = script.size();
  uint8_t op;
  do {
    result.insert(result.end(), script.begin() + pc2, script.begin() + pc);
    while (end - pc >= pattern.size() &&
           std::equal(pattern.begin(), pattern.end(), script.begin() + pc)) {
      pc += pattern.size();
      ++found;
    }
    pc2 = pc;
  } while (GetOp(script, &pc, &op, nullptr));
  if (found > 0) {
    result.insert(result.end(), script.begin() + pc2, script.end());
    script = std::move(result);
  }
  return found;
}

// The stack of IF/ELSE branches as Bitcoin Core keeps it: a size and the first false position.
class ConditionStack {
 public:
  bool empty() const { return size_ == 0; }
  bool all_true() const { return first_false_ == kNoFalse; }
  void push_back(bool v) {
    if (first_false_ == kNoFalse && !v) first_false_ = size_;
    ++size_;
  }
  void pop_back() {
    --size_;
    if (first_false_ == size_) first_false_ = kNoFalse;
  }
  void toggle_top() {
    if (first_false_ == kNoFalse) {
      first_false_ = size_ - 1;
    } else if (first_false_ == size_ - 1) {
      first_false_ = kNoFalse;
    }
  }

 private:
  static constexpr uint32_t kNoFalse = 0xffffffff;
  uint32_t size_ = 0;
  uint32_t first_false_ = kNoFalse;
};

const Bytes kFalse;
const Bytes kTrue = {1};

bool EvalChecksigPreTapscript(const Bytes& sig, const Bytes& pubkey, ByteView script,
                              size_t codehash_begin, uint32_t flags,
                              const SignatureChecker& checker, SigVersion sigversion,
                              ScriptError* error, bool* success) {
  Bytes script_code(script.begin() + codehash_begin, script.end());
  if (sigversion == SigVersion::kBase) {
    Bytes pattern;
    PushData(pattern, sig);
    int found = FindAndDelete(script_code, pattern);
    if (found > 0 && (flags & kVerifyConstScriptCode)) {
      *error = ScriptError::kSigFindAndDelete;
      return false;
    }
  }
  if (!CheckSignatureEncoding(sig, flags, error) ||
      !CheckPubKeyEncoding(pubkey, flags, sigversion, error)) {
    return false;
  }
  *success = checker.CheckEcdsa(sig, pubkey, script_code, sigversion);
  if (!*success && (flags & kVerifyNullFail) && !sig.empty()) {
    *error = ScriptError::kNullFail;
    return false;
  }
  return true;
}

bool EvalChecksigTapscript(const Bytes& sig, const Bytes& pubkey, ExecutionData& execdata,
                           uint32_t flags, const SignatureChecker& checker, SigVersion sigversion,
                           ScriptError* error, bool* success) {
  *success = !sig.empty();
  if (*success) {
    execdata.validation_weight_left -= 50;
    if (execdata.validation_weight_left < 0) {
      *error = ScriptError::kTapscriptValidationWeight;
      return false;
    }
  }
  if (pubkey.empty()) {
    *error = ScriptError::kTapscriptEmptyPubkey;
    return false;
  } else if (pubkey.size() == 32) {
    if (*success && !checker.CheckSchnorr(sig, pubkey, sigversion, execdata, error)) return false;
  } else {
    if (flags & kVerifyDiscourageUpgradablePubkeyType) {
      *error = ScriptError::kDiscourageUpgradablePubkeyType;
      return false;
    }
  }
  return true;
}

bool EvalChecksig(const Bytes& sig, const Bytes& pubkey, ByteView script, size_t codehash_begin,
                  ExecutionData& execdata, uint32_t flags, const SignatureChecker& checker,
                  SigVersion sigversion, ScriptError* error, bool* success) {
  switch (sigversion) {
    case SigVersion::kBase:
    case SigVersion::kWitnessV0:
      return EvalChecksigPreTapscript(sig, pubkey, script, codehash_begin, flags, checker,
                                      sigversion, error, success);
    case SigVersion::kTapscript:
      return EvalChecksigTapscript(sig, pubkey, execdata, flags, checker, sigversion, error,
                                   success);
    case SigVersion::kTaproot:
      break;
  }
  *error = ScriptError::kUnknownError;
  return false;
}

}  // namespace

absl::StatusOr<uint32_t> ParseFlags(std::string_view names) {
  uint32_t flags = 0;
  if (names.empty() || names == "NONE") return flags;
  std::vector<std::string_view> words;
  for (size_t i = 0; i <= names.size();) {
    size_t j = names.find(',', i);
    if (j == std::string_view::npos) j = names.size();
    words.push_back(names.substr(i, j - i));
    i = j + 1;
  }
  for (std::string_view w : words) {
    bool found = false;
    for (const auto& f : kFlagNames) {
      if (w == f.name) {
        flags |= f.flag;
        found = true;
        break;
      }
    }
    if (!found) return absl::InvalidArgumentError("unknown verify flag '" + std::string(w) + "'");
  }
  return flags;
}

std::string FlagsToString(uint32_t flags) {
  std::vector<std::string> out;
  for (const auto& f : kFlagNames) {
    if (flags & f.flag) out.push_back(f.name);
  }
  return absl::StrJoin(out, ",");
}

std::string_view ScriptErrorName(ScriptError e) {
  size_t i = static_cast<size_t>(e);
  return i < static_cast<size_t>(ScriptError::kCount) ? kErrorNames[i] : "UNKNOWN_ERROR";
}

std::optional<ScriptError> ScriptErrorFromName(std::string_view name) {
  for (size_t i = 0; i < static_cast<size_t>(ScriptError::kCount); ++i) {
    if (name == kErrorNames[i]) return static_cast<ScriptError>(i);
  }
  return std::nullopt;
}

bool IsValidSignatureEncoding(ByteView sig) {
  // 0x30 [total-length] 0x02 [R-length] [R] 0x02 [S-length] [S] [sighash]
  if (sig.size() < 9 || sig.size() > 73) return false;
  if (sig[0] != 0x30) return false;
  if (sig[1] != sig.size() - 3) return false;
  size_t len_r = sig[3];
  if (5 + len_r >= sig.size()) return false;
  size_t len_s = sig[5 + len_r];
  if (len_r + len_s + 7 != sig.size()) return false;
  if (sig[2] != 0x02) return false;
  if (len_r == 0) return false;
  if (sig[4] & 0x80) return false;
  if (len_r > 1 && sig[4] == 0x00 && !(sig[5] & 0x80)) return false;
  if (sig[len_r + 4] != 0x02) return false;
  if (len_s == 0) return false;
  if (sig[len_r + 6] & 0x80) return false;
  if (len_s > 1 && sig[len_r + 6] == 0x00 && !(sig[len_r + 7] & 0x80)) return false;
  return true;
}

PrecomputedTxData::PrecomputedTxData(const Tx& tx, std::vector<TxOut> spent) {
  Bytes prevouts, sequences, outputs;
  for (const auto& in : tx.vin) {
    AppendOutPoint(prevouts, in.prevout);
    PutLe<uint32_t>(sequences, in.sequence);
  }
  for (const auto& o : tx.vout) AppendTxOut(outputs, o);
  sha_prevouts = Sha256(prevouts);
  sha_sequences = Sha256(sequences);
  sha_outputs = Sha256(outputs);
  hash_prevouts = Sha256(sha_prevouts);
  hash_sequence = Sha256(sha_sequences);
  hash_outputs = Sha256(sha_outputs);
  if (!spent.empty() && spent.size() == tx.vin.size()) {
    Bytes amounts, scripts;
    for (const auto& o : spent) {
      PutLe<int64_t>(amounts, o.value);
      PutVarBytes(scripts, o.script_pubkey);
    }
    sha_amounts = Sha256(amounts);
    sha_scriptpubkeys = Sha256(scripts);
    spent_outputs = std::move(spent);
    spent_outputs_ready = true;
  }
}

Digest32 LegacySighash(ByteView script_code, const Tx& tx, size_t in, int32_t hash_type) {
  if (in >= tx.vin.size()) {
    Digest32 one{};
    one[0] = 1;
    return one;
  }
  const bool anyone_can_pay = hash_type & kSighashAnyoneCanPay;
  const bool single = (hash_type & 0x1f) == kSighashSingle;
  const bool none = (hash_type & 0x1f) == kSighashNone;
  if (single && in >= tx.vout.size()) {
    Digest32 one{};
    one[0] = 1;
    return one;
  }
  Bytes s;
  s.reserve(256 + script_code.size());
  PutLe<uint32_t>(s, tx.version);
  const size_t n_inputs = anyone_can_pay ? 1 : tx.vin.size();
  AppendCompactSize(s, n_inputs);
  for (size_t i = 0; i < n_inputs; ++i) {
    const size_t input = anyone_can_pay ? in : i;
    AppendOutPoint(s, tx.vin[input].prevout);
    if (input != in) {
      AppendCompactSize(s, 0);
    } else {
      // The script code without its OP_CODESEPARATORs (byte-exact with Core on malformed code).
      size_t pc = 0, seps = 0;
      uint8_t op;
      while (GetOp(script_code, &pc, &op, nullptr)) {
        if (op == OP_CODESEPARATOR) seps++;
      }
      AppendCompactSize(s, script_code.size() - seps);
      pc = 0;
      size_t begin = 0;
      while (GetOp(script_code, &pc, &op, nullptr)) {
        if (op == OP_CODESEPARATOR) {
          s.insert(s.end(), script_code.begin() + begin, script_code.begin() + pc - 1);
          begin = pc;
        }
      }
      if (begin != script_code.size()) {
        s.insert(s.end(), script_code.begin() + begin, script_code.begin() + pc);
      }
    }
    if (input != in && (single || none)) {
      PutLe<uint32_t>(s, 0);
    } else {
      PutLe<uint32_t>(s, tx.vin[input].sequence);
    }
  }
  const size_t n_outputs = none ? 0 : (single ? in + 1 : tx.vout.size());
  AppendCompactSize(s, n_outputs);
  for (size_t i = 0; i < n_outputs; ++i) {
    if (single && i != in) {
      AppendTxOut(s, TxOut{});
    } else {
      AppendTxOut(s, tx.vout[i]);
    }
  }
  PutLe<uint32_t>(s, tx.locktime);
  PutLe<int32_t>(s, hash_type);
  return Sha256d(s);
}

Digest32 SegwitV0Sighash(ByteView script_code, const Tx& tx, size_t in, int32_t hash_type,
                         int64_t amount, const PrecomputedTxData* cache) {
  Digest32 hash_prevouts{}, hash_sequence{}, hash_outputs{};
  const uint8_t base = hash_type & 0x1f;
  const bool acp = hash_type & kSighashAnyoneCanPay;
  std::optional<PrecomputedTxData> local;
  if (cache == nullptr) {
    local.emplace(tx, std::vector<TxOut>());
    cache = &*local;
  }
  if (!acp) hash_prevouts = cache->hash_prevouts;
  if (!acp && base != kSighashSingle && base != kSighashNone) hash_sequence = cache->hash_sequence;
  if (base != kSighashSingle && base != kSighashNone) {
    hash_outputs = cache->hash_outputs;
  } else if (base == kSighashSingle && in < tx.vout.size()) {
    Bytes o;
    AppendTxOut(o, tx.vout[in]);
    hash_outputs = Sha256d(o);
  }
  Bytes s;
  s.reserve(200 + script_code.size());
  PutLe<uint32_t>(s, tx.version);
  PutHash(s, hash_prevouts);
  PutHash(s, hash_sequence);
  AppendOutPoint(s, tx.vin[in].prevout);
  PutVarBytes(s, script_code);
  PutLe<int64_t>(s, amount);
  PutLe<uint32_t>(s, tx.vin[in].sequence);
  PutHash(s, hash_outputs);
  PutLe<uint32_t>(s, tx.locktime);
  PutLe<int32_t>(s, hash_type);
  return Sha256d(s);
}

std::optional<Digest32> TaprootSighash(const Tx& tx, size_t in, uint8_t hash_type,
                                       SigVersion sigversion, const PrecomputedTxData& cache,
                                       const ExecutionData& execdata) {
  if (!cache.spent_outputs_ready || in >= tx.vin.size()) return std::nullopt;
  const uint8_t ext_flag = sigversion == SigVersion::kTapscript ? 1 : 0;
  const uint8_t output_type = hash_type == kSighashDefault ? kSighashAll : (hash_type & 3);
  const uint8_t input_type = hash_type & kSighashAnyoneCanPay;
  if (!(hash_type <= 0x03 || (hash_type >= 0x81 && hash_type <= 0x83))) return std::nullopt;
  Bytes s;
  s.reserve(256);
  s.push_back(0);  // epoch
  s.push_back(hash_type);
  PutLe<uint32_t>(s, tx.version);
  PutLe<uint32_t>(s, tx.locktime);
  if (input_type != kSighashAnyoneCanPay) {
    PutHash(s, cache.sha_prevouts);
    PutHash(s, cache.sha_amounts);
    PutHash(s, cache.sha_scriptpubkeys);
    PutHash(s, cache.sha_sequences);
  }
  if (output_type == kSighashAll) PutHash(s, cache.sha_outputs);
  s.push_back(static_cast<uint8_t>((ext_flag << 1) + (execdata.annex_present ? 1 : 0)));
  if (input_type == kSighashAnyoneCanPay) {
    AppendOutPoint(s, tx.vin[in].prevout);
    AppendTxOut(s, cache.spent_outputs[in]);
    PutLe<uint32_t>(s, tx.vin[in].sequence);
  } else {
    PutLe<uint32_t>(s, static_cast<uint32_t>(in));
  }
  if (execdata.annex_present) PutHash(s, execdata.annex_hash);
  if (output_type == kSighashSingle) {
    if (in >= tx.vout.size()) return std::nullopt;
    Bytes o;
    AppendTxOut(o, tx.vout[in]);
    PutHash(s, Sha256(o));
  }
  if (sigversion == SigVersion::kTapscript) {
    PutHash(s, execdata.tapleaf_hash);
    s.push_back(0);  // key version
    PutLe<uint32_t>(s, execdata.codeseparator_pos);
  }
  return TaggedHash("TapSighash", s);
}

bool SignatureCache::Contains(const Digest32& entry) const {
  absl::MutexLock l(&mu_);
  return set_.count(entry) != 0;
}

void SignatureCache::Add(const Digest32& entry) {
  absl::MutexLock l(&mu_);
  set_.insert(entry);
}

Digest32 SignatureCache::Entry(const Digest32& sighash, ByteView pubkey, ByteView sig) {
  Sha256Hasher h;
  uint8_t lens[2] = {static_cast<uint8_t>(pubkey.size()), static_cast<uint8_t>(sig.size())};
  h.Update(sighash).Update(ByteView(lens, 2)).Update(pubkey).Update(sig);
  return h.Finish();
}

bool TxSignatureChecker::CheckEcdsa(ByteView sig, ByteView pubkey, ByteView script_code,
                                    SigVersion sigversion) const {
  if (!IsValidPubkey(pubkey)) return false;
  if (sig.empty()) return false;
  const int32_t hash_type = sig.back();
  ByteView der = sig.first(sig.size() - 1);
  Digest32 sighash = sigversion == SigVersion::kWitnessV0
                         ? SegwitV0Sighash(script_code, *tx_, in_, hash_type, amount_, txdata_)
                         : LegacySighash(script_code, *tx_, in_, hash_type);
  if (cache_ != nullptr) {
    Digest32 entry = SignatureCache::Entry(sighash, pubkey, der);
    if (cache_->Contains(entry)) return true;
    if (!VerifyEcdsa(der, pubkey, sighash)) return false;
    cache_->Add(entry);
    return true;
  }
  return VerifyEcdsa(der, pubkey, sighash);
}

bool TxSignatureChecker::CheckSchnorr(ByteView sig, ByteView pubkey, SigVersion sigversion,
                                      const ExecutionData& execdata, ScriptError* error) const {
  if (sig.size() != 64 && sig.size() != 65) {
    *error = ScriptError::kSchnorrSigSize;
    return false;
  }
  uint8_t hash_type = kSighashDefault;
  if (sig.size() == 65) {
    hash_type = sig.back();
    sig = sig.first(64);
    if (hash_type == kSighashDefault) {
      *error = ScriptError::kSchnorrSigHashtype;
      return false;
    }
  }
  if (txdata_ == nullptr || !txdata_->spent_outputs_ready) {
    // Bitcoin Core treats missing spent outputs as a failure of the signature check.
    *error = ScriptError::kSchnorrSig;
    return false;
  }
  auto sighash = TaprootSighash(*tx_, in_, hash_type, sigversion, *txdata_, execdata);
  if (!sighash) {
    *error = ScriptError::kSchnorrSigHashtype;
    return false;
  }
  bool ok;
  if (cache_ != nullptr) {
    Digest32 entry = SignatureCache::Entry(*sighash, pubkey, sig);
    ok = cache_->Contains(entry);
    if (!ok) {
      ok = VerifySchnorr(sig, pubkey, *sighash);
      if (ok) cache_->Add(entry);
    }
  } else {
    ok = VerifySchnorr(sig, pubkey, *sighash);
  }
  if (!ok) {
    *error = ScriptError::kSchnorrSig;
    return false;
  }
  return true;
}

bool TxSignatureChecker::CheckLockTime(int64_t locktime) const {
  constexpr int64_t kThreshold = 500000000;
  const int64_t tx_locktime = tx_->locktime;
  if (!((tx_locktime < kThreshold && locktime < kThreshold) ||
        (tx_locktime >= kThreshold && locktime >= kThreshold))) {
    return false;
  }
  if (locktime > tx_locktime) return false;
  if (tx_->vin[in_].sequence == kSequenceFinal) return false;
  return true;
}

bool TxSignatureChecker::CheckSequence(int64_t sequence) const {
  constexpr int64_t kDisable = 1LL << 31;
  constexpr int64_t kTypeFlag = 1 << 22;
  constexpr int64_t kMask = 0x0000ffff;
  const int64_t tx_sequence = tx_->vin[in_].sequence;
  if (tx_->version < 2) return false;
  if (tx_sequence & kDisable) return false;
  const int64_t lock_mask = kTypeFlag | kMask;
  const int64_t tx_masked = tx_sequence & lock_mask;
  const int64_t seq_masked = sequence & lock_mask;
  if (!((tx_masked < kTypeFlag && seq_masked < kTypeFlag) ||
        (tx_masked >= kTypeFlag && seq_masked >= kTypeFlag))) {
    return false;
  }
  return seq_masked <= tx_masked;
}

#define SCRIPT_FAIL(e)       \
  do {                       \
    *error = ScriptError::e; \
    return false;            \
  } while (0)

bool EvalScript(Stack& stack, ByteView script, uint32_t flags, const SignatureChecker& checker,
                SigVersion sigversion, ExecutionData& execdata, ScriptError* error) {
  ScriptError dummy;
  if (error == nullptr) error = &dummy;
  *error = ScriptError::kUnknownError;
  const bool legacy_limits =
      sigversion == SigVersion::kBase || sigversion == SigVersion::kWitnessV0;
  if (legacy_limits && script.size() > kMaxScriptSize) SCRIPT_FAIL(kScriptSize);
  size_t pc = 0;
  size_t codehash_begin = 0;
  ConditionStack exec;
  Stack alt;
  int op_count = 0;
  const bool require_minimal = (flags & kVerifyMinimalData) != 0;
  uint32_t opcode_pos = 0;
  execdata.codeseparator_pos = 0xffffffff;

  auto top = [&](int i) -> Bytes& { return stack[stack.size() + i]; };
  auto pop = [&]() { stack.pop_back(); };
  auto num = [&](const Bytes& v, size_t max_size, int64_t* out) -> bool {
    auto n = ScriptNum::Decode(v, require_minimal, max_size);
    if (!n) return false;
    *out = n->value();
    return true;
  };

  while (pc < script.size()) {
    const bool f_exec = exec.all_true();
    uint8_t op;
    ByteView push;
    if (!GetOp(script, &pc, &op, &push)) SCRIPT_FAIL(kBadOpcode);
    if (push.size() > kMaxScriptElementSize) SCRIPT_FAIL(kPushSize);
    if (legacy_limits) {
      if (op > OP_16 && ++op_count > kMaxOpsPerScript) SCRIPT_FAIL(kOpCount);
      if (op == OP_CAT || op == OP_SUBSTR || op == OP_LEFT || op == OP_RIGHT || op == OP_INVERT ||
          op == OP_AND || op == OP_OR || op == OP_XOR || op == OP_2MUL || op == OP_2DIV ||
          op == OP_MUL || op == OP_DIV || op == OP_MOD || op == OP_LSHIFT || op == OP_RSHIFT) {
        SCRIPT_FAIL(kDisabledOpcode);
      }
    }
    if (op == OP_CODESEPARATOR && sigversion == SigVersion::kBase &&
        (flags & kVerifyConstScriptCode)) {
      SCRIPT_FAIL(kOpCodeSeparator);
    }

    if (f_exec && op <= OP_PUSHDATA4) {
      if (require_minimal && !CheckMinimalPush(push, op)) SCRIPT_FAIL(kMinimalData);
      stack.emplace_back(push.begin(), push.end());
    } else if (f_exec || (OP_IF <= op && op <= OP_ENDIF)) {
      switch (op) {
        case OP_1NEGATE:
        case 0x51:
        case 0x52:
        case 0x53:
        case 0x54:
        case 0x55:
        case 0x56:
        case 0x57:
        case 0x58:
        case 0x59:
        case 0x5a:
        case 0x5b:
        case 0x5c:
        case 0x5d:
        case 0x5e:
        case 0x5f:
        case 0x60:
          stack.push_back(ScriptNum::Serialize(static_cast<int>(op) - (OP_1 - 1)));
          break;

        case OP_NOP:
          break;

        case OP_CHECKLOCKTIMEVERIFY: {
          if (!(flags & kVerifyCheckLockTimeVerify)) break;  // not enabled: a plain NOP2
          if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
          int64_t locktime;
          if (!num(top(-1), 5, &locktime)) SCRIPT_FAIL(kScriptNum);
          if (locktime < 0) SCRIPT_FAIL(kNegativeLocktime);
          if (!checker.CheckLockTime(locktime)) SCRIPT_FAIL(kUnsatisfiedLocktime);
          break;
        }

        case OP_CHECKSEQUENCEVERIFY: {
          if (!(flags & kVerifyCheckSequenceVerify)) break;  // not enabled: a plain NOP3
          if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
          int64_t sequence;
          if (!num(top(-1), 5, &sequence)) SCRIPT_FAIL(kScriptNum);
          if (sequence < 0) SCRIPT_FAIL(kNegativeLocktime);
          if ((sequence & (1LL << 31)) != 0) break;
          if (!checker.CheckSequence(sequence)) SCRIPT_FAIL(kUnsatisfiedLocktime);
          break;
        }

        case OP_NOP1:
        case OP_NOP4:
        case OP_NOP5:
        case OP_NOP6:
        case OP_NOP7:
        case OP_NOP8:
        case OP_NOP9:
        case OP_NOP10:
          if (flags & kVerifyDiscourageUpgradableNops) SCRIPT_FAIL(kDiscourageUpgradableNops);
          break;

        case OP_IF:
        case OP_NOTIF: {
          bool value = false;
          if (f_exec) {
            if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
            const Bytes& v = top(-1);
            if (sigversion == SigVersion::kTapscript) {
              if (v.size() > 1 || (v.size() == 1 && v[0] != 1)) SCRIPT_FAIL(kTapscriptMinimalIf);
            }
            if (sigversion == SigVersion::kWitnessV0 && (flags & kVerifyMinimalIf)) {
              if (v.size() > 1 || (v.size() == 1 && v[0] != 1)) SCRIPT_FAIL(kMinimalIf);
            }
            value = CastToBool(v);
            if (op == OP_NOTIF) value = !value;
            pop();
          }
          exec.push_back(value);
          break;
        }

        case OP_ELSE:
          if (exec.empty()) SCRIPT_FAIL(kUnbalancedConditional);
          exec.toggle_top();
          break;

        case OP_ENDIF:
          if (exec.empty()) SCRIPT_FAIL(kUnbalancedConditional);
          exec.pop_back();
          break;

        case OP_VERIFY:
          if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
          if (!CastToBool(top(-1))) SCRIPT_FAIL(kVerify);
          pop();
          break;

        case OP_RETURN:
          SCRIPT_FAIL(kOpReturn);

        case OP_TOALTSTACK:
          if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
          alt.push_back(std::move(top(-1)));
          pop();
          break;

        case OP_FROMALTSTACK:
          if (alt.empty()) SCRIPT_FAIL(kInvalidAltstackOperation);
          stack.push_back(std::move(alt.back()));
          alt.pop_back();
          break;

        case OP_2DROP:
          if (stack.size() < 2) SCRIPT_FAIL(kInvalidStackOperation);
          pop();
          pop();
          break;

        case OP_2DUP: {
          if (stack.size() < 2) SCRIPT_FAIL(kInvalidStackOperation);
          Bytes a = top(-2), b = top(-1);
          stack.push_back(std::move(a));
          stack.push_back(std::move(b));
          break;
        }

        case OP_3DUP: {
          if (stack.size() < 3) SCRIPT_FAIL(kInvalidStackOperation);
          Bytes a = top(-3), b = top(-2), c = top(-1);
          stack.push_back(std::move(a));
          stack.push_back(std::move(b));
          stack.push_back(std::move(c));
          break;
        }

        case OP_2OVER: {
          if (stack.size() < 4) SCRIPT_FAIL(kInvalidStackOperation);
          Bytes a = top(-4), b = top(-3);
          stack.push_back(std::move(a));
          stack.push_back(std::move(b));
          break;
        }

        case OP_2ROT: {
          if (stack.size() < 6) SCRIPT_FAIL(kInvalidStackOperation);
          Bytes a = std::move(top(-6)), b = std::move(top(-5));
          stack.erase(stack.end() - 6, stack.end() - 4);
          stack.push_back(std::move(a));
          stack.push_back(std::move(b));
          break;
        }

        case OP_2SWAP:
          if (stack.size() < 4) SCRIPT_FAIL(kInvalidStackOperation);
          std::swap(top(-4), top(-2));
          std::swap(top(-3), top(-1));
          break;

        case OP_IFDUP: {
          if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
          if (CastToBool(top(-1))) {
            Bytes a = top(-1);
            stack.push_back(std::move(a));
          }
          break;
        }

        case OP_DEPTH:
          stack.push_back(ScriptNum::Serialize(static_cast<int64_t>(stack.size())));
          break;

        case OP_DROP:
          if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
          pop();
          break;

        case OP_DUP: {
          if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
          Bytes a = top(-1);
          stack.push_back(std::move(a));
          break;
        }

        case OP_NIP:
          if (stack.size() < 2) SCRIPT_FAIL(kInvalidStackOperation);
          stack.erase(stack.end() - 2);
          break;

        case OP_OVER: {
          if (stack.size() < 2) SCRIPT_FAIL(kInvalidStackOperation);
          Bytes a = top(-2);
          stack.push_back(std::move(a));
          break;
        }

        case OP_PICK:
        case OP_ROLL: {
          if (stack.size() < 2) SCRIPT_FAIL(kInvalidStackOperation);
          int64_t n64;
          if (!num(top(-1), 4, &n64)) SCRIPT_FAIL(kScriptNum);
          int n = ScriptNum(n64).GetInt();
          pop();
          if (n < 0 || static_cast<size_t>(n) >= stack.size()) SCRIPT_FAIL(kInvalidStackOperation);
          Bytes v = top(-n - 1);
          if (op == OP_ROLL) stack.erase(stack.end() - n - 1);
          stack.push_back(std::move(v));
          break;
        }

        case OP_ROT:
          if (stack.size() < 3) SCRIPT_FAIL(kInvalidStackOperation);
          std::swap(top(-3), top(-2));
          std::swap(top(-2), top(-1));
          break;

        case OP_SWAP:
          if (stack.size() < 2) SCRIPT_FAIL(kInvalidStackOperation);
          std::swap(top(-2), top(-1));
          break;

        case OP_TUCK: {
          if (stack.size() < 2) SCRIPT_FAIL(kInvalidStackOperation);
          Bytes v = top(-1);
          stack.insert(stack.end() - 2, std::move(v));
          break;
        }

        case OP_SIZE: {
          if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
          stack.push_back(ScriptNum::Serialize(static_cast<int64_t>(top(-1).size())));
          break;
        }

        case OP_EQUAL:
        case OP_EQUALVERIFY: {
          if (stack.size() < 2) SCRIPT_FAIL(kInvalidStackOperation);
          bool equal = top(-2) == top(-1);
          pop();
          pop();
          stack.push_back(equal ? kTrue : kFalse);
          if (op == OP_EQUALVERIFY) {
            if (!equal) SCRIPT_FAIL(kEqualVerify);
            pop();
          }
          break;
        }

        case OP_1ADD:
        case OP_1SUB:
        case OP_NEGATE:
        case OP_ABS:
        case OP_NOT:
        case OP_0NOTEQUAL: {
          if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
          int64_t bn;
          if (!num(top(-1), 4, &bn)) SCRIPT_FAIL(kScriptNum);
          switch (op) {
            case OP_1ADD:
              bn += 1;
              break;
            case OP_1SUB:
              bn -= 1;
              break;
            case OP_NEGATE:
              bn = -bn;
              break;
            case OP_ABS:
              if (bn < 0) bn = -bn;
              break;
            case OP_NOT:
              bn = (bn == 0);
              break;
            case OP_0NOTEQUAL:
              bn = (bn != 0);
              break;
          }
          pop();
          stack.push_back(ScriptNum::Serialize(bn));
          break;
        }

        case OP_ADD:
        case OP_SUB:
        case OP_BOOLAND:
        case OP_BOOLOR:
        case OP_NUMEQUAL:
        case OP_NUMEQUALVERIFY:
        case OP_NUMNOTEQUAL:
        case OP_LESSTHAN:
        case OP_GREATERTHAN:
        case OP_LESSTHANOREQUAL:
        case OP_GREATERTHANOREQUAL:
        case OP_MIN:
        case OP_MAX: {
          if (stack.size() < 2) SCRIPT_FAIL(kInvalidStackOperation);
          int64_t a, b;
          if (!num(top(-2), 4, &a) || !num(top(-1), 4, &b)) SCRIPT_FAIL(kScriptNum);
          int64_t r = 0;
          switch (op) {
            case OP_ADD:
              r = a + b;
              break;
            case OP_SUB:
              r = a - b;
              break;
            case OP_BOOLAND:
              r = (a != 0 && b != 0);
              break;
            case OP_BOOLOR:
              r = (a != 0 || b != 0);
              break;
            case OP_NUMEQUAL:
              r = (a == b);
              break;
            case OP_NUMEQUALVERIFY:
              r = (a == b);
              break;
            case OP_NUMNOTEQUAL:
              r = (a != b);
              break;
            case OP_LESSTHAN:
              r = (a < b);
              break;
            case OP_GREATERTHAN:
              r = (a > b);
              break;
            case OP_LESSTHANOREQUAL:
              r = (a <= b);
              break;
            case OP_GREATERTHANOREQUAL:
              r = (a >= b);
              break;
            case OP_MIN:
              r = std::min(a, b);
              break;
            case OP_MAX:
              r = std::max(a, b);
              break;
          }
          pop();
          pop();
          stack.push_back(ScriptNum::Serialize(r));
          if (op == OP_NUMEQUALVERIFY) {
            if (!CastToBool(top(-1))) SCRIPT_FAIL(kNumEqualVerify);
            pop();
          }
          break;
        }

        case OP_WITHIN: {
          if (stack.size() < 3) SCRIPT_FAIL(kInvalidStackOperation);
          int64_t x, lo, hi;
          if (!num(top(-3), 4, &x) || !num(top(-2), 4, &lo) || !num(top(-1), 4, &hi)) {
            SCRIPT_FAIL(kScriptNum);
          }
          bool within = lo <= x && x < hi;
          pop();
          pop();
          pop();
          stack.push_back(within ? kTrue : kFalse);
          break;
        }

        case OP_RIPEMD160:
        case OP_SHA1:
        case OP_SHA256:
        case OP_HASH160:
        case OP_HASH256: {
          if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
          const Bytes& v = top(-1);
          Bytes h;
          if (op == OP_RIPEMD160) {
            auto d = Ripemd160(v);
            h.assign(d.begin(), d.end());
          } else if (op == OP_SHA1) {
            auto d = Sha1Digest(v);
            h.assign(d.begin(), d.begin() + 20);
          } else if (op == OP_SHA256) {
            auto d = Sha256(v);
            h.assign(d.begin(), d.end());
          } else if (op == OP_HASH160) {
            auto d = Hash160(v);
            h.assign(d.begin(), d.end());
          } else {
            auto d = Sha256d(v);
            h.assign(d.begin(), d.end());
          }
          pop();
          stack.push_back(std::move(h));
          break;
        }

        case OP_CODESEPARATOR:
          codehash_begin = pc;
          execdata.codeseparator_pos = opcode_pos;
          break;

        case OP_CHECKSIG:
        case OP_CHECKSIGVERIFY: {
          if (stack.size() < 2) SCRIPT_FAIL(kInvalidStackOperation);
          bool success = true;
          if (!EvalChecksig(top(-2), top(-1), script, codehash_begin, execdata, flags, checker,
                            sigversion, error, &success)) {
            return false;
          }
          pop();
          pop();
          stack.push_back(success ? kTrue : kFalse);
          if (op == OP_CHECKSIGVERIFY) {
            if (!success) SCRIPT_FAIL(kCheckSigVerify);
            pop();
          }
          break;
        }

        case OP_CHECKSIGADD: {
          if (legacy_limits) SCRIPT_FAIL(kBadOpcode);
          if (stack.size() < 3) SCRIPT_FAIL(kInvalidStackOperation);
          int64_t n;
          if (!num(top(-2), 4, &n)) SCRIPT_FAIL(kScriptNum);
          bool success = true;
          if (!EvalChecksig(top(-3), top(-1), script, codehash_begin, execdata, flags, checker,
                            sigversion, error, &success)) {
            return false;
          }
          pop();
          pop();
          pop();
          stack.push_back(ScriptNum::Serialize(n + (success ? 1 : 0)));
          break;
        }

        case OP_CHECKMULTISIG:
        case OP_CHECKMULTISIGVERIFY: {
          if (sigversion == SigVersion::kTapscript) SCRIPT_FAIL(kTapscriptCheckMultisig);
          int i = 1;
          if (static_cast<int>(stack.size()) < i) SCRIPT_FAIL(kInvalidStackOperation);
          int64_t v;
          if (!num(top(-i), 4, &v)) SCRIPT_FAIL(kScriptNum);
          int keys = ScriptNum(v).GetInt();
          if (keys < 0 || keys > kMaxPubkeysPerMultisig) SCRIPT_FAIL(kPubkeyCount);
          op_count += keys;
          if (op_count > kMaxOpsPerScript) SCRIPT_FAIL(kOpCount);
          int ikey = ++i;
          int ikey2 = keys + 2;
          i += keys;
          if (static_cast<int>(stack.size()) < i) SCRIPT_FAIL(kInvalidStackOperation);
          if (!num(top(-i), 4, &v)) SCRIPT_FAIL(kScriptNum);
          int sigs = ScriptNum(v).GetInt();
          if (sigs < 0 || sigs > keys) SCRIPT_FAIL(kSigCount);
          int isig = ++i;
          i += sigs;
          if (static_cast<int>(stack.size()) < i) SCRIPT_FAIL(kInvalidStackOperation);
          Bytes script_code(script.begin() + codehash_begin, script.end());
          for (int k = 0; k < sigs; ++k) {
            if (sigversion == SigVersion::kBase) {
              Bytes pattern;
              PushData(pattern, top(-isig - k));
              int found = FindAndDelete(script_code, pattern);
              if (found > 0 && (flags & kVerifyConstScriptCode)) SCRIPT_FAIL(kSigFindAndDelete);
            }
          }
          bool success = true;
          while (success && sigs > 0) {
            const Bytes& sig = top(-isig);
            const Bytes& key = top(-ikey);
            if (!CheckSignatureEncoding(sig, flags, error) ||
                !CheckPubKeyEncoding(key, flags, sigversion, error)) {
              return false;
            }
            if (checker.CheckEcdsa(sig, key, script_code, sigversion)) {
              isig++;
              sigs--;
            }
            ikey++;
            keys--;
            if (sigs > keys) success = false;
          }
          while (i-- > 1) {
            if (!success && (flags & kVerifyNullFail) && !ikey2 && !top(-1).empty()) {
              SCRIPT_FAIL(kNullFail);
            }
            if (ikey2 > 0) ikey2--;
            pop();
          }
          if (stack.empty()) SCRIPT_FAIL(kInvalidStackOperation);
          if ((flags & kVerifyNullDummy) && !top(-1).empty()) SCRIPT_FAIL(kSigNullDummy);
          pop();
          stack.push_back(success ? kTrue : kFalse);
          if (op == OP_CHECKMULTISIGVERIFY) {
            if (!success) SCRIPT_FAIL(kCheckMultisigVerify);
            pop();
          }
          break;
        }

        default:
          SCRIPT_FAIL(kBadOpcode);
      }
    }
    if (stack.size() + alt.size() > kMaxStackSize) SCRIPT_FAIL(kStackSize);
    ++opcode_pos;
  }
  if (!exec.empty()) SCRIPT_FAIL(kUnbalancedConditional);
  *error = ScriptError::kOk;
  return true;
}

namespace {

bool ExecuteWitnessScript(Stack stack, ByteView exec_script, uint32_t flags, SigVersion sigversion,
                          const SignatureChecker& checker, ExecutionData& execdata,
                          ScriptError* error) {
  if (sigversion == SigVersion::kTapscript) {
    size_t pc = 0;
    while (pc < exec_script.size()) {
      uint8_t op;
      if (!GetOp(exec_script, &pc, &op, nullptr)) SCRIPT_FAIL(kBadOpcode);
      if (IsOpSuccess(op)) {
        if (flags & kVerifyDiscourageOpSuccess) SCRIPT_FAIL(kDiscourageOpSuccess);
        *error = ScriptError::kOk;
        return true;
      }
    }
    if (stack.size() > kMaxStackSize) SCRIPT_FAIL(kStackSize);
  }
  for (const auto& e : stack) {
    if (e.size() > kMaxScriptElementSize) SCRIPT_FAIL(kPushSize);
  }
  if (!EvalScript(stack, exec_script, flags, checker, sigversion, execdata, error)) return false;
  if (stack.size() != 1) SCRIPT_FAIL(kCleanStack);
  if (!CastToBool(stack.back())) SCRIPT_FAIL(kEvalFalse);
  *error = ScriptError::kOk;
  return true;
}

size_t WitnessSerializedSize(const std::vector<Bytes>& w) {
  auto cs = [](uint64_t n) -> size_t {
    return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9;
  };
  size_t n = cs(w.size());
  for (const auto& e : w) n += cs(e.size()) + e.size();
  return n;
}

bool VerifyWitnessProgram(const std::vector<Bytes>& witness, int version, ByteView program,
                          uint32_t flags, const SignatureChecker& checker, ScriptError* error,
                          bool is_p2sh) {
  ExecutionData execdata;
  if (version == 0) {
    if (program.size() == 32) {
      if (witness.empty()) SCRIPT_FAIL(kWitnessProgramWitnessEmpty);
      const Bytes& script = witness.back();
      Digest32 h = Sha256(script);
      if (!std::equal(h.begin(), h.end(), program.begin())) SCRIPT_FAIL(kWitnessProgramMismatch);
      Stack stack(witness.begin(), witness.end() - 1);
      return ExecuteWitnessScript(std::move(stack), script, flags, SigVersion::kWitnessV0, checker,
                                  execdata, error);
    } else if (program.size() == 20) {
      if (witness.size() != 2) SCRIPT_FAIL(kWitnessProgramMismatch);
      Bytes script = P2pkhScript(program);
      return ExecuteWitnessScript(Stack(witness.begin(), witness.end()), script, flags,
                                  SigVersion::kWitnessV0, checker, execdata, error);
    }
    SCRIPT_FAIL(kWitnessProgramWrongLength);
  } else if (version == 1 && program.size() == 32 && !is_p2sh) {
    if (!(flags & kVerifyTaproot)) {
      *error = ScriptError::kOk;
      return true;
    }
    if (witness.empty()) SCRIPT_FAIL(kWitnessProgramWitnessEmpty);
    size_t n = witness.size();
    if (n >= 2 && !witness.back().empty() && witness.back()[0] == 0x50) {
      const Bytes& annex = witness.back();
      Bytes ser;
      AppendCompactSize(ser, annex.size());
      Append(ser, annex);
      execdata.annex_hash = Sha256(ser);
      execdata.annex_present = true;
      n--;
    }
    if (n == 1) {
      if (!checker.CheckSchnorr(witness[0], program, SigVersion::kTaproot, execdata, error)) {
        return false;
      }
      *error = ScriptError::kOk;
      return true;
    }
    const Bytes& control = witness[n - 1];
    const Bytes& script = witness[n - 2];
    if (control.size() < 33 || control.size() > 33 + 32 * 128 || (control.size() - 33) % 32 != 0) {
      SCRIPT_FAIL(kTaprootWrongControlSize);
    }
    execdata.tapleaf_hash = TapLeafHash(control[0] & 0xfe, script);
    Digest32 root = TaprootMerkleRootFromControl(control, execdata.tapleaf_hash);
    if (!CheckTapTweak(program, ByteView(control).subspan(1, 32), root, control[0] & 1)) {
      SCRIPT_FAIL(kWitnessProgramMismatch);
    }
    execdata.tapleaf_hash_init = true;
    if ((control[0] & 0xfe) == kTapLeafTapscript) {
      execdata.validation_weight_left = static_cast<int64_t>(WitnessSerializedSize(witness)) + 50;
      return ExecuteWitnessScript(Stack(witness.begin(), witness.begin() + (n - 2)), script, flags,
                                  SigVersion::kTapscript, checker, execdata, error);
    }
    if (flags & kVerifyDiscourageUpgradableTaprootVersion) {
      SCRIPT_FAIL(kDiscourageUpgradableTaprootVersion);
    }
    *error = ScriptError::kOk;
    return true;
  } else if (!is_p2sh && version == 1 && program.size() == 2 && program[0] == 0x4e &&
             program[1] == 0x73) {
    // Pay-to-anchor.
    *error = ScriptError::kOk;
    return true;
  }
  if (flags & kVerifyDiscourageUpgradableWitnessProgram) {
    SCRIPT_FAIL(kDiscourageUpgradableWitnessProgram);
  }
  *error = ScriptError::kOk;
  return true;
}

}  // namespace

bool VerifyScript(ByteView script_sig, ByteView script_pubkey, const std::vector<Bytes>* witness,
                  uint32_t flags, const SignatureChecker& checker, ScriptError* error) {
  static const std::vector<Bytes> kEmptyWitness;
  ScriptError dummy;
  if (error == nullptr) error = &dummy;
  if (witness == nullptr) witness = &kEmptyWitness;
  bool had_witness = false;
  *error = ScriptError::kUnknownError;
  if ((flags & kVerifySigPushOnly) != 0 && !IsPushOnly(script_sig)) SCRIPT_FAIL(kSigPushOnly);

  Stack stack, stack_copy;
  ExecutionData execdata;
  if (!EvalScript(stack, script_sig, flags, checker, SigVersion::kBase, execdata, error)) {
    return false;
  }
  if (flags & kVerifyP2sh) stack_copy = stack;
  if (!EvalScript(stack, script_pubkey, flags, checker, SigVersion::kBase, execdata, error)) {
    return false;
  }
  if (stack.empty() || !CastToBool(stack.back())) SCRIPT_FAIL(kEvalFalse);

  int version;
  ByteView program;
  if (flags & kVerifyWitness) {
    if (IsWitnessProgram(script_pubkey, &version, &program)) {
      had_witness = true;
      if (!script_sig.empty()) SCRIPT_FAIL(kWitnessMalleated);
      if (!VerifyWitnessProgram(*witness, version, program, flags, checker, error, false)) {
        return false;
      }
      stack.resize(1);
    }
  }

  if ((flags & kVerifyP2sh) && IsPayToScriptHash(script_pubkey)) {
    if (!IsPushOnly(script_sig)) SCRIPT_FAIL(kSigPushOnly);
    std::swap(stack, stack_copy);
    if (stack.empty()) SCRIPT_FAIL(kEvalFalse);  // unreachable: the hash check needs an item
    const Bytes redeem = std::move(stack.back());
    stack.pop_back();
    if (!EvalScript(stack, redeem, flags, checker, SigVersion::kBase, execdata, error)) {
      return false;
    }
    if (stack.empty() || !CastToBool(stack.back())) SCRIPT_FAIL(kEvalFalse);
    if (flags & kVerifyWitness) {
      if (IsWitnessProgram(redeem, &version, &program)) {
        had_witness = true;
        Bytes expected;
        PushData(expected, redeem);
        if (!std::equal(script_sig.begin(), script_sig.end(), expected.begin(), expected.end())) {
          SCRIPT_FAIL(kWitnessMalleatedP2sh);
        }
        if (!VerifyWitnessProgram(*witness, version, program, flags, checker, error, true)) {
          return false;
        }
        stack.resize(1);
      }
    }
  }

  if ((flags & kVerifyCleanStack) != 0) {
    if (stack.size() != 1) SCRIPT_FAIL(kCleanStack);
  }
  if (flags & kVerifyWitness) {
    if (!had_witness && !witness->empty()) SCRIPT_FAIL(kWitnessUnexpected);
  }
  *error = ScriptError::kOk;
  return true;
}

absl::Status VerifyTxScripts(const Tx& tx, const std::vector<TxOut>& spent, uint32_t flags,
                             SignatureCache* cache) {
  if (spent.size() != tx.vin.size()) {
    return absl::InvalidArgumentError("spent outputs do not match the inputs");
  }
  PrecomputedTxData txdata(tx, spent);
  for (size_t i = 0; i < tx.vin.size(); ++i) {
    TxSignatureChecker checker(&tx, i, spent[i].value, &txdata, cache);
    ScriptError err;
    if (!VerifyScript(tx.vin[i].script_sig, spent[i].script_pubkey, &tx.vin[i].witness, flags,
                      checker, &err)) {
      return absl::InvalidArgumentError("input " + std::to_string(i) +
                                        ": script verification failed (" +
                                        std::string(ScriptErrorName(err)) + ")");
    }
  }
  return absl::OkStatus();
}

}  // namespace entangle::bitcoin
