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

// The registry with every plugin of the search path loaded (on first use). Load failures are kept
// in PluginLoadErrors(); commands that need one particular plugin report them when it is missing.
plugins::Registry& Plugins();
const std::vector<absl::Status>& PluginLoadErrors();

// "no isa plugin named 'x' (...)" plus, if any plugin failed to load, the first load error.
absl::Status ExplainMissing(const absl::Status& status);

}  // namespace entangle::cli

#endif  // ENTANGLE_TOOLS_CLI_CLI_H_
