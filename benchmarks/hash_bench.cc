// Hash throughput: our Keccak-256 against OpenSSL's SHA3-256 (same permutation, same rate: the
// baseline the foundation issue sets, within 1.5x), plus SHA-256 through EVP and our reusable hasher.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <vector>

#include "common/keccak.h"
#include "common/sha.h"

namespace {

std::vector<uint8_t> Input(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 131 + 7);
  return v;
}

void BM_Keccak256(benchmark::State& state) {
  auto in = Input(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(entangle::Keccak256(in));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_OpenSslSha3_256(benchmark::State& state) {
  auto in = Input(state.range(0));
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA3-256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  uint8_t out[32];
  unsigned int len;
  for (auto _ : state) {
    EVP_DigestInit_ex2(ctx, md, nullptr);
    EVP_DigestUpdate(ctx, in.data(), in.size());
    EVP_DigestFinal_ex(ctx, out, &len);
    benchmark::DoNotOptimize(out);
  }
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_KeccakF1600(benchmark::State& state) {
  uint64_t s[25] = {1};
  for (auto _ : state) {
    entangle::KeccakF1600(s);
    benchmark::DoNotOptimize(s);
  }
}

void BM_Sha256(benchmark::State& state) {
  auto in = Input(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(entangle::Sha256(in));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_Sha256Hasher(benchmark::State& state) {
  auto in = Input(state.range(0));
  entangle::Sha256Hasher h;
  for (auto _ : state) benchmark::DoNotOptimize(h.Update(in).Finish());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_Keccak256)->Arg(32)->Arg(136)->Arg(1024)->Arg(16384);
BENCHMARK(BM_OpenSslSha3_256)->Arg(32)->Arg(136)->Arg(1024)->Arg(16384);
BENCHMARK(BM_KeccakF1600);
BENCHMARK(BM_Sha256)->Arg(32)->Arg(64)->Arg(1024)->Arg(16384);
BENCHMARK(BM_Sha256Hasher)->Arg(32)->Arg(64)->Arg(1024)->Arg(16384);

}  // namespace
