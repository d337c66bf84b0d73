// Conformance suites over official Bitcoin vectors (shared/vectors/bitcoin/...). Each returns a
// report with exact pass/fail counts; a missing file is reported as skipped.
#ifndef ENTANGLE_CHAINS_BITCOIN_CONFORMANCE_H_
#define ENTANGLE_CHAINS_BITCOIN_CONFORMANCE_H_

#include <string>
#include <vector>

#include "entangle/types.h"

namespace entangle::bitcoin {

// Suite names: bitcoin-script, bitcoin-tx-valid, bitcoin-tx-invalid, bitcoin-sighash,
// bitcoin-taproot, bip340, bip341, musig2, bech32, base58, key-io, and bitcoin-ecdsa-wycheproof
// (Wycheproof's ECDSA secp256k1 Bitcoin vectors under strict DER + low S).
std::vector<std::string> ConformanceSuiteNames();
// `vectors_dir` is the root of the vectors tree (holding bitcoin/).
ConformanceReport RunConformanceSuite(const std::string& suite, const std::string& vectors_dir);

}  // namespace entangle::bitcoin

#endif  // ENTANGLE_CHAINS_BITCOIN_CONFORMANCE_H_
