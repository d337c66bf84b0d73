// entangle conformance SUITE --vectors DIR [--json]; entangle conformance list [--json]
//
// Runs an official test-vector suite: the framework's own (builtin_suites.cc) or one a plugin
// offers. Exit status 0 if and only if nothing failed.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tools/cli/builtin_suites.h"
#include "tools/cli/cli.h"
#include "tools/cli/commands.h"

namespace entangle::cli {
namespace {

struct SuiteRef {
  std::string name;
  std::string owner;  // "builtin" or the plugin's name
  const BuiltinSuite* builtin = nullptr;
  plugins::Kind kind = plugins::Kind::kIsa;
};

std::vector<SuiteRef> BuiltinSuiteRefs() {
  std::vector<SuiteRef> out;
  for (const auto& s : BuiltinSuites()) out.push_back({s.name, "builtin", &s});
  return out;
}

// The built-in suites, then the plugins' (which loads every plugin).
std::vector<SuiteRef> AllSuites() {
  std::vector<SuiteRef> out = BuiltinSuiteRefs();
  for (const auto& p : AllPlugins().List()) {
    auto component = AllPlugins().CreateComponent(p.kind, p.name);
    if (!component.ok()) continue;  // needs parameters; it offers no parameter-free suites
    for (const auto& name : (*component)->ConformanceSuites()) {
      out.push_back({name, p.name, nullptr, p.kind});
    }
  }
  return out;
}

void ListSuites(bool json) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& s : AllSuites()) {
    if (json) {
      j.push_back({{"suite", s.name}, {"provider", s.owner}});
    } else {
      std::printf("%-22s %s\n", s.name.c_str(), s.owner.c_str());
    }
  }
  if (json) std::printf("%s\n", j.dump(2).c_str());
}

void Run(const std::string& suite, std::string vectors, bool json) {
  if (vectors.empty()) {
    const char* env = std::getenv("ENTANGLE_VECTORS");
    if (env == nullptr || *env == '\0') {
      Fail("conformance: no vectors folder: pass --vectors DIR or set ENTANGLE_VECTORS", 2);
      return;
    }
    vectors = env;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(vectors, ec)) {
    Fail("conformance: vectors folder '" + vectors + "' does not exist", 2);
    return;
  }
  // A built-in suite needs no plugin: the plugins are loaded only to look for another suite.
  std::vector<SuiteRef> suites = BuiltinSuiteRefs();
  const SuiteRef* ref = nullptr;
  for (const auto& s : suites) {
    if (s.name == suite) ref = &s;
  }
  std::string known;
  if (ref == nullptr) {
    suites = AllSuites();
    for (const auto& s : suites) {
      if (s.name == suite) ref = &s;
      known += (known.empty() ? "" : ", ") + s.name;
    }
  }
  if (ref == nullptr) {
    Fail(ExplainMissing(absl::NotFoundError("conformance: no suite named '" + suite +
                                            "' (available: " + (known.empty() ? "none" : known) +
                                            ")")),
         2);
    return;
  }
  absl::StatusOr<ConformanceReport> report;
  if (ref->builtin != nullptr) {
    report = ref->builtin->run(vectors);
  } else {
    auto component = AllPlugins().CreateComponent(ref->kind, ref->owner);
    if (!component.ok()) {
      Fail(component.status());
      return;
    }
    report = (*component)->RunConformance(suite, vectors);
  }
  if (!report.ok()) {
    Fail("conformance " + suite + ": " + std::string(report.status().message()));
    return;
  }
  if (json) {
    nlohmann::json j = {{"suite", suite},
                        {"passed", report->passed},
                        {"failed", report->failed},
                        {"skipped", report->skipped},
                        {"failures", nlohmann::json::array()}};
    for (size_t i = 0; i < report->failures.size() && i < 10; ++i) {
      j["failures"].push_back(report->failures[i]);
    }
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("%s: %llu passed, %llu failed, %llu skipped\n", suite.c_str(),
                static_cast<unsigned long long>(report->passed),
                static_cast<unsigned long long>(report->failed),
                static_cast<unsigned long long>(report->skipped));
    for (size_t i = 0; i < report->failures.size() && i < 10; ++i) {
      std::printf("  FAIL %s\n", report->failures[i].c_str());
    }
  }
  if (report->skipped > 0 && report->passed == 0 && report->failed == 0) {
    std::fprintf(stderr, "entangle: WARNING: every case of %s was skipped (vectors missing?)\n",
                 suite.c_str());
  }
  if (report->failed > 0) SetExitCode(1);
}

}  // namespace

void RegisterConformanceCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("conformance", "Run an official test-vector suite");
  auto* suite = new std::string();
  auto* vectors = new std::string();
  auto* json = new bool(false);
  cmd->add_option("SUITE", *suite, "Suite name, or 'list'")->required();
  cmd->add_option("--vectors", *vectors, "Vectors folder (default: $ENTANGLE_VECTORS)");
  cmd->add_flag("--json", *json, "Print {suite, passed, failed, skipped, failures}");
  cmd->callback([=] {
    if (*suite == "list") {
      ListSuites(*json);
    } else {
      Run(*suite, *vectors, *json);
    }
  });
}

}  // namespace entangle::cli
