#include "chains/bitcoin/musig2.h"

#include <secp256k1.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "chains/bitcoin/crypto.h"
#include "common/bytes.h"
#include "common/status.h"

namespace entangle::bitcoin::musig2 {
namespace {

const secp256k1_context* Ctx() { return SecpContext(); }

// ------------------------------------------------------------ scalars mod n (not a hot path)

using U256 = std::array<uint64_t, 4>;  // little-endian limbs

constexpr U256 kN = {0xBFD25E8CD0364141ULL, 0xBAAEDCE6AF48A03BULL, 0xFFFFFFFFFFFFFFFEULL,
                     0xFFFFFFFFFFFFFFFFULL};

U256 FromBytes(const uint8_t* b) {
  U256 r;
  for (int i = 0; i < 4; ++i) {
    uint64_t v = 0;
    for (int j = 0; j < 8; ++j) v = (v << 8) | b[(3 - i) * 8 + j];
    r[i] = v;
  }
  return r;
}

Bytes32 ToBytes(const U256& a) {
  Bytes32 out;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 8; ++j) out[(3 - i) * 8 + j] = static_cast<uint8_t>(a[i] >> (56 - 8 * j));
  }
  return out;
}

bool Geq(const U256& a, const U256& b) {
  for (int i = 3; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}

bool IsZero(const U256& a) { return (a[0] | a[1] | a[2] | a[3]) == 0; }

// a - b, assuming a >= b (or wrapping).
U256 SubRaw(const U256& a, const U256& b) {
  U256 r;
  unsigned __int128 borrow = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned __int128 d = static_cast<unsigned __int128>(a[i]) - b[i] - borrow;
    r[i] = static_cast<uint64_t>(d);
    borrow = (d >> 64) ? 1 : 0;
  }
  return r;
}

U256 Reduce(const U256& a) { return Geq(a, kN) ? SubRaw(a, kN) : a; }

U256 AddMod(const U256& a, const U256& b) {
  U256 r;
  unsigned __int128 carry = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned __int128 s = static_cast<unsigned __int128>(a[i]) + b[i] + carry;
    r[i] = static_cast<uint64_t>(s);
    carry = s >> 64;
  }
  if (carry || Geq(r, kN)) r = SubRaw(r, kN);
  return r;
}

U256 NegMod(const U256& a) { return IsZero(a) ? a : SubRaw(kN, a); }

U256 MulMod(const U256& a, const U256& b) {
  U256 r = {0, 0, 0, 0};
  for (int i = 255; i >= 0; --i) {
    r = AddMod(r, r);
    if ((b[i / 64] >> (i % 64)) & 1) r = AddMod(r, a);
  }
  return r;
}

U256 One() { return {1, 0, 0, 0}; }

U256 HashToScalar(const Digest32& h) { return Reduce(FromBytes(h.data())); }

// ------------------------------------------------------------ points (nullopt = infinity)

using Point = std::optional<secp256k1_pubkey>;

std::optional<secp256k1_pubkey> CPoint(const uint8_t* b33) {
  secp256k1_pubkey p;
  if (b33[0] != 2 && b33[0] != 3) return std::nullopt;
  if (!secp256k1_ec_pubkey_parse(Ctx(), &p, b33, 33)) return std::nullopt;
  return p;
}

PlainPubkey CBytes(const secp256k1_pubkey& p) {
  PlainPubkey out;
  size_t len = 33;
  secp256k1_ec_pubkey_serialize(Ctx(), out.data(), &len, &p, SECP256K1_EC_COMPRESSED);
  return out;
}

PlainPubkey CBytesExt(const Point& p) { return p ? CBytes(*p) : PlainPubkey{}; }

Bytes32 XBytes(const secp256k1_pubkey& p) {
  PlainPubkey c = CBytes(p);
  Bytes32 x;
  std::memcpy(x.data(), c.data() + 1, 32);
  return x;
}

bool HasEvenY(const secp256k1_pubkey& p) { return CBytes(p)[0] == 2; }

Point Add(const Point& a, const Point& b) {
  if (!a) return b;
  if (!b) return a;
  const secp256k1_pubkey* ins[2] = {&*a, &*b};
  secp256k1_pubkey out;
  if (!secp256k1_ec_pubkey_combine(Ctx(), &out, ins, 2)) return std::nullopt;  // infinity
  return out;
}

