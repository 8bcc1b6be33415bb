#include "domain/role_map.hpp"

#include <algorithm>
#include <cctype>

namespace classroom {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// "cn=lab-admins,ou=groups,dc=example" → "lab-admins"; a plain name stays as it is.
std::string_view first_rdn_value(std::string_view dn) {
  auto eq = dn.find('=');
  auto comma = dn.find(',');
  if (eq == std::string_view::npos || (comma != std::string_view::npos && comma < eq)) return dn;
  return trim(dn.substr(eq + 1, comma == std::string_view::npos ? std::string_view::npos : comma - eq - 1));
}

}  // namespace

ParsedRule parse_role_rule(std::string_view text) {
  auto eq = text.rfind('=');
  if (eq == std::string_view::npos) return {std::nullopt, "expected GROUP=ROLE: " + std::string(text)};
  auto group = trim(text.substr(0, eq));
  auto grant = trim(text.substr(eq + 1));
  if (group.empty()) return {std::nullopt, "the group is empty: " + std::string(text)};
  if (grant != "admin" && grant != "staff") {
    auto scoped = [&](std::string_view prefix) {
      return grant.substr(0, prefix.size()) == prefix && !trim(grant.substr(prefix.size())).empty();
    };
    if (!scoped("approver:building/") && !scoped("approver:room/"))
      return {std::nullopt, "ROLE must be admin, staff, approver:building/NAME or approver:room/NAME: " +
                                std::string(text)};
  }
  return {RoleRule{std::string(group), std::string(grant)}, ""};
}

bool group_matches(std::string_view rule_group, std::string_view group) {
  group = trim(group);
  return iequals(rule_group, group) || iequals(rule_group, first_rdn_value(group));
}

RoleDecision map_groups(const std::vector<RoleRule>& rules, const std::vector<std::string>& groups, bool default_staff) {
  RoleDecision d;
  for (const auto& rule : rules) {
    bool hit = std::any_of(groups.begin(), groups.end(), [&](const auto& g) { return group_matches(rule.group, g); });
    if (!hit) continue;
    d.allowed = true;
    d.matched.push_back(rule.text());
    if (rule.grant == "admin") d.role = Role::admin;
    else if (rule.grant.rfind("approver:", 0) == 0) {
      auto scope = rule.grant.substr(9);
      if (std::find(d.approver_scopes.begin(), d.approver_scopes.end(), scope) == d.approver_scopes.end())
        d.approver_scopes.push_back(scope);
    }
  }
  if (d.allowed) {
    d.reason = "matched " + std::to_string(d.matched.size()) + " rule(s); role " + role_name(d.role);
    if (!d.approver_scopes.empty()) d.reason += " with approver scopes";
  } else if (default_staff) {
    d.allowed = true;
    d.reason = "no group matched; --sso-default-role staff";
  } else {
    d.reason = "no group matched (--sso-default-role none)";
  }
  return d;
}

std::optional<LocalLogin> parse_local_login(std::string_view text) {
  if (text == "on") return LocalLogin::on;
  if (text == "admins") return LocalLogin::admins;
  if (text == "off") return LocalLogin::off;
  return std::nullopt;
}

bool local_login_allowed(LocalLogin policy, Role role) {
  return policy == LocalLogin::on || (policy == LocalLogin::admins && role == Role::admin);
}

}  // namespace classroom
