// iCalendar feeds of a user's or a room's bookings at unguessable token URLs, for
// Outlook, Google Calendar and Thunderbird to subscribe to. The URL is the secret:
// resetting it makes the old one answer 404.
#include "api/booking_input.hpp"
#include "api/common.hpp"
#include "api/routes.hpp"
#include "auth/secrets.hpp"
#include "domain/ical.hpp"
#include "services/bookings.hpp"

namespace classroom {

namespace json = boost::json;

namespace {

constexpr std::string_view kSuffix = ".ics";
constexpr std::int64_t kDay = 86400;

json::object link(const std::string& token) { return {{"url", "/api/calendar/" + token + std::string(kSuffix)}}; }

// A token from random_token(24): 32 URL-safe base64 characters.
std::string fresh_token() { return random_token(24); }

Response feed(BookingService& service, const FeedOwner& owner) {
  auto now = service.now();
  // What calendar clients show: the recent past and everything ahead.
  auto bookings = service.store().for_feed(owner, now - 90 * kDay, now + (service.settings().advance_days + 1) * kDay);
  std::vector<CalendarEvent> events;
  events.reserve(bookings.size());
  for (const auto& b : bookings) {
    CalendarEvent e;
    e.id = b.id;
    e.start = from_unix(b.start);
    e.end = from_unix(b.end);
    e.summary = owner.user_id ? b.title + " (" + b.classroom_name + ")" : b.title;
    e.description = b.description;
    if (!b.username.empty()) e.description += (e.description.empty() ? "" : "\n") + ("Booked by " + b.username);
    e.location = b.classroom_name;
    e.cancelled = b.status == BookingStatus::cancelled || b.status == BookingStatus::released;
    e.updated = from_unix(b.updated_at);
    events.push_back(std::move(e));
  }
  CalendarFeed cal;
  cal.name = owner.user_id ? "Room bookings of " + owner.name : owner.name + " bookings";
  cal.zone = service.zone();
  Response r;
  r.body = write_ical(cal, events);
  r.content_type = "text/calendar; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "private, max-age=300");
  return r;
}

}  // namespace

void add_calendar_routes(Router& r, BookingService& bookings) {
  r.add("GET", "/api/calendar/{file}", Access::open, [&bookings](Request& req) {
    const auto& file = req.param("file");
    auto token = file.size() > kSuffix.size() && file.ends_with(kSuffix) ? file.substr(0, file.size() - kSuffix.size())
                                                                          : std::string();
    auto owner = token.size() >= 24 ? bookings.store().feed_owner(token) : std::nullopt;
    if (!owner) throw NotFound("No calendar at this address");
    return feed(bookings, *owner);
  });

  r.add("GET", "/api/staff/calendar-link", Access::staff, [&bookings](Request& req) {
    return ok(link(bookings.store().user_feed_token(req.caller->user_id, fresh_token(), false)));
  });
  r.add("POST", "/api/staff/calendar-link/reset", Access::staff, [&bookings](Request& req) {
    return ok(link(bookings.store().user_feed_token(req.caller->user_id, fresh_token(), true)));
  });

  r.add("GET", "/api/admin/classrooms/{id}/calendar-link", Access::admin, [&bookings](Request& req) {
    return ok(link(bookings.store().room_feed_token(path_id(req), fresh_token(), false)));
  });
  r.add("POST", "/api/admin/classrooms/{id}/calendar-link/reset", Access::admin, [&bookings](Request& req) {
    return ok(link(bookings.store().room_feed_token(path_id(req), fresh_token(), true)));
  });
}

}  // namespace classroom