Point Mul(const Point& p, const U256& k) {
  if (!p || IsZero(k)) return std::nullopt;
  secp256k1_pubkey out = *p;
  Bytes32 kb = ToBytes(k);
  if (!secp256k1_ec_pubkey_tweak_mul(Ctx(), &out, kb.data())) return std::nullopt;
  return out;
}

Point MulG(const U256& k) {
  if (IsZero(k)) return std::nullopt;
  secp256k1_pubkey out;
  Bytes32 kb = ToBytes(k);
  if (!secp256k1_ec_pubkey_create(Ctx(), &out, kb.data())) return std::nullopt;
  return out;
}

Point Neg(const Point& p) {
  if (!p) return p;
  secp256k1_pubkey out = *p;
  if (!secp256k1_ec_pubkey_negate(Ctx(), &out)) return std::nullopt;
  return out;
}

bool PointEq(const Point& a, const Point& b) {
  if (!a || !b) return !a && !b;
  return CBytes(*a) == CBytes(*b);
}

// Ext decoding: 33 zero bytes is infinity.
absl::StatusOr<Point> CPointExt(const uint8_t* b33) {
  if (std::all_of(b33, b33 + 33, [](uint8_t x) { return x == 0; })) return Point();
  auto p = CPoint(b33);
  if (!p) return absl::InvalidArgumentError("invalid point");
  return Point(*p);
}

absl::Status Contribution(const char* what, std::optional<size_t> signer) {
  std::string msg = std::string("invalid_contribution: ") + what;
  if (signer) msg += " from signer " + std::to_string(*signer);
  return absl::InvalidArgumentError(msg);
}

Digest32 Tagged(const char* tag, ByteView data) { return TaggedHash(tag, data); }

Bytes HashKeys(const std::vector<PlainPubkey>& keys) {
  Bytes all;
  for (const auto& k : keys) all.insert(all.end(), k.begin(), k.end());
  Digest32 h = Tagged("KeyAgg list", all);
  return Bytes(h.begin(), h.end());
}

PlainPubkey SecondKey(const std::vector<PlainPubkey>& keys) {
  for (size_t j = 1; j < keys.size(); ++j) {
    if (keys[j] != keys[0]) return keys[j];
  }
  return PlainPubkey{};
}

U256 KeyAggCoeffInternal(const Bytes& list_hash, const PlainPubkey& pk, const PlainPubkey& pk2) {
  if (pk == pk2) return One();
  Bytes buf = list_hash;
  buf.insert(buf.end(), pk.begin(), pk.end());
  return HashToScalar(Tagged("KeyAgg coefficient", buf));
}

struct Session {
  Point q;
  U256 gacc, tacc, b, e;
  secp256k1_pubkey r;
};

absl::StatusOr<Session> SessionValues(const SessionContext& ctx) {
  ASSIGN_OR_RETURN(KeyAggContext kctx, KeyAgg(ctx.pubkeys));
  if (ctx.tweaks.size() != ctx.is_xonly.size()) {
    return absl::InvalidArgumentError("tweaks and is_xonly differ in length");
  }
  for (size_t i = 0; i < ctx.tweaks.size(); ++i) {
    ASSIGN_OR_RETURN(kctx, ApplyTweak(kctx, ctx.tweaks[i], ctx.is_xonly[i]));
  }
  Session s;
  s.q = CPoint(kctx.q.data());
  s.gacc = FromBytes(kctx.gacc.data());
  s.tacc = FromBytes(kctx.tacc.data());
  Bytes32 qx = XBytes(*s.q);
  Bytes buf(ctx.aggnonce.begin(), ctx.aggnonce.end());
  buf.insert(buf.end(), qx.begin(), qx.end());
  buf.insert(buf.end(), ctx.msg.begin(), ctx.msg.end());
  s.b = HashToScalar(Tagged("MuSig/noncecoef", buf));
  auto r1 = CPointExt(ctx.aggnonce.data());
  auto r2 = CPointExt(ctx.aggnonce.data() + 33);
  if (!r1.ok() || !r2.ok()) return Contribution("aggnonce", std::nullopt);
  Point rp = Add(*r1, Mul(*r2, s.b));
  if (!rp) {
    s.r = *MulG(One());
  } else {
    s.r = *rp;
  }
  Bytes32 rx = XBytes(s.r);
  Bytes ebuf(rx.begin(), rx.end());
  ebuf.insert(ebuf.end(), qx.begin(), qx.end());
  ebuf.insert(ebuf.end(), ctx.msg.begin(), ctx.msg.end());
  s.e = HashToScalar(Tagged("BIP0340/challenge", ebuf));
  return s;
}

