// The `bitcoin` chain adapter plugin (libentangle_bitcoin.so).
#include "chains/bitcoin/adapter.h"
#include "entangle/sdk.h"

ENTANGLE_PLUGIN(entangle::chains::ChainAdapter, entangle::bitcoin::BitcoinAdapter, "bitcoin",
                "0.1.0",
                "Bitcoin: taproot settlement, script interpreter (Core's vectors), headers, SPV");
