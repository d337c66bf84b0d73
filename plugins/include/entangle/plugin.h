/* Entangle plugin ABI: the C surface every plugin exports.
 *
 * A plugin is a shared object exporting one symbol, `entangle_plugin_entry`, that returns a pointer
 * to a static descriptor. The descriptor names the plugin and carries a factory for its component,
 * a C++ object implementing one of the interfaces in isa.h, proof_system.h or chain_adapter.h. The
 * host checks the ABI version and the build fingerprint before it calls anything else.
 *
 * Versioning: ABI major changes on any incompatible change (struct layout, interface vtables); the
 * host refuses a plugin whose major differs. ABI minor grows when something is appended; a host
 * accepts plugins whose minor is at most its own.
 *
 * History: 2.0 added proof_systems::ProveResult::insecure_dev_setup (a layout change of a struct
 * that crosses the boundary; 1.x plugins are refused).
 *
 * Argument order rule (as in libsecp256k1): outputs first, then inputs, then sizes of the preceding
 * buffers. Functions never throw, never abort, and report failures through their return value. */
#ifndef ENTANGLE_PLUGIN_H_
#define ENTANGLE_PLUGIN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ENTANGLE_ABI_MAJOR 3
#define ENTANGLE_ABI_MINOR 0
#define ENTANGLE_FRAMEWORK_VERSION "0.1.0"

/* The one symbol a plugin exports. */
#define ENTANGLE_PLUGIN_ENTRY_SYMBOL "entangle_plugin_entry"

typedef enum entangle_plugin_kind {
  ENTANGLE_KIND_ISA = 1,          /* creates an entangle::vm::Isa */
  ENTANGLE_KIND_PROOF_SYSTEM = 2, /* creates an entangle::proof_systems::ProofSystem */
  ENTANGLE_KIND_CHAIN_ADAPTER = 3 /* creates an entangle::chains::ChainAdapter */
} entangle_plugin_kind;

typedef struct entangle_plugin_descriptor {
  /* sizeof(entangle_plugin_descriptor) as the plugin was compiled; lets later minors append fields.
   */
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;
  /* uint32_t from entangle_plugin_kind. */
  uint32_t kind;
  /* "key=value;..." describing the C++ ABI the plugin was built with; see
   * ENTANGLE_BUILD_FINGERPRINT. */
  const char* fingerprint;
  /* Unique among loaded plugins: [a-z0-9_-]+. */
  const char* name;
  /* The plugin's own version (semver). */
  const char* version;
  /* One line for `entangle plugins list`. */
  const char* summary;
  /* Creates the component. On success returns it and leaves `error` untouched. On failure returns
   * NULL and writes a NUL-terminated reason into error[0 .. error_size). `config_json` is a JSON
   * object with the component's parameters (never NULL; "{}" when there are none). */
  void* (*create)(char* error, const char* config_json, size_t error_size);
  /* Destroys a component returned by `create`. */
  void (*destroy)(void* component);
} entangle_plugin_descriptor;

typedef const entangle_plugin_descriptor* (*entangle_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

/* Build fingerprint: the parts of the C++ ABI that must agree between host and plugin, because C++
 * objects (std::string, std::vector, absl::Status) cross the boundary. The host requires equality
 * of every key except `cc`, which is informational. */
#define ENTANGLE_STR2_(x) #x
#define ENTANGLE_STR_(x) ENTANGLE_STR2_(x)
#if defined(__clang__)
#define ENTANGLE_CC_ "clang-" ENTANGLE_STR_(__clang_major__) "." ENTANGLE_STR_(__clang_minor__)
#elif defined(__GNUC__)
#define ENTANGLE_CC_ "gcc-" ENTANGLE_STR_(__GNUC__) "." ENTANGLE_STR_(__GNUC_MINOR__)
#else
#define ENTANGLE_CC_ "unknown"
#endif

#ifdef __cplusplus
#include <absl/base/config.h>

#include <cstddef>
#if defined(_GLIBCXX_RELEASE)
#define ENTANGLE_STDLIB_ \
  "libstdc++-" ENTANGLE_STR_(_GLIBCXX_RELEASE) ";cxx11abi=" ENTANGLE_STR_(_GLIBCXX_USE_CXX11_ABI)
#else
#define ENTANGLE_STDLIB_ "other"
#endif
#define ENTANGLE_BUILD_FINGERPRINT                                                           \
  "entangle=" ENTANGLE_FRAMEWORK_VERSION ";stdlib=" ENTANGLE_STDLIB_ ";absl=" ENTANGLE_STR_( \
      ABSL_LTS_RELEASE_VERSION) ";ptr=" ENTANGLE_STR_(__SIZEOF_POINTER__) ";cc=" ENTANGLE_CC_
#endif

#endif /* ENTANGLE_PLUGIN_H_ */
