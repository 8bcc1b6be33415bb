#include "storage/telemetry.hpp"

#include "storage/db.hpp"
#include "storage/status_rows.hpp"

#include <map>

namespace classroom {

namespace {

template <class T>
soci::indicator ind(const std::optional<T>& v) {
  return v ? soci::i_ok : soci::i_null;
}

// Binds one optional value: the variable behind the binding must outlive the statement.
template <class T>
struct Opt {
  T value{};
  soci::indicator indicator = soci::i_null;
  void set(const std::optional<T>& v) {
    value = v.value_or(T{});
    indicator = ind(v);
  }
};

class BatchWriter {
 public:
  explicit BatchWriter(soci::session& s)
      : seen_((s.prepare << "UPDATE esp_devices SET last_seen = :a, is_connected = 1, "
                           "last_seq = CASE WHEN :q > last_seq THEN :q2 ELSE last_seq END, "
                           "firmware_version = COALESCE(:f, firmware_version) WHERE device_id = :d",
              soci::use(at_), soci::use(seq_), soci::use(seq_), soci::use(firmware_.value, firmware_.indicator),
              soci::use(device_))),
        power_log_((s.prepare << "INSERT INTO power_logs (classroom_id, device_id, power_on, reason, source, user_id, command_id, "
                            "logged_at, device_time) VALUES (:c, :d, :p, :r, :s, :u, :k, :a, :dt)",
               soci::use(room_.value, room_.indicator), soci::use(device_), soci::use(power_), soci::use(reason_),
               soci::use(source_), soci::use(user_.value, user_.indicator), soci::use(command_.value, command_.indicator),
               soci::use(at_), soci::use(device_time_.value, device_time_.indicator))),
        connectivity_((s.prepare << "UPDATE esp_devices SET is_connected = :c WHERE device_id = :d", soci::use(occupied_),
                      soci::use(device_))),
        power_state_((s.prepare << "UPDATE room_status SET is_power_on = :p, updated_at = :a WHERE classroom_id = :c",
                      soci::use(power_), soci::use(at_), soci::use(room_.value))),
        applied_((s.prepare << "UPDATE power_commands SET state = 'applied', applied_at = :a WHERE id = :k AND state = 'pending'",
                 soci::use(at_), soci::use(command_.value))) {}

  void operator()(const PowerLogWrite& w) {
    room_.set(w.classroom_id);
    device_ = w.device_id;
    power_ = w.power_on;
    reason_ = w.reason;
    source_ = w.source;
    user_.set(w.user_id);
    command_.set(w.command_id);
    at_ = w.at;
    device_time_.set(w.device_time);
    power_log_.execute(true);
    // A node's own log says what its relay now does.
    if (w.source == "device" && w.classroom_id) power_state_.execute(true);
  }

  void operator()(const DeviceSeen& w) {
    seen(w.device_id, w.at, 0, w.firmware_version.empty() ? std::nullopt : std::optional(w.firmware_version));
  }

  void operator()(const Connectivity& w) {
    device_ = w.device_id;
    occupied_ = w.connected;
    connectivity_.execute(true);
  }

  void operator()(const CommandApplied& w) {
    at_ = w.at;
    command_.value = w.command_id;
    applied_.execute(true);
  }

 private:
  void seen(const std::string& device, long long at, long long seq, const std::optional<std::string>& fw) {
    device_ = device;
    at_ = at;
    seq_ = seq;
    firmware_.set(fw);
    seen_.execute(true);
  }

