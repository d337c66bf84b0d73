// Each command group of `entangle` lives in its own cmd_<name>.cc and registers itself here.
#ifndef ENTANGLE_TOOLS_CLI_COMMANDS_H_
#define ENTANGLE_TOOLS_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace entangle::cli {

void RegisterVersionCommand(CLI::App& app);
void RegisterPluginsCommand(CLI::App& app);
void RegisterConfigCommand(CLI::App& app);
void RegisterConformanceCommand(CLI::App& app);
void RegisterRunCommand(CLI::App& app);
void RegisterGroth16Command(CLI::App& app);
void RegisterPlonkyCommand(CLI::App& app);

}  // namespace entangle::cli

#endif  // ENTANGLE_TOOLS_CLI_COMMANDS_H_
