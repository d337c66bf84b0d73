// Node configuration: one TOML file assembles a node from plugins.
//
//   [node]              name, data_dir                                  (optional)
//   [vm]                isa = "mips"; max_cycles, segment_size          (isa required)
//   [prover]            system = "plonky"; other keys go to the plugin  (system required)
//   [[settlement]]      chain = "bitcoin"; other keys go to the plugin  (zero or more)
//   [sequencer]         validators, block_time_ms, listen, max_tx_bytes, mempool_size
//
// Plugin parameters are handed to the plugin's factory as a JSON object, which validates them.
// Every error names the file, the line and the key: "node.toml:7: [vm] isa: expected a string".
#ifndef ENTANGLE_TOOLS_CONFIG_NODE_CONFIG_H_
#define ENTANGLE_TOOLS_CONFIG_NODE_CONFIG_H_

#include <absl/status/statusor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace entangle::config {

// A plugin reference with its parameters.
struct PluginRef {
  std::string name;
  std::string params_json = "{}";
  std::string where;  // "file:line: [section]" for error messages
};

struct SequencerConfig {
  int64_t validators = 1;
  int64_t block_time_ms = 1000;
  std::string listen = "127.0.0.1:26657";
  int64_t max_tx_bytes = 64 * 1024;
  int64_t mempool_size = 10000;
};

struct NodeConfig {
  std::string path;
  std::string node_name = "entangle-node";
  std::string data_dir = "./entangle-data";
  PluginRef isa;
  int64_t max_cycles = 1'000'000'000;
  int64_t segment_size = 1 << 20;
  PluginRef prover;
  std::vector<PluginRef> settlement;
  SequencerConfig sequencer;
};

// Parses and checks the file's structure (tables, keys, types, ranges). Plugin names and parameters
// are checked separately, against loaded plugins.
absl::StatusOr<NodeConfig> ParseNodeConfig(const std::string& path);
absl::StatusOr<NodeConfig> ParseNodeConfigText(const std::string& text, const std::string& path);

}  // namespace entangle::config

#endif  // ENTANGLE_TOOLS_CONFIG_NODE_CONFIG_H_
