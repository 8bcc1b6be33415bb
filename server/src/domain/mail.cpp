#include "domain/mail.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <map>

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

namespace {

std::string when_text(const BookingMailFacts& f, const date::time_zone* zone) {
  return local_text(f.start, zone, "%a %d %b %Y, %H:%M") + "-" + local_text(f.end, zone, "%H:%M") + " (" +
         (zone ? zone->name() : std::string("UTC")) + ")";
}

std::string page_url(const BookingMailSettings& s, const std::string& path) {
  return s.public_url.empty() ? std::string() : s.public_url + path;
}

// The booking's lines (title, room, when, description) in both bodies.
void booking_block(const BookingMailFacts& f, const BookingMailSettings& s, std::string& text, std::string& html) {
  std::string title = f.title.empty() ? "Booking" : f.title, when = when_text(f, s.zone);
  text += title + "\r\nRoom: " + f.room + "\r\nWhen: " + when + "\r\n" +
          (f.description.empty() ? "" : "\r\n" + f.description + "\r\n");
  html += "<p><strong>" + html_escape(title) + "</strong><br>Room: " + html_escape(f.room) +
          "<br>When: " + html_escape(when) + "</p>" +
          (f.description.empty() ? "" : "<p>" + html_escape(f.description) + "</p>");
}

// The footer every mail carries: why it was sent, and how to turn it off (`what` names
// the choice on the Account page).
void footer(const BookingMailSettings& s, const std::string& why, const std::string& what, std::string& text,
            std::string& html) {
  std::string account = page_url(s, "/account");
  std::string off = account.empty() ? what + " on the Account page of the web app."
                                    : what + " on your Account page: " + account;
  text += "\r\n-- \r\n" + why + "\r\n" + off + "\r\n";
  html += "<hr><p><small>" + html_escape(why) + " " +
          (account.empty() ? html_escape(off)
                           : html_escape(what) + " on your <a href=\"" + html_escape(account) + "\">Account page</a>.") +
          "</small></p></body></html>";
}

MailContent plain_mail(std::string subject, std::string first_line) {
  MailContent c;
  c.subject = std::move(subject);
  c.text = first_line + "\r\n\r\n";
  c.html = "<!DOCTYPE html><html><body><p>" + html_escape(first_line) + "</p>";
  return c;
}

const char* kBookingWhy = "You receive this mail because you hold this booking in the Smart Classroom Utilization Tracker.";
const char* kBookingOff = "To stop booking mails, turn them off";

}  // namespace

bool reminder_due(BookingStatus status, std::int64_t start, std::optional<int> reminder_min, std::int64_t now) {
  if (status != BookingStatus::confirmed || !reminder_min || *reminder_min <= 0) return false;
  return now < start && now >= start - std::int64_t{*reminder_min} * 60;
}

MailContent reminder_mail(const BookingMailFacts& f, const BookingMailSettings& s) {
  std::string title = f.title.empty() ? "Booking" : f.title;
  auto c = plain_mail("Reminder: " + title + ", " + f.room + ", " + local_text(f.start, s.zone, "%a %d %b %H:%M"),
                      "Your booking begins at " + local_text(f.start, s.zone, "%H:%M") + ".");
  booking_block(f, s, c.text, c.html);
  footer(s,
         "You receive this reminder because you asked for one " + std::to_string(f.reminder_min) +
             " minutes before each of your bookings.",
         "To stop reminders, set Reminder to Off", c.text, c.html);
  return c;
}

MailContent approval_request_mail(const BookingMailFacts& f, const BookingMailSettings& s) {
  std::string title = f.title.empty() ? "Booking" : f.title;
  std::string who = f.requester.empty() ? "Someone" : f.requester;
  auto c = plain_mail("Approval requested: " + title + ", " + f.room + ", " + local_text(f.start, s.zone, "%a %d %b %H:%M"),
                      who + " asks to book " + f.room + "; the request awaits your decision.");
  booking_block(f, s, c.text, c.html);
  if (f.series) {
    std::string more = "This is the first session of a series: its other sessions await your decision too.";
    c.text += more + "\r\n";
    c.html += "<p>" + html_escape(more) + "</p>";
  }
  std::string decide = page_url(s, "/staff/approvals");
  if (!decide.empty()) {
    c.text += "Approve or decline it: " + decide + "\r\n";
    c.html += "<p><a href=\"" + html_escape(decide) + "\">Approve or decline it</a></p>";
  }
  footer(s, "You receive this mail because you approve bookings of this room in the Smart Classroom Utilization Tracker.",
         "To stop these mails, turn mail off", c.text, c.html);
  return c;
}

