#pragma once
// Sign-in against the campus directory (OpenLDAP, Active Directory) with OpenLDAP's
// client library: bind as the service account, find the user with the filter, bind
// as the user with the typed password, read the groups. Blocking: run it on a worker.
// The password is used for the one bind and is never kept or logged.
#include "domain/external_identity.hpp"

#include <string>

namespace classroom {

struct LdapSettings {
  std::string url;            // ldap://HOST:PORT or ldaps://HOST:PORT
  bool starttls = false;
  std::string bind_dn;        // the service account ("" binds anonymously)
  std::string bind_password;
  std::string base_dn;
  std::string user_filter = "(uid={username})";
  std::string group_attribute = "memberOf";
  std::string group_filter;   // "(member={dn})": groups by a search instead of an attribute
  std::string group_base_dn;  // where that search looks ("" = base_dn)
  std::string ca_file;        // CA to verify the directory's certificate ("" = the system's)
  int timeout_s = 5;
};

struct DirectoryAnswer {
  enum class Outcome { ok, unknown_user, wrong_password, unavailable };
  Outcome outcome = Outcome::unavailable;
  std::string error;  // for the logs and the diagnostics page (no secrets)
  ExternalIdentity identity;
};

class LdapDirectory {
 public:
  explicit LdapDirectory(LdapSettings settings);
  DirectoryAnswer authenticate(const std::string& username, const std::string& password) const;
  const LdapSettings& settings() const { return s_; }

 private:
  LdapSettings s_;
};

}  // namespace classroom
