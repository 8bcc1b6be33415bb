#pragma once
// The last directory or SSO sign-in of each username, kept for the diagnostics page.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace classroom {

class Db;

struct SignInRecord {
  std::string username;
  std::int64_t at = 0;
  std::string source;   // "ldap", "header"
  std::string outcome;  // "signed_in", "refused", "failed"
  std::vector<std::pair<std::string, std::string>> attributes;  // as the directory sent them
  std::vector<std::string> groups;
  std::vector<std::string> matched_rules;
  std::string role;    // "admin", "staff", or "" when refused
  std::string reason;  // how the groups were mapped
  std::string error;   // why it failed, "" when it did not
};

class SignInStore {
 public:
  explicit SignInStore(Db& db) : db_(db) {}
  void record(const SignInRecord& r);  // replaces the username's previous record
  std::optional<SignInRecord> find(const std::string& username);

 private:
  Db& db_;
};

}  // namespace classroom
