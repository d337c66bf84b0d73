#include "chains/bitcoin/adapter.h"

#include <nlohmann/json.hpp>

#include "chains/bitcoin/conformance.h"
#include "chains/bitcoin/crypto.h"
#include "chains/bitcoin/headers.h"
#include "chains/bitcoin/interpreter.h"
#include "chains/bitcoin/rpc.h"
#include "chains/bitcoin/script.h"
#include "common/bytes.h"
#include "common/endian.h"
#include "common/status.h"
#include "common/varint.h"

namespace entangle::bitcoin {

using json = nlohmann::json;

namespace {

absl::StatusOr<Digest32> SeckeyFrom(ByteView b) {
  if (b.size() != 32) return absl::InvalidArgumentError("secret key must be 32 bytes");
  Digest32 k;
  std::copy(b.begin(), b.end(), k.begin());
  if (!PubkeyFromSeckey(k).ok()) return absl::InvalidArgumentError("secret key out of range");
  return k;
}

absl::StatusOr<Digest32> XOnlyOf(ByteView pub) {
  Digest32 x;
  if (pub.size() == 32) {
    if (!IsValidXOnly(pub)) return absl::InvalidArgumentError("invalid x-only public key");
    std::copy(pub.begin(), pub.end(), x.begin());
    return x;
  }
  if (pub.size() == 33 && IsValidPubkey(pub)) {
    std::copy(pub.begin() + 1, pub.end(), x.begin());
    return x;
  }
  return absl::InvalidArgumentError("public key must be 33 bytes (compressed) or 32 (x-only)");
}

}  // namespace

Hash32 ProofCommitment(const chains::SettlementRequest& r) {
  Bytes buf;
  AppendCompactSize(buf, r.proof_system.size());
  Append(buf, AsBytes(r.proof_system));
  AppendCompactSize(buf, r.proof.size());
  Append(buf, r.proof);
  AppendCompactSize(buf, r.public_inputs.size());
  for (const auto& in : r.public_inputs) {
    AppendCompactSize(buf, in.size());
    Append(buf, in);
  }
  return TaggedHash("entangle/settlement-proof", buf);
}

Bytes SettlementScript(const SettlementCommitment& c) {
  Bytes payload(kSettlementMagic, kSettlementMagic + 4);
  payload.push_back(0x01);
  uint8_t b[8];
  StoreBe<uint64_t>(b, c.batch_number);
  payload.insert(payload.end(), b, b + 8);
  Append(payload, c.state_root);
  Append(payload, c.proof_commitment);
  Bytes s = {OP_RETURN};
  PushData(s, payload);
  return s;
}

absl::StatusOr<SettlementCommitment> ParseSettlement(const Tx& tx) {
  for (const auto& o : tx.vout) {
    const Bytes& s = o.script_pubkey;
    // OP_RETURN OP_PUSHDATA1 77 <payload>: 80 bytes, within the 83-byte data-carrier limit.
    if (s.size() != 3 + 77 || s[0] != OP_RETURN || s[1] != OP_PUSHDATA1 || s[2] != 77) continue;
    const uint8_t* p = s.data() + 3;
    if (!std::equal(kSettlementMagic, kSettlementMagic + 4, p) || p[4] != 0x01) continue;
    SettlementCommitment c;
    c.batch_number = LoadBe<uint64_t>(p + 5);
    std::copy(p + 13, p + 45, c.state_root.begin());
    std::copy(p + 45, p + 77, c.proof_commitment.begin());
    return c;
  }
  return absl::NotFoundError("transaction has no Entangle settlement output");
}

absl::StatusOr<std::unique_ptr<chains::ChainAdapter>> BitcoinAdapter::Create(
    const std::string& config) {
  json j = json::parse(config.empty() ? "{}" : config, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError("bitcoin: config is not a JSON object");
  }
  ASSIGN_OR_RETURN(Network n, NetworkFromName(j.value("network", std::string("regtest"))));
  return std::unique_ptr<chains::ChainAdapter>(new BitcoinAdapter(n));
}

std::vector<std::string> BitcoinAdapter::ConformanceSuites() const noexcept {
  return ConformanceSuiteNames();
}

absl::StatusOr<ConformanceReport> BitcoinAdapter::RunConformance(
    const std::string& suite, const std::string& vectors_dir) noexcept {
  auto names = ConformanceSuiteNames();
  if (std::find(names.begin(), names.end(), suite) == names.end()) {
    return absl::NotFoundError("bitcoin: no conformance suite named '" + suite + "'");
  }
  try {
    return RunConformanceSuite(suite, vectors_dir);
  } catch (const std::exception& e) {
    return absl::InternalError(std::string("bitcoin conformance: ") + e.what());
  }
}

chains::ChainInfo BitcoinAdapter::Info() const noexcept {
  static const char* kNames[] = {"mainnet", "testnet", "testnet4", "signet", "regtest"};
  const char* n = kNames[static_cast<int>(network_)];
  return {"bitcoin", n, n};
}

absl::StatusOr<chains::KeyPair> BitcoinAdapter::KeyFromSeed(ByteView seed) const noexcept {
  if (seed.size() != 32) return absl::InvalidArgumentError("bitcoin: seed must be 32 bytes");
  Bytes buf(seed.begin(), seed.end());
  buf.push_back(0);
  for (int counter = 0; counter < 256; ++counter) {
    buf.back() = static_cast<uint8_t>(counter);
    Digest32 sk = TaggedHash("entangle/bitcoin/key", buf);
    auto pub = PubkeyFromSeckey(sk);
    if (pub.ok()) return chains::KeyPair{Bytes(sk.begin(), sk.end()), *pub};
  }
  return absl::InternalError("bitcoin: no valid key from seed");
}

absl::StatusOr<std::string> BitcoinAdapter::Address(ByteView public_key) const noexcept {
  ASSIGN_OR_RETURN(Digest32 x, XOnlyOf(public_key));
  ASSIGN_OR_RETURN(TweakedKey t, TaprootTweak(x, std::nullopt));
  return EncodeSegwitAddress(Params(network_).hrp, 1, t.output_key);
}

absl::StatusOr<chains::Transaction> BitcoinAdapter::BuildSettlement(
    const chains::SettlementRequest& request, const chains::KeyPair& signer) noexcept {
  try {
    json opt =
        json::parse(request.options_json.empty() ? "{}" : request.options_json, nullptr, false);
    if (opt.is_discarded() || !opt.is_object()) {
      return absl::InvalidArgumentError("bitcoin: options_json is not a JSON object");
    }
    if (!opt.contains("utxo") || !opt["utxo"].is_object()) {
      return absl::InvalidArgumentError(
          "bitcoin: options_json needs \"utxo\": {\"txid\", \"vout\", \"amount\"} (a BIP86 output "
          "of "
          "the signer)");
    }
    const json& u = opt["utxo"];
    if (!u.contains("txid") || !u["txid"].is_string() || !u.contains("vout") ||
        !u["vout"].is_number_unsigned() || !u.contains("amount") ||
        !u["amount"].is_number_integer()) {
      return absl::InvalidArgumentError(
          "bitcoin: utxo needs txid (string), vout and amount (sats)");
    }
    ASSIGN_OR_RETURN(Digest32 sk, SeckeyFrom(signer.secret_key));
    ASSIGN_OR_RETURN(Digest32 xonly, XOnlyFromSeckey(sk));
    ASSIGN_OR_RETURN(TweakedKey out_key, TaprootTweak(xonly, std::nullopt));
    const Bytes own_spk = WitnessScript(1, out_key.output_key);
    const int64_t amount = u["amount"].get<int64_t>();
    const int64_t fee = opt.value("fee", static_cast<int64_t>(1000));
    if (amount <= 0 || amount > kMaxMoney)
      return absl::InvalidArgumentError("bitcoin: bad utxo amount");
    if (fee < 0 || fee >= amount)
      return absl::InvalidArgumentError("bitcoin: fee must be below the amount");
    const int64_t change = amount - fee;
    if (change < 330)
      return absl::InvalidArgumentError("bitcoin: change below the P2TR dust limit");
    Bytes change_spk = own_spk;
    if (opt.contains("change_address")) {
      ASSIGN_OR_RETURN(change_spk,
                       AddressToScript(opt["change_address"].get<std::string>(), network_));
    }

    Tx tx;
    tx.version = 2;
    TxIn in;
    ASSIGN_OR_RETURN(in.prevout.txid, HashFromDisplay(u["txid"].get<std::string>()));
    in.prevout.n = u["vout"].get<uint32_t>();
    in.sequence = 0xfffffffd;
    tx.vin.push_back(in);
    SettlementCommitment c{request.batch_number, request.state_root, ProofCommitment(request)};
    tx.vout.push_back(TxOut{0, SettlementScript(c)});
    tx.vout.push_back(TxOut{change, change_spk});

    const std::vector<TxOut> spent = {TxOut{amount, own_spk}};
    PrecomputedTxData data(tx, spent);
    auto sighash =
        TaprootSighash(tx, 0, kSighashDefault, SigVersion::kTaproot, data, ExecutionData{});
    if (!sighash) return absl::InternalError("bitcoin: sighash failed");
    ASSIGN_OR_RETURN(Digest32 tweaked, TaprootTweakSeckey(sk, std::nullopt));
    // Deterministic aux randomness (a function of key and message), as RFC 6979 does for ECDSA.
    Bytes aux_in(tweaked.begin(), tweaked.end());
    Append(aux_in, *sighash);
    ASSIGN_OR_RETURN(Bytes sig, SignSchnorr(tweaked, *sighash, TaggedHash("entangle/aux", aux_in)));
    tx.vin[0].witness = {sig};
    RETURN_IF_ERROR(VerifyTxScripts(tx, spent, kStandardFlags));

    chains::Transaction t;
    t.raw = SerializeTx(tx);
    t.id = HashToDisplay(Txid(tx));
    json j = {{"txid", t.id},
              {"wtxid", HashToDisplay(Wtxid(tx))},
              {"vsize", (TxWeight(tx) + 3) / 4},
              {"network", Info().network},
              {"spends", {{"txid", u["txid"]}, {"vout", in.prevout.n}, {"amount", amount}}},
              {"fee", fee},
              {"settlement",
               {{"batch_number", c.batch_number},
                {"state_root", ToHex(c.state_root)},
                {"proof_commitment", ToHex(c.proof_commitment)},
                {"proof_system", request.proof_system}}},
              {"change", {{"amount", change}, {"script_pubkey", ToHex(change_spk)}}}};
    t.json = j.dump();
    return t;
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(std::string("bitcoin: bad options_json: ") + e.what());
  }
}

absl::StatusOr<chains::HeaderChainSummary> BitcoinAdapter::VerifyHeaders(
    const std::vector<Bytes>& headers, ByteView checkpoint) const noexcept {
  const PowParams& params = PowParamsFor(network_);
  if (network_ != Network::kMainnet && network_ != Network::kRegtest &&
      network_ != Network::kTestnet) {
    return absl::UnimplementedError(
        "bitcoin: header verification supports mainnet, testnet3 and regtest");
  }
  size_t first = 0;
  std::unique_ptr<HeaderChain> chain;
  if (checkpoint.empty()) {
    if (headers.empty()) return absl::InvalidArgumentError("bitcoin: no headers");
    ASSIGN_OR_RETURN(BlockHeader g, ParseHeader(headers[0]));
    if (g.Hash() != params.genesis_hash) {
      return absl::InvalidArgumentError(
          "bitcoin: without a checkpoint the first header must be the genesis block");
    }
    chain = std::make_unique<HeaderChain>(params, g, 0, g.time, BlockWork(g.bits));
    first = 1;
  } else {
    if (checkpoint.size() != 84 && checkpoint.size() != 88) {
      return absl::InvalidArgumentError(
          "bitcoin: checkpoint must be header(80) | height(u32) [| period start time(u32)]");
    }
    ASSIGN_OR_RETURN(BlockHeader cp, ParseHeader(checkpoint.subspan(0, 80)));
    uint32_t height = LoadLe<uint32_t>(checkpoint.data() + 80);
    uint32_t period = checkpoint.size() == 88 ? LoadLe<uint32_t>(checkpoint.data() + 84) : 0;
    RETURN_IF_ERROR(CheckProofOfWork(cp.Hash(), cp.bits, params));
    chain = std::make_unique<HeaderChain>(params, cp, height, period);
  }
  for (size_t i = first; i < headers.size(); ++i) {
    auto h = ParseHeader(headers[i]);
    if (!h.ok()) {
      return absl::InvalidArgumentError("header " + std::to_string(i) + ": " +
                                        std::string(h.status().message()));
    }
    auto added = chain->Add(*h);
    if (!added.ok()) {
      return absl::Status(added.status().code(), "header " + std::to_string(i) + ": " +
                                                     std::string(added.status().message()));
    }
  }
  chains::HeaderChainSummary s;
  s.tip_height = chain->Tip().height;
  s.tip_hash = chain->Tip().hash;
  s.total_work_hex = chain->Tip().chain_work.ToHex();
  return s;
}

absl::StatusOr<chains::Deposit> BitcoinAdapter::VerifyDeposit(ByteView inclusion_proof,
                                                              ByteView header) const noexcept {
  ASSIGN_OR_RETURN(BlockHeader h, ParseHeader(header));
  ASSIGN_OR_RETURN(InclusionProof p, ParseInclusionProof(inclusion_proof));
  RETURN_IF_ERROR(VerifyInclusion(p, h));
  if (p.tx.vout.empty()) return absl::InvalidArgumentError("bitcoin: deposit has no outputs");
  chains::Deposit d;
  d.tx_id = HashToDisplay(Txid(p.tx));
  d.amount = static_cast<uint64_t>(std::max<int64_t>(0, p.tx.vout[0].value));
  auto addr = ScriptToAddress(p.tx.vout[0].script_pubkey, network_);
  d.recipient = addr.ok() ? *addr : ToHex(p.tx.vout[0].script_pubkey);
  for (const auto& o : p.tx.vout) {
    if (o.script_pubkey.empty() || o.script_pubkey[0] != OP_RETURN) continue;
    size_t pc = 1;
    uint8_t op;
    ByteView data;
    while (GetOp(o.script_pubkey, &pc, &op, &data)) Append(d.memo, data);
    break;
  }
  return d;
}

absl::StatusOr<std::unique_ptr<chains::ChainClient>> BitcoinAdapter::Connect(
    const std::string& endpoint_json) noexcept {
  json j = json::parse(endpoint_json.empty() ? "{}" : endpoint_json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError("bitcoin: endpoint is not a JSON object");
  }
  if (j.contains("url") && j["url"].is_string()) {
    return std::unique_ptr<chains::ChainClient>(
        new RpcClient(j["url"].get<std::string>(), j.value("user", std::string()),
                      j.value("password", std::string()), j.value("mine_address", std::string())));
  }
  if (j.contains("devchain")) {
    return absl::UnimplementedError(
        "bitcoin: the in-process devchain is served over RPC by chains/bitcoin/devchain; connect "
        "with {\"url\": ...}");
  }
  return absl::InvalidArgumentError("bitcoin: endpoint needs \"url\"");
}

}  // namespace entangle::bitcoin
