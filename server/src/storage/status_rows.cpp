#include "storage/status_rows.hpp"

#include <deque>
#include <string>
#include <unordered_map>

namespace classroom {

namespace {

constexpr std::size_t kChunk = 200;  // rows per statement: 10 parameters each

// Values bound to one statement; a deque keeps every element where it was bound.
struct Binder {
  std::deque<long long> ints;
  std::deque<std::string> strings;
  std::deque<double> doubles;
  std::deque<soci::indicator> inds;
  soci::statement st;
  explicit Binder(soci::session& s) : st(s) { st.alloc(); }

  void num(long long v) { st.exchange(soci::use(ints.emplace_back(v))); }
  void text(const std::string& v) { st.exchange(soci::use(strings.emplace_back(v))); }
  void opt(const std::optional<std::int64_t>& v) {
    st.exchange(soci::use(ints.emplace_back(v.value_or(0)), inds.emplace_back(v ? soci::i_ok : soci::i_null)));
  }
  void opt(const std::optional<double>& v) {
    st.exchange(soci::use(doubles.emplace_back(v.value_or(0)), inds.emplace_back(v ? soci::i_ok : soci::i_null)));
  }
  void run(const std::string& sql) {
    st.prepare(sql);
    st.define_and_bind();
    st.execute(true);
  }
};

// The n-th parameter. SQLite takes anonymous "?" in order; a statement of named ones
// costs it a search of every name so far for each (quadratic in the chunk's 2,000), at
// prepare and at bind. SOCI turns ":name" into PostgreSQL's "$n".
bool anonymous_parameters(const soci::session& s) { return s.get_backend_name() == "sqlite3"; }

std::string parameter(bool anonymous, std::size_t n) { return anonymous ? "?" : ":p" + std::to_string(n); }

std::string placeholders(const soci::session& s, std::size_t rows, std::size_t cols) {
  bool anonymous = anonymous_parameters(s);
  std::string out;
  std::size_t n = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    out += r ? ",(" : "(";
    for (std::size_t c = 0; c < cols; ++c) out += (c ? "," : "") + parameter(anonymous, n++);
    out += ")";
  }
  return out;
}

void insert_logs(soci::session& s, const std::vector<const StatusWrite*>& rows) {
  Binder b(s);
  for (const auto* w : rows) {
    b.opt(w->classroom_id);
    b.text(w->device_id);
    b.num(w->is_occupied);
    b.num(w->is_power_on);
    b.opt(w->last_movement);
    b.opt(w->temperature);
    b.text(w->power_reason);
    b.num(w->at);
    b.opt(w->device_time);
    b.opt(w->power_w);
  }
  b.run("INSERT INTO status_logs (classroom_id, device_id, is_occupied, is_power_on, last_movement, temperature, "
        "power_reason, reported_at, device_time, power_w) VALUES " + placeholders(s, rows.size(), 10));
}

void upsert_rooms(soci::session& s, const std::vector<const StatusWrite*>& latest) {
  if (latest.empty()) return;
  Binder b(s);
  for (const auto* w : latest) {
    b.num(*w->classroom_id);
    b.num(w->is_occupied);
    b.num(w->is_power_on);
    b.opt(w->last_movement);
    b.opt(w->temperature);
    b.text(w->power_reason);
    b.num(w->at);
    b.num(w->at);
  }
  b.run("INSERT INTO room_status (classroom_id, is_occupied, is_power_on, last_movement, temperature, power_reason, "
        "last_report_at, updated_at) VALUES " + placeholders(s, latest.size(), 8) +
        " ON CONFLICT (classroom_id) DO UPDATE SET is_occupied = excluded.is_occupied, "
        "is_power_on = excluded.is_power_on, last_movement = excluded.last_movement, "
        "temperature = excluded.temperature, power_reason = excluded.power_reason, "
        "last_report_at = excluded.last_report_at, updated_at = excluded.updated_at");
}

void touch_devices(soci::session& s, const std::vector<const StatusWrite*>& latest) {
  Binder b(s);
  std::string values;
  bool anonymous = anonymous_parameters(s);
  for (std::size_t i = 0; i < latest.size(); ++i) {
    b.text(latest[i]->device_id);
    b.num(latest[i]->at);
    b.num(latest[i]->seq.value_or(0));
    // Casts give the VALUES columns their types in PostgreSQL (parameters have none).
    values += (i ? "," : "") + ("(CAST(" + parameter(anonymous, 3 * i) + " AS TEXT), CAST(" +
                                parameter(anonymous, 3 * i + 1) + " AS BIGINT), CAST(" + parameter(anonymous, 3 * i + 2) +
                                " AS BIGINT))");
  }
  // SQLite names VALUES columns column1..N, as PostgreSQL does; both accept UPDATE ... FROM.
  b.run("UPDATE esp_devices SET last_seen = v.at, is_connected = 1, "
        "last_seq = CASE WHEN v.seq > esp_devices.last_seq THEN v.seq ELSE esp_devices.last_seq END "
        "FROM (SELECT column1 AS device_id, column2 AS at, column3 AS seq FROM (VALUES " + values + ") AS x) AS v "
        "WHERE esp_devices.device_id = v.device_id");
}

}  // namespace

void write_status_rows(soci::session& s, const std::vector<const StatusWrite*>& rows) {
  for (std::size_t start = 0; start < rows.size(); start += kChunk) {
    std::vector<const StatusWrite*> chunk(rows.begin() + static_cast<std::ptrdiff_t>(start),
                                          rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), start + kChunk)));
    insert_logs(s, chunk);
    // The live state takes each room's and device's newest report of the chunk.
    std::unordered_map<std::int64_t, const StatusWrite*> by_room;
    std::unordered_map<std::string, const StatusWrite*> by_device;
    std::vector<const StatusWrite*> rooms, devices;
    for (const auto* w : chunk) {
      if (w->classroom_id) by_room[*w->classroom_id] = w;
      by_device[w->device_id] = w;
    }
    for (const auto* w : chunk) {
      if (w->classroom_id && by_room[*w->classroom_id] == w) rooms.push_back(w);
      if (by_device[w->device_id] == w) devices.push_back(w);
    }
    upsert_rooms(s, rooms);
    touch_devices(s, devices);
  }
}

}  // namespace classroom
