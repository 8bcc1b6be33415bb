#pragma once
// A real OpenID provider for the tests (tests/oidc/provider.mjs: the npm oidc-provider
// under Node, its packages installed from tests/oidc's lockfile on first use), and a
// browser's way through the authorization code flow: redirects followed with a cookie
// jar, the provider's login form posted.
#include "harness.hpp"

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace testing_support {

class OidcProvider {
 public:
  struct Options {
    std::string alg = "RS256";  // or ES256
    std::string kid = "key-1";  // another kid on restart(): a key rotation
    bool tls = false;           // https:// with a self-signed certificate nobody trusts
  };
  // `redirect_uri`: the server's callback as browsers see it (its --public-url).
  OidcProvider(std::string redirect_uri, Options options);
  ~OidcProvider();
  OidcProvider(const OidcProvider&) = delete;
  int port() const { return port_; }
  std::string issuer() const { return (options_.tls ? "https" : "http") + std::string("://127.0.0.1:") + std::to_string(port_); }
  std::string client_id() const { return "classroom"; }
  const std::string& client_secret_file() const { return secret_file_; }
  // The user `login` and the groups the provider says they are in, from the next sign-in on.
  void set_user(const std::string& login, const std::vector<std::string>& groups);
  // The next ID tokens spoiled: "tamper-signature", "wrong-aud", "expired", "iat-future",
  // "jwks-other", or "" for honest ones.
  void spoil(const std::string& mode);
  // Stopped and started again on the same port, e.g. with another key.
  void restart(Options options);
  void stop();
  std::string log() const;

 private:
  void start();
  std::string dir_, secret_file_;
  Options options_;
  boost::json::object users_;
  int pid_ = -1, port_ = 0;
};

// Follows a browser from `GET /api/auth/oidc/login?next=NEXT` on the server (at
// `server_port`, which browsers know as `public_url`) through the provider's login form
// (signing in as `login`) until the provider sends it back to the server's callback.
// Returns that callback's target ("/api/auth/oidc/callback?code=...&state=..."), not
// requested yet; or, when the server refused to start, "" with `refusal` set. With
// `decline`, the user signs in but declines the consent (the provider answers access_denied).
std::string authorize(int server_port, const std::string& public_url, const OidcProvider& provider,
                      const std::string& next, const std::string& login, HttpResult* refusal = nullptr,
                      bool decline = false);

}  // namespace testing_support
