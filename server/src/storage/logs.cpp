#include "storage/logs.hpp"

#include "storage/db.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <stdexcept>

namespace classroom {

namespace {

constexpr const char* kHoursBetween =
    "SELECT classroom_id, hour_start, occupied_s, power_on_s FROM status_hourly "
    "WHERE classroom_id BETWEEN :lo AND :hi AND hour_start >= :f AND hour_start < :t ORDER BY classroom_id, hour_start";

using HoursByRoom = std::map<std::int64_t, LogStore::RoomSamples>;

// A year of a large campus is millions of hours. On SQLite they are stepped through
// directly (SOCI's bulk fetch asks each cell's type first, which costs as much again).
void sqlite_hours(soci::session& s, long long lo, long long hi, long long f, long long t, HoursByRoom& out) {
  using namespace sqlite_api;
  auto* db = static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
  sqlite3_stmt* st = nullptr;
  auto fail = [db](int rc) { return soci::sqlite3_soci_error(std::string("hourly roll-ups: ") + sqlite3_errmsg(db), rc); };
  if (int rc = sqlite3_prepare_v2(db, kHoursBetween, -1, &st, nullptr); rc != SQLITE_OK) throw fail(rc);
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> guard(st, &sqlite3_finalize);
  sqlite3_bind_int64(st, 1, lo), sqlite3_bind_int64(st, 2, hi), sqlite3_bind_int64(st, 3, f), sqlite3_bind_int64(st, 4, t);
  LogStore::RoomSamples* at = nullptr;
  long long at_room = -1;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    long long room = sqlite3_column_int64(st, 0);
    if (room != at_room) at = &out[at_room = room];
    at->hours.emplace_back(sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3));
  }
  if (rc != SQLITE_DONE) throw fail(rc);
}

void bulk_hours(soci::session& s, long long lo, long long hi, long long f, long long t, HoursByRoom& out) {
  constexpr std::size_t kBulk = 10000;
  std::vector<long long> rooms(kBulk), starts(kBulk), occupied(kBulk), on(kBulk);
  soci::statement hours = (s.prepare << kHoursBetween, soci::use(lo), soci::use(hi), soci::use(f), soci::use(t),
                           soci::into(rooms), soci::into(starts), soci::into(occupied), soci::into(on));
  hours.execute();
  while (hours.fetch()) {
    LogStore::RoomSamples* at = nullptr;
    long long at_room = -1;
    for (std::size_t i = 0; i < rooms.size(); ++i) {
      if (rooms[i] != at_room) at = &out[at_room = rooms[i]];
      at->hours.emplace_back(starts[i], occupied[i], on[i]);
    }
    for (auto* v : {&rooms, &starts, &occupied, &on}) v->resize(kBulk);
  }
}

// WHERE clause and bindings shared by the log queries.
struct Filter {
  std::string where = " WHERE 1 = 1";
  long long room = 0, from = 0, to = 0;
  std::string device;
  std::vector<long long> device_rooms;
  // `device_rooms`: for status logs, the rooms the device has reported from (0: from
  // none), so that a device's logs are read through the room index.
  Filter(const LogQuery& q, const char* time_column, std::optional<std::vector<long long>> rooms_of_device)
      : device_rooms(rooms_of_device.value_or(std::vector<long long>{})) {
    if (q.classroom_id) where += " AND classroom_id = :room", room = *q.classroom_id;
    if (q.device_id) where += " AND device_id = :device", device = *q.device_id;
    if (q.device_id && rooms_of_device) where += " AND " + in_rooms();
    if (q.from) where += std::string(" AND ") + time_column + " >= :from", from = *q.from;
    if (q.to) where += std::string(" AND ") + time_column + " < :to", to = *q.to;
  }
  void bind(soci::statement& st, const LogQuery& q) {
    if (q.classroom_id) st.exchange(soci::use(room));
    if (q.device_id) st.exchange(soci::use(device));
    for (auto& r : device_rooms)
      if (r != 0) st.exchange(soci::use(r));
    if (q.from) st.exchange(soci::use(from));
    if (q.to) st.exchange(soci::use(to));
  }

