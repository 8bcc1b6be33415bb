// Term timetables: one request books a weekly slot from a start date to an end date,
// each occurrence at its local wall-clock time (across DST changes too), skipping the
// configured holidays. All or nothing, unless the caller asks to skip taken dates.
#include "api/booking_json.hpp"
#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"
#include "app/app.hpp"
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

SeriesRequest read_series(App& app, const Request& req) {
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
  for (const auto& h : app.cfg.holidays) r.holidays.push_back(parse_date(h).value);  // checked at start-up
  out.skip_conflicts = in.opt_bool("skip_conflicts").value_or(false);
  return out;
}

// Every occurrence as UTC seconds, each one a booking the rules allow.
std::vector<BookingSpan> occurrences(App& app, const SeriesRequest& sr, std::int64_t now) {
  RecurrenceLimits limits;
  limits.max_occurrences = static_cast<std::size_t>(app.cfg.series_max);
  auto expansion = expand(sr.recurrence, app.zone, limits);
  if (!expansion.ok()) {
    auto e = in_api_terms(*expansion.error);
    throw BadRequest(e.field, e.message);
  }
  auto rules = booking_limits(app.cfg);
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

Series load_series(App& app, const Request& req) {
  auto s = app.bookings.find_series(path_id(req));
  if (!s) throw NotFound("No booking series with id " + req.param("id"));
  if (s->user_id != req.caller->user_id && req.caller->role != Role::admin)
    throw Forbidden("This booking series belongs to someone else");
  return *s;
}

// ?from=YYYY-MM-DD as its local midnight; today when absent.
std::int64_t from_date(App& app, const Request& req) {
  auto v = req.query_param("from");
  auto now = from_unix(app.clock.now());
  date::year_month_day today{date::floor<date::days>(app.zone->to_local(now))};
  auto day = v && !v->empty() ? parsed_or_400(parse_date(*v), "from") : today;
  return to_unix(local_day(day, app.zone).start);
}

}  // namespace

void add_booking_series_routes(Router& r, App& app) {
  auto view = [&app](const Booking& b) { return booking_json(b, app.zone); };

  r.add("POST", "/api/staff/booking-series", Access::staff, [&app, view](Request& req) {
    auto sr = read_series(app, req);
    auto now = app.clock.now();
    auto spans = occurrences(app, sr, now);
    auto out = naming_conflicts(app.zone, [&] {
      return app.bookings.create_series(sr.series, spans, sr.skip_conflicts, req.caller->user_id, now);
    });
    announce(app, "created", out.created);
    return created(json::object{
        {"series_id", out.series_id},
        {"created", json_list(out.created, view)},
        {"conflicts", json_list(out.conflicts, [&](const BookingSpan& c) { return span_json(c.start, c.end, app.zone); })}});
  });

  r.add("GET", "/api/staff/booking-series/{id}", Access::staff, [&app, view](Request& req) {
    auto s = load_series(app, req);
    auto body = series_json(s, app.zone);
    body["bookings"] = json_list(app.bookings.series_bookings(s.id), view);
    return ok(body);
  });

  r.add("DELETE", "/api/staff/booking-series/{id}", Access::staff, [&app](Request& req) {
    auto s = load_series(app, req);
    auto cancelled = app.bookings.cancel_series_from(s.id, from_date(app, req), req.caller->user_id, app.clock.now());
    announce(app, "cancelled", cancelled);
    return ok(json::object{{"message", std::to_string(cancelled.size()) + " occurrences cancelled"},
                           {"series_id", s.id},
                           {"cancelled", cancelled.size()}});
  });

  r.add("GET", "/api/admin/booking-series", Access::admin, [&app](Request& req) {
    auto flagged = req.query_param("flagged");
    return ok(json_list(app.bookings.list_series(flagged && (*flagged == "true" || *flagged == "1")),
                        [&](const Series& s) { return series_json(s, app.zone); }));
  });

  // An admin who has spoken to the owner clears the no-show flag.
  r.add("PUT", "/api/admin/booking-series/{id}", Access::admin, [&app](Request& req) {
    Input in(req.body);
    return ok(series_json(app.bookings.set_series_flag(path_id(req), in.boolean("flagged"), app.clock.now()), app.zone));
  });
}

}  // namespace classroom
