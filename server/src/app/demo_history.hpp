#pragma once
// A term already lived, for the demo campus: weeks of a weekly timetable in every
// room, with the ghosts (booked, nobody came), walk-ins, no-show releases and an
// offline afternoon real campuses have, and what the nodes would have reported and
// switched. Recent days come as raw reports, older ones as hourly roll-ups, as
// retention keeps them. Deterministic for a given seed.
#include "domain/opening_hours.hpp"
#include "storage/history_import.hpp"
#include "storage/node_writes.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace classroom {

struct DemoRoom {
  std::int64_t id = 0;
  std::string device_id;
  int capacity = 0;
  int rated_load_w = 1000;
  OpeningHours opening;
  double popularity = 0.4;  // share of timetable blocks booked each week
  double ghost_rate = 0.1;  // share of bookings nobody comes to
  double walk_in_rate = 0.1;
  bool metered = false;     // the node reports power_w
};

struct DemoHistory {
  std::vector<NodeWrite> writes;      // raw reports and power logs of the recent days, in time order
  std::vector<HourRow> hours;         // rolled-up older days
  std::vector<ImportedBooking> bookings;  // past (completed, released) and the coming two weeks (confirmed)
};

struct DemoHistoryOptions {
  int weeks = 6;                 // of history before now
  int raw_days = 7;              // the most recent days kept as raw reports
  std::vector<std::int64_t> lecturers;  // user ids the timetable's bookings belong to
  std::uint32_t seed = 20261;
};

DemoHistory demo_history(const std::vector<DemoRoom>& rooms, std::int64_t now, const date::time_zone* zone,
                         const DemoHistoryOptions& opts);

}  // namespace classroom