absl::StatusOr<U256> SessionKeyAggCoeff(const SessionContext& ctx, const PlainPubkey& pk) {
  if (std::find(ctx.pubkeys.begin(), ctx.pubkeys.end(), pk) == ctx.pubkeys.end()) {
    return absl::InvalidArgumentError(
        "The signer's pubkey must be included in the list of pubkeys.");
  }
  return KeyAggCoeffInternal(HashKeys(ctx.pubkeys), pk, SecondKey(ctx.pubkeys));
}

}  // namespace

std::vector<PlainPubkey> KeySort(std::vector<PlainPubkey> keys) {
  std::sort(keys.begin(), keys.end());
  return keys;
}

absl::StatusOr<KeyAggContext> KeyAgg(const std::vector<PlainPubkey>& keys) {
  if (keys.empty()) return absl::InvalidArgumentError("no public keys to aggregate");
  const Bytes list = HashKeys(keys);
  const PlainPubkey pk2 = SecondKey(keys);
  Point q;
  for (size_t i = 0; i < keys.size(); ++i) {
    auto p = CPoint(keys[i].data());
    if (!p) return Contribution("pubkey", i);
    q = Add(q, Mul(p, KeyAggCoeffInternal(list, keys[i], pk2)));
  }
  if (!q) return absl::InvalidArgumentError("aggregate public key is infinity");
  KeyAggContext ctx;
  ctx.q = CBytes(*q);
  ctx.gacc = ToBytes(One());
  ctx.tacc = ToBytes({0, 0, 0, 0});
  return ctx;
}

absl::StatusOr<KeyAggContext> ApplyTweak(const KeyAggContext& ctx, const Bytes32& tweak,
                                         bool is_xonly) {
  auto q = CPoint(ctx.q.data());
  if (!q) return absl::InvalidArgumentError("invalid key aggregation context");
  const U256 g = (!is_xonly || HasEvenY(*q)) ? One() : NegMod(One());
  const U256 t = FromBytes(tweak.data());
  if (Geq(t, kN)) return absl::InvalidArgumentError("The tweak must be less than n.");
  Point q2 = Add(Mul(q, g), MulG(t));
  if (!q2) return absl::InvalidArgumentError("The result of tweaking cannot be infinity.");
  KeyAggContext out;
  out.q = CBytes(*q2);
  out.gacc = ToBytes(MulMod(g, FromBytes(ctx.gacc.data())));
  out.tacc = ToBytes(AddMod(t, MulMod(g, FromBytes(ctx.tacc.data()))));
  return out;
}

Bytes32 XOnly(const KeyAggContext& ctx) {
  Bytes32 x;
  std::memcpy(x.data(), ctx.q.data() + 1, 32);
  return x;
}