 private:
  std::string in_rooms() const {
    std::string list;
    for (auto r : device_rooms)
      if (r != 0) list += (list.empty() ? ":r" : ", :r") + std::to_string(r);
    bool none = std::count(device_rooms.begin(), device_rooms.end(), 0) > 0;
    if (list.empty()) return none ? "classroom_id IS NULL" : "1 = 0";
    auto in = "classroom_id IN (" + list + ")";
    return none ? "(" + in + " OR classroom_id IS NULL)" : in;
  }
};

std::vector<long long> rooms_of_device(soci::session& s, const std::string& device) {
  std::vector<long long> out;
  soci::rowset<soci::row> rs =
      (s.prepare << "SELECT classroom_id FROM device_rooms WHERE device_id = :d ORDER BY classroom_id", soci::use(device));
  for (const auto& r : rs) out.push_back(row_i64(r, 0));
  return out;
}

// `through_rooms`: the table's device filter goes through device_rooms (status logs).
template <class Row, class Read>
Page<Row> query_page(Db& db, const LogQuery& q, const std::string& table, const char* columns, const char* time_column,
                     bool through_rooms, Read read) {
  return db.run([&](soci::session& s) {
    Page<Row> page;
    Filter f(q, time_column,
             through_rooms && q.device_id ? std::optional(rooms_of_device(s, *q.device_id)) : std::nullopt);
    {
      long long total = 0;
      soci::statement st(s);
      st.alloc();
      f.bind(st, q);
      st.exchange(soci::into(total));
      st.prepare("SELECT COUNT(*) FROM " + table + f.where);
      st.define_and_bind();
      st.execute(true);
      page.total = total;
    }
    soci::row row;
    soci::statement st(s);
    st.alloc();
    f.bind(st, q);
    st.exchange(soci::into(row));
    st.prepare(std::string("SELECT ") + columns + " FROM " + table + f.where + " ORDER BY " + time_column +
               " DESC, id DESC LIMIT " + std::to_string(q.per_page) + " OFFSET " +
               std::to_string((q.page - 1) * q.per_page));
    st.define_and_bind();
    st.execute();
    while (st.fetch()) page.items.push_back(read(row));
    return page;
  });
}

const char* kStatusColumns =
    "id, classroom_id, device_id, is_occupied, is_power_on, last_movement, temperature, power_reason, reported_at";
const char* kPowerColumns = "id, classroom_id, device_id, power_on, reason, source, user_id, command_id, logged_at";

StatusLogRow read_status(const soci::row& r) {
  return {row_i64(r, 0), row_opt_i64(r, 1), row_str(r, 2), row_bool(r, 3), row_bool(r, 4),
          row_opt_i64(r, 5), row_opt_double(r, 6), row_str(r, 7), row_i64(r, 8)};
}

PowerLogRow read_power(const soci::row& r) {
  return {row_i64(r, 0), row_opt_i64(r, 1), row_str(r, 2), row_bool(r, 3), row_str(r, 4),
          row_str(r, 5), row_opt_i64(r, 6), row_opt_i64(r, 7), row_i64(r, 8)};
}

}  // namespace

Page<StatusLogRow> LogStore::status_logs(const LogQuery& q) {
  return query_page<StatusLogRow>(db_, q, "status_logs", kStatusColumns, "reported_at", true, read_status);
}

Page<PowerLogRow> LogStore::power_logs(const LogQuery& q) {
  return query_page<PowerLogRow>(db_, q, "power_logs", kPowerColumns, "logged_at", false, read_power);
}

std::vector<PowerLogRow> LogStore::power_logs_between(std::int64_t from, std::int64_t to) {
  long long f = from, t = to;
  return db_.run([&](soci::session& s) {
    std::vector<PowerLogRow> out;
    soci::rowset<soci::row> rs = (s.prepare << std::string("SELECT ") + kPowerColumns +
                                                   " FROM power_logs WHERE logged_at >= :f AND logged_at < :t "
                                                   "ORDER BY logged_at, id",
                                  soci::use(f), soci::use(t));
    for (const auto& r : rs) out.push_back(read_power(r));
    return out;
  });
}

