// The `bitcoin` chain adapter plugin (libentangle_bitcoin.so): the adapter plus the in-process
// devchain behind Connect({"devchain": {...}}).
#include <nlohmann/json.hpp>

#include "chains/bitcoin/adapter.h"
#include "chains/bitcoin/devchain/devchain_client.h"
#include "entangle/sdk.h"

namespace entangle::bitcoin {

class BitcoinPlugin final : public BitcoinAdapter {
 public:
  using BitcoinAdapter::BitcoinAdapter;
  static absl::StatusOr<std::unique_ptr<chains::ChainAdapter>> Create(const std::string& config) {
    auto base = BitcoinAdapter::Create(config);
    if (!base.ok()) return base.status();
    const Network n = static_cast<BitcoinAdapter*>(base->get())->network();
    return std::unique_ptr<chains::ChainAdapter>(new BitcoinPlugin(n));
  }

  absl::StatusOr<std::unique_ptr<chains::ChainClient>> Connect(
      const std::string& endpoint_json) noexcept override {
    auto j = nlohmann::json::parse(endpoint_json.empty() ? "{}" : endpoint_json, nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.contains("devchain")) {
      if (network() != Network::kRegtest) {
        return absl::FailedPreconditionError("bitcoin: the devchain is a regtest chain");
      }
      try {
        auto c = devchain::DevchainClient::Start(j["devchain"]);
        if (!c.ok()) return c.status();
        return std::unique_ptr<chains::ChainClient>(std::move(*c));
      } catch (const std::exception& e) {
        return absl::InvalidArgumentError(std::string("bitcoin: devchain options: ") + e.what());
      }
    }
    return BitcoinAdapter::Connect(endpoint_json);
  }
};

}  // namespace entangle::bitcoin

ENTANGLE_PLUGIN(entangle::chains::ChainAdapter, entangle::bitcoin::BitcoinPlugin, "bitcoin",
                "0.1.0",
                "Bitcoin: taproot settlement, script interpreter (Core's vectors), headers, SPV, "
                "PSBT, regtest devchain");
