#include "storage/users.hpp"

#include "domain/caller.hpp"
#include "storage/db.hpp"

namespace classroom {

namespace {

const char* kColumns =
    "SELECT id, username, email, role, is_active, token_version, password_hash, created_at, updated_at, "
    "source, external_id, approver_scopes, deactivated_by_directory, directory_groups FROM users ";

std::string join_lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "\n") + s;
  return out;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < s.size();) {
    auto end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

User read_user(const soci::row& r) {
  User u;
  u.id = row_i64(r, 0);
  u.username = row_str(r, 1);
  u.email = row_str(r, 2);
  u.role = parse_role(row_str(r, 3)).value_or(Role::staff);
  u.is_active = row_bool(r, 4);
  u.token_version = static_cast<int>(row_i64(r, 5));
  u.password_hash = row_str(r, 6);
  u.created_at = row_i64(r, 7);
  u.updated_at = row_i64(r, 8);
  u.source = row_str(r, 9);
  u.external_id = row_str(r, 10);
  u.approver_scopes = split_lines(row_str(r, 11));
  u.deactivated_by_directory = row_bool(r, 12);
  u.directory_groups = split_lines(row_str(r, 13));
  return u;
}

std::optional<User> one(soci::session& s, const std::string& where, const auto& value) {
  soci::rowset<soci::row> rs = (s.prepare << kColumns + where, soci::use(value));
  for (const auto& r : rs) return read_user(r);
  return std::nullopt;
}

// Counted under a lock held to the end of the transaction, so two admins demoting
// each other at once cannot both see two (SQLite's BEGIN IMMEDIATE already serializes).
long long active_admins(soci::session& s) {
  if (s.get_backend_name() == "postgresql") s << "SELECT pg_advisory_xact_lock(727275)";
  long long n = 0;
  s << "SELECT COUNT(*) FROM users WHERE role = 'admin' AND is_active = 1", soci::into(n);
  return n;
}

}  // namespace

std::vector<User> UserStore::list() {
  return db_.run([](soci::session& s) {
    std::vector<User> out;
    soci::rowset<soci::row> rs = (s.prepare << std::string(kColumns) + "ORDER BY username");
    for (const auto& r : rs) out.push_back(read_user(r));
    return out;
  });
}

std::optional<User> UserStore::find(std::int64_t id) {
  long long key = id;
  return db_.run([&](soci::session& s) { return one(s, "WHERE id = :id", key); });
}

std::optional<User> UserStore::find_by_username(const std::string& username) {
  return db_.run([&](soci::session& s) { return one(s, "WHERE username = :u", username); });
}

User UserStore::create(const User& u, std::int64_t at) {
  return db_.write([&](soci::session& s) {
    int taken = 0;
    s << "SELECT COUNT(*) FROM users WHERE username = :u", soci::use(u.username), soci::into(taken);
    if (taken) throw Conflict("Username already exists", "username '" + u.username + "' is taken", "username");
    s << "SELECT COUNT(*) FROM users WHERE email = :e", soci::use(u.email), soci::into(taken);
    if (taken) throw Conflict("Email already exists", "email is already used by another account", "email");
    long long now = at, id = 0;
    int active = u.is_active ? 1 : 0;
    std::string role = role_name(u.role);
    std::string scopes = join_lines(u.approver_scopes), groups = join_lines(u.directory_groups);
    s << "INSERT INTO users (username, email, password_hash, role, is_active, created_at, updated_at, source, "
         "external_id, approver_scopes, directory_groups) VALUES (:u, :e, :h, :r, :a, :c, :m, :s, :x, :p, :g) RETURNING id",
        soci::use(u.username), soci::use(u.email), soci::use(u.password_hash), soci::use(role),
        soci::use(active), soci::use(now), soci::use(now), soci::use(u.source), soci::use(u.external_id),
        soci::use(scopes), soci::use(groups), soci::into(id);
    return *one(s, "WHERE id = :id", id);
  });
}

