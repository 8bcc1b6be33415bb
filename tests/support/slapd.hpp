#pragma once
// A real OpenLDAP slapd in a temporary directory, with a small campus directory:
// alice (it-admins), bob (teaching), carol (no group), dave (facilities-north).
// Two shapes: OpenLDAP's (groupOfNames with `member`, found by a group search) and
// Active Directory's (`sAMAccountName`, `memberOf` on the user, from a small schema).
// With `tls`, slapd also listens for ldaps:// with a certificate from a throwaway CA.
#include <string>

namespace testing_support {

struct SlapdOptions {
  bool ad_style = false;
  bool tls = false;
};

class Slapd {
 public:
  static constexpr const char* kBase = "dc=uni,dc=example";
  static constexpr const char* kServiceDn = "cn=classroom-service,dc=uni,dc=example";
  static constexpr const char* kPassword = "campus-password-1";  // every user's

  explicit Slapd(SlapdOptions options = {});
  ~Slapd();
  Slapd(const Slapd&) = delete;

  std::string url() const { return "ldap://127.0.0.1:" + std::to_string(port_); }
  std::string ldaps_url() const { return "ldaps://127.0.0.1:" + std::to_string(tls_port_); }
  const std::string& ca_file() const { return ca_file_; }            // the CA that signed slapd's certificate
  const std::string& other_ca_file() const { return other_ca_; }     // a CA that did not
  const std::string& password_file() const { return password_file_; }  // the service account's
  // Applies an LDIF change as the directory's root (ldapmodify).
  void modify(const std::string& ldif);
  void stop();
  void start();

 private:
  SlapdOptions options_;
  std::string dir_, ca_file_, other_ca_, password_file_;
  int port_ = 0, tls_port_ = 0;
};

}  // namespace testing_support