  Opt<long long> room_, device_time_, user_, command_;
  Opt<std::string> firmware_;
  std::string device_, reason_, source_;
  int occupied_ = 0, power_ = 0;
  long long at_ = 0, seq_ = 0;
  soci::statement seen_, power_log_, connectivity_, power_state_, applied_;
};

const char* kCommandColumns =
    "SELECT id, classroom_id, device_id, power_on, source, user_id, state, created_at, expires_at, applied_at "
    "FROM power_commands ";

PowerCommand read_command(const soci::row& r) {
  return {row_i64(r, 0), row_i64(r, 1), row_str(r, 2), row_bool(r, 3), row_str(r, 4), row_opt_i64(r, 5),
          row_str(r, 6), row_i64(r, 7), row_i64(r, 8), row_opt_i64(r, 9)};
}

// WHERE clause and bindings shared by the log queries.
struct Filter {
  std::string where = " WHERE 1 = 1";
  long long room = 0, from = 0, to = 0;
  std::string device;
  Filter(const LogQuery& q, const char* time_column) {
    if (q.classroom_id) where += " AND classroom_id = :room", room = *q.classroom_id;
    if (q.device_id) where += " AND device_id = :device", device = *q.device_id;
    if (q.from) where += std::string(" AND ") + time_column + " >= :from", from = *q.from;
    if (q.to) where += std::string(" AND ") + time_column + " < :to", to = *q.to;
  }
  void bind(soci::statement& st, const LogQuery& q) {
    if (q.classroom_id) st.exchange(soci::use(room));
    if (q.device_id) st.exchange(soci::use(device));
    if (q.from) st.exchange(soci::use(from));
    if (q.to) st.exchange(soci::use(to));
  }
};

template <class Row, class Read>
Page<Row> query_page(Db& db, const LogQuery& q, const std::string& table, const char* columns, const char* time_column,
                     Read read) {
  return db.run([&](soci::session& s) {
    Page<Row> page;
    Filter f(q, time_column);
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

void TelemetryStore::write_batch(const std::vector<TelemetryWrite>& writes) {
  if (writes.empty()) return;
  db_.write([&](soci::session& s) {
    BatchWriter w(s);
    // Runs of status reports go out as multi-row statements; anything else in
    // between is written in its place, so the order of effects is kept.
    std::vector<const StatusWrite*> run;
    for (const auto& item : writes) {
      if (const auto* status = std::get_if<StatusWrite>(&item)) {
        run.push_back(status);
        continue;
      }
      write_status_rows(s, run);
      run.clear();
      std::visit([&](const auto& x) {
        if constexpr (!std::is_same_v<std::decay_t<decltype(x)>, StatusWrite>) w(x);
      }, item);
    }
    write_status_rows(s, run);
  });
}

PowerCommand TelemetryStore::create_command(const PowerCommand& c) {
  return db_.write([&](soci::session& s) {
    long long room = c.classroom_id, user = c.user_id.value_or(0), created = c.created_at, expires = c.expires_at, id = 0;
    int power = c.power_on;
    soci::indicator user_ind = c.user_id ? soci::i_ok : soci::i_null;
    s << "UPDATE power_commands SET state = 'superseded' WHERE classroom_id = :c AND state IN ('pending', 'applied')",
        soci::use(room);
    s << "INSERT INTO power_commands (classroom_id, device_id, power_on, source, user_id, state, created_at, expires_at) "
         "VALUES (:c, :d, :p, :s, :u, 'pending', :t, :e) RETURNING id",
        soci::use(room), soci::use(c.device_id), soci::use(power), soci::use(c.source), soci::use(user, user_ind),
        soci::use(created), soci::use(expires), soci::into(id);
    soci::rowset<soci::row> rs = (s.prepare << std::string(kCommandColumns) + "WHERE id = :id", soci::use(id));
    return read_command(*rs.begin());
  });
}

void TelemetryStore::cancel_commands(std::int64_t classroom_id, std::int64_t now) {
  long long room = classroom_id, t = now;
  db_.run([&](soci::session& s) {
    s << "UPDATE power_commands SET state = 'cancelled', expires_at = :t "
         "WHERE classroom_id = :c AND state IN ('pending', 'applied')",
        soci::use(t), soci::use(room);
  });
}

std::vector<PowerCommand> TelemetryStore::live_commands(std::int64_t now) {
  long long t = now;
  return db_.run([&](soci::session& s) {
    std::vector<PowerCommand> out;
    soci::rowset<soci::row> rs = (s.prepare << std::string(kCommandColumns) +
                                                   "WHERE state IN ('pending', 'applied') AND expires_at > :t",
                                  soci::use(t));
    for (const auto& r : rs) out.push_back(read_command(r));
    return out;
  });
}

void TelemetryStore::expire_commands(std::int64_t now) {
  long long t = now;
  db_.run([&](soci::session& s) {
    s << "UPDATE power_commands SET state = 'expired' WHERE state IN ('pending', 'applied') AND expires_at <= :t",
        soci::use(t);
  });
}

namespace {
const char* kLiveDevice =
    "SELECT d.device_id, d.api_key_hash, d.is_active, d.is_connected, d.last_seen, d.last_seq, c.id "
    "FROM esp_devices d LEFT JOIN classrooms c ON c.esp_device_id = d.device_id AND c.is_active = 1 ";
LiveDevice read_live(const soci::row& r) {
  return {row_str(r, 0), row_str(r, 1), row_bool(r, 2), row_bool(r, 3), row_opt_i64(r, 4), row_i64(r, 5),
          row_opt_i64(r, 6)};
}
}  // namespace

std::vector<std::string> TelemetryStore::mark_offline(std::int64_t cutoff) {
  long long c = cutoff;
  return db_.run([&](soci::session& s) {
    std::vector<std::string> out;
    soci::rowset<soci::row> rs = (s.prepare << "UPDATE esp_devices SET is_connected = 0 "
                                               "WHERE is_connected = 1 AND last_seen < :c RETURNING device_id",
                                  soci::use(c));
    for (const auto& r : rs) out.push_back(row_str(r, 0));
    return out;
  });
}

std::vector<LiveDevice> TelemetryStore::live_devices() {
  return db_.run([](soci::session& s) {
    std::vector<LiveDevice> out;
    soci::rowset<soci::row> rs = (s.prepare << kLiveDevice);
    for (const auto& r : rs) out.push_back(read_live(r));
    return out;
  });
}

std::optional<LiveDevice> TelemetryStore::live_device(const std::string& device_id) {
  return db_.run([&](soci::session& s) -> std::optional<LiveDevice> {
    soci::rowset<soci::row> rs = (s.prepare << std::string(kLiveDevice) + "WHERE d.device_id = :d", soci::use(device_id));
    for (const auto& r : rs) return read_live(r);
    return std::nullopt;
  });
}

Page<StatusLogRow> TelemetryStore::status_logs(const LogQuery& q) {
  return query_page<StatusLogRow>(db_, q, "status_logs", kStatusColumns, "reported_at", read_status);
}

Page<PowerLogRow> TelemetryStore::power_logs(const LogQuery& q) {
  return query_page<PowerLogRow>(db_, q, "power_logs", kPowerColumns, "logged_at", read_power);
}

std::vector<PowerLogRow> TelemetryStore::power_logs_between(std::int64_t from, std::int64_t to) {
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

std::map<std::int64_t, TelemetryStore::RoomSamples> TelemetryStore::usage_between(
    std::int64_t from, std::int64_t to, std::optional<std::int64_t> classroom_id) {
  long long f = from, t = to, room = classroom_id.value_or(0);
  return db_.run([&](soci::session& s) {
    std::map<std::int64_t, RoomSamples> out;
    {
      soci::row r;
      soci::statement st = (s.prepare << "SELECT classroom_id, reported_at, is_occupied, is_power_on FROM status_logs "
                                         "WHERE classroom_id IS NOT NULL AND reported_at >= :f AND reported_at < :t "
                                         "AND (:c = 0 OR classroom_id = :c2) ORDER BY classroom_id, reported_at",
                            soci::use(f), soci::use(t), soci::use(room), soci::use(room), soci::into(r));
      st.execute();
      while (st.fetch()) out[row_i64(r, 0)].samples.emplace_back(row_i64(r, 1), row_bool(r, 2), row_bool(r, 3));
    }
    soci::rowset<soci::row> hours = (s.prepare << "SELECT classroom_id, hour_start, occupied_s, power_on_s FROM status_hourly "
                                                  "WHERE hour_start >= :f AND hour_start < :t ORDER BY classroom_id, hour_start",
                                     soci::use(f), soci::use(t));
    for (const auto& r : hours)
      if (!classroom_id || row_i64(r, 0) == *classroom_id)
        out[row_i64(r, 0)].hours.emplace_back(row_i64(r, 1), row_i64(r, 2), row_i64(r, 3));
    return out;
  });
}

std::int64_t TelemetryStore::roll_up_oldest_hour(std::int64_t cutoff) {
  long long c = cutoff;
  return db_.write([&](soci::session& s) -> std::int64_t {
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
