#pragma once
// The logs nodes leave: status logs (raw, then rolled up into hourly aggregates by
// retention) and power logs; pages for the admin API and samples for analytics.
#include "storage/page.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace classroom {

class Db;

struct LogQuery {
  std::optional<std::int64_t> classroom_id;
  std::optional<std::string> device_id;
  std::optional<std::int64_t> from, to;
  int page = 1;
  int per_page = 50;
};

struct StatusLogRow {
  std::int64_t id;
  std::optional<std::int64_t> classroom_id;
  std::string device_id;
  bool is_occupied, is_power_on;
  std::optional<std::int64_t> last_movement;
  std::optional<double> temperature;
  std::string power_reason;
  std::int64_t reported_at;
};

struct PowerLogRow {
  std::int64_t id;
  std::optional<std::int64_t> classroom_id;
  std::string device_id;
  bool power_on;
  std::string reason, source;
  std::optional<std::int64_t> user_id, command_id;
  std::int64_t logged_at;
};

class LogStore {
 public:
  explicit LogStore(Db& db) : db_(db) {}

  Page<StatusLogRow> status_logs(const LogQuery& q);
  Page<PowerLogRow> power_logs(const LogQuery& q);
  // Power logs of all rooms in [from, to), oldest first (stats, analytics).
  std::vector<PowerLogRow> power_logs_between(std::int64_t from, std::int64_t to);

  // Raw status samples and rolled-up hours of [from, to) of the rooms whose ids are in
  // [first_room, last_room], by room (analytics).
  struct RoomSamples {
    struct Sample {
      std::int64_t at;
      bool occupied, power_on;
      std::optional<double> power_w;
    };
    std::vector<Sample> samples;
    std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> hours;  // start, occupied s, power-on s
  };
  std::map<std::int64_t, RoomSamples> usage_between(std::int64_t from, std::int64_t to, std::int64_t first_room,
                                                    std::int64_t last_room);

  // Retention: rolls the oldest hour of status logs before `cutoff` up into
  // status_hourly and deletes them; returns rows removed (0 when nothing is left).
  std::int64_t roll_up_oldest_hour(std::int64_t cutoff);

 private:
  Db& db_;
};

}  // namespace classroom
