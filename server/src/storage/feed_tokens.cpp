// Calendar feed tokens: users.calendar_token and classrooms.calendar_token.
#include "storage/booking_sql.hpp"

namespace classroom {

namespace {

// `table` is users or classrooms, never text from a request.
std::string feed_token(Db& db, const char* table, const char* what, std::int64_t id, const std::string& fresh,
                       bool renew) {
  return db.write([&](soci::session& s) {
    long long key = id;
    std::string token;
    soci::indicator ind = soci::i_null;
    s << std::string("SELECT calendar_token FROM ") + table + " WHERE id = :id", soci::use(key), soci::into(token, ind);
    if (!s.got_data()) throw NotFound(std::string("No ") + what + " with id " + std::to_string(id));
    if (ind == soci::i_ok && !token.empty() && !renew) return token;
    s << std::string("UPDATE ") + table + " SET calendar_token = :t WHERE id = :id", soci::use(fresh), soci::use(key);
    return fresh;
  });
}

}  // namespace

std::string BookingStore::user_feed_token(std::int64_t user_id, const std::string& fresh, bool renew) {
  return feed_token(db_, "users", "user", user_id, fresh, renew);
}

std::string BookingStore::room_feed_token(std::int64_t classroom_id, const std::string& fresh, bool renew) {
  return feed_token(db_, "classrooms", "classroom", classroom_id, fresh, renew);
}

std::optional<FeedOwner> BookingStore::feed_owner(const std::string& token) {
  return db_.run([&](soci::session& s) -> std::optional<FeedOwner> {
    soci::rowset<soci::row> users =
        (s.prepare << "SELECT id, username FROM users WHERE calendar_token = :t AND is_active = 1", soci::use(token));
    for (const auto& r : users) return FeedOwner{row_i64(r, 0), std::nullopt, row_str(r, 1)};
    soci::rowset<soci::row> rooms =
        (s.prepare << "SELECT id, name FROM classrooms WHERE calendar_token = :t", soci::use(token));
    for (const auto& r : rooms) return FeedOwner{std::nullopt, row_i64(r, 0), row_str(r, 1)};
    return std::nullopt;
  });
}

}  // namespace classroom
