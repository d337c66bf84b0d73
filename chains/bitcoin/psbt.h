// PSBT (BIP174, version 0) with the BIP371 taproot fields: parse / serialize (base64 too), create,
// update, sign, combine, finalize and extract.
//
// Every map keeps all its key-value pairs (known or not) in key order, so parse -> serialize is
// byte-exact for canonical inputs and unknown / proprietary fields survive every role.
#ifndef ENTANGLE_CHAINS_BITCOIN_PSBT_H_
#define ENTANGLE_CHAINS_BITCOIN_PSBT_H_

#include <absl/status/statusor.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chains/bitcoin/crypto.h"
#include "chains/bitcoin/interpreter.h"
#include "chains/bitcoin/tx.h"

namespace entangle::bitcoin {

namespace psbt {
// Global.
inline constexpr uint8_t kGlobalUnsignedTx = 0x00;
inline constexpr uint8_t kGlobalXpub = 0x01;
inline constexpr uint8_t kGlobalVersion = 0xfb;
// Input.
inline constexpr uint8_t kInNonWitnessUtxo = 0x00;
inline constexpr uint8_t kInWitnessUtxo = 0x01;
inline constexpr uint8_t kInPartialSig = 0x02;
inline constexpr uint8_t kInSighashType = 0x03;
inline constexpr uint8_t kInRedeemScript = 0x04;
inline constexpr uint8_t kInWitnessScript = 0x05;
inline constexpr uint8_t kInBip32Derivation = 0x06;
inline constexpr uint8_t kInFinalScriptSig = 0x07;
inline constexpr uint8_t kInFinalScriptWitness = 0x08;
inline constexpr uint8_t kInTapKeySig = 0x13;
inline constexpr uint8_t kInTapScriptSig = 0x14;
inline constexpr uint8_t kInTapLeafScript = 0x15;
inline constexpr uint8_t kInTapBip32Derivation = 0x16;
inline constexpr uint8_t kInTapInternalKey = 0x17;
inline constexpr uint8_t kInTapMerkleRoot = 0x18;
// Output.
inline constexpr uint8_t kOutRedeemScript = 0x00;
inline constexpr uint8_t kOutWitnessScript = 0x01;
inline constexpr uint8_t kOutBip32Derivation = 0x02;
inline constexpr uint8_t kOutTapInternalKey = 0x05;
inline constexpr uint8_t kOutTapTree = 0x06;
inline constexpr uint8_t kOutTapBip32Derivation = 0x07;
}  // namespace psbt

// One key-value map: key = type byte || key data.
using PsbtMap = std::map<Bytes, Bytes>;

struct Psbt {
  Tx tx;           // the unsigned transaction (no scriptSigs / witnesses)
  PsbtMap global;  // everything but the unsigned tx
  std::vector<PsbtMap> inputs;
  std::vector<PsbtMap> outputs;

  // Creator: an unsigned transaction; every scriptSig and witness must be empty.
  static absl::StatusOr<Psbt> Create(const Tx& unsigned_tx);
  static absl::StatusOr<Psbt> Parse(ByteView raw);
  static absl::StatusOr<Psbt> FromBase64(std::string_view b64);
  Bytes Serialize() const;
  std::string ToBase64() const;

  // Typed accessors.
  std::optional<Bytes> Get(const PsbtMap& m, uint8_t type, ByteView keydata = {}) const;
  static void Set(PsbtMap& m, uint8_t type, ByteView keydata, ByteView value);

  // Updater helpers.
  void SetWitnessUtxo(size_t in, const TxOut& out);
  void SetNonWitnessUtxo(size_t in, const Tx& prev);
  void SetTapInternalKey(size_t in, const Digest32& xonly);
  void SetTapMerkleRoot(size_t in, const Digest32& root);
  void AddTapLeafScript(size_t in, ByteView control_block, ByteView script, uint8_t leaf_version);

  // The output an input spends (witness UTXO, else the non-witness UTXO's output).
  absl::StatusOr<TxOut> SpentOutput(size_t in) const;

  // Signer: signs every input it can with `seckey` (P2PKH, P2WPKH, P2TR key path with the BIP86 or
  // TAP_MERKLE_ROOT tweak, and tapscript leaves naming the key). Returns how many it signed.
  absl::StatusOr<int> Sign(const Digest32& seckey, uint8_t sighash_type = kSighashDefault);

  // Combiner: merges another PSBT of the same transaction (conflicting values are an error).
  absl::Status Combine(const Psbt& other);

  // Finalizer: builds final scriptSig / witness for each input it understands and clears the
  // signing fields (BIP174); fails naming the first input it cannot finalize.
  absl::Status Finalize();
  bool IsFinalized() const;

  // Extractor: the network transaction; checks every input with our interpreter (standard flags).
  absl::StatusOr<Tx> Extract() const;
};

std::string Base64Encode(ByteView data);
absl::StatusOr<Bytes> Base64Decode(std::string_view s);

}  // namespace entangle::bitcoin

#endif  // ENTANGLE_CHAINS_BITCOIN_PSBT_H_
