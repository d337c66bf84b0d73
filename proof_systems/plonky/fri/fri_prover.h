// The FRI prover of the plonky STARK: the commit phase (layer Merkle trees, folding challenges from
// the transcript, the final polynomial) and the query phase's openings, for one table. The layer
// layout and the folding step are in protocol.h, shared with the verifier (verifier.cc), which
// checks the queries in its own code.
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_FRI_FRI_PROVER_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_FRI_FRI_PROVER_H_

#include <vector>

#include "proof_systems/merkle/merkle_tree.h"
#include "proof_systems/plonky/challenger.h"
#include "proof_systems/plonky/config.h"
#include "proof_systems/plonky/proof.h"

namespace entangle::plonky::fri {

// The committed FRI layers of one table.
class FriProver {
 public:
  // Commit phase for f_0 = `values` on the coset kCosetShift * <w> of size 2^log_big (natural
  // order), a polynomial of degree < 2^log_n: per layer (FriArities) the layer's tree, its cap
  // observed, then its folding challenge sampled; a virtual first layer (virtual_first, see
  // VirtualFirstLayerBits in protocol.h) is folded without a tree or a cap. Caps go to `caps`, the
  // final polynomial's coefficients to `final_poly` (observed too).
  FriProver(const StarkConfig& config, Challenger& ch, int log_n, int log_big, bool virtual_first,
            std::vector<goldilocks::Fp2> values, std::vector<std::vector<Digest>>& caps,
            std::vector<goldilocks::Fp2>& final_poly);

  // The openings of the committed layers for the query at index `idx` of f_0's domain.
  std::vector<MerkleOpening> Open(size_t idx) const;

 private:
  int log_big_;
  std::vector<int> arities_;
  size_t first_committed_;  // 1 with a virtual first layer
  std::vector<merkle::MerkleTree> trees_;
};

}  // namespace entangle::plonky::fri

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_FRI_FRI_PROVER_H_
