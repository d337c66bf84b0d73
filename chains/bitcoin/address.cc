#include "chains/bitcoin/address.h"

#include <absl/strings/ascii.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "chains/bitcoin/crypto.h"
#include "chains/bitcoin/script.h"
#include "common/bytes.h"
#include "common/sha.h"
#include "common/status.h"

namespace entangle::bitcoin {
namespace {

constexpr char kB58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr char kB32[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr uint32_t kBech32Const = 1;
constexpr uint32_t kBech32mConst = 0x2bc830a3;

const NetworkParams kParams[] = {
    {"main", 0x00, 0x05, 0x80, "bc"},      {"test", 0x6f, 0xc4, 0xef, "tb"},
    {"testnet4", 0x6f, 0xc4, 0xef, "tb"},  {"signet", 0x6f, 0xc4, 0xef, "tb"},
    {"regtest", 0x6f, 0xc4, 0xef, "bcrt"},
};

bool IsSpace(char c) {
  return c == ' ' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == '\v';
}

uint32_t Polymod(const std::vector<uint8_t>& v) {
  uint32_t c = 1;
  for (uint8_t x : v) {
    uint8_t c0 = c >> 25;
    c = ((c & 0x1ffffff) << 5) ^ x;
    if (c0 & 1) c ^= 0x3b6a57b2;
    if (c0 & 2) c ^= 0x26508e6d;
    if (c0 & 4) c ^= 0x1ea119fa;
    if (c0 & 8) c ^= 0x3d4233dd;
    if (c0 & 16) c ^= 0x2a1462b3;
  }
  return c;
}

std::vector<uint8_t> HrpExpand(std::string_view hrp) {
  std::vector<uint8_t> v;
  v.reserve(hrp.size() * 2 + 1);
  for (char c : hrp) v.push_back(static_cast<uint8_t>(c) >> 5);
  v.push_back(0);
  for (char c : hrp) v.push_back(static_cast<uint8_t>(c) & 31);
  return v;
}

std::optional<std::string> ReadText(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

const NetworkParams& Params(Network n) { return kParams[static_cast<int>(n)]; }

absl::StatusOr<Network> NetworkFromName(std::string_view name) {
  if (name == "main" || name == "mainnet" || name == "bitcoin") return Network::kMainnet;
  if (name == "test" || name == "testnet" || name == "testnet3") return Network::kTestnet;
  if (name == "testnet4") return Network::kTestnet4;
  if (name == "signet") return Network::kSignet;
  if (name == "regtest") return Network::kRegtest;
  return absl::InvalidArgumentError("unknown bitcoin network '" + std::string(name) + "'");
}

std::string EncodeBase58(ByteView data) {
  size_t zeroes = 0;
  while (zeroes < data.size() && data[zeroes] == 0) zeroes++;
  std::vector<uint8_t> b58((data.size() - zeroes) * 138 / 100 + 1);
  size_t length = 0;
  for (size_t k = zeroes; k < data.size(); ++k) {
    int carry = data[k];
    size_t i = 0;
    for (auto it = b58.rbegin(); (carry != 0 || i < length) && it != b58.rend(); ++it, ++i) {
      carry += 256 * (*it);
      *it = carry % 58;
      carry /= 58;
    }
    length = i;
  }
  auto it = b58.begin() + (b58.size() - length);
  while (it != b58.end() && *it == 0) it++;
  std::string out(zeroes, '1');
  for (; it != b58.end(); ++it) out += kB58[*it];
  return out;
}

absl::StatusOr<Bytes> DecodeBase58(std::string_view s, size_t max_len) {
  if (s.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError("base58 string contains NUL");
  }
  size_t p = 0;
  while (p < s.size() && IsSpace(s[p])) p++;
  size_t zeroes = 0;
  while (p < s.size() && s[p] == '1') {
    if (++zeroes > max_len) return absl::InvalidArgumentError("base58 string too long");
    p++;
  }
  std::vector<uint8_t> b256((s.size() - p) * 733 / 1000 + 1);
  size_t length = 0;
  while (p < s.size() && !IsSpace(s[p])) {
    const char* at = std::strchr(kB58, s[p]);
    if (at == nullptr || *at == '\0') {
      return absl::InvalidArgumentError(std::string("invalid base58 character '") + s[p] + "'");
    }
    int carry = static_cast<int>(at - kB58);
    size_t i = 0;
    for (auto it = b256.rbegin(); (carry != 0 || i < length) && it != b256.rend(); ++it, ++i) {
      carry += 58 * (*it);
      *it = carry % 256;
      carry /= 256;
    }
    length = i;
    if (length + zeroes > max_len) return absl::InvalidArgumentError("base58 string too long");
    p++;
  }
  while (p < s.size() && IsSpace(s[p])) p++;
  if (p != s.size()) return absl::InvalidArgumentError("garbage after base58 string");
  auto it = b256.begin() + (b256.size() - length);
  Bytes out(zeroes, 0);
  out.insert(out.end(), it, b256.end());
  return out;
}

std::string EncodeBase58Check(ByteView payload) {
  Bytes b(payload.begin(), payload.end());
  Digest32 h = Sha256d(payload);
  b.insert(b.end(), h.begin(), h.begin() + 4);
  return EncodeBase58(b);
}

absl::StatusOr<Bytes> DecodeBase58Check(std::string_view s, size_t max_len) {
  ASSIGN_OR_RETURN(Bytes b, DecodeBase58(s, max_len + 4));
  if (b.size() < 4) return absl::InvalidArgumentError("base58check string too short");
  Digest32 h = Sha256d(ByteView(b.data(), b.size() - 4));
  if (!std::equal(h.begin(), h.begin() + 4, b.end() - 4)) {
    return absl::InvalidArgumentError("base58check checksum mismatch");
  }
  b.resize(b.size() - 4);
  return b;
}

absl::StatusOr<std::string> Bech32Encode(Bech32Encoding enc, std::string_view hrp,
                                         const std::vector<uint8_t>& words, size_t limit) {
  if (enc == Bech32Encoding::kInvalid) return absl::InvalidArgumentError("no bech32 variant");
  if (hrp.empty()) return absl::InvalidArgumentError("empty bech32 prefix");
  if (hrp.size() + 7 + words.size() > limit) {
    return absl::InvalidArgumentError("bech32 string exceeds the length limit");
  }
  for (char c : hrp) {
    if (c < 33 || c > 126 || (c >= 'A' && c <= 'Z')) {
      return absl::InvalidArgumentError("invalid bech32 prefix character");
    }
  }
  for (uint8_t w : words) {
    if (w > 31) return absl::InvalidArgumentError("bech32 word is not 5 bits");
  }
  std::vector<uint8_t> v = HrpExpand(hrp);
  v.insert(v.end(), words.begin(), words.end());
  v.insert(v.end(), 6, 0);
  uint32_t mod = Polymod(v) ^ (enc == Bech32Encoding::kBech32 ? kBech32Const : kBech32mConst);
  std::string out(hrp);
  out += '1';
  for (uint8_t w : words) out += kB32[w];
  for (int i = 0; i < 6; ++i) out += kB32[(mod >> (5 * (5 - i))) & 31];
  return out;
}

absl::StatusOr<Bech32Decoded> Bech32Decode(std::string_view s, size_t limit) {
  if (s.size() > limit) return absl::InvalidArgumentError("bech32 string exceeds the length limit");
  bool lower = false, upper = false;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126) return absl::InvalidArgumentError("bech32 character out of range");
    if (c >= 'a' && c <= 'z') lower = true;
    if (c >= 'A' && c <= 'Z') upper = true;
  }
  if (lower && upper) return absl::InvalidArgumentError("bech32 string has mixed case");
  size_t pos = s.rfind('1');
  if (pos == std::string_view::npos) return absl::InvalidArgumentError("no bech32 separator");
  if (pos == 0) return absl::InvalidArgumentError("empty bech32 prefix");
  if (pos + 7 > s.size()) return absl::InvalidArgumentError("bech32 checksum too short");
  Bech32Decoded d;
  d.hrp = absl::AsciiStrToLower(std::string(s.substr(0, pos)));
  std::vector<uint8_t> values;
  for (size_t i = pos + 1; i < s.size(); ++i) {
    char c = absl::ascii_tolower(s[i]);
    const char* at = std::strchr(kB32, c);
    if (at == nullptr || *at == '\0') {
      return absl::InvalidArgumentError(std::string("invalid bech32 data character '") + s[i] +
                                        "'");
    }
    values.push_back(static_cast<uint8_t>(at - kB32));
  }
  std::vector<uint8_t> v = HrpExpand(d.hrp);
  v.insert(v.end(), values.begin(), values.end());
  uint32_t mod = Polymod(v);
  if (mod == kBech32Const) {
    d.encoding = Bech32Encoding::kBech32;
  } else if (mod == kBech32mConst) {
    d.encoding = Bech32Encoding::kBech32m;
  } else {
    return absl::InvalidArgumentError("bech32 checksum mismatch");
  }
  d.data.assign(values.begin(), values.end() - 6);
  return d;
}

absl::StatusOr<std::vector<uint8_t>> ConvertBits(const std::vector<uint8_t>& in, int from, int to,
                                                 bool pad) {
  uint32_t acc = 0;
  int bits = 0;
  std::vector<uint8_t> out;
  const uint32_t maxv = (1u << to) - 1;
  for (uint8_t v : in) {
    if (v >> from) return absl::InvalidArgumentError("value out of range for bit conversion");
    acc = (acc << from) | v;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push_back((acc >> bits) & maxv);
    }
  }
  if (pad) {
    if (bits) out.push_back((acc << (to - bits)) & maxv);
  } else if (bits >= from) {
    return absl::InvalidArgumentError("excess padding");
  } else if ((acc << (to - bits)) & maxv) {
    return absl::InvalidArgumentError("non-zero padding");
  }
  return out;
}

absl::StatusOr<std::string> EncodeSegwitAddress(std::string_view hrp, int version,
                                                ByteView program) {
  if (version < 0 || version > 16) return absl::InvalidArgumentError("invalid witness version");
  if (program.size() < 2 || program.size() > 40) {
    return absl::InvalidArgumentError("invalid witness program length");
  }
  if (version == 0 && program.size() != 20 && program.size() != 32) {
    return absl::InvalidArgumentError("invalid witness v0 program length");
  }
  std::vector<uint8_t> words = {static_cast<uint8_t>(version)};
  ASSIGN_OR_RETURN(auto conv,
                   ConvertBits(std::vector<uint8_t>(program.begin(), program.end()), 8, 5, true));
  words.insert(words.end(), conv.begin(), conv.end());
  return Bech32Encode(version == 0 ? Bech32Encoding::kBech32 : Bech32Encoding::kBech32m, hrp,
                      words);
}

absl::StatusOr<SegwitAddress> DecodeSegwitAddress(std::string_view hrp, std::string_view addr) {
  ASSIGN_OR_RETURN(Bech32Decoded d, Bech32Decode(addr));
  if (d.hrp != hrp) return absl::InvalidArgumentError("address is for another network");
  if (d.data.empty()) return absl::InvalidArgumentError("empty bech32 data section");
  SegwitAddress out;
  out.version = d.data[0];
  if (out.version > 16) return absl::InvalidArgumentError("invalid witness version");
  if ((out.version == 0) != (d.encoding == Bech32Encoding::kBech32)) {
    return absl::InvalidArgumentError(out.version == 0 ? "witness v0 must use bech32"
                                                       : "witness v1+ must use bech32m");
  }
  ASSIGN_OR_RETURN(
      auto prog, ConvertBits(std::vector<uint8_t>(d.data.begin() + 1, d.data.end()), 5, 8, false));
  if (prog.size() < 2 || prog.size() > 40) {
    return absl::InvalidArgumentError("invalid witness program length");
  }
  if (out.version == 0 && prog.size() != 20 && prog.size() != 32) {
    return absl::InvalidArgumentError("invalid witness v0 program length");
  }
  out.program.assign(prog.begin(), prog.end());
  return out;
}

absl::StatusOr<Bytes> AddressToScript(std::string_view str, Network net) {
  const NetworkParams& p = Params(net);
  const std::string hrp = p.hrp;
  const bool is_bech32 = absl::AsciiStrToLower(std::string(str.substr(0, hrp.size()))) == hrp;
  if (!is_bech32) {
    ASSIGN_OR_RETURN(Bytes data, DecodeBase58Check(str, 21));
    if (data.size() == 21 && data[0] == p.pubkey_prefix) {
      return P2pkhScript(ByteView(data).subspan(1));
    }
    if (data.size() == 21 && data[0] == p.script_prefix) {
      return P2shScript(ByteView(data).subspan(1));
    }
    return absl::InvalidArgumentError("invalid base58 address prefix or length");
  }
  ASSIGN_OR_RETURN(SegwitAddress a, DecodeSegwitAddress(hrp, str));
  return WitnessScript(a.version, a.program);
}

absl::StatusOr<std::string> ScriptToAddress(ByteView s, Network net) {
  const NetworkParams& p = Params(net);
  if (s.size() == 25 && s[0] == OP_DUP && s[1] == OP_HASH160 && s[2] == 20 &&
      s[23] == OP_EQUALVERIFY && s[24] == OP_CHECKSIG) {
    Bytes payload = {p.pubkey_prefix};
    payload.insert(payload.end(), s.begin() + 3, s.begin() + 23);
    return EncodeBase58Check(payload);
  }
  if (IsPayToScriptHash(s)) {
    Bytes payload = {p.script_prefix};
    payload.insert(payload.end(), s.begin() + 2, s.begin() + 22);
    return EncodeBase58Check(payload);
  }
  int version;
  ByteView program;
  if (IsWitnessProgram(s, &version, &program)) return EncodeSegwitAddress(p.hrp, version, program);
  return absl::InvalidArgumentError("script has no address form");
}

std::string EncodeSecret(const Secret& s, Network net) {
  Bytes payload = {Params(net).secret_prefix};
  payload.insert(payload.end(), s.key.begin(), s.key.end());
  if (s.compressed) payload.push_back(1);
  return EncodeBase58Check(payload);
}

absl::StatusOr<Secret> DecodeSecret(std::string_view wif, Network net) {
  ASSIGN_OR_RETURN(Bytes data, DecodeBase58Check(wif, 34));
  if (!(data.size() == 33 || (data.size() == 34 && data.back() == 1)) ||
      data[0] != Params(net).secret_prefix) {
    return absl::InvalidArgumentError("not a WIF secret key for this network");
  }
  Secret s;
  s.compressed = data.size() == 34;
  s.key.assign(data.begin() + 1, data.begin() + 33);
  Digest32 k;
  std::copy(s.key.begin(), s.key.end(), k.begin());
  if (!PubkeyFromSeckey(k).ok()) return absl::InvalidArgumentError("secret key out of range");
  return s;
}

// ------------------------------------------------------------------------ conformance

void RunBech32Vectors(const std::string& dir, const CheckFn& check, const SkipFn& skip) {
  using json = nlohmann::json;
  auto text = ReadText(dir + "bip173_bip350_vectors.json");
  if (!text) {
    skip("missing bip173_bip350_vectors.json");
  } else {
    json j = json::parse(*text);
    struct Set {
      const char* bip;
      Bech32Encoding enc;
      const char* valid;
      const char* invalid;
    };
    for (const Set& set :
         {Set{"bip173", Bech32Encoding::kBech32, "bech32_valid", "bech32_invalid"},
          Set{"bip350", Bech32Encoding::kBech32m, "bech32m_valid", "bech32m_invalid"}}) {
      for (const auto& s : j[set.bip][set.valid]) {
        auto d = Bech32Decode(s.get<std::string>());
        bool ok = d.ok() && d->encoding == set.enc;
        if (ok) {
          // Re-encoding reproduces the string (in lower case).
          auto e = Bech32Encode(set.enc, d->hrp, d->data);
          ok = e.ok() && *e == absl::AsciiStrToLower(s.get<std::string>());
        }
        check(ok, std::string(set.bip) + " valid " + s.get<std::string>());
      }
      for (const auto& s : j[set.bip][set.invalid]) {
        auto d = Bech32Decode(s["string"].get<std::string>());
        // Invalid as this variant: either undecodable or decoding as the other variant.
        bool rejected = !d.ok() || d->encoding != set.enc;
        check(rejected, std::string(set.bip) + " invalid accepted: " + s.dump());
      }
      if (!j[set.bip].contains("segwit_valid")) continue;
      const bool current = std::string(set.bip) == "bip350";
      for (const auto& a : j[set.bip]["segwit_valid"]) {
        std::string addr = a["address"].get<std::string>();
        std::string hrp = absl::AsciiStrToLower(addr.substr(0, addr.rfind('1')));
        auto d = DecodeSegwitAddress(hrp, addr);
        Bytes spk = d.ok() ? WitnessScript(d->version, d->program) : Bytes();
        bool expect_valid = true;
        // BIP173's v1+ examples use Bech32, which BIP350 made invalid.
        if (!current && d.ok() == false) {
          auto raw = Bech32Decode(addr);
          if (raw.ok() && !raw->data.empty() && raw->data[0] != 0) expect_valid = false;
        }
        if (expect_valid) {
          bool ok = d.ok() && ToHex(spk) == a["scriptPubKey"].get<std::string>();
          if (ok) {
            auto e = EncodeSegwitAddress(hrp, d->version, d->program);
            ok = e.ok() && *e == absl::AsciiStrToLower(addr);
          }
          check(ok, std::string(set.bip) + " segwit valid " + addr);
        } else {
          check(!d.ok(),
                std::string(set.bip) + " pre-BIP350 v1+ bech32 address must be rejected " + addr);
        }
      }
      for (const auto& a : j[set.bip]["segwit_invalid"]) {
        std::string addr = a["string"].get<std::string>();
        bool rejected = true;
        for (const char* hrp : {"bc", "tb", "bcrt"}) {
          if (DecodeSegwitAddress(hrp, addr).ok()) rejected = false;
        }
        check(rejected, std::string(set.bip) + " segwit invalid accepted: " + addr);
      }
    }
  }
  auto text2 = ReadText(dir + "bech32_bitcoinjs_fixtures.json");
  if (!text2) {
    skip("missing bech32_bitcoinjs_fixtures.json");
    return;
  }
  json j = json::parse(*text2);
  for (const auto& [name, enc] :
       {std::pair<std::string, Bech32Encoding>{"bech32", Bech32Encoding::kBech32},
        {"bech32m", Bech32Encoding::kBech32m}}) {
    for (const auto& v : j[name]["valid"]) {
      size_t limit = v.value("limit", 90);
      auto d = Bech32Decode(v["string"].get<std::string>(), limit);
      std::vector<uint8_t> words = v["words"].get<std::vector<uint8_t>>();
      bool ok = d.ok() && d->encoding == enc && d->data == words &&
                d->hrp == absl::AsciiStrToLower(v["prefix"].get<std::string>());
      if (ok && v.contains("hex")) {
        auto bytes = ConvertBits(words, 5, 8, false);
        ok =
            bytes.ok() && ToHex(Bytes(bytes->begin(), bytes->end())) == v["hex"].get<std::string>();
      }
      if (ok) {
        auto e =
            Bech32Encode(enc, absl::AsciiStrToLower(v["prefix"].get<std::string>()), words, limit);
        ok = e.ok() && *e == absl::AsciiStrToLower(v["string"].get<std::string>());
      }
      check(ok, "bitcoinjs " + name + " valid " + v["string"].get<std::string>());
    }
    for (const auto& v : j[name]["invalid"]) {
      size_t limit = v.value("limit", 90);
      bool rejected;
      if (v.contains("string")) {
        auto d = Bech32Decode(v["string"].get<std::string>(), limit);
        rejected = !d.ok() || d->encoding != enc;
      } else if (v.contains("stringHex")) {
        auto raw = FromHex(v["stringHex"].get<std::string>());
        auto d = Bech32Decode(raw.ok() ? AsString(*raw) : std::string(), limit);
        rejected = !d.ok() || d->encoding != enc;
      } else {
        std::vector<int> w = v["words"].get<std::vector<int>>();
        std::vector<uint8_t> words;
        bool range_ok = true;
        for (int x : w) {
          if (x < 0 || x > 255) range_ok = false;
          words.push_back(static_cast<uint8_t>(x));
        }
        rejected =
            !range_ok || !Bech32Encode(enc, v["prefix"].get<std::string>(), words, limit).ok();
      }
      check(rejected, "bitcoinjs " + name + " invalid accepted: " + v.dump().substr(0, 120));
    }
  }
  for (const auto& v : j["fromWords"]["invalid"]) {
    auto r = ConvertBits(v["words"].get<std::vector<uint8_t>>(), 5, 8, false);
    check(!r.ok(), "bitcoinjs fromWords accepted " + v["exception"].get<std::string>());
  }
}

void RunBase58Vectors(const std::string& dir, const CheckFn& check, const SkipFn& skip) {
  auto text = ReadText(dir + "base58_encode_decode.json");
  if (!text) {
    skip("missing base58_encode_decode.json");
    return;
  }
  auto j = nlohmann::json::parse(*text);
  for (const auto& t : j) {
    if (t.size() < 2) continue;
    auto raw = FromHex(t[0].get<std::string>());
    std::string b58 = t[1].get<std::string>();
    bool ok = raw.ok() && EncodeBase58(*raw) == b58;
    auto dec = DecodeBase58(b58, 256);
    ok = ok && dec.ok() && *dec == *raw;
    check(ok, "base58 " + b58);
  }
  // Rejections Bitcoin Core's unit test checks beside the file: bad characters, embedded NUL.
  check(!DecodeBase58("invalid", 100).ok(), "base58 accepted 'invalid' (has 'l')");
  check(!DecodeBase58(std::string("good\0bad", 8), 100).ok(), "base58 accepted an embedded NUL");
  auto sp = DecodeBase58(" \t\n\v\f\r skip \r\f\v\n\t ", 100);
  check(sp.ok() && ToHex(*sp) == "971a55", "base58 whitespace skipping");
  check(DecodeBase58Check("3vQB7B6MrGQZaxCuFg4oh", 100).ok(), "base58check of a valid string");
  check(!DecodeBase58Check("3vQB7B6MrGQZaxCuFg4oi", 100).ok(), "base58check bad checksum accepted");
}

void RunKeyIoVectors(const std::string& dir, const CheckFn& check, const SkipFn& skip) {
  using json = nlohmann::json;
  auto valid_text = ReadText(dir + "key_io_valid.json");
  auto invalid_text = ReadText(dir + "key_io_invalid.json");
  if (!valid_text || !invalid_text) {
    skip("missing key_io_valid.json / key_io_invalid.json");
    return;
  }
  for (const auto& t : json::parse(*valid_text)) {
    if (t.size() < 3) continue;
    std::string s = t[0].get<std::string>();
    std::string payload = t[1].get<std::string>();
    const json& meta = t[2];
    auto net = NetworkFromName(meta["chain"].get<std::string>());
    if (!net.ok()) {
      check(false, "unknown chain in " + t.dump());
      continue;
    }
    const bool is_priv = meta["isPrivkey"].get<bool>();
    std::string why;
    if (is_priv) {
      auto sec = DecodeSecret(s, *net);
      if (!sec.ok()) {
        why = "secret rejected";
      } else {
        if (sec->compressed != meta["isCompressed"].get<bool>()) why = "compressed flag";
        if (ToHex(sec->key) != payload) why = "key mismatch";
        if (EncodeSecret(*sec, *net) != s) why = "re-encoding differs";
      }
      if (AddressToScript(s, *net).ok()) why = "secret accepted as address";
    } else {
      auto spk = AddressToScript(s, *net);
      if (!spk.ok() || ToHex(*spk) != payload) {
        why = "script mismatch";
      } else {
        auto back = ScriptToAddress(*spk, *net);
        if (!back.ok() || *back != s) why = "re-encoding differs";
      }
      std::string flipped = s;
      for (char& c : flipped) {
        if (c >= 'a' && c <= 'z') {
          c = c - 'a' + 'A';
        } else if (c >= 'A' && c <= 'Z') {
          c = c - 'A' + 'a';
        }
      }
      const bool try_flip = meta.value("tryCaseFlip", false);
      auto fl = AddressToScript(flipped, *net);
      if (fl.ok() != try_flip) why = "case-flipped validity";
      if (fl.ok() && ToHex(*fl) != payload) why = "case-flipped script";
      if (DecodeSecret(s, *net).ok()) why = "address accepted as secret";
    }
    check(why.empty(), "key_io valid " + s + ": " + why);
  }
  for (const auto& t : json::parse(*invalid_text)) {
    if (t.empty()) continue;
    std::string s = t[0].get<std::string>();
    bool rejected = true;
    for (Network n : {Network::kMainnet, Network::kTestnet, Network::kTestnet4, Network::kSignet,
                      Network::kRegtest}) {
      if (AddressToScript(s, n).ok() || DecodeSecret(s, n).ok()) rejected = false;
    }
    check(rejected, "key_io invalid accepted: " + s);
  }
}

}  // namespace entangle::bitcoin
