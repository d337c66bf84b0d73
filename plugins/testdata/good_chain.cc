// A minimal, well-behaved chain adapter used by the loader tests.
#include "entangle/sdk.h"

namespace {

using namespace entangle;
using namespace entangle::chains;

class TestChain final : public ChainAdapter {
 public:
  static absl::StatusOr<std::unique_ptr<ChainAdapter>> Create(const std::string& config) {
    if (config.find("\"fail\"") != std::string::npos) {
      return absl::InvalidArgumentError("config asked the factory to fail");
    }
    return std::unique_ptr<ChainAdapter>(new TestChain());
  }
  ChainInfo Info() const noexcept override { return {"testchain", "testnet", "test-1"}; }
  absl::StatusOr<KeyPair> KeyFromSeed(ByteView seed) const noexcept override {
    return KeyPair{Bytes(seed.begin(), seed.end()), Bytes(seed.rbegin(), seed.rend())};
  }
  absl::StatusOr<std::string> Address(ByteView public_key) const noexcept override {
    return "test" + std::to_string(public_key.size());
  }
  absl::StatusOr<Transaction> BuildSettlement(const SettlementRequest&,
                                              const KeyPair&) noexcept override {
    return absl::UnimplementedError("the test chain does not settle");
  }
  absl::StatusOr<HeaderChainSummary> VerifyHeaders(const std::vector<Bytes>& headers,
                                                   ByteView) const noexcept override {
    HeaderChainSummary s;
    s.tip_height = headers.size();
    return s;
  }
  absl::StatusOr<Deposit> VerifyDeposit(ByteView, ByteView) const noexcept override {
    return absl::UnimplementedError("the test chain has no deposits");
  }
  absl::StatusOr<std::unique_ptr<ChainClient>> Connect(const std::string&) noexcept override {
    return absl::UnimplementedError("the test chain has no nodes");
  }
};

}  // namespace

ENTANGLE_PLUGIN(entangle::chains::ChainAdapter, TestChain, "testchain", "0.0.1",
                "loader test fixture");
