#pragma once
// Pieces of SQL the booking store's files share (booking_store.cpp, series_store.cpp,
// booking_lifecycle.cpp, feed_tokens.cpp). Storage-internal.
#include "domain/approval.hpp"
#include "storage/booking_store.hpp"
#include "storage/db.hpp"
#include "storage/mail_outbox.hpp"
#include "storage/outbox.hpp"

#include <spdlog/spdlog.h>

namespace classroom::booking_sql {

// A booking with its room's and owner's names and its series' flag.
inline constexpr const char* kSelect =
    "SELECT b.id, b.classroom_id, c.name, b.user_id, u.username, b.title, b.description, b.start_time, "
    "b.end_time, b.status, b.series_id, bs.flagged, b.checked_in_at, b.created_at, b.updated_at, b.decision_reason "
    "FROM bookings b JOIN classrooms c ON c.id = b.classroom_id LEFT JOIN users u ON u.id = b.user_id "
    "LEFT JOIN booking_series bs ON bs.id = b.series_id ";

inline Booking read(const soci::row& r) {
  Booking b;
  b.id = row_i64(r, 0);
  b.classroom_id = row_i64(r, 1);
  b.classroom_name = row_str(r, 2);
  b.user_id = row_opt_i64(r, 3);
  b.username = row_str(r, 4);
  b.title = row_str(r, 5);
  b.description = row_str(r, 6);
  b.start = row_i64(r, 7);
  b.end = row_i64(r, 8);
  b.status = parse_booking_status(row_str(r, 9)).value_or(BookingStatus::confirmed);
  b.series_id = row_opt_i64(r, 10);
  b.series_flagged = row_bool(r, 11);
  b.checked_in_at = row_opt_i64(r, 12);
  b.created_at = row_i64(r, 13);
  b.updated_at = row_i64(r, 14);
  b.decision_reason = row_str(r, 15);
  return b;
}

inline std::optional<Booking> find(soci::session& s, long long id) {
  soci::rowset<soci::row> rs = (s.prepare << std::string(kSelect) + "WHERE b.id = :id", soci::use(id));
  for (const auto& r : rs) return read(r);
  return std::nullopt;
}

inline Booking must_find(soci::session& s, long long id) {
  auto b = find(s, id);
  if (!b) throw NotFound("No booking with id " + std::to_string(id));
  return *b;
}

// Bookings matching `where` (with ORDER BY and LIMIT as needed); `values` bound in order.
inline std::vector<Booking> select_where(soci::session& s, const std::string& where, std::vector<long long> values) {
  std::vector<Booking> out;
  soci::row row;
  soci::statement st(s);
  st.alloc();
  for (auto& v : values) st.exchange(soci::use(v));
  st.exchange(soci::into(row));
  st.prepare(std::string(kSelect) + where);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) out.push_back(read(row));
  return out;
}

// The bookings that hold their slot: confirmed ones and the requests pending approval.
inline constexpr const char* kHolding = "('confirmed', 'pending')";

// The first booking holding the room over [start, end), other than `except`.
inline std::optional<BookingSpan> overlap(soci::session& s, long long room, long long start, long long end,
                                          long long except = 0) {
  soci::rowset<soci::row> rs =
      (s.prepare << "SELECT id, classroom_id, user_id, start_time, end_time FROM bookings "
                    "WHERE classroom_id = :c AND status IN " + std::string(kHolding) + " AND start_time < :e AND end_time > :s "
                    "AND id <> :x ORDER BY start_time LIMIT 1",
       soci::use(room), soci::use(end), soci::use(start), soci::use(except));
  for (const auto& r : rs) return BookingSpan{row_i64(r, 0), row_i64(r, 1), row_opt_i64(r, 2), row_i64(r, 3), row_i64(r, 4)};
  return std::nullopt;
}

// What approval asks of a room: its own flag and its building's, with their names.
inline ApprovalGate approval_gate(soci::session& s, long long room) {
  ApprovalGate gate;
  soci::rowset<soci::row> rs = (s.prepare << "SELECT c.name, c.requires_approval, b.name, b.requires_approval "
                                             "FROM classrooms c LEFT JOIN buildings b ON b.id = c.building_id "
                                             "WHERE c.id = :id",
                                soci::use(room));
  for (const auto& r : rs) {
    gate.room_name = row_str(r, 0);
    gate.room_requires = row_bool(r, 1);
    gate.building_name = row_str(r, 2);
    gate.building_requires = row_opt_i64(r, 3).value_or(0) != 0;
  }
  return gate;
}

