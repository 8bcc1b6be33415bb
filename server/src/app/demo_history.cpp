#include "app/demo_history.hpp"

#include "domain/power_reason.hpp"
#include "domain/time.hpp"

#include <date/tz.h>

#include <algorithm>
#include <random>

namespace classroom {

namespace {

constexpr int kIdleOffMin = 4;        // idle timeout plus power-off delay, the rooms' defaults
constexpr int kReportEveryMin = 2;
constexpr int kNoShowGraceMin = 15;
constexpr std::array kBlockStarts = {8, 10, 12, 14, 16, 18};  // two-hour teaching blocks
constexpr std::array kTitles = {"Lecture", "Seminar", "Tutorial", "Lab session", "Exam revision", "Reading group"};

struct Day {
  std::int64_t start = 0;  // local midnight
  int minutes = 1440;      // 1380 or 1500 when the clocks change
  int weekday = 0;         // Monday = 0
  std::optional<TimeRange> open;
};

// One room's day, minute by minute, and what came of its bookings.
struct Minutes {
  std::vector<char> occupied, booked, power;
};

int minute_of(const Day& d, std::int64_t t) { return static_cast<int>((t - d.start) / 60); }

}  // namespace

DemoHistory demo_history(const std::vector<DemoRoom>& rooms, std::int64_t now, const date::time_zone* zone,
                         const DemoHistoryOptions& opts) {
  DemoHistory out;
  std::mt19937 rng(opts.seed);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

  // The weekly timetable: which blocks each room has booked, for the whole term.
  std::vector<std::array<std::array<bool, kBlockStarts.size()>, 5>> timetable(rooms.size());
  for (std::size_t r = 0; r < rooms.size(); ++r)
    for (auto& day : timetable[r])
      for (auto& block : day) block = chance(rooms[r].popularity);

  auto today = local_date(now, zone);
  auto first = date::sys_days{today} - date::days{7 * opts.weeks};
  auto raw_from = date::sys_days{today} - date::days{opts.raw_days - 1};
  const std::size_t offline_room = rooms.size() > 2 ? 2 : 0;
  const auto offline_day = date::sys_days{today} - date::days{2};

  for (auto day = first; day <= date::sys_days{today} + date::days{14}; day += date::days{1}) {
    date::year_month_day ymd{day};
    auto span = local_day(ymd, zone);
    Day d{to_unix(span.start), static_cast<int>((to_unix(span.end) - to_unix(span.start)) / 60),
          days_after_monday(date::weekday{day}), std::nullopt};
    bool future = d.start > now;
    for (std::size_t r = 0; r < rooms.size(); ++r) {
      const auto& room = rooms[r];
      d.open = open_on(room.opening, ymd, zone);
      Minutes m{std::vector<char>(d.minutes), std::vector<char>(d.minutes), std::vector<char>(d.minutes)};

      // Bookings from the timetable; some nobody comes to, and half of those are released.
      if (d.weekday < 5 && d.open) {
        for (std::size_t b = 0; b < kBlockStarts.size(); ++b) {
          if (!timetable[r][d.weekday][b]) continue;
          int s = kBlockStarts[b] * 60, e = s + 110;
          if (d.start + s * 60 < d.open->start || d.start + e * 60 > d.open->end) continue;
          ImportedBooking booking{room.id, opts.lecturers.empty() ? 0 : opts.lecturers[(r + b) % opts.lecturers.size()],
                                  kTitles[(r + b) % kTitles.size()], d.start + s * 60, d.start + e * 60,
                                  BookingStatus::confirmed, d.start - 14 * 86400};
          if (booking.end > now) {  // in progress or to come: confirmed, and held while it runs
            out.bookings.push_back(booking);
            if (!future) std::fill(m.booked.begin() + s, m.booked.begin() + e, 1);
            continue;
          }
          bool ghost = chance(room.ghost_rate);
          booking.status = ghost && chance(0.5) ? BookingStatus::released : BookingStatus::completed;
          int booked_until = booking.status == BookingStatus::released ? s + kNoShowGraceMin : e;
          std::fill(m.booked.begin() + s, m.booked.begin() + booked_until, 1);
          if (!ghost) std::fill(m.occupied.begin() + s + pick(0, 8), m.occupied.begin() + e - pick(0, 15), 1);
          out.bookings.push_back(booking);
        }
      }
      if (future) continue;
      // Walk-ins: people using a free room without a booking.
      if (d.open)
        for (int h = minute_of(d, d.open->start); h + 60 <= minute_of(d, d.open->end); h += 60)
          if (!m.booked[h] && chance(room.walk_in_rate)) {
            int s = h + pick(0, 20);
            std::fill(m.occupied.begin() + s, m.occupied.begin() + std::min(d.minutes, s + pick(20, 55)), 1);
          }

      // Power as the rule runs it: on while occupied or booked, off after the idle delay.
      int idle = 0, end = future ? 0 : std::min(d.minutes, minute_of(d, now));
      bool on = false, offline_today = r == offline_room && day == offline_day;
      bool raw = day >= raw_from;
      std::int64_t last_seen_occupied = d.start - 3600;
      for (int i = 0; i < end; ++i) {
        bool was = on;
        if (m.occupied[i] || m.booked[i]) on = true, idle = 0;
        else if (on && ++idle >= kIdleOffMin) on = false;
        m.power[i] = on;
        std::int64_t at = d.start + i * 60;
        if (m.occupied[i]) last_seen_occupied = at;
        bool silent = offline_today && i >= 13 * 60 && i < 17 * 60;  // the node's offline afternoon
        if (!raw || silent) continue;
        if (on != was) {
          auto reason = on ? (m.booked[i] ? PowerReason::booked : PowerReason::occupied) : PowerReason::idle_timeout;
          out.writes.push_back(PowerLogWrite{room.id, room.device_id, on, std::string(reason_name(reason)), "device",
                                             std::nullopt, std::nullopt, at, at});
        }
        if (i % kReportEveryMin) continue;
        auto reason = m.booked[i] ? PowerReason::booked
                      : m.occupied[i] ? PowerReason::occupied
                      : on ? PowerReason::idle_grace : PowerReason::idle_off;
        std::optional<double> watts;
        if (room.metered && on) watts = room.rated_load_w * 0.8 + pick(-40, 40);
        out.writes.push_back(StatusWrite{room.id, room.device_id, bool(m.occupied[i]), on,
                                         std::min<std::int64_t>(at - last_seen_occupied, 86400), 20.5 + (m.occupied[i] ? 1.5 : 0) + pick(0, 9) / 10.0,
                                         std::string(reason_name(reason)), at, std::nullopt, std::nullopt, watts});
      }
      if (raw) continue;
      for (int h = 0; h + 60 <= d.minutes; h += 60) {
        HourRow row{room.id, d.start + h * 60, 0, 0, 60 / kReportEveryMin};
        for (int i = h; i < h + 60; ++i) row.occupied_s += 60 * m.occupied[i], row.power_on_s += 60 * m.power[i];
        out.hours.push_back(row);
      }
    }
  }
  return out;
}

}  // namespace classroom
