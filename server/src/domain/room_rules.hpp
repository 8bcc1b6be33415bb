#pragma once
// Booking rules per room or building. Each field a room leaves unset is its
// building's, and one the building leaves unset the campus-wide option's (the
// longest booking, how far ahead) or no rule at all. Pure: "now" is an argument.
#include "domain/caller.hpp"
#include "domain/field_error.hpp"
#include "domain/time.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace classroom {

struct BookingLimits;

// One level's rules (a room's or a building's) as stored: nullopt is "inherit".
struct RuleSet {
  std::optional<int> max_booking_min;
  std::optional<std::string> earliest_start;  // "HH:MM" campus time: no booking starts before
  std::optional<std::string> latest_end;      // "HH:MM" campus time: none ends after (same day)
  std::optional<int> min_notice_min;          // how long before its start a booking is made at the latest
  std::optional<int> max_ahead_days;
  std::optional<int> buffer_min;              // free minutes between one booking's end and the next start
  std::optional<std::vector<std::string>> allowed_roles;  // "staff", "admin"
  // Directory groups whose members may book (as --role-map names groups: a name or a
  // DN); an empty list or none: no group is asked for. Admins are never refused.
  std::optional<std::vector<std::string>> allowed_groups;
  friend bool operator==(const RuleSet&, const RuleSet&) = default;
};

// The rules a booking in one room follows.
struct EffectiveRules {
  int max_booking_min = 12 * 60;
  std::optional<std::chrono::minutes> earliest_start, latest_end;  // since local midnight
  int min_notice_min = 0;
  int max_ahead_days = 365;
  int buffer_min = 0;
  std::vector<Role> allowed_roles{Role::staff, Role::admin};
  std::vector<std::string> allowed_groups;  // empty: anyone of those roles
};

// The room's value, else the building's, else the campus-wide option.
EffectiveRules resolve_rules(const RuleSet& room, const RuleSet& building, const BookingLimits& campus);

// The first rule the booking [start, end) by someone of `role` in the directory
// groups `groups` breaks in a room with `rules` and the other bookings `others` (same
// room, holding their slot), named by its field (max_booking_min, earliest_start, ...)
// with a sentence; nullopt when none.
std::optional<FieldError> check_rules(const EffectiveRules& rules, Seconds start, Seconds end, Seconds now, Role role,
                                      const date::time_zone* zone, std::span<const Interval> others = {},
                                      std::span<const std::string> groups = {});

// Rules as an edit gives them: the fields named in `given` take their value in
// `values` (nullopt clears one), the others stay.
struct RuleEdit {
  RuleSet values;
  std::vector<std::string> given;
};
RuleSet edited(RuleSet current, const RuleEdit& edit);

// The problem with one level's rules as typed, naming the field; nullopt when valid.
std::optional<FieldError> rule_set_problem(const RuleSet& r);

}  // namespace classroom