absl::StatusOr<NonceGenResult> NonceGen(const Bytes32& rand_in, const std::optional<Bytes32>& sk,
                                        const PlainPubkey& pk, const std::optional<Bytes32>& aggpk,
                                        const std::optional<Bytes>& msg,
                                        const std::optional<Bytes>& extra_in) {
  Bytes32 rand = rand_in;
  if (sk) {
    Digest32 h = Tagged("MuSig/aux", rand_in);
    for (int i = 0; i < 32; ++i) rand[i] = (*sk)[i] ^ h[i];
  }
  Bytes msg_prefixed;
  if (!msg) {
    msg_prefixed.push_back(0);
  } else {
    msg_prefixed.push_back(1);
    uint64_t n = msg->size();
    for (int i = 7; i >= 0; --i) msg_prefixed.push_back(static_cast<uint8_t>(n >> (8 * i)));
    msg_prefixed.insert(msg_prefixed.end(), msg->begin(), msg->end());
  }
  Bytes extra = extra_in ? *extra_in : Bytes();
  U256 k[2];
  for (int i = 0; i < 2; ++i) {
    Bytes buf(rand.begin(), rand.end());
    buf.push_back(33);
    buf.insert(buf.end(), pk.begin(), pk.end());
    buf.push_back(aggpk ? 32 : 0);
    if (aggpk) buf.insert(buf.end(), aggpk->begin(), aggpk->end());
    buf.insert(buf.end(), msg_prefixed.begin(), msg_prefixed.end());
    uint32_t el = static_cast<uint32_t>(extra.size());
    for (int j = 3; j >= 0; --j) buf.push_back(static_cast<uint8_t>(el >> (8 * j)));
    buf.insert(buf.end(), extra.begin(), extra.end());
    buf.push_back(static_cast<uint8_t>(i));
    k[i] = HashToScalar(Tagged("MuSig/nonce", buf));
    if (IsZero(k[i])) return absl::InternalError("nonce is zero (negligible probability)");
  }
  NonceGenResult r;
  Bytes32 k1 = ToBytes(k[0]), k2 = ToBytes(k[1]);
  std::memcpy(r.secnonce.data(), k1.data(), 32);
  std::memcpy(r.secnonce.data() + 32, k2.data(), 32);
  std::memcpy(r.secnonce.data() + 64, pk.data(), 33);
  PlainPubkey r1 = CBytes(*MulG(k[0])), r2 = CBytes(*MulG(k[1]));
  std::memcpy(r.pubnonce.data(), r1.data(), 33);
  std::memcpy(r.pubnonce.data() + 33, r2.data(), 33);
  return r;
}

absl::StatusOr<PubNonce> NonceAgg(const std::vector<PubNonce>& nonces) {
  PubNonce out{};
  for (int j = 0; j < 2; ++j) {
    Point r;
    for (size_t i = 0; i < nonces.size(); ++i) {
      auto p = CPoint(nonces[i].data() + 33 * j);
      if (!p) return Contribution("pubnonce", i);
      r = Add(r, p);
    }
    PlainPubkey c = CBytesExt(r);
    std::memcpy(out.data() + 33 * j, c.data(), 33);
  }
  return out;
}

absl::StatusOr<Bytes32> Sign(SecNonce& secnonce, const Bytes32& sk, const SessionContext& ctx) {
  ASSIGN_OR_RETURN(Session s, SessionValues(ctx));
  U256 k1 = FromBytes(secnonce.data()), k2 = FromBytes(secnonce.data() + 32);
  PlainPubkey nonce_pk;
  std::memcpy(nonce_pk.data(), secnonce.data() + 64, 33);
  // Consume the nonce before anything else can fail: a secret nonce is never used twice.
  std::fill(secnonce.begin(), secnonce.begin() + 64, 0);
  if (IsZero(k1) || Geq(k1, kN))
    return absl::InvalidArgumentError("first secnonce value is out of range.");
  if (IsZero(k2) || Geq(k2, kN))
    return absl::InvalidArgumentError("second secnonce value is out of range.");
  if (!HasEvenY(s.r)) {
    k1 = NegMod(k1);
    k2 = NegMod(k2);
  }
  U256 d0 = FromBytes(sk.data());
  if (IsZero(d0) || Geq(d0, kN)) return absl::InvalidArgumentError("secret key out of range");
  PlainPubkey pk = CBytes(*MulG(d0));
  if (pk != nonce_pk) {
    return absl::InvalidArgumentError("Public key does not match nonce_gen argument");
  }
  ASSIGN_OR_RETURN(U256 a, SessionKeyAggCoeff(ctx, pk));
  const U256 g = HasEvenY(*s.q) ? One() : NegMod(One());
  const U256 d = MulMod(MulMod(g, s.gacc), d0);
  const U256 sig = AddMod(AddMod(k1, MulMod(s.b, k2)), MulMod(MulMod(s.e, a), d));
  return ToBytes(sig);
}

