#include "auth/ldap_filter.hpp"
#include "domain/role_map.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {

std::vector<RoleRule> rules(std::initializer_list<const char*> texts) {
  std::vector<RoleRule> out;
  for (auto t : texts) out.push_back(*parse_role_rule(t).rule);
  return out;
}

const auto kCampus = rules({"cn=it-admins,ou=groups,dc=uni,dc=example=admin", "teaching=staff",
                            "facilities-north=approver:building/North Hall", "lab-leads=approver:room/Lab 3"});

}  // namespace

TEST(RoleRuleParsing, SplitsAtTheLastEqualsSoDnsWork) {
  auto p = parse_role_rule("cn=it-admins,ou=groups,dc=uni=admin");
  ASSERT_TRUE(p.rule) << p.error;
  EXPECT_EQ(p.rule->group, "cn=it-admins,ou=groups,dc=uni");
  EXPECT_EQ(p.rule->grant, "admin");
  EXPECT_EQ(parse_role_rule(" teaching = staff ").rule->group, "teaching");
  EXPECT_EQ(parse_role_rule("north=approver:building/North Hall").rule->grant, "approver:building/North Hall");
  EXPECT_EQ(parse_role_rule("lab=approver:room/Lab 3").rule->grant, "approver:room/Lab 3");
}

TEST(RoleRuleParsing, RefusesWhatIsNotAGroupAndAKnownRole) {
  for (auto bad : {"teaching", "=admin", "teaching=root", "teaching=approver", "teaching=approver:building/",
                   "teaching=approver:floor/2", "teaching="}) {
    auto p = parse_role_rule(bad);
    EXPECT_FALSE(p.rule) << bad;
    EXPECT_FALSE(p.error.empty()) << bad;
  }
}

TEST(GroupMatching, TakesTheWholeDnOrItsFirstNameWithoutCase) {
  EXPECT_TRUE(group_matches("teaching", "cn=Teaching,ou=groups,dc=uni"));
  EXPECT_TRUE(group_matches("cn=teaching,ou=groups,dc=uni", "CN=Teaching,OU=Groups,DC=uni"));
  EXPECT_TRUE(group_matches("teaching", "teaching"));
  EXPECT_FALSE(group_matches("teaching", "cn=teaching-assistants,ou=groups"));
  EXPECT_FALSE(group_matches("groups", "cn=teaching,ou=groups,dc=uni")) << "only the first RDN names a group";
  EXPECT_FALSE(group_matches("teach", "teaching"));
}

TEST(GroupsToRoles, EachCampusCaseGetsItsRole) {
  struct Case {
    const char* name;
    std::vector<std::string> groups;
    bool default_staff;
    bool allowed;
    Role role;
    std::vector<std::string> scopes;
  };
  const std::vector<Case> cases = {
      {"admin group by DN", {"cn=IT-Admins,ou=groups,dc=uni,dc=example"}, false, true, Role::admin, {}},
      {"staff group by name", {"cn=teaching,ou=groups,dc=uni"}, false, true, Role::staff, {}},
      {"admin beats staff", {"cn=teaching,ou=g", "cn=it-admins,ou=groups,dc=uni,dc=example"}, false, true,
       Role::admin, {}},
      {"approver is staff with a scope", {"facilities-north"}, false, true, Role::staff, {"building/North Hall"}},
      {"approver scopes add up", {"facilities-north", "lab-leads", "teaching"}, false, true, Role::staff,
       {"building/North Hall", "room/Lab 3"}},
      {"no mapped group, default none: refused", {"cn=students,ou=groups"}, false, false, Role::staff, {}},
      {"no groups at all: refused", {}, false, false, Role::staff, {}},
      {"no mapped group, default staff", {"cn=students,ou=groups"}, true, true, Role::staff, {}},
      {"same admin DN under another parent does not count", {"cn=it-admins,ou=other,dc=uni"}, false, false,
       Role::staff, {}},
  };
  for (const auto& c : cases) {
    auto d = map_groups(kCampus, c.groups, c.default_staff);
    EXPECT_EQ(d.allowed, c.allowed) << c.name;
    EXPECT_EQ(d.role, c.role) << c.name;
    EXPECT_EQ(d.approver_scopes, c.scopes) << c.name;
    EXPECT_FALSE(d.reason.empty()) << c.name;
  }
}

TEST(GroupsToRoles, NamesTheRulesThatMatched) {
  auto d = map_groups(kCampus, {"cn=teaching,ou=g", "lab-leads"}, false);
  EXPECT_EQ(d.matched, (std::vector<std::string>{"teaching=staff", "lab-leads=approver:room/Lab 3"}));
  EXPECT_NE(map_groups(kCampus, {"x"}, false).reason.find("no group matched"), std::string::npos);
}

TEST(LocalLoginPolicy, OnAdminsOff) {
  EXPECT_EQ(parse_local_login("admins"), LocalLogin::admins);
  EXPECT_FALSE(parse_local_login("yes"));
  EXPECT_TRUE(local_login_allowed(LocalLogin::on, Role::staff));
  EXPECT_TRUE(local_login_allowed(LocalLogin::admins, Role::admin));
  EXPECT_FALSE(local_login_allowed(LocalLogin::admins, Role::staff));
  EXPECT_FALSE(local_login_allowed(LocalLogin::off, Role::admin));
}

TEST(LdapFilter, EscapesInjectionAsRfc4515Says) {
  EXPECT_EQ(ldap_escape_filter_value("*)(uid=*"), "\\2a\\29\\28uid=\\2a");
  EXPECT_EQ(ldap_escape_filter_value("a\\b"), "a\\5cb");
  EXPECT_EQ(ldap_escape_filter_value(std::string_view("a\0b", 3)), "a\\00b");
  EXPECT_EQ(ldap_escape_filter_value("jane.doe"), "jane.doe");
  EXPECT_EQ(ldap_fill_filter("(&(objectClass=person)(uid={username}))", "username", "*)(uid=*"),
            "(&(objectClass=person)(uid=\\2a\\29\\28uid=\\2a))");
  EXPECT_EQ(ldap_fill_filter("(|(uid={username})(mail={username}))", "username", "j*"),
            "(|(uid=j\\2a)(mail=j\\2a))");
}
