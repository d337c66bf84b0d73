// secp256k1 through libsecp256k1's public API: ECDSA as Bitcoin Core verifies it (lax DER parsing,
// low-S normalization), BIP340 Schnorr, BIP341 tagged hashes, tweaks, script trees and control
// blocks.
#ifndef ENTANGLE_CHAINS_BITCOIN_CRYPTO_H_
#define ENTANGLE_CHAINS_BITCOIN_CRYPTO_H_

#include <absl/status/statusor.h>

#include <optional>
#include <string_view>
#include <vector>

#include "common/sha.h"
#include "entangle/types.h"

struct secp256k1_context_struct;

namespace entangle::bitcoin {

// The process-wide context (created once; libsecp256k1 contexts are thread-safe for const use).
const secp256k1_context_struct* SecpContext();

// ECDSA, Bitcoin Core's rules: the signature (no hash type byte) is parsed with the lax DER parser
// and normalized to low S before verification; the public key is 33/65 bytes (hybrid accepted).
bool VerifyEcdsa(ByteView der_sig, ByteView pubkey, const Digest32& msg);
// True if the DER signature parses (laxly) and has a low S.
bool EcdsaHasLowS(ByteView der_sig);
// Signs with RFC 6979 nonces; strict DER, low S.
absl::StatusOr<Bytes> SignEcdsa(const Digest32& seckey, const Digest32& msg);

// Public keys.
absl::StatusOr<Bytes> PubkeyFromSeckey(const Digest32& seckey, bool compressed = true);
absl::StatusOr<Digest32> XOnlyFromSeckey(const Digest32& seckey);
bool IsValidPubkey(ByteView pubkey);  // 33/65-byte encodings
bool IsValidXOnly(ByteView xonly);

// BIP340.
bool VerifySchnorr(ByteView sig64, ByteView xonly32, ByteView msg);
absl::StatusOr<Bytes> SignSchnorr(const Digest32& seckey, ByteView msg,
                                  const std::optional<Digest32>& aux_rand);

// Tagged hashes (BIP340): SHA256(SHA256(tag) || SHA256(tag) || data).
Digest32 TaggedHash(std::string_view tag, ByteView data);

// BIP341 script trees.
inline constexpr uint8_t kTapLeafTapscript = 0xc0;
Digest32 TapLeafHash(uint8_t leaf_version, ByteView script);
Digest32 TapBranchHash(const Digest32& a, const Digest32& b);  // sorts its inputs
// The Merkle root of a leaf with the path of a control block (33 + 32m bytes).
Digest32 TaprootMerkleRootFromControl(ByteView control, const Digest32& leaf_hash);

struct TweakedKey {
  Digest32 output_key{};  // x-only
  int parity = 0;
};
// Q = P + H_TapTweak(P || merkle_root) G; no merkle_root: key-path-only outputs (BIP86).
absl::StatusOr<TweakedKey> TaprootTweak(ByteView internal_xonly,
                                        const std::optional<Digest32>& merkle_root);
// Checks Q against P, merkle root and parity (the script-path commitment check).
bool CheckTapTweak(ByteView output_xonly, ByteView internal_xonly, const Digest32& merkle_root,
                   int parity);
// The secret key for a key-path spend of the output tweaked from `seckey`'s x-only key.
absl::StatusOr<Digest32> TaprootTweakSeckey(const Digest32& seckey,
                                            const std::optional<Digest32>& merkle_root);

// A script tree given as a Huffman-style list of (depth, leaf) in depth-first order, as in
// Bitcoin Core's TaprootBuilder. Computes the root and each leaf's control-block path.
struct TapLeaf {
  int depth = 0;
  uint8_t version = kTapLeafTapscript;
  Bytes script;
};
struct TapTree {
  Digest32 root{};
  std::vector<std::vector<Digest32>> paths;  // per leaf, bottom-up siblings
};
absl::StatusOr<TapTree> BuildTapTree(const std::vector<TapLeaf>& leaves);
// control = (leaf_version | parity) || internal key || path
Bytes ControlBlock(uint8_t leaf_version, int parity, ByteView internal_xonly,
                   const std::vector<Digest32>& path);

// BIP341's NUMS point H (x-only), used as an unspendable internal key.
const Digest32& NumsH();

}  // namespace entangle::bitcoin

#endif  // ENTANGLE_CHAINS_BITCOIN_CRYPTO_H_
