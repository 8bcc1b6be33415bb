#pragma once
// Single sign-on with an OpenID provider (Entra ID, Keycloak, Google, Shibboleth's OP):
// the authorization code flow with PKCE (S256), state and nonce. The provider's
// discovery document and JWKS are fetched over HTTPS and cached; an ID token whose key
// is unknown fetches the JWKS again once (the provider rotated its keys). The verified
// user then goes through the same groups → roles and just-in-time account as the other
// campus sign-ins (SignInService::login_vouched), and a one-time code hands the session
// to the web app.
//
// Times: the ID token's iat/exp are the provider's real clock, so they are checked
// against the real clock here, not the campus clock (which --clock-offset moves for
// drills and demos); pending sign-ins and hand-over codes expire by the same real clock.
#include "auth/id_token.hpp"
#include "auth/rate_limit.hpp"
#include "services/sign_in.hpp"
#include "storage/oidc_flows.hpp"

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace classroom {

struct OidcSettings {
  std::string issuer;        // "" when single sign-on is off
  std::string client_id, client_secret;
  std::string groups_claim = "groups";
  std::string public_url;    // where browsers reach this server, without a trailing '/'
  int timeout_s = 10;
  std::int64_t skew_s = 120;
  std::int64_t pending_ttl_s = 600;   // from the button to the provider's answer
  std::int64_t handover_ttl_s = 120;  // from the callback to the web app's exchange
  std::int64_t discovery_ttl_s = 3600;
};

class OidcSignIn {
 public:
  OidcSignIn(OidcSettings settings, OidcFlowStore& flows, SignInService& sign_in, UserStore& users,
             AccountService& accounts, std::function<std::int64_t()> wall_clock);
  bool enabled() const { return !settings_.issuer.empty(); }
  // The provider's authorization URL for a browser that wants to end up on `next` (a
  // page of this site; anything else becomes "/"). 503 when the provider does not answer.
  // At most 30 starts a minute per `client` address (429 beyond).
  std::string begin(const std::string& next, const std::string& client);
  // The browser is back from the provider with `code` and `state` (or `error`): the page
  // of the web app to send it to, with a one-time code in the fragment.
  std::string finish(const std::map<std::string, std::string>& query);
  // The web app trades that code for the session, once.
  struct Redeemed {
    Session session;
    std::string next;
  };
  Redeemed redeem(const std::string& code);

 private:
  struct Provider {
    std::string issuer, authorization_endpoint, token_endpoint, jwks_uri;
    std::string scope;
    std::int64_t fetched_at = 0;
  };
  Provider provider();
  std::string redirect_uri() const;
  Jwk key_for(const Jws& jws, ExternalIdentity& who, const Provider& p);
  std::optional<Jwk> cached_key(const Jws& jws);
  std::string fetch_jwks(const Provider& p);  // "" when fetched, else why not
  std::string id_token(const std::string& code, const std::string& verifier, const Provider& p);
  ExternalIdentity verified_identity(const std::string& token, const std::string& nonce, const Provider& p);
  [[noreturn]] void refuse(ExternalIdentity& who, const std::string& error, int status);

  OidcSettings settings_;
  OidcFlowStore& flows_;
  SignInService& sign_in_;
  UserStore& users_;
  AccountService& accounts_;
  std::function<std::int64_t()> wall_;
  RateLimiter starts_by_client_;
  std::mutex mu_;  // the cached discovery document and JWKS
  std::optional<Provider> provider_;
  std::optional<JwkSet> jwks_;
};

}  // namespace classroom
