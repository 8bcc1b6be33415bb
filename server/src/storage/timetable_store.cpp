// The timetable import's SQL. Occurrences are written many rows per statement (only
// integers are spelled into the SQL; every text is bound), moves through one prepared
// statement, so a large file costs a few hundred round trips, not a few hundred thousand.
#include "storage/timetable_store.hpp"

#include "domain/time.hpp"
#include "storage/db.hpp"

#include <algorithm>
#include <cctype>

namespace classroom {

namespace {

constexpr std::size_t kChunk = 1000;  // rows per multi-row statement
constexpr const char* kDetail = "timetable import";

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TimetableState read_state(soci::session& s, long long now) {
  TimetableState st;
  {
    soci::rowset<soci::row> rs = (s.prepare << "SELECT id, name FROM classrooms WHERE is_active = 1");
    for (const auto& r : rs) st.directory.rooms[lower(row_str(r, 1))] = {row_i64(r, 0), row_str(r, 1)};
  }
  {
    soci::rowset<soci::row> rs = (s.prepare << "SELECT id, username, email, role FROM users WHERE is_active = 1 ORDER BY id");
    for (const auto& r : rs) {
      Named who{row_i64(r, 0), row_str(r, 1)};
      st.directory.people[lower(row_str(r, 1))] = who;
      st.directory.people.emplace(lower(row_str(r, 2)), who);
      if (row_str(r, 3) == "admin" && !st.directory.default_organizer) st.directory.default_organizer = who;
    }
  }
  {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT bs.id, bs.section, bs.classroom_id, c.name, bs.user_id, u.username, bs.title, bs.weekdays, "
                      "bs.start_date, bs.end_date, bs.start_time, bs.end_time FROM booking_series bs "
                      "JOIN classrooms c ON c.id = bs.classroom_id LEFT JOIN users u ON u.id = bs.user_id "
                      "WHERE bs.section IS NOT NULL");
    for (const auto& r : rs) {
      StoredSection x;
      x.series_id = row_i64(r, 0);
      x.section = row_str(r, 1);
      x.room = {row_i64(r, 2), row_str(r, 3)};
      if (auto user = row_opt_i64(r, 4)) x.organizer = Named{*user, row_str(r, 5)};
      x.title = row_str(r, 6);
      x.weekdays = row_str(r, 7);
      x.start_date = row_str(r, 8);
      x.end_date = row_str(r, 9);
      x.start_time = row_str(r, 10);
      x.end_time = row_str(r, 11);
      st.sections.push_back(std::move(x));
    }
  }
  {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT b.id, b.series_id, b.classroom_id, b.start_time, b.end_time FROM bookings b "
                      "JOIN booking_series bs ON bs.id = b.series_id "
                      "WHERE bs.section IS NOT NULL AND b.status = 'confirmed' AND b.start_time > :n ORDER BY b.start_time",
         soci::use(now));
    for (const auto& r : rs)
      st.future[row_i64(r, 1)].push_back({row_i64(r, 0), row_i64(r, 2), row_i64(r, 3), row_i64(r, 4)});
  }
  {
    soci::rowset<soci::row> rs = (s.prepare << "SELECT id, classroom_id, start_time, end_time FROM bookings "
                                               "WHERE status IN ('confirmed', 'pending') AND end_time > :n",
                                  soci::use(now));
    for (const auto& r : rs) st.busy.push_back({row_i64(r, 0), row_i64(r, 1), row_i64(r, 2), row_i64(r, 3)});
  }
  return st;
}

// Calls f(from, to) for each run of at most kChunk of n rows.
template <class F>
void in_chunks(std::size_t n, F&& f) {
  for (std::size_t from = 0; from < n; from += kChunk) f(from, std::min(n, from + kChunk));
}

void log_events(soci::session& s, const std::vector<long long>& ids, const char* action, long long actor, long long now) {
  in_chunks(ids.size(), [&](std::size_t from, std::size_t to) {
    std::string sql = "INSERT INTO booking_events (booking_id, action, user_id, at, detail) VALUES ";
    for (auto i = from; i < to; ++i)
      sql += (i == from ? "(" : ",(") + std::to_string(ids[i]) + ",'" + action + "'," + std::to_string(actor) + "," +
             std::to_string(now) + ",'" + kDetail + "')";
    s << sql;
  });
}

void cancel(soci::session& s, const std::vector<long long>& ids, long long actor, long long now) {
  in_chunks(ids.size(), [&](std::size_t from, std::size_t to) {
    std::string list;
    for (auto i = from; i < to; ++i) list += (i == from ? "" : ",") + std::to_string(ids[i]);
    s << "UPDATE bookings SET status = 'cancelled', updated_at = " + std::to_string(now) + " WHERE id IN (" + list + ")";
  });
  log_events(s, ids, "cancelled", actor, now);
}

struct NewOccurrence {
  long long series_id, user_id;
  Slot slot;
};

