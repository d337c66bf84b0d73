// The `bitcoin` chain adapter (plugin name "bitcoin").
//
// Config JSON: {"network": "mainnet" | "testnet" | "testnet4" | "signet" | "regtest"} (default
// regtest).
//
// Settlement transaction (BuildSettlement): one taproot key-path spend of the signer's own BIP86
// output, with
//   output 0: OP_RETURN <77 bytes>  "ENTG" | 0x01 | batch_number (u64 BE) | state_root (32) |
//             proof_commitment (32)
//   output 1: the change, back to the signer's BIP86 address (or options.change_address)
// where proof_commitment = TaggedHash("entangle/settlement-proof", proof_system | proof |
// public inputs), each field prefixed by its CompactSize length. The OP_RETURN fits Bitcoin Core's
// standard 83-byte data-carrier limit, so the transaction relays everywhere; the key-path spend
// (64-byte signature, SIGHASH_DEFAULT) is the cheapest input there is. options_json:
//   {"utxo": {"txid": "<display hex>", "vout": n, "amount": sats}, "fee": sats (default 1000),
//    "change_address": "..." (optional)}
// The transaction is verified with our interpreter under the standard flags before it is returned.
//
// Headers (VerifyHeaders): `checkpoint` empty means the headers start with the network's genesis;
// otherwise it is header (80) | height (u32 LE) [| time of the first block of its retarget period
// (u32 LE)]. Deposits (VerifyDeposit): the inclusion proof format of headers.h; the deposit is
// output 0 (amount, recipient address) and the memo is the data of the first OP_RETURN output.
// Connect: {"url": "http://127.0.0.1:18443", "user", "password", "mine_address"} for a bitcoind
// (or devchain) RPC endpoint; {"devchain": {...}} (the plugin's subclass, see plugin.cc) starts an
// in-process regtest devchain (options in devchain/devchain_client.h).
#ifndef ENTANGLE_CHAINS_BITCOIN_ADAPTER_H_
#define ENTANGLE_CHAINS_BITCOIN_ADAPTER_H_

#include <memory>
#include <optional>
#include <string>

#include "chains/bitcoin/address.h"
#include "chains/bitcoin/tx.h"
#include "entangle/chain_adapter.h"

namespace entangle::bitcoin {

inline constexpr char kSettlementMagic[4] = {'E', 'N', 'T', 'G'};

struct SettlementCommitment {
  uint64_t batch_number = 0;
  Hash32 state_root{};
  Hash32 proof_commitment{};
};
Hash32 ProofCommitment(const chains::SettlementRequest& request);
Bytes SettlementScript(const SettlementCommitment& c);
// Finds and decodes the settlement output of a transaction.
absl::StatusOr<SettlementCommitment> ParseSettlement(const Tx& tx);

class BitcoinAdapter : public chains::ChainAdapter {
 public:
  static absl::StatusOr<std::unique_ptr<chains::ChainAdapter>> Create(const std::string& config);
  explicit BitcoinAdapter(Network network) : network_(network) {}
  Network network() const { return network_; }

  std::vector<std::string> ConformanceSuites() const noexcept override;
  absl::StatusOr<ConformanceReport> RunConformance(
      const std::string& suite, const std::string& vectors_dir) noexcept override;

  chains::ChainInfo Info() const noexcept override;
  absl::StatusOr<chains::KeyPair> KeyFromSeed(ByteView seed) const noexcept override;
  absl::StatusOr<std::string> Address(ByteView public_key) const noexcept override;
  absl::StatusOr<chains::Transaction> BuildSettlement(
      const chains::SettlementRequest& request, const chains::KeyPair& signer) noexcept override;
  absl::StatusOr<chains::HeaderChainSummary> VerifyHeaders(
      const std::vector<Bytes>& headers, ByteView checkpoint) const noexcept override;
  absl::StatusOr<chains::Deposit> VerifyDeposit(ByteView inclusion_proof,
                                                ByteView header) const noexcept override;
  absl::StatusOr<std::unique_ptr<chains::ChainClient>> Connect(
      const std::string& endpoint_json) noexcept override;

 protected:
  Network network_;
};

}  // namespace entangle::bitcoin

#endif  // ENTANGLE_CHAINS_BITCOIN_ADAPTER_H_
