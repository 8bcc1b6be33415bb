#pragma once
// Single sign-on's short-lived state, in the database so that any instance on one
// PostgreSQL can finish a sign-in another one started: the browser's pending sign-ins
// (by a hash of their `state`, with nonce, PKCE verifier and return page) and the
// one-time codes that hand a finished sign-in to the web app. Each is used once.
// Rather than a signed, encrypted cookie: refusing a replayed state needs a record of the
// states already used that every instance sees, and that is this table anyway; a cookie
// would also need a key shared by all instances, where var/ is each instance's own.
#include <cstdint>
#include <optional>
#include <string>

namespace classroom {

class Db;

struct OidcPending {
  std::string nonce, verifier, next;
  std::int64_t expires_at = 0;
};

struct OidcHandover {
  std::int64_t user_id = 0;
  std::string next;
};

enum class Take { taken, unknown, used, expired };

class OidcFlowStore {
 public:
  explicit OidcFlowStore(Db& db) : db_(db) {}
  // Also forgets what expired before `now`.
  void save_pending(const std::string& state_hash, const OidcPending& p, std::int64_t now);
  // Marks the pending sign-in used: a second callback with the same state is `used`.
  Take take_pending(const std::string& state_hash, std::int64_t now, OidcPending& out);
  void save_handover(const std::string& code_hash, const OidcHandover& h, std::int64_t expires_at);
  Take take_handover(const std::string& code_hash, std::int64_t now, OidcHandover& out);

 private:
  Db& db_;
};

}  // namespace classroom