// Each occurrence takes its title and description from its series row.
void insert_occurrences(soci::session& s, const std::vector<NewOccurrence>& rows, long long actor, long long now) {
  std::vector<long long> ids;
  in_chunks(rows.size(), [&](std::size_t from, std::size_t to) {
    std::string sql =
        "INSERT INTO bookings (classroom_id, user_id, title, description, start_time, end_time, status, series_id, "
        "created_by, created_at, updated_at) SELECT v.column2, v.column3, bs.title, bs.description, v.column4, "
        "v.column5, 'confirmed', bs.id, " + std::to_string(actor) + ", " + std::to_string(now) + ", " +
        std::to_string(now) + " FROM (VALUES ";
    for (auto i = from; i < to; ++i) {
      const auto& o = rows[i];
      sql += (i == from ? "(" : ",(") + std::to_string(o.series_id) + "," + std::to_string(o.slot.classroom_id) + "," +
             std::to_string(o.user_id) + "," + std::to_string(o.slot.start) + "," + std::to_string(o.slot.end) + ")";
    }
    sql += ") AS v, booking_series bs WHERE bs.id = v.column1 RETURNING id";
    soci::rowset<soci::row> rs = (s.prepare << sql);
    for (const auto& r : rs) ids.push_back(row_i64(r, 0));
  });
  log_events(s, ids, "created", actor, now);
}

void write_plan(soci::session& s, const TimetableWrite& w, long long actor, long long now,
                std::vector<std::int64_t>& ended) {
  std::vector<long long> cancels;
  for (const auto& r : w.removals) {
    long long id = r.series_id;
    s << "UPDATE booking_series SET section = NULL, updated_at = :u WHERE id = :id", soci::use(now), soci::use(id);
    for (const auto& c : r.cancels) cancels.push_back(c.booking_id);
  }
  for (const auto& x : w.sections)
    for (const auto& c : x.plan.cancels) cancels.push_back(c.booking_id);
  cancel(s, cancels, actor, now);
  ended.insert(ended.end(), cancels.begin(), cancels.end());

  // Series rows: new ones inserted, changed ones given the file's fields.
  long long series = 0, room = 0, user = 0;
  std::string section, title, weekdays, start_date, end_date, start_time, end_time;
  soci::statement add = (s.prepare << "INSERT INTO booking_series (classroom_id, user_id, title, description, weekdays, "
                                      "start_date, end_date, start_time, end_time, flagged, created_at, updated_at, section) "
                                      "VALUES (:c, :u, :t, '', :w, :sd, :ed, :st, :et, 0, :n, :m, :k) RETURNING id",
                         soci::use(room), soci::use(user), soci::use(title), soci::use(weekdays), soci::use(start_date),
                         soci::use(end_date), soci::use(start_time), soci::use(end_time), soci::use(now), soci::use(now),
                         soci::use(section), soci::into(series));
  soci::statement change = (s.prepare << "UPDATE booking_series SET classroom_id = :c, user_id = :u, title = :t, weekdays = :w, "
                                         "start_date = :sd, end_date = :ed, start_time = :st, end_time = :et, updated_at = :n "
                                         "WHERE id = :id",
                            soci::use(room), soci::use(user), soci::use(title), soci::use(weekdays), soci::use(start_date),
                            soci::use(end_date), soci::use(start_time), soci::use(end_time), soci::use(now),
                            soci::use(series));
  long long booking = 0, start = 0, end = 0;
  soci::statement move = (s.prepare << "UPDATE bookings SET classroom_id = :c, user_id = :u, title = :t, start_time = :s, "
                                       "end_time = :e, checked_in_at = NULL, updated_at = :n WHERE id = :id",
                          soci::use(room), soci::use(user), soci::use(title), soci::use(start), soci::use(end),
                          soci::use(now), soci::use(booking));
  std::vector<NewOccurrence> inserts;
  std::vector<long long> moved;
  for (const auto& x : w.sections) {
    const auto& r = x.wanted.row;
    room = x.wanted.room.id;
    user = x.user_id;
    section = r.section;
    title = r.title;
    weekdays = weekdays_key(r.days);
    start_date = format_date(r.first_date);
    end_date = format_date(r.last_date);
    start_time = hhmm(r.start);
    end_time = hhmm(r.end);
    if (x.series_id) {
      series = *x.series_id;
      change.execute(true);
    } else {
      add.execute(true);
    }
    for (const auto& [old, next] : x.plan.moves) {
      booking = old.booking_id;
      room = next.classroom_id;
      start = next.start;
      end = next.end;
      move.execute(true);
      moved.push_back(booking);
    }
    for (const auto& slot : x.plan.inserts) inserts.push_back({series, user, slot});
  }
  log_events(s, moved, "updated", actor, now);
  ended.insert(ended.end(), moved.begin(), moved.end());
  insert_occurrences(s, inserts, actor, now);
}

}  // namespace

std::vector<std::int64_t> TimetableStore::import(
    std::int64_t now, bool write,
    const std::function<std::optional<TimetableWrite>(const TimetableState&)>& plan) {
  long long at = now;
  std::vector<std::int64_t> ended;
  if (!write) {
    db_.run([&](soci::session& s) { plan(read_state(s, at)); });
    return ended;
  }
  db_.write([&](soci::session& s) {
    // PostgreSQL: every booking writer queues on its room's row (booking_sql.hpp), so
    // holding them all keeps the state read below true until the commit.
    if (s.get_backend_name() == "postgresql") {
      soci::rowset<soci::row> locked = (s.prepare << "SELECT id FROM classrooms ORDER BY id FOR NO KEY UPDATE");
      for (auto it = locked.begin(); it != locked.end(); ++it) {
      }
    }
    if (auto w = plan(read_state(s, at))) write_plan(s, *w, w->actor, at, ended);
  });
  return ended;
}

}  // namespace classroom
