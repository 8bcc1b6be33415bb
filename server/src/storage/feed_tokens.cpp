// Calendar feed tokens: users.calendar_token and classrooms.calendar_token.
#include "storage/booking_sql.hpp"
#include "storage/row_token.hpp"

namespace classroom {

std::string BookingStore::user_feed_token(std::int64_t user_id, const std::string& fresh, bool renew) {
  return row_token(db_, "users", "calendar_token", "user", user_id, fresh, renew);
}

std::string BookingStore::room_feed_token(std::int64_t classroom_id, const std::string& fresh, bool renew) {
  return row_token(db_, "classrooms", "calendar_token", "classroom", classroom_id, fresh, renew);
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
