// ISO 8601 times, dates and times of day as the server reads them (domain/time.hpp).
// Never a crash; a time that parses comes back unchanged through format_iso, and the
// campus-local wall clock of an instant reads back as that instant (or, when the
// clocks passed it twice, the earlier one).
#include "check.hpp"
#include "domain/time.hpp"

#include <date/tz.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

using namespace classroom;
using namespace std::chrono;

namespace {

void times_in(std::string_view text, const date::time_zone* zone) {
  auto p = parse_iso(text, zone);
  if (!p.ok()) {
    FUZZ_CHECK(p.value == Seconds{}, "a failed parse carries a value");
    return;
  }
  const auto t = p.value;
  // Dates are 2000..2100; an offset moves the instant by at most 18:59 either way.
  FUZZ_CHECK(t >= date::sys_days{date::year{kMinYear} / 1 / 1} - hours{19} &&
                 t < date::sys_days{date::year{kMaxYear + 1} / 1 / 1} + hours{19},
             "instant %lld out of range", (long long)to_unix(t));
  const std::string iso = format_iso(t, zone);
  // An offset can carry 2000-01-01 into 1999 (or 2100-12-31 into 2101): a true
  // instant, but outside the years the server reads back. Nothing to compare then.
  const int year = std::stoi(iso.substr(0, 4));
  if (year < kMinYear || year > kMaxYear) return;
  auto back = parse_iso(iso, zone);
  FUZZ_CHECK(back.ok(), "format_iso gave %s which does not parse: %s", iso.c_str(), back.error.c_str());
  FUZZ_CHECK(back.value == t, "%s read back as %lld, not %lld", iso.c_str(), (long long)to_unix(back.value),
             (long long)to_unix(t));
  // The wall-clock part alone ("2026-10-25T02:30:00") is local time in the zone.
  const std::string local = iso.substr(0, 19);
  auto wall = parse_iso(local, zone);
  FUZZ_CHECK(wall.ok(), "local time %s of a real instant was refused: %s", local.c_str(), wall.error.c_str());
  FUZZ_CHECK(wall.value <= t && t - wall.value <= hours{2}, "local %s read as %lld for instant %lld",
             local.c_str(), (long long)to_unix(wall.value), (long long)to_unix(t));
  FUZZ_CHECK(format_iso(wall.value, zone).substr(0, 19) == local, "local %s does not round-trip",
             local.c_str());
  // The instant lies in the local day it is formatted in.
  auto day = local_date(to_unix(t), zone);
  auto span = local_day(day, zone);
  FUZZ_CHECK(span.start <= t && t < span.end, "%s outside its own local day", iso.c_str());
  auto len = span.length();
  FUZZ_CHECK(len >= hours{22} && len <= hours{26}, "a local day of %lld s", (long long)len.count());
  FUZZ_CHECK(format_date(day) == local.substr(0, 10), "local_date %s vs %s", format_date(day).c_str(),
             local.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const date::time_zone* berlin = find_zone("Europe/Berlin");
  static const date::time_zone* lord_howe = find_zone("Australia/Lord_Howe");  // 30-minute DST
  static const date::time_zone* utc = find_zone("UTC");
  std::string_view text(reinterpret_cast<const char*>(data), size);

  times_in(text, berlin);
  times_in(text, lord_howe);
  times_in(text, utc);

  if (auto d = parse_date(text); d.ok()) {
    FUZZ_CHECK(d.value.ok() && int(d.value.year()) >= kMinYear && int(d.value.year()) <= kMaxYear,
               "parse_date gave a bad date");
    auto again = parse_date(format_date(d.value));
    FUZZ_CHECK(again.ok() && again.value == d.value, "date %s does not round-trip", format_date(d.value).c_str());
    auto span = local_day(d.value, berlin);
    FUZZ_CHECK(span.length() >= hours{23} && span.length() <= hours{25}, "Berlin day of %lld s",
               (long long)span.length().count());
    FUZZ_CHECK(local_date(to_unix(span.start), berlin) == d.value, "day start in another day");
  }

  if (auto m = parse_time_of_day(text); m.ok()) {
    auto n = m.value.count();
    FUZZ_CHECK(n >= 0 && n < 24 * 60, "time of day %lld minutes", (long long)n);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", int(n / 60), int(n % 60));
    auto again = parse_time_of_day(buf);
    FUZZ_CHECK(again.ok() && again.value == m.value, "time of day %s does not round-trip", buf);
  }
  return 0;
}
