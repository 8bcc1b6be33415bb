#include "domain/mail.hpp"

#include <date/date.h>
#include <date/tz.h>

namespace classroom {

namespace {

constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    std::uint32_t n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += i + 1 < in.size() ? kBase64[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kBase64[n & 63] : '=';
  }
  return out;
}

// Base64 in lines of 76 characters, as a MIME body.
std::string base64_body(std::string_view in) {
  std::string flat = base64(in), out;
  for (std::size_t i = 0; i < flat.size(); i += 76) out.append(flat, i, 76).append("\r\n");
  return out;
}

bool is_ascii_printable(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

// Control characters (CR and LF above all) go; the rest is kept as it is.
std::string without_controls(std::string_view s) {
  std::string out;
  for (unsigned char c : s)
    if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
    else if (c == '\t' || c == '\r' || c == '\n') out += ' ';
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  return out;
}

std::string local_text(std::int64_t at, const date::time_zone* zone, const char* format) {
  Seconds t{std::chrono::seconds{at}};
  if (!zone) return date::format(format, t);
  return date::format(format, date::zoned_seconds{zone, t});
}

}  // namespace

bool valid_mail_address(std::string_view a) {
  if (a.empty() || a.size() > 254 || !is_ascii_printable(a)) return false;
  auto at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size() || a.find('@') != at) return false;
  for (char c : a)
    if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' || c == '\\' ||
        c == '[' || c == ']' || c == ':')
      return false;
  return true;
}

std::string mail_domain(std::string_view address) {
  auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string() : std::string(address.substr(at + 1));
}

std::string header_text(std::string_view text) {
  std::string clean = without_controls(text);
  if (is_ascii_printable(clean)) return clean;
  // Encoded words of at most 75 characters, each of whole UTF-8 characters (45 octets
  // make 60 of base64), joined by folding whitespace.
  std::string out;
  std::size_t i = 0;
  while (i < clean.size()) {
    std::size_t n = std::min<std::size_t>(45, clean.size() - i);
    while (n > 0 && i + n < clean.size() && (static_cast<unsigned char>(clean[i + n]) & 0xC0) == 0x80) --n;
    if (n == 0) n = std::min<std::size_t>(45, clean.size() - i);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(std::string_view(clean).substr(i, n)) + "?=";
    i += n;
  }
  return out;
}

std::string format_address(const MailAddress& a) {
  if (!valid_mail_address(a.address)) throw MailError("not a valid mail address: " + header_text(a.address));
  std::string name = without_controls(a.name);
  if (name.empty()) return "<" + a.address + ">";
  if (!is_ascii_printable(name)) return header_text(name) + " <" + a.address + ">";
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + a.address + ">";
}

std::string mail_date(std::int64_t at) {
  return date::format("%a, %d %b %Y %H:%M:%S +0000", Seconds{std::chrono::seconds{at}});
}

std::string compose_mail(const MailHeaders& h, const MailContent& c) {
  if (!valid_mail_address(h.message_id)) throw MailError("not a valid Message-ID");
  std::string boundary = "=_classroomd_" + base64(h.message_id).substr(0, 24);
  std::erase(boundary, '/');
  std::erase(boundary, '+');
  std::string out;
  out += "From: " + format_address(h.from) + "\r\n";
  out += "To: " + format_address(h.to) + "\r\n";
  out += "Subject: " + header_text(c.subject) + "\r\n";
  out += "Date: " + mail_date(h.date) + "\r\n";
  out += "Message-ID: <" + h.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  auto part = [&](const std::string& type, const std::string& body) {
    out += "--" + boundary + "\r\n";
    out += "Content-Type: " + type + "\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += base64_body(body);
  };
  part("text/plain; charset=UTF-8", c.text);
  part("text/html; charset=UTF-8", c.html);
  if (!c.calendar.empty()) {
    if (c.calendar_method != "REQUEST" && c.calendar_method != "CANCEL") throw MailError("unknown calendar method");
    part("text/calendar; charset=UTF-8; method=" + c.calendar_method, c.calendar);
  }
  out += "--" + boundary + "--\r\n";
  return out;
}

std::string booking_uid(std::int64_t booking_id, const std::string& from_address) {
  auto domain = mail_domain(from_address);
  return "booking-" + std::to_string(booking_id) + "@" + (domain.empty() ? "classroomd" : domain);
}

MailContent booking_mail(const BookingMailFacts& f, const BookingMailSettings& s) {
  bool gone = f.action == "cancelled" || f.action == "released";
  std::string what = f.action == "created"     ? "Booking confirmed"
                     : f.action == "updated"   ? "Booking changed"
                     : f.action == "cancelled" ? "Booking cancelled"
                                               : "Booking released";
  std::string when = local_text(f.start, s.zone, "%a %d %b %Y, %H:%M") + "-" + local_text(f.end, s.zone, "%H:%M") +
                     " (" + (s.zone ? s.zone->name() : std::string("UTC")) + ")";
  std::string title = f.title.empty() ? "Booking" : f.title;
  std::string line = f.action == "created"     ? "Your booking is confirmed."
                     : f.action == "updated"   ? "Your booking was changed; this is how it stands now."
                     : f.action == "cancelled" ? "Your booking was cancelled."
                                               : "Your booking was released: nobody was in the room when it began.";
  std::string account = s.public_url.empty() ? std::string() : s.public_url + "/account";
  std::string why = "You receive this mail because you hold this booking in the Smart Classroom Utilization Tracker.";
  std::string off = account.empty() ? "To stop booking mails, turn them off on the Account page of the web app."
                                    : "To stop booking mails, turn them off on your Account page: " + account;
  MailContent c;
  c.subject = what + ": " + title + ", " + f.room + ", " + local_text(f.start, s.zone, "%a %d %b %H:%M");
  c.text = line + "\r\n\r\n" + title + "\r\nRoom: " + f.room + "\r\nWhen: " + when + "\r\n" +
           (f.description.empty() ? "" : "\r\n" + f.description + "\r\n") + "\r\n-- \r\n" + why + "\r\n" + off + "\r\n";
  c.html = "<!DOCTYPE html><html><body><p>" + html_escape(line) + "</p><p><strong>" + html_escape(title) +
           "</strong><br>Room: " + html_escape(f.room) + "<br>When: " + html_escape(when) + "</p>" +
           (f.description.empty() ? "" : "<p>" + html_escape(f.description) + "</p>") + "<hr><p><small>" +
           html_escape(why) + " " +
           (account.empty() ? html_escape(off)
                            : "To stop booking mails, turn them off on your <a href=\"" + html_escape(account) +
                                  "\">Account page</a>.") +
           "</small></p></body></html>";
  CalendarInvite inv;
  inv.event.id = f.booking_id;
  inv.event.start = Seconds{std::chrono::seconds{f.start}};
  inv.event.end = Seconds{std::chrono::seconds{f.end}};
  inv.event.summary = title;
  inv.event.description = f.description;
  inv.event.location = f.room;
  inv.event.updated = Seconds{std::chrono::seconds{f.at}};
  inv.method = gone ? "CANCEL" : "REQUEST";
  inv.uid = booking_uid(f.booking_id, s.from.address);
  inv.sequence = f.sequence;
  inv.organizer = s.from.address;
  inv.attendee = f.email;
  inv.attendee_name = f.username;
  inv.zone = s.zone;
  c.calendar = write_invite(inv);
  c.calendar_method = inv.method;
  return c;
}

}  // namespace classroom
