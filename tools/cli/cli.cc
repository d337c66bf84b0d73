#include "tools/cli/cli.h"

#include <cstdio>
#include <memory>

namespace entangle::cli {
namespace {

int g_exit_code = 0;

struct LoadedPlugins {
  plugins::Registry registry;
  std::vector<absl::Status> errors;
};

LoadedPlugins& State() {
  static LoadedPlugins* state = [] {
    auto* s = new LoadedPlugins();
    s->errors = s->registry.LoadDirs(plugins::Registry::SearchPath(Globals().plugin_dirs));
    return s;
  }();
  return *state;
}

}  // namespace

GlobalOptions& Globals() {
  static GlobalOptions options;
  return options;
}

int ExitCode() { return g_exit_code; }
void SetExitCode(int code) { g_exit_code = code; }

int Fail(const std::string& message, int code) {
  std::fprintf(stderr, "entangle: %s\n", message.c_str());
  std::fflush(stderr);
  g_exit_code = code;
  return code;
}

int Fail(const absl::Status& status, int code) { return Fail(std::string(status.message()), code); }

plugins::Registry& Plugins() { return State().registry; }
const std::vector<absl::Status>& PluginLoadErrors() { return State().errors; }

absl::Status ExplainMissing(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kNotFound || PluginLoadErrors().empty()) return status;
  return absl::Status(status.code(), std::string(status.message()) +
                                         "; also, a plugin failed to load: " +
                                         std::string(PluginLoadErrors()[0].message()));
}

}  // namespace entangle::cli
