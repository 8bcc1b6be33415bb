#include "auth/ldap_directory.hpp"

#include "auth/ldap_filter.hpp"

#include <ldap.h>

#include <memory>

namespace classroom {

struct LdapConnection {
  LDAP* ld = nullptr;
  bool as_service = false;  // bound as the service account (not as a user since)
  bool broken = false;      // the directory went away under it: never pooled again
  ~LdapConnection() {
    if (ld) ldap_unbind_ext_s(ld, nullptr, nullptr);
  }
};

namespace {

using Outcome = DirectoryAnswer::Outcome;

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
std::string connect(LdapConnection& c, const LdapSettings& s) {
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
LdapDirectory::~LdapDirectory() = default;

std::size_t LdapDirectory::connections_idle() const {
  std::lock_guard lock(mu_);
  return idle_.size();
}

std::unique_ptr<LdapConnection> LdapDirectory::lease(std::string& error, bool fresh) const {
  std::unique_ptr<LdapConnection> c;
  if (!fresh) {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      c = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!c) {
    c = std::make_unique<LdapConnection>();
    ++opened_;
    if (error = connect(*c, s_); !error.empty()) return nullptr;
  }
  if (!c->as_service) {
    if (int rc = simple_bind(c->ld, s_.bind_dn, s_.bind_password); rc != LDAP_SUCCESS) {
      error = "service bind as " + s_.bind_dn + ": " + describe(c->ld, rc);
      return nullptr;
    }
    c->as_service = true;
  }
  return c;
}

void LdapDirectory::give_back(std::unique_ptr<LdapConnection> c) const {
  if (!c || c->broken) return;
  std::lock_guard lock(mu_);
  if (idle_.size() < s_.pool_size) idle_.push_back(std::move(c));
}

DirectoryAnswer LdapDirectory::authenticate(const std::string& username, const std::string& password) const {
  // An empty password would make an "unauthenticated bind", which succeeds.
  if (password.empty()) return failed(Outcome::wrong_password, "empty password");
  // A pooled connection may have been closed by the directory (an idle timeout, a
  // restart): that shows as "unavailable" at its first use, and one new connection is tried.
  for (bool fresh : {false, true}) {
    std::string error;
    auto c = lease(error, fresh);
    if (!c) {
      if (fresh) return failed(Outcome::unavailable, error);
      continue;
    }
    auto answer = search_and_bind(*c, username, password);
    bool reused = !fresh && c->broken;
    give_back(std::move(c));
    if (answer.outcome != Outcome::unavailable || !reused) return answer;
  }
  return failed(Outcome::unavailable, "the directory did not answer");
}

DirectoryAnswer LdapDirectory::search_and_bind(LdapConnection& c, const std::string& username,
                                               const std::string& password) const {
  auto broke = [&](int rc) {
    if (unreachable(rc)) c.broken = true;
    return c.broken;
  };
  auto filter = ldap_fill_filter(s_.user_filter, "username", username);
  // Only these attributes are asked for: never a password hash or other secret.
  const char* wanted[] = {"uid", "sAMAccountName", "userPrincipalName", "cn", "displayName", "mail",
                          s_.group_attribute.c_str(), nullptr};
  timeval tv{s_.timeout_s, 0};
  Messages found;
  int rc = ldap_search_ext_s(c.ld, s_.base_dn.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(), const_cast<char**>(wanted),
                             0, nullptr, nullptr, &tv, 2, &found.m);
  if (broke(rc)) return failed(Outcome::unavailable, "user search: " + describe(c.ld, rc));
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
      return failed(broke(rc) ? Outcome::unavailable : Outcome::unknown_user, "group search: " + describe(c.ld, rc));
    for (auto* g = groups.m ? ldap_first_entry(c.ld, groups.m) : nullptr; g; g = ldap_next_entry(c.ld, g))
      id.groups.push_back(entry_dn(c.ld, g));
  }

  rc = simple_bind(c.ld, id.external_id, password);
  c.as_service = false;
  if (rc == LDAP_INVALID_CREDENTIALS) {
    a.outcome = Outcome::wrong_password;
    a.error = "the directory refused the password for " + id.external_id;
    return a;
  }
  if (rc != LDAP_SUCCESS)
    return failed(broke(rc) ? Outcome::unavailable : Outcome::wrong_password, "user bind: " + describe(c.ld, rc));
  a.outcome = Outcome::ok;
  return a;
}

}  // namespace classroom
