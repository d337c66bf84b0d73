// entangle config check FILE: parses a node configuration and checks that every plugin it names is
// loadable and accepts its parameters.
#include <cstdio>

#include "tools/cli/cli.h"
#include "tools/cli/commands.h"
#include "tools/config/node_config.h"

namespace entangle::cli {
namespace {

absl::Status CheckPlugin(plugins::Kind kind, const config::PluginRef& ref) {
  auto component = CreateComponent(kind, ref.name, ref.params_json);
  if (!component.ok()) {
    return absl::InvalidArgumentError(ref.where + ": " + std::string(component.status().message()));
  }
  return absl::OkStatus();
}

void Check(const std::string& path) {
  auto cfg = config::ParseNodeConfig(path);
  if (!cfg.ok()) {
    Fail(cfg.status());
    return;
  }
  if (auto s = CheckPlugin(plugins::Kind::kIsa, cfg->isa); !s.ok()) {
    Fail(s);
    return;
  }
  if (auto s = CheckPlugin(plugins::Kind::kProofSystem, cfg->prover); !s.ok()) {
    Fail(s);
    return;
  }
  std::string chains;
  for (const auto& ref : cfg->settlement) {
    if (auto s = CheckPlugin(plugins::Kind::kChainAdapter, ref); !s.ok()) {
      Fail(s);
      return;
    }
    chains += (chains.empty() ? "" : ", ") + ref.name;
  }
  std::printf("%s: OK (isa %s, prover %s, settlement: %s, %lld validator(s))\n", path.c_str(),
              cfg->isa.name.c_str(), cfg->prover.name.c_str(),
              chains.empty() ? "none" : chains.c_str(),
              static_cast<long long>(cfg->sequencer.validators));
}

}  // namespace

void RegisterConfigCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("config", "Node configuration files");
  cmd->require_subcommand(1);
  auto* check = cmd->add_subcommand("check", "Check a node configuration (TOML)");
  auto* path = new std::string();
  check->add_option("FILE", *path, "Configuration file")->required();
  check->callback([path] { Check(*path); });
}

}  // namespace entangle::cli
