#include "services/sign_in.hpp"

#include "auth/password.hpp"
#include "domain/errors.hpp"

#include <spdlog/spdlog.h>

namespace classroom {

namespace {

// Wrong passwords for one account from one client lock it out for a minute, then twice
// as long each time, up to an hour; the client as a whole keeps its fixed budget.
constexpr std::int64_t kLongestLockoutS = 3600;

void refuse_if_limited(RateLimiter& limiter, const std::string& key, std::int64_t now) {
  if (int wait = limiter.wait(key, now)) throw TooManyRequests(wait);
}

// Spends the time of a password check, so timing does not reveal who exists.
void check_nobody(const std::string& password) {
  static const std::string dummy = hash_password("not-a-real-password");
  verify_password(password, dummy);
}

}  // namespace

SignInService::SignInService(UserStore& users, SignInStore& records, AccountService& accounts,
                             const LdapDirectory* directory, SignInSettings settings, const Clock& clock)
    : users_(users), records_(records), accounts_(accounts), directory_(directory), settings_(std::move(settings)),
      clock_(clock), failures_by_client_(settings_.limit_per_min, 60), failures_by_user_(settings_.limit_per_min, 60, kLongestLockoutS) {}

Session SignInService::login(const std::string& username, const std::string& password, const std::string& client) {
  auto now = clock_.now();
  auto pair = username + "\n" + client;
  refuse_if_limited(failures_by_client_, client, now);
  refuse_if_limited(failures_by_user_, pair, now);
  auto fail = [&](const char* message) {
    failures_by_client_.hit(client, now);
    failures_by_user_.hit(pair, now);
    return Unauthorized(message);
  };
  auto user = users_.find_by_username(username);
  if (user && user->source == "local") return local(*user, password, client, pair);
  if (!directory_ || (user && user->source != "ldap")) {
    check_nobody(password);
    throw fail("Invalid username or password");
  }
  auto answer = directory_->authenticate(username, password);
  using Outcome = DirectoryAnswer::Outcome;
  if (answer.outcome == Outcome::ok) {
    failures_by_user_.reset(pair);
    return admit(answer.identity, user);
  }
  ExternalIdentity who = answer.identity;
  who.source = "ldap";
  who.username = username;
  record(who, "failed", nullptr, answer.error);
  if (answer.outcome == Outcome::unavailable) {
    spdlog::warn("event=directory_unavailable error=\"{}\"", answer.error);
    throw Unavailable("The campus directory does not answer; try again shortly (local accounts can still sign in)");
  }
  throw fail("Invalid username or password");
}

Session SignInService::local(const User& user, const std::string& password, const std::string& client,
                             const std::string& pair) {
  auto now = clock_.now();
  if (!verify_password(password, user.password_hash)) {
    failures_by_client_.hit(client, now);
    failures_by_user_.hit(pair, now);
    throw Unauthorized("Invalid username or password");
  }
  if (!user.is_active) throw Unauthorized("Account is inactive");
  if (!local_login_allowed(settings_.local_login, user.role))
    throw Forbidden("Local passwords are switched off for this account; sign in with your campus account");
  failures_by_user_.reset(pair);
  return accounts_.open_session(user);
}

Session SignInService::login_vouched(const ExternalIdentity& who) {
  auto user = users_.find_by_username(who.username);
  if (user && user->source == "local")
    throw Forbidden("'" + who.username + "' is a local account; the proxy's header cannot sign it in");
  return admit(who, user);
}

Session SignInService::admit(const ExternalIdentity& who, const std::optional<User>& existing) {
  auto decision = map_groups(settings_.rules, who.groups, settings_.default_staff);
  if (!decision.allowed) {
    record(who, "refused", &decision, "no group matched");
    if (existing && existing->is_active) {
      User off = *existing;
      off.is_active = false;
      accounts_.apply_external(off);
      spdlog::info("event=account_deactivated user={} reason=no_mapped_group", who.username);
    }
    throw Forbidden("Your campus account is in no group that may use this service");
  }
  if (existing && !existing->is_active && !existing->deactivated_by_directory) {
    record(who, "failed", &decision, "the account was deactivated by an admin");
    throw Unauthorized("Account is inactive");
  }
  User u;
  u.username = who.username;
  u.email = who.email.empty() ? who.username + "@" + who.source + ".invalid" : who.email;
  u.role = decision.role;
  u.approver_scopes = decision.approver_scopes;
  u.directory_groups = who.groups;
  u.source = who.source;
  u.external_id = who.external_id;
  u.is_active = true;
  User account;
  try {
    account = accounts_.apply_external(u);
  } catch (const Conflict& e) {
    if (e.field() != "email") throw;
    u.email = who.username + "@" + who.source + ".invalid";  // the directory's address is a local account's
    account = accounts_.apply_external(u);
  }
  record(who, "signed_in", &decision, "");
  return accounts_.open_session(account);
}

void SignInService::record(const ExternalIdentity& who, const std::string& outcome, const RoleDecision* decision,
                           const std::string& error) {
  SignInRecord r;
  r.username = who.username;
  r.at = clock_.now();
  r.source = who.source;
  r.outcome = outcome;
  r.attributes = who.attributes;
  r.groups = who.groups;
  if (decision) {
    r.matched_rules = decision->matched;
    r.reason = decision->reason;
    if (decision->allowed) r.role = role_name(decision->role);
  }
  r.error = error;
  records_.record(r);
}

}  // namespace classroom
