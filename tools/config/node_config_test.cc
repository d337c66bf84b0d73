#include "tools/config/node_config.h"

#include <gtest/gtest.h>

namespace entangle::config {
namespace {

std::string Err(const std::string& text) {
  auto r = ParseNodeConfigText(text, "node.toml");
  return r.ok() ? "OK" : std::string(r.status().message());
}

TEST(NodeConfig, ParsesFullExample) {
  auto r = ParseNodeConfigText(R"(
[node]
name = "n1"

[vm]
isa = "mips"
segment_size = 65536

[prover]
system = "plonky"
config = "test"
blowup = 8

[[settlement]]
chain = "bitcoin"
network = "regtest"

[[settlement]]
chain = "ethereum"
rpc_url = "http://127.0.0.1:8545"

[sequencer]
validators = 4
block_time_ms = 500
)",
                               "node.toml");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->isa.name, "mips");
  EXPECT_EQ(r->segment_size, 65536);
  EXPECT_EQ(r->prover.name, "plonky");
  EXPECT_EQ(r->prover.params_json, R"({"blowup":8,"config":"test"})");
  ASSERT_EQ(r->settlement.size(), 2u);
  EXPECT_EQ(r->settlement[1].params_json, R"({"rpc_url":"http://127.0.0.1:8545"})");
  EXPECT_EQ(r->settlement[0].where, "node.toml:15: [[settlement]] chain");
  EXPECT_EQ(r->sequencer.validators, 4);
}

TEST(NodeConfig, ErrorsNameFileLineAndKey) {
  EXPECT_EQ(Err("[vm]\nisa = 3\n[prover]\nsystem='x'\n"),
            "node.toml:2: [vm] isa: expected a string");
  EXPECT_EQ(Err("[vm]\nisa = 'mips'\n"),
            "node.toml:1: [prover]: missing section (it names the system)");
  EXPECT_EQ(Err("[vm]\nisa='m'\n[prover]\nsystem='p'\n[sequencer]\nvalidators = 0\n"),
            "node.toml:6: [sequencer] validators: out of range [1, 1000]");
  EXPECT_EQ(Err("[vm]\nisa='m'\nspeed = 1\n[prover]\nsystem='p'\n"),
            "node.toml:3: [vm] speed: unknown key");
  EXPECT_EQ(Err("[vm]\nisa='m'\n[prover]\nsystem='p'\n[extra]\n"),
            "node.toml:5: [extra]: unknown section");
  EXPECT_EQ(Err("[vm]\nisa='m'\n[prover]\nsystem='p'\n[[settlement]]\nnetwork='x'\n"),
            "node.toml:5: [[settlement]] chain: missing (required)");
  // Syntax errors carry the line too.
  std::string syntax = Err("[vm]\nisa = 'm'\n[prover\n");
  EXPECT_EQ(syntax.rfind("node.toml:3: ", 0), 0u) << syntax;
}

}  // namespace
}  // namespace entangle::config
