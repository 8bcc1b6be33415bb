#pragma once
// Who is calling: an account with a role, or a node. Every layer speaks of these.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace classroom {

enum class Role { staff, admin };

inline const char* role_name(Role r) { return r == Role::admin ? "admin" : "staff"; }
inline std::optional<Role> parse_role(std::string_view s) {
  if (s == "admin") return Role::admin;
  if (s == "staff") return Role::staff;
  return std::nullopt;
}

// Who is calling, set by the auth middleware before a handler runs.
struct Caller {
  std::int64_t user_id = 0;
  std::string username;
  Role role = Role::staff;
  std::int64_t expires_at = 0;  // the token's expiry (unix seconds)
};

struct DeviceCaller {
  std::string device_id;
};

}  // namespace classroom
