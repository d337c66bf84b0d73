#include "proof_systems/ec/bn254/conformance.h"

#include <functional>
#include <nlohmann/json.hpp>

#include "common/bytes.h"
#include "common/status.h"
#include "proof_systems/ec/bn254/precompiles.h"

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

}  // namespace entangle::bn254
