#include "proof_systems/ec/bn254/fq_x4.h"

#include <cstdlib>

namespace entangle::bn254 {

#if defined(__x86_64__)
bool DetectFqX4() {
  if (const char* env = std::getenv("ENTANGLE_BN254_PORTABLE"); env && *env && *env != '0') {
    return false;
  }
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

}  // namespace entangle::bn254
