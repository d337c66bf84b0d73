// node evm_verify.mjs verifier.sol calldata.txt
// Compiles our Solidity verifier with solc (npm) and runs verifyProof in @ethereumjs/vm via runTx
// (real gas): the valid calldata must return true; tampered A, B, C and a wrong public input must
// return false. Prints the gas used per transaction. Exit 0 only when everything holds.
import fs from "fs";
import solc from "solc";
import { createVM, runTx } from "@ethereumjs/vm";
import { createLegacyTx } from "@ethereumjs/tx";
import { Common, Mainnet, Hardfork } from "@ethereumjs/common";
import { Address, Account, privateToAddress, hexToBytes, bytesToHex } from "@ethereumjs/util";

const [solPath, calldataPath] = process.argv.slice(2);
const source = fs.readFileSync(solPath, "utf8");
const input = {
  language: "Solidity",
  sources: { "Verifier.sol": { content: source } },
  settings: { evmVersion: "prague", optimizer: { enabled: true, runs: 200 },
              outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.methodIdentifiers"] } } },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
for (const e of out.errors || []) if (e.severity === "error") { console.error(e.formattedMessage); process.exit(1); }
const c = out.contracts["Verifier.sol"]["Groth16Verifier"];
const selectorEntry = Object.entries(c.evm.methodIdentifiers).find(([sig]) => sig.startsWith("verifyProof("));
const selector = selectorEntry[1];
// All parameters are static uint256 arrays: the ABI encoding is the words in order.
function encode(a) {
  const words = [...a[0], ...a[1][0], ...a[1][1], ...a[2], ...a[3]];
  return "0x" + selector + words.map((w) => BigInt(w).toString(16).padStart(64, "0")).join("");
}
const args = JSON.parse("[" + fs.readFileSync(calldataPath, "utf8") + "]");

const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
const vm = await createVM({ common });
const pk = hexToBytes("0x" + "11".repeat(32));
const sender = new Address(privateToAddress(pk));
await vm.stateManager.putAccount(sender, new Account(0n, 10n ** 20n));
let nonce = 0n;
async function send(to, data) {
  const tx = createLegacyTx({ nonce: nonce++, gasPrice: 10n, gasLimit: 5_000_000n, to, data },
                            { common }).sign(pk);
  return runTx(vm, { tx, skipBlockGasLimitValidation: true });
}
const deploy = await send(undefined, hexToBytes("0x" + c.evm.bytecode.object));
if (deploy.execResult.exceptionError) { console.error("deploy failed", deploy.execResult.exceptionError); process.exit(1); }
const addr = deploy.createdAddress;

async function call(a) {
  const r = await send(addr, hexToBytes(encode(a)));
  if (r.execResult.exceptionError) return { ok: null, gas: r.totalGasSpent };
  const ret = bytesToHex(r.execResult.returnValue);
  const ok = BigInt(ret) === 1n ? true : BigInt(ret) === 0n ? false : null;
  return { ok, gas: r.totalGasSpent };
}
const clone = (x) => JSON.parse(JSON.stringify(x));
let fail = false;
const valid = await call(args);
console.log(`valid proof: verifyProof=${valid.ok} gas=${valid.gas}`);
if (valid.ok !== true) fail = true;
const G1 = ["0x01", "0x02"];
const variants = {
  tampered_A: (a) => { a[0] = G1; },
  tampered_B: (a) => { a[1] = [a[1][1], a[1][0]]; },
  tampered_C: (a) => { a[2] = G1; },
  wrong_public: (a) => { a[3][0] = "0x" + (BigInt(a[3][0]) + 1n).toString(16); },
};
for (const [name, f] of Object.entries(variants)) {
  const a = clone(args); f(a);
  const r = await call(a);
  console.log(`${name}: verifyProof=${r.ok} gas=${r.gas}`);
  if (r.ok !== false) fail = true;
}
process.exit(fail ? 1 : 0);
