#pragma once
#include "domain/caller.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

class Db;

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string email;
  Role role = Role::staff;
  bool is_active = true;
  int token_version = 0;
  std::string password_hash;
  std::string source = "local";              // "local", "ldap", "header": who vouches for the account
  std::string external_id;                   // the directory's DN, or the proxy's user name
  std::vector<std::string> approver_scopes;  // "building/NAME", "room/NAME"
  bool deactivated_by_directory = false;     // rather than by an admin
  std::vector<std::string> directory_groups;  // as the directory or SSO last sent them; local accounts: none
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct UserPatch {
  std::optional<std::string> email;
  std::optional<Role> role;
  std::optional<bool> is_active;
  std::optional<std::string> password_hash;  // also revokes the user's tokens
  std::optional<std::vector<std::string>> approver_scopes;  // replaces the account's scopes
};

class UserStore {
 public:
  explicit UserStore(Db& db) : db_(db) {}
  std::vector<User> list();
  std::optional<User> find(std::int64_t id);
  std::optional<User> find_by_username(const std::string& username);
  // Conflict naming `username` or `email` when taken.
  User create(const User& u, std::int64_t now);
  // NotFound; Conflict when it would leave no active admin.
  User update(std::int64_t id, const UserPatch& patch, std::int64_t now);
  void remove(std::int64_t id, std::int64_t now);
  // A directory or SSO account as its sign-in found it: created when new, else its role,
  // scopes and active flag set (the directory decides, so no last-admin check; an
  // inactive `u` is marked deactivated_by_directory); a change of role or a deactivation
  // revokes its tokens.
  User sync_external(const User& u, std::int64_t now);
  std::int64_t count();

 private:
  Db& db_;
};

}  // namespace classroom