User UserStore::update(std::int64_t id, const UserPatch& p, std::int64_t at) {
  long long key = id;
  return db_.write([&](soci::session& s) {
    auto current = one(s, "WHERE id = :id", key);
    if (!current) throw NotFound("No user with id " + std::to_string(id));
    bool loses_admin = current->role == Role::admin && current->is_active &&
                       ((p.role && *p.role != Role::admin) || (p.is_active && !*p.is_active));
    if (loses_admin && active_admins(s) <= 1)
      throw Conflict("Last admin", "The last active admin cannot be demoted or deactivated", "role");
    long long now = at;
    if (p.email && *p.email != current->email) {
      int taken = 0;
      s << "SELECT COUNT(*) FROM users WHERE email = :e AND id <> :id", soci::use(*p.email), soci::use(key),
          soci::into(taken);
      if (taken) throw Conflict("Email already exists", "email is already used by another account", "email");
      s << "UPDATE users SET email = :e WHERE id = :id", soci::use(*p.email), soci::use(key);
    }
    if (p.role) {
      std::string role = role_name(*p.role);
      s << "UPDATE users SET role = :r, token_version = token_version + 1 WHERE id = :id AND role <> :r2",
          soci::use(role), soci::use(key), soci::use(role);
    }
    if (p.is_active) {
      // Deactivation revokes the tokens, so reactivating does not revive old ones.
      int active = *p.is_active ? 1 : 0;
      s << "UPDATE users SET is_active = :a, token_version = token_version + (1 - :a2) WHERE id = :id AND is_active <> :a3",
          soci::use(active), soci::use(active), soci::use(key), soci::use(active);
      s << "UPDATE users SET deactivated_by_directory = 0 WHERE id = :id", soci::use(key);
    }
    if (p.password_hash)
      s << "UPDATE users SET password_hash = :h, token_version = token_version + 1 WHERE id = :id",
          soci::use(*p.password_hash), soci::use(key);
    if (p.approver_scopes) {
      std::string scopes = join_lines(*p.approver_scopes);
      s << "UPDATE users SET approver_scopes = :p WHERE id = :id", soci::use(scopes), soci::use(key);
    }
    s << "UPDATE users SET updated_at = :m WHERE id = :id", soci::use(now), soci::use(key);
    return *one(s, "WHERE id = :id", key);
  });
}

void UserStore::remove(std::int64_t id, std::int64_t at) {
  long long key = id;
  db_.write([&](soci::session& s) {
    auto current = one(s, "WHERE id = :id", key);
    if (!current) throw NotFound("No user with id " + std::to_string(id));
    if (current->role == Role::admin && current->is_active && active_admins(s) <= 1)
      throw Conflict("Last admin", "The last active admin cannot be deleted", "id");
    // Bookings and messages keep their rows; their user_id becomes NULL (ON DELETE SET NULL).
    long long now = at;
    s << "UPDATE bookings SET status = 'cancelled', updated_at = :m "
         "WHERE user_id = :id AND status IN ('confirmed', 'pending') AND start_time > :now",
        soci::use(now), soci::use(key), soci::use(now);
    s << "DELETE FROM users WHERE id = :id", soci::use(key);
  });
}

User UserStore::sync_external(const User& u, std::int64_t at) {
  auto existing = find_by_username(u.username);
  if (!existing) return create(u, at);
  long long key = existing->id, now = at;
  return db_.write([&](soci::session& s) {
    std::string role = role_name(u.role), scopes = join_lines(u.approver_scopes), groups = join_lines(u.directory_groups);
    int active = u.is_active ? 1 : 0;
    s << "UPDATE users SET token_version = token_version + 1 WHERE id = :id AND (role <> :r OR (is_active = 1 AND :a = 0))",
        soci::use(key), soci::use(role), soci::use(active);
    int by_directory = u.is_active ? 0 : 1;
    s << "UPDATE users SET role = :r, is_active = :a, approver_scopes = :p, external_id = :x, updated_at = :m, "
         "deactivated_by_directory = :d, directory_groups = :g WHERE id = :id",
        soci::use(role), soci::use(active), soci::use(scopes), soci::use(u.external_id), soci::use(now),
        soci::use(by_directory), soci::use(groups), soci::use(key);
    return *one(s, "WHERE id = :id", key);
  });
}

std::int64_t UserStore::count() {
  return db_.run([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM users", soci::into(n);
    return n;
  });
}

}  // namespace classroom
