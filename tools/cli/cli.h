// Shared plumbing of the `entangle` command line: global options, exit codes, the plugin registry.
#ifndef ENTANGLE_TOOLS_CLI_CLI_H_
#define ENTANGLE_TOOLS_CLI_CLI_H_

#include <absl/status/status.h>

#include <string>
#include <vector>

#include "plugins/loader/loader.h"

namespace entangle::cli {

struct GlobalOptions {
  std::vector<std::string> plugin_dirs;  // --plugin-dir, repeatable
  std::string progress = "auto";         // --progress auto|json|none
};
GlobalOptions& Globals();

// The process exit code the command chose (0 unless set).
int ExitCode();
void SetExitCode(int code);

// Prints one line "entangle: <message>" on stderr, sets the exit code and returns it.
int Fail(const absl::Status& status, int code = 1);
int Fail(const std::string& message, int code = 1);

// Plugins are loaded on demand, all into one registry. A command that needs one plugin creates its
// component with CreateComponent/CreateIsa/CreateProofSystem: only that plugin's file is loaded
// (Registry::LoadNamed), so the command works whatever state other plugins are in, and fails with
// one line naming the plugin (and its file, if that is broken) when the plugin is unusable.
absl::StatusOr<plugins::Owned<Component>> CreateComponent(plugins::Kind kind,
                                                          const std::string& name,
                                                          const std::string& config_json = "{}");
absl::StatusOr<plugins::Owned<vm::Isa>> CreateIsa(const std::string& name,
                                                  const std::string& config_json = "{}");
absl::StatusOr<plugins::Owned<proof_systems::ProofSystem>> CreateProofSystem(
    const std::string& name, const std::string& config_json = "{}");

// Commands that list or search every plugin (plugins list, conformance list or a suite that is
// not built in, run --isa auto): the registry with every plugin of the search path loaded (on
// first use). Load failures are kept in PluginLoadErrors().
plugins::Registry& AllPlugins();
const std::vector<absl::Status>& PluginLoadErrors();

// After AllPlugins(): a NotFound status plus, if any plugin failed to load, the first load error.
absl::Status ExplainMissing(const absl::Status& status);

}  // namespace entangle::cli

#endif  // ENTANGLE_TOOLS_CLI_CLI_H_