MailContent approval_decision_mail(const BookingMailFacts& f, const BookingMailSettings& s) {
  std::string title = f.title.empty() ? "Booking" : f.title;
  std::string when = local_text(f.start, s.zone, "%a %d %b %H:%M");
  std::string subject = f.action == "approved"   ? "Request approved: "
                        : f.action == "declined" ? "Request declined: "
                                                 : "Request lapsed: ";
  std::string line = f.action == "approved"   ? "Your booking request was approved: the room is yours."
                     : f.action == "declined" ? "Your booking request was declined."
                                              : "Your booking request lapsed: nobody decided on it before its start.";
  auto c = plain_mail(subject + title + ", " + f.room + ", " + when, line);
  if (f.action != "lapsed" && !f.reason.empty()) {
    c.text += "Reason: " + f.reason + "\r\n\r\n";
    c.html += "<p>Reason: " + html_escape(f.reason) + "</p>";
  }
  booking_block(f, s, c.text, c.html);
  footer(s, "You receive this mail because you asked for this booking in the Smart Classroom Utilization Tracker.",
         kBookingOff, c.text, c.html);
  if (f.action == "approved") {
    // Now it is a booking: the calendar gets the event, as for one made directly.
    auto invite = booking_mail(f, s);
    c.calendar = invite.calendar;
    c.calendar_method = invite.calendar_method;
  }
  return c;
}

std::vector<DigestLine> digest_lines(const std::vector<AlertEvent>& events) {
  std::vector<AlertEvent> sorted = events;
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  std::vector<DigestLine> out;
  std::map<std::string, std::size_t> open_offline;  // device -> its line
  std::map<std::pair<std::string, std::string>, bool> faults;
  for (const auto& e : sorted) {
    if (e.event == "device.offline") {
      auto it = open_offline.find(e.device_id);
      if (it != open_offline.end() && !out[it->second].until) continue;  // still down: one line
      open_offline[e.device_id] = out.size();
      out.push_back({e.device_id, e.room, "offline", e.at, std::nullopt});
    } else if (e.event == "device.online") {
      auto it = open_offline.find(e.device_id);
      if (it != open_offline.end() && !out[it->second].until) out[it->second].until = e.at;
    } else if (e.event == "sensor.fault") {
      std::string detail = e.detail.empty() ? "sensor fault" : e.detail;
      if (faults[{e.device_id, detail}]) continue;
      faults[{e.device_id, detail}] = true;
      out.push_back({e.device_id, e.room, "sensor fault: " + detail, e.at, std::nullopt});
    }
  }
  return out;
}

bool digest_due(std::optional<std::int64_t> last_sent, std::int64_t oldest_event, std::int64_t now,
                std::int64_t interval_s) {
  if (now - oldest_event < interval_s) return false;
  return !last_sent || now - *last_sent >= interval_s;
}

MailContent digest_mail(const std::vector<DigestLine>& lines, const std::string& username, std::int64_t interval_s,
                        const BookingMailSettings& s) {
  std::size_t n = lines.size();
  auto c = plain_mail("Devices and sensors: " + std::to_string(n) + (n == 1 ? " problem" : " problems"),
                      "Hello " + username + ", since the last digest:");
  c.html += "<ul>";
  for (const auto& l : lines) {
    std::string where = (l.room.empty() ? "no room" : l.room) + " (node " + l.device_id + ")";
    std::string what = l.what + " since " + local_text(l.since, s.zone, "%a %d %b %H:%M");
    if (l.what == "offline") what += l.until ? ", back online at " + local_text(*l.until, s.zone, "%H:%M") : ", still offline";
    c.text += "- " + where + ": " + what + "\r\n";
    c.html += "<li><strong>" + html_escape(where) + "</strong>: " + html_escape(what) + "</li>";
  }
  c.html += "</ul>";
  std::string zone = s.zone ? s.zone->name() : std::string("UTC");
  c.text += "\r\nTimes are " + zone + ".\r\n";
  c.html += "<p>Times are " + html_escape(zone) + ".</p>";
  footer(s,
         "You receive this digest because you are an administrator of the Smart Classroom Utilization Tracker; "
         "it gathers device and sensor problems into one mail at most every " +
             (interval_s % 60 == 0 ? std::to_string(interval_s / 60) + " minutes."
                                   : std::to_string(interval_s) + " seconds."),
         "To stop these mails, turn mail off", c.text, c.html);
  return c;
}

}  // namespace classroom
