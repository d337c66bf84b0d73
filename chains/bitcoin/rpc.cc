#include "chains/bitcoin/rpc.h"

#include <httplib.h>

#include "common/bytes.h"
#include "common/status.h"

namespace entangle::bitcoin {

using json = nlohmann::json;

RpcClient::RpcClient(std::string url, std::string user, std::string password,
                     std::string mine_address)
    : url_(std::move(url)),
      user_(std::move(user)),
      password_(std::move(password)),
      mine_address_(std::move(mine_address)) {}

RpcClient::~RpcClient() = default;

absl::StatusOr<json> RpcClient::Call(const std::string& method, const json& params) {
  httplib::Client cli(url_);
  cli.set_connection_timeout(5, 0);
  cli.set_read_timeout(60, 0);
  if (!user_.empty()) cli.set_basic_auth(user_, password_);
  json req = {{"jsonrpc", "1.0"}, {"id", next_id_++}, {"method", method}, {"params", params}};
  auto res = cli.Post("/", req.dump(), "application/json");
  if (!res) {
    return absl::UnavailableError("RPC " + method + " to " + url_ + ": " +
                                  httplib::to_string(res.error()));
  }
  json body = json::parse(res->body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return absl::InternalError("RPC " + method + ": HTTP " + std::to_string(res->status) +
                               " with a non-JSON body");
  }
  if (body.contains("error") && !body["error"].is_null()) {
    int code = body["error"].value("code", 0);
    std::string msg = body["error"].value("message", "");
    std::string text = "RPC " + method + " error " + std::to_string(code) + ": " + msg;
    if (code == -5) return absl::NotFoundError(text);
    if (code == -8) return absl::OutOfRangeError(text);
    return absl::InvalidArgumentError(text);
  }
  return body.value("result", json());
}

absl::StatusOr<uint64_t> RpcClient::Height() noexcept {
  ASSIGN_OR_RETURN(json r, Call("getblockcount", json::array()));
  if (!r.is_number_unsigned()) return absl::InternalError("getblockcount: not a number");
  return r.get<uint64_t>();
}

absl::StatusOr<Bytes> RpcClient::HeaderAt(uint64_t height) noexcept {
  ASSIGN_OR_RETURN(json hash, Call("getblockhash", json::array({height})));
  if (!hash.is_string()) return absl::InternalError("getblockhash: not a string");
  ASSIGN_OR_RETURN(json hex, Call("getblockheader", json::array({hash, false})));
  if (!hex.is_string()) return absl::InternalError("getblockheader: not a string");
  return FromHex(hex.get<std::string>());
}

absl::StatusOr<std::string> RpcClient::Submit(const Bytes& raw_tx) noexcept {
  ASSIGN_OR_RETURN(json r, Call("sendrawtransaction", json::array({ToHex(raw_tx)})));
  if (!r.is_string()) return absl::InternalError("sendrawtransaction: not a string");
  return r.get<std::string>();
}

absl::StatusOr<uint64_t> RpcClient::Confirmations(const std::string& tx_id) noexcept {
  ASSIGN_OR_RETURN(json r, Call("getrawtransaction", json::array({tx_id, true})));
  if (!r.is_object()) return absl::InternalError("getrawtransaction: not an object");
  return r.value("confirmations", static_cast<uint64_t>(0));
}

absl::Status RpcClient::Mine(uint64_t blocks) noexcept {
  if (mine_address_.empty()) return absl::FailedPreconditionError("no mine_address configured");
  auto r = Call("generatetoaddress", json::array({blocks, mine_address_}));
  return r.status();
}

}  // namespace entangle::bitcoin
