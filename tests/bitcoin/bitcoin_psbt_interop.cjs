// PSBT interop with bitcoinjs-lib: our signed PSBT is validated and finalized by bitcoinjs (same
// transaction as ours), and bitcoinjs's signed PSBT is finalized and extracted by us (same
// transaction as bitcoinjs's, and our interpreter accepts it); a tampered signature is refused.
// Usage: node bitcoin_psbt_interop.cjs <psbt_tool> <node_modules dir>
'use strict';
const path = require('path');
const assert = require('assert');
const { execFileSync } = require('child_process');
const { createRequire } = require('module');

const tool = process.argv[2];
const req = createRequire(path.join(process.argv[3], 'index.js'));
const bitcoin = req('bitcoinjs-lib');
const ecc = req('tiny-secp256k1');
const { ECPairFactory } = req('ecpair');
bitcoin.initEccLib(ecc);
const ECPair = ECPairFactory(ecc);
const network = bitcoin.networks.regtest;

const validator = (pubkey, msghash, signature) =>
  pubkey.length === 32 ? ecc.verifySchnorr(msghash, pubkey, signature)
                       : ecc.verify(msghash, pubkey, signature);

// 1. Ours, finalized by bitcoinjs.
const ours = JSON.parse(execFileSync(tool, ['ours']).toString());
const p1 = bitcoin.Psbt.fromBase64(ours.psbt, { network });
assert.ok(p1.validateSignaturesOfAllInputs(validator), 'bitcoinjs rejects our signatures');
p1.finalizeAllInputs();
const theirHex = p1.extractTransaction().toHex();
assert.strictEqual(theirHex, ours.tx, 'bitcoinjs finalized our PSBT into a different transaction');
console.log('ok: our PSBT (P2TR key path + P2WPKH) validated and finalized by bitcoinjs');

// 2. Theirs, finalized by us.
const keyA = ECPair.fromPrivateKey(Buffer.alloc(32, 0x41), { network });
const keyB = ECPair.fromPrivateKey(Buffer.alloc(32, 0x42), { network });
const xonly = Buffer.from(keyA.publicKey.subarray(1, 33));
const p2tr = bitcoin.payments.p2tr({ internalPubkey: xonly, network });
const p2wpkh = bitcoin.payments.p2wpkh({ pubkey: Buffer.from(keyB.publicKey), network });
const tweaked = keyA.tweak(bitcoin.crypto.taggedHash('TapTweak', xonly));
const psbt = new bitcoin.Psbt({ network });
psbt.addInput({ hash: '11'.repeat(32), index: 0, sequence: 0xfffffffd,
                witnessUtxo: { script: p2tr.output, value: 50000n }, tapInternalKey: xonly });
psbt.addInput({ hash: '22'.repeat(32), index: 1,
                witnessUtxo: { script: p2wpkh.output, value: 60000n } });
psbt.addOutput({ address: p2tr.address, value: 100000n });
psbt.signInput(0, tweaked);
psbt.signInput(1, keyB);
const b64 = psbt.toBase64();
const ourHex = execFileSync(tool, ['finalize', b64]).toString().trim();
psbt.finalizeAllInputs();
assert.strictEqual(ourHex, psbt.extractTransaction().toHex(), 'we finalized a different transaction');
console.log('ok: bitcoinjs PSBT finalized, extracted and verified by us');

// 3. A tampered taproot signature must be refused by our extractor.
const bad = bitcoin.Psbt.fromBase64(b64, { network });
const sig = Buffer.from(bad.data.inputs[0].tapKeySig);
sig[10] ^= 1;
bad.data.inputs[0].tapKeySig = sig;
let refused = false;
try {
  execFileSync(tool, ['finalize', bad.toBase64()], { stdio: ['ignore', 'pipe', 'pipe'] });
} catch (e) {
  refused = true;
}
assert.ok(refused, 'a tampered signature was accepted');
console.log('ok: tampered signature refused');
