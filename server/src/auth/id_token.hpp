#pragma once
// The cryptography of OpenID Connect sign-in, as pure functions: PKCE (S256), compact
// JWS parsing, the provider's JWKS (RSA and P-256 keys) and signature checks (RS256,
// ES256) through OpenSSL's EVP interface. No I/O, no clock.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

std::string base64url_encode(std::string_view bytes);
// nullopt for anything but unpadded base64url.
std::optional<std::string> base64url_decode(std::string_view text);

// RFC 7636: the S256 code challenge of a code verifier.
std::string pkce_challenge(std::string_view verifier);

// A compact JWS: header.payload.signature, each base64url.
struct Jws {
  std::string header_json, payload_json;
  std::string signing_input;  // "header.payload" as sent
  std::string signature;      // raw bytes
  std::string alg, kid;       // from the header ("" when absent)
};
// nullopt with `error` set when the token is not a well-formed JWS.
std::optional<Jws> parse_jws(std::string_view token, std::string& error);

// One verification key of a JWKS.
struct Jwk {
  std::string kid, kty, alg;     // alg may be "" (the key then serves its type's algorithm)
  std::shared_ptr<void> key;     // an EVP_PKEY
};

// The keys of a JWKS document that can verify RS256 or ES256 signatures; keys of other
// types, for encryption only, or malformed are skipped (each with a reason in `skipped`).
struct JwkSet {
  std::vector<Jwk> keys;
  std::vector<std::string> skipped;
  // The key named `kid`; with an empty kid, the only key fit for `alg` (if just one).
  const Jwk* find(const std::string& kid, const std::string& alg) const;
};
// nullopt with `error` set when the text is not a JWKS document at all.
std::optional<JwkSet> parse_jwks(std::string_view json_text, std::string& error);

// "" when `jws` is signed by `key` with the algorithm its header names (RS256 or ES256
// only, and only with a key of the matching type); otherwise why not.
std::string verify_jws(const Jws& jws, const Jwk& key);

}  // namespace classroom
