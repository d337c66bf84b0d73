// The Bitcoin script interpreter: legacy, P2SH, segwit v0 (BIP141/143) and taproot (BIP341/342),
// with Bitcoin Core's verification flags and its exact error results.
#ifndef ENTANGLE_CHAINS_BITCOIN_INTERPRETER_H_
#define ENTANGLE_CHAINS_BITCOIN_INTERPRETER_H_

#include <absl/status/statusor.h>
#include <absl/synchronization/mutex.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "chains/bitcoin/tx.h"
#include "common/sha.h"

namespace entangle::bitcoin {

enum VerifyFlags : uint32_t {
  kVerifyNone = 0,
  kVerifyP2sh = 1u << 0,
  kVerifyStrictEnc = 1u << 1,
  kVerifyDerSig = 1u << 2,
  kVerifyLowS = 1u << 3,
  kVerifyNullDummy = 1u << 4,
  kVerifySigPushOnly = 1u << 5,
  kVerifyMinimalData = 1u << 6,
  kVerifyDiscourageUpgradableNops = 1u << 7,
  kVerifyCleanStack = 1u << 8,
  kVerifyCheckLockTimeVerify = 1u << 9,
  kVerifyCheckSequenceVerify = 1u << 10,
  kVerifyWitness = 1u << 11,
  kVerifyDiscourageUpgradableWitnessProgram = 1u << 12,
  kVerifyMinimalIf = 1u << 13,
  kVerifyNullFail = 1u << 14,
  kVerifyWitnessPubkeyType = 1u << 15,
  kVerifyConstScriptCode = 1u << 16,
  kVerifyTaproot = 1u << 17,
  kVerifyDiscourageUpgradableTaprootVersion = 1u << 18,
  kVerifyDiscourageOpSuccess = 1u << 19,
  kVerifyDiscourageUpgradablePubkeyType = 1u << 20,
};

// Consensus flags of a block after taproot activation, and Bitcoin Core's standard (policy) flags.
inline constexpr uint32_t kMandatoryFlags =
    kVerifyP2sh | kVerifyDerSig | kVerifyNullDummy | kVerifyCheckLockTimeVerify |
    kVerifyCheckSequenceVerify | kVerifyWitness | kVerifyTaproot;
inline constexpr uint32_t kStandardFlags =
    kMandatoryFlags | kVerifyStrictEnc | kVerifyMinimalData | kVerifyDiscourageUpgradableNops |
    kVerifyCleanStack | kVerifyMinimalIf | kVerifyNullFail | kVerifyLowS |
    kVerifyDiscourageUpgradableWitnessProgram | kVerifyWitnessPubkeyType | kVerifyConstScriptCode |
    kVerifyDiscourageUpgradableTaprootVersion | kVerifyDiscourageOpSuccess |
    kVerifyDiscourageUpgradablePubkeyType;

// Parses "P2SH,STRICTENC" (names as in Bitcoin Core's test vectors; "" and "NONE" are 0).
absl::StatusOr<uint32_t> ParseFlags(std::string_view names);
std::string FlagsToString(uint32_t flags);

enum class ScriptError {
  kOk,
  kUnknownError,
  kEvalFalse,
  kOpReturn,
  kScriptSize,
  kPushSize,
  kOpCount,
  kStackSize,
  kSigCount,
  kPubkeyCount,
  kVerify,
  kEqualVerify,
  kCheckMultisigVerify,
  kCheckSigVerify,
  kNumEqualVerify,
  kBadOpcode,
  kDisabledOpcode,
  kInvalidStackOperation,
  kInvalidAltstackOperation,
  kUnbalancedConditional,
  kNegativeLocktime,
  kUnsatisfiedLocktime,
  kSigHashtype,
  kSigDer,
  kMinimalData,
  kSigPushOnly,
  kSigHighS,
  kSigNullDummy,
  kPubkeyType,
  kCleanStack,
  kMinimalIf,
  kNullFail,
  kDiscourageUpgradableNops,
  kDiscourageUpgradableWitnessProgram,
  kDiscourageUpgradableTaprootVersion,
  kDiscourageOpSuccess,
  kDiscourageUpgradablePubkeyType,
  kWitnessProgramWrongLength,
  kWitnessProgramWitnessEmpty,
  kWitnessProgramMismatch,
  kWitnessMalleated,
  kWitnessMalleatedP2sh,
  kWitnessUnexpected,
  kWitnessPubkeyType,
  kSchnorrSigSize,
  kSchnorrSigHashtype,
  kSchnorrSig,
  kTaprootWrongControlSize,
  kTapscriptValidationWeight,
  kTapscriptCheckMultisig,
  kTapscriptMinimalIf,
  kTapscriptEmptyPubkey,
  kOpCodeSeparator,
  kSigFindAndDelete,
  kScriptNum,
  kCount,
};

// The names Bitcoin Core's vectors use ("OK", "EVAL_FALSE", "NULLFAIL", ...).
std::string_view ScriptErrorName(ScriptError e);
std::optional<ScriptError> ScriptErrorFromName(std::string_view name);

enum class SigVersion { kBase, kWitnessV0, kTaproot, kTapscript };

inline constexpr uint8_t kSighashDefault = 0;
inline constexpr uint8_t kSighashAll = 1;
inline constexpr uint8_t kSighashNone = 2;
inline constexpr uint8_t kSighashSingle = 3;
inline constexpr uint8_t kSighashAnyoneCanPay = 0x80;

// Per-transaction hashes shared by every input's signature checks (BIP143 and BIP341).
struct PrecomputedTxData {
  // BIP143 (double SHA-256).
  Digest32 hash_prevouts{}, hash_sequence{}, hash_outputs{};
  // BIP341 (single SHA-256).
  Digest32 sha_prevouts{}, sha_sequences{}, sha_outputs{}, sha_amounts{}, sha_scriptpubkeys{};
  bool spent_outputs_ready = false;
  std::vector<TxOut> spent_outputs;

