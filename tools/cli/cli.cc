#include "tools/cli/cli.h"

#include <cstdio>
#include <memory>

namespace entangle::cli {
namespace {

int g_exit_code = 0;

plugins::Registry& Registry() {
  static plugins::Registry* registry = new plugins::Registry();  // plugins stay loaded until exit
  return *registry;
}

std::vector<std::string> SearchPath() {
  return plugins::Registry::SearchPath(Globals().plugin_dirs);
}

// registry.create(name, config) once the plugin `name` of `kind` is loaded.
template <class T, class Create>
absl::StatusOr<plugins::Owned<T>> LoadAndCreate(plugins::Kind kind, const std::string& name,
                                                const Create& create) {
  if (absl::Status s = Registry().LoadNamed(kind, name, SearchPath()); !s.ok()) return s;
  return create(Registry());
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

absl::StatusOr<plugins::Owned<Component>> CreateComponent(plugins::Kind kind,
                                                          const std::string& name,
                                                          const std::string& config_json) {
  return LoadAndCreate<Component>(
      kind, name, [&](plugins::Registry& r) { return r.CreateComponent(kind, name, config_json); });
}

absl::StatusOr<plugins::Owned<vm::Isa>> CreateIsa(const std::string& name,
                                                  const std::string& config_json) {
  return LoadAndCreate<vm::Isa>(plugins::Kind::kIsa, name, [&](plugins::Registry& r) {
    return r.CreateIsa(name, config_json);
  });
}

absl::StatusOr<plugins::Owned<proof_systems::ProofSystem>> CreateProofSystem(
    const std::string& name, const std::string& config_json) {
  return LoadAndCreate<proof_systems::ProofSystem>(
      plugins::Kind::kProofSystem, name,
      [&](plugins::Registry& r) { return r.CreateProofSystem(name, config_json); });
}

const std::vector<absl::Status>& PluginLoadErrors() {
  static const std::vector<absl::Status>* errors =
      new std::vector<absl::Status>(Registry().LoadDirs(SearchPath()));
  return *errors;
}

plugins::Registry& AllPlugins() {
  PluginLoadErrors();  // loads them all, once
  return Registry();
}

absl::Status ExplainMissing(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kNotFound || PluginLoadErrors().empty()) return status;
  return absl::Status(status.code(), std::string(status.message()) +
                                         "; also, a plugin failed to load: " +
                                         std::string(PluginLoadErrors()[0].message()));
}

}  // namespace entangle::cli
