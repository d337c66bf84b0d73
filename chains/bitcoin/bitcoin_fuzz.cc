// Fuzz target: transaction, block and PSBT deserialization (round trips), script execution under
// every sigversion with the standard flags, and SPV inclusion-proof and header parsing. None of
// these may crash or hang on any input.
#include <cstddef>
#include <cstdint>

#include "chains/bitcoin/headers.h"
#include "chains/bitcoin/interpreter.h"
#include "chains/bitcoin/psbt.h"
#include "chains/bitcoin/script.h"
#include "chains/bitcoin/tx.h"

using namespace entangle;
using namespace entangle::bitcoin;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView in(data, size);
  auto tx = ParseTx(in);
  if (tx.ok()) {
    Bytes again = SerializeTx(*tx);
    if (again.size() != size || !std::equal(again.begin(), again.end(), data)) __builtin_trap();
    (void)CheckTransaction(*tx);
    // Execute each input's script sig and witness against a P2WSH-looking output.
    for (size_t i = 0; i < tx->vin.size() && i < 4; ++i) {
      std::vector<TxOut> spent(tx->vin.size(), TxOut{1000, tx->vin[i].script_sig});
      (void)VerifyTxScripts(*tx, spent, kStandardFlags);
    }
  }
  (void)ParseBlock(in);
  if (auto p = Psbt::Parse(in); p.ok()) {
    // Whatever parses re-serializes to a PSBT that parses again, and the roles do not crash.
    auto again = Psbt::Parse(p->Serialize());
    if (!again.ok()) __builtin_trap();
    Digest32 k{};
    k[31] = 1;
    (void)p->Sign(k);
    (void)p->Finalize();
    (void)p->Extract();
  }
  (void)ParseInclusionProof(in);
  if (size >= 80) (void)ParseHeader(in.subspan(0, 80));
  // The input as a script, run as legacy and tapscript code.
  SignatureChecker checker;
  for (SigVersion v : {SigVersion::kBase, SigVersion::kWitnessV0, SigVersion::kTapscript}) {
    Stack stack = {Bytes(1, 1), Bytes()};
    ExecutionData ed;
    ed.validation_weight_left = 1000;
    ScriptError err;
    (void)EvalScript(stack, in, kStandardFlags, checker, v, ed, &err);
  }
  (void)ScriptToAsm(in);
  return 0;
}
