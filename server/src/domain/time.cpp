#include "domain/time.hpp"

#include <date/tz.h>

#include <cstdio>
#include <stdexcept>

namespace classroom {

const date::time_zone* find_zone(const std::string& iana_name) {
  try {
    return date::locate_zone(iana_name);
  } catch (const std::exception&) {
    throw std::runtime_error("unknown time zone: " + iana_name);
  }
}

// Digits written by snprintf: date::format goes through an ostringstream and its
// locale, which cost a few microseconds on every node report's answer (server_time).
std::string format_iso(Seconds t, const date::time_zone* zone) {
  auto info = zone->get_info(t);
  auto local = t.time_since_epoch() + info.offset;
  auto day = date::floor<date::days>(local);
  date::hh_mm_ss clock{local - day};
  auto offset = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  char sign = offset < 0 ? '-' : '+';
  if (offset < 0) offset = -offset;
  char tail[24];
  std::snprintf(tail, sizeof tail, "T%02d:%02d:%02d%c%02d:%02d", int(clock.hours().count()),
                int(clock.minutes().count()), int(clock.seconds().count()), sign, int(offset / 60),
                int(offset % 60));
  return format_date(date::year_month_day{date::sys_days{day}}) + tail;
}

std::string format_date(date::year_month_day day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(day.year()), unsigned(day.month()),
                unsigned(day.day()));
  return buf;
}

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kIsoExample =
    "expected an ISO 8601 time like 2026-03-29T10:00 or 2026-03-29T10:00:00+02:00";

template <class T>
Parsed<T> fail(std::string why) {
  return Parsed<T>{T{}, std::move(why)};
}

std::string two_digits(long long v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02lld", v);
  return buf;
}

std::string hh_mm(seconds since_midnight) {
  auto m = std::chrono::duration_cast<minutes>(since_midnight).count();
  return two_digits(m / 60 % 24) + ":" + two_digits(m % 60);
}

