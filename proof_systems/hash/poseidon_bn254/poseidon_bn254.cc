#include "proof_systems/hash/poseidon_bn254/poseidon_bn254.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>

#include "common/bytes.h"
#include "common/status.h"

namespace entangle::poseidon_bn254 {
namespace {

absl::StatusOr<Fr> FrFromHex(const nlohmann::json& j, const std::string& where) {
  if (!j.is_string()) return absl::InvalidArgumentError(where + ": not a string");
  std::string s = j.get<std::string>();
  if (s.rfind("0x", 0) == 0) s = s.substr(2);
  if (s.empty() || s.size() > 64) return absl::InvalidArgumentError(where + ": bad hex " + s);
  bn254::U256 v{};
  for (char ch : s) {
    int d;
    if (ch >= '0' && ch <= '9') {
      d = ch - '0';
    } else if (ch >= 'a' && ch <= 'f') {
      d = ch - 'a' + 10;
    } else if (ch >= 'A' && ch <= 'F') {
      d = ch - 'A' + 10;
    } else {
      return absl::InvalidArgumentError(where + ": bad hex digit in " + s);
    }
    for (int i = 3; i > 0; --i) v[i] = (v[i] << 4) | (v[i - 1] >> 60);
    v[0] = (v[0] << 4) | (uint64_t)d;
  }
  Fr r;
  if (!Fr::FromCanonical(v, &r)) return absl::InvalidArgumentError(where + ": constant >= r");
  return r;
}

Fr Pow5(const Fr& a) {
  Fr a2 = a.Square();
  return a2.Square() * a;
}

}  // namespace

absl::StatusOr<Constants> LoadConstants(const std::string& path) {
  ASSIGN_OR_RETURN(Bytes raw, ReadFile(path));
  auto j = nlohmann::json::parse(raw.begin(), raw.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("C") || !j.contains("M")) {
    return absl::InvalidArgumentError(path + ": not a Poseidon constants JSON ({C, M})");
  }
  const auto& jc = j["C"];
  const auto& jm = j["M"];
  if (!jc.is_array() || !jm.is_array() || jc.size() != 16 || jm.size() != 16) {
    return absl::InvalidArgumentError(path + ": expected C and M for t = 2..17");
  }
  Constants k;
  for (size_t ti = 0; ti < 16; ++ti) {
    const size_t t = ti + 2;
    const size_t rounds = kFullRounds + kPartialRounds[ti];
    if (!jc[ti].is_array() || jc[ti].size() != rounds * t) {
      return absl::InvalidArgumentError(path + ": C[" + std::to_string(ti) +
                                        "] has the wrong size");
    }
    std::vector<Fr> c;
    for (size_t i = 0; i < jc[ti].size(); ++i) {
      ASSIGN_OR_RETURN(
          Fr v, FrFromHex(jc[ti][i], "C[" + std::to_string(ti) + "][" + std::to_string(i) + "]"));
      c.push_back(v);
    }
    if (!jm[ti].is_array() || jm[ti].size() != t) {
      return absl::InvalidArgumentError(path + ": M[" + std::to_string(ti) + "] is not t x t");
    }
    std::vector<std::vector<Fr>> m(t);
    for (size_t r = 0; r < t; ++r) {
      if (!jm[ti][r].is_array() || jm[ti][r].size() != t) {
        return absl::InvalidArgumentError(path + ": M[" + std::to_string(ti) + "] is not t x t");
      }
      for (size_t col = 0; col < t; ++col) {
        ASSIGN_OR_RETURN(Fr v, FrFromHex(jm[ti][r][col], "M[" + std::to_string(ti) + "]"));
        m[r].push_back(v);
      }
    }
    k.c.push_back(std::move(c));
    k.m.push_back(std::move(m));
  }
  return k;
}

std::string FindConstantsFile() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("ENTANGLE_POSEIDON_CONSTANTS"); env && *env) return env;
  const fs::path rel = "tests/interop/node_modules/circomlibjs/src/poseidon_constants.json";
  std::vector<fs::path> starts;
  std::error_code ec;
  starts.push_back(fs::current_path(ec));
  if (const char* ws = std::getenv("BUILD_WORKSPACE_DIRECTORY"); ws && *ws) starts.push_back(ws);
  // Under `bazel test` the runfiles tree links back into the workspace: follow README.md.
  if (const char* srcdir = std::getenv("TEST_SRCDIR"); srcdir && *srcdir) {
    for (const char* ws : {"entangle", "__main__"}) {
      fs::path readme = fs::path(srcdir) / ws / "README.md";
      if (fs::exists(readme, ec)) starts.push_back(fs::canonical(readme, ec).parent_path());
    }
  }
  for (fs::path dir : starts) {
    for (int up = 0; up < 8 && !dir.empty(); ++up) {
      if (fs::exists(dir / rel, ec)) return (dir / rel).string();
      if (dir == dir.parent_path()) break;
      dir = dir.parent_path();
    }
  }
  return "";
}

absl::StatusOr<const Constants*> DefaultConstants() {
  static std::mutex mu;
  static const Constants* cached = nullptr;
  std::lock_guard<std::mutex> lock(mu);
  if (cached) return cached;
  std::string path = FindConstantsFile();
  if (path.empty()) {
    return absl::NotFoundError(
        "circomlibjs poseidon_constants.json not found: run `npm ci` in tests/interop or set "
        "ENTANGLE_POSEIDON_CONSTANTS");
  }
  ASSIGN_OR_RETURN(Constants k, LoadConstants(path));
  cached = new Constants(std::move(k));
  return cached;
}

absl::StatusOr<std::vector<Fr>> Hash(const Constants& k, std::span<const Fr> inputs,
                                     const Fr& init_state, size_t n_out) {
  if (inputs.empty() || inputs.size() > 16) {
    return absl::InvalidArgumentError("Poseidon BN254 takes 1 to 16 inputs, got " +
                                      std::to_string(inputs.size()));
  }
  const size_t t = inputs.size() + 1;
  if (n_out < 1 || n_out > t) {
    return absl::InvalidArgumentError("Poseidon BN254: nOut must be in [1, t]");
  }
  if (k.c.size() != 16 || k.m.size() != 16) return absl::FailedPreconditionError("no constants");
  const auto& c = k.c[t - 2];
  const auto& m = k.m[t - 2];
  const int partial = kPartialRounds[t - 2];
  std::vector<Fr> state(t), next(t);
  state[0] = init_state;
  for (size_t i = 0; i < inputs.size(); ++i) state[i + 1] = inputs[i];
  const int rounds = kFullRounds + partial;
  for (int r = 0; r < rounds; ++r) {
    for (size_t i = 0; i < t; ++i) state[i] += c[r * t + i];
    if (r < kFullRounds / 2 || r >= kFullRounds / 2 + partial) {
      for (auto& s : state) s = Pow5(s);
    } else {
      state[0] = Pow5(state[0]);
    }
    for (size_t i = 0; i < t; ++i) {
      Fr acc = Fr::Zero();
      for (size_t j = 0; j < t; ++j) acc += m[i][j] * state[j];
      next[i] = acc;
    }
    state.swap(next);
  }
  state.resize(n_out);
  return state;
}

}  // namespace entangle::poseidon_bn254
