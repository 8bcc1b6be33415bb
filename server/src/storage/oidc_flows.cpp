#include "storage/oidc_flows.hpp"

#include "storage/db.hpp"

namespace classroom {

namespace {

// Used rows stay until they expire, so that a replay is told apart from a made-up state.
constexpr const char* kPurge = "DELETE FROM oidc_pending WHERE expires_at < :now";
constexpr const char* kInsertPending =
    "INSERT INTO oidc_pending (state_hash, nonce, verifier, next_path, expires_at) VALUES (:h, :n, :v, :p, :e)";
constexpr const char* kClaimPending =
    "UPDATE oidc_pending SET used_at = :now WHERE state_hash = :h AND used_at IS NULL AND expires_at >= :now2 "
    "RETURNING nonce, verifier, next_path, expires_at";
constexpr const char* kFindPending = "SELECT used_at, expires_at FROM oidc_pending WHERE state_hash = :h";
constexpr const char* kPurgeHandovers = "DELETE FROM oidc_handovers WHERE expires_at < :now";
constexpr const char* kInsertHandover =
    "INSERT INTO oidc_handovers (code_hash, user_id, next_path, expires_at) VALUES (:h, :u, :p, :e)";
constexpr const char* kClaimHandover =
    "UPDATE oidc_handovers SET used_at = :now WHERE code_hash = :h AND used_at IS NULL AND expires_at >= :now2 "
    "RETURNING user_id, next_path";
constexpr const char* kFindHandover = "SELECT used_at, expires_at FROM oidc_handovers WHERE code_hash = :h";

// Why a claim found nothing: no such row, used before, or too old.
Take why_not(soci::session& s, const char* find, const std::string& hash) {
  soci::rowset<soci::row> rs = (s.prepare << find, soci::use(hash));
  for (const auto& r : rs) return row_opt_i64(r, 0) ? Take::used : Take::expired;
  return Take::unknown;
}

// Claims the row of `hash` once (`claim` marks it used and returns it to `read`), or
// says why not.
template <class Read>
Take take_once(Db& db, const char* claim, const char* find, const std::string& hash, std::int64_t now, Read read) {
  long long t = now;
  return db.write([&](soci::session& s) {
    soci::rowset<soci::row> rs = (s.prepare << claim, soci::use(t), soci::use(hash), soci::use(t));
    for (const auto& r : rs) {
      read(r);
      return Take::taken;
    }
    return why_not(s, find, hash);
  });
}

}  // namespace

void OidcFlowStore::save_pending(const std::string& state_hash, const OidcPending& p, std::int64_t now) {
  long long t = now, expires = p.expires_at;
  db_.write([&](soci::session& s) {
    s << kPurge, soci::use(t);
    s << kInsertPending, soci::use(state_hash), soci::use(p.nonce), soci::use(p.verifier), soci::use(p.next),
        soci::use(expires);
  });
}

Take OidcFlowStore::take_pending(const std::string& state_hash, std::int64_t now, OidcPending& out) {
  return take_once(db_, kClaimPending, kFindPending, state_hash, now,
                   [&](const soci::row& r) { out = {row_str(r, 0), row_str(r, 1), row_str(r, 2), row_i64(r, 3)}; });
}

void OidcFlowStore::save_handover(const std::string& code_hash, const OidcHandover& h, std::int64_t expires_at) {
  long long expires = expires_at, user = h.user_id;
  db_.write([&](soci::session& s) {
    s << kPurgeHandovers, soci::use(expires);  // older than this one by its whole lifetime
    s << kInsertHandover, soci::use(code_hash), soci::use(user), soci::use(h.next), soci::use(expires);
  });
}

Take OidcFlowStore::take_handover(const std::string& code_hash, std::int64_t now, OidcHandover& out) {
  return take_once(db_, kClaimHandover, kFindHandover, code_hash, now,
                   [&](const soci::row& r) { out = {row_i64(r, 0), row_str(r, 1)}; });
}

}  // namespace classroom
