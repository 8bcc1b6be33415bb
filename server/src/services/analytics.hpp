#pragma once
// What the admins read about how rooms are used: the overview of now and today, the
// status and power logs, and utilization over a period.
#include "domain/utilization.hpp"
#include "live/campus.hpp"
#include "live/report_writer.hpp"
#include "storage/booking_spans.hpp"
#include "storage/classrooms.hpp"
#include "storage/devices.hpp"
#include "storage/logs.hpp"
#include "util/clock.hpp"

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

struct RoomUtilization {
  Classroom room;
  RoomUsage usage;
};

struct Utilization {
  std::vector<RoomUtilization> rooms;
  RoomUsage total;
  Heatmap heatmap;
};

class AnalyticsService {
 public:
  AnalyticsService(LogStore& logs, ClassroomStore& rooms, DeviceStore& devices, BookingSpans& spans, Campus& campus,
                   ReportWriter& writer, const Clock& clock, const date::time_zone* zone);

  Overview overview();
  LogStore& logs() { return logs_; }
  bool room_exists(std::int64_t id) { return rooms_.find(id).has_value(); }
  Utilization utilization(std::int64_t from, std::int64_t to, std::optional<std::int64_t> only);
  std::int64_t now() const { return clock_.now(); }
  const date::time_zone* zone() const { return zone_; }

 private:
  LogStore& logs_;
  ClassroomStore& rooms_;
  DeviceStore& devices_;
  BookingSpans& spans_;
  Campus& campus_;
  ReportWriter& writer_;
  const Clock& clock_;
  const date::time_zone* zone_;
};

// The campus-local midnight that began the day of `now`.
std::int64_t local_midnight(std::int64_t now, const date::time_zone* zone);

}  // namespace classroom