std::map<std::int64_t, LogStore::RoomSamples> LogStore::usage_between(std::int64_t from, std::int64_t to,
                                                                     std::int64_t first_room, std::int64_t last_room) {
  long long f = from, t = to, lo = first_room, hi = last_room;
  return db_.run([&](soci::session& s) {
    std::map<std::int64_t, RoomSamples> out;
    {
      soci::row r;
      soci::statement st = (s.prepare << "SELECT classroom_id, reported_at, is_occupied, is_power_on, power_w FROM status_logs "
                                         "WHERE classroom_id BETWEEN :lo AND :hi AND reported_at >= :f AND reported_at < :t "
                                         "ORDER BY classroom_id, reported_at",
                            soci::use(lo), soci::use(hi), soci::use(f), soci::use(t), soci::into(r));
      st.execute();
      while (st.fetch()) out[row_i64(r, 0)].samples.push_back({row_i64(r, 1), row_bool(r, 2), row_bool(r, 3), row_opt_double(r, 4)});
    }
    (db_.is_sqlite() ? sqlite_hours : bulk_hours)(s, lo, hi, f, t, out);
    return out;
  });
}

std::int64_t LogStore::roll_up_oldest_hour(std::int64_t cutoff) {
  long long c = cutoff;
  return db_.write([&](soci::session& s) -> std::int64_t {
    // With several instances one rolls up at a time, so no hour is counted twice.
    if (s.get_backend_name() == "postgresql") {
      int got = 0;
      s << "SELECT CASE WHEN pg_try_advisory_xact_lock(727276) THEN 1 ELSE 0 END", soci::into(got);
      if (!got) return 0;
    }
    long long oldest = 0;
    soci::indicator oldest_ind;
    s << "SELECT MIN(reported_at) FROM status_logs WHERE reported_at < :c", soci::use(c), soci::into(oldest, oldest_ind);
    if (oldest_ind == soci::i_null) return 0;
    long long hour = oldest - (oldest % 3600);
    long long hour_end = std::min<long long>(hour + 3600, c);
    // Each report stands for the time until the room's next report, at most 300 s
    // (120 s when it is the last one we have).
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT classroom_id, SUM(CASE WHEN is_occupied = 1 THEN dur ELSE 0 END), "
                      "SUM(CASE WHEN is_power_on = 1 THEN dur ELSE 0 END), COUNT(*) FROM ("
                      "  SELECT classroom_id, is_occupied, is_power_on, reported_at, "
                      "    CASE WHEN nxt IS NULL THEN 120 WHEN nxt - reported_at > 300 THEN 300 ELSE nxt - reported_at END AS dur "
                      "  FROM (SELECT classroom_id, is_occupied, is_power_on, reported_at, "
                      "          LEAD(reported_at) OVER (PARTITION BY classroom_id ORDER BY reported_at) AS nxt "
                      "        FROM status_logs WHERE classroom_id IS NOT NULL AND reported_at >= :h AND reported_at < :e2) w"
                      ") x WHERE reported_at < :e GROUP BY classroom_id",
         soci::use(hour), soci::use(hour_end + 300), soci::use(hour_end));
    std::vector<std::tuple<long long, long long, long long, long long>> rows;
    for (const auto& r : rs) rows.emplace_back(row_i64(r, 0), row_i64(r, 1), row_i64(r, 2), row_i64(r, 3));
    for (auto& [room, occupied, power, reports] : rows)
      s << "INSERT INTO status_hourly (classroom_id, hour_start, occupied_s, power_on_s, reports) "
           "VALUES (:c, :h, :o, :p, :n) ON CONFLICT (classroom_id, hour_start) DO UPDATE SET "
           "occupied_s = status_hourly.occupied_s + excluded.occupied_s, "
           "power_on_s = status_hourly.power_on_s + excluded.power_on_s, "
           "reports = status_hourly.reports + excluded.reports",
          soci::use(room), soci::use(hour), soci::use(occupied), soci::use(power), soci::use(reports);
    soci::statement del = (s.prepare << "DELETE FROM status_logs WHERE reported_at >= :h AND reported_at < :e",
                           soci::use(hour), soci::use(hour_end));
    del.execute(true);
    return static_cast<std::int64_t>(std::max<long long>(del.get_affected_rows(), 1));
  });
}

}  // namespace classroom
