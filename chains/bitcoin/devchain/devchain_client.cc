#include "chains/bitcoin/devchain/devchain_client.h"

#include "chains/bitcoin/address.h"
#include "chains/bitcoin/crypto.h"
#include "chains/bitcoin/script.h"
#include "common/bytes.h"
#include "common/status.h"

namespace entangle::bitcoin::devchain {

absl::StatusOr<std::unique_ptr<DevchainClient>> DevchainClient::Start(const nlohmann::json& o) {
  if (!o.is_object()) return absl::InvalidArgumentError("devchain: options must be an object");
  std::unique_ptr<DevchainClient> c(new DevchainClient());
  ASSIGN_OR_RETURN(c->chain_, Devchain::Open(o.value("datadir", std::string())));
  if (o.contains("mine_address")) {
    if (!o["mine_address"].is_string())
      return absl::InvalidArgumentError("devchain: bad mine_address");
    ASSIGN_OR_RETURN(c->mine_script_,
                     AddressToScript(o["mine_address"].get<std::string>(), Network::kRegtest));
  } else {
    // Anyone-can-spend-by-nobody default: a taproot output of the NUMS point.
    ASSIGN_OR_RETURN(TweakedKey t, TaprootTweak(NumsH(), std::nullopt));
    c->mine_script_ = WitnessScript(1, t.output_key);
  }
  if (o.value("rpc", false)) {
    RpcServer::Options opt;
    opt.port = o.value("port", 0);
    opt.user = o.value("rpcuser", std::string());
    opt.password = o.value("rpcpassword", std::string());
    ASSIGN_OR_RETURN(c->server_, RpcServer::Start(c->chain_.get(), opt));
  }
  return c;
}

DevchainClient::~DevchainClient() {
  if (server_) server_->Stop();
}

std::string DevchainClient::rpc_url() const {
  return server_ ? "http://127.0.0.1:" + std::to_string(server_->port()) : "";
}

absl::StatusOr<uint64_t> DevchainClient::Height() noexcept { return chain_->Height(); }

absl::StatusOr<Bytes> DevchainClient::HeaderAt(uint64_t height) noexcept {
  if (height > 0xffffffffu) return absl::OutOfRangeError("height out of range");
  ASSIGN_OR_RETURN(Hash32 h, chain_->BlockHashAt(static_cast<uint32_t>(height)));
  ASSIGN_OR_RETURN(BlockInfo b, chain_->GetBlock(h));
  return b.block.header.Serialize();
}

absl::StatusOr<std::string> DevchainClient::Submit(const Bytes& raw_tx) noexcept {
  ASSIGN_OR_RETURN(Tx tx, ParseTx(raw_tx));
  ASSIGN_OR_RETURN(AcceptResult r, chain_->SubmitTx(tx));
  return HashToDisplay(r.txid);
}

absl::StatusOr<uint64_t> DevchainClient::Confirmations(const std::string& tx_id) noexcept {
  ASSIGN_OR_RETURN(Hash32 id, HashFromDisplay(tx_id));
  ASSIGN_OR_RETURN(TxInfo info, chain_->GetTransaction(id));
  return info.confirmations;
}

absl::Status DevchainClient::Mine(uint64_t blocks) noexcept {
  if (blocks > 100000) return absl::InvalidArgumentError("too many blocks");
  return chain_->Generate(static_cast<uint32_t>(blocks), mine_script_).status();
}

}  // namespace entangle::bitcoin::devchain
