#pragma once
// Sign-in against the campus directory (OpenLDAP, Active Directory) with OpenLDAP's
// client library: bind as the service account, find the user with the filter, bind
// as the user with the typed password, read the groups. Blocking: run it on a worker.
// The password is used for the one bind and is never kept or logged.
//
// Connections are pooled: a sign-in leases one (connected, TLS started, bound as the
// service account), and gives it back afterwards; the user's bind changed its identity,
// so the next lease binds it as the service account again (one round trip, where a new
// connection costs a TCP and a TLS handshake too). A pooled connection the directory has
// closed meanwhile is noticed at its first use and replaced once.
#include "domain/external_identity.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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
  std::size_t pool_size = 4;  // idle connections kept; sign-ins beyond it open their own
};

struct DirectoryAnswer {
  enum class Outcome { ok, unknown_user, wrong_password, unavailable };
  Outcome outcome = Outcome::unavailable;
  std::string error;  // for the logs and the diagnostics page (no secrets)
  ExternalIdentity identity;
};

struct LdapConnection;

class LdapDirectory {
 public:
  explicit LdapDirectory(LdapSettings settings);
  ~LdapDirectory();
  DirectoryAnswer authenticate(const std::string& username, const std::string& password) const;
  const LdapSettings& settings() const { return s_; }
  // For /metrics: connections opened since the start, and idle in the pool now.
  std::uint64_t connections_opened() const { return opened_; }
  std::size_t connections_idle() const;

 private:
  // A connection bound as the service account, from the pool or new; nullptr and
  // `error` when the directory cannot be reached.
  std::unique_ptr<LdapConnection> lease(std::string& error, bool fresh) const;
  void give_back(std::unique_ptr<LdapConnection> c) const;
  DirectoryAnswer search_and_bind(LdapConnection& c, const std::string& username, const std::string& password) const;

  LdapSettings s_;
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<LdapConnection>> idle_;
  mutable std::atomic<std::uint64_t> opened_{0};
};

}  // namespace classroom
