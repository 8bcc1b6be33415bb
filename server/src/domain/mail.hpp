#pragma once
// Mail as the server sends it (RFC 5322 / MIME): headers that refuse line breaks and
// encode non-ASCII display names (RFC 2047), a multipart/alternative body with
// text/plain, text/html and, for a booking, the text/calendar invite (RFC 6047), and
// the booking mails' wording. Pure: the sender (services/mail_sender) sends.
#include "domain/ical.hpp"
#include "domain/states.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

// A mail that cannot be written as asked (an address with a line break, say).
struct MailError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct MailAddress {
  std::string name;     // display name, any UTF-8 (line breaks dropped)
  std::string address;  // local@domain, printable ASCII only
};

// Printable ASCII without spaces, quotes, angle brackets or line breaks, one '@' with
// something on both sides, at most 254 characters.
bool valid_mail_address(std::string_view address);
// The part after the '@' ("campus.example" of "rooms@campus.example").
std::string mail_domain(std::string_view address);

// A header's text: line breaks and other control characters dropped; when it is not
// plain ASCII, RFC 2047 encoded words (=?UTF-8?B?...?=) of whole UTF-8 characters.
std::string header_text(std::string_view text);
// "Name <local@domain>", the name quoted or encoded as needed; MailError when the
// address is not valid_mail_address.
std::string format_address(const MailAddress& a);
// "Mon, 30 Nov 2026 12:00:00 +0000".
std::string mail_date(std::int64_t at);

struct MailContent {
  std::string subject, text, html;
  std::string calendar;         // a whole VCALENDAR, or empty
  std::string calendar_method;  // REQUEST or CANCEL, with `calendar`
};

struct MailHeaders {
  MailAddress from, to;
  std::string message_id;  // without the angle brackets: "<id>@<domain>"
  std::int64_t date = 0;
};

// The whole message, CRLF line ends, ready for SMTP's DATA.
std::string compose_mail(const MailHeaders& h, const MailContent& c);

// What a booking mail is about, as the outbox keeps it.
struct BookingMailFacts {
  std::int64_t booking_id = 0;
  std::string action;  // created, updated, cancelled, released
  std::string title, room, description;
  std::int64_t start = 0, end = 0, at = 0;
  std::int64_t sequence = 0;  // grows with every change of the booking
  std::string username, email;  // the mail's recipient
  std::string reason;           // an approval decision's reason
  std::string requester;        // a request's author (the mail to its approvers)
  std::int64_t reminder_min = 0;
  bool series = false;          // a request: the first session of a series
};

struct BookingMailSettings {
  MailAddress from;
  const date::time_zone* zone = nullptr;  // the campus zone
  std::string public_url;                  // links to <public_url>/account
};

// "booking-<id>@<domain of the From address>": one per booking, across its changes.
std::string booking_uid(std::int64_t booking_id, const std::string& from_address);
// The subject, both bodies (each saying why it was sent and how to turn it off) and
// the invite: REQUEST when made or changed, CANCEL when cancelled or released.
MailContent booking_mail(const BookingMailFacts& f, const BookingMailSettings& s);

// Reminders: a booking's owner who chose one (reminder_min, minutes before the start)
// gets it once the start is that close, while the booking stands confirmed and has not
// begun. Pending, cancelled, declined, lapsed, released or completed: none.
bool reminder_due(BookingStatus status, std::int64_t start, std::optional<int> reminder_min, std::int64_t now);
// "Reminder: ..." with the booking, why it came (the user's choice) and how to stop it.
MailContent reminder_mail(const BookingMailFacts& f, const BookingMailSettings& s);

// A new request in a room that needs approval, to one of its approvers (f.username;
// f.requester made it): what, where, when, and where to decide.
MailContent approval_request_mail(const BookingMailFacts& f, const BookingMailSettings& s);
// To the requester: approved (with the invite), declined (with f.reason), or lapsed
// (nobody decided before its start). f.action is approved, declined or lapsed.
MailContent approval_decision_mail(const BookingMailFacts& f, const BookingMailSettings& s);

// The admins' digest: devices that went offline (and came back) and sensor faults.
struct AlertEvent {
  std::int64_t id = 0;
  std::string event;  // device.offline, device.online, sensor.fault
  std::string device_id, room, detail;
  std::int64_t at = 0;
};
// One line of a digest: a device (and its room) and what happened since when.
struct DigestLine {
  std::string device_id, room;
  std::string what;  // "offline", or "sensor fault: <detail>"
  std::int64_t since = 0;
  std::optional<std::int64_t> until;  // back online at
  bool operator==(const DigestLine&) const = default;
};
// The lines the events make, in the order the problems began: an offline device is one
// line however often it dropped, closed by its coming back; a repeated fault is one
// line. Coming online alone makes none (nothing to report).
std::vector<DigestLine> digest_lines(const std::vector<AlertEvent>& events);
// Whether an admin's digest is due: something to report whose oldest event has waited
// the interval (so that what follows it joins the same mail), and the interval passed
// since this admin's last digest.
bool digest_due(std::optional<std::int64_t> last_sent, std::int64_t oldest_event, std::int64_t now,
                std::int64_t interval_s);
// The digest mail to `username`, saying why they get it and how to turn it off.
MailContent digest_mail(const std::vector<DigestLine>& lines, const std::string& username, std::int64_t interval_s,
                        const BookingMailSettings& s);

}  // namespace classroom
