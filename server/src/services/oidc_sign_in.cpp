#include "services/oidc_sign_in.hpp"

#include "auth/secrets.hpp"
#include "domain/caller.hpp"
#include "domain/errors.hpp"
#include "domain/oidc_claims.hpp"
#include "services/https_fetch.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace classroom {

namespace json = boost::json;

namespace {

constexpr int kStartsPerMinute = 30;  // per client address: a person clicks the button a few times at most
constexpr const char* kProviderDown = "The campus sign-in provider does not answer; try again shortly";

// 503 for a provider that did not answer, or whose certificate this server does not trust.
[[noreturn]] void unavailable(const FetchAnswer& a) {
  if (a.untrusted) throw Unavailable("The campus sign-in provider's certificate is not trusted (" + a.error + ")");
  throw Unavailable(kProviderDown);
}

std::string without_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::string member(const json::object& o, const char* name) {
  auto* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

std::optional<json::object> json_object(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return v.as_object();
}

// What the provider said about the user, for the diagnostics page: every claim but the
// ones that only bind this token to this sign-in.
void describe(const json::object& claims, ExternalIdentity& who) {
  for (const auto& [name, v] : claims) {
    if (name == "nonce" || name == "at_hash" || name == "c_hash" || name == "sid") continue;
    who.attributes.emplace_back(std::string(name), v.is_string() ? std::string(v.as_string()) : json::serialize(v));
  }
}

std::string query_value(const std::map<std::string, std::string>& q, const char* name) {
  auto it = q.find(name);
  return it == q.end() ? "" : it->second;
}

}  // namespace

OidcSignIn::OidcSignIn(OidcSettings settings, OidcFlowStore& flows, SignInService& sign_in, UserStore& users,
                       AccountService& accounts, std::function<std::int64_t()> wall_clock)
    : settings_(std::move(settings)), flows_(flows), sign_in_(sign_in), users_(users), accounts_(accounts),
      wall_(std::move(wall_clock)), starts_by_client_(kStartsPerMinute, 60) {}

// The network is asked without holding the lock: a provider that does not answer holds
// up each sign-in for its own timeout, not every sign-in queued behind another.
OidcSignIn::Provider OidcSignIn::provider() {
  auto now = wall_();
  {
    std::lock_guard lock(mu_);
    if (provider_ && now - provider_->fetched_at < settings_.discovery_ttl_s) return *provider_;
  }
  auto url = without_slash(settings_.issuer) + "/.well-known/openid-configuration";
  auto answer = https_fetch({url, "", "", "", settings_.timeout_s});
  if (!answer.error.empty() || answer.status != 200) {
    spdlog::warn("event=oidc_discovery_failed url={} status={} error=\"{}\"", url, answer.status, answer.error);
    unavailable(answer);
  }
  auto doc = json_object(answer.body);
  Provider p;
  if (doc) p = {member(*doc, "issuer"), member(*doc, "authorization_endpoint"), member(*doc, "token_endpoint"),
                member(*doc, "jwks_uri"), "", now};
  std::string problem;
  if (!doc) problem = "the discovery document is not JSON";
  else if (without_slash(p.issuer) != without_slash(settings_.issuer))
    problem = "the discovery document names the issuer '" + p.issuer + "', not --oidc-issuer";
  else if (!acceptable_provider_url(p.authorization_endpoint) || !acceptable_provider_url(p.token_endpoint) ||
           !acceptable_provider_url(p.jwks_uri))
    problem = "the discovery document lacks https:// authorization, token or JWKS endpoints";
  if (!problem.empty()) {
    spdlog::warn("event=oidc_discovery_failed url={} error=\"{}\"", url, problem);
    throw Unavailable("The campus sign-in provider is misconfigured: " + problem);
  }
  // The groups claim as a scope where the provider offers one by that name (Keycloak's
  // client scope, oidc-provider); Entra ID sends groups by the app registration instead.
  p.scope = "openid profile email";
  if (auto* scopes = doc->if_contains("scopes_supported"); scopes && scopes->is_array())
    for (const auto& sc : scopes->as_array())
      if (sc.is_string() && sc.as_string() == settings_.groups_claim) p.scope += " " + settings_.groups_claim;
  {
    std::lock_guard lock(mu_);
    provider_ = p;
  }
  spdlog::info("event=oidc_discovery issuer={} jwks_uri={}", p.issuer, p.jwks_uri);
  return p;
}

std::string OidcSignIn::begin(const std::string& next, const std::string& client) {
  if (!enabled()) throw NotFound("Single sign-on is not configured on this server (--oidc-issuer)");
  auto now = wall_();
  // Each start writes a row until it expires: a client may not fill the table.
  if (int wait = starts_by_client_.hit(client, now)) throw TooManyRequests(wait);
  auto p = provider();
  auto state = random_token(32), nonce = random_token(32), verifier = random_token(48);
  flows_.save_pending(sha256_hex(state), {nonce, verifier, safe_return_path(next).value_or("/"), now + settings_.pending_ttl_s},
                      now);
  auto url = p.authorization_endpoint + (p.authorization_endpoint.find('?') == std::string::npos ? "?" : "&");
  url += "response_type=code&scope=" + form_encode(p.scope) + "&client_id=" + form_encode(settings_.client_id) +
         "&redirect_uri=" + form_encode(redirect_uri()) + "&state=" + state + "&nonce=" + nonce +
         "&code_challenge=" + pkce_challenge(verifier) + "&code_challenge_method=S256";
  return url;
}

std::string OidcSignIn::redirect_uri() const { return settings_.public_url + "/api/auth/oidc/callback"; }

std::string OidcSignIn::finish(const std::map<std::string, std::string>& query) {
  if (!enabled()) throw NotFound("Single sign-on is not configured on this server (--oidc-issuer)");
  auto state = query_value(query, "state");
  if (state.empty()) throw Unauthorized("The provider's answer carries no state; start the sign-in again");
  OidcPending pending;
  auto now = wall_();
  auto taken = flows_.take_pending(sha256_hex(state), now, pending);
  if (taken != Take::taken) {
    const char* why = taken == Take::used      ? "this sign-in was completed already (a replayed state)"
                      : taken == Take::expired ? "the sign-in took too long"
                                               : "unknown state (not started here)";
    spdlog::warn("event=oidc_refused reason=\"{}\"", why);
    throw Unauthorized(std::string("Single sign-on refused: ") + why + "; start the sign-in again");
  }
  ExternalIdentity who;
  who.source = "oidc";
  if (auto error = query_value(query, "error"); !error.empty()) {
    auto description = query_value(query, "error_description");
    spdlog::warn("event=oidc_refused reason=provider_error error={}", error);
    int status = error == "access_denied" ? 403 : 401;
    refuse(who, "the provider answered " + error + (description.empty() ? "" : ": " + description), status);
  }
  auto code = query_value(query, "code");
  if (code.empty()) refuse(who, "the provider's answer carries no code", 401);
  auto p = provider();
  // RFC 9207: a provider that names itself in the answer must be ours (mix-up attacks).
  if (auto iss = query_value(query, "iss"); !iss.empty() && iss != p.issuer)
    refuse(who, "the answer came from the issuer '" + iss + "'", 401);

  who = verified_identity(id_token(code, pending.verifier, p), pending.nonce, p);
  auto session = sign_in_.login_vouched(who);  // groups → role, the account, the diagnostics record
  auto handover = random_token(32);
  flows_.save_handover(sha256_hex(handover), {session.user.id, pending.next}, now + settings_.handover_ttl_s);
  spdlog::info("event=oidc_sign_in user={} role={} groups={}", session.user.username, role_name(session.user.role),
               who.groups.size());
  return settings_.public_url + "/signin#sso=" + handover;
}

// The code and the PKCE verifier for the ID token, at the token endpoint with the client secret.
std::string OidcSignIn::id_token(const std::string& code, const std::string& verifier, const Provider& p) {
  FetchRequest exchange{p.token_endpoint,
                        "grant_type=authorization_code&code=" + form_encode(code) + "&redirect_uri=" +
                            form_encode(redirect_uri()) + "&code_verifier=" + form_encode(verifier),
                        settings_.client_id, settings_.client_secret, settings_.timeout_s};
  auto answer = https_fetch(exchange);
  if (!answer.error.empty() || answer.status >= 500) {
    spdlog::warn("event=oidc_token_failed status={} error=\"{}\"", answer.status, answer.error);
    unavailable(answer);
  }
  auto body = json_object(answer.body);
  if (answer.status != 200 || !body || member(*body, "id_token").empty()) {
    auto error = body ? member(*body, "error") : "";
    spdlog::warn("event=oidc_token_refused status={} error={}", answer.status, error.empty() ? "-" : error);
    ExternalIdentity unknown;  // nobody named yet: logged, not recorded
    refuse(unknown, "the token endpoint refused the code (" + std::to_string(answer.status) + (error.empty() ? "" : " " + error) + ")",
           401);
  }
  return member(*body, "id_token");
}

ExternalIdentity OidcSignIn::verified_identity(const std::string& token, const std::string& nonce, const Provider& p) {
  ExternalIdentity who;
  who.source = "oidc";
  std::string error;
  auto jws = parse_jws(token, error);
  auto claims = jws ? json_object(jws->payload_json) : std::nullopt;
  if (!jws || !claims) refuse(who, jws ? "the ID token's payload is not a JSON object" : error, 401);
  // Named and described before the checks, so that a refusal is recorded for the user
  // it claims to be (the token came from the token endpoint, not from the browser).
  who.username = claim_username(*claims);
  who.external_id = member(*claims, "sub");
  who.email = member(*claims, "email");
  who.groups = claim_strings(*claims, settings_.groups_claim);
  describe(*claims, who);
  auto key = key_for(*jws, who, p);
  if (auto bad = verify_jws(*jws, key); !bad.empty()) refuse(who, "ID token " + bad, 401);
  auto problem = check_id_token_claims(*claims, {p.issuer, settings_.client_id, nonce, wall_(), settings_.skew_s});
  if (!problem.empty()) refuse(who, problem, 401);
  if (who.username.empty() || who.username.size() > 254) refuse(who, "the ID token names no usable username", 401);
  return who;
}

std::optional<Jwk> OidcSignIn::cached_key(const Jws& jws) {
  std::lock_guard lock(mu_);
  if (!jwks_) return std::nullopt;
  const Jwk* k = jwks_->find(jws.kid, jws.alg);
  return k ? std::optional<Jwk>(*k) : std::nullopt;
}

std::string OidcSignIn::fetch_jwks(const Provider& p) {
  auto answer = https_fetch({p.jwks_uri, "", "", "", settings_.timeout_s});
  std::string error = answer.error;
  std::optional<JwkSet> set;
  if (error.empty() && answer.status != 200) error = "HTTP " + std::to_string(answer.status);
  if (error.empty()) set = parse_jwks(answer.body, error);
  if (!set) {
    spdlog::warn("event=oidc_jwks_failed url={} error=\"{}\"", p.jwks_uri, error);
    return error;
  }
  for (const auto& skipped : set->skipped) spdlog::info("event=oidc_jwks_key_skipped key=\"{}\"", skipped);
  spdlog::info("event=oidc_jwks url={} keys={}", p.jwks_uri, set->keys.size());
  std::lock_guard lock(mu_);
  jwks_ = std::move(set);
  return "";
}

Jwk OidcSignIn::key_for(const Jws& jws, ExternalIdentity& who, const Provider& p) {
  if (auto k = cached_key(jws)) return *k;
  // Not known (yet): the first sign-in, or the provider rotated its keys. Once per token.
  if (auto error = fetch_jwks(p); !error.empty()) {
    if (!who.username.empty()) sign_in_.record_failure(who, "the provider's JWKS could not be read: " + error);
    throw Unavailable(kProviderDown);
  }
  if (auto k = cached_key(jws)) return *k;
  refuse(who, "the provider's JWKS holds no key '" + jws.kid + "' for " + jws.alg, 401);
}

void OidcSignIn::refuse(ExternalIdentity& who, const std::string& error, int status) {
  spdlog::warn("event=oidc_refused user={} reason=\"{}\"", who.username.empty() ? "-" : who.username, error);
  if (!who.username.empty()) sign_in_.record_failure(who, error);
  if (status == 403) throw Forbidden("Single sign-on refused: " + error);
  throw Unauthorized("Single sign-on refused: " + error);
}

OidcSignIn::Redeemed OidcSignIn::redeem(const std::string& code) {
  OidcHandover h;
  auto taken = flows_.take_handover(sha256_hex(code), wall_(), h);
  if (taken != Take::taken)
    throw Unauthorized(taken == Take::used ? "This sign-in code was used already; sign in again"
                                           : "Unknown or expired sign-in code; sign in again");
  auto user = users_.find(h.user_id);
  if (!user || !user->is_active) throw Unauthorized("Account is inactive");
  return {accounts_.open_session(*user), h.next};
}

}  // namespace classroom
