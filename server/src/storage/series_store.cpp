// Term timetables: a series row and its occurrences, written in one transaction.
#include "storage/booking_sql.hpp"

#include <algorithm>

namespace classroom {

using namespace booking_sql;

namespace {

const char* kSeriesSelect =
    "SELECT id, classroom_id, user_id, title, description, weekdays, start_date, end_date, start_time, end_time, "
    "flagged, created_at FROM booking_series ";

Series read_series(const soci::row& r) {
  Series s;
  s.id = row_i64(r, 0);
  s.classroom_id = row_i64(r, 1);
  s.user_id = row_opt_i64(r, 2);
  s.title = row_str(r, 3);
  s.description = row_str(r, 4);
  s.weekdays = row_str(r, 5);
  s.start_date = row_str(r, 6);
  s.end_date = row_str(r, 7);
  s.start_time = row_str(r, 8);
  s.end_time = row_str(r, 9);
  s.flagged = row_bool(r, 10);
  s.created_at = row_i64(r, 11);
  return s;
}

std::optional<Series> series_in(soci::session& s, long long id) {
  soci::rowset<soci::row> rs = (s.prepare << std::string(kSeriesSelect) + "WHERE id = :id", soci::use(id));
  for (const auto& r : rs) return read_series(r);
  return std::nullopt;
}

long long insert_series(soci::session& s, const Series& sr, long long now) {
  long long id = 0, room = sr.classroom_id, user = sr.user_id.value_or(0);
  s << "INSERT INTO booking_series (classroom_id, user_id, title, description, weekdays, start_date, end_date, "
       "start_time, end_time, flagged, created_at, updated_at) "
       "VALUES (:c, :u, :t, :d, :w, :sd, :ed, :st, :et, 0, :n, :m) RETURNING id",
      soci::use(room), soci::use(user), soci::use(sr.title), soci::use(sr.description), soci::use(sr.weekdays),
      soci::use(sr.start_date), soci::use(sr.end_date), soci::use(sr.start_time), soci::use(sr.end_time),
      soci::use(now), soci::use(now), soci::into(id);
  return id;
}

}  // namespace

SeriesOutcome BookingStore::create_series(const Series& sr, const std::vector<BookingSpan>& occurrences,
                                          bool skip_conflicts, std::int64_t actor, std::int64_t now, BookingStatus status) {
  try {
    return db_.write([&](soci::session& s) {
      lock_room_for_booking(s, sr.classroom_id);
      SeriesOutcome out;
      std::vector<BookingSpan> free;
      std::optional<BookingSpan> first_other;
      for (const auto& o : occurrences) {
        auto other = overlap(s, sr.classroom_id, o.start, o.end);
        (other ? out.conflicts : free).push_back(o);
        if (other && !first_other) first_other = other;
      }
      if (!out.conflicts.empty() && (!skip_conflicts || free.empty())) throw SlotTaken(first_other, out.conflicts);
      out.series_id = insert_series(s, sr, now);
      std::vector<long long> ids;
      for (const auto& o : free) {
        BookingDraft d{sr.classroom_id, sr.user_id.value_or(actor), sr.title, sr.description, o.start, o.end};
        if (!skip_conflicts) {
          ids.push_back(insert(s, d, out.series_id, actor, now, status));
          continue;
        }
        // A booking another instance committed since the check refuses this one
        // occurrence only: PostgreSQL keeps the transaction usable past a savepoint.
        s << "SAVEPOINT occurrence";
        try {
          ids.push_back(insert(s, d, out.series_id, actor, now, status));
          s << "RELEASE SAVEPOINT occurrence";
        } catch (const soci::soci_error& e) {
          if (!is_overlap_refusal(e)) throw;
          s << "ROLLBACK TO SAVEPOINT occurrence";
          out.conflicts.push_back(o);
        }
      }
      for (auto id : ids) out.created.push_back(must_find(s, id));
      std::sort(out.conflicts.begin(), out.conflicts.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
      return out;
    });
  } catch (const SlotTaken&) {
    throw;
  } catch (const Conflict& e) {
    if (e.error() != "Time slot already booked") throw;
    std::optional<BookingSpan> other;
    db_.run([&](soci::session& s) {
      for (const auto& o : occurrences)
        if ((other = overlap(s, sr.classroom_id, o.start, o.end))) return;
    });
    throw SlotTaken(other);
  }
}

std::optional<Series> BookingStore::find_series(std::int64_t id) {
  return db_.run([&](soci::session& s) { return series_in(s, id); });
}

std::vector<Series> BookingStore::list_series(bool flagged_only) {
  return db_.run([&](soci::session& s) {
    std::vector<Series> out;
    soci::rowset<soci::row> rs =
        (s.prepare << std::string(kSeriesSelect) + (flagged_only ? "WHERE flagged = 1 " : "") + "ORDER BY id DESC");
    for (const auto& r : rs) out.push_back(read_series(r));
    return out;
  });
}

Series BookingStore::set_series_flag(std::int64_t id, bool flagged, std::int64_t now) {
  return db_.write([&](soci::session& s) {
    long long key = id, at = now;
    int flag = flagged ? 1 : 0;
    s << "UPDATE booking_series SET flagged = :f, updated_at = :u WHERE id = :id", soci::use(flag), soci::use(at),
        soci::use(key);
    auto sr = series_in(s, key);
    if (!sr) throw NotFound("No booking series with id " + std::to_string(id));
    return *sr;
  });
}

std::vector<Booking> BookingStore::edit_series(std::int64_t id, const SeriesEdit& e, std::int64_t actor,
                                               std::int64_t now) {
  long long key = id, at = now;
  std::int64_t room = 0;
  try {
    return db_.write([&](soci::session& s) {
      auto sr = series_in(s, key);
      if (!sr) throw NotFound("No booking series with id " + std::to_string(id));
      room = sr->classroom_id;
      lock_room_for_booking(s, room, false);
      std::vector<BookingSpan> taken;
      std::optional<BookingSpan> first_other;
      for (const auto& n : e.sessions) {
        auto current = must_find(s, n.id);
        if (current.series_id != sr->id || current.status != BookingStatus::confirmed)
          throw Conflict("Booking not active", "Booking " + std::to_string(n.id) + " is no longer a session of the series");
        if (auto other = overlap(s, room, n.start, n.end, n.id)) {
          taken.push_back(n);
          if (!first_other) first_other = other;
        }
      }
      if (!taken.empty()) throw SlotTaken(first_other, taken.size() > 1 ? taken : std::vector<BookingSpan>{});
      std::vector<Booking> out;
      for (const auto& n : e.sessions) {
        long long booking = n.id, start = n.start, end = n.end;
        s << "UPDATE bookings SET title = :t, description = :d, start_time = :s, end_time = :e, "
             "checked_in_at = CASE WHEN start_time = :s2 THEN checked_in_at ELSE NULL END, updated_at = :u "
             "WHERE id = :id",
            soci::use(e.title), soci::use(e.description), soci::use(start), soci::use(end), soci::use(start),
            soci::use(at), soci::use(booking);
        log_event(s, booking, "updated", actor, at, "series edited from this date on");
        out.push_back(must_find(s, booking));
      }
      s << "UPDATE booking_series SET title = :t, description = :d, start_time = :s, end_time = :e, updated_at = :u "
           "WHERE id = :id",
          soci::use(e.title), soci::use(e.description), soci::use(e.start_time), soci::use(e.end_time), soci::use(at),
          soci::use(key);
      return out;
    });
  } catch (const SlotTaken&) {
    throw;
  } catch (const Conflict& c) {
    rethrow_naming(db_, c, room, e.sessions);
  }
}

std::vector<Booking> BookingStore::cancel_series_from(std::int64_t id, std::int64_t from, std::int64_t actor,
                                                      std::int64_t now) {
  return db_.write([&](soci::session& s) {
    long long key = id, start = from, at = now;
    if (!series_in(s, key)) throw NotFound("No booking series with id " + std::to_string(id));
    auto doomed = select_where(s, "WHERE b.series_id = :s AND b.status = 'confirmed' AND b.start_time >= :f "
                                  "ORDER BY b.start_time", {key, start});
    std::vector<Booking> out;
    for (auto& b : doomed) {
      long long booking = b.id;
      s << "UPDATE bookings SET status = 'cancelled', updated_at = :u WHERE id = :id", soci::use(at), soci::use(booking);
      log_event(s, booking, "cancelled", actor, at, "series cancelled from this date on");
      out.push_back(must_find(s, booking));
    }
    return out;
  });
}

}  // namespace classroom
