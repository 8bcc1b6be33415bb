#pragma once
// What an ID token's claims must say before its user is signed in (OpenID Connect Core
// 3.1.3.7), which of them name the user and their groups, and where a browser may be
// sent back to afterwards. Pure: time is an argument.
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

struct IdTokenExpectations {
  std::string issuer;     // --oidc-issuer, exactly as discovery states it
  std::string client_id;  // --oidc-client-id
  std::string nonce;      // the one sent with this sign-in
  std::int64_t now = 0;   // the real clock: the provider's times are real
  std::int64_t skew_s = 120;  // clocks of the provider and this server may differ this much
};

// "" when the claims hold; otherwise the first reason they do not, as an admin reads it
// ("clock skew 400 s: the token was issued in the future", "wrong audience ...").
std::string check_id_token_claims(const boost::json::object& claims, const IdTokenExpectations& e);

// The claim's strings: an array of strings, or one string (a provider with one group
// may send it bare). Empty when absent.
std::vector<std::string> claim_strings(const boost::json::object& claims, const std::string& name);

// The username an ID token stands for: preferred_username (Entra ID's UPN, Keycloak's
// username), else email, else sub. "" when none is a non-empty string.
std::string claim_username(const boost::json::object& claims);

// A page of this site to return to after sign-in: a relative path ("/admin/rooms?x=1"),
// never another origin ("//evil", "/\\evil", "https://..."), no control characters, at
// most 512 characters. nullopt for anything else.
std::optional<std::string> safe_return_path(std::string_view next);

}  // namespace classroom
