#include "storage/booking_sql.hpp"

#include <spdlog/spdlog.h>

namespace classroom {

using namespace booking_sql;

SlotTaken::SlotTaken(std::optional<BookingSpan> in_the_way, std::vector<BookingSpan> requested)
    : Conflict("Time slot already booked",
               requested.size() > 1 ? std::to_string(requested.size()) + " of the requested times are already booked"
                                    : "The classroom is already booked at that time"),
      other(std::move(in_the_way)), wanted(std::move(requested)) {}

Booking BookingStore::create(const BookingDraft& d, std::int64_t actor, std::int64_t now, BookingStatus status) {
  try {
    return db_.write([&](soci::session& s) {
      lock_room_for_booking(s, d.classroom_id);
      if (d.user_id != actor) check_booker(s, d.user_id);
      if (auto other = overlap(s, d.classroom_id, d.start, d.end)) throw SlotTaken(other);
      return must_find(s, insert(s, d, std::nullopt, actor, now, status));
    });
  } catch (const SlotTaken&) {
    throw;
  } catch (const Conflict& e) {
    rethrow_naming(db_, e, d.classroom_id, {BookingSpan{0, d.classroom_id, d.user_id, d.start, d.end}});
  }
}

std::optional<Booking> BookingStore::find(std::int64_t id) {
  return db_.run([&](soci::session& s) { return booking_sql::find(s, id); });
}

Booking BookingStore::update(std::int64_t id, const BookingDraft& next, std::int64_t actor, const std::string& detail,
                             std::int64_t now, BookingStatus status) {
  try {
    return db_.write([&](soci::session& s) {
      auto current = must_find(s, id);
      if (current.status != BookingStatus::confirmed && current.status != BookingStatus::pending)
        throw Conflict("Booking not active",
                       "The booking is " + std::string(status_name(current.status)) + " and can no longer be changed");
      // An edit within a room deactivated since is fine; a move into one is not.
      lock_room_for_booking(s, next.classroom_id, next.classroom_id != current.classroom_id);
      if (auto other = overlap(s, next.classroom_id, next.start, next.end, id)) throw SlotTaken(other);
      long long key = id, room = next.classroom_id, start = next.start, end = next.end, at = now;
      // Moved to a later start: a check-in before the move no longer counts.
      bool keep_check_in = next.start == current.start;
      std::string state{status_name(status)};
      s << "UPDATE bookings SET classroom_id = :c, title = :t, description = :d, start_time = :s, end_time = :e, "
           "checked_in_at = CASE WHEN :k = 1 THEN checked_in_at ELSE NULL END, status = :st, updated_at = :u WHERE id = :id",
          soci::use(room), soci::use(next.title), soci::use(next.description), soci::use(start), soci::use(end),
          soci::use(keep_check_in ? 1 : 0), soci::use(state), soci::use(at), soci::use(key);
      log_event(s, key, "updated", actor, at, detail);
      return must_find(s, key);
    });
  } catch (const SlotTaken&) {
    throw;
  } catch (const Conflict& e) {
    rethrow_naming(db_, e, next.classroom_id, {BookingSpan{id, next.classroom_id, next.user_id, next.start, next.end}});
  }
}

Booking BookingStore::cancel(std::int64_t id, std::int64_t actor, std::int64_t now) {
  return db_.write([&](soci::session& s) {
    long long key = id, at = now;
    auto current = must_find(s, key);
    if (current.status == BookingStatus::cancelled) return current;
    if (current.status != BookingStatus::confirmed && current.status != BookingStatus::pending)
      throw Conflict("Booking not active", "The booking is already " + std::string(status_name(current.status)));
    if (current.end <= now) throw Conflict("Booking over", "The booking has already ended");
    s << "UPDATE bookings SET status = 'cancelled', updated_at = :u WHERE id = :id", soci::use(at), soci::use(key);
    log_event(s, key, "cancelled", actor, at, "");
    return must_find(s, key);
  });
}

std::vector<BookingEvent> BookingStore::history(std::int64_t id) {
  long long key = id;
  return db_.run([&](soci::session& s) {
    std::vector<BookingEvent> out;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT e.action, e.user_id, u.username, e.at, e.detail "
                                               "FROM booking_events e LEFT JOIN users u ON u.id = e.user_id "
                                               "WHERE e.booking_id = :id ORDER BY e.at, e.id",
                                  soci::use(key));
    for (const auto& r : rs) out.push_back({row_str(r, 0), row_opt_i64(r, 1), row_str(r, 2), row_i64(r, 3), row_str(r, 4)});
    return out;
  });
}