  PrecomputedTxData() = default;
  // `spent_outputs` may be empty (then BIP341 signature hashes are unavailable).
  PrecomputedTxData(const Tx& tx, std::vector<TxOut> spent_outputs);
};

// State carried through one input's execution (BIP341/342).
struct ExecutionData {
  bool annex_present = false;
  Digest32 annex_hash{};
  bool tapleaf_hash_init = false;
  Digest32 tapleaf_hash{};
  uint32_t codeseparator_pos = 0xffffffff;
  int64_t validation_weight_left = 0;
};

// Signature hashes.
Digest32 LegacySighash(ByteView script_code, const Tx& tx, size_t in, int32_t hash_type);
Digest32 SegwitV0Sighash(ByteView script_code, const Tx& tx, size_t in, int32_t hash_type,
                         int64_t amount, const PrecomputedTxData* cache);
// BIP341/342; nullopt for an undefined hash type or SIGHASH_SINGLE without a matching output or
// when the spent outputs are unknown.
std::optional<Digest32> TaprootSighash(const Tx& tx, size_t in, uint8_t hash_type,
                                       SigVersion sigversion, const PrecomputedTxData& cache,
                                       const ExecutionData& execdata);

// A cache of successful signature verifications (sighash, key, signature), safe to share
// between threads.
class SignatureCache {
 public:
  bool Contains(const Digest32& entry) const;
  void Add(const Digest32& entry);
  static Digest32 Entry(const Digest32& sighash, ByteView pubkey, ByteView sig);

 private:
  struct Hasher {
    size_t operator()(const Digest32& d) const {
      size_t v;
      std::memcpy(&v, d.data(), sizeof(v));
      return v;
    }
  };
  mutable absl::Mutex mu_;
  std::unordered_set<Digest32, Hasher> set_ ABSL_GUARDED_BY(mu_);
};

// Checks signatures and lock times of one input of a transaction.
class SignatureChecker {
 public:
  virtual ~SignatureChecker() = default;
  virtual bool CheckEcdsa(ByteView sig_with_hashtype, ByteView pubkey, ByteView script_code,
                          SigVersion sigversion) const {
    return false;
  }
  virtual bool CheckSchnorr(ByteView sig, ByteView pubkey, SigVersion sigversion,
                            const ExecutionData& execdata, ScriptError* error) const {
    *error = ScriptError::kSchnorrSig;
    return false;
  }
  virtual bool CheckLockTime(int64_t locktime) const { return false; }
  virtual bool CheckSequence(int64_t sequence) const { return false; }
};

class TxSignatureChecker : public SignatureChecker {
 public:
  // `txdata` may be null (hashes are then computed per signature; no taproot).
  TxSignatureChecker(const Tx* tx, size_t in, int64_t amount, const PrecomputedTxData* txdata,
                     SignatureCache* cache = nullptr)
      : tx_(tx), in_(in), amount_(amount), txdata_(txdata), cache_(cache) {}
  bool CheckEcdsa(ByteView sig, ByteView pubkey, ByteView script_code,
                  SigVersion sigversion) const override;
  bool CheckSchnorr(ByteView sig, ByteView pubkey, SigVersion sigversion,
                    const ExecutionData& execdata, ScriptError* error) const override;
  bool CheckLockTime(int64_t locktime) const override;
  bool CheckSequence(int64_t sequence) const override;

 private:
  const Tx* tx_;
  size_t in_;
  int64_t amount_;
  const PrecomputedTxData* txdata_;
  SignatureCache* cache_;
};

using Stack = std::vector<Bytes>;

bool EvalScript(Stack& stack, ByteView script, uint32_t flags, const SignatureChecker& checker,
                SigVersion sigversion, ExecutionData& execdata, ScriptError* error);

bool VerifyScript(ByteView script_sig, ByteView script_pubkey, const std::vector<Bytes>* witness,
                  uint32_t flags, const SignatureChecker& checker, ScriptError* error);

// Signature encoding rules (exposed for tests and wallets).
bool IsValidSignatureEncoding(ByteView sig);

// Verifies every input of `tx` against the outputs it spends (in order) under `flags`.
absl::Status VerifyTxScripts(const Tx& tx, const std::vector<TxOut>& spent, uint32_t flags,
                             SignatureCache* cache = nullptr);

}  // namespace entangle::bitcoin

#endif  // ENTANGLE_CHAINS_BITCOIN_INTERPRETER_H_
