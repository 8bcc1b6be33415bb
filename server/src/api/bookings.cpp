// Bookings one at a time: staff book, edit and cancel their own; admins see, edit
// and cancel all. The rules are checked first; the database has the last word on
// overlaps (409 naming the booking in the way).
#include "api/booking_input.hpp"
#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/resources.hpp"
#include "services/bookings.hpp"
#include "domain/time.hpp"

#include <limits>

namespace classroom {

namespace json = boost::json;

namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

// The booking in the path; someone else's is a 403 unless `anyone's` (admin routes).
Booking load(BookingService& bookings, const Request& req, bool anyones) {
  auto b = bookings.store().find(path_id(req));
  if (!b) throw NotFound("No booking with id " + req.param("id"));
  if (!anyones && b->user_id != req.caller->user_id && req.caller->role != Role::admin)
    throw Forbidden("This booking belongs to someone else");
  return *b;
}

BookingDraft read_new(const Request& req, const date::time_zone* zone) {
  Input in(req.body);
  BookingDraft d;
  d.classroom_id = in.integer("classroom_id", 1, kMaxId);
  d.user_id = req.caller->user_id;
  if (auto for_user = in.opt_int("user_id", 1, kMaxId); for_user && *for_user != d.user_id) {
    if (req.caller->role != Role::admin) throw Forbidden("Only admins book on behalf of someone else");
    d.user_id = *for_user;  // the booking is theirs; its history names the admin who made it
  }
  d.title = in.str("title", 200);
  d.description = in.opt_str("description", 2000).value_or("");
  d.start = read_time(in, "start_time", zone);
  d.end = read_time(in, "end_time", zone);
  return d;
}

// The booking as the body would have it: named fields replace its values.
BookingDraft read_edit(const Request& req, const Booking& b, const date::time_zone* zone) {
  Input in(req.body);
  BookingDraft d{b.classroom_id, b.user_id.value_or(0), b.title, b.description, b.start, b.end};
  if (in.has("classroom_id")) d.classroom_id = in.integer("classroom_id", 1, kMaxId);
  if (in.has("title")) d.title = in.str("title", 200);
  if (in.has("description")) d.description = *in.opt_str("description", 2000);
  if (in.has("start_time")) d.start = read_time(in, "start_time", zone);
  if (in.has("end_time")) d.end = read_time(in, "end_time", zone);
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

Response edit(BookingService& bookings, const Request& req, const Booking& b) {
  auto zone = bookings.zone();
  auto next = read_edit(req, b, zone);
  auto detail = describe(b, next, zone);
  auto updated = naming_conflicts(zone, [&] { return bookings.update(b, next, *req.caller, detail); });
  return ok(booking_json(updated, zone));
}

Response cancel(BookingService& bookings, const Request& req, const Booking& b) {
  auto cancelled = bookings.cancel(b, *req.caller);
  return ok(json::object{{"message", "Booking cancelled"}, {"booking", booking_json(cancelled, bookings.zone())}});
}

json::object with_history(BookingService& bookings, const Booking& b) {
  auto zone = bookings.zone();
  auto body = booking_json(b, zone);
  body["history"] = json_list(bookings.store().history(b.id), [&](const BookingEvent& e) { return event_json(e, zone); });
  return body;
}

BookingQuery admin_query(const Request& req, const date::time_zone* zone) {
  auto id = [&](const char* name) -> std::optional<std::int64_t> {
    auto v = req.query_param(name);
    if (!v || v->empty()) return std::nullopt;
    return query_int(v, name, 0, 1, kMaxId);
  };
  BookingQuery q;
  q.classroom_id = id("classroom_id");
  q.user_id = id("user_id");
  q.series_id = id("series_id");
  if (auto s = req.query_param("status"); s && !s->empty()) {
    q.status = parse_booking_status(*s);
    if (!q.status)
      throw BadRequest("status", "status must be confirmed, cancelled, released, completed, pending, declined or lapsed");
  }
  q.from = query_time(req, "from", zone);
  q.to = query_time(req, "to", zone, true);
  auto flagged = req.query_param("flagged");
  q.flagged_only = flagged && (*flagged == "true" || *flagged == "1");
  auto p = page_params(req);
  q.page = p.page;
  q.per_page = p.per_page;
  return q;
}

// The staff and admin routes of one booking: the same handlers, staff limited to their own.
void add_one_booking_routes(Router& r, BookingService& bookings, const char* path, Access access) {
  bool anyones = access == Access::admin;
  r.add("GET", path, access, [&bookings, anyones](Request& req) { return ok(with_history(bookings, load(bookings, req, anyones))); });
  r.add("PUT", path, access, [&bookings, anyones](Request& req) { return edit(bookings, req, load(bookings, req, anyones)); });
  r.add("DELETE", path, access, [&bookings, anyones](Request& req) { return cancel(bookings, req, load(bookings, req, anyones)); });
}

}  // namespace

void add_booking_routes(Router& r, BookingService& bookings) {
  auto zone = bookings.zone();
  auto view = [zone](const Booking& b) { return booking_json(b, zone); };

  r.add("GET", "/api/staff/bookings", Access::staff, [&bookings, view](Request& req) {
    return ok(json_list(bookings.store().of_user(req.caller->user_id), view));
  });

  r.add("POST", "/api/staff/bookings", Access::staff, [&bookings, view, zone](Request& req) {
    auto draft = read_new(req, zone);
    return created(view(naming_conflicts(zone, [&] { return bookings.create(draft, *req.caller); })));
  });

  r.add("GET", "/api/admin/bookings", Access::admin, [&bookings, view, zone](Request& req) {
    auto q = admin_query(req, zone);
    auto page = bookings.store().page(q);
    return ok(json::object{{"items", json_list(page.items, view)}, {"total", page.total}, {"page", q.page},
                           {"per_page", q.per_page}});
  });

  // The rules a booking in the room follows, for the booking form.
  r.add("GET", "/api/staff/classrooms/{id}/booking-rules", Access::staff, [&bookings](Request& req) {
    auto id = path_id(req);
    if (bookings.store().approval_gate(id).room_name.empty()) throw NotFound("No classroom with id " + req.param("id"));
    return ok(effective_rules_json(bookings.rules_for(id)));
  });

  // Approvals: the requests the caller may decide, and the decisions.
  r.add("GET", "/api/staff/approvals", Access::staff, [&bookings, view](Request& req) {
    return ok(json_list(bookings.approvals_for(*req.caller), view));
  });
  r.add("POST", "/api/staff/bookings/{id}/approve", Access::staff, [&bookings, view](Request& req) {
    auto b = load(bookings, req, true);
    return ok(view(bookings.decide(b, ApprovalStep::approve, *req.caller, "")));
  });
  r.add("POST", "/api/staff/bookings/{id}/decline", Access::staff, [&bookings, view](Request& req) {
    auto b = load(bookings, req, true);
    auto reason = Input(req.body).str("reason", 500);
    return ok(view(bookings.decide(b, ApprovalStep::decline, *req.caller, reason)));
  });

  add_one_booking_routes(r, bookings, "/api/staff/bookings/{id}", Access::staff);
  add_one_booking_routes(r, bookings, "/api/admin/bookings/{id}", Access::admin);
}

}  // namespace classroom
