#pragma once
// The figures registrars and space planners use, per room over a period: frequency
// (the share of open hours the room was in use), ghost bookings (booked, nobody
// came), prime-time use, seat-hours, and the latest presence per weekday (how early
// the building could close). Open hours the node did not vouch for are left out, so
// an offline node neither raises nor lowers a figure. Pure.
#include "domain/opening_hours.hpp"
#include "domain/timeline.hpp"
#include "domain/utilization.hpp"

#include <array>
#include <string_view>
#include <span>
#include <vector>

namespace classroom {

inline constexpr std::int64_t kUsedHourS = 15 * 60;  // an open hour with this much presence was "in use"
inline constexpr std::string_view kFrequencyMethod =
    "frequency: share of the building's open hours (clock hours from opening; hours the node was offline for "
    "more than half are left out) with at least 15 minutes of presence";
inline constexpr std::string_view kGhostMethod =
    "ghost booking: a booking (kept, or released as a no-show) the node watched for at least half its length with "
    "no presence at all";

struct RegistrarInput {
  std::vector<Sample> samples;         // sorted
  std::vector<HourAggregate> hours;    // rolled-up history
  std::vector<TimeRange> bookings;     // held or released as no-shows, sorted
  OpeningHours opening;
  OpeningHours prime;                  // the prime teaching hours
  int capacity = 0;
};

struct RegistrarFigures {
  std::int64_t open_hours = 0;       // open clock hours the node vouched for
  std::int64_t used_hours = 0;       // of them, in use
  std::int64_t bookings = 0;         // bookings the node watched
  std::int64_t ghost_bookings = 0;   // of them, nobody came
  std::int64_t prime_s = 0;          // prime time the node vouched for
  std::int64_t prime_occupied_s = 0;
  double seat_hours = 0;             // capacity × hours in use within opening hours
  std::array<int, 7> latest_presence_min{-1, -1, -1, -1, -1, -1, -1};  // local minute, Monday = 0; -1: none
  RegistrarFigures& operator+=(const RegistrarFigures& o);
  double frequency() const { return open_hours ? double(used_hours) / double(open_hours) : 0.0; }
  double ghost_share() const { return bookings ? double(ghost_bookings) / double(bookings) : 0.0; }
  double prime_use() const { return prime_s ? double(prime_occupied_s) / double(prime_s) : 0.0; }
};

RegistrarFigures registrar_figures(const RegistrarInput& in, TimeRange period, const date::time_zone* zone,
                                   std::int64_t max_gap_s = 300);
// The same from a timeline already drawn for `period` (`in.samples` and `in.hours` are not read).
RegistrarFigures registrar_figures(const RegistrarInput& in, std::span<const ObservedSpan> timeline, TimeRange period,
                                   const date::time_zone* zone);

}  // namespace classroom
