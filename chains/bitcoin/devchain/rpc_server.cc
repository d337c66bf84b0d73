#include "chains/bitcoin/devchain/rpc_server.h"

#include <httplib.h>

#include <cmath>
#include <cstdio>

#include "chains/bitcoin/address.h"
#include "chains/bitcoin/psbt.h"
#include "chains/bitcoin/script.h"
#include "common/bytes.h"
#include "common/status.h"

namespace entangle::bitcoin::devchain {

using json = nlohmann::json;

namespace {

constexpr int kMiscError = -1;
constexpr int kTypeError = -3;
constexpr int kInvalidAddressOrKey = -5;
constexpr int kInvalidParameter = -8;
constexpr int kDeserializationError = -22;
constexpr int kVerifyError = -25;
constexpr int kVerifyRejected = -26;
constexpr int kVerifyAlreadyInChain = -27;
constexpr int kMethodNotFound = -32601;
constexpr int kParseError = -32700;

struct Fail {
  int code;
  std::string message;
};

double Btc(int64_t sats) { return static_cast<double>(sats) / 1e8; }

std::string ScriptType(const Bytes& s) {
  int version;
  ByteView program;
  if (IsWitnessProgram(s, &version, &program)) {
    if (version == 0 && program.size() == 20) return "witness_v0_keyhash";
    if (version == 0 && program.size() == 32) return "witness_v0_scripthash";
    if (version == 1 && program.size() == 32) return "witness_v1_taproot";
    if (version == 1 && program.size() == 2 && program[0] == 0x4e && program[1] == 0x73)
      return "anchor";
    return "witness_unknown";
  }
  if (IsPayToScriptHash(s)) return "scripthash";
  if (s.size() == 25 && s[0] == OP_DUP && s[1] == OP_HASH160) return "pubkeyhash";
  if (!s.empty() && s[0] == OP_RETURN && IsPushOnly(ByteView(s).subspan(1))) return "nulldata";
  if ((s.size() == 35 || s.size() == 67) && s.back() == OP_CHECKSIG) return "pubkey";
  return "nonstandard";
}

json ScriptPubKeyJson(const Bytes& s) {
  json j = {{"asm", ScriptToAsm(s)}, {"hex", ToHex(s)}, {"type", ScriptType(s)}};
  auto a = ScriptToAddress(s, Network::kRegtest);
  if (a.ok()) j["address"] = *a;
  return j;
}

json TxJson(const Tx& tx) {
  json vin = json::array();
  for (const auto& in : tx.vin) {
    json i;
    if (tx.IsCoinbase()) {
      i["coinbase"] = ToHex(in.script_sig);
    } else {
      i["txid"] = HashToDisplay(in.prevout.txid);
      i["vout"] = in.prevout.n;
      i["scriptSig"] = {{"asm", ScriptToAsm(in.script_sig)}, {"hex", ToHex(in.script_sig)}};
    }
    if (!in.witness.empty()) {
      json w = json::array();
      for (const auto& item : in.witness) w.push_back(ToHex(item));
      i["txinwitness"] = w;
    }
    i["sequence"] = in.sequence;
    vin.push_back(i);
  }
  json vout = json::array();
  for (size_t n = 0; n < tx.vout.size(); ++n) {
    vout.push_back({{"value", Btc(tx.vout[n].value)},
                    {"n", n},
                    {"scriptPubKey", ScriptPubKeyJson(tx.vout[n].script_pubkey)}});
  }
  const size_t weight = TxWeight(tx);
  Bytes raw = SerializeTx(tx);
  return {{"txid", HashToDisplay(Txid(tx))},
          {"hash", HashToDisplay(Wtxid(tx))},
          {"version", tx.version},
          {"size", raw.size()},
          {"vsize", (weight + 3) / 4},
          {"weight", weight},
          {"locktime", tx.locktime},
          {"vin", vin},
          {"vout", vout},
          {"hex", ToHex(raw)}};
}

std::string BitsHex(uint32_t bits) {
  char buf[9];
  std::snprintf(buf, sizeof(buf), "%08x", bits);
  return buf;
}

double Difficulty(uint32_t bits) {
  int shift = (bits >> 24) & 0xff;
  double diff = static_cast<double>(0x0000ffff) / static_cast<double>(bits & 0x00ffffff);
  while (shift < 29) {
    diff *= 256.0;
    shift++;
  }
  while (shift > 29) {
    diff /= 256.0;
    shift--;
  }
  return diff;
}

json HeaderJson(const BlockInfo& b, uint32_t tip_height) {
  char version_hex[9];
  std::snprintf(version_hex, sizeof(version_hex), "%08x",
                static_cast<uint32_t>(b.block.header.version));
  json j = {
      {"hash", HashToDisplay(b.hash)},
      {"confirmations", b.in_best_chain ? static_cast<int64_t>(tip_height - b.height + 1) : -1},
      {"height", b.height},
      {"version", b.block.header.version},
      {"versionHex", version_hex},
      {"merkleroot", HashToDisplay(b.block.header.merkle_root)},
      {"time", b.block.header.time},
      {"mediantime", b.median_time_past},
      {"nonce", b.block.header.nonce},
      {"bits", BitsHex(b.block.header.bits)},
      {"difficulty", Difficulty(b.block.header.bits)},
      {"chainwork", b.chain_work.ToHex()},
      {"nTx", b.block.txs.size()}};
  if (b.height > 0) j["previousblockhash"] = HashToDisplay(b.block.header.prev_hash);
  if (b.next) j["nextblockhash"] = HashToDisplay(*b.next);
  return j;
}

template <typename T>
T Param(const json& params, size_t i, T fallback) {
  if (!params.is_array() || i >= params.size() || params[i].is_null()) return fallback;
  return params[i].get<T>();
}

const json& Required(const json& params, size_t i, const char* name) {
  if (!params.is_array() || i >= params.size() || params[i].is_null()) {
    throw Fail{kMiscError, std::string("missing required parameter ") + name};
  }
  return params[i];
}

Hash32 HashParam(const json& params, size_t i, const char* name) {
  const json& v = Required(params, i, name);
  if (!v.is_string()) throw Fail{kTypeError, std::string(name) + " must be a string"};
  auto h = HashFromDisplay(v.get<std::string>());
  if (!h.ok()) {
    throw Fail{kInvalidParameter, std::string(name) + " must be of length 64 (not " +
                                      std::to_string(v.get<std::string>().size()) + ", for '" +
                                      v.get<std::string>() + "')"};
  }
  return *h;
}

Tx TxParam(const json& params, size_t i) {
  const json& v = Required(params, i, "hexstring");
  if (!v.is_string()) throw Fail{kTypeError, "hexstring must be a string"};
  auto tx = ParseTxHex(v.get<std::string>());
  if (!tx.ok())
    throw Fail{kDeserializationError, "TX decode failed. Make sure the tx has at least one input."};
  return *tx;
}

}  // namespace

json RpcServer::Dispatch(const std::string& method, const json& params, RpcError* error) {
  Devchain& c = *chain_;
  error->code = 0;
  try {
    if (method == "getblockcount") return c.Height();
    if (method == "getbestblockhash") return HashToDisplay(c.TipHash());
    if (method == "getblockchaininfo") {
      auto tip = c.GetBlock(c.TipHash());
      return {{"chain", "regtest"},
              {"blocks", c.Height()},
              {"headers", c.Height()},
              {"bestblockhash", HashToDisplay(c.TipHash())},
              {"bits", BitsHex(tip->block.header.bits)},
              {"target", CompactToTarget(tip->block.header.bits).ToHex()},
              {"difficulty", Difficulty(tip->block.header.bits)},
              {"time", tip->block.header.time},
              {"mediantime", c.MedianTimePast()},
              {"verificationprogress", 1},
              {"initialblockdownload", false},
              {"chainwork", c.TipWork().ToHex()},
              {"size_on_disk", 0},
              {"pruned", false},
              {"warnings", json::array()}};
    }
    if (method == "getblockhash") {
      const json& h = Required(params, 0, "height");
      if (!h.is_number_integer()) throw Fail{kTypeError, "height must be a number"};
      int64_t height = h.get<int64_t>();
      if (height < 0 || height > c.Height())
        throw Fail{kInvalidParameter, "Block height out of range"};
      return HashToDisplay(*c.BlockHashAt(static_cast<uint32_t>(height)));
    }
    if (method == "getblockheader" || method == "getblock") {
      Hash32 hash = HashParam(params, 0, "blockhash");
      auto b = c.GetBlock(hash);
      if (!b.ok()) throw Fail{kInvalidAddressOrKey, "Block not found"};
      if (method == "getblockheader") {
        if (!Param<bool>(params, 1, true)) return ToHex(b->block.header.Serialize());
        return HeaderJson(*b, c.Height());
      }
      int verbosity = 1;
      if (params.is_array() && params.size() > 1 && !params[1].is_null()) {
        verbosity = params[1].is_boolean() ? (params[1].get<bool>() ? 1 : 0) : params[1].get<int>();
      }
      Bytes raw = SerializeBlock(b->block);
      if (verbosity <= 0) return ToHex(raw);
      json j = HeaderJson(*b, c.Height());
      size_t weight = 80 * 4, stripped = SerializeBlock(b->block, false).size();
      json txs = json::array();
      for (const auto& tx : b->block.txs) {
        weight += TxWeight(tx);
        txs.push_back(verbosity >= 2 ? TxJson(tx) : json(HashToDisplay(Txid(tx))));
      }
      j["strippedsize"] = stripped;
      j["size"] = raw.size();
      j["weight"] = weight;
      j["tx"] = txs;
      return j;
    }
    if (method == "getrawtransaction") {
      Hash32 txid = HashParam(params, 0, "txid");
      int verbose = 0;
      if (params.is_array() && params.size() > 1 && !params[1].is_null()) {
        verbose = params[1].is_boolean() ? (params[1].get<bool>() ? 1 : 0) : params[1].get<int>();
      }
      auto info = c.GetTransaction(txid);
      if (!info.ok()) {
        throw Fail{kInvalidAddressOrKey,
                   "No such mempool or blockchain transaction. Use gettransaction for wallet "
                   "transactions."};
      }
      if (verbose == 0) return ToHex(SerializeTx(info->tx));
      json j = TxJson(info->tx);
      if (info->block) {
        j["blockhash"] = HashToDisplay(*info->block);
        j["confirmations"] = info->confirmations;
        j["time"] = info->block_time;
        j["blocktime"] = info->block_time;
      }
      return j;
    }
    if (method == "sendrawtransaction") {
      Tx tx = TxParam(params, 0);
      auto r = c.SubmitTx(tx);
      if (!r.ok()) {
        std::string reason(r.status().message());
        if (reason == "txn-already-known")
          throw Fail{kVerifyAlreadyInChain, "Transaction already in block chain"};
        if (reason == "bad-txns-inputs-missingorspent") throw Fail{kVerifyError, reason};
        throw Fail{kVerifyRejected, reason};
      }
      return HashToDisplay(r->txid);
    }
    if (method == "testmempoolaccept") {
      const json& txs = Required(params, 0, "rawtxs");
      if (!txs.is_array()) throw Fail{kTypeError, "rawtxs must be an array"};
      json out = json::array();
      for (const auto& hex : txs) {
        auto tx = ParseTxHex(hex.get<std::string>());
        if (!tx.ok())
          throw Fail{kDeserializationError,
                     "TX decode failed: " + std::string(tx.status().message())};
        json j = {{"txid", HashToDisplay(Txid(*tx))}, {"wtxid", HashToDisplay(Wtxid(*tx))}};
        auto r = c.TestAccept(*tx);
        if (r.ok()) {
          j["allowed"] = true;
          j["vsize"] = r->vsize;
          j["fees"] = {{"base", Btc(r->fee)}};
        } else {
          j["allowed"] = false;
          j["reject-reason"] = std::string(r.status().message());
        }
        out.push_back(j);
      }
      return out;
    }
    if (method == "generatetoaddress") {
      const json& n = Required(params, 0, "nblocks");
      const json& a = Required(params, 1, "address");
      if (!n.is_number_integer() || !a.is_string()) throw Fail{kTypeError, "nblocks, address"};
      auto spk = AddressToScript(a.get<std::string>(), Network::kRegtest);
      if (!spk.ok()) throw Fail{kInvalidAddressOrKey, "Error: Invalid address"};
      int64_t blocks = n.get<int64_t>();
      if (blocks < 0 || blocks > 10000) throw Fail{kInvalidParameter, "nblocks out of range"};
      auto hashes = c.Generate(static_cast<uint32_t>(blocks), *spk);
      if (!hashes.ok()) throw Fail{kMiscError, std::string(hashes.status().message())};
      json out = json::array();
      for (const auto& h : *hashes) out.push_back(HashToDisplay(h));
      return out;
    }
    if (method == "getrawmempool") {
      json out = json::array();
      for (const auto& id : c.MempoolTxids()) out.push_back(HashToDisplay(id));
      return out;
    }
    if (method == "gettxout") {
      Hash32 txid = HashParam(params, 0, "txid");
      const json& n = Required(params, 1, "n");
      if (!n.is_number_integer()) throw Fail{kTypeError, "n must be a number"};
      bool include_mempool = Param<bool>(params, 2, true);
      auto coin = c.GetCoin(OutPoint{txid, n.get<uint32_t>()}, include_mempool);
      if (!coin) return nullptr;
      const uint32_t tip = c.Height();
      return {{"bestblock", HashToDisplay(c.TipHash())},
              {"confirmations", coin->height > tip ? 0 : tip - coin->height + 1},
              {"value", Btc(coin->out.value)},
              {"scriptPubKey", ScriptPubKeyJson(coin->out.script_pubkey)},
              {"coinbase", coin->coinbase}};
    }
    if (method == "submitblock") {
      const json& v = Required(params, 0, "hexdata");
      auto raw = FromHex(v.get<std::string>());
      auto block = raw.ok() ? ParseBlock(*raw) : absl::StatusOr<Block>(raw.status());
      if (!block.ok()) throw Fail{kDeserializationError, "Block decode failed"};
      auto st = c.SubmitBlock(*block);
      if (st.ok()) return nullptr;
      if (st.code() == absl::StatusCode::kAlreadyExists) return "duplicate";
      return std::string(st.message());
    }
    if (method == "invalidateblock" || method == "reconsiderblock") {
      Hash32 hash = HashParam(params, 0, "blockhash");
      auto st = method == "invalidateblock" ? c.InvalidateBlock(hash) : c.ReconsiderBlock(hash);
      if (st.code() == absl::StatusCode::kNotFound)
        throw Fail{kInvalidAddressOrKey, "Block not found"};
      if (!st.ok()) throw Fail{kMiscError, std::string(st.message())};
      return nullptr;
    }
    if (method == "decoderawtransaction") {
      json j = TxJson(TxParam(params, 0));
      j.erase("hex");
      return j;
    }
    if (method == "getmempoolinfo") {
      size_t bytes = 0;
      for (const auto& id : c.MempoolTxids()) {
        auto info = c.GetTransaction(id);
        if (info.ok()) bytes += (TxWeight(info->tx) + 3) / 4;
      }
      return {{"loaded", true},
              {"size", c.MempoolTxids().size()},
              {"bytes", bytes},
              {"minrelaytxfee", 0.00001},
              {"mempoolminfee", 0.00001}};
    }
    if (method == "getnetworkinfo") {
      return {{"version", 280000},        {"subversion", "/entangle-devchain:0.1.0/"},
              {"protocolversion", 70016}, {"localrelay", true},
              {"networkactive", true},    {"connections", 0},
              {"relayfee", 0.00001},      {"warnings", ""}};
    }
    if (method == "getchaintips") {
      return json::array({{{"height", c.Height()},
                           {"hash", HashToDisplay(c.TipHash())},
                           {"branchlen", 0},
                           {"status", "active"}}});
    }
    throw Fail{kMethodNotFound, "Method not found"};
  } catch (const Fail& f) {
    error->code = f.code;
    error->message = f.message;
  } catch (const std::exception& e) {
    error->code = kTypeError;
    error->message = std::string("bad parameters: ") + e.what();
  }
  return nullptr;
}

absl::StatusOr<std::unique_ptr<RpcServer>> RpcServer::Start(Devchain* chain,
                                                            const Options& options) {
  std::unique_ptr<RpcServer> s(new RpcServer());
  s->chain_ = chain;
  s->options_ = options;
  s->server_ = std::make_unique<httplib::Server>();
  RpcServer* self = s.get();
  s->server_->Post("/", [self](const httplib::Request& req, httplib::Response& res) {
    if (!self->options_.user.empty() || !self->options_.password.empty()) {
      const std::string expect =
          "Basic " + Base64Encode(AsBytes(self->options_.user + ":" + self->options_.password));
      if (req.get_header_value("Authorization") != expect) {
        res.status = 401;
        res.set_header("WWW-Authenticate", "Basic realm=\"jsonrpc\"");
        return;
      }
    }
    json body = json::parse(req.body, nullptr, false);
    auto one = [self](const json& call, int* http_status) -> json {
      json id = call.contains("id") ? call["id"] : json(nullptr);
      if (!call.is_object() || !call.contains("method") || !call["method"].is_string()) {
        *http_status = 400;
        return {{"result", nullptr},
                {"error", {{"code", -32600}, {"message", "Invalid Request object"}}},
                {"id", id}};
      }
      RpcError err;
      json params = call.contains("params") ? call["params"] : json::array();
      json result = self->Dispatch(call["method"].get<std::string>(), params, &err);
      if (err.code != 0) {
        *http_status = err.code == kMethodNotFound ? 404 : 500;
        return {{"result", nullptr},
                {"error", {{"code", err.code}, {"message", err.message}}},
                {"id", id}};
      }
      return {{"result", result}, {"error", nullptr}, {"id", id}};
    };
    int status = 200;
    json out;
    if (body.is_discarded()) {
      status = 500;
      out = {{"result", nullptr},
             {"error", {{"code", kParseError}, {"message", "Parse error"}}},
             {"id", nullptr}};
    } else if (body.is_array()) {
      out = json::array();
      for (const auto& call : body) {
        int ignored = 200;
        out.push_back(one(call, &ignored));
      }
    } else {
      out = one(body, &status);
    }
    res.status = status;
    res.set_content(out.dump() + "\n", "application/json");
  });
  if (options.port == 0) {
    s->port_ = s->server_->bind_to_any_port("127.0.0.1");
  } else {
    s->port_ = s->server_->bind_to_port("127.0.0.1", options.port) ? options.port : -1;
  }
  if (s->port_ <= 0) return absl::UnavailableError("devchain RPC: cannot bind 127.0.0.1");
  s->thread_ = std::thread([self] { self->server_->listen_after_bind(); });
  for (int i = 0; i < 500 && !s->server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return s;
}

void RpcServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

RpcServer::~RpcServer() { Stop(); }

}  // namespace entangle::bitcoin::devchain
