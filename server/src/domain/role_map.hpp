#pragma once
// Campus groups → the product's roles. A directory or SSO user's groups are matched
// against `--role-map GROUP=ROLE` rules at every sign-in; the strongest grant wins
// (admin over staff) and every approver scope that matched is kept. An approver has
// staff access plus the scopes it may approve for.
#include "domain/caller.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

struct RoleRule {
  std::string group;  // a group's DN, or its name (the first RDN's value: "cn=lab-admins,…" is "lab-admins")
  std::string grant;  // "admin", "staff", "approver:building/NAME" or "approver:room/NAME"
  std::string text() const { return group + "=" + grant; }
};

// "GROUP=ROLE" (split at the last '=', since a DN holds '=' itself); the error names
// what is wrong.
struct ParsedRule {
  std::optional<RoleRule> rule;
  std::string error;
};
ParsedRule parse_role_rule(std::string_view text);

// Case-insensitive: the whole DN, or the value of its first RDN.
bool group_matches(std::string_view rule_group, std::string_view group);

struct RoleDecision {
  bool allowed = false;
  Role role = Role::staff;
  std::vector<std::string> approver_scopes;  // "building/NAME", "room/NAME"
  std::vector<std::string> matched;          // the rules that matched, as written
  std::string reason;                        // one line for the diagnostics page
};

// `default_staff`: --sso-default-role staff (a user in no mapped group still signs in as staff).
RoleDecision map_groups(const std::vector<RoleRule>& rules, const std::vector<std::string>& groups, bool default_staff);

// --local-login: who may still sign in with a local password.
enum class LocalLogin { on, admins, off };
std::optional<LocalLogin> parse_local_login(std::string_view text);
bool local_login_allowed(LocalLogin policy, Role role);

}  // namespace classroom
