#include "proof_systems/field/goldilocks_simd.h"

#include <cstdlib>
#include <cstring>

namespace entangle::goldilocks::simd {

const CpuFeatures& Cpu() {
  static const CpuFeatures f = [] {
    CpuFeatures c;
    __builtin_cpu_init();
    c.avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2");
    c.avx512 = c.avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
    c.sha = __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
    if (const char* cap = std::getenv("ENTANGLE_SIMD")) {
      if (std::strcmp(cap, "portable") == 0) c.avx2 = c.avx512 = c.sha = false;
      if (std::strcmp(cap, "avx2") == 0) c.avx512 = false;
    }
    return c;
  }();
  return f;
}

}  // namespace entangle::goldilocks::simd
