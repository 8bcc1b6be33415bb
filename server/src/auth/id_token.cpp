#include "auth/id_token.hpp"

#include <boost/json.hpp>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <array>

namespace classroom {

namespace json = boost::json;

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// Shorter RSA keys are breakable; providers use 2048 bits or more.
constexpr int kMinRsaBits = 2048;

int decode_char(char c) {
  auto p = kAlphabet.find(c);
  return p == std::string_view::npos ? -1 : static_cast<int>(p);
}

struct BnFree { void operator()(BIGNUM* b) const { BN_free(b); } };
using Bn = std::unique_ptr<BIGNUM, BnFree>;
Bn bn(const std::string& bytes) {
  return Bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
}

std::shared_ptr<void> wrap(EVP_PKEY* k) {
  return std::shared_ptr<void>(k, [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
}

// A public key from OpenSSL parameters; null when OpenSSL refuses them.
EVP_PKEY* from_params(const char* type, OSSL_PARAM_BLD* bld) {
  EVP_PKEY* key = nullptr;
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1) EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  return key;
}

std::string member(const json::object& o, const char* name) {
  auto* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

// The key of one JWK, or "" set in `error`.
std::shared_ptr<void> key_of(const json::object& jwk, const std::string& kty, std::string& error) {
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  EVP_PKEY* key = nullptr;
  if (kty == "RSA") {
    auto n = base64url_decode(member(jwk, "n")), e = base64url_decode(member(jwk, "e"));
    if (!n || !e || n->empty() || e->empty()) {
      error = "RSA key without n or e";
    } else {
      auto bn_n = bn(*n), bn_e = bn(*e);
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n.get());
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e.get());
      key = from_params("RSA", bld);
      if (!key) error = "RSA key OpenSSL refuses";
      else if (EVP_PKEY_get_bits(key) < kMinRsaBits) {
        error = "RSA key shorter than 2048 bits";
        EVP_PKEY_free(key);
        key = nullptr;
      }
    }
  } else {  // EC
    auto x = base64url_decode(member(jwk, "x")), y = base64url_decode(member(jwk, "y"));
    if (member(jwk, "crv") != "P-256") {
      error = "EC key on a curve other than P-256";
    } else if (!x || !y || x->size() != 32 || y->size() != 32) {
      error = "EC key without 32-byte x and y";
    } else {
      std::string point = "\x04" + *x + *y;
      OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
      OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
      key = from_params("EC", bld);
      if (!key) error = "EC key whose point is not on the curve";
    }
  }
  OSSL_PARAM_BLD_free(bld);
  return key ? wrap(key) : nullptr;
}

// JOSE sends an ECDSA signature as r || s (32 bytes each); OpenSSL wants DER.
std::optional<std::string> ecdsa_der(const std::string& raw) {
  if (raw.size() != 64) return std::nullopt;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  ECDSA_SIG_set0(sig, bn(raw.substr(0, 32)).release(), bn(raw.substr(32)).release());
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = decode_char(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;  // stray bits: not canonical
  return out;
}

std::string pkce_challenge(std::string_view verifier) {
  std::array<unsigned char, 32> digest{};
  unsigned int len = 0;
  EVP_Digest(verifier.data(), verifier.size(), digest.data(), &len, EVP_sha256(), nullptr);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), len));
}

std::optional<Jws> parse_jws(std::string_view token, std::string& error) {
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    error = "the ID token is not a signed JWT (three parts)";
    return std::nullopt;
  }
  Jws j;
  auto header = base64url_decode(token.substr(0, first));
  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  auto signature = base64url_decode(token.substr(second + 1));
  if (!header || !payload || !signature) {
    error = "the ID token is not base64url";
    return std::nullopt;
  }
  boost::system::error_code ec;
  auto h = json::parse(*header, ec);
  if (ec || !h.is_object()) {
    error = "the ID token's header is not a JSON object";
    return std::nullopt;
  }
  j.header_json = std::move(*header);
  j.payload_json = std::move(*payload);
  j.signature = std::move(*signature);
  j.signing_input = std::string(token.substr(0, second));
  j.alg = member(h.as_object(), "alg");
  j.kid = member(h.as_object(), "kid");
  return j;
}

const Jwk* JwkSet::find(const std::string& kid, const std::string& alg) const {
  const std::string kty = alg == "ES256" ? "EC" : "RSA";
  const Jwk* only = nullptr;
  int fit = 0;
  for (const auto& k : keys) {
    if (!kid.empty() && k.kid == kid) return &k;
    if (kid.empty() && k.kty == kty && (k.alg.empty() || k.alg == alg)) only = &k, ++fit;
  }
  return fit == 1 ? only : nullptr;
}

std::optional<JwkSet> parse_jwks(std::string_view json_text, std::string& error) {
  boost::system::error_code ec;
  auto doc = json::parse(json_text, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("keys") || !doc.at("keys").is_array()) {
    error = "the JWKS is not a JSON object with a \"keys\" array";
    return std::nullopt;
  }
  JwkSet set;
  for (const auto& v : doc.at("keys").as_array()) {
    if (!v.is_object()) continue;
    const auto& o = v.as_object();
    Jwk k{member(o, "kid"), member(o, "kty"), member(o, "alg"), nullptr};
    auto name = k.kid.empty() ? std::string("(no kid)") : k.kid;
    auto use = member(o, "use");
    if (k.kty != "RSA" && k.kty != "EC") {
      set.skipped.push_back(name + ": key type " + (k.kty.empty() ? "missing" : k.kty));
    } else if (!use.empty() && use != "sig") {
      set.skipped.push_back(name + ": for " + use + ", not signatures");
    } else if (!k.alg.empty() && k.alg != "RS256" && k.alg != "ES256") {
      set.skipped.push_back(name + ": algorithm " + k.alg);
    } else {
      std::string why;
      k.key = key_of(o, k.kty, why);
      if (k.key) set.keys.push_back(std::move(k));
      else set.skipped.push_back(name + ": " + why);
    }
  }
  return set;
}

std::string verify_jws(const Jws& jws, const Jwk& key) {
  if (jws.alg != "RS256" && jws.alg != "ES256") return "ID token algorithm '" + jws.alg + "' is not accepted (RS256, ES256)";
  if ((jws.alg == "RS256") != (key.kty == "RSA")) return "key '" + key.kid + "' is not a " + jws.alg + " key";
  if (!key.alg.empty() && key.alg != jws.alg) return "key '" + key.kid + "' is for " + key.alg + ", not " + jws.alg;
  std::string signature = jws.signature;
  if (jws.alg == "ES256") {
    auto der = ecdsa_der(jws.signature);
    if (!der) return "signature does not verify";
    signature = *der;
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool good = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, static_cast<EVP_PKEY*>(key.key.get())) == 1 &&
              EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                               reinterpret_cast<const unsigned char*>(jws.signing_input.data()),
                               jws.signing_input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return good ? "" : "signature does not verify";
}

}  // namespace classroom