// Reads the fixed-width fields of ISO 8601 text left to right.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  bool done() const { return i_ == s_.size(); }

  bool eat(char c) {
    if (done() || s_[i_] != c) return false;
    ++i_;
    return true;
  }

  bool eat_any(std::string_view chars) {
    if (done() || chars.find(s_[i_]) == std::string_view::npos) return false;
    ++i_;
    return true;
  }

  char peek() const { return done() ? '\0' : s_[i_]; }

  // Exactly `n` ASCII digits.
  bool number(int n, int& out) {
    if (s_.size() - i_ < std::size_t(n)) return false;
    int v = 0;
    for (int k = 0; k < n; ++k) {
      char c = s_[i_ + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    i_ += n;
    out = v;
    return true;
  }

  // One or more digits, skipped: fractional seconds do not reach whole seconds.
  bool skip_digits() {
    std::size_t start = i_;
    while (!done() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

std::string_view trim(std::string_view s) {
  constexpr std::string_view space = " \t\r\n";
  auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

// YYYY-MM-DD with its range checks; `shape` is the message for text of the wrong form.
Parsed<date::year_month_day> read_date(Reader& r, const char* shape) {
  int y = 0, m = 0, d = 0;
  if (!r.number(4, y) || !r.eat('-') || !r.number(2, m) || !r.eat('-') || !r.number(2, d))
    return fail<date::year_month_day>(shape);
  if (y < kMinYear || y > kMaxYear)
    return fail<date::year_month_day>("year " + std::to_string(y) + " is outside " +
                                      std::to_string(kMinYear) + ".." + std::to_string(kMaxYear));
  if (m < 1 || m > 12) return fail<date::year_month_day>("month " + std::to_string(m) + " does not exist");
  date::year_month_day ymd{date::year{y}, date::month(unsigned(m)), date::day(unsigned(d))};
  if (!ymd.ok())
    return fail<date::year_month_day>(std::to_string(y) + "-" + two_digits(m) + "-" + two_digits(d) +
                                      " is not a date");
  return {ymd, {}};
}

// HH:MM, then :SS and a fraction when `with_seconds`.
Parsed<seconds> read_time(Reader& r, bool with_seconds, const char* shape) {
  int h = 0, m = 0, s = 0;
  if (!r.number(2, h) || !r.eat(':') || !r.number(2, m)) return fail<seconds>(shape);
  if (with_seconds && r.eat(':')) {
    if (!r.number(2, s)) return fail<seconds>(shape);
    if (r.eat_any(".,") && !r.skip_digits()) return fail<seconds>(shape);
  }
  if (h > 23) return fail<seconds>("hour " + two_digits(h) + " is out of range (00-23)");
  if (m > 59) return fail<seconds>("minute " + two_digits(m) + " is out of range (00-59)");
  if (s > 59) return fail<seconds>("second " + two_digits(s) + " is out of range (00-59)");
  return {hours{h} + minutes{m} + seconds{s}, {}};
}

// "Z", "+02:00", "-0500"; `present` is false when the text ends with no offset.
Parsed<seconds> read_offset(Reader& r, bool& present) {
  present = !r.done();
  if (!present) return {};
  if (r.eat_any("Zz")) return {seconds{0}, {}};
  char sign = r.peek();
  if (!r.eat_any("+-")) return fail<seconds>("unexpected text after the time; " + std::string(kIsoExample));
  int h = 0, m = 0;
  bool shaped = r.number(2, h);
  r.eat(':');  // optional: "+0200" is ISO 8601's basic form
  if (!shaped || !r.number(2, m)) return fail<seconds>("offset must look like +02:00, -05:00 or Z");
  if (h > 18 || m > 59) return fail<seconds>("offset " + std::string(1, sign) + two_digits(h) + ":" +
                                             two_digits(m) + " is out of range");
  seconds off = hours{h} + minutes{m};
  return {sign == '-' ? -off : off, {}};
}

}  // namespace

Parsed<Seconds> to_instant(date::local_seconds local, const date::time_zone* zone) {
  auto info = zone->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    // The gap runs from the old offset's wall clock to the new one's at the same instant.
    auto switch_at = info.first.end.time_since_epoch();
    auto before = switch_at + info.first.offset, after = switch_at + info.second.offset;
    auto day = date::floor<date::days>(local);
    return fail<Seconds>(date::format("%Y-%m-%dT%H:%M", local) + " does not exist in " +
                         zone->name() + ": clocks jump from " + hh_mm(before % date::days{1}) +
                         " to " + hh_mm(after % date::days{1}) + " on " +
                         format_date(date::year_month_day{day}));
  }
  // Unique, or ambiguous: `first` is the offset in force before the clocks went back,
  // which gives the earlier of the two instants.
  return {Seconds{local.time_since_epoch() - info.first.offset}, {}};
}

Seconds to_instant_shifting_gaps(date::local_seconds local, const date::time_zone* zone) {
  auto info = zone->get_info(local);
  return Seconds{local.time_since_epoch() - info.first.offset};
}

Interval local_day(date::year_month_day day, const date::time_zone* zone) {
  auto first_instant = [zone](date::local_days d) {
    auto local = date::local_seconds{d};
    auto info = zone->get_info(local);
    // When midnight itself is skipped, the day begins where the gap ends.
    if (info.result == date::local_info::nonexistent) return info.first.end;
    return Seconds{local.time_since_epoch() - info.first.offset};
  };
  auto d = date::local_days{day};
  return {first_instant(d), first_instant(d + date::days{1})};
}

Parsed<Seconds> parse_iso(std::string_view text, const date::time_zone* zone) {
  Reader r(trim(text));
  auto day = read_date(r, kIsoExample);
  if (!day.ok()) return fail<Seconds>(day.error);
  if (r.done()) return fail<Seconds>("time of day missing; " + std::string(kIsoExample));
  if (!r.eat_any("Tt ")) return fail<Seconds>(kIsoExample);
  auto time = read_time(r, true, kIsoExample);
  if (!time.ok()) return fail<Seconds>(time.error);
  bool has_offset = false;
  auto offset = read_offset(r, has_offset);
  if (!offset.ok()) return fail<Seconds>(offset.error);
  if (!r.done()) return fail<Seconds>("unexpected text after the offset; " + std::string(kIsoExample));

  auto local = date::local_seconds{date::local_days{day.value}} + time.value;
  if (!has_offset) return to_instant(local, zone);
  return {Seconds{local.time_since_epoch() - offset.value}, {}};
}

Parsed<date::year_month_day> parse_date(std::string_view text) {
  Reader r(trim(text));
  auto day = read_date(r, "expected a date like 2026-03-29");
  if (day.ok() && !r.done()) return fail<date::year_month_day>("expected a date like 2026-03-29");
  return day;
}

Parsed<minutes> parse_time_of_day(std::string_view text) {
  Reader r(trim(text));
  auto time = read_time(r, false, "expected a time of day like 14:30");
  if (!time.ok()) return fail<minutes>(time.error);
  if (!r.done()) return fail<minutes>("expected a time of day like 14:30");
  return {std::chrono::duration_cast<minutes>(time.value), {}};
}

date::year_month_day local_date(std::int64_t t, const date::time_zone* zone) {
  return date::year_month_day{date::floor<date::days>(zone->to_local(from_unix(t)))};
}

}  // namespace classroom
