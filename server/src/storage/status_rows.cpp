#include "storage/status_rows.hpp"

#include <fmt/format.h>

#include <deque>
#include <string>
#include <unordered_map>

namespace classroom {

namespace {

constexpr std::size_t kChunk = 200;  // rows per statement

// One statement's rows as one array parameter per column, read by unnest, so the
// statement is short whatever the rows (parsing and planning a parameter per value cost
// more than the writes). The values come in row order, a column at a time.
class Rows {
 public:
  // `types`: each column's SQL type (the arrays are cast to them).
  Rows(soci::session& s, std::vector<const char*> types) : types_(std::move(types)), columns_(types_.size()), st_(s) {
    st_.alloc();
  }

  void num(long long v) { element(std::to_string(v)); }
  void text(const std::string& v) { element(quoted(v)); }
  void opt(const std::optional<std::int64_t>& v) { element(v ? std::to_string(*v) : "NULL"); }
  void opt(const std::optional<double>& v) { element(v ? fmt::format("{}", *v) : "NULL"); }

  // The rows as an INSERT's source.
  std::string source() { return "SELECT * FROM " + unnest(); }
  // The rows as a table `alias` with the columns `names`, for UPDATE ... FROM.
  std::string table(const std::string& alias, const std::vector<std::string>& names) {
    std::string list;
    for (std::size_t c = 0; c < names.size(); ++c) list += (c ? ", " : "") + names[c];
    return unnest() + " AS " + alias + "(" + list + ")";
  }

  // One round trip (PQexecParams): a named statement would add a prepare and a
  // DEALLOCATE, each a round trip and a pass through the server, for a single run.
  void run(const std::string& sql) {
    st_.prepare(sql, soci::details::st_one_time_query);
    st_.define_and_bind();
    st_.execute(true);
  }

 private:
  void element(std::string v) {
    auto& column = columns_[next_++ % columns_.size()];
    column += (column.empty() ? "{" : ",") + v;
  }
  // An array element: in double quotes, with quotes and backslashes escaped.
  static std::string quoted(const std::string& v) {
    std::string out = "\"";
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + '"';
  }
  std::string unnest() {
    std::string out = "unnest(";
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      auto& literal = literals_.emplace_back(columns_[c].empty() ? "{}" : columns_[c] + "}");
      st_.exchange(soci::use(literal));
      out += (c ? ", CAST(:p" : "CAST(:p") + std::to_string(c) + " AS " + types_[c] + "[])";
    }
    return out + ")";
  }

  std::vector<const char*> types_;
  std::vector<std::string> columns_;
  soci::statement st_;
  std::deque<std::string> literals_;  // a deque keeps each bound literal where it was bound
  std::size_t next_ = 0;
};

void insert_logs(soci::session& s, const std::vector<const StatusWrite*>& rows) {
  Rows b(s, {"BIGINT", "TEXT", "INTEGER", "INTEGER", "BIGINT", "DOUBLE PRECISION", "TEXT", "BIGINT", "BIGINT",
             "DOUBLE PRECISION"});
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
        "power_reason, reported_at, device_time, power_w) " + b.source());
}

void upsert_rooms(soci::session& s, const std::vector<const StatusWrite*>& latest) {
  if (latest.empty()) return;
  Rows b(s, {"BIGINT", "INTEGER", "INTEGER", "BIGINT", "DOUBLE PRECISION", "TEXT", "BIGINT", "BIGINT"});
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
        "last_report_at, updated_at) " + b.source() +
        " ON CONFLICT (classroom_id) DO UPDATE SET is_occupied = excluded.is_occupied, "
        "is_power_on = excluded.is_power_on, last_movement = excluded.last_movement, "
        "temperature = excluded.temperature, power_reason = excluded.power_reason, "
        "last_report_at = excluded.last_report_at, updated_at = excluded.updated_at");
}

void touch_devices(soci::session& s, const std::vector<const StatusWrite*>& latest) {
  Rows b(s, {"TEXT", "BIGINT", "BIGINT"});
  for (const auto* w : latest) {
    b.text(w->device_id);
    b.num(w->at);
    b.num(w->seq.value_or(0));
  }
  b.run("UPDATE esp_devices SET last_seen = v.at, is_connected = 1, "
        "last_seq = CASE WHEN v.seq > esp_devices.last_seq THEN v.seq ELSE esp_devices.last_seq END "
        "FROM " + b.table("v", {"device_id", "at", "seq"}) + " WHERE esp_devices.device_id = v.device_id");
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
