// entangle version [--json]
#include <cstdio>
#include <nlohmann/json.hpp>

#include "entangle/plugin.h"
#include "tools/cli/commands.h"

namespace entangle::cli {

void RegisterVersionCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("version",
                                 "Print the framework version, plugin ABI and build fingerprint");
  auto* json = new bool(false);
  cmd->add_flag("--json", *json, "Print one JSON object");
  cmd->callback([json] {
    if (*json) {
      nlohmann::json j = {
          {"version", ENTANGLE_FRAMEWORK_VERSION},
          {"abi", std::to_string(ENTANGLE_ABI_MAJOR) + "." + std::to_string(ENTANGLE_ABI_MINOR)},
          {"fingerprint", ENTANGLE_BUILD_FINGERPRINT}};
      std::printf("%s\n", j.dump().c_str());
    } else {
      std::printf("entangle %s (plugin ABI %d.%d; %s)\n", ENTANGLE_FRAMEWORK_VERSION,
                  ENTANGLE_ABI_MAJOR, ENTANGLE_ABI_MINOR, ENTANGLE_BUILD_FINGERPRINT);
    }
  });
}

}  // namespace entangle::cli
