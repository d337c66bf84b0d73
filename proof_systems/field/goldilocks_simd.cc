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

namespace {

ENTANGLE_TARGET_AVX512 size_t MulAvx512(const Fp* a, const Fp* b, Fp* out, size_t n) {
  size_t i = 0;
  for (; i + Avx512::kLanes <= n; i += Avx512::kLanes) {
    Avx512::Store(out + i, Avx512::Mul(Avx512::Load(a + i), Avx512::Load(b + i)));
  }
  return i;
}
ENTANGLE_TARGET_AVX2 size_t MulAvx2(const Fp* a, const Fp* b, Fp* out, size_t n) {
  size_t i = 0;
  for (; i + Avx2::kLanes <= n; i += Avx2::kLanes) {
    Avx2::Store(out + i, Avx2::Mul(Avx2::Load(a + i), Avx2::Load(b + i)));
  }
  return i;
}

}  // namespace

void MulMany(std::span<const Fp> a, std::span<const Fp> b, std::span<Fp> out) {
  const size_t n = out.size();
  size_t i = 0;
  if (Cpu().avx512) {
    i = MulAvx512(a.data(), b.data(), out.data(), n);
  } else if (Cpu().avx2) {
    i = MulAvx2(a.data(), b.data(), out.data(), n);
  }
  for (; i < n; ++i) out[i] = a[i] * b[i];
}

}  // namespace entangle::goldilocks::simd
