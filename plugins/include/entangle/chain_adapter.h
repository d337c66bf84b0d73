// chains::ChainAdapter: settlement on one chain (Bitcoin, Ethereum, Cosmos, ...).
//
// An adapter knows the chain's keys, addresses and transaction formats. It builds the transaction
// that settles a rollup state root with its proof, verifies light-client evidence (header chains,
// deposit inclusion proofs) and connects to a node: a real node over its RPC, or an in-process
// development chain ("devchain") for tests and `entangle devnet`.
#ifndef ENTANGLE_CHAIN_ADAPTER_H_
#define ENTANGLE_CHAIN_ADAPTER_H_

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "entangle/component.h"
#include "entangle/types.h"

namespace entangle::chains {

struct ChainInfo {
  std::string name;      // "bitcoin"
  std::string network;   // "mainnet", "regtest", ...
  std::string chain_id;  // the chain's own identifier ("regtest", "1", "cosmoshub-4")
};

struct KeyPair {
  Bytes secret_key;
  Bytes public_key;
};

struct SettlementRequest {
  Hash32 state_root{};
  uint64_t batch_number = 0;
  std::string proof_system;  // which back end made `proof`
  Bytes proof;
  std::vector<Bytes> public_inputs;
  std::string options_json =
      "{}";  // chain-specific (fee rate, contract address, inputs to spend...)
};

struct Transaction {
  Bytes raw;         // ready to broadcast
  std::string id;    // the chain's transaction id, in its display form
  std::string json;  // a human/tool-readable decoding
};

// A deposit proven to be included in a chain whose headers were verified.
struct Deposit {
  std::string tx_id;
  uint64_t amount = 0;  // in the chain's smallest unit
  std::string recipient;
  Bytes memo;
};

struct HeaderChainSummary {
  uint64_t tip_height = 0;
  Hash32 tip_hash{};
  std::string total_work_hex;  // cumulative work, big-endian hex (chains without work: empty)
};

// A connection to a node.
class ChainClient {
 public:
  virtual ~ChainClient() = default;
  [[nodiscard]] virtual absl::StatusOr<uint64_t> Height() noexcept = 0;
  [[nodiscard]] virtual absl::StatusOr<Bytes> HeaderAt(uint64_t height) noexcept = 0;
  // Broadcasts a raw transaction; returns its id.
  [[nodiscard]] virtual absl::StatusOr<std::string> Submit(const Bytes& raw_tx) noexcept = 0;
  // Confirmations of a transaction (0: in the mempool; NotFound if unknown).
  [[nodiscard]] virtual absl::StatusOr<uint64_t> Confirmations(
      const std::string& tx_id) noexcept = 0;
  // Development chains only: produce `blocks` blocks.
  [[nodiscard]] virtual absl::Status Mine(uint64_t /*blocks*/) noexcept {
    return absl::UnimplementedError("this client cannot mine");
  }
};

class ChainAdapter : public Component {
 public:
  [[nodiscard]] virtual ChainInfo Info() const noexcept = 0;

  // Derives a key pair from 32 bytes of seed (deterministic: tests and devnets use fixed seeds).
  [[nodiscard]] virtual absl::StatusOr<KeyPair> KeyFromSeed(ByteView seed) const noexcept = 0;

  // The chain's default address for a public key.
  [[nodiscard]] virtual absl::StatusOr<std::string> Address(ByteView public_key) const noexcept = 0;

  // Builds and signs the settlement transaction for one batch.
  [[nodiscard]] virtual absl::StatusOr<Transaction> BuildSettlement(
      const SettlementRequest& request, const KeyPair& signer) noexcept = 0;

  // Verifies a header chain (serialized headers, oldest first) starting after `checkpoint` (empty:
  // from the first header as given).
  [[nodiscard]] virtual absl::StatusOr<HeaderChainSummary> VerifyHeaders(
      const std::vector<Bytes>& headers, ByteView checkpoint) const noexcept = 0;

  // Verifies that a deposit is included under a header already verified.
  [[nodiscard]] virtual absl::StatusOr<Deposit> VerifyDeposit(ByteView inclusion_proof,
                                                              ByteView header) const noexcept = 0;

  // Connects to a node. `endpoint_json` is {"url": "http://127.0.0.1:18443", ...} for a real node,
  // or
  // {"devchain": {...}} for an in-process development chain.
  [[nodiscard]] virtual absl::StatusOr<std::unique_ptr<ChainClient>> Connect(
      const std::string& endpoint_json) noexcept = 0;
};

}  // namespace entangle::chains

#endif  // ENTANGLE_CHAIN_ADAPTER_H_
