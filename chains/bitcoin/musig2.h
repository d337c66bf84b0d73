// MuSig2 (BIP327) on libsecp256k1's public API: key sorting and aggregation with plain and x-only
// tweaks, nonce generation and aggregation, partial signing, partial signature verification and
// signature aggregation. Debian's libsecp256k1 0.2.0 has no musig module, so the group and scalar
// arithmetic goes through ec_pubkey_combine / tweak_mul / tweak_add and our own mod-n scalars.
#ifndef ENTANGLE_CHAINS_BITCOIN_MUSIG2_H_
#define ENTANGLE_CHAINS_BITCOIN_MUSIG2_H_

#include <absl/status/statusor.h>

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "entangle/types.h"

namespace entangle::bitcoin::musig2 {

using Bytes32 = std::array<uint8_t, 32>;
using PlainPubkey = std::array<uint8_t, 33>;
using PubNonce = std::array<uint8_t, 66>;
using SecNonce = std::array<uint8_t, 97>;  // k1 || k2 || pk (BIP327)

std::vector<PlainPubkey> KeySort(std::vector<PlainPubkey> keys);

// KeyAggContext: Q (as a 33-byte point), gacc and tacc.
struct KeyAggContext {
  PlainPubkey q{};
  Bytes32 gacc{};  // scalar 1 or n-1
  Bytes32 tacc{};  // scalar
};
absl::StatusOr<KeyAggContext> KeyAgg(const std::vector<PlainPubkey>& keys);
absl::StatusOr<KeyAggContext> ApplyTweak(const KeyAggContext& ctx, const Bytes32& tweak,
                                         bool is_xonly);
Bytes32 XOnly(const KeyAggContext& ctx);

struct NonceGenResult {
  SecNonce secnonce{};
  PubNonce pubnonce{};
};
// `rand` must be fresh randomness (the vectors fix it). sk, aggpk, msg and extra are optional.
absl::StatusOr<NonceGenResult> NonceGen(const Bytes32& rand, const std::optional<Bytes32>& sk,
                                        const PlainPubkey& pk, const std::optional<Bytes32>& aggpk,
                                        const std::optional<Bytes>& msg,
                                        const std::optional<Bytes>& extra_in);
absl::StatusOr<PubNonce> NonceAgg(const std::vector<PubNonce>& nonces);

struct SessionContext {
  PubNonce aggnonce{};
  std::vector<PlainPubkey> pubkeys;
  std::vector<Bytes32> tweaks;
  std::vector<bool> is_xonly;
  Bytes msg;
};
// Consumes the secret nonce (the caller must never reuse it; Sign zeroes `secnonce`).
absl::StatusOr<Bytes32> Sign(SecNonce& secnonce, const Bytes32& sk, const SessionContext& ctx);
absl::Status PartialSigVerify(const Bytes32& psig, const std::vector<PubNonce>& pubnonces,
                              const SessionContext& ctx, size_t signer_index);
absl::StatusOr<Bytes> PartialSigAgg(const std::vector<Bytes32>& psigs, const SessionContext& ctx);

// Runs the BIP327 JSON vectors in `dir` (shared/vectors/bitcoin/musig2/).
void RunVectors(const std::string& dir, const std::function<void(bool, const std::string&)>& check,
                const std::function<void(const std::string&)>& skip);

}  // namespace entangle::bitcoin::musig2

namespace entangle::bitcoin {
inline void RunMusig2Vectors(const std::string& dir,
                             const std::function<void(bool, const std::string&)>& check,
                             const std::function<void(const std::string&)>& skip) {
  musig2::RunVectors(dir, check, skip);
}
}  // namespace entangle::bitcoin

#endif  // ENTANGLE_CHAINS_BITCOIN_MUSIG2_H_
