#include "proof_systems/plonky/config.h"

#include <absl/strings/str_join.h>

#include <algorithm>

namespace entangle::plonky {

StarkConfig StarkConfig::Standard() {
  StarkConfig c;
  c.name = "standard";
  c.log_blowup = 1;
  c.num_queries = 84;
  c.pow_bits = 16;
  c.fri_arity_bits = 4;
  c.fri_final_log_len = 4;
  c.cap_height = 4;
  return c;
}

StarkConfig StarkConfig::StandardSha256() {
  StarkConfig c = Standard();
  c.name = "standard-sha256";
  c.hash = goldilocks::HashKind::kSha256;
  return c;
}

std::span<const StarkConfig::Named> StarkConfig::Catalog() {
  static constexpr Named kCatalog[] = {
      {"standard", ">= 100 bits, Poseidon Merkle trees", &Standard},
      {"standard-sha256", ">= 100 bits, SHA-256 Merkle trees", &StandardSha256},
      {"test", "INSECURE, fast", &Test},
  };
  return kCatalog;
}

std::vector<std::string> StarkConfig::Names() {
  std::vector<std::string> out;
  for (const Named& n : Catalog()) out.emplace_back(n.name);
  return out;
}

absl::StatusOr<StarkConfig> StarkConfig::ByName(std::string_view name) {
  for (const Named& n : Catalog()) {
    if (n.name == name) return n.make();
  }
  return absl::InvalidArgumentError("unknown plonky configuration '" + std::string(name) +
                                    "' (expected one of: " + absl::StrJoin(Names(), ", ") + ")");
}

StarkConfig StarkConfig::Test() {
  StarkConfig c;
  c.name = "test (INSECURE)";
  c.log_blowup = 2;
  c.num_queries = 8;
  c.pow_bits = 4;
  c.fri_arity_bits = 2;
  c.fri_final_log_len = 2;
  c.cap_height = 2;
  return c;
}

int StarkConfig::security_bits() const {
  return std::min(log_blowup * num_queries + pow_bits, kFieldBits);
}

absl::Status StarkConfig::Validate() const {
  if (log_blowup < 1 || log_blowup > 8)
    return absl::InvalidArgumentError("plonky config: log_blowup must be in [1, 8]");
  if (num_queries < 1 || num_queries > 256)
    return absl::InvalidArgumentError("plonky config: num_queries must be in [1, 256]");
  if (pow_bits < 0 || pow_bits > 32)
    return absl::InvalidArgumentError("plonky config: pow_bits must be in [0, 32]");
  if (fri_arity_bits < 1 || fri_arity_bits > 4)
    return absl::InvalidArgumentError("plonky config: fri_arity_bits must be in [1, 4]");
  if (fri_final_log_len < 0 || fri_final_log_len > 10)
    return absl::InvalidArgumentError("plonky config: fri_final_log_len must be in [0, 10]");
  if (cap_height < 0 || cap_height > 8)
    return absl::InvalidArgumentError("plonky config: cap_height must be in [0, 8]");
  return absl::OkStatus();
}

}  // namespace entangle::plonky
