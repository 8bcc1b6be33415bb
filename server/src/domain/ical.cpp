#include "domain/ical.hpp"

#include <date/tz.h>

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

}  // namespace classroom
