// Term timetables: one request books a weekly slot from a start date to an end date,
// each occurrence at its local wall-clock time (across DST changes too), skipping the
// configured holidays and the terms' closed days. All or nothing, unless the caller asks to skip taken dates.
#include "api/booking_input.hpp"
#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/resources.hpp"
#include "services/bookings.hpp"
#include "domain/recurrence.hpp"
#include "domain/time.hpp"

#include <date/tz.h>

#include <algorithm>
#include <limits>

namespace classroom {

namespace json = boost::json;

namespace {

struct SeriesRequest {
  Series series;
  Recurrence recurrence;
  bool skip_conflicts = false;
};

// expand() speaks of first_date and last_date; the API of start_date and end_date.
FieldError in_api_terms(FieldError e) {
  auto rename = [](std::string& s, const std::string& from, const std::string& to) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  };
  for (auto* s : {&e.field, &e.message}) {
    rename(*s, "first_date", "start_date");
    rename(*s, "last_date", "end_date");
  }
  return e;
}

std::vector<unsigned> read_weekdays(const Input& in) {
  const auto* v = in.object().if_contains("weekdays");
  if (!v || !v->is_array() || v->as_array().empty())
    throw BadRequest("weekdays", "weekdays must be a list of days, 1 (Monday) to 7 (Sunday)");
  std::vector<unsigned> days;
  for (const auto& d : v->as_array()) {
    if (!d.is_int64() || d.as_int64() < 1 || d.as_int64() > 7)
      throw BadRequest("weekdays", "weekdays are 1 (Monday) to 7 (Sunday)");
    days.push_back(static_cast<unsigned>(d.as_int64()));
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

template <class T>
T parsed_or_400(Parsed<T> p, const char* field) {
  if (!p.ok()) throw BadRequest(field, std::string(field) + ": " + p.error);
  return p.value;
}

SeriesRequest read_series(const Request& req) {
  Input in(req.body);
  SeriesRequest out;
  auto& s = out.series;
  auto& r = out.recurrence;
  s.classroom_id = in.integer("classroom_id", 1, std::numeric_limits<std::int64_t>::max());
  s.user_id = req.caller->user_id;
  s.title = in.str("title", 200);
  s.description = in.opt_str("description", 2000).value_or("");
  r.weekdays = read_weekdays(in);
  for (auto d : r.weekdays) s.weekdays += (s.weekdays.empty() ? "" : ",") + std::to_string(d);
  s.start_date = in.str("start_date", 32);
  s.end_date = in.str("end_date", 32);  // a series must end
  s.start_time = in.str("start_time", 16);
  s.end_time = in.str("end_time", 16);
  r.first_date = parsed_or_400(parse_date(s.start_date), "start_date");
  r.last_date = parsed_or_400(parse_date(s.end_date), "end_date");
  r.start_time = parsed_or_400(parse_time_of_day(s.start_time), "start_time");
  r.end_time = parsed_or_400(parse_time_of_day(s.end_time), "end_time");
  out.skip_conflicts = in.opt_bool("skip_conflicts").value_or(false);
  return out;
}

// Every occurrence as UTC seconds, each one a booking the rules allow.
std::vector<BookingSpan> occurrences(BookingService& bookings, const SeriesRequest& sr) {
  RecurrenceLimits limits;
  limits.max_occurrences = bookings.settings().series_max;
  auto recurrence = sr.recurrence;
  if (recurrence.last_date && recurrence.first_date <= *recurrence.last_date)
    if (auto why = bookings.outside_terms(recurrence.first_date, *recurrence.last_date)) throw BadRequest("start_date", *why);
  if (recurrence.last_date && recurrence.first_date <= *recurrence.last_date &&
      date::sys_days{*recurrence.last_date} - date::sys_days{recurrence.first_date} <= limits.max_span)
    recurrence.holidays = bookings.closed_days(recurrence.first_date, *recurrence.last_date);
  auto expansion = expand(recurrence, bookings.zone(), limits);
  if (!expansion.ok()) {
    auto e = in_api_terms(*expansion.error);
    throw BadRequest(e.field, e.message);
  }
  const auto& rules = bookings.settings().limits;
  auto now = bookings.now();
  std::vector<BookingSpan> out;
  for (const auto& o : expansion.occurrences) {
    if (auto bad = validate_booking(o.time.start, o.time.end, from_unix(now), rules)) {
      // Too early or too late is a matter of the dates; too long, of the times.
      std::string field = bad->field != "start_time" ? bad->field : o.time.start < from_unix(now) ? "start_date" : "end_date";
      throw BadRequest(field, "the occurrence on " + format_date(o.date) + ": " + bad->message);
    }
    out.push_back({0, sr.series.classroom_id, sr.series.user_id, to_unix(o.time.start), to_unix(o.time.end)});
  }
  return out;
}

Series load_series(BookingService& bookings, const Request& req) {
  auto s = bookings.store().find_series(path_id(req));
  if (!s) throw NotFound("No booking series with id " + req.param("id"));
  if (s->user_id != req.caller->user_id && req.caller->role != Role::admin)
    throw Forbidden("This booking series belongs to someone else");
  return *s;
}

// ?from=YYYY-MM-DD as its local midnight; today when absent.
std::int64_t from_date(const BookingService& bookings, const Request& req) {
  auto v = req.query_param("from");
  auto day = v && !v->empty() ? parsed_or_400(parse_date(*v), "from") : local_date(bookings.now(), bookings.zone());
  return to_unix(local_day(day, bookings.zone()).start);
}

// The fields of an edit, each defaulting to what the series has now.
struct SeriesChange {
  SeriesEdit fields;
  std::chrono::minutes start{}, end{};
};

SeriesChange read_change(const Request& req, const Series& s) {
  Input in(req.body);
  SeriesChange c;
  c.fields.title = in.has("title") ? in.str("title", 200) : s.title;
  c.fields.description = in.opt_str("description", 2000).value_or(s.description);
  c.fields.start_time = in.has("start_time") ? in.str("start_time", 16) : s.start_time;
  c.fields.end_time = in.has("end_time") ? in.str("end_time", 16) : s.end_time;
  c.start = parsed_or_400(parse_time_of_day(c.fields.start_time), "start_time");
  c.end = parsed_or_400(parse_time_of_day(c.fields.end_time), "end_time");
  if (c.end <= c.start) throw BadRequest("end_time", "end_time must be after start_time");
  return c;
}

}  // namespace

void add_booking_series_routes(Router& r, BookingService& bookings) {
  auto zone = bookings.zone();
  auto view = [zone](const Booking& b) { return booking_json(b, zone); };
  auto series_view = [zone](const Series& s) { return series_json(s, zone); };

  r.add("POST", "/api/staff/booking-series", Access::staff, [&bookings, view, zone](Request& req) {
    auto sr = read_series(req);
    auto spans = occurrences(bookings, sr);
    auto out = naming_conflicts(zone, [&] { return bookings.create_series(sr.series, spans, sr.skip_conflicts, *req.caller); });
    return created(json::object{
        {"series_id", out.series_id},
        {"created", json_list(out.created, view)},
        {"conflicts", json_list(out.conflicts, [&](const BookingSpan& c) { return span_json(c.start, c.end, zone); })}});
  });

  r.add("GET", "/api/staff/booking-series/{id}", Access::staff, [&bookings, view, series_view](Request& req) {
    auto s = load_series(bookings, req);
    auto body = series_view(s);
    body["bookings"] = json_list(bookings.store().series_bookings(s.id), view);
    return ok(body);
  });

  r.add("DELETE", "/api/staff/booking-series/{id}", Access::staff, [&bookings](Request& req) {
    auto s = load_series(bookings, req);
    auto cancelled = bookings.cancel_series_from(s.id, from_date(bookings, req), *req.caller);
    return ok(json::object{{"message", std::to_string(cancelled.size()) + " occurrences cancelled"},
                           {"series_id", s.id},
                           {"cancelled", cancelled.size()}});
  });

  // PUT ?from=YYYY-MM-DD: the sessions ahead from that date (today when absent) take
  // the new title, description and times; the series row too.
  r.add("PUT", "/api/staff/booking-series/{id}", Access::staff, [&bookings, view, series_view, zone](Request& req) {
    auto s = load_series(bookings, req);
    auto from = from_date(bookings, req);
    auto c = read_change(req, s);
    auto updated = naming_conflicts(
        zone, [&] { return bookings.edit_series_from(s, from, std::move(c.fields), c.start, c.end, *req.caller); });
    auto body = series_view(*bookings.store().find_series(s.id));
    body["updated"] = updated.size();
    body["bookings"] = json_list(updated, view);
    return ok(body);
  });

  r.add("GET", "/api/admin/booking-series", Access::admin, [&bookings, series_view](Request& req) {
    auto flagged = req.query_param("flagged");
    return ok(json_list(bookings.store().list_series(flagged && (*flagged == "true" || *flagged == "1")), series_view));
  });

  // An admin who has spoken to the owner clears the no-show flag.
  r.add("PUT", "/api/admin/booking-series/{id}", Access::admin, [&bookings, series_view](Request& req) {
    return ok(series_view(bookings.set_series_flag(path_id(req), Input(req.body).boolean("flagged"))));
  });
}

}  // namespace classroom
