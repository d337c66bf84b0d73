// The lookup examples: a range check against a byte table, and a CPU/ALU pair of tables joined by
// a cross-table lookup.
#include <cstdint>

#include "proof_systems/plonky/examples/example.h"

namespace entangle::plonky {
namespace {

constexpr uint32_t kByteBus = 0;
constexpr uint32_t kMulBus = 1;

// Deterministic pseudo-random values for example traces (splitmix64).
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

bool IsPow2(size_t n) { return n >= 4 && (n & (n - 1)) == 0; }

// One trace-less table per AIR (MakeExample with traces = false).
Example StatementOnly(Example ex) {
  for (const auto& air : ex.owned_airs) ex.tables.push_back({air.get(), {}, {}});
  return ex;
}

// Column v; every row's v is looked up in the byte table.
class ValuesAir : public AirImpl<ValuesAir> {
 public:
  std::string name() const override { return "range_values"; }
  int width() const override { return 1; }
  int constraint_degree() const override { return 1; }
  std::vector<Interaction> interactions() const override {
    return {Interaction::Send(kByteBus, {LinearColumn::Column(0)})};
  }
  template <class F>
  void Eval(const Frame<F>&, ConstraintConsumer<F>&) const {}
};

// Columns t, m: t runs 0..255 (256 rows); m is how often t is looked up.
class ByteTableAir : public AirImpl<ByteTableAir> {
 public:
  std::string name() const override { return "byte_table"; }
  int width() const override { return 2; }
  int constraint_degree() const override { return 1; }
  std::vector<Interaction> interactions() const override {
    return {Interaction::Receive(kByteBus, {LinearColumn::Column(0)}, LinearColumn::Column(1))};
  }
  template <class F>
  void Eval(const Frame<F>& f, ConstraintConsumer<F>& cc) const {
    cc.FirstRow(f.local[0]);
    cc.Transition(f.next[0] - f.local[0] - F(Fp::One()));
    cc.LastRow(f.local[0] - F(Fp::FromU64(255)));
  }
};

// CPU-like table: x, y, z, is_mul. is_mul is boolean; when set, (x, y, z) is sent to the ALU,
// otherwise z = x + y is checked here.
class CpuAir : public AirImpl<CpuAir> {
 public:
  std::string name() const override { return "cpu"; }
  int width() const override { return 4; }
  int constraint_degree() const override { return 2; }
  std::vector<Interaction> interactions() const override {
    return {Interaction::Send(
        kMulBus, {LinearColumn::Column(0), LinearColumn::Column(1), LinearColumn::Column(2)},
        LinearColumn::Column(3))};
  }
  template <class F>
  void Eval(const Frame<F>& f, ConstraintConsumer<F>& cc) const {
    const F& is_mul = f.local[3];
    cc.EveryRow(is_mul * (is_mul - F(Fp::One())));
    cc.EveryRow((F(Fp::One()) - is_mul) * (f.local[2] - f.local[0] - f.local[1]));
  }
};

// ALU table: a, b, c, mult with c = a * b; receives (a, b, c) `mult` times.
class AluAir : public AirImpl<AluAir> {
 public:
  std::string name() const override { return "alu_mul"; }
  int width() const override { return 4; }
  int constraint_degree() const override { return 2; }
  std::vector<Interaction> interactions() const override {
    return {Interaction::Receive(
        kMulBus, {LinearColumn::Column(0), LinearColumn::Column(1), LinearColumn::Column(2)},
        LinearColumn::Column(3))};
  }
  template <class F>
  void Eval(const Frame<F>& f, ConstraintConsumer<F>& cc) const {
    cc.EveryRow(f.local[2] - f.local[0] * f.local[1]);
  }
};

}  // namespace

absl::StatusOr<Example> MakeRangeCheck(size_t rows, bool traces) {
  if (!IsPow2(rows)) return absl::InvalidArgumentError("lookup: rows must be a power of two >= 4");
  Example ex;
  ex.name = "lookup";
  ex.owned_airs.push_back(std::make_shared<ValuesAir>());
  ex.owned_airs.push_back(std::make_shared<ByteTableAir>());
  ex.heights = {rows, 256};
  if (!traces) return StatementOnly(std::move(ex));
  Trace values(1, std::vector<Fp>(rows));
  Trace bytes(2, std::vector<Fp>(256));
  std::vector<uint64_t> counts(256, 0);
  for (size_t i = 0; i < rows; ++i) {
    uint64_t v = Mix(i) & 0xff;
    values[0][i] = Fp::FromU64(v);
    ++counts[v];
  }
  for (size_t i = 0; i < 256; ++i) {
    bytes[0][i] = Fp::FromU64(i);
    bytes[1][i] = Fp::FromU64(counts[i]);
  }
  ex.tables.push_back({ex.owned_airs[0].get(), std::move(values), {}});
  ex.tables.push_back({ex.owned_airs[1].get(), std::move(bytes), {}});
  return ex;
}

absl::StatusOr<Example> MakeCrossTable(size_t rows, bool traces) {
  if (!IsPow2(rows) || rows < 16) {
    return absl::InvalidArgumentError("cross_table: rows must be a power of two >= 16");
  }
  Example ex;
  ex.name = "cross_table";
  ex.owned_airs.push_back(std::make_shared<CpuAir>());
  ex.owned_airs.push_back(std::make_shared<AluAir>());
  const size_t alu_rows = rows / 4;
  ex.heights = {rows, alu_rows};
  if (!traces) return StatementOnly(std::move(ex));
  Trace alu(4, std::vector<Fp>(alu_rows));
  for (size_t k = 0; k < alu_rows; ++k) {
    Fp a = Fp::FromU64(Mix(2 * k)), b = Fp::FromU64(Mix(2 * k + 1));
    alu[0][k] = a;
    alu[1][k] = b;
    alu[2][k] = a * b;
    alu[3][k] = Fp::FromU64(2);  // rows / 2 multiplications, each entry used twice
  }
  Trace cpu(4, std::vector<Fp>(rows));
  for (size_t i = 0; i < rows; ++i) {
    if (i % 2 == 0) {
      size_t k = (i / 2) % alu_rows;
      for (int c = 0; c < 3; ++c) cpu[c][i] = alu[c][k];
      cpu[3][i] = Fp::One();
    } else {
      Fp x = Fp::FromU64(Mix(1000003 * i)), y = Fp::FromU64(Mix(1000033 * i));
      cpu[0][i] = x;
      cpu[1][i] = y;
      cpu[2][i] = x + y;
      cpu[3][i] = Fp::Zero();
    }
  }
  ex.tables.push_back({ex.owned_airs[0].get(), std::move(cpu), {}});
  ex.tables.push_back({ex.owned_airs[1].get(), std::move(alu), {}});
  return ex;
}

}  // namespace entangle::plonky
