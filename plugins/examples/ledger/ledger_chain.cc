// An out-of-tree chain adapter, built without Bazel against the SDK headers only:
//
//   g++ -std=c++20 -O2 -shared -fPIC -I <entangle>/plugins/include ledger_chain.cc
//       -o libentangle_ledger.so -labsl_status -lcrypto
//   entangle plugins list --plugin-dir .
//
// "ledger" settles onto an append-only file of records chained by SHA-256: each record holds the
// batch number, the state root, the hash of the proof and the hash of the previous record. Headers
// are the records themselves, so VerifyHeaders checks the chain of hashes. It is a teaching example
// of the ChainAdapter interface, not a blockchain: there is no consensus and keys are not used for
// signing.
#include <openssl/sha.h>

#include <cstdio>
#include <cstring>
#include <fstream>

#include "entangle/sdk.h"

namespace {

using entangle::Bytes;
using entangle::ByteView;
using entangle::Hash32;
using namespace entangle::chains;

constexpr size_t kRecordSize = 8 + 32 + 32 + 32;  // batch | state root | proof hash | prev hash

Hash32 Sha256(ByteView data) {
  Hash32 out;
  SHA256(data.data(), data.size(), out.data());
  return out;
}

std::string Hex(ByteView b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t x : b) {
    s.push_back(d[x >> 4]);
    s.push_back(d[x & 15]);
  }
  return s;
}

// Extracts "key": "value" from a flat JSON object (enough for this example's one parameter).
std::string JsonString(const std::string& json, const std::string& key) {
  size_t k = json.find("\"" + key + "\"");
  if (k == std::string::npos) return "";
  size_t q1 = json.find('"', json.find(':', k) + 1);
  size_t q2 = json.find('"', q1 + 1);
  return q1 == std::string::npos || q2 == std::string::npos ? "" : json.substr(q1 + 1, q2 - q1 - 1);
}

class LedgerClient final : public ChainClient {
 public:
  explicit LedgerClient(std::string path) : path_(std::move(path)) {}
  absl::StatusOr<uint64_t> Height() noexcept override {
    auto all = ReadAll();
    if (!all.ok()) return all.status();
    return all->size() / kRecordSize;
  }
  absl::StatusOr<Bytes> HeaderAt(uint64_t height) noexcept override {
    auto all = ReadAll();
    if (!all.ok()) return all.status();
    if (height == 0 || height * kRecordSize > all->size()) {
      return absl::OutOfRangeError("no record at height " + std::to_string(height));
    }
    return Bytes(all->begin() + (height - 1) * kRecordSize, all->begin() + height * kRecordSize);
  }
  absl::StatusOr<std::string> Submit(const Bytes& raw) noexcept override {
    if (raw.size() != kRecordSize) return absl::InvalidArgumentError("a record is 104 bytes");
    auto all = ReadAll();
    if (!all.ok()) return all.status();
    Hash32 prev{};
    if (!all->empty())
      prev = Sha256(ByteView(all->data() + all->size() - kRecordSize, kRecordSize));
    if (std::memcmp(raw.data() + 72, prev.data(), 32) != 0) {
      return absl::FailedPreconditionError("record does not extend the ledger's tip");
    }
    std::ofstream out(path_, std::ios::binary | std::ios::app);
    out.write(reinterpret_cast<const char*>(raw.data()), raw.size());
    if (!out) return absl::DataLossError(path_ + ": write failed");
    return Hex(Sha256(raw));
  }
  absl::StatusOr<uint64_t> Confirmations(const std::string& id) noexcept override {
    auto all = ReadAll();
    if (!all.ok()) return all.status();
    uint64_t n = all->size() / kRecordSize;
    for (uint64_t i = 0; i < n; ++i) {
      if (Hex(Sha256(ByteView(all->data() + i * kRecordSize, kRecordSize))) == id) return n - i;
    }
    return absl::NotFoundError("no record " + id);
  }

 private:
  absl::StatusOr<Bytes> ReadAll() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return Bytes();
    Bytes all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (all.size() % kRecordSize != 0) return absl::DataLossError(path_ + ": truncated record");
    return all;
  }
  std::string path_;
};

class LedgerChain final : public ChainAdapter {
 public:
  static absl::StatusOr<std::unique_ptr<ChainAdapter>> Create(const std::string& config) {
    std::string path = JsonString(config, "path");
    return std::unique_ptr<ChainAdapter>(new LedgerChain(path.empty() ? "ledger.bin" : path));
  }
  explicit LedgerChain(std::string path) : path_(std::move(path)) {}

  ChainInfo Info() const noexcept override { return {"ledger", "local", "ledger-1"}; }
  absl::StatusOr<KeyPair> KeyFromSeed(ByteView seed) const noexcept override {
    if (seed.size() != 32) return absl::InvalidArgumentError("seed must be 32 bytes");
    Hash32 pub = Sha256(seed);
    return KeyPair{Bytes(seed.begin(), seed.end()), Bytes(pub.begin(), pub.end())};
  }
  absl::StatusOr<std::string> Address(ByteView public_key) const noexcept override {
    return "ledger:" + Hex(public_key.first(std::min<size_t>(20, public_key.size())));
  }
  absl::StatusOr<Transaction> BuildSettlement(const SettlementRequest& request,
                                              const KeyPair&) noexcept override {
    LedgerClient client(path_);
    Hash32 prev{};
    auto height = client.Height();
    if (!height.ok()) return height.status();
    if (*height > 0) {
      auto tip = client.HeaderAt(*height);
      if (!tip.ok()) return tip.status();
      prev = Sha256(*tip);
    }
    Bytes raw(kRecordSize);
    for (int i = 0; i < 8; ++i) raw[i] = static_cast<uint8_t>(request.batch_number >> (56 - 8 * i));
    std::memcpy(raw.data() + 8, request.state_root.data(), 32);
    Hash32 proof_hash = Sha256(request.proof);
    std::memcpy(raw.data() + 40, proof_hash.data(), 32);
    std::memcpy(raw.data() + 72, prev.data(), 32);
    return Transaction{raw, Hex(Sha256(raw)),
                       "{\"batch\":" + std::to_string(request.batch_number) + "}"};
  }
  absl::StatusOr<HeaderChainSummary> VerifyHeaders(const std::vector<Bytes>& headers,
                                                   ByteView checkpoint) const noexcept override {
    Hash32 prev{};
    if (!checkpoint.empty()) prev = Sha256(checkpoint);
    for (size_t i = 0; i < headers.size(); ++i) {
      if (headers[i].size() != kRecordSize) {
        return absl::InvalidArgumentError("header " + std::to_string(i) + " is not 104 bytes");
      }
      if ((i > 0 || !checkpoint.empty()) &&
          std::memcmp(headers[i].data() + 72, prev.data(), 32) != 0) {
        return absl::InvalidArgumentError("header " + std::to_string(i) + " does not link");
      }
      prev = Sha256(headers[i]);
    }
    HeaderChainSummary s;
    s.tip_height = headers.size();
    s.tip_hash = prev;
    return s;
  }
  absl::StatusOr<Deposit> VerifyDeposit(ByteView, ByteView) const noexcept override {
    return absl::UnimplementedError("the ledger example has no deposits");
  }
  absl::StatusOr<std::unique_ptr<ChainClient>> Connect(const std::string&) noexcept override {
    return std::unique_ptr<ChainClient>(new LedgerClient(path_));
  }

 private:
  std::string path_;
};

}  // namespace

ENTANGLE_PLUGIN(entangle::chains::ChainAdapter, LedgerChain, "ledger", "0.1.0",
                "example: settles onto a local hash-chained file (built out of tree)");
