// Writing a plugin: implement one interface and declare it with ENTANGLE_PLUGIN.
//
//   class MyChain final : public entangle::chains::ChainAdapter {
//    public:
//     static absl::StatusOr<std::unique_ptr<entangle::chains::ChainAdapter>> Create(
//         const std::string& config_json);
//     ...
//   };
//   ENTANGLE_PLUGIN(entangle::chains::ChainAdapter, MyChain, "mychain", "1.0.0", "My chain");
//
// Build it with any C++20 compiler against these headers, e.g.
//   g++ -std=c++20 -shared -fPIC -I<sdk>/include my_chain.cc -o libentangle_mychain.so
//   -labsl_status
// The macro exports `entangle_plugin_entry`, fills in the ABI version and build fingerprint, and
// wraps the factory so that an exception escaping Create() becomes an error message, never a crash.
#ifndef ENTANGLE_SDK_H_
#define ENTANGLE_SDK_H_

#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "entangle/chain_adapter.h"
#include "entangle/isa.h"
#include "entangle/plugin.h"
#include "entangle/proof_system.h"

namespace entangle::sdk {

template <typename Interface>
struct KindOf;
template <>
struct KindOf<vm::Isa> {
  static constexpr uint32_t value = ENTANGLE_KIND_ISA;
};
template <>
struct KindOf<proof_systems::ProofSystem> {
  static constexpr uint32_t value = ENTANGLE_KIND_PROOF_SYSTEM;
};
template <>
struct KindOf<chains::ChainAdapter> {
  static constexpr uint32_t value = ENTANGLE_KIND_CHAIN_ADAPTER;
};

inline void CopyError(char* error, size_t error_size, const std::string& message) noexcept {
  if (error == nullptr || error_size == 0) return;
  size_t n = message.size() < error_size - 1 ? message.size() : error_size - 1;
  std::memcpy(error, message.data(), n);
  error[n] = '\0';
}

// The factory behind the descriptor: Impl::Create(config) -> StatusOr<unique_ptr<Interface>>.
template <typename Interface, typename Impl>
void* Create(char* error, const char* config_json, size_t error_size) noexcept {
  try {
    auto created = Impl::Create(std::string(config_json != nullptr ? config_json : "{}"));
    if (!created.ok()) {
      CopyError(error, error_size, std::string(created.status().message()));
      return nullptr;
    }
    if (*created == nullptr) {
      CopyError(error, error_size, "factory returned no component");
      return nullptr;
    }
    Interface* component = created->release();
    return static_cast<void*>(component);
  } catch (const std::exception& e) {
    CopyError(error, error_size, std::string("factory threw: ") + e.what());
  } catch (...) {
    CopyError(error, error_size, "factory threw a non-standard exception");
  }
  return nullptr;
}

template <typename Interface>
void Destroy(void* component) noexcept {
  delete static_cast<Interface*>(component);
}

}  // namespace entangle::sdk

#define ENTANGLE_PLUGIN(INTERFACE, IMPL, NAME, VERSION, SUMMARY)                      \
  extern "C" __attribute__((visibility("default"))) const entangle_plugin_descriptor* \
  entangle_plugin_entry(void) {                                                       \
    static const entangle_plugin_descriptor descriptor = {                            \
        sizeof(entangle_plugin_descriptor),                                           \
        ENTANGLE_ABI_MAJOR,                                                           \
        ENTANGLE_ABI_MINOR,                                                           \
        ::entangle::sdk::KindOf<INTERFACE>::value,                                    \
        ENTANGLE_BUILD_FINGERPRINT,                                                   \
        NAME,                                                                         \
        VERSION,                                                                      \
        SUMMARY,                                                                      \
        &::entangle::sdk::Create<INTERFACE, IMPL>,                                    \
        &::entangle::sdk::Destroy<INTERFACE>,                                         \
    };                                                                                \
    return &descriptor;                                                               \
  }

#endif  // ENTANGLE_SDK_H_
