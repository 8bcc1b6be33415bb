#pragma once
// A user as a directory or the proxy in front vouches for them: who, and their groups.
#include <string>
#include <utility>
#include <vector>

namespace classroom {

struct ExternalIdentity {
  std::string source;       // "ldap", "header"
  std::string username;
  std::string external_id;  // the directory entry's DN; the header's value
  std::string email;        // "" when not sent
  std::vector<std::pair<std::string, std::string>> attributes;  // what was sent (never a secret)
  std::vector<std::string> groups;
};

}  // namespace classroom
