#include "plugins/loader/loader.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <map>

namespace entangle::plugins {
namespace fs = std::filesystem;

struct Registry::Entry {
  PluginInfo info;
  std::string dir;  // the folder it was found in ("" when loaded explicitly)
  void* handle = nullptr;
  const entangle_plugin_descriptor* descriptor = nullptr;
};

namespace {

std::map<std::string, std::string> ParseFingerprint(const std::string& s) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find(';', pos);
    if (end == std::string::npos) end = s.size();
    std::string item = s.substr(pos, end - pos);
    size_t eq = item.find('=');
    if (eq != std::string::npos) out[item.substr(0, eq)] = item.substr(eq + 1);
    pos = end + 1;
  }
  return out;
}

bool ValidName(const char* name) {
  if (name == nullptr || *name == '\0' || std::strlen(name) > 64) return false;
  for (const char* p = name; *p; ++p) {
    char c = *p;
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

// dlopen() of a file that is not an ELF shared object gives messages that vary by libc; decide
// ourselves by looking at the header first.
absl::Status CheckElfSharedObject(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(path + ": cannot open: " + std::strerror(errno));
  unsigned char header[18] = {};
  ssize_t n = ::read(fd, header, sizeof(header));
  ::close(fd);
  if (n < static_cast<ssize_t>(sizeof(header)) || std::memcmp(header,
                                                              "\x7f"
                                                              "ELF",
                                                              4) != 0) {
    return absl::InvalidArgumentError(path + ": not a shared object (no ELF header)");
  }
  uint16_t type = header[5] == 1 ? static_cast<uint16_t>(header[16] | header[17] << 8)
                                 : static_cast<uint16_t>(header[16] << 8 | header[17]);
  if (type != 3 /* ET_DYN */) {
    return absl::InvalidArgumentError(path + ": not a shared object (ELF type " +
                                      std::to_string(type) + ")");
  }
  return absl::OkStatus();
}

}  // namespace

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kIsa:
      return "isa";
    case Kind::kProofSystem:
      return "proof_system";
    case Kind::kChainAdapter:
      return "chain_adapter";
  }
  return "unknown";
}

