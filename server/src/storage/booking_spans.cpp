#include "storage/booking_spans.hpp"

#include "storage/db.hpp"

namespace classroom {

namespace {

const char* kSpanColumns = "SELECT id, classroom_id, user_id, start_time, end_time FROM bookings ";

BookingSpan read_span(const soci::row& r) {
  return {row_i64(r, 0), row_i64(r, 1), row_opt_i64(r, 2), row_i64(r, 3), row_i64(r, 4)};
}

// Bookings in one of `statuses` (an SQL list of our own literals) overlapping [from, to).
std::vector<BookingSpan> spans_between(Db& db, const char* statuses, std::int64_t from, std::int64_t to) {
  long long f = from, t = to;
  return db.run([&](soci::session& s) {
    std::vector<BookingSpan> out;
    soci::rowset<soci::row> rs = (s.prepare << std::string(kSpanColumns) + "WHERE status IN (" + statuses +
                                                   ") AND end_time > :f AND start_time < :t ORDER BY classroom_id, start_time",
                                  soci::use(f), soci::use(t));
    for (const auto& r : rs) out.push_back(read_span(r));
    return out;
  });
}

}  // namespace

std::vector<BookingSpan> BookingSpans::confirmed_between(std::int64_t from, std::int64_t to) {
  return spans_between(db_, "'confirmed'", from, to);
}

std::vector<BookingSpan> BookingSpans::held_between(std::int64_t from, std::int64_t to) {
  return spans_between(db_, "'confirmed', 'completed'", from, to);
}

std::vector<BookingSpan> BookingSpans::released_between(std::int64_t from, std::int64_t to) {
  return spans_between(db_, "'released'", from, to);
}

std::optional<BookingSpan> BookingSpans::current_for_user(std::int64_t classroom_id, std::int64_t user_id,
                                                          std::int64_t now) {
  long long room = classroom_id, user = user_id, t = now;
  return db_.run([&](soci::session& s) -> std::optional<BookingSpan> {
    soci::rowset<soci::row> rs = (s.prepare << std::string(kSpanColumns) +
                                                   "WHERE status = 'confirmed' AND classroom_id = :c AND user_id = :u "
                                               "AND start_time <= :t AND end_time > :t2",
                                  soci::use(room), soci::use(user), soci::use(t), soci::use(t));
    for (const auto& r : rs) return read_span(r);
    return std::nullopt;
  });
}

}  // namespace classroom
