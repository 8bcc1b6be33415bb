#pragma once
// One booking's mail facts and the campus's mail settings, shared by the mail tests:
// Alice's "Linear algebra" in Hall A on Tuesday 09:00Z (10:00 in Berlin).
#include "domain/mail.hpp"

#include <date/tz.h>

#include <string>

namespace classroom::mail_testing {

constexpr std::int64_t kMonday = 1796040000;  // 2026-11-30T12:00:00Z

inline BookingMailFacts booking_facts(const std::string& action, std::int64_t sequence = 0) {
  BookingMailFacts f;
  f.booking_id = 42;
  f.action = action;
  f.title = "Linear algebra";
  f.room = "Hall A";
  f.start = kMonday + 86400 - 3 * 3600;
  f.end = f.start + 3600;
  f.at = kMonday;
  f.sequence = sequence;
  f.username = "alice";
  f.email = "alice@campus.example";
  return f;
}

inline BookingMailSettings mail_settings() {
  return {{"Room bookings", "rooms@campus.example"}, date::locate_zone("Europe/Berlin"), "https://rooms.campus.example"};
}

}  // namespace classroom::mail_testing
