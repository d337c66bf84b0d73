// Helper of the PSBT interop test (bitcoinjs-lib as the peer).
//   psbt_tool ours            -> JSON {"psbt": base64 (signed, not finalized), "tx": our extracted
//   hex} psbt_tool finalize <b64>  -> the finalized, extracted and interpreter-checked transaction
//   hex
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "chains/bitcoin/crypto.h"
#include "chains/bitcoin/psbt.h"
#include "chains/bitcoin/script.h"
#include "common/bytes.h"

using namespace entangle;
using namespace entangle::bitcoin;

namespace {

int Ours() {
  Digest32 a{}, b{};
  a.fill(0x31);
  b.fill(0x32);
  auto xa = *XOnlyFromSeckey(a);
  auto ta = *TaprootTweak(xa, std::nullopt);
  auto pb = *PubkeyFromSeckey(b);
  Tx tx;
  tx.version = 2;
  for (int i = 0; i < 2; ++i) {
    TxIn in;
    in.prevout.txid.fill(static_cast<uint8_t>(0x51 + i));
    in.prevout.n = i;
    in.sequence = 0xfffffffd;
    tx.vin.push_back(in);
  }
  tx.vout.push_back(TxOut{105000, WitnessScript(0, Hash160(pb))});
  auto p = Psbt::Create(tx);
  p->SetWitnessUtxo(0, TxOut{50000, WitnessScript(1, ta.output_key)});
  p->SetTapInternalKey(0, xa);
  p->SetWitnessUtxo(1, TxOut{60000, WitnessScript(0, Hash160(pb))});
  if (*p->Sign(a) != 1 || *p->Sign(b) != 1) {
    std::fprintf(stderr, "signing failed\n");
    return 1;
  }
  Psbt fin = *p;
  if (auto st = fin.Finalize(); !st.ok()) {
    std::fprintf(stderr, "%s\n", std::string(st.message()).c_str());
    return 1;
  }
  auto out = fin.Extract();
  if (!out.ok()) {
    std::fprintf(stderr, "%s\n", std::string(out.status().message()).c_str());
    return 1;
  }
  nlohmann::json j = {{"psbt", p->ToBase64()}, {"tx", ToHex(SerializeTx(*out))}};
  std::printf("%s\n", j.dump().c_str());
  return 0;
}

int Finalize(const std::string& b64) {
  auto p = Psbt::FromBase64(b64);
  if (!p.ok()) {
    std::fprintf(stderr, "%s\n", std::string(p.status().message()).c_str());
    return 1;
  }
  if (auto st = p->Finalize(); !st.ok()) {
    std::fprintf(stderr, "%s\n", std::string(st.message()).c_str());
    return 1;
  }
  auto tx = p->Extract();
  if (!tx.ok()) {
    std::fprintf(stderr, "%s\n", std::string(tx.status().message()).c_str());
    return 1;
  }
  std::printf("%s\n", ToHex(SerializeTx(*tx)).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "ours") return Ours();
  if (argc >= 3 && std::string(argv[1]) == "finalize") return Finalize(argv[2]);
  std::fprintf(stderr, "usage: psbt_tool ours | finalize <base64>\n");
  return 2;
}
