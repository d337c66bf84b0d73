// A ChainClient on an in-process Devchain (the adapter's Connect({"devchain": {...}})). Options:
//   {"mine_address": "bcrt1...", "rpc": true, "port": 0, "rpcuser": "...", "rpcpassword": "..."}
// With "rpc" the chain is also served over bitcoind's JSON-RPC on 127.0.0.1 (rpc_url() says where).
#ifndef ENTANGLE_CHAINS_BITCOIN_DEVCHAIN_DEVCHAIN_CLIENT_H_
#define ENTANGLE_CHAINS_BITCOIN_DEVCHAIN_DEVCHAIN_CLIENT_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "chains/bitcoin/devchain/devchain.h"
#include "chains/bitcoin/devchain/rpc_server.h"
#include "entangle/chain_adapter.h"

namespace entangle::bitcoin::devchain {

class DevchainClient final : public chains::ChainClient {
 public:
  static absl::StatusOr<std::unique_ptr<DevchainClient>> Start(const nlohmann::json& options);
  ~DevchainClient() override;

  absl::StatusOr<uint64_t> Height() noexcept override;
  absl::StatusOr<Bytes> HeaderAt(uint64_t height) noexcept override;
  absl::StatusOr<std::string> Submit(const Bytes& raw_tx) noexcept override;
  absl::StatusOr<uint64_t> Confirmations(const std::string& tx_id) noexcept override;
  absl::Status Mine(uint64_t blocks) noexcept override;

  Devchain& chain() { return *chain_; }
  std::string rpc_url() const;

 private:
  std::unique_ptr<Devchain> chain_;
  std::unique_ptr<RpcServer> server_;
  Bytes mine_script_;
};

}  // namespace entangle::bitcoin::devchain

#endif  // ENTANGLE_CHAINS_BITCOIN_DEVCHAIN_DEVCHAIN_CLIENT_H_
