#include "tools/config/node_config.h"

#include <toml++/toml.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace entangle::config {
namespace {

class Checker {
 public:
  explicit Checker(std::string path) : path_(std::move(path)) {}

  absl::Status Error(const toml::node& node, const std::string& where, const std::string& msg) {
    return absl::InvalidArgumentError(path_ + ":" + std::to_string(node.source().begin.line) +
                                      ": " + where + ": " + msg);
  }
  absl::Status ErrorAtLine(int64_t line, const std::string& where, const std::string& msg) {
    return absl::InvalidArgumentError(path_ + ":" + std::to_string(line) + ": " + where + ": " +
                                      msg);
  }
  std::string Where(const toml::node& node, const std::string& section) {
    return path_ + ":" + std::to_string(node.source().begin.line) + ": " + section;
  }

  // Rejects keys not in `allowed` (when `allowed` is non-empty).
  absl::Status OnlyKeys(const toml::table& t, const std::string& section,
                        const std::set<std::string>& allowed) {
    for (const auto& [key, value] : t) {
      if (!allowed.count(std::string(key.str()))) {
        return Error(value, section + " " + std::string(key.str()), "unknown key");
      }
    }
    return absl::OkStatus();
  }

  absl::Status String(const toml::table& t, const std::string& section, const char* key,
                      bool required, std::string* out) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required) return Error(t, section + " " + key, "missing (required)");
      return absl::OkStatus();
    }
    auto v = n->value<std::string>();
    if (!v || !n->is_string()) return Error(*n, section + " " + key, "expected a string");
    if (v->empty()) return Error(*n, section + " " + key, "must not be empty");
    *out = *v;
    return absl::OkStatus();
  }

  absl::Status Int(const toml::table& t, const std::string& section, const char* key, int64_t min,
                   int64_t max, int64_t* out) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return absl::OkStatus();
    if (!n->is_integer()) return Error(*n, section + " " + key, "expected an integer");
    int64_t v = *n->value<int64_t>();
    if (v < min || v > max) {
      return Error(*n, section + " " + key,
                   "out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    }
    *out = v;
    return absl::OkStatus();
  }

  // Every key of `t` except `skip`, as JSON: the plugin's parameters.
  absl::StatusOr<std::string> Params(const toml::table& t, const std::string& section,
                                     const std::string& skip) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, value] : t) {
      if (key.str() == skip) continue;
      auto converted = ToJson(value, section + " " + std::string(key.str()));
      if (!converted.ok()) return converted.status();
      j[std::string(key.str())] = *converted;
    }
    return j.dump();
  }

 private:
  absl::StatusOr<nlohmann::json> ToJson(const toml::node& n, const std::string& where) {
    if (n.is_string()) return nlohmann::json(*n.value<std::string>());
    if (n.is_integer()) return nlohmann::json(*n.value<int64_t>());
    if (n.is_floating_point()) return nlohmann::json(*n.value<double>());
    if (n.is_boolean()) return nlohmann::json(*n.value<bool>());
    if (n.is_array()) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& e : *n.as_array()) {
        auto c = ToJson(e, where);
        if (!c.ok()) return c.status();
        out.push_back(*c);
      }
      return out;
    }
    if (n.is_table()) {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [k, v] : *n.as_table()) {
        auto c = ToJson(v, where + "." + std::string(k.str()));
        if (!c.ok()) return c.status();
        out[std::string(k.str())] = *c;
      }
      return out;
    }
    return Error(n, where, "dates and times are not supported as plugin parameters");
  }

  std::string path_;
};

}  // namespace

absl::StatusOr<NodeConfig> ParseNodeConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(path + ": cannot open configuration file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseNodeConfigText(ss.str(), path);
}

