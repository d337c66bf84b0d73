#include "proof_systems/groth16/circuit/circuit.h"

#include <algorithm>

namespace entangle::groth16::circuit {
namespace {

using Terms = std::vector<std::pair<uint32_t, Fr>>;

// a + k * b over sorted term lists.
Terms Merge(const Terms& a, const Terms& b, const Fr& k) {
  Terms out;
  out.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].first < a[i].first) {
      out.emplace_back(b[j].first, b[j].second * k);
      ++j;
    } else {
      Fr v = a[i].second + b[j].second * k;
      if (!v.IsZero()) out.emplace_back(a[i].first, v);
      ++i, ++j;
    }
  }
  return out;
}

}  // namespace

Lc Lc::Constant(const Fr& c) {
  Lc r;
  if (!c.IsZero()) r.terms_.emplace_back(0, c);
  return r;
}

Lc& Lc::operator+=(const Lc& o) {
  terms_ = Merge(terms_, o.terms_, Fr::One());
  return *this;
}
Lc& Lc::operator-=(const Lc& o) {
  terms_ = Merge(terms_, o.terms_, -Fr::One());
  return *this;
}
Lc& Lc::operator*=(const Fr& k) {
  if (k.IsZero()) {
    terms_.clear();
    return *this;
  }
  for (auto& t : terms_) t.second *= k;
  return *this;
}

ConstraintSystem::ConstraintSystem() {
  values_.push_back(Fr::One());
  kinds_.push_back(kOne);
}

Var ConstraintSystem::New(const Fr& value, Kind kind) {
  values_.push_back(value);
  kinds_.push_back(kind);
  if (kind == kPublic) ++n_public_;
  if (kind == kPrivate) ++n_private_;
  return Var{uint32_t(values_.size() - 1)};
}

Fr ConstraintSystem::Eval(const Lc& lc) const {
  Fr acc;
  for (const auto& [w, c] : lc.terms()) acc += c * values_[w];
  return acc;
}

std::vector<uint32_t> ConstraintSystem::Order() const {
  std::vector<uint32_t> map(values_.size());
  uint32_t next[4] = {0, 1, uint32_t(1 + n_public_), uint32_t(1 + n_public_ + n_private_)};
  for (size_t i = 0; i < values_.size(); ++i) map[i] = next[kinds_[i]]++;
  return map;
}

R1cs ConstraintSystem::ToR1cs() const {
  const std::vector<uint32_t> map = Order();
  R1cs r;
  r.n_wires = values_.size();
  r.n_outputs = 0;
  r.n_pub_inputs = n_public_;
  r.n_prv_inputs = n_private_;
  r.n_labels = values_.size();
  r.constraints.reserve(constraints_.size());
  for (const auto& con : constraints_) {
    std::array<LinearCombination, 3> out;
    for (int k = 0; k < 3; ++k) {
      for (const auto& [w, c] : con[k].terms()) out[k].emplace_back(map[w], c);
      std::sort(out[k].begin(), out[k].end(),
                [](const auto& x, const auto& y) { return x.first < y.first; });
    }
    r.constraints.push_back(std::move(out));
  }
  return r;
}

std::vector<Fr> ConstraintSystem::Witness() const {
  const std::vector<uint32_t> map = Order();
  std::vector<Fr> w(values_.size());
  for (size_t i = 0; i < values_.size(); ++i) w[map[i]] = values_[i];
  return w;
}

std::vector<Fr> ConstraintSystem::PublicValues() const {
  std::vector<Fr> w = Witness();
  return std::vector<Fr>(w.begin() + 1, w.begin() + 1 + n_public_);
}

absl::Status ConstraintSystem::Check() const { return CheckSatisfied(ToR1cs(), Witness()); }

}  // namespace entangle::groth16::circuit
