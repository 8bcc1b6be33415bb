#include "present/bookings.hpp"

#include "present/resources.hpp"

namespace classroom {

namespace json = boost::json;

json::object booking_json(const Booking& b, const date::time_zone* zone) {
  return {{"id", b.id},
          {"classroom_id", b.classroom_id},
          {"classroom_name", b.classroom_name},
          {"user_id", opt_json(b.user_id)},
          {"username", b.user_id ? json::value(b.username) : json::value(nullptr)},
          {"title", b.title},
          {"description", b.description},
          {"start_time", time_json(b.start, zone)},
          {"end_time", time_json(b.end, zone)},
          {"status", status_name(b.status)},
          {"series_id", opt_json(b.series_id)},
          {"series_flagged", b.series_flagged},
          {"checked_in_at", time_json(b.checked_in_at, zone)},
          {"created_at", time_json(b.created_at, zone)},
          {"updated_at", time_json(b.updated_at, zone)},
          {"decision_reason", b.decision_reason.empty() ? json::value(nullptr) : json::value(b.decision_reason)}};
}

json::object span_json(std::int64_t start, std::int64_t end, const date::time_zone* zone) {
  return {{"start_time", time_json(start, zone)}, {"end_time", time_json(end, zone)}};
}

json::object event_json(const BookingEvent& e, const date::time_zone* zone) {
  return {{"action", e.action},
          {"user_id", opt_json(e.user_id)},
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
          {"user_id", opt_json(s.user_id)},
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

}  // namespace classroom