absl::Status CheckFingerprint(const std::string& plugin, const std::string& host) {
  auto p = ParseFingerprint(plugin);
  auto h = ParseFingerprint(host);
  for (const auto& [key, value] : h) {
    if (key == "cc" || key == "entangle") continue;
    auto it = p.find(key);
    std::string theirs = it == p.end() ? "(missing)" : it->second;
    if (theirs != value) {
      return absl::FailedPreconditionError("build fingerprint mismatch: " + key + " is " + theirs +
                                           " in the plugin but " + value + " in the host");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckDescriptor(const entangle_plugin_descriptor& d) {
  if (d.abi_major != ENTANGLE_ABI_MAJOR || d.abi_minor > ENTANGLE_ABI_MINOR) {
    return absl::FailedPreconditionError(
        "ABI mismatch: plugin is built for ABI " + std::to_string(d.abi_major) + "." +
        std::to_string(d.abi_minor) + ", host supports " + std::to_string(ENTANGLE_ABI_MAJOR) +
        "." + std::to_string(ENTANGLE_ABI_MINOR));
  }
  if (d.struct_size < sizeof(entangle_plugin_descriptor)) {
    return absl::FailedPreconditionError("descriptor is " + std::to_string(d.struct_size) +
                                         " bytes, ABI " + std::to_string(d.abi_major) + "." +
                                         std::to_string(d.abi_minor) + " needs " +
                                         std::to_string(sizeof(entangle_plugin_descriptor)));
  }
  if (d.kind < ENTANGLE_KIND_ISA || d.kind > ENTANGLE_KIND_CHAIN_ADAPTER) {
    return absl::InvalidArgumentError("unknown plugin kind " + std::to_string(d.kind));
  }
  if (!ValidName(d.name)) {
    return absl::InvalidArgumentError("invalid plugin name (want 1-64 characters of [a-z0-9_-])");
  }
  if (d.create == nullptr || d.destroy == nullptr) {
    return absl::InvalidArgumentError("descriptor has no factory");
  }
  return CheckFingerprint(d.fingerprint != nullptr ? d.fingerprint : "",
                          ENTANGLE_BUILD_FINGERPRINT);
}

Registry::Registry() = default;

Registry::~Registry() {
  // Libraries stay mapped: components created from them may still be referenced by static
  // destructors elsewhere, and unloading buys nothing at exit.
}

std::string Registry::DefaultDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  return (exe.parent_path() / "plugins").string();
}

std::vector<std::string> Registry::SearchPath(const std::vector<std::string>& plugin_dirs) {
  std::vector<std::string> out = plugin_dirs;
  if (const char* env = std::getenv("ENTANGLE_PLUGIN_PATH"); env != nullptr) {
    std::string s(env);
    size_t pos = 0;
    while (pos <= s.size()) {
      size_t end = s.find(':', pos);
      if (end == std::string::npos) end = s.size();
      if (end > pos) out.push_back(s.substr(pos, end - pos));
      pos = end + 1;
    }
  }
  std::string def = DefaultDir();
  if (!def.empty()) out.push_back(def);
  return out;
}

absl::StatusOr<PluginInfo> Registry::LoadFile(const std::string& path) {
  return LoadFileIn(path, "");
}

absl::StatusOr<PluginInfo> Registry::LoadFileIn(const std::string& path, const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return absl::NotFoundError(path + ": file not found");
  if (absl::Status s = CheckElfSharedObject(path); !s.ok()) return s;
  std::string abs = fs::absolute(path, ec).string();
  void* handle = dlopen(abs.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* err = dlerror();
    return absl::InvalidArgumentError(path +
                                      ": cannot load: " + (err ? err : "unknown dlopen error"));
  }
  auto entry_fn =
      reinterpret_cast<entangle_plugin_entry_fn>(dlsym(handle, ENTANGLE_PLUGIN_ENTRY_SYMBOL));
  if (entry_fn == nullptr) {
    dlclose(handle);
    return absl::InvalidArgumentError(path + ": entry symbol '" ENTANGLE_PLUGIN_ENTRY_SYMBOL
                                             "' missing: not an Entangle plugin");
  }
  const entangle_plugin_descriptor* d = nullptr;
  try {
    d = entry_fn();
  } catch (...) {
    d = nullptr;
  }
  if (d == nullptr) {
    dlclose(handle);
    return absl::InvalidArgumentError(path + ": entry point returned no descriptor");
  }
  if (absl::Status s = CheckDescriptor(*d); !s.ok()) {
    dlclose(handle);
    return absl::Status(s.code(), path + ": " + std::string(s.message()));
  }
  PluginInfo info;
  info.kind = static_cast<Kind>(d->kind);
  info.name = d->name;
  info.version = d->version != nullptr ? d->version : "";
  info.summary = d->summary != nullptr ? d->summary : "";
  info.path = abs;
  info.fingerprint = d->fingerprint;
  info.abi_major = d->abi_major;
  info.abi_minor = d->abi_minor;
  for (const auto& e : entries_) {
    if (e->info.name != info.name) continue;
    if (e->handle == handle) {  // the same file reached twice (e.g. a folder listed twice)
      dlclose(handle);
      return e->info;
    }
    if (!dir.empty() && e->dir != dir) {
      shadowed_.push_back(info);
      dlclose(handle);
      return info;
    }
    dlclose(handle);
    return absl::AlreadyExistsError(path + ": duplicate plugin name '" + info.name +
                                    "' (already loaded from " + e->info.path + ")");
  }
  auto entry = std::make_unique<Entry>();
  entry->info = info;
  entry->dir = dir;
  entry->handle = handle;
  entry->descriptor = d;
  entries_.push_back(std::move(entry));
  return info;
}

std::vector<absl::Status> Registry::LoadDirs(const std::vector<std::string>& dirs) {
  std::vector<absl::Status> errors;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<std::string> files;
    for (const auto& f : fs::directory_iterator(dir, ec)) {
      std::string name = f.path().filename().string();
      if (name.rfind("libentangle_", 0) == 0 && name.size() > 3 &&
          name.compare(name.size() - 3, 3, ".so") == 0) {
        files.push_back(f.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    std::string canonical = fs::weakly_canonical(dir, ec).string();
    for (const auto& file : files) {
      auto r = LoadFileIn(file, canonical);
      if (!r.ok()) errors.push_back(r.status());
    }
  }
  return errors;
}

absl::Status Registry::LoadNamed(Kind kind, const std::string& name,
                                 const std::vector<std::string>& dirs) {
  if (Find(kind, name) != nullptr) return absl::OkStatus();
  // The plugin's own file first (a name that is not a valid plugin name names no file).
  std::vector<absl::Status> own_errors;
  if (ValidName(name.c_str())) {
    const std::string file = "libentangle_" + name + ".so";
    for (const auto& dir : dirs) {
      std::error_code ec;
      const fs::path path = fs::path(dir) / file;
      if (!fs::exists(path, ec)) continue;
      auto r = LoadFileIn(path.string(), fs::weakly_canonical(dir, ec).string());
      if (!r.ok()) {
        own_errors.push_back(r.status());
        continue;
      }
      if (Find(kind, name) != nullptr) return absl::OkStatus();
    }
  }
  // Not there: every plugin of the search path (the file of one that failed above fails again and
  // is reported once).
  std::vector<absl::Status> errors = LoadDirs(dirs);
  if (Find(kind, name) != nullptr) return absl::OkStatus();
  std::string also;
  for (const auto& e : errors) {
    const bool repeated = std::any_of(own_errors.begin(), own_errors.end(),
                                      [&](const auto& o) { return o.message() == e.message(); });
    if (!repeated) also += "; also, " + std::string(e.message());
  }
  if (!own_errors.empty()) {
    for (size_t i = 1; i < own_errors.size(); ++i) {
      also = "; also, " + std::string(own_errors[i].message()) + also;
    }
    return absl::Status(own_errors[0].code(),
                        std::string("cannot load ") + KindName(kind) + " plugin '" + name +
                            "': " + std::string(own_errors[0].message()) + also);
  }
  std::string searched;
  for (const auto& dir : dirs) searched += (searched.empty() ? "" : ", ") + dir;
  return absl::NotFoundError(
      NotFoundMessage(kind, name, "; searched: " + (searched.empty() ? "no folder" : searched)) +
      also);
}

std::string Registry::NotFoundMessage(Kind kind, const std::string& name,
                                      const std::string& more) const {
  std::string known;
  for (const auto& e : entries_) {
    if (e->info.kind != kind) continue;
    known += (known.empty() ? "" : ", ") + e->info.name;
  }
  return std::string("no ") + KindName(kind) + " plugin named '" + name +
         "' (loaded: " + (known.empty() ? "none" : known) + more + ")";
}

std::vector<PluginInfo> Registry::List() const {
  std::vector<PluginInfo> out;
  for (const auto& e : entries_) out.push_back(e->info);
  std::sort(out.begin(), out.end(), [](const PluginInfo& a, const PluginInfo& b) {
    return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
  });
  return out;
}

const PluginInfo* Registry::Find(Kind kind, const std::string& name) const {
  for (const auto& e : entries_) {
    if (e->info.kind == kind && e->info.name == name) return &e->info;
  }
  return nullptr;
}

absl::StatusOr<std::pair<void*, ComponentDeleter>> Registry::CreateRaw(
    Kind kind, const std::string& name, const std::string& config_json) {
  const Entry* entry = nullptr;
  for (const auto& e : entries_) {
    if (e->info.kind == kind && e->info.name == name) entry = e.get();
  }
  if (entry == nullptr) return absl::NotFoundError(NotFoundMessage(kind, name, ""));
  char error[1024] = {0};
  void* raw = nullptr;
  try {
    raw = entry->descriptor->create(error, config_json.c_str(), sizeof(error));
  } catch (const std::exception& e) {
    return absl::InternalError("plugin '" + name + "': factory threw: " + e.what());
  } catch (...) {
    return absl::InternalError("plugin '" + name + "': factory threw a non-standard exception");
  }
  if (raw == nullptr) {
    error[sizeof(error) - 1] = '\0';
    return absl::FailedPreconditionError(
        "plugin '" + name + "': factory failed: " + (error[0] ? error : "no reason given"));
  }
  return std::make_pair(raw, ComponentDeleter{entry->descriptor->destroy, raw});
}

absl::StatusOr<Owned<vm::Isa>> Registry::CreateIsa(const std::string& name,
                                                   const std::string& config_json) {
  auto r = CreateRaw(Kind::kIsa, name, config_json);
  if (!r.ok()) return r.status();
  return Owned<vm::Isa>(static_cast<vm::Isa*>(r->first), r->second);
}

absl::StatusOr<Owned<proof_systems::ProofSystem>> Registry::CreateProofSystem(
    const std::string& name, const std::string& config_json) {
  auto r = CreateRaw(Kind::kProofSystem, name, config_json);
  if (!r.ok()) return r.status();
  return Owned<proof_systems::ProofSystem>(static_cast<proof_systems::ProofSystem*>(r->first),
                                           r->second);
}

absl::StatusOr<Owned<chains::ChainAdapter>> Registry::CreateChainAdapter(
    const std::string& name, const std::string& config_json) {
  auto r = CreateRaw(Kind::kChainAdapter, name, config_json);
  if (!r.ok()) return r.status();
  return Owned<chains::ChainAdapter>(static_cast<chains::ChainAdapter*>(r->first), r->second);
}

absl::StatusOr<Owned<Component>> Registry::CreateComponent(Kind kind, const std::string& name,
                                                           const std::string& config_json) {
  auto r = CreateRaw(kind, name, config_json);
  if (!r.ok()) return r.status();
  Component* base = nullptr;
  switch (kind) {
    case Kind::kIsa:
      base = static_cast<vm::Isa*>(r->first);
      break;
    case Kind::kProofSystem:
      base = static_cast<proof_systems::ProofSystem*>(r->first);
      break;
    case Kind::kChainAdapter:
      base = static_cast<chains::ChainAdapter*>(r->first);
      break;
  }
  return Owned<Component>(base, r->second);
}

}  // namespace entangle::plugins
