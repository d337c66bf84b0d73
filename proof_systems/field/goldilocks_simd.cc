#include "proof_systems/field/goldilocks_simd.h"

#include <cpuid.h>

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
    // SHA-NI from cpuid leaf 7 (EBX bit 29): clang 14's __builtin_cpu_supports has no "sha".
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    const bool leaf7 = __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0;
    c.sha = leaf7 && (ebx & (1u << 29)) != 0 && __builtin_cpu_supports("sse4.1");
    if (const char* cap = std::getenv("ENTANGLE_SIMD")) {
      if (std::strcmp(cap, "portable") == 0) c.avx2 = c.avx512 = c.sha = false;
      if (std::strcmp(cap, "avx2") == 0) c.avx512 = false;
    }
    return c;
  }();
  return f;
}

}  // namespace entangle::goldilocks::simd
