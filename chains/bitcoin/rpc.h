// A bitcoind JSON-RPC client (HTTP, basic auth) as an entangle::chains::ChainClient. It works with
// Bitcoin Core and with the in-process devchain's server (same method names and shapes).
#ifndef ENTANGLE_CHAINS_BITCOIN_RPC_H_
#define ENTANGLE_CHAINS_BITCOIN_RPC_H_

#include <absl/status/statusor.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "entangle/chain_adapter.h"

namespace entangle::bitcoin {

class RpcClient final : public chains::ChainClient {
 public:
  // `url` like "http://127.0.0.1:18443"; `mine_address` is used by Mine() (generatetoaddress).
  RpcClient(std::string url, std::string user, std::string password, std::string mine_address);
  ~RpcClient() override;

  // One JSON-RPC call; errors carry the server's code and message.
  absl::StatusOr<nlohmann::json> Call(const std::string& method, const nlohmann::json& params);

  absl::StatusOr<uint64_t> Height() noexcept override;
  absl::StatusOr<Bytes> HeaderAt(uint64_t height) noexcept override;
  absl::StatusOr<std::string> Submit(const Bytes& raw_tx) noexcept override;
  absl::StatusOr<uint64_t> Confirmations(const std::string& tx_id) noexcept override;
  absl::Status Mine(uint64_t blocks) noexcept override;

 private:
  std::string url_, user_, password_, mine_address_;
  uint64_t next_id_ = 1;
};

}  // namespace entangle::bitcoin

#endif  // ENTANGLE_CHAINS_BITCOIN_RPC_H_
