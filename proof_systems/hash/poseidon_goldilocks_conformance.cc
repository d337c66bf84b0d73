#include "proof_systems/hash/poseidon_goldilocks_conformance.h"

#include <nlohmann/json.hpp>

#include "common/bytes.h"
#include "common/status.h"
#include "proof_systems/hash/poseidon_goldilocks.h"

namespace entangle::goldilocks {
namespace {

// "0x" + 1..16 hex digits, canonical (< p).
absl::StatusOr<Fp> ParseElement(const nlohmann::json& v) {
  if (!v.is_string()) return absl::InvalidArgumentError("element is not a string");
  const std::string s = v.get<std::string>();
  if (s.size() < 3 || s.size() > 18 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) {
    return absl::InvalidArgumentError("element is not 0x-prefixed 64-bit hex: " + s);
  }
  uint64_t x = 0;
  for (size_t i = 2; i < s.size(); ++i) {
    const char c = s[i];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) return absl::InvalidArgumentError("bad hex digit in " + s);
    x = (x << 4) | static_cast<uint64_t>(d);
  }
  if (!Fp::IsCanonical(x)) return absl::InvalidArgumentError("element >= p: " + s);
  return Fp::FromCanonical(x);
}

absl::StatusOr<PoseidonState> ParseState(const nlohmann::json& v) {
  if (!v.is_array() || v.size() != kPoseidonWidth) {
    return absl::InvalidArgumentError("state is not an array of 12 elements");
  }
  PoseidonState s;
  for (size_t i = 0; i < kPoseidonWidth; ++i) {
    ASSIGN_OR_RETURN(s[i], ParseElement(v[i]));
  }
  return s;
}

void Fail(ConformanceReport& r, const std::string& what) {
  ++r.failed;
  if (r.failures.size() < 10) r.failures.push_back(what);
}

}  // namespace

absl::StatusOr<ConformanceReport> RunPoseidonGoldilocksConformance(const std::string& vectors_dir) {
  ConformanceReport report;
  report.suite = "poseidon-goldilocks";
  const std::string path = vectors_dir + "/poseidon/plonky2_poseidon_goldilocks_w12.json";
  ASSIGN_OR_RETURN(Bytes raw, ReadFile(path));
  auto doc = nlohmann::json::parse(raw.begin(), raw.end(), nullptr, false);
  if (doc.is_discarded()) return absl::InvalidArgumentError("not valid JSON: " + path);
  if (!doc.contains("vectors") || !doc["vectors"].is_array()) {
    return absl::InvalidArgumentError(path + ": no vectors array");
  }
  size_t idx = 0;
  for (const auto& c : doc["vectors"]) {
    const std::string name = "plonky2-poseidon/" + std::to_string(idx++);
    if (!c.is_object()) {
      Fail(report, name + ": not an object");
      continue;
    }
    auto in = ParseState(c.value("input_hex", nlohmann::json()));
    auto want = ParseState(c.value("expected_hex", nlohmann::json()));
    if (!in.ok() || !want.ok()) {
      Fail(report, name + ": " + std::string((!in.ok() ? in : want).status().message()));
      continue;
    }
    PoseidonState s = *in;
    PoseidonPermute(s);
    if (s == *want) {
      ++report.passed;
    } else {
      Fail(report, name + ": output mismatch, got lane 0 = " + s[0].ToString());
    }
  }
  return report;
}

}  // namespace entangle::goldilocks
