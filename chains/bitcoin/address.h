// Addresses: Base58 / Base58Check, Bech32 / Bech32m (BIP173/350), segwit addresses, WIF secrets,
// for mainnet, testnet (3 and 4), signet and regtest.
#ifndef ENTANGLE_CHAINS_BITCOIN_ADDRESS_H_
#define ENTANGLE_CHAINS_BITCOIN_ADDRESS_H_

#include <absl/status/statusor.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "entangle/types.h"

namespace entangle::bitcoin {

enum class Network { kMainnet, kTestnet, kTestnet4, kSignet, kRegtest };

struct NetworkParams {
  const char* name;  // "main", "test", "testnet4", "signet", "regtest"
  uint8_t pubkey_prefix;
  uint8_t script_prefix;
  uint8_t secret_prefix;
  const char* hrp;
};
const NetworkParams& Params(Network n);
absl::StatusOr<Network> NetworkFromName(std::string_view name);  // also "mainnet", "testnet"

std::string EncodeBase58(ByteView data);
// Leading/trailing whitespace is skipped; fails on any other non-alphabet character or when the
// result would exceed `max_len` bytes.
absl::StatusOr<Bytes> DecodeBase58(std::string_view s, size_t max_len = 1024);
std::string EncodeBase58Check(ByteView payload);
absl::StatusOr<Bytes> DecodeBase58Check(std::string_view s, size_t max_len = 1024);

enum class Bech32Encoding { kInvalid, kBech32, kBech32m };
struct Bech32Decoded {
  Bech32Encoding encoding = Bech32Encoding::kInvalid;
  std::string hrp;            // lower case
  std::vector<uint8_t> data;  // 5-bit words, checksum removed
};
// `limit` is the maximum total length (90 for addresses, BIP173).
absl::StatusOr<std::string> Bech32Encode(Bech32Encoding enc, std::string_view hrp,
                                         const std::vector<uint8_t>& words, size_t limit = 90);
absl::StatusOr<Bech32Decoded> Bech32Decode(std::string_view s, size_t limit = 90);
// Regroups bits (8 -> 5 with padding; 5 -> 8 without, rejecting bad padding).
absl::StatusOr<std::vector<uint8_t>> ConvertBits(const std::vector<uint8_t>& in, int from, int to,
                                                 bool pad);

absl::StatusOr<std::string> EncodeSegwitAddress(std::string_view hrp, int version,
                                                ByteView program);
struct SegwitAddress {
  int version = 0;
  Bytes program;
};
absl::StatusOr<SegwitAddress> DecodeSegwitAddress(std::string_view hrp, std::string_view addr);

// Bitcoin Core's DecodeDestination + GetScriptForDestination: the scriptPubKey an address pays.
absl::StatusOr<Bytes> AddressToScript(std::string_view address, Network net);
// ExtractDestination + EncodeDestination: the address of a standard scriptPubKey.
absl::StatusOr<std::string> ScriptToAddress(ByteView script_pubkey, Network net);

// WIF private keys.
struct Secret {
  Bytes key;  // 32 bytes
  bool compressed = true;
};
std::string EncodeSecret(const Secret& s, Network net);
absl::StatusOr<Secret> DecodeSecret(std::string_view wif, Network net);

// Conformance helpers over the vector files in `dir` (shared/vectors/bitcoin/).
using CheckFn = std::function<void(bool ok, const std::string& why)>;
using SkipFn = std::function<void(const std::string& why)>;
void RunBech32Vectors(const std::string& dir, const CheckFn& check, const SkipFn& skip);
void RunBase58Vectors(const std::string& dir, const CheckFn& check, const SkipFn& skip);
void RunKeyIoVectors(const std::string& dir, const CheckFn& check, const SkipFn& skip);

}  // namespace entangle::bitcoin

#endif  // ENTANGLE_CHAINS_BITCOIN_ADDRESS_H_
