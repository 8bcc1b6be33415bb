#include "auth/ldap_directory.hpp"

#include "auth/ldap_filter.hpp"

#include <ldap.h>

#include <memory>

namespace classroom {

namespace {

using Outcome = DirectoryAnswer::Outcome;

// One connection per sign-in: a bind changes the connection's identity, and sign-ins
// are rare next to the rest of the traffic.
struct Connection {
  LDAP* ld = nullptr;
  ~Connection() {
    if (ld) ldap_unbind_ext_s(ld, nullptr, nullptr);
  }
};

struct Messages {
  LDAPMessage* m = nullptr;
  ~Messages() {
    if (m) ldap_msgfree(m);
  }
};

std::string describe(LDAP* ld, int rc) {
  std::string text = ldap_err2string(rc);
  char* detail = nullptr;
  if (ld && ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &detail) == LDAP_OPT_SUCCESS && detail) {
    if (*detail) text += std::string(" (") + detail + ")";
    ldap_memfree(detail);
  }
  return text;
}

bool unreachable(int rc) {
  return rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR || rc == LDAP_TIMEOUT || rc == LDAP_UNAVAILABLE ||
         rc == LDAP_BUSY;
}

DirectoryAnswer failed(Outcome o, std::string error) {
  DirectoryAnswer a;
  a.outcome = o;
  a.error = std::move(error);
  return a;
}

int simple_bind(LDAP* ld, const std::string& dn, const std::string& password) {
  berval cred{static_cast<ber_len_t>(password.size()), const_cast<char*>(password.data())};
  return ldap_sasl_bind_s(ld, dn.c_str(), LDAP_SASL_SIMPLE, &cred, nullptr, nullptr, nullptr);
}

// Connects (and starts TLS) with certificate verification and the timeouts; "" when fine.
std::string connect(Connection& c, const LdapSettings& s) {
  if (int rc = ldap_initialize(&c.ld, s.url.c_str()); rc != LDAP_SUCCESS) return "bad --ldap-url: " + describe(nullptr, rc);
  int version = LDAP_VERSION3;
  ldap_set_option(c.ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  ldap_set_option(c.ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  timeval tv{s.timeout_s, 0};
  ldap_set_option(c.ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
  ldap_set_option(c.ld, LDAP_OPT_TIMEOUT, &tv);
  int demand = LDAP_OPT_X_TLS_DEMAND;
  ldap_set_option(c.ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
  if (!s.ca_file.empty()) ldap_set_option(c.ld, LDAP_OPT_X_TLS_CACERTFILE, s.ca_file.c_str());
  int server_side = 0;
  ldap_set_option(c.ld, LDAP_OPT_X_TLS_NEWCTX, &server_side);  // the options above take effect here
  if (s.starttls)
    if (int rc = ldap_start_tls_s(c.ld, nullptr, nullptr); rc != LDAP_SUCCESS) return "StartTLS: " + describe(c.ld, rc);
  return {};
}

std::vector<std::string> values(LDAP* ld, LDAPMessage* entry, const char* attribute) {
  std::vector<std::string> out;
  if (berval** v = ldap_get_values_len(ld, entry, attribute)) {
    for (int i = 0; v[i]; ++i) out.emplace_back(v[i]->bv_val, v[i]->bv_len);
    ldap_value_free_len(v);
  }
  return out;
}

std::string entry_dn(LDAP* ld, LDAPMessage* entry) {
  char* dn = ldap_get_dn(ld, entry);
  std::string out = dn ? dn : "";
  ldap_memfree(dn);
  return out;
}

}  // namespace

LdapDirectory::LdapDirectory(LdapSettings settings) : s_(std::move(settings)) {}

DirectoryAnswer LdapDirectory::authenticate(const std::string& username, const std::string& password) const {
  // An empty password would make an "unauthenticated bind", which succeeds.
  if (password.empty()) return failed(Outcome::wrong_password, "empty password");
  Connection c;
  if (auto error = connect(c, s_); !error.empty()) return failed(Outcome::unavailable, error);
  if (int rc = simple_bind(c.ld, s_.bind_dn, s_.bind_password); rc != LDAP_SUCCESS)
    return failed(Outcome::unavailable, "service bind as " + s_.bind_dn + ": " + describe(c.ld, rc));

  auto filter = ldap_fill_filter(s_.user_filter, "username", username);
  // Only these attributes are asked for: never a password hash or other secret.
  const char* wanted[] = {"uid", "sAMAccountName", "userPrincipalName", "cn", "displayName", "mail",
                          s_.group_attribute.c_str(), nullptr};
  timeval tv{s_.timeout_s, 0};
  Messages found;
  int rc = ldap_search_ext_s(c.ld, s_.base_dn.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(), const_cast<char**>(wanted),
                             0, nullptr, nullptr, &tv, 2, &found.m);
  if (unreachable(rc)) return failed(Outcome::unavailable, "user search: " + describe(c.ld, rc));
  int entries = found.m ? ldap_count_entries(c.ld, found.m) : 0;
  if (rc == LDAP_SIZELIMIT_EXCEEDED || entries > 1)
    return failed(Outcome::unknown_user, "the filter " + filter + " matched more than one entry");
  if (rc != LDAP_SUCCESS && rc != LDAP_NO_SUCH_OBJECT) return failed(Outcome::unavailable, "user search: " + describe(c.ld, rc));
  if (entries == 0) return failed(Outcome::unknown_user, "no entry matched " + filter + " under " + s_.base_dn);

  DirectoryAnswer a;
  LDAPMessage* entry = ldap_first_entry(c.ld, found.m);
  auto& id = a.identity;
  id.source = "ldap";
  id.username = username;
  id.external_id = entry_dn(c.ld, entry);
  id.attributes.emplace_back("dn", id.external_id);
  for (const char** name = wanted; *name; ++name) {
    if (s_.group_attribute == *name) continue;
    for (auto& v : values(c.ld, entry, *name)) id.attributes.emplace_back(*name, std::move(v));
  }
  if (auto mail = values(c.ld, entry, "mail"); !mail.empty()) id.email = mail.front();
  if (s_.group_filter.empty()) {
    id.groups = values(c.ld, entry, s_.group_attribute.c_str());
  } else {
    auto group_filter = ldap_fill_filter(ldap_fill_filter(s_.group_filter, "dn", id.external_id), "username", username);
    const char* cn[] = {"cn", nullptr};
    Messages groups;
    const auto& base = s_.group_base_dn.empty() ? s_.base_dn : s_.group_base_dn;
    rc = ldap_search_ext_s(c.ld, base.c_str(), LDAP_SCOPE_SUBTREE, group_filter.c_str(), const_cast<char**>(cn), 0,
                           nullptr, nullptr, &tv, 0, &groups.m);
    if (rc != LDAP_SUCCESS && rc != LDAP_NO_SUCH_OBJECT)
      return failed(unreachable(rc) ? Outcome::unavailable : Outcome::unknown_user, "group search: " + describe(c.ld, rc));
    for (auto* g = groups.m ? ldap_first_entry(c.ld, groups.m) : nullptr; g; g = ldap_next_entry(c.ld, g))
      id.groups.push_back(entry_dn(c.ld, g));
  }

  rc = simple_bind(c.ld, id.external_id, password);
  if (rc == LDAP_INVALID_CREDENTIALS) {
    a.outcome = Outcome::wrong_password;
    a.error = "the directory refused the password for " + id.external_id;
    return a;
  }
  if (rc != LDAP_SUCCESS)
    return failed(unreachable(rc) ? Outcome::unavailable : Outcome::wrong_password, "user bind: " + describe(c.ld, rc));
  a.outcome = Outcome::ok;
  return a;
}

}  // namespace classroom
