// Fuzz target: the Ethereum precompiles and the point decoders on arbitrary bytes never crash.
#include <cstddef>
#include <cstdint>

#include "proof_systems/ec/bn254/encoding.h"
#include "proof_systems/ec/bn254/precompiles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace entangle::bn254;
  entangle::ByteView in(data, size);
  (void)Bn256Add(in);
  (void)Bn256ScalarMul(in);
  if (size <= 2 * 192) (void)Bn256Pairing(in);
  uint8_t buf[128] = {};
  for (size_t i = 0; i < size && i < sizeof(buf); ++i) buf[i] = data[i];
  (void)G1Decompress(buf);
  (void)G1FromLeMont(buf);
  (void)G2FromLeMont(buf);
  (void)G2FromEth(buf);
  return 0;
}