// BadRequest naming classroom_id unless the room exists and takes bookings. Also the
// booking lock: on PostgreSQL the writers of one room's bookings queue on its row, so
// the overlap check after it sees every committed booking. Without it, conflicting
// inserts wait on each other inside the exclusion constraint, where PostgreSQL can only
// break the tie by aborting all but one as deadlocks (seconds each, and a 500).
// FOR NO KEY UPDATE leaves the foreign-key checks of other writers alone. On SQLite,
// BEGIN IMMEDIATE already lets one writer in at a time.
inline void lock_room_for_booking(soci::session& s, long long room, bool must_be_active = true) {
  int active = 0;
  bool postgresql = s.get_backend_name() == "postgresql";
  s << std::string("SELECT is_active FROM classrooms WHERE id = :id") + (postgresql ? " FOR NO KEY UPDATE" : ""),
      soci::use(room), soci::into(active);
  if (!s.got_data()) throw BadRequest("classroom_id", "No classroom with id " + std::to_string(room));
  if (!active && must_be_active) throw BadRequest("classroom_id", "The classroom is inactive and takes no bookings");
}

// The person a booking is for must be an active account (admins book on others' behalf).
inline void check_booker(soci::session& s, long long user) {
  int active = 0;
  s << "SELECT is_active FROM users WHERE id = :id", soci::use(user), soci::into(active);
  if (!s.got_data()) throw BadRequest("user_id", "No user with id " + std::to_string(user));
  if (!active) throw BadRequest("user_id", "The account is inactive and cannot hold bookings");
}

inline void log_event(soci::session& s, long long booking, const std::string& action,
                      std::optional<std::int64_t> user, long long at, const std::string& detail) {
  long long who = user.value_or(0);
  soci::indicator who_ind = user ? soci::i_ok : soci::i_null;
  s << "INSERT INTO booking_events (booking_id, action, user_id, at, detail) VALUES (:b, :a, :u, :t, :d)",
      soci::use(booking), soci::use(action), soci::use(who, who_ind), soci::use(at), soci::use(detail);
  // Other campus systems hear of it through the outbox, in this same transaction.
  const char* event = action == "created"     ? "booking.created"
                      : action == "updated"   ? "booking.changed"
                      : action == "cancelled" ? "booking.cancelled"
                      : action == "released"  ? "booking.released"
                                              : nullptr;
  // The booker (a request: its approvers) hears of it by mail, in this same transaction too.
  if (event || action == "requested" || action == "approved" || action == "declined" || action == "lapsed")
    enqueue_booking_mail(s, booking, action, at);
  if (!event) return;
  auto b = must_find(s, booking);
  enqueue_event(s, {event, "room:" + std::to_string(b.classroom_id),
                    [&] {
                      return event_payload(event, at,
                                           {{"booking_id", b.id},
                                            {"classroom_id", b.classroom_id},
                                            {"classroom", b.classroom_name},
                                            {"title", b.title},
                                            {"start_time", iso_utc(b.start)},
                                            {"end_time", iso_utc(b.end)},
                                            {"status", status_name(b.status)},
                                            {"user_id", b.user_id ? boost::json::value(*b.user_id) : nullptr},
                                            {"series_id", b.series_id ? boost::json::value(*b.series_id) : nullptr},
                                            {"detail", detail}});
                    },
                    at});
}

inline long long insert(soci::session& s, const BookingDraft& d, std::optional<std::int64_t> series,
                        std::int64_t actor, long long now, BookingStatus status = BookingStatus::confirmed) {
  std::string state(status_name(status));
  long long id = 0, room = d.classroom_id, user = d.user_id, start = d.start, end = d.end, by = actor;
  long long series_id = series.value_or(0);
  soci::indicator series_ind = series ? soci::i_ok : soci::i_null;
  s << "INSERT INTO bookings (classroom_id, user_id, title, description, start_time, end_time, status, series_id, "
       "created_by, created_at, updated_at) VALUES (:c, :u, :t, :d, :s, :e, :st, :r, :b, :n, :m) RETURNING id",
      soci::use(room), soci::use(user), soci::use(d.title), soci::use(d.description), soci::use(start),
      soci::use(end), soci::use(state), soci::use(series_id, series_ind), soci::use(by), soci::use(now), soci::use(now),
      soci::into(id);
  log_event(s, id, status == BookingStatus::pending ? "requested" : "created", actor, now, "");
  return id;
}

// The exclusion constraint refused a row: PostgreSQL saw a concurrent booking that
// the check before the insert could not see yet.
inline bool is_overlap_refusal(const soci::soci_error& e) { return Db::classify(e) == DbErrorKind::exclusion; }

// A write refused with a plain 409 "Time slot already booked" came from PostgreSQL's
// exclusion constraint: the other booking committed meanwhile, so it can be read now
// and named like the ones the check finds.
[[noreturn]] inline void rethrow_naming(Db& db, const Conflict& refused, long long room, const std::vector<BookingSpan>& ranges) {
  if (refused.error() != "Time slot already booked") throw;
  spdlog::info("event=overlap_refused_by_constraint classroom_id={}", room);
  std::optional<BookingSpan> other;
  db.run([&](soci::session& s) {
    for (const auto& r : ranges)
      if ((other = overlap(s, room, r.start, r.end))) return;
  });
  throw SlotTaken(other, ranges.size() > 1 ? ranges : std::vector<BookingSpan>{});
}

}  // namespace classroom::booking_sql
