#include "domain/room_rules.hpp"

#include "domain/booking_rules.hpp"
#include "domain/role_map.hpp"

#include <date/tz.h>

#include <algorithm>

namespace classroom {

namespace {

template <class T>
T pick(const std::optional<T>& room, const std::optional<T>& building, T campus) {
  return room ? *room : building ? *building : campus;
}

std::optional<std::chrono::minutes> time_of_day(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto t = parse_time_of_day(*text);
  return t.ok() ? std::optional(t.value) : std::nullopt;
}

// Minutes since local midnight, and the local day, of an instant.
std::chrono::minutes minutes_into_day(Seconds t, const date::time_zone* zone) {
  auto local = zone->to_local(t);
  return std::chrono::duration_cast<std::chrono::minutes>(local - date::floor<date::days>(local));
}

date::local_days local_day_of(Seconds t, const date::time_zone* zone) {
  return date::floor<date::days>(zone->to_local(t));
}

std::string clock(std::chrono::minutes m) {
  auto h = m.count() / 60, min = m.count() % 60;
  return (h < 10 ? "0" : "") + std::to_string(h) + ":" + (min < 10 ? "0" : "") + std::to_string(min);
}

}  // namespace

EffectiveRules resolve_rules(const RuleSet& room, const RuleSet& building, const BookingLimits& campus) {
  EffectiveRules r;
  r.max_booking_min = pick(room.max_booking_min, building.max_booking_min,
                           static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(campus.max_duration).count()));
  r.max_ahead_days = pick(room.max_ahead_days, building.max_ahead_days,
                          static_cast<int>(campus.max_advance.count() / 86400));
  r.min_notice_min = pick(room.min_notice_min, building.min_notice_min, 0);
  r.buffer_min = pick(room.buffer_min, building.buffer_min, 0);
  r.earliest_start = time_of_day(room.earliest_start ? room.earliest_start : building.earliest_start);
  r.latest_end = time_of_day(room.latest_end ? room.latest_end : building.latest_end);
  if (auto roles = room.allowed_roles ? room.allowed_roles : building.allowed_roles) {
    r.allowed_roles.clear();
    for (const auto& name : *roles)
      if (auto role = parse_role(name)) r.allowed_roles.push_back(*role);
  }
  if (auto groups = room.allowed_groups ? room.allowed_groups : building.allowed_groups) r.allowed_groups = *groups;
  return r;
}

std::optional<FieldError> check_rules(const EffectiveRules& rules, Seconds start, Seconds end, Seconds now, Role role,
                                      const date::time_zone* zone, std::span<const Interval> others,
                                      std::span<const std::string> groups) {
  using std::chrono::minutes;
  if (std::find(rules.allowed_roles.begin(), rules.allowed_roles.end(), role) == rules.allowed_roles.end())
    return FieldError{"allowed_roles", std::string("this room takes no bookings from ") + role_name(role) + " accounts"};
  auto member = [&](const std::string& wanted) {
    return std::any_of(groups.begin(), groups.end(), [&](const auto& g) { return group_matches(wanted, g); });
  };
  if (role != Role::admin && !rules.allowed_groups.empty() &&
      std::none_of(rules.allowed_groups.begin(), rules.allowed_groups.end(), member)) {
    std::string names;
    for (const auto& g : rules.allowed_groups) names += (names.empty() ? "" : ", ") + g;
    return FieldError{"allowed_groups", "this room takes bookings only from members of the directory groups " + names};
  }
  if (end - start > minutes{rules.max_booking_min})
    return FieldError{"max_booking_min",
                      "a booking in this room may last at most " + std::to_string(rules.max_booking_min) + " min"};
  // No notice asked: a booking made while walking in (a moment "ago") is fine.
  if (rules.min_notice_min > 0 && start < now + minutes{rules.min_notice_min})
    return FieldError{"min_notice_min",
                      "this room is booked at least " + std::to_string(rules.min_notice_min) + " min ahead"};
  if (start > now + date::days{rules.max_ahead_days})
    return FieldError{"max_ahead_days",
                      "this room is booked at most " + std::to_string(rules.max_ahead_days) + " days ahead"};
  if (rules.earliest_start && minutes_into_day(start, zone) < *rules.earliest_start)
    return FieldError{"earliest_start", "no booking in this room starts before " + clock(*rules.earliest_start)};
  if (rules.latest_end && (local_day_of(end - std::chrono::seconds{1}, zone) != local_day_of(start, zone) ||
                           minutes_into_day(end, zone) > *rules.latest_end ||
                           (minutes_into_day(end, zone) == minutes{0} && end > start)))
    return FieldError{"latest_end", "every booking in this room ends by " + clock(*rules.latest_end) + " the same day"};
  if (rules.buffer_min > 0) {
    auto gap = minutes{rules.buffer_min};
    for (const auto& o : others)
      if ((start >= o.end && start < o.end + gap) || (o.start >= end && o.start < end + gap))
        return FieldError{"buffer_min", "this room keeps " + std::to_string(rules.buffer_min) +
                                            " min free between one booking's end and the next start"};
  }
  return std::nullopt;
}

RuleSet edited(RuleSet current, const RuleEdit& e) {
  auto take = [&](const char* field, auto& target, const auto& value) {
    if (std::find(e.given.begin(), e.given.end(), field) != e.given.end()) target = value;
  };
  const auto& v = e.values;
  take("max_booking_min", current.max_booking_min, v.max_booking_min);
  take("earliest_start", current.earliest_start, v.earliest_start);
  take("latest_end", current.latest_end, v.latest_end);
  take("min_notice_min", current.min_notice_min, v.min_notice_min);
  take("max_ahead_days", current.max_ahead_days, v.max_ahead_days);
  take("buffer_min", current.buffer_min, v.buffer_min);
  take("allowed_roles", current.allowed_roles, v.allowed_roles);
  take("allowed_groups", current.allowed_groups, v.allowed_groups);
  return current;
}

std::optional<FieldError> rule_set_problem(const RuleSet& r) {
  auto bad_time = [](const std::optional<std::string>& t) { return t && !parse_time_of_day(*t).ok(); };
  if (bad_time(r.earliest_start)) return FieldError{"earliest_start", "earliest_start must be a time of day, HH:MM"};
  if (bad_time(r.latest_end)) return FieldError{"latest_end", "latest_end must be a time of day, HH:MM"};
  if (r.earliest_start && r.latest_end &&
      parse_time_of_day(*r.earliest_start).value >= parse_time_of_day(*r.latest_end).value)
    return FieldError{"latest_end", "latest_end must be after earliest_start"};
  if (r.allowed_roles)
    for (const auto& name : *r.allowed_roles)
      if (!parse_role(name)) return FieldError{"allowed_roles", "allowed_roles lists \"staff\" and \"admin\" only"};
  if (r.allowed_groups) {
    if (r.allowed_groups->size() > 50) return FieldError{"allowed_groups", "allowed_groups lists at most 50 groups"};
    for (const auto& g : *r.allowed_groups)
      if (g.empty() || g.size() > 256 || g.find_first_of("\r\n") != std::string::npos)
        return FieldError{"allowed_groups", "each of allowed_groups is a group name of 1 to 256 characters on one line"};
  }
  return std::nullopt;
}

}  // namespace classroom
