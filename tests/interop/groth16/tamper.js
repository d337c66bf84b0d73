// node tamper.js KIND IN_DIR OUT_DIR: copies proof.json/public.json with one change.
const fs = require("fs");
const [kind, inDir, outDir] = process.argv.slice(2);
const proof = JSON.parse(fs.readFileSync(`${inDir}/proof.json`));
let pub = JSON.parse(fs.readFileSync(`${inDir}/public.json`));
const q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const G2 = [
  ["10857046999023057135944570762232829481370756359578518086990519993285655852781",
   "11559732032986387107991004021392285783925812861821192530917403151452391805634"],
  ["8495653923123431417604973247489272438418190587263600148770280649306958101930",
   "4082367875863433681332203403145435568316851327593401208105741076214120093531"],
  ["1", "0"]];
switch (kind) {
  case "a": proof.pi_a = ["1", "2", "1"]; break;                                 // valid point, wrong A
  case "a_neg": proof.pi_a[1] = (q - BigInt(proof.pi_a[1])).toString(); break;   // -A
  case "b": proof.pi_b = G2; break;                                              // valid point, wrong B
  case "c": proof.pi_c[1] = (q - BigInt(proof.pi_c[1])).toString(); break;       // -C
  case "c_offcurve": proof.pi_c[1] = (BigInt(proof.pi_c[1]) + 1n).toString(); break;
  case "pub": pub[0] = (BigInt(pub[0]) + 1n).toString(); break;
  case "pub_count": pub = pub.slice(1); break;
  case "pub_noncanonical":
    pub[0] = (BigInt(pub[0]) + 21888242871839275222246405745257275088548364400416034343698204186575808495617n).toString();
    break;
  default: throw new Error("unknown kind " + kind);
}
fs.mkdirSync(outDir, {recursive: true});
fs.writeFileSync(`${outDir}/proof.json`, JSON.stringify(proof));
fs.writeFileSync(`${outDir}/public.json`, JSON.stringify(pub));
