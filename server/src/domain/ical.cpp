#include "domain/ical.hpp"

#include <date/tz.h>

#include <cstdio>

namespace classroom {

namespace {

constexpr std::size_t kMaxOctets = 75;  // per line, CRLF not counted
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at s[i], or 0 if it is not one
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  if (c < 0xC2 || c > 0xF4) return 0;  // stray continuation, overlong lead, beyond U+10FFFF
  std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  char32_t cp = c & (0x7F >> n);
  if (s.size() - i < n) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if (!is_continuation(cc)) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

void add(std::string& out, std::string_view name, std::string_view value) {
  std::string line;
  line.reserve(name.size() + 1 + value.size());
  line.append(name).append(":").append(value);
  out += fold_line(line);
}

}  // namespace

std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; ++i; continue;
      case ';': out += "\\;"; ++i; continue;
      case ',': out += "\\,"; ++i; continue;
      case '\r':  // CRLF, lone CR and lone LF are all one line break
        out += "\\n";
        i += (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
        continue;
      case '\n': out += "\\n"; ++i; continue;
      case '\t': out += c; ++i; continue;
      default: break;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) { ++i; continue; }
    auto n = utf8_length(text, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string fold_line(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 70 * 3 + 2);
  std::size_t room = kMaxOctets;  // continuation lines spend one octet on the leading space
  while (line.size() > room) {
    std::size_t cut = room;
    while (cut > 0 && is_continuation(static_cast<unsigned char>(line[cut]))) --cut;
    if (cut == 0) cut = room;  // not UTF-8 after all; any cut keeps the line legal
    out.append(line.substr(0, cut)).append("\r\n ");
    line.remove_prefix(cut);
    room = kMaxOctets - 1;
  }
  out.append(line).append("\r\n");
  return out;
}

std::string ical_utc(Seconds t) { return date::format("%Y%m%dT%H%M%SZ", t); }

std::string write_ical(const CalendarFeed& feed, std::span<const CalendarEvent> events) {
  std::string out;
  add(out, "BEGIN", "VCALENDAR");
  add(out, "PRODID", "-//Smart Classroom Utilization Tracker//classroomd//EN");
  add(out, "VERSION", "2.0");
  add(out, "CALSCALE", "GREGORIAN");
  add(out, "X-WR-CALNAME", escape_text(feed.name));
  if (feed.zone) add(out, "X-WR-TIMEZONE", feed.zone->name());
  for (const auto& e : events) {
    add(out, "BEGIN", "VEVENT");
    add(out, "UID", "booking-" + std::to_string(e.id) + "@" + feed.uid_domain);
    add(out, "DTSTAMP", ical_utc(e.updated));
    add(out, "LAST-MODIFIED", ical_utc(e.updated));
    add(out, "DTSTART", ical_utc(e.start));
    add(out, "DTEND", ical_utc(e.end));
    add(out, "SUMMARY", escape_text(e.summary));
    if (!e.description.empty()) add(out, "DESCRIPTION", escape_text(e.description));
    if (!e.location.empty()) add(out, "LOCATION", escape_text(e.location));
    add(out, "STATUS", e.cancelled ? "CANCELLED" : "CONFIRMED");
    add(out, "END", "VEVENT");
  }
  add(out, "END", "VCALENDAR");
  return out;
}

namespace {

// "+0100", "-0330".
std::string utc_offset(std::chrono::seconds off) {
  auto total = off.count();
  char sign = total < 0 ? '-' : '+';
  if (total < 0) total = -total;
  char text[8];
  std::snprintf(text, sizeof text, "%c%02lld%02lld", sign, static_cast<long long>(total / 3600),
                static_cast<long long>(total / 60 % 60));
  return text;
}

std::string ical_local(date::local_seconds t) { return date::format("%Y%m%dT%H%M%S", t); }

}  // namespace

std::string write_vtimezone(const date::time_zone* zone, Seconds around) {
  std::string out;
  add(out, "BEGIN", "VTIMEZONE");
  add(out, "TZID", zone ? zone->name() : "UTC");
  auto from = around - date::days{366}, to = around + date::days{366};
  if (!zone) {
    add(out, "BEGIN", "STANDARD");
    add(out, "DTSTART", "19700101T000000");
    add(out, "TZOFFSETFROM", "+0000");
    add(out, "TZOFFSETTO", "+0000");
    add(out, "TZNAME", "UTC");
    add(out, "END", "STANDARD");
    add(out, "END", "VTIMEZONE");
    return out;
  }
  // Each period that overlaps the two years, from the one in force at their start.
  auto info = zone->get_info(from);
  while (true) {
    bool first_ever = info.begin <= date::sys_seconds{} - date::years{100};
    auto before = first_ever ? info.offset : zone->get_info(info.begin - std::chrono::seconds{1}).offset;
    add(out, "BEGIN", info.save != std::chrono::minutes{0} ? "DAYLIGHT" : "STANDARD");
    add(out, "DTSTART", first_ever ? "19700101T000000" : ical_local(date::local_seconds{(info.begin + before).time_since_epoch()}));
    add(out, "TZOFFSETFROM", utc_offset(before));
    add(out, "TZOFFSETTO", utc_offset(info.offset));
    if (!info.abbrev.empty()) add(out, "TZNAME", escape_text(info.abbrev));
    add(out, "END", info.save != std::chrono::minutes{0} ? "DAYLIGHT" : "STANDARD");
    if (info.end >= to || info.end <= info.begin) break;
    info = zone->get_info(info.end);
  }
  add(out, "END", "VTIMEZONE");
  return out;
}

std::string write_invite(const CalendarInvite& inv) {
  const auto& e = inv.event;
  std::string tzid = inv.zone ? inv.zone->name() : "UTC";
  auto local = [&](Seconds t) {
    return ical_local(inv.zone ? inv.zone->to_local(t) : date::local_seconds{t.time_since_epoch()});
  };
  std::string out;
  add(out, "BEGIN", "VCALENDAR");
  add(out, "PRODID", "-//Smart Classroom Utilization Tracker//classroomd//EN");
  add(out, "VERSION", "2.0");
  add(out, "CALSCALE", "GREGORIAN");
  add(out, "METHOD", inv.method);
  out += write_vtimezone(inv.zone, e.start);
  add(out, "BEGIN", "VEVENT");
  add(out, "UID", inv.uid);
  add(out, "SEQUENCE", std::to_string(inv.sequence));
  add(out, "DTSTAMP", ical_utc(e.updated));
  add(out, "LAST-MODIFIED", ical_utc(e.updated));
  add(out, "DTSTART;TZID=" + tzid, local(e.start));
  add(out, "DTEND;TZID=" + tzid, local(e.end));
  add(out, "SUMMARY", escape_text(e.summary));
  if (!e.description.empty()) add(out, "DESCRIPTION", escape_text(e.description));
  if (!e.location.empty()) add(out, "LOCATION", escape_text(e.location));
  add(out, "STATUS", inv.method == "CANCEL" ? "CANCELLED" : "CONFIRMED");
  add(out, "ORGANIZER", "mailto:" + inv.organizer);
  // A quoted parameter value holds no quote and no control character.
  std::string cn;
  for (char c : inv.attendee_name)
    if (c != '"' && (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F)) cn += c;
  add(out, "ATTENDEE;CN=\"" + cn + "\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED", "mailto:" + inv.attendee);
  add(out, "END", "VEVENT");
  add(out, "END", "VCALENDAR");
  return out;
}

}  // namespace classroom