std::vector<Booking> BookingStore::of_user(std::int64_t user_id) {
  return db_.run([&](soci::session& s) {
    return select_where(s, "WHERE b.user_id = :u ORDER BY b.start_time, b.id", {user_id});
  });
}

std::vector<Booking> BookingStore::taken_in(std::int64_t classroom_id, std::int64_t from, std::int64_t to) {
  return db_.run([&](soci::session& s) {
    return select_where(s,
                        "WHERE b.classroom_id = :c AND b.status IN " + std::string(kHolding) +
                            " AND b.end_time > :f AND b.start_time < :t "
                        "ORDER BY b.start_time",
                        {classroom_id, from, to});
  });
}

std::vector<Booking> BookingStore::series_bookings(std::int64_t series_id) {
  return db_.run([&](soci::session& s) {
    return select_where(s, "WHERE b.series_id = :s ORDER BY b.start_time, b.id", {series_id});
  });
}

std::vector<Booking> BookingStore::for_feed(const FeedOwner& owner, std::int64_t from, std::int64_t to) {
  return db_.run([&](soci::session& s) {
    auto who = owner.user_id ? "b.user_id = :o " : "b.classroom_id = :o ";
    return select_where(s, std::string("WHERE ") + who + "AND b.end_time > :f AND b.start_time < :t ORDER BY b.start_time",
                        {owner.user_id.value_or(owner.classroom_id.value_or(0)), from, to});
  });
}

std::vector<std::int64_t> BookingStore::busy_rooms(std::int64_t from, std::int64_t to) {
  long long f = from, t = to;
  return db_.run([&](soci::session& s) {
    std::vector<std::int64_t> out;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT DISTINCT classroom_id FROM bookings WHERE status IN " +
                                                   std::string(kHolding) + " AND end_time > :f AND start_time < :t",
                                  soci::use(f), soci::use(t));
    for (const auto& r : rs) out.push_back(row_i64(r, 0));
    return out;
  });
}

BookingPage BookingStore::page(const BookingQuery& q) {
  // Only the filters asked for go into the WHERE clause; values are bound in order.
  std::string where = "WHERE 1 = 1";
  std::vector<long long> values;
  auto filter = [&](const std::optional<std::int64_t>& v, const char* condition) {
    if (!v) return;
    where += condition;
    values.push_back(*v);
  };
  filter(q.classroom_id, " AND b.classroom_id = :c");
  filter(q.user_id, " AND b.user_id = :u");
  filter(q.series_id, " AND b.series_id = :s");
  filter(q.from, " AND b.end_time > :f");
  filter(q.to, " AND b.start_time < :t");
  if (q.flagged_only) where += " AND bs.flagged = 1";
  // Statuses are a closed set (an enum): written inline.
  if (q.status) where += " AND b.status = '" + std::string(status_name(*q.status)) + "'";
  return db_.run([&](soci::session& s) {
    BookingPage page;
    long long total = 0;
    soci::statement st(s);
    st.alloc();
    auto counted = values;
    for (auto& v : counted) st.exchange(soci::use(v));
    st.exchange(soci::into(total));
    st.prepare("SELECT COUNT(*) FROM bookings b LEFT JOIN booking_series bs ON bs.id = b.series_id " + where);
    st.define_and_bind();
    st.execute(true);
    page.total = total;
    page.items = select_where(s, where + " ORDER BY b.start_time, b.id LIMIT " + std::to_string(q.per_page) +
                                     " OFFSET " + std::to_string(std::int64_t{q.page - 1} * q.per_page),
                              values);
    return page;
  });
}

}  // namespace classroom
