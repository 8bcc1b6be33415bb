#pragma once
// Sign-in: local passwords (as --local-login allows), the campus directory for every
// other username, and users the proxy in front vouches for. Directory and proxy users
// get their account on first sign-in and their role from their groups at every one;
// a user in no mapped group is refused and their account deactivated. Each such
// sign-in is recorded for the diagnostics page.
#include "auth/ldap_directory.hpp"
#include "auth/rate_limit.hpp"
#include "domain/external_identity.hpp"
#include "domain/role_map.hpp"
#include "services/accounts.hpp"
#include "storage/sign_ins.hpp"
#include "storage/users.hpp"
#include "util/clock.hpp"

#include <optional>
#include <string>
#include <vector>

namespace classroom {

struct SignInSettings {
  std::vector<RoleRule> rules;
  bool default_staff = false;  // --sso-default-role staff
  LocalLogin local_login = LocalLogin::on;
  int limit_per_min = 10;
};

class SignInService {
 public:
  // `directory` may be null (no --ldap-url).
  SignInService(UserStore& users, SignInStore& records, AccountService& accounts, const LdapDirectory* directory,
                SignInSettings settings, const Clock& clock);

  // Failed attempts are limited per client and per username-and-client, so nobody can
  // lock another person out. 401 for a wrong password or unknown user, 403 when the
  // account may not sign in this way or is in no mapped group, 503 when the directory
  // does not answer (local accounts still sign in then).
  Session login(const std::string& username, const std::string& password, const std::string& client);
  // A user the trusted proxy authenticated, with the groups it sent.
  Session login_vouched(const ExternalIdentity& who);
  // A campus sign-in that failed before its groups were mapped (a bad ID token), for
  // the diagnostics page.
  void record_failure(const ExternalIdentity& who, const std::string& error) { record(who, "failed", nullptr, error); }
  std::optional<SignInRecord> diagnostics(const std::string& username) { return records_.find(username); }

 private:
  Session local(const User& user, const std::string& password, const std::string& client, const std::string& pair);
  Session admit(const ExternalIdentity& who, const std::optional<User>& existing);
  // `decision` is null when the sign-in failed before the groups were mapped.
  void record(const ExternalIdentity& who, const std::string& outcome, const RoleDecision* decision,
              const std::string& error);

  UserStore& users_;
  SignInStore& records_;
  AccountService& accounts_;
  const LdapDirectory* directory_;
  SignInSettings settings_;
  const Clock& clock_;
  RateLimiter failures_by_client_;
  RateLimiter failures_by_user_;
};

}  // namespace classroom
