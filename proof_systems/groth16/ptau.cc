#include "proof_systems/groth16/ptau.h"

#include <atomic>
#include <mutex>
#include <string>

#include "common/status.h"
#include "common/thread_pool.h"
#include "proof_systems/ec/bn254/encoding.h"

namespace entangle::groth16 {
namespace {

using namespace entangle::bn254;

uint32_t U32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
absl::Status Err(const std::string& m) { return absl::InvalidArgumentError("ptau: " + m); }

const char* SectionName(uint32_t s) {
  switch (s) {
    case kPtauTauG1:
      return "tauG1";
    case kPtauTauG2:
      return "tauG2";
    case kPtauAlphaTauG1:
      return "alphaTauG1";
    case kPtauBetaTauG1:
      return "betaTauG1";
    case kPtauBetaG2:
      return "betaG2";
    case kPtauLagrangeTauG1:
      return "lagrange tauG1";
    case kPtauLagrangeTauG2:
      return "lagrange tauG2";
    case kPtauLagrangeAlphaTauG1:
      return "lagrange alphaTauG1";
    case kPtauLagrangeBetaTauG1:
      return "lagrange betaTauG1";
    default:
      return "section";
  }
}

// Decodes count points in parallel; the first failure (lowest chunk) is reported.
template <class P, class Decode>
absl::StatusOr<std::vector<P>> DecodeRange(ByteView raw, size_t point_size, size_t first,
                                           uint32_t section, Decode decode) {
  const size_t count = raw.size() / point_size;
  std::vector<P> out(count);
  std::mutex mu;
  size_t bad_index = SIZE_MAX;
  absl::Status bad;
  ThreadPool::Default().ParallelFor(
      count,
      [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) {
          auto p = decode(raw.data() + i * point_size);
          if (!p.ok()) {
            std::lock_guard<std::mutex> l(mu);
            if (i < bad_index) {
              bad_index = i;
              bad = p.status();
            }
            return;
          }
          out[i] = *p;
        }
      },
      4096);
  if (bad_index != SIZE_MAX) {
    return Err(std::string(SectionName(section)) + "[" + std::to_string(first + bad_index) +
               "]: " + std::string(bad.message()));
  }
  return out;
}

}  // namespace

absl::StatusOr<ByteView> Ptau::Raw(uint32_t section, size_t first, size_t count,
                                   size_t point_size) const {
  ASSIGN_OR_RETURN(ByteView s, file.Section(section));
  const size_t n = s.size() / point_size;
  if (first > n || count > n - first) {
    return Err(std::string(SectionName(section)) + ": points [" + std::to_string(first) + ", " +
               std::to_string(first + count) + ") out of range (" + std::to_string(n) + " points)");
  }
  return s.subspan(first * point_size, count * point_size);
}

absl::StatusOr<std::vector<G1Affine>> Ptau::G1Range(uint32_t section, size_t first,
                                                    size_t count) const {
  ASSIGN_OR_RETURN(ByteView raw, Raw(section, first, count, 64));
  return DecodeRange<G1Affine>(raw, 64, first, section,
                               [](const uint8_t* p) { return G1FromLeMont(p); });
}

absl::StatusOr<std::vector<G2Affine>> Ptau::G2Range(uint32_t section, size_t first,
                                                    size_t count) const {
  ASSIGN_OR_RETURN(ByteView raw, Raw(section, first, count, 128));
  return DecodeRange<G2Affine>(raw, 128, first, section, [](const uint8_t* p) {
    return G2FromLeMont(p, /*check_subgroup=*/false);
  });
}

namespace {

absl::StatusOr<Ptau> ParsePtauFile(BinFile f) {
  if (f.version != 1) return Err("unsupported version " + std::to_string(f.version));
  ASSIGN_OR_RETURN(ByteView h, f.Section(1));
  size_t pos = 0;
  RETURN_IF_ERROR(CheckPrime(h, pos, Fq::kMod, "ptau"));
  if (h.size() != pos + 8) return Err("header has the wrong size");
  Ptau t;
  t.power = U32(h.data() + pos);
  t.ceremony_power = U32(h.data() + pos + 4);
  if (t.power == 0 || t.power > 28)
    return Err("power " + std::to_string(t.power) + " not in [1, 28]");
  const size_t n = size_t{1} << t.power;
  struct Want {
    uint32_t section;
    size_t points, size;
  };
  std::vector<Want> want = {{kPtauTauG1, 2 * n - 1, 64},
                            {kPtauTauG2, n, 128},
                            {kPtauAlphaTauG1, n, 64},
                            {kPtauBetaTauG1, n, 64},
                            {kPtauBetaG2, 1, 128}};
  t.prepared = f.sections.count(kPtauLagrangeTauG1) > 0;
  if (t.prepared) {
    want.push_back({kPtauLagrangeTauG1, 4 * n - 1, 64});
    want.push_back({kPtauLagrangeTauG2, 2 * n - 1, 128});
    want.push_back({kPtauLagrangeAlphaTauG1, 2 * n - 1, 64});
    want.push_back({kPtauLagrangeBetaTauG1, 2 * n - 1, 64});
  }
  for (const Want& w : want) {
    ASSIGN_OR_RETURN(ByteView s, f.Section(w.section));
    if (s.size() != w.points * w.size) {
      return Err(std::string(SectionName(w.section)) + " has " + std::to_string(s.size()) +
                 " bytes, expected " + std::to_string(w.points) + " points (" +
                 std::to_string(w.points * w.size) + " bytes) for power " +
                 std::to_string(t.power));
    }
  }
  t.file = std::move(f);
  ASSIGN_OR_RETURN(auto tau1, t.G1Range(kPtauTauG1, 0, 2));
  if (!(tau1[0] == G1Generator())) return Err("tauG1[0] is not the G1 generator");
  ASSIGN_OR_RETURN(auto tau2, t.G2Range(kPtauTauG2, 0, std::min<size_t>(n, 2)));
  if (!(tau2[0] == G2Generator())) return Err("tauG2[0] is not the G2 generator");
  if (tau2.size() > 1 && !G2InSubgroup(tau2[1])) return Err("tauG2[1] is not in the G2 subgroup");
  ASSIGN_OR_RETURN(auto a1, t.G1Range(kPtauAlphaTauG1, 0, 1));
  ASSIGN_OR_RETURN(auto b1, t.G1Range(kPtauBetaTauG1, 0, 1));
  ASSIGN_OR_RETURN(auto b2, t.G2Range(kPtauBetaG2, 0, 1));
  if (!G2InSubgroup(b2[0])) return Err("betaG2 is not in the G2 subgroup");
  t.alpha1 = a1[0];
  t.beta1 = b1[0];
  t.beta2 = b2[0];
  return t;
}

}  // namespace

absl::StatusOr<Ptau> ParsePtau(Bytes data) {
  ASSIGN_OR_RETURN(BinFile f, ParseBinFile(std::move(data), "ptau"));
  return ParsePtauFile(std::move(f));
}

absl::StatusOr<Ptau> ParsePtauView(ByteView data) {
  ASSIGN_OR_RETURN(BinFile f, ParseBinFileView(data, "ptau"));
  return ParsePtauFile(std::move(f));
}

}  // namespace entangle::groth16