absl::StatusOr<NodeConfig> ParseNodeConfigText(const std::string& text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return absl::InvalidArgumentError(path + ":" + std::to_string(e.source().begin.line) + ": " +
                                      std::string(e.description()));
  }
  Checker c(path);
  NodeConfig cfg;
  cfg.path = path;

  for (const auto& [key, value] : root) {
    static const std::set<std::string> kSections = {"node", "vm", "prover", "settlement",
                                                    "sequencer"};
    std::string k(key.str());
    if (!kSections.count(k)) return c.Error(value, "[" + k + "]", "unknown section");
    bool is_array = k == "settlement";
    if (is_array ? !value.is_array_of_tables() : !value.is_table()) {
      return c.Error(value, "[" + k + "]",
                     is_array ? "expected [[settlement]] tables" : "expected a table");
    }
  }

  if (const toml::table* node = root["node"].as_table()) {
    if (auto s = c.OnlyKeys(*node, "[node]", {"name", "data_dir"}); !s.ok()) return s;
    if (auto s = c.String(*node, "[node]", "name", false, &cfg.node_name); !s.ok()) return s;
    if (auto s = c.String(*node, "[node]", "data_dir", false, &cfg.data_dir); !s.ok()) return s;
  }

  const toml::table* vm = root["vm"].as_table();
  if (vm == nullptr) return c.ErrorAtLine(1, "[vm]", "missing section (it names the ISA)");
  if (auto s = c.OnlyKeys(*vm, "[vm]", {"isa", "max_cycles", "segment_size"}); !s.ok()) return s;
  if (auto s = c.String(*vm, "[vm]", "isa", true, &cfg.isa.name); !s.ok()) return s;
  cfg.isa.where = c.Where(*vm->get("isa"), "[vm] isa");
  if (auto s = c.Int(*vm, "[vm]", "max_cycles", 1, INT64_MAX, &cfg.max_cycles); !s.ok()) return s;
  if (auto s = c.Int(*vm, "[vm]", "segment_size", 1024, int64_t{1} << 32, &cfg.segment_size);
      !s.ok()) {
    return s;
  }

  const toml::table* prover = root["prover"].as_table();
  if (prover == nullptr)
    return c.ErrorAtLine(1, "[prover]", "missing section (it names the system)");
  if (auto s = c.String(*prover, "[prover]", "system", true, &cfg.prover.name); !s.ok()) return s;
  cfg.prover.where = c.Where(*prover->get("system"), "[prover] system");
  auto prover_params = c.Params(*prover, "[prover]", "system");
  if (!prover_params.ok()) return prover_params.status();
  cfg.prover.params_json = *prover_params;

  if (const toml::array* settlements = root["settlement"].as_array()) {
    for (const auto& entry : *settlements) {
      const toml::table& t = *entry.as_table();
      PluginRef ref;
      if (auto s = c.String(t, "[[settlement]]", "chain", true, &ref.name); !s.ok()) return s;
      ref.where = c.Where(*t.get("chain"), "[[settlement]] chain");
      auto params = c.Params(t, "[[settlement]]", "chain");
      if (!params.ok()) return params.status();
      ref.params_json = *params;
      cfg.settlement.push_back(std::move(ref));
    }
  }

  if (const toml::table* seq = root["sequencer"].as_table()) {
    if (auto s =
            c.OnlyKeys(*seq, "[sequencer]",
                       {"validators", "block_time_ms", "listen", "max_tx_bytes", "mempool_size"});
        !s.ok()) {
      return s;
    }
    SequencerConfig& q = cfg.sequencer;
    if (auto s = c.Int(*seq, "[sequencer]", "validators", 1, 1000, &q.validators); !s.ok())
      return s;
    if (auto s = c.Int(*seq, "[sequencer]", "block_time_ms", 1, 3'600'000, &q.block_time_ms);
        !s.ok()) {
      return s;
    }
    if (auto s = c.String(*seq, "[sequencer]", "listen", false, &q.listen); !s.ok()) return s;
    if (q.listen.rfind(':') == std::string::npos) {
      return c.Error(*seq->get("listen"), "[sequencer] listen", "expected host:port");
    }
    if (auto s = c.Int(*seq, "[sequencer]", "max_tx_bytes", 1, 64 << 20, &q.max_tx_bytes);
        !s.ok()) {
      return s;
    }
    if (auto s = c.Int(*seq, "[sequencer]", "mempool_size", 1, 10'000'000, &q.mempool_size);
        !s.ok()) {
      return s;
    }
  }
  return cfg;
}

}  // namespace entangle::config
