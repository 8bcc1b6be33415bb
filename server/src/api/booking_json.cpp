#include "api/booking_json.hpp"

#include "api/views.hpp"
#include "app/app.hpp"
#include "domain/time.hpp"

#include <spdlog/spdlog.h>

namespace classroom {

namespace json = boost::json;

namespace {
json::value opt_id(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
}  // namespace

json::object booking_json(const Booking& b, const date::time_zone* zone) {
  return {{"id", b.id},
          {"classroom_id", b.classroom_id},
          {"classroom_name", b.classroom_name},
          {"user_id", opt_id(b.user_id)},
          {"username", b.user_id ? json::value(b.username) : json::value(nullptr)},
          {"title", b.title},
          {"description", b.description},
          {"start_time", time_json(b.start, zone)},
          {"end_time", time_json(b.end, zone)},
          {"status", b.status},
          {"series_id", opt_id(b.series_id)},
          {"series_flagged", b.series_flagged},
          {"checked_in_at", time_json(b.checked_in_at, zone)},
          {"created_at", time_json(b.created_at, zone)},
          {"updated_at", time_json(b.updated_at, zone)}};
}

json::object span_json(std::int64_t start, std::int64_t end, const date::time_zone* zone) {
  return {{"start_time", time_json(start, zone)}, {"end_time", time_json(end, zone)}};
}

json::object event_json(const BookingEvent& e, const date::time_zone* zone) {
  return {{"action", e.action},
          {"user_id", opt_id(e.user_id)},
          {"username", e.user_id ? json::value(e.username) : json::value(nullptr)},
          {"at", time_json(e.at, zone)},
          {"detail", e.detail}};
}

json::object series_json(const Series& s, const date::time_zone* zone) {
  json::array weekdays;
  for (char c : s.weekdays)
    if (c >= '1' && c <= '7') weekdays.push_back(c - '0');
  return {{"id", s.id},
          {"classroom_id", s.classroom_id},
          {"user_id", opt_id(s.user_id)},
          {"title", s.title},
          {"description", s.description},
          {"weekdays", std::move(weekdays)},
          {"start_date", s.start_date},
          {"end_date", s.end_date},
          {"start_time", s.start_time},
          {"end_time", s.end_time},
          {"flagged", s.flagged},
          {"created_at", time_json(s.created_at, zone)}};
}

std::int64_t read_time(const Input& in, const char* field, const date::time_zone* zone) {
  auto parsed = parse_iso(in.str(field, 64), zone);
  if (!parsed.ok()) throw BadRequest(field, std::string(field) + ": " + parsed.error);
  return to_unix(parsed.value);
}

std::optional<std::int64_t> query_time(const Request& req, const char* name, const date::time_zone* zone,
                                       bool day_end) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  if (v->size() == 10) {  // YYYY-MM-DD
    auto day = parse_date(*v);
    if (!day.ok()) throw BadRequest(name, std::string(name) + ": " + day.error);
    auto span = local_day(day.value, zone);
    return to_unix(day_end ? span.end : span.start);
  }
  auto parsed = parse_iso(*v, zone);
  if (!parsed.ok()) throw BadRequest(name, std::string(name) + ": " + parsed.error);
  return to_unix(parsed.value);
}

BookingLimits booking_limits(const Config& cfg) {
  BookingLimits limits;
  limits.max_duration = std::chrono::hours{cfg.booking_max_hours};
  limits.max_advance = date::days{cfg.booking_advance_days};
  return limits;
}

void check_new_booking(const App& app, std::int64_t start, std::int64_t end, std::int64_t now) {
  if (auto bad = validate_booking(from_unix(start), from_unix(end), from_unix(now), booking_limits(app.cfg)))
    throw BadRequest(bad->field, bad->message);
}

void announce(App& app, const char* action, const std::vector<Booking>& bookings) {
  if (bookings.empty()) return;
  app.changed(Change::bookings);
  json::object event{{"type", "booking"}, {"action", action}, {"booking", booking_json(bookings.front(), app.zone)}};
  if (bookings.size() > 1) {
    json::array ids;
    for (const auto& b : bookings) ids.push_back(b.id);
    event["booking_ids"] = std::move(ids);
  }
  app.hub.publish(std::move(event), Audience::everyone);
  const auto& b = bookings.front();
  spdlog::info("event=booking_{} booking_id={} classroom_id={} start={} end={} count={}", action, b.id, b.classroom_id,
               b.start, b.end, bookings.size());
}

}  // namespace classroom