absl::Status PartialSigVerify(const Bytes32& psig, const std::vector<PubNonce>& pubnonces,
                              const SessionContext& ctx_in, size_t i) {
  if (pubnonces.size() != ctx_in.pubkeys.size() || i >= pubnonces.size()) {
    return absl::InvalidArgumentError("signer index or nonce count mismatch");
  }
  ASSIGN_OR_RETURN(PubNonce aggnonce, NonceAgg(pubnonces));
  SessionContext ctx = ctx_in;
  ctx.aggnonce = aggnonce;
  ASSIGN_OR_RETURN(Session s, SessionValues(ctx));
  const U256 sv = FromBytes(psig.data());
  if (Geq(sv, kN)) return absl::InvalidArgumentError("partial signature exceeds group size");
  auto r1 = CPoint(pubnonces[i].data());
  auto r2 = CPoint(pubnonces[i].data() + 33);
  if (!r1 || !r2) return Contribution("pubnonce", i);
  Point re = Add(r1, Mul(r2, s.b));
  if (!HasEvenY(s.r)) re = Neg(re);
  const U256 g = HasEvenY(*s.q) ? One() : NegMod(One());
  const U256 gp = MulMod(g, s.gacc);
  auto p = CPoint(ctx.pubkeys[i].data());
  if (!p) return Contribution("pubkey", i);
  ASSIGN_OR_RETURN(U256 a, SessionKeyAggCoeff(ctx, ctx.pubkeys[i]));
  Point rhs = Add(re, Mul(p, MulMod(MulMod(s.e, a), gp)));
  if (!PointEq(MulG(sv), rhs))
    return absl::InvalidArgumentError("partial signature does not verify");
  return absl::OkStatus();
}

absl::StatusOr<Bytes> PartialSigAgg(const std::vector<Bytes32>& psigs, const SessionContext& ctx) {
  ASSIGN_OR_RETURN(Session s, SessionValues(ctx));
  U256 sum = {0, 0, 0, 0};
  for (size_t i = 0; i < psigs.size(); ++i) {
    U256 v = FromBytes(psigs[i].data());
    if (Geq(v, kN)) return Contribution("psig", i);
    sum = AddMod(sum, v);
  }
  const U256 g = HasEvenY(*s.q) ? One() : NegMod(One());
  sum = AddMod(sum, MulMod(MulMod(s.e, g), s.tacc));
  Bytes out;
  Bytes32 rx = XBytes(s.r), sb = ToBytes(sum);
  out.insert(out.end(), rx.begin(), rx.end());
  out.insert(out.end(), sb.begin(), sb.end());
  return out;
}

// ------------------------------------------------------------------------ vectors

