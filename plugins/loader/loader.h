// The plugin loader and registry: finds libentangle_*.so files, checks them, and creates
// components.
//
// Search path, in order: --plugin-dir flags, then ENTANGLE_PLUGIN_PATH (colon-separated), then the
// `plugins/` folder beside the running binary. A plugin found in an earlier folder shadows one of
// the same name found later; two plugins of one name in the same folder, or loaded explicitly, are
// an error. Every failure is one line that names the file and the problem; a bad file never crashes
// the host (its static initializers aside, which run inside dlopen()).
//
// Loaded libraries stay loaded for the life of the registry's process (components may outlive any
// particular lookup), so the registry never dlclose()s a library whose factory has been used.
#ifndef ENTANGLE_PLUGINS_LOADER_LOADER_H_
#define ENTANGLE_PLUGINS_LOADER_LOADER_H_

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include <memory>
#include <string>
#include <vector>

#include "entangle/chain_adapter.h"
#include "entangle/isa.h"
#include "entangle/plugin.h"
#include "entangle/proof_system.h"

namespace entangle::plugins {

enum class Kind : uint32_t {
  kIsa = ENTANGLE_KIND_ISA,
  kProofSystem = ENTANGLE_KIND_PROOF_SYSTEM,
  kChainAdapter = ENTANGLE_KIND_CHAIN_ADAPTER,
};

// "isa", "proof_system", "chain_adapter".
const char* KindName(Kind kind);

struct PluginInfo {
  Kind kind = Kind::kIsa;
  std::string name;
  std::string version;
  std::string summary;
  std::string path;
  std::string fingerprint;
  uint32_t abi_major = 0;
  uint32_t abi_minor = 0;
};

// Destroys a component through the plugin that created it.
struct ComponentDeleter {
  void (*destroy)(void*) = nullptr;
  void* raw = nullptr;  // the pointer the plugin returned (before any C++ conversion)
  template <typename T>
  void operator()(T*) const {
    if (destroy != nullptr && raw != nullptr) destroy(raw);
  }
};
template <typename T>
using Owned = std::unique_ptr<T, ComponentDeleter>;

// Checks a descriptor against this host: ABI version, struct size, kind, name, fingerprint,
// factory. Exposed for tests; LoadFile() applies it.
absl::Status CheckDescriptor(const entangle_plugin_descriptor& descriptor);

// Compares build fingerprints ("k=v;..."). Every key but `cc` and `entangle` must agree.
absl::Status CheckFingerprint(const std::string& plugin, const std::string& host);

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The search path for these --plugin-dir values (see above). Folders that do not exist are kept:
  // loading reports nothing for them.
  static std::vector<std::string> SearchPath(const std::vector<std::string>& plugin_dirs);

  // The default folder: `plugins/` beside the running executable.
  static std::string DefaultDir();

  // Loads one file. The error message starts with the path.
  absl::StatusOr<PluginInfo> LoadFile(const std::string& path);

  // Loads every libentangle_*.so in each folder, in order. Returns the failures (each names its
  // file); the plugins that did load are usable.
  std::vector<absl::Status> LoadDirs(const std::vector<std::string>& dirs);

  // Makes the plugin `name` of `kind` available, loading as little as possible: its own file,
  // libentangle_<name>.so, in the first folder of `dirs` that has one that loads and holds that
  // plugin; only if none does, every plugin of `dirs` (LoadDirs: a plugin may live in a file of
  // another name). OK if the plugin is (already) loaded. Otherwise NotFound "no KIND plugin named
  // 'NAME' (loaded: ...; searched: DIRS)" or, when its own file exists but cannot be used, that
  // file's error "cannot load KIND plugin 'NAME': PATH: PROBLEM" (its code: FailedPrecondition for
  // an ABI or fingerprint mismatch...); failures of other files are appended after "; also, ".
  // Unrelated plugins are neither loaded nor checked when the plugin's own file loads.
  absl::Status LoadNamed(Kind kind, const std::string& name, const std::vector<std::string>& dirs);

  std::vector<PluginInfo> List() const;
  // Plugins shadowed by an earlier folder in LoadDirs(): they were not loaded.
  const std::vector<PluginInfo>& Shadowed() const { return shadowed_; }

  const PluginInfo* Find(Kind kind, const std::string& name) const;

  // Creates a component. `config_json` is a JSON object ("{}" when empty). Errors name the plugin.
  absl::StatusOr<Owned<vm::Isa>> CreateIsa(const std::string& name,
                                           const std::string& config_json = "{}");
  absl::StatusOr<Owned<proof_systems::ProofSystem>> CreateProofSystem(
      const std::string& name, const std::string& config_json = "{}");
  absl::StatusOr<Owned<chains::ChainAdapter>> CreateChainAdapter(
      const std::string& name, const std::string& config_json = "{}");
  // Creates any component as its common base.
  absl::StatusOr<Owned<Component>> CreateComponent(Kind kind, const std::string& name,
                                                   const std::string& config_json = "{}");

 private:
  struct Entry;
  // "no KIND plugin named 'NAME' (loaded: A, B" + more + ")".
  std::string NotFoundMessage(Kind kind, const std::string& name, const std::string& more) const;
  absl::StatusOr<PluginInfo> LoadFileIn(const std::string& path, const std::string& dir);
  absl::StatusOr<std::pair<void*, ComponentDeleter>> CreateRaw(Kind kind, const std::string& name,
                                                               const std::string& config_json);

  std::vector<std::unique_ptr<Entry>> entries_;
  std::vector<PluginInfo> shadowed_;
};

}  // namespace entangle::plugins

#endif  // ENTANGLE_PLUGINS_LOADER_LOADER_H_
