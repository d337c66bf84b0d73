#include "chains/bitcoin/crypto.h"

#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include <array>
#include <cstring>

#include "common/bytes.h"

namespace entangle::bitcoin {
namespace {

secp256k1_context* Ctx() {
  static secp256k1_context* ctx = [] {
    secp256k1_context* c =
        secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
    // Blinding for signing; a fixed seed keeps runs reproducible (signing is deterministic anyway).
    uint8_t seed[32];
    Digest32 s = Sha256(AsBytes("entangle secp256k1 context blinding"));
    std::memcpy(seed, s.data(), 32);
    if (!secp256k1_context_randomize(c, seed)) std::abort();
    return c;
  }();
  return ctx;
}

// Bitcoin Core's lax DER parser: accepts BER-ish encodings seen on the chain before BIP66
// (arbitrary length bytes, leading zeros), rejects only what cannot be read. Unreadable or
// overflowing R/S values become the (invalid) all-zero signature rather than a parse failure.
bool ParseDerLax(ByteView in, secp256k1_ecdsa_signature* sig) {
  const secp256k1_context* ctx = Ctx();
  uint8_t compact[64] = {0};
  secp256k1_ecdsa_signature_parse_compact(ctx, sig, compact);
  const size_t len = in.size();
  size_t pos = 0;
  auto read_len = [&](size_t* out) -> bool {
    if (pos == len) return false;
    size_t lenbyte = in[pos++];
    if (lenbyte & 0x80) {
      lenbyte -= 0x80;
      if (lenbyte > len - pos) return false;
      while (lenbyte > 0 && in[pos] == 0) {
        pos++;
        lenbyte--;
      }
      if (lenbyte >= 4) return false;
      size_t v = 0;
      while (lenbyte > 0) {
        v = (v << 8) + in[pos];
        pos++;
        lenbyte--;
      }
      *out = v;
    } else {
      *out = lenbyte;
    }
    return true;
  };
  if (pos == len || in[pos] != 0x30) return false;
  pos++;
  if (pos == len) return false;
  size_t seqlen = in[pos++];
  if (seqlen & 0x80) {
    seqlen -= 0x80;
    if (seqlen > len - pos) return false;
    pos += seqlen;
  }
  if (pos == len || in[pos] != 0x02) return false;
  pos++;
  size_t rlen;
  if (!read_len(&rlen)) return false;
  if (rlen > len - pos) return false;
  size_t rpos = pos;
  pos += rlen;
  if (pos == len || in[pos] != 0x02) return false;
  pos++;
  size_t slen;
  if (!read_len(&slen)) return false;
  if (slen > len - pos) return false;
  size_t spos = pos;
  while (rlen > 0 && in[rpos] == 0) {
    rlen--;
    rpos++;
  }
  bool overflow = false;
  if (rlen > 32) {
    overflow = true;
  } else {
    std::memcpy(compact + 32 - rlen, in.data() + rpos, rlen);
  }
  while (slen > 0 && in[spos] == 0) {
    slen--;
    spos++;
  }
  if (slen > 32) {
    overflow = true;
  } else {
    std::memcpy(compact + 64 - slen, in.data() + spos, slen);
  }
  if (!overflow) overflow = !secp256k1_ecdsa_signature_parse_compact(ctx, sig, compact);
  if (overflow) {
    std::memset(compact, 0, 64);
    secp256k1_ecdsa_signature_parse_compact(ctx, sig, compact);
  }
  return true;
}

bool ParsePubkey(ByteView pubkey, secp256k1_pubkey* pk) {
  if (pubkey.empty()) return false;
  size_t want = (pubkey[0] == 2 || pubkey[0] == 3)                     ? 33
                : (pubkey[0] == 4 || pubkey[0] == 6 || pubkey[0] == 7) ? 65
                                                                       : 0;
  if (want == 0 || pubkey.size() != want) return false;
  return secp256k1_ec_pubkey_parse(Ctx(), pk, pubkey.data(), pubkey.size());
}

}  // namespace

const secp256k1_context_struct* SecpContext() { return Ctx(); }

bool VerifyEcdsa(ByteView der_sig, ByteView pubkey, const Digest32& msg) {
  secp256k1_pubkey pk;
  if (!ParsePubkey(pubkey, &pk)) return false;
  secp256k1_ecdsa_signature sig;
  if (!ParseDerLax(der_sig, &sig)) return false;
  secp256k1_ecdsa_signature_normalize(Ctx(), &sig, &sig);
  return secp256k1_ecdsa_verify(Ctx(), &sig, msg.data(), &pk) == 1;
}

bool EcdsaHasLowS(ByteView der_sig) {
  secp256k1_ecdsa_signature sig;
  if (!ParseDerLax(der_sig, &sig)) return false;
  return !secp256k1_ecdsa_signature_normalize(Ctx(), nullptr, &sig);
}

absl::StatusOr<Bytes> SignEcdsa(const Digest32& seckey, const Digest32& msg) {
  secp256k1_ecdsa_signature sig;
  if (!secp256k1_ecdsa_sign(Ctx(), &sig, msg.data(), seckey.data(), nullptr, nullptr)) {
    return absl::InvalidArgumentError("ECDSA signing failed: invalid secret key");
  }
  uint8_t der[72];
  size_t len = sizeof(der);
  secp256k1_ecdsa_signature_serialize_der(Ctx(), der, &len, &sig);
  return Bytes(der, der + len);
}

absl::StatusOr<Bytes> PubkeyFromSeckey(const Digest32& seckey, bool compressed) {
  secp256k1_pubkey pk;
  if (!secp256k1_ec_pubkey_create(Ctx(), &pk, seckey.data())) {
    return absl::InvalidArgumentError("invalid secret key (zero or not below the group order)");
  }
  uint8_t out[65];
  size_t len = sizeof(out);
  secp256k1_ec_pubkey_serialize(Ctx(), out, &len, &pk,
                                compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
  return Bytes(out, out + len);
}

absl::StatusOr<Digest32> XOnlyFromSeckey(const Digest32& seckey) {
  secp256k1_keypair kp;
  if (!secp256k1_keypair_create(Ctx(), &kp, seckey.data())) {
    return absl::InvalidArgumentError("invalid secret key (zero or not below the group order)");
  }
  secp256k1_xonly_pubkey x;
  if (!secp256k1_keypair_xonly_pub(Ctx(), &x, nullptr, &kp)) {
    return absl::InternalError("keypair_xonly_pub failed");
  }
  Digest32 out;
  secp256k1_xonly_pubkey_serialize(Ctx(), out.data(), &x);
  return out;
}

bool IsValidPubkey(ByteView pubkey) {
  secp256k1_pubkey pk;
  return ParsePubkey(pubkey, &pk);
}

bool IsValidXOnly(ByteView xonly) {
  secp256k1_xonly_pubkey x;
  return xonly.size() == 32 && secp256k1_xonly_pubkey_parse(Ctx(), &x, xonly.data());
}

bool VerifySchnorr(ByteView sig64, ByteView xonly32, ByteView msg) {
  if (sig64.size() != 64 || xonly32.size() != 32) return false;
  secp256k1_xonly_pubkey x;
  if (!secp256k1_xonly_pubkey_parse(Ctx(), &x, xonly32.data())) return false;
  return secp256k1_schnorrsig_verify(Ctx(), sig64.data(), msg.data(), msg.size(), &x) == 1;
}

absl::StatusOr<Bytes> SignSchnorr(const Digest32& seckey, ByteView msg,
                                  const std::optional<Digest32>& aux_rand) {
  secp256k1_keypair kp;
  if (!secp256k1_keypair_create(Ctx(), &kp, seckey.data())) {
    return absl::InvalidArgumentError("invalid secret key (zero or not below the group order)");
  }
  secp256k1_schnorrsig_extraparams params = SECP256K1_SCHNORRSIG_EXTRAPARAMS_INIT;
  Digest32 aux;
  if (aux_rand) {
    aux = *aux_rand;
    params.ndata = aux.data();
  }
  Bytes sig(64);
  if (!secp256k1_schnorrsig_sign_custom(Ctx(), sig.data(), msg.data(), msg.size(), &kp, &params)) {
    return absl::InternalError("Schnorr signing failed");
  }
  return sig;
}

Digest32 TaggedHash(std::string_view tag, ByteView data) {
  // The tags of the hot paths are hashed once.
  static const std::string_view kCommon[] = {"TapSighash", "TapLeaf", "TapBranch", "TapTweak",
                                             "BIP0340/challenge"};
  static const std::array<Digest32, 5> kCommonHashes = [] {
    std::array<Digest32, 5> h;
    for (size_t i = 0; i < 5; ++i) h[i] = Sha256(AsBytes(kCommon[i]));
    return h;
  }();
  Digest32 t;
  size_t i = 0;
  while (i < 5 && kCommon[i] != tag) ++i;
  t = i < 5 ? kCommonHashes[i] : Sha256(AsBytes(tag));
  Sha256Hasher h;
  h.Update(t).Update(t).Update(data);
  return h.Finish();
}

Digest32 TapLeafHash(uint8_t leaf_version, ByteView script) {
  Bytes buf;
  buf.reserve(script.size() + 10);
  buf.push_back(leaf_version);
  // CompactSize length prefix.
  size_t n = script.size();
  if (n < 0xfd) {
    buf.push_back(static_cast<uint8_t>(n));
  } else if (n <= 0xffff) {
    buf.push_back(0xfd);
    buf.push_back(n & 0xff);
    buf.push_back((n >> 8) & 0xff);
  } else {
    buf.push_back(0xfe);
    for (int i = 0; i < 4; ++i) buf.push_back((n >> (8 * i)) & 0xff);
  }
  buf.insert(buf.end(), script.begin(), script.end());
  return TaggedHash("TapLeaf", buf);
}

Digest32 TapBranchHash(const Digest32& a, const Digest32& b) {
  uint8_t buf[64];
  const bool swap = b < a;
  std::memcpy(buf, (swap ? b : a).data(), 32);
  std::memcpy(buf + 32, (swap ? a : b).data(), 32);
  return TaggedHash("TapBranch", ByteView(buf, 64));
}

Digest32 TaprootMerkleRootFromControl(ByteView control, const Digest32& leaf_hash) {
  Digest32 k = leaf_hash;
  const size_t path_len = (control.size() - 33) / 32;
  for (size_t i = 0; i < path_len; ++i) {
    Digest32 node;
    std::memcpy(node.data(), control.data() + 33 + 32 * i, 32);
    k = TapBranchHash(k, node);
  }
  return k;
}

namespace {
Digest32 TapTweakHash(ByteView internal, const std::optional<Digest32>& root) {
  Bytes buf(internal.begin(), internal.end());
  if (root) buf.insert(buf.end(), root->begin(), root->end());
  return TaggedHash("TapTweak", buf);
}
}  // namespace

absl::StatusOr<TweakedKey> TaprootTweak(ByteView internal_xonly,
                                        const std::optional<Digest32>& merkle_root) {
  secp256k1_xonly_pubkey p;
  if (internal_xonly.size() != 32 ||
      !secp256k1_xonly_pubkey_parse(Ctx(), &p, internal_xonly.data())) {
    return absl::InvalidArgumentError("internal key is not a valid x-only public key");
  }
  Digest32 t = TapTweakHash(internal_xonly, merkle_root);
  secp256k1_pubkey q;
  if (!secp256k1_xonly_pubkey_tweak_add(Ctx(), &q, &p, t.data())) {
    return absl::InvalidArgumentError("taproot tweak out of range");
  }
  secp256k1_xonly_pubkey qx;
  TweakedKey out;
  if (!secp256k1_xonly_pubkey_from_pubkey(Ctx(), &qx, &out.parity, &q)) {
    return absl::InternalError("xonly_pubkey_from_pubkey failed");
  }
  secp256k1_xonly_pubkey_serialize(Ctx(), out.output_key.data(), &qx);
  return out;
}

bool CheckTapTweak(ByteView output_xonly, ByteView internal_xonly, const Digest32& merkle_root,
                   int parity) {
  secp256k1_xonly_pubkey p;
  if (internal_xonly.size() != 32 ||
      !secp256k1_xonly_pubkey_parse(Ctx(), &p, internal_xonly.data())) {
    return false;
  }
  Digest32 t = TapTweakHash(internal_xonly, merkle_root);
  return secp256k1_xonly_pubkey_tweak_add_check(Ctx(), output_xonly.data(), parity, &p, t.data()) ==
         1;
}

absl::StatusOr<Digest32> TaprootTweakSeckey(const Digest32& seckey,
                                            const std::optional<Digest32>& merkle_root) {
  secp256k1_keypair kp;
  if (!secp256k1_keypair_create(Ctx(), &kp, seckey.data())) {
    return absl::InvalidArgumentError("invalid secret key");
  }
  secp256k1_xonly_pubkey x;
  if (!secp256k1_keypair_xonly_pub(Ctx(), &x, nullptr, &kp)) return absl::InternalError("xonly");
  Digest32 xb;
  secp256k1_xonly_pubkey_serialize(Ctx(), xb.data(), &x);
  Digest32 t = TapTweakHash(xb, merkle_root);
  if (!secp256k1_keypair_xonly_tweak_add(Ctx(), &kp, t.data())) {
    return absl::InvalidArgumentError("taproot tweak out of range");
  }
  Digest32 out;
  if (!secp256k1_keypair_sec(Ctx(), out.data(), &kp)) return absl::InternalError("keypair_sec");
  return out;
}

absl::StatusOr<TapTree> BuildTapTree(const std::vector<TapLeaf>& leaves) {
  if (leaves.empty()) return absl::InvalidArgumentError("empty script tree");
  // A stack of partial subtrees: (depth, hash, leaf indices below).
  struct Node {
    int depth;
    Digest32 hash;
    std::vector<size_t> leaves;
  };
  TapTree tree;
  tree.paths.resize(leaves.size());
  std::vector<Node> stack;
  for (size_t i = 0; i < leaves.size(); ++i) {
    if (leaves[i].depth < 0 || leaves[i].depth > 128) {
      return absl::InvalidArgumentError("script tree depth out of range");
    }
    Node n{leaves[i].depth, TapLeafHash(leaves[i].version, leaves[i].script), {i}};
    while (!stack.empty() && stack.back().depth == n.depth) {
      if (n.depth == 0) return absl::InvalidArgumentError("script tree has two roots");
      Node left = std::move(stack.back());
      stack.pop_back();
      for (size_t l : left.leaves) tree.paths[l].push_back(n.hash);
      for (size_t l : n.leaves) tree.paths[l].push_back(left.hash);
      Node parent{n.depth - 1, TapBranchHash(left.hash, n.hash), std::move(left.leaves)};
      parent.leaves.insert(parent.leaves.end(), n.leaves.begin(), n.leaves.end());
      n = std::move(parent);
    }
    stack.push_back(std::move(n));
  }
  if (stack.size() != 1 || stack[0].depth != 0) {
    return absl::InvalidArgumentError("script tree depths do not form a complete tree");
  }
  tree.root = stack[0].hash;
  return tree;
}

Bytes ControlBlock(uint8_t leaf_version, int parity, ByteView internal_xonly,
                   const std::vector<Digest32>& path) {
  Bytes c;
  c.reserve(33 + 32 * path.size());
  c.push_back(static_cast<uint8_t>((leaf_version & 0xfe) | (parity & 1)));
  c.insert(c.end(), internal_xonly.begin(), internal_xonly.end());
  for (const auto& p : path) c.insert(c.end(), p.begin(), p.end());
  return c;
}

const Digest32& NumsH() {
  static const Digest32 h =
      *FixedFromHex<32>("50929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0");
  return h;
}

}  // namespace entangle::bitcoin
