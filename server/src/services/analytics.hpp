#pragma once
// What the admins read about how rooms are used: the overview of now and today, the
// status and power logs, and utilization over a period.
#include "domain/energy.hpp"
#include "domain/registrar.hpp"
#include "domain/utilization.hpp"
#include "live/campus.hpp"
#include "live/report_writer.hpp"
#include "storage/booking_spans.hpp"
#include "storage/buildings.hpp"
#include "storage/classrooms.hpp"
#include "storage/devices.hpp"
#include "storage/logs.hpp"
#include "storage/power_commands.hpp"
#include "util/clock.hpp"

#include <climits>
#include <map>
#include <mutex>
#include <span>
#include <vector>

namespace date { class time_zone; }

namespace classroom {

struct Overview {
  std::int64_t rooms_total = 0, rooms_occupied = 0, rooms_idle_power_on = 0, rooms_booked_now = 0,
               rooms_power_on = 0, rooms_sensor_fault = 0, devices_online = 0, devices_offline = 0,
               switch_offs_today = 0;
  double energy_saved_kwh_today = 0;
  std::int64_t write_queue = 0, journal_bytes = 0, writes_quarantined = 0;
  bool database_degraded = false;
};

// Every figure of one room, building, week or the campus over a period.
struct Figures {
  RoomUsage usage;
  EnergySaved energy;
  RegistrarFigures registrar;
  Figures& operator+=(const Figures& o);
};

struct RoomUtilization {
  Classroom room;
  Figures figures;
};

struct BuildingUtilization {
  Building building;
  OpeningHours opening;
  Figures figures;
};

struct WeekUtilization {
  std::int64_t start = 0;  // local Monday 00:00 (or the period's start)
  Figures figures;
};

// Where the campus could save: rooms rarely used, rooms whose bookings are mostly
// ghosts, buildings that could close earlier; each with the hours and kWh at stake.
struct RightSizing {
  std::string kind;  // room_rarely_used, room_ghost_bookings, building_close_earlier
  std::int64_t id = 0;
  std::string name;
  double hours = 0, kwh = 0;
  std::string detail;
};

struct Utilization {
  std::vector<RoomUtilization> rooms;
  std::vector<BuildingUtilization> buildings;
  std::vector<WeekUtilization> weeks;
  std::vector<RightSizing> right_sizing;
  Figures total;
  Heatmap heatmap;
};

struct AnalyticsSettings {
  OpeningHours prime;       // prime teaching hours
  double energy_price = 0;  // per kWh
  std::string currency;
  double co2e_per_kwh = 0;  // kg
};

class AnalyticsService {
 public:
  AnalyticsService(LogStore& logs, ClassroomStore& rooms, BuildingStore& buildings, DeviceStore& devices,
                   BookingSpans& spans, PowerCommandStore& commands, Campus& campus, ReportWriter& writer,
                   const Clock& clock, const date::time_zone* zone, AnalyticsSettings settings);

  Overview overview();
  LogStore& logs() { return logs_; }
  bool room_exists(std::int64_t id) { return rooms_.find(id).has_value(); }
  Utilization utilization(std::int64_t from, std::int64_t to, std::optional<std::int64_t> only);
  std::int64_t now() const { return clock_.now(); }
  // Energy saved today, recomputed at most once a minute (the dashboard asks often).
  double energy_today(std::int64_t now);
  const date::time_zone* zone() const { return zone_; }
  const AnalyticsSettings& settings() const { return settings_; }

 private:
  // What utilization() reads once for all rooms, and what one part of the rooms adds up to.
  struct Shared {
    TimeRange period;
    std::vector<TimeRange> weeks;
    std::map<std::int64_t, std::vector<TimeRange>> booked, released;  // by room, by start
    std::map<std::int64_t, std::vector<std::pair<std::int64_t, bool>>> switches;
    std::map<std::int64_t, std::vector<CommandSpan>> commands;
    std::map<std::int64_t, std::size_t> building_at;  // building id → index in `opening`
    std::vector<OpeningHours> opening;
  };
  struct Part {
    std::vector<RoomUtilization> rooms;
    std::vector<Figures> weeks, buildings;
    Figures total;
    Heatmap heatmap;
  };
  Part figures_of(std::span<const Classroom> rooms, std::map<std::int64_t, LogStore::RoomSamples> usage,
                  const Shared& shared);
  static constexpr std::size_t kRoomWeeksPerPart = 64, kMaxParts = 4;

  LogStore& logs_;
  ClassroomStore& rooms_;
  BuildingStore& buildings_;
  DeviceStore& devices_;
  BookingSpans& spans_;
  PowerCommandStore& commands_;
  Campus& campus_;
  ReportWriter& writer_;
  const Clock& clock_;
  const date::time_zone* zone_;
  AnalyticsSettings settings_;
  static constexpr std::int64_t kTodayRefreshS = 60;
  std::mutex today_mutex_;
  std::int64_t today_at_ = INT64_MIN / 2;
  double today_kwh_ = 0;
};

// The campus-local midnight that began the day of `now`.
std::int64_t local_midnight(std::int64_t now, const date::time_zone* zone);

}  // namespace classroom
