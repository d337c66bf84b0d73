// A deterministic stand-in for libFuzzer's main(), so every fuzz target also runs as a fast test under
// the ordinary toolchain: it feeds the target each seed file, then FUZZ_ITERATIONS (default 20000)
// inputs mutated from the seeds with a fixed PRNG (bit flips, byte sets, truncation, duplication,
// insertion of interesting values). A crash, sanitizer report or abort fails the test.
//
// For real coverage-guided fuzzing build the same target with `--config=libfuzzer` (clang, libFuzzer,
// ASan/UBSan): see tools/fuzz/README.md.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

using Input = std::vector<uint8_t>;

Input ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return Input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Input Mutate(const Input& seed, std::mt19937_64& rng) {
  Input v = seed;
  int rounds = 1 + rng() % 8;
  for (int r = 0; r < rounds; ++r) {
    switch (rng() % 7) {
      case 0:  // flip a bit
        if (!v.empty()) v[rng() % v.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
        break;
      case 1:  // set a byte to an interesting value
        if (!v.empty()) {
          static const uint8_t kInteresting[] = {0x00, 0x01, 0x7f, 0x80, 0xfd, 0xfe, 0xff, 0x20};
          v[rng() % v.size()] = kInteresting[rng() % sizeof(kInteresting)];
        }
        break;
      case 2:  // truncate
        if (!v.empty()) v.resize(rng() % v.size());
        break;
      case 3:  // duplicate a slice
        if (!v.empty() && v.size() < (1 << 20)) {
          size_t a = rng() % v.size(), n = 1 + rng() % std::min<size_t>(64, v.size() - a);
          Input slice(v.begin() + a, v.begin() + a + n);
          v.insert(v.begin() + rng() % (v.size() + 1), slice.begin(), slice.end());
        }
        break;
      case 4:  // insert random bytes
        for (int i = 0, n = 1 + rng() % 8; i < n; ++i) {
          v.insert(v.begin() + rng() % (v.size() + 1), static_cast<uint8_t>(rng()));
        }
        break;
      case 5:  // overwrite a 32-bit word with an extreme value
        if (v.size() >= 4) {
          static const uint32_t kWords[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x10000};
          uint32_t w = kWords[rng() % 6];
          size_t at = rng() % (v.size() - 3);
          for (int i = 0; i < 4; ++i) v[at + i] = static_cast<uint8_t>(w >> (8 * i));
        }
        break;
      default:  // random byte
        if (!v.empty()) v[rng() % v.size()] = static_cast<uint8_t>(rng());
        break;
    }
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Input> seeds;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& f : std::filesystem::recursive_directory_iterator(p)) {
        if (f.is_regular_file()) seeds.push_back(ReadAll(f.path()));
      }
    } else if (std::filesystem::exists(p)) {
      seeds.push_back(ReadAll(p));
    } else {
      std::fprintf(stderr, "fuzz driver: seed '%s' not found\n", argv[i]);
      return 2;
    }
  }
  if (seeds.empty()) seeds.push_back(Input());
  long iterations = 20000;
  if (const char* env = std::getenv("FUZZ_ITERATIONS")) iterations = std::strtol(env, nullptr, 10);
  for (const auto& s : seeds) LLVMFuzzerTestOneInput(s.data(), s.size());
  std::mt19937_64 rng(0x5eed);
  for (long i = 0; i < iterations; ++i) {
    Input in = Mutate(seeds[rng() % seeds.size()], rng);
    LLVMFuzzerTestOneInput(in.data(), in.size());
  }
  std::printf("fuzz driver: %zu seeds and %ld mutated inputs, no crash\n", seeds.size(), iterations);
  return 0;
}
