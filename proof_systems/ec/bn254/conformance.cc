#include "proof_systems/ec/bn254/conformance.h"

#include <functional>
#include <nlohmann/json.hpp>

#include "common/bytes.h"
#include "common/status.h"
#include "proof_systems/ec/bn254/precompiles.h"
#include "proof_systems/hash/poseidon_bn254/poseidon_bn254.h"

namespace entangle::bn254 {
namespace {

absl::StatusOr<nlohmann::json> LoadJson(const std::string& path) {
  ASSIGN_OR_RETURN(Bytes raw, ReadFile(path));
  auto j = nlohmann::json::parse(raw.begin(), raw.end(), nullptr, false);
  if (j.is_discarded()) return absl::InvalidArgumentError("not valid JSON: " + path);
  return j;
}

void Fail(ConformanceReport& r, const std::string& what) {
  ++r.failed;
  if (r.failures.size() < 10) r.failures.push_back(what);
}

}  // namespace

absl::StatusOr<ConformanceReport> RunBn256Conformance(const std::string& vectors_dir) {
  ConformanceReport report;
  report.suite = "bn256";
  const std::string base = vectors_dir + "/ethereum/go-ethereum-precompiles/";
  struct File {
    const char* name;
    std::function<absl::StatusOr<Bytes>(ByteView)> fn;
  };
  const File files[] = {
      {"bn256Add", Bn256Add}, {"bn256ScalarMul", Bn256ScalarMul}, {"bn256Pairing", Bn256Pairing}};
  for (const File& f : files) {
    ASSIGN_OR_RETURN(nlohmann::json cases, LoadJson(base + f.name + ".json"));
    if (!cases.is_array())
      return absl::InvalidArgumentError(std::string(f.name) + ": not an array");
    for (const auto& c : cases) {
      std::string name = std::string(f.name) + "/" + c.value("Name", "?");
      if (!c.contains("Input") || !c["Input"].is_string()) {
        Fail(report, name + ": no Input");
        continue;
      }
      auto input = FromHex(c["Input"].get<std::string>());
      if (!input.ok()) {
        Fail(report, name + ": bad Input hex");
        continue;
      }
      auto out = f.fn(*input);
      if (c.contains("ExpectedError")) {
        if (out.ok())
          Fail(report, name + ": expected an error, got success");
        else
          ++report.passed;
        continue;
      }
      if (!out.ok()) {
        Fail(report, name + ": " + std::string(out.status().message()));
        continue;
      }
      std::string got = ToHex(*out), want = c.value("Expected", "");
      if (got != want) {
        Fail(report, name + ": output mismatch, got " + got);
      } else {
        ++report.passed;
      }
    }
  }
  return report;
}

namespace {

absl::StatusOr<ConformanceReport> RunPoseidon(const std::string& vectors_dir,
                                              const poseidon_bn254::Constants* k,
                                              const std::string& why_missing) {
  ConformanceReport report;
  report.suite = "poseidon-bn254";
  ASSIGN_OR_RETURN(nlohmann::json doc,
                   LoadJson(vectors_dir + "/poseidon/circomlib_poseidon_bn254.json"));
  if (!doc.contains("vectors") || !doc["vectors"].is_array()) {
    return absl::InvalidArgumentError("circomlib_poseidon_bn254.json: no vectors array");
  }
  auto to_fr = [](const nlohmann::json& v) -> absl::StatusOr<Fr> {
    std::string s = v.is_string()            ? v.get<std::string>()
                    : v.is_number_unsigned() ? std::to_string(v.get<uint64_t>())
                                             : std::string("?");
    ASSIGN_OR_RETURN(U256 u, U256FromDecimal(s));
    Fr r;
    if (!Fr::FromCanonical(u, &r)) return absl::InvalidArgumentError("value >= r: " + s);
    return r;
  };
  size_t idx = 0;
  for (const auto& c : doc["vectors"]) {
    std::string name =
        "poseidon/" + std::to_string(idx++) + "/t=" + std::to_string(c.value("t", 0));
    if (!k) {
      ++report.skipped;
      if (report.failures.empty()) report.failures.push_back("skipped: " + why_missing);
      continue;
    }
    std::vector<Fr> inputs;
    bool ok = true;
    for (const auto& v : c.value("inputs", nlohmann::json::array())) {
      auto f = to_fr(v);
      if (!f.ok())
        ok = false;
      else
        inputs.push_back(*f);
    }
    auto init = to_fr(c.value("initState", nlohmann::json(0)));
    if (!ok || !init.ok()) {
      Fail(report, name + ": bad inputs");
      continue;
    }
    auto out = poseidon_bn254::Hash(*k, inputs, *init, c.value("nOut", 1));
    if (!out.ok()) {
      Fail(report, name + ": " + std::string(out.status().message()));
      continue;
    }
    const auto& expected = c.value("expected", nlohmann::json::array());
    bool match = expected.size() == out->size();
    for (size_t i = 0; match && i < out->size(); ++i) {
      match = expected[i].is_string() && expected[i].get<std::string>() == (*out)[i].ToDecimal();
    }
    if (match) {
      ++report.passed;
    } else {
      Fail(report, name + ": output mismatch, got " + (out->empty() ? "" : (*out)[0].ToDecimal()));
    }
  }
  return report;
}

}  // namespace

absl::StatusOr<ConformanceReport> RunPoseidonBn254Conformance(const std::string& vectors_dir) {
  auto k = poseidon_bn254::DefaultConstants();
  if (!k.ok()) return RunPoseidon(vectors_dir, nullptr, std::string(k.status().message()));
  return RunPoseidon(vectors_dir, *k, "");
}

absl::StatusOr<ConformanceReport> RunPoseidonBn254ConformanceWith(
    const std::string& vectors_dir, const std::string& constants_path) {
  ASSIGN_OR_RETURN(poseidon_bn254::Constants k, poseidon_bn254::LoadConstants(constants_path));
  return RunPoseidon(vectors_dir, &k, "");
}

}  // namespace entangle::bn254