namespace {

using json = nlohmann::json;

std::optional<json> Load(const std::string& path) {
  std::ifstream f(path);
  if (!f) return std::nullopt;
  std::stringstream ss;
  ss << f.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

template <size_t N>
std::array<uint8_t, N> Fixed(const json& v) {
  std::array<uint8_t, N> out{};
  auto b = FromHex(v.get<std::string>());
  if (b.ok() && b->size() == N) std::copy(b->begin(), b->end(), out.begin());
  return out;
}

Bytes Var(const json& v) {
  auto b = FromHex(v.get<std::string>());
  return b.ok() ? *b : Bytes();
}

// Keys are kept as raw bytes so that invalid ones (wrong length or prefix) reach KeyAgg.
PlainPubkey Key(const json& v) {
  Bytes b = Var(v);
  PlainPubkey k{};
  if (b.size() == 33) std::copy(b.begin(), b.end(), k.begin());
  return k;
}

std::string Upper(const std::string& s) {
  std::string r = s;
  for (char& c : r) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return r;
}

}  // namespace

void RunVectors(const std::string& dir, const std::function<void(bool, const std::string&)>& check,
                const std::function<void(const std::string&)>& skip) {
  // key_sort
  if (auto j = Load(dir + "key_sort_vectors.json")) {
    std::vector<PlainPubkey> in, want;
    for (const auto& k : (*j)["pubkeys"]) in.push_back(Key(k));
    for (const auto& k : (*j)["sorted_pubkeys"]) want.push_back(Key(k));
    check(KeySort(in) == want, "key_sort");
  } else {
    skip("key_sort_vectors.json missing");
  }
  // key_agg
  if (auto j = Load(dir + "key_agg_vectors.json")) {
    std::vector<PlainPubkey> keys;
    for (const auto& k : (*j)["pubkeys"]) keys.push_back(Key(k));
    std::vector<Bytes32> tweaks;
    for (const auto& t : (*j)["tweaks"]) tweaks.push_back(Fixed<32>(t));
    for (const auto& t : (*j)["valid_test_cases"]) {
      std::vector<PlainPubkey> ks;
      for (int i : t["key_indices"]) ks.push_back(keys[i]);
      auto ctx = KeyAgg(ks);
      check(ctx.ok() && Upper(ToHex(XOnly(*ctx))) == t["expected"].get<std::string>(),
            "key_agg valid " + t.dump());
    }
    for (const auto& t : (*j)["error_test_cases"]) {
      std::vector<PlainPubkey> ks;
      for (int i : t["key_indices"]) ks.push_back(keys[i]);
      absl::StatusOr<KeyAggContext> ctx = KeyAgg(ks);
      for (size_t i = 0; ctx.ok() && i < t["tweak_indices"].size(); ++i) {
        ctx = ApplyTweak(*ctx, tweaks[t["tweak_indices"][i].get<int>()],
                         t["is_xonly"][i].get<bool>());
      }
      bool ok = !ctx.ok();
      if (ok && t["error"]["type"] == "invalid_contribution") {
        ok = ctx.status().message().find("from signer " +
                                         std::to_string(t["error"]["signer"].get<int>())) !=
             std::string_view::npos;
      }
      check(ok, "key_agg error case " + t["comment"].get<std::string>());
    }
  } else {
    skip("key_agg_vectors.json missing");
  }
  // nonce_gen
  if (auto j = Load(dir + "nonce_gen_vectors.json")) {
    for (const auto& t : (*j)["test_cases"]) {
      std::optional<Bytes32> sk, aggpk;
      std::optional<Bytes> msg, extra;
      if (!t["sk"].is_null()) sk = Fixed<32>(t["sk"]);
      if (!t["aggpk"].is_null()) aggpk = Fixed<32>(t["aggpk"]);
      if (!t["msg"].is_null()) msg = Var(t["msg"]);
      if (!t["extra_in"].is_null()) extra = Var(t["extra_in"]);
      auto r = NonceGen(Fixed<32>(t["rand_"]), sk, Key(t["pk"]), aggpk, msg, extra);
      check(r.ok() && Upper(ToHex(r->secnonce)) == t["expected"].get<std::string>(),
            "nonce_gen " + t.dump().substr(0, 100));
    }
  } else {
    skip("nonce_gen_vectors.json missing");
  }
  // nonce_agg
  if (auto j = Load(dir + "nonce_agg_vectors.json")) {
    std::vector<PubNonce> pn;
    for (const auto& p : (*j)["pnonces"]) pn.push_back(Fixed<66>(p));
    for (const auto& t : (*j)["valid_test_cases"]) {
      std::vector<PubNonce> in;
      for (int i : t["pnonce_indices"]) in.push_back(pn[i]);
      auto r = NonceAgg(in);
      check(r.ok() && Upper(ToHex(*r)) == t["expected"].get<std::string>(), "nonce_agg valid");
    }
    for (const auto& t : (*j)["error_test_cases"]) {
      std::vector<PubNonce> in;
      for (int i : t["pnonce_indices"]) in.push_back(pn[i]);
      auto r = NonceAgg(in);
      bool ok = !r.ok() && r.status().message().find(
                               "from signer " + std::to_string(t["error"]["signer"].get<int>())) !=
                               std::string_view::npos;
      check(ok, "nonce_agg error " + t["comment"].get<std::string>());
    }
  } else {
    skip("nonce_agg_vectors.json missing");
  }
  // sign_verify
  if (auto j = Load(dir + "sign_verify_vectors.json")) {
    const Bytes32 sk = Fixed<32>((*j)["sk"]);
    std::vector<PlainPubkey> keys;
    for (const auto& k : (*j)["pubkeys"]) keys.push_back(Key(k));
    std::vector<SecNonce> secnonces;
    for (const auto& s : (*j)["secnonces"]) secnonces.push_back(Fixed<97>(s));
    std::vector<PubNonce> pn;
    for (const auto& p : (*j)["pnonces"]) pn.push_back(Fixed<66>(p));
    std::vector<PubNonce> aggn;
    for (const auto& p : (*j)["aggnonces"]) aggn.push_back(Fixed<66>(p));
    std::vector<Bytes> msgs;
    for (const auto& m : (*j)["msgs"]) msgs.push_back(Var(m));
    auto make_ctx = [&](const json& t) {
      SessionContext ctx;
      for (int i : t["key_indices"]) ctx.pubkeys.push_back(keys[i]);
      ctx.msg = msgs[t["msg_index"].get<int>()];
      if (t.contains("aggnonce_index")) ctx.aggnonce = aggn[t["aggnonce_index"].get<int>()];
      return ctx;
    };
    for (const auto& t : (*j)["valid_test_cases"]) {
      SessionContext ctx = make_ctx(t);
      std::vector<PubNonce> nonces;
      for (int i : t["nonce_indices"]) nonces.push_back(pn[i]);
      auto agg = NonceAgg(nonces);
      bool ok = agg.ok() && *agg == ctx.aggnonce;
      SecNonce sn = secnonces[0];
      auto psig = Sign(sn, sk, ctx);
      ok = ok && psig.ok() && Upper(ToHex(*psig)) == t["expected"].get<std::string>();
      ok = ok && PartialSigVerify(*psig, nonces, ctx, t["signer_index"].get<size_t>()).ok();
      // The consumed nonce cannot sign again.
      ok = ok && !Sign(sn, sk, ctx).ok();
      check(ok, "sign_verify valid " + t.dump().substr(0, 120));
    }
    for (const auto& t : (*j)["sign_error_test_cases"]) {
      SessionContext ctx = make_ctx(t);
      SecNonce sn = secnonces[t["secnonce_index"].get<int>()];
      auto psig = Sign(sn, sk, ctx);
      bool ok = !psig.ok();
      if (ok && t["error"]["type"] == "invalid_contribution" && !t["error"]["signer"].is_null()) {
        ok = psig.status().message().find("from signer " +
                                          std::to_string(t["error"]["signer"].get<int>())) !=
             std::string_view::npos;
      }
      check(ok, "sign error " + t["comment"].get<std::string>());
    }
    for (const auto& t : (*j)["verify_fail_test_cases"]) {
      SessionContext ctx = make_ctx(t);
      std::vector<PubNonce> nonces;
      for (int i : t["nonce_indices"]) nonces.push_back(pn[i]);
      auto st = PartialSigVerify(Fixed<32>(t["sig"]), nonces, ctx, t["signer_index"].get<size_t>());
      check(!st.ok(), "verify_fail " + t["comment"].get<std::string>());
    }
    for (const auto& t : (*j)["verify_error_test_cases"]) {
      SessionContext ctx = make_ctx(t);
      std::vector<PubNonce> nonces;
      for (int i : t["nonce_indices"]) nonces.push_back(pn[i]);
      auto st = PartialSigVerify(Fixed<32>(t["sig"]), nonces, ctx, t["signer_index"].get<size_t>());
      bool ok = !st.ok() && st.message().find("from signer " +
                                              std::to_string(t["error"]["signer"].get<int>())) !=
                                std::string_view::npos;
      check(ok, "verify_error " + t["comment"].get<std::string>());
    }
  } else {
    skip("sign_verify_vectors.json missing");
  }
  // tweak
  if (auto j = Load(dir + "tweak_vectors.json")) {
    const Bytes32 sk = Fixed<32>((*j)["sk"]);
    std::vector<PlainPubkey> keys;
    for (const auto& k : (*j)["pubkeys"]) keys.push_back(Key(k));
    const SecNonce secnonce = Fixed<97>((*j)["secnonce"]);
    std::vector<PubNonce> pn;
    for (const auto& p : (*j)["pnonces"]) pn.push_back(Fixed<66>(p));
    const PubNonce aggnonce = Fixed<66>((*j)["aggnonce"]);
    std::vector<Bytes32> tweaks;
    for (const auto& t : (*j)["tweaks"]) tweaks.push_back(Fixed<32>(t));
    const Bytes msg = Var((*j)["msg"]);
    auto make_ctx = [&](const json& t) {
      SessionContext ctx;
      for (int i : t["key_indices"]) ctx.pubkeys.push_back(keys[i]);
      for (int i : t["tweak_indices"]) ctx.tweaks.push_back(tweaks[i]);
      for (bool x : t["is_xonly"]) ctx.is_xonly.push_back(x);
      ctx.msg = msg;
      ctx.aggnonce = aggnonce;
      return ctx;
    };
    for (const auto& t : (*j)["valid_test_cases"]) {
      SessionContext ctx = make_ctx(t);
      std::vector<PubNonce> nonces;
      for (int i : t["nonce_indices"]) nonces.push_back(pn[i]);
      SecNonce sn = secnonce;
      auto psig = Sign(sn, sk, ctx);
      bool ok = psig.ok() && Upper(ToHex(*psig)) == t["expected"].get<std::string>();
      ok = ok && PartialSigVerify(*psig, nonces, ctx, t["signer_index"].get<size_t>()).ok();
      check(ok, "tweak valid " + t.value("comment", ""));
    }
    for (const auto& t : (*j)["error_test_cases"]) {
      SessionContext ctx = make_ctx(t);
      SecNonce sn = secnonce;
      check(!Sign(sn, sk, ctx).ok(), "tweak error " + t.value("comment", ""));
    }
  } else {
    skip("tweak_vectors.json missing");
  }
  // sig_agg
  if (auto j = Load(dir + "sig_agg_vectors.json")) {
    std::vector<PlainPubkey> keys;
    for (const auto& k : (*j)["pubkeys"]) keys.push_back(Key(k));
    std::vector<PubNonce> pn;
    for (const auto& p : (*j)["pnonces"]) pn.push_back(Fixed<66>(p));
    std::vector<Bytes32> tweaks, psigs;
    for (const auto& t : (*j)["tweaks"]) tweaks.push_back(Fixed<32>(t));
    for (const auto& t : (*j)["psigs"]) psigs.push_back(Fixed<32>(t));
    const Bytes msg = Var((*j)["msg"]);
    auto make_ctx = [&](const json& t) {
      SessionContext ctx;
      for (int i : t["key_indices"]) ctx.pubkeys.push_back(keys[i]);
      for (int i : t["tweak_indices"]) ctx.tweaks.push_back(tweaks[i]);
      for (bool x : t["is_xonly"]) ctx.is_xonly.push_back(x);
      ctx.msg = msg;
      ctx.aggnonce = Fixed<66>(t["aggnonce"]);
      return ctx;
    };
    for (const auto& t : (*j)["valid_test_cases"]) {
      SessionContext ctx = make_ctx(t);
      std::vector<PubNonce> nonces;
      for (int i : t["nonce_indices"]) nonces.push_back(pn[i]);
      auto agg = NonceAgg(nonces);
      bool ok = agg.ok() && *agg == ctx.aggnonce;
      std::vector<Bytes32> ps;
      for (int i : t["psig_indices"]) ps.push_back(psigs[i]);
      auto sig = PartialSigAgg(ps, ctx);
      ok = ok && sig.ok() && Upper(ToHex(*sig)) == t["expected"].get<std::string>();
      if (ok) {
        // The aggregate is a valid BIP340 signature under the (tweaked) aggregate key.
        auto kctx = KeyAgg(ctx.pubkeys);
        for (size_t i = 0; kctx.ok() && i < ctx.tweaks.size(); ++i) {
          kctx = ApplyTweak(*kctx, ctx.tweaks[i], ctx.is_xonly[i]);
        }
        ok = kctx.ok() && VerifySchnorr(*sig, XOnly(*kctx), msg);
      }
      check(ok, "sig_agg valid");
    }
    for (const auto& t : (*j)["error_test_cases"]) {
      SessionContext ctx = make_ctx(t);
      std::vector<Bytes32> ps;
      for (int i : t["psig_indices"]) ps.push_back(psigs[i]);
      auto sig = PartialSigAgg(ps, ctx);
      bool ok = !sig.ok() &&
                sig.status().message().find("from signer " +
                                            std::to_string(t["error"]["signer"].get<int>())) !=
                    std::string_view::npos;
      check(ok, "sig_agg error " + t.value("comment", ""));
    }
  } else {
    skip("sig_agg_vectors.json missing");
  }
}

}  // namespace entangle::bitcoin::musig2
