#include "services/bookings.hpp"

#include "domain/errors.hpp"
#include "domain/time.hpp"
#include "domain/booking_change.hpp"
#include "domain/recurrence.hpp"
#include "present/bookings.hpp"

#include <spdlog/spdlog.h>

#include <map>
#include <set>

namespace classroom {

namespace json = boost::json;

namespace {

OccurrenceOutcome outcome_of(const Booking& b) {
  if (b.status == BookingStatus::released) return OccurrenceOutcome::released_no_show;
  if (b.checked_in_at) return OccurrenceOutcome::attended;
  if (b.status == BookingStatus::cancelled) return OccurrenceOutcome::cancelled;
  return OccurrenceOutcome::pending;  // ahead, under way, or in a room without a sensor
}

// What staff other than the owner may see of a booking: busy time.
json::object busy_json(const Booking& b, const date::time_zone* zone) {
  auto span = span_json(b.start, b.end, zone);
  span["id"] = b.id;
  span["classroom_id"] = b.classroom_id;
  span["status"] = status_name(b.status);
  return span;
}

}  // namespace

BookingService::BookingService(BookingStore& store, TermStore& terms, UserStore& users, PowerService& power,
                               CampusSync& sync, Hub& hub, const Clock& clock, const date::time_zone* zone,
                               BookingSettings settings)
    : store_(store), terms_(terms), users_(users), power_(power), sync_(sync), hub_(hub), clock_(clock), zone_(zone),
      settings_(std::move(settings)) {}

std::vector<date::year_month_day> BookingService::closed_days(date::year_month_day first, date::year_month_day last) {
  return classroom::closed_days(first, last, settings_.holidays, terms_.list());
}

std::optional<std::string> BookingService::outside_terms(date::year_month_day first, date::year_month_day last) {
  return outside_every_term(first, last, terms_.list());
}

void BookingService::check_open(std::int64_t start, std::int64_t end) {
  if (end <= start) return;  // the time rules name that
  auto terms = terms_.list();
  auto first = local_date(start, zone_), last = local_date(end - 1, zone_);
  for (date::sys_days d{first}; d <= date::sys_days{last}; d += date::days{1})
    if (auto why = closed_reason(date::year_month_day{d}, settings_.holidays, terms))
      throw BadRequest("start_time", "the campus is closed on " + format_date(date::year_month_day{d}) + ": " + *why);
}

void BookingService::announce(const char* action, const std::vector<Booking>& bookings) {
  if (bookings.empty()) return;
  sync_.changed(Change::bookings);
  const auto& first = bookings.front();
  Event e;
  e.full = {{"type", "booking"}, {"action", action}, {"booking", booking_json(first, zone_)}};
  e.limited = json::object{{"type", "booking"}, {"action", action}, {"booking", busy_json(first, zone_)}};
  e.owner = first.user_id;
  if (bookings.size() > 1) {
    json::array ids;
    for (const auto& b : bookings) ids.push_back(b.id);
    e.full["booking_ids"] = ids;
    (*e.limited)["booking_ids"] = std::move(ids);
  }
  hub_.publish(std::move(e));
  spdlog::info("event=booking_{} booking_id={} classroom_id={} start={} end={} count={}", action, first.id,
               first.classroom_id, first.start, first.end, bookings.size());
}

EffectiveRules BookingService::rules_for(std::int64_t classroom_id) {
  auto [room, building] = store_.rule_sets(classroom_id);
  return resolve_rules(room, building, settings_.limits);
}

BookingLimits BookingService::limits_for(const Caller& by, std::int64_t classroom_id) {
  auto limits = settings_.limits;
  if (by.role == Role::admin) return limits;
  // A room's or building's own longest booking and reach replace the options'; they are
  // its rules, refused by name in check_room_rules.
  auto [room, building] = store_.rule_sets(classroom_id);
  if (room.max_booking_min || building.max_booking_min) limits.max_duration = date::days{3650};
  if (room.max_ahead_days || building.max_ahead_days) limits.max_advance = date::days{36500};
  return limits;
}

void BookingService::check_room_rules(std::int64_t classroom_id, std::int64_t start, std::int64_t end, const Caller& by,
                                      std::int64_t except, const std::string& which) {
  if (by.role == Role::admin) return;
  auto rules = rules_for(classroom_id);
  std::vector<Interval> others;
  if (rules.buffer_min > 0) {
    std::int64_t gap = std::int64_t{rules.buffer_min} * 60;
    for (const auto& b : store_.taken_in(classroom_id, start - gap, end + gap))
      if (b.id != except) others.push_back({from_unix(b.start), from_unix(b.end)});
  }
  std::vector<std::string> groups;
  if (!rules.allowed_groups.empty())
    if (auto u = users_.find(by.user_id)) groups = u->directory_groups;
  if (auto bad = check_rules(rules, from_unix(start), from_unix(end), from_unix(clock_.now()), by.role, zone_, others,
                             groups))
    throw BadRequest(bad->field, which + bad->message);
}

Booking BookingService::create(const BookingDraft& d, const Caller& by) {
  auto now = clock_.now();
  if (auto bad = validate_booking(from_unix(d.start), from_unix(d.end), from_unix(now), limits_for(by, d.classroom_id)))
    throw BadRequest(bad->field, bad->message);
  check_room_rules(d.classroom_id, d.start, d.end, by);
  check_open(d.start, d.end);
  auto status = status_for_new(approver(by), store_.approval_gate(d.classroom_id));
  auto b = store_.create(d, by.user_id, now, status);
  announce(status == BookingStatus::pending ? "requested" : "created", {b});
  return b;
}

Booking BookingService::update(const Booking& b, const BookingDraft& next, const Caller& by, const std::string& detail) {
  auto now = clock_.now();
  if (auto bad = validate_change({from_unix(b.start), from_unix(b.end)}, {from_unix(next.start), from_unix(next.end)},
                                 from_unix(now), limits_for(by, next.classroom_id)))
    throw BadRequest(bad->field, bad->message);
  if (next.start != b.start || next.end != b.end || next.classroom_id != b.classroom_id)
    check_room_rules(next.classroom_id, next.start, next.end, by, b.id);
  if (next.start != b.start || next.end != b.end) check_open(next.start, next.end);
  bool moved = next.start != b.start || next.end != b.end || next.classroom_id != b.classroom_id;
  auto status = status_after_edit(b.status, moved, approver(by), store_.approval_gate(next.classroom_id));
  auto updated = store_.update(b.id, next, by.user_id, detail, now, status);
  // Moved, shortened or given to another room: an override it allowed ends with it.
  if (updated.classroom_id != b.classroom_id || updated.start != b.start || updated.end < b.end)
    power_.booking_ended(b.id);
  announce(status == BookingStatus::pending && b.status != BookingStatus::pending ? "requested" : "updated", {updated});
  return updated;
}

Booking BookingService::cancel(const Booking& b, const Caller& by) {
  auto cancelled = store_.cancel(b.id, by.user_id, clock_.now());
  if (b.status == BookingStatus::confirmed || b.status == BookingStatus::pending) {
    power_.booking_ended(b.id);
    announce("cancelled", {cancelled});
  }
  return cancelled;
}

SeriesOutcome BookingService::create_series(const Series& s, const std::vector<BookingSpan>& occurrences,
                                            bool skip_conflicts, const Caller& by) {
  for (const auto& o : occurrences)
    check_room_rules(s.classroom_id, o.start, o.end, by, 0, "the session on " + format_date(local_date(o.start, zone_)) + ": ");
  auto status = status_for_new(approver(by), store_.approval_gate(s.classroom_id));
  auto out = store_.create_series(s, occurrences, skip_conflicts, by.user_id, clock_.now(), status);
  announce(status == BookingStatus::pending ? "requested" : "created", out.created);
  return out;
}

Approver BookingService::approver(const Caller& by) {
  Approver who{by.user_id, by.role, {}};
  if (auto u = users_.find(by.user_id)) who.scopes = u->approver_scopes;
  return who;
}

std::vector<Booking> BookingService::approvals_for(const Caller& by) {
  auto who = approver(by);
  std::map<std::int64_t, ApprovalGate> gates;
  std::vector<Booking> out;
  for (auto& b : store_.pending()) {
    auto it = gates.find(b.classroom_id);
    if (it == gates.end()) it = gates.emplace(b.classroom_id, store_.approval_gate(b.classroom_id)).first;
    if (!decision_refused(who, b.user_id, it->second)) out.push_back(std::move(b));
  }
  return out;
}

Booking BookingService::decide(const Booking& b, ApprovalStep step, const Caller& by, const std::string& reason) {
  if (auto why = decision_refused(approver(by), b.user_id, store_.approval_gate(b.classroom_id))) throw Forbidden(*why);
  auto to = after(b.status, step);
  if (!to)
    throw Conflict("Booking not pending",
                   "The booking is " + std::string(status_name(b.status)) + " and awaits no decision");
  auto decided = store_.decide(b.id, *to, by.user_id, reason, clock_.now());
  announce(step == ApprovalStep::approve ? "approved" : "declined", {decided});
  return decided;
}

std::vector<Booking> BookingService::cancel_series_from(std::int64_t series_id, std::int64_t from, const Caller& by) {
  auto cancelled = store_.cancel_series_from(series_id, from, by.user_id, clock_.now());
  for (const auto& b : cancelled) power_.booking_ended(b.id);
  announce("cancelled", cancelled);
  return cancelled;
}

std::vector<Booking> BookingService::edit_series_from(const Series& s, std::int64_t from, SeriesEdit fields,
                                                      std::chrono::minutes start, std::chrono::minutes end,
                                                      const Caller& by) {
  auto now = clock_.now();
  std::vector<Booking> before;
  for (auto& b : store_.series_bookings(s.id))
    if (b.status == BookingStatus::confirmed && b.start >= from && b.start > now) before.push_back(std::move(b));
  if (before.empty()) throw BadRequest("from", "The series has no sessions ahead from that date on");
  for (const auto& b : before) {
    auto day = local_date(b.start, zone_);
    auto time = occurrence_on(day, start, end, zone_);
    if (!time) throw BadRequest("start_time", "on " + format_date(day) + " the clocks change and leave this session no time");
    if (auto bad = validate_change({from_unix(b.start), from_unix(b.end)}, *time, from_unix(now), settings_.limits))
      throw BadRequest(bad->field, "the session on " + format_date(day) + ": " + bad->message);
    fields.sessions.push_back({b.id, b.classroom_id, b.user_id, to_unix(time->start), to_unix(time->end)});
  }
  auto updated = store_.edit_series(s.id, fields, by.user_id, now);
  // Moved or shortened: an override a session allowed ends with it.
  for (std::size_t i = 0; i < updated.size() && i < before.size(); ++i)
    if (updated[i].start != before[i].start || updated[i].end < before[i].end) power_.booking_ended(before[i].id);
  announce("updated", updated);
  return updated;
}

Series BookingService::set_series_flag(std::int64_t series_id, bool flagged) {
  return store_.set_series_flag(series_id, flagged, clock_.now());
}

std::size_t BookingService::lifecycle_step() {
  auto now = clock_.now();
  NoShowPolicy policy;
  auto out = store_.lifecycle_step(now, policy.check_in_lead.count());
  announce("updated", out.checked_in);
  for (const auto& b : out.released) power_.booking_ended(b.id);
  announce("released", out.released);
  announce("lapsed", out.lapsed);

  std::set<std::int64_t> series;
  for (const auto& b : out.released)
    if (b.series_id) series.insert(*b.series_id);
  for (auto id : series) {
    std::vector<OccurrenceOutcome> outcomes;
    for (const auto& b : store_.series_bookings(id)) outcomes.push_back(outcome_of(b));
    if (!series_flagged(outcomes, policy.flag_after)) continue;
    auto flagged = store_.set_series_flag(id, true, now);
    spdlog::info("event=booking_series_flagged series_id={} no_shows={}", id, trailing_no_shows(outcomes));
    hub_.publish({{"type", "booking_series"}, {"action", "flagged"}, {"series", series_json(flagged, zone_)}},
                 Audience::admins);
  }
  return out.checked_in.size() + out.released.size() + out.lapsed.size() + static_cast<std::size_t>(out.completed);
}

}  // namespace classroom
