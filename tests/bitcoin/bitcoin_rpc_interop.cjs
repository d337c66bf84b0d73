// Devchain JSON-RPC interop with the npm `bitcoin-core` client (and bitcoinjs-lib building the
// transactions): chain info, mining to a taproot address, a coinbase spend accepted into the
// mempool and confirmed, and rejections (conflict, bad signature, wrong password) with bitcoind's
// error codes. Usage: node bitcoin_rpc_interop.cjs <port> <node_modules dir>
'use strict';
const path = require('path');
const assert = require('assert');
const { createRequire } = require('module');

const port = process.argv[2];
const req = createRequire(path.join(process.argv[3], 'index.js'));
const Client = req('bitcoin-core');
const bitcoin = req('bitcoinjs-lib');
const ecc = req('tiny-secp256k1');
const { ECPairFactory } = req('ecpair');
bitcoin.initEccLib(ecc);
const ECPair = ECPairFactory(ecc);
const network = bitcoin.networks.regtest;

const keyA = ECPair.fromPrivateKey(Buffer.alloc(32, 0x61), { network });
const keyB = ECPair.fromPrivateKey(Buffer.alloc(32, 0x62), { network });
const xonly = Buffer.from(keyA.publicKey.subarray(1, 33));
const p2tr = bitcoin.payments.p2tr({ internalPubkey: xonly, network });
const p2wpkh = bitcoin.payments.p2wpkh({ pubkey: Buffer.from(keyB.publicKey), network });
const tweaked = keyA.tweak(bitcoin.crypto.taggedHash('TapTweak', xonly));

function spend(txid, value, outValue, outScript) {
  const psbt = new bitcoin.Psbt({ network });
  psbt.addInput({ hash: txid, index: 0, witnessUtxo: { script: p2tr.output, value },
                  tapInternalKey: xonly });
  psbt.addOutput({ script: outScript, value: outValue });
  psbt.signInput(0, tweaked);
  psbt.finalizeAllInputs();
  return psbt.extractTransaction();
}

async function expectRpcError(promise, code, text) {
  try {
    await promise;
  } catch (e) {
    assert.strictEqual(e.code, code, `error code ${e.code} (${e.message}), expected ${code}`);
    if (text) assert.ok(e.message.includes(text), `message "${e.message}" lacks "${text}"`);
    return;
  }
  assert.fail('call succeeded but should have failed');
}

(async () => {
  const client = new Client({ host: `http://127.0.0.1:${port}`, username: 'entangle', password: 'secret' });
  const info = await client.command('getblockchaininfo');
  assert.strictEqual(info.chain, 'regtest');
  assert.strictEqual(info.blocks, 0);
  assert.strictEqual(info.bestblockhash, '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206');

  const hashes = await client.command('generatetoaddress', 101, p2tr.address);
  assert.strictEqual(hashes.length, 101);
  assert.strictEqual(await client.command('getblockcount'), 101);
  assert.strictEqual(await client.command('getblockhash', 1), hashes[0]);
  const block1 = await client.command('getblock', hashes[0]);
  assert.strictEqual(block1.height, 1);
  assert.strictEqual(block1.confirmations, 101);
  const cbTxid = block1.tx[0];
  const header = await client.command('getblockheader', hashes[0], false);
  assert.strictEqual(bitcoin.Block.fromHex(header + '00').getId(), hashes[0]);
  const coin = await client.command('gettxout', cbTxid, 0);
  assert.strictEqual(coin.value, 50);
  assert.strictEqual(coin.coinbase, true);
  assert.strictEqual(coin.scriptPubKey.address, p2tr.address);
  assert.strictEqual(coin.scriptPubKey.type, 'witness_v1_taproot');
  console.log('ok: chain info, mining, blocks and UTXOs through bitcoin-core');

  const tx = spend(cbTxid, 5000000000n, 4999990000n, p2wpkh.output);
  const [accept] = await client.command('testmempoolaccept', [tx.toHex()]);
  assert.strictEqual(accept.allowed, true, JSON.stringify(accept));
  assert.strictEqual(accept.txid, tx.getId());
  const decoded = await client.command('decoderawtransaction', tx.toHex());
  assert.strictEqual(decoded.txid, tx.getId());
  assert.strictEqual(decoded.vin[0].txid, cbTxid);
  assert.strictEqual(decoded.vout[0].value, 49.9999);
  const txid = await client.command('sendrawtransaction', tx.toHex());
  assert.strictEqual(txid, tx.getId());
  assert.deepStrictEqual(await client.command('getrawmempool'), [txid]);
  assert.strictEqual((await client.command('getmempoolinfo')).size, 1);
  assert.strictEqual(await client.command('gettxout', cbTxid, 0), null);  // spent in the mempool
  console.log('ok: bitcoinjs transaction accepted into the devchain mempool');

  const conflict = spend(cbTxid, 5000000000n, 4999980000n, p2wpkh.output);
  const [rejected] = await client.command('testmempoolaccept', [conflict.toHex()]);
  assert.strictEqual(rejected.allowed, false);
  assert.strictEqual(rejected['reject-reason'], 'txn-mempool-conflict');
  await expectRpcError(client.command('sendrawtransaction', conflict.toHex()), -26, 'txn-mempool-conflict');
  const block2 = await client.command('getblock', hashes[1]);
  const badTx = spend(block2.tx[0], 5000000000n, 4999990000n, p2wpkh.output);
  badTx.ins[0].witness[0][7] ^= 1;
  await expectRpcError(client.command('sendrawtransaction', badTx.toHex()), -26,
                       'mandatory-script-verify-flag-failed');
  await expectRpcError(client.command('sendrawtransaction', 'zz'), -22);
  await expectRpcError(client.command('getblockhash', 1000), -8);
  console.log('ok: conflicts, bad signatures and bad parameters rejected with bitcoind codes');

  await client.command('generatetoaddress', 1, p2tr.address);
  const confirmed = await client.command('getrawtransaction', txid, true);
  assert.strictEqual(confirmed.confirmations, 1);
  assert.strictEqual(confirmed.txid, txid);
  assert.strictEqual(confirmed.vout[0].scriptPubKey.address, p2wpkh.address);
  assert.deepStrictEqual(await client.command('getrawmempool'), []);
  const out = await client.command('gettxout', txid, 0);
  assert.strictEqual(out.confirmations, 1);
  console.log('ok: transaction mined and confirmed');

  // A reorg driven over RPC: invalidate the block holding it, then reconsider it.
  const holder = confirmed.blockhash;
  assert.strictEqual(await client.command('invalidateblock', holder), null);
  assert.strictEqual(await client.command('getblockcount'), 101);
  assert.deepStrictEqual(await client.command('getrawmempool'), [txid]);
  assert.strictEqual(await client.command('reconsiderblock', holder), null);
  assert.strictEqual(await client.command('getbestblockhash'), holder);
  assert.deepStrictEqual(await client.command('getrawmempool'), []);
  console.log('ok: invalidateblock / reconsiderblock reorg');

  const wrong = new Client({ host: `http://127.0.0.1:${port}`, username: 'entangle', password: 'nope' });
  await expectRpcError(wrong.command('getblockcount'), 401);
  console.log('ok: wrong password refused');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
