// entangle plugins list [--plugin-dir DIR] [--json]
#include <cstdio>
#include <nlohmann/json.hpp>

#include "tools/cli/cli.h"
#include "tools/cli/commands.h"

namespace entangle::cli {
namespace {

nlohmann::json ToJson(const plugins::PluginInfo& p) {
  return {{"kind", plugins::KindName(p.kind)},
          {"name", p.name},
          {"version", p.version},
          {"abi", std::to_string(p.abi_major) + "." + std::to_string(p.abi_minor)},
          {"path", p.path},
          {"summary", p.summary}};
}

void List(bool json) {
  auto& registry = AllPlugins();
  const auto& errors = PluginLoadErrors();
  if (json) {
    nlohmann::json j = {{"search_path", plugins::Registry::SearchPath(Globals().plugin_dirs)},
                        {"plugins", nlohmann::json::array()},
                        {"shadowed", nlohmann::json::array()},
                        {"errors", nlohmann::json::array()}};
    for (const auto& p : registry.List()) j["plugins"].push_back(ToJson(p));
    for (const auto& p : registry.Shadowed()) j["shadowed"].push_back(ToJson(p));
    for (const auto& e : errors) j["errors"].push_back(std::string(e.message()));
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("%-14s %-12s %-10s %-5s %s\n", "KIND", "NAME", "VERSION", "ABI", "PATH");
    for (const auto& p : registry.List()) {
      std::printf("%-14s %-12s %-10s %u.%-3u %s\n", plugins::KindName(p.kind), p.name.c_str(),
                  p.version.c_str(), p.abi_major, p.abi_minor, p.path.c_str());
    }
    for (const auto& p : registry.Shadowed()) {
      std::printf("(shadowed: %s %s at %s)\n", plugins::KindName(p.kind), p.name.c_str(),
                  p.path.c_str());
    }
  }
  // Every load failure is one line on stderr, and the command fails.
  for (const auto& e : errors) Fail(e);
}

}  // namespace

void RegisterPluginsCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("plugins", "Inspect plugins");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "List the plugins found on the search path");
  auto* json = new bool(false);
  list->add_flag("--json", *json, "Print JSON");
  list->callback([json] { List(*json); });
}

}  // namespace entangle::cli
