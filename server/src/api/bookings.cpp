// Bookings one at a time: staff book, edit and cancel their own; admins see, edit
// and cancel all. The rules are checked first; the database has the last word on
// overlaps (409 naming the booking in the way).
#include "api/booking_json.hpp"
#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"
#include "app/app.hpp"
#include "domain/booking_change.hpp"
#include "domain/time.hpp"

#include <limits>

namespace classroom {

namespace json = boost::json;

namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

// The booking in the path; someone else's is a 403 unless `anyone's` (admin routes).
Booking load(App& app, const Request& req, bool anyones) {
  auto b = app.bookings.find(path_id(req));
  if (!b) throw NotFound("No booking with id " + req.param("id"));
  if (!anyones && b->user_id != req.caller->user_id && req.caller->role != Role::admin)
    throw Forbidden("This booking belongs to someone else");
  return *b;
}

BookingDraft read_new(App& app, const Request& req) {
  Input in(req.body);
  BookingDraft d;
  d.classroom_id = in.integer("classroom_id", 1, kMaxId);
  d.user_id = req.caller->user_id;
  d.title = in.str("title", 200);
  d.description = in.opt_str("description", 2000).value_or("");
  d.start = read_time(in, "start_time", app.zone);
  d.end = read_time(in, "end_time", app.zone);
  return d;
}

// The booking as the body would have it: named fields replace its values.
BookingDraft read_edit(App& app, const Request& req, const Booking& b) {
  Input in(req.body);
  BookingDraft d{b.classroom_id, b.user_id.value_or(0), b.title, b.description, b.start, b.end};
  if (in.has("classroom_id")) d.classroom_id = in.integer("classroom_id", 1, kMaxId);
  if (in.has("title")) d.title = in.str("title", 200);
  if (in.has("description")) d.description = *in.opt_str("description", 2000);
  if (in.has("start_time")) d.start = read_time(in, "start_time", app.zone);
  if (in.has("end_time")) d.end = read_time(in, "end_time", app.zone);
  return d;
}

// What an edit changed, for the booking's history.
std::string describe(const Booking& b, const BookingDraft& d, const date::time_zone* zone) {
  std::string out;
  auto note = [&](const std::string& what) { out += (out.empty() ? "" : "; ") + what; };
  auto at = [&](std::int64_t t) { return format_iso(from_unix(t), zone); };
  if (d.classroom_id != b.classroom_id)
    note("classroom_id " + std::to_string(b.classroom_id) + " -> " + std::to_string(d.classroom_id));
  if (d.start != b.start) note("start_time " + at(b.start) + " -> " + at(d.start));
  if (d.end != b.end) note("end_time " + at(b.end) + " -> " + at(d.end));
  if (d.title != b.title) note("title");
  if (d.description != b.description) note("description");
  return out;
}

Response edit(App& app, const Request& req, const Booking& b) {
  auto next = read_edit(app, req, b);
  auto now = app.clock.now();
  if (auto bad = validate_change({from_unix(b.start), from_unix(b.end)}, {from_unix(next.start), from_unix(next.end)},
                                 from_unix(now), booking_limits(app.cfg)))
    throw BadRequest(bad->field, bad->message);
  auto detail = describe(b, next, app.zone);
  auto updated = naming_conflicts(app.zone, [&] { return app.bookings.update(b.id, next, req.caller->user_id, detail, now); });
  announce(app, "updated", updated);
  return ok(booking_json(updated, app.zone));
}

Response cancel(App& app, const Request& req, const Booking& b) {
  auto cancelled = app.bookings.cancel(b.id, req.caller->user_id, app.clock.now());
  if (b.status == "confirmed") announce(app, "cancelled", cancelled);
  return ok(json::object{{"message", "Booking cancelled"}, {"booking", booking_json(cancelled, app.zone)}});
}

json::object with_history(App& app, const Booking& b) {
  auto body = booking_json(b, app.zone);
  body["history"] = json_list(app.bookings.history(b.id), [&](const BookingEvent& e) { return event_json(e, app.zone); });
  return body;
}

BookingQuery admin_query(App& app, const Request& req) {
  auto id = [&](const char* name) -> std::optional<std::int64_t> {
    auto v = req.query_param(name);
    if (!v || v->empty()) return std::nullopt;
    return query_int(v, name, 0, 1, kMaxId);
  };
  BookingQuery q;
  q.classroom_id = id("classroom_id");
  q.user_id = id("user_id");
  q.series_id = id("series_id");
  if (auto s = req.query_param("status"); s && !s->empty()) q.status = *s;
  q.from = query_time(req, "from", app.zone);
  q.to = query_time(req, "to", app.zone, true);
  auto flagged = req.query_param("flagged");
  q.flagged_only = flagged && (*flagged == "true" || *flagged == "1");
  q.page = static_cast<int>(query_int(req.query_param("page"), "page", 1, 1, 100000));
  q.per_page = static_cast<int>(query_int(req.query_param("per_page"), "per_page", 50, 1, 500));
  return q;
}

}  // namespace

void add_booking_routes(Router& r, App& app) {
  auto view = [&app](const Booking& b) { return booking_json(b, app.zone); };

  r.add("GET", "/api/staff/bookings", Access::staff, [&app, view](Request& req) {
    return ok(json_list(app.bookings.of_user(req.caller->user_id), view));
  });

  r.add("POST", "/api/staff/bookings", Access::staff, [&app, view](Request& req) {
    auto draft = read_new(app, req);
    auto now = app.clock.now();
    check_new_booking(app, draft.start, draft.end, now);
    auto b = naming_conflicts(app.zone, [&] { return app.bookings.create(draft, req.caller->user_id, now); });
    announce(app, "created", b);
    return created(view(b));
  });

  r.add("GET", "/api/staff/bookings/{id}", Access::staff,
        [&app](Request& req) { return ok(with_history(app, load(app, req, false))); });
  r.add("PUT", "/api/staff/bookings/{id}", Access::staff,
        [&app](Request& req) { return edit(app, req, load(app, req, false)); });
  r.add("DELETE", "/api/staff/bookings/{id}", Access::staff,
        [&app](Request& req) { return cancel(app, req, load(app, req, false)); });

  r.add("GET", "/api/admin/bookings", Access::admin, [&app, view](Request& req) {
    auto q = admin_query(app, req);
    auto page = app.bookings.page(q);
    return ok(json::object{{"items", json_list(page.items, view)}, {"total", page.total}, {"page", q.page},
                           {"per_page", q.per_page}});
  });
  r.add("GET", "/api/admin/bookings/{id}", Access::admin,
        [&app](Request& req) { return ok(with_history(app, load(app, req, true))); });
  r.add("PUT", "/api/admin/bookings/{id}", Access::admin,
        [&app](Request& req) { return edit(app, req, load(app, req, true)); });
  r.add("DELETE", "/api/admin/bookings/{id}", Access::admin,
        [&app](Request& req) { return cancel(app, req, load(app, req, true)); });
}

}  // namespace classroom
