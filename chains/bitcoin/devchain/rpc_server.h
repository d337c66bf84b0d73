// A bitcoind-compatible JSON-RPC server (HTTP on 127.0.0.1) over a Devchain. Method names, result
// shapes and error codes follow Bitcoin Core: getblockchaininfo, getblockcount, getbestblockhash,
// getblockhash, getblockheader, getblock, getrawtransaction, sendrawtransaction,
// testmempoolaccept, generatetoaddress, getrawmempool, gettxout, submitblock, decoderawtransaction,
// getmempoolinfo, getnetworkinfo, getchaintips (active tip only), invalidateblock,
// reconsiderblock.
#ifndef ENTANGLE_CHAINS_BITCOIN_DEVCHAIN_RPC_SERVER_H_
#define ENTANGLE_CHAINS_BITCOIN_DEVCHAIN_RPC_SERVER_H_

#include <absl/status/statusor.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "chains/bitcoin/devchain/devchain.h"

namespace httplib {
class Server;
}

namespace entangle::bitcoin::devchain {

struct RpcError {
  int code;
  std::string message;
};

class RpcServer {
 public:
  struct Options {
    int port = 0;  // 0: any free port
    std::string user;
    std::string password;  // empty user and password: no authentication
  };
  static absl::StatusOr<std::unique_ptr<RpcServer>> Start(Devchain* chain, const Options& options);
  ~RpcServer();
  int port() const { return port_; }
  void Stop();

  // One call without HTTP (result, or the error bitcoind would return).
  nlohmann::json Dispatch(const std::string& method, const nlohmann::json& params, RpcError* error);

 private:
  RpcServer() = default;
  Devchain* chain_ = nullptr;
  Options options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace entangle::bitcoin::devchain

#endif  // ENTANGLE_CHAINS_BITCOIN_DEVCHAIN_RPC_SERVER_H_
