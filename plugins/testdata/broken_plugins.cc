// Deliberately broken plugins for the loader tests. Each is compiled into its own shared object
// with one of the BROKEN_* macros defined; none uses the ENTANGLE_PLUGIN macro, so each can get one
// thing wrong on purpose.
#include <cstdlib>
#include <stdexcept>

#include "entangle/sdk.h"

namespace {

[[maybe_unused]] void* ThrowingCreate(char*, const char*, size_t) {
  throw std::runtime_error("boom in factory");
}
[[maybe_unused]] void* FailingCreate(char* error, const char*, size_t size) {
  entangle::sdk::CopyError(error, size, "needs parameter 'rpc_url'");
  return nullptr;
}
[[maybe_unused]] void Destroy(void*) {}

#if defined(BROKEN_ABORTS_ON_LOAD)
// A static initializer that kills the process inside dlopen(): the loader cannot guard against it,
// so a command must not load a plugin it does not need.
[[maybe_unused]] const int kAbortOnLoad = (std::abort(), 0);
#endif

}  // namespace

#if defined(BROKEN_NO_ENTRY)
extern "C" __attribute__((visibility("default"))) int some_other_symbol(void) { return 42; }
#else
extern "C" __attribute__((visibility("default"))) const entangle_plugin_descriptor*
entangle_plugin_entry(void) {
  static const entangle_plugin_descriptor d = {
    sizeof(entangle_plugin_descriptor),
#if defined(BROKEN_ABI_MAJOR)
    ENTANGLE_ABI_MAJOR + 1,
    0,
#elif defined(BROKEN_OLD_ABI_MAJOR)  // built against the previous major's SDK
    ENTANGLE_ABI_MAJOR - 1,
    0,
#elif defined(BROKEN_ABI_MINOR)
    ENTANGLE_ABI_MAJOR,
    ENTANGLE_ABI_MINOR + 7,
#else
    ENTANGLE_ABI_MAJOR,
    ENTANGLE_ABI_MINOR,
#endif
    ENTANGLE_KIND_CHAIN_ADAPTER,
#if defined(BROKEN_FINGERPRINT)
    "entangle=0.1.0;stdlib=libstdc++-99;cxx11abi=0;absl=20220623;ptr=8;cc=gcc-99.0",
#else
    ENTANGLE_BUILD_FINGERPRINT,
#endif
    BROKEN_NAME,
    "0.0.1",
    "a deliberately broken plugin",
#if defined(BROKEN_THROWS)
    &ThrowingCreate,
#else
    &FailingCreate,
#endif
    &Destroy,
  };
  return &d;
}
#endif
