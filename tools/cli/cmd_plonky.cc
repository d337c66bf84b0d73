// entangle plonky demo --air AIR --rows N [--config NAME] [--json] [--tamper] [--seed S]
// AIR: one of plonky::ExampleNames(); NAME: one of plonky::StarkConfig::Names().
// Sets up, proves and verifies one example statement through the `plonky` plugin and reports prove
// time, verify time, proof size, security bits (labelled INSECURE below
// plonky::StarkConfig::kMinSecureBits, JSON "insecure") and peak memory. --tamper flips one random
// byte of the serialized proof: the verifier must reject it, and the command then reports the
// rejection and exits 1. Exit 2 means the demo could not run (missing plugin, bad arguments).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <span>
#include <string>

#include "common/progress.h"
#include "proof_systems/plonky/config.h"
#include "proof_systems/plonky/examples/example_names.h"
#include "tools/cli/cli.h"
#include "tools/cli/commands.h"

namespace entangle::cli {
namespace {

struct DemoOptions {
  std::string air = "fibonacci";
  uint64_t rows = 1 << 10;
  std::string config = "standard";
  bool json = false;
  bool tamper = false;
  uint64_t seed = 0;  // 0: random
};

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// "name (summary) | name (summary) | ...": the help text of a catalog of named entries.
template <typename Entry>
std::string CatalogHelp(std::span<const Entry> catalog) {
  std::string help;
  for (const Entry& e : catalog) {
    if (!help.empty()) help += " | ";
    help += std::string(e.name) + " (" + std::string(e.summary) + ")";
  }
  return help;
}

void Demo(const DemoOptions& o) {
  auto ps = CreateProofSystem("plonky", nlohmann::json{{"config", o.config}}.dump());
  if (!ps.ok()) return (void)Fail(ps.status(), 2);
  proof_systems::ProofSystemInfo info = (*ps)->Info();

  Progress progress("plonky " + o.air, 3);
  std::string statement =
      nlohmann::json{{"air", o.air}, {"rows", o.rows}, {"config", o.config}}.dump();
  proof_systems::SetupRequest setup;
  setup.circuit = {"entangle-air-v1", Bytes(statement.begin(), statement.end())};
  auto keys = (*ps)->Setup(setup);
  if (!keys.ok()) return (void)Fail("plonky setup: " + std::string(keys.status().message()), 2);
  progress.Advance();

  proof_systems::ProveRequest req;
  req.proving_key = keys->proving_key;
  req.witness = {"entangle-example-v1", {}};
  auto t0 = std::chrono::steady_clock::now();
  auto res = (*ps)->Prove(req);
  double prove_s = Since(t0);
  if (!res.ok()) return (void)Fail("plonky prove: " + std::string(res.status().message()), 1);
  progress.Advance();

  size_t tampered_at = 0;
  if (o.tamper) {
    std::mt19937_64 rng(o.seed ? o.seed : std::random_device{}());
    tampered_at = rng() % res->proof.data.size();
    res->proof.data[tampered_at] ^= static_cast<uint8_t>(1 + rng() % 255);
  }
  t0 = std::chrono::steady_clock::now();
  absl::Status verdict = (*ps)->Verify(keys->verifying_key, res->proof, res->public_inputs);
  double verify_s = Since(t0);
  progress.Done();

  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  uint64_t peak = static_cast<uint64_t>(ru.ru_maxrss) * 1024;
  // The configuration's own conjectured security decides, not its name.
  const bool insecure = static_cast<int>(info.security_bits) < plonky::StarkConfig::kMinSecureBits;
  if (o.json) {
    nlohmann::json j = {{"air", o.air},
                        {"rows", o.rows},
                        {"config", o.config},
                        {"security_bits", info.security_bits},
                        {"insecure", insecure},
                        {"prove_seconds", prove_s},
                        {"verify_seconds", verify_s},
                        {"proof_bytes", res->proof.data.size()},
                        {"public_inputs", res->public_inputs.size()},
                        {"peak_memory_bytes", peak},
                        {"tampered", o.tamper},
                        {"verified", verdict.ok()}};
    if (o.tamper) j["tampered_byte"] = tampered_at;
    if (!verdict.ok()) j["rejection"] = std::string(verdict.message());
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::string security = std::to_string(info.security_bits) + " bits";
    if (insecure) {
      security +=
          ", INSECURE: below " + std::to_string(plonky::StarkConfig::kMinSecureBits) + " bits";
    }
    std::printf("plonky %s, %llu rows, config %s (%s)\n", o.air.c_str(),
                static_cast<unsigned long long>(o.rows), o.config.c_str(), security.c_str());
    std::printf("  prove   %.3f s\n  verify  %.2f ms\n  proof   %zu bytes\n  peak    %.1f MiB\n",
                prove_s, verify_s * 1e3, res->proof.data.size(), peak / 1048576.0);
    if (o.tamper) std::printf("  tampered byte %zu of the proof\n", tampered_at);
    std::printf("%s\n",
                verdict.ok() ? "OK" : ("REJECTED: " + std::string(verdict.message())).c_str());
  }
  if (!verdict.ok()) SetExitCode(1);
}

}  // namespace

void RegisterPlonkyCommand(CLI::App& app) {
  auto* p = app.add_subcommand("plonky", "The plonky STARK (AIR + FRI over Goldilocks)");
  p->require_subcommand(1);
  static DemoOptions o;
  auto* demo = p->add_subcommand("demo", "Prove and verify an example AIR and report the figures");
  // The example and configuration names and their summaries come from plonky::ExampleCatalog()
  // and plonky::StarkConfig::Catalog().
  demo->add_option("--air", o.air, CatalogHelp(plonky::ExampleCatalog()))
      ->check(CLI::IsMember(plonky::ExampleNames()));
  demo->add_option("--rows", o.rows, "Trace rows of the main table (a power of two >= 4)");
  demo->add_option("--config", o.config, CatalogHelp(plonky::StarkConfig::Catalog()))
      ->check(CLI::IsMember(plonky::StarkConfig::Names()));
  demo->add_flag("--json", o.json, "Print the figures as one JSON object");
  demo->add_flag("--tamper", o.tamper, "Flip one random byte of the proof: must be rejected");
  demo->add_option("--seed", o.seed, "Seed of --tamper's byte choice (default: random)");
  demo->callback([] { Demo(o); });
}

}  // namespace entangle::cli
