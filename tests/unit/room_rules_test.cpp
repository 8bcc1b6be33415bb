// Booking rules per room or building: which value applies, and which rule a booking breaks.
#include "domain/booking_rules.hpp"
#include "domain/room_rules.hpp"

#include <gtest/gtest.h>

namespace classroom {
namespace {

using namespace std::chrono_literals;

const date::time_zone* berlin() { return find_zone("Europe/Berlin"); }
// Wednesday 2027-03-10, 09:00 in Berlin (08:00Z).
const Seconds kNow = date::sys_days{date::year{2027} / 3 / 10} + 8h;

std::optional<std::string> field(const std::optional<FieldError>& e) {
  return e ? std::optional(e->field) : std::nullopt;
}

TEST(ResolveRules, TheRoomsValueWinsOverItsBuildingsAndTheBuildingsOverTheOptions) {
  BookingLimits campus;
  campus.max_duration = 8h;
  campus.max_advance = date::days{90};
  auto none = resolve_rules({}, {}, campus);
  EXPECT_EQ(none.max_booking_min, 480) << "the options are the defaults";
  EXPECT_EQ(none.max_ahead_days, 90);
  EXPECT_EQ(none.min_notice_min, 0);
  EXPECT_EQ(none.buffer_min, 0);
  EXPECT_FALSE(none.earliest_start);
  EXPECT_EQ(none.allowed_roles, (std::vector<Role>{Role::staff, Role::admin}));

  RuleSet building;
  building.max_booking_min = 120;
  building.buffer_min = 15;
  building.earliest_start = "08:00";
  building.allowed_roles = std::vector<std::string>{"admin"};
  RuleSet room;
  room.max_booking_min = 60;
  room.earliest_start = "10:30";
  auto r = resolve_rules(room, building, campus);
  EXPECT_EQ(r.max_booking_min, 60) << "the room's";
  EXPECT_EQ(r.buffer_min, 15) << "the building's, the room setting none";
  EXPECT_EQ(r.earliest_start, std::chrono::minutes{10 * 60 + 30});
  EXPECT_EQ(r.allowed_roles, std::vector<Role>{Role::admin});
  EXPECT_EQ(r.max_ahead_days, 90) << "the options', neither setting it";
}

TEST(CheckRules, NamesEachRuleABookingBreaks) {
  auto zone = berlin();
  EffectiveRules r;
  auto check = [&](Seconds start, Seconds end, Role role = Role::staff, std::vector<Interval> others = {}) {
    return field(check_rules(r, start, end, kNow, role, zone, others));
  };
  const auto tomorrow10 = kNow + 25h;  // 10:00 Berlin on Thursday
  EXPECT_EQ(check(tomorrow10, tomorrow10 + 1h), std::nullopt);
  EXPECT_EQ(check(kNow - 1min, kNow + 1h), std::nullopt) << "without notice asked, walking in is fine";

  r.max_booking_min = 90;
  EXPECT_EQ(check(tomorrow10, tomorrow10 + 2h), "max_booking_min");
  EXPECT_EQ(check(tomorrow10, tomorrow10 + 90min), std::nullopt);

  r.min_notice_min = 120;
  EXPECT_EQ(check(kNow + 1h, kNow + 2h), "min_notice_min");
  EXPECT_EQ(check(kNow + 2h, kNow + 3h), std::nullopt);

  r.max_ahead_days = 7;
  EXPECT_EQ(check(kNow + date::days{8}, kNow + date::days{8} + 1h), "max_ahead_days");

  r.earliest_start = std::chrono::minutes{9 * 60};
  EXPECT_EQ(check(tomorrow10 - 2h, tomorrow10 - 1h), "earliest_start") << "08:00 is before 09:00";
  r.latest_end = std::chrono::minutes{18 * 60};
  EXPECT_EQ(check(tomorrow10 + 7h, tomorrow10 + 8h + 30min), "latest_end") << "ends 18:30";
  EXPECT_EQ(check(tomorrow10 + 7h, tomorrow10 + 8h), std::nullopt) << "ends 18:00 sharp";

  r.buffer_min = 15;
  std::vector<Interval> before{{tomorrow10 - 1h, tomorrow10 - 10min}};
  EXPECT_EQ(check(tomorrow10, tomorrow10 + 1h, Role::staff, before), "buffer_min") << "starts 10 min after another's end";
  std::vector<Interval> after{{tomorrow10 + 1h + 5min, tomorrow10 + 2h}};
  EXPECT_EQ(check(tomorrow10, tomorrow10 + 1h, Role::staff, after), "buffer_min") << "the next would start 5 min after";
  std::vector<Interval> clear{{tomorrow10 - 1h, tomorrow10 - 15min}};
  EXPECT_EQ(check(tomorrow10, tomorrow10 + 1h, Role::staff, clear), std::nullopt);

  r.allowed_roles = {Role::admin};
  auto e = check_rules(r, tomorrow10, tomorrow10 + 1h, kNow, Role::staff, zone);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field, "allowed_roles");
  EXPECT_FALSE(e->message.empty());
}

TEST(CheckRules, ARoomForDirectoryGroupsTakesTheirMembersAndAdminsOnly) {
  RuleSet building;
  building.allowed_groups = std::vector<std::string>{"physics", "cn=lab-staff,ou=groups,dc=uni"};
  auto r = resolve_rules({}, building, BookingLimits{});
  ASSERT_EQ(r.allowed_groups.size(), 2u) << "the building's groups apply to its rooms";
  const auto start = kNow + 26h, end = start + 1h;
  std::vector<std::string> member{"teaching", "cn=Physics,ou=groups,dc=uni"}, lab{"CN=lab-staff,OU=groups,DC=uni"},
      other{"chemistry"};
  EXPECT_EQ(field(check_rules(r, start, end, kNow, Role::staff, berlin(), {}, member)), std::nullopt)
      << "a DN's first value, in any case, names the group";
  EXPECT_EQ(field(check_rules(r, start, end, kNow, Role::staff, berlin(), {}, lab)), std::nullopt);
  auto e = check_rules(r, start, end, kNow, Role::staff, berlin(), {}, other);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field, "allowed_groups");
  EXPECT_NE(e->message.find("physics, cn=lab-staff,ou=groups,dc=uni"), std::string::npos) << e->message;
  EXPECT_EQ(field(check_rules(r, start, end, kNow, Role::staff, berlin())), "allowed_groups") << "no groups at all";
  EXPECT_EQ(field(check_rules(r, start, end, kNow, Role::admin, berlin())), std::nullopt);
  RuleSet room;
  room.allowed_groups = std::vector<std::string>{};
  EXPECT_TRUE(resolve_rules(room, building, BookingLimits{}).allowed_groups.empty()) << "a room's empty list lifts it";
}

TEST(RuleSetProblem, GroupNamesAreOneLineEachAndAtMostFifty) {
  RuleSet r;
  r.allowed_groups = std::vector<std::string>{"a\nb"};
  EXPECT_EQ(field(rule_set_problem(r)), "allowed_groups");
  r.allowed_groups = std::vector<std::string>{""};
  EXPECT_EQ(field(rule_set_problem(r)), "allowed_groups");
  r.allowed_groups = std::vector<std::string>(51, "g");
  EXPECT_EQ(field(rule_set_problem(r)), "allowed_groups");
  r.allowed_groups = std::vector<std::string>(50, "g");
  EXPECT_EQ(field(rule_set_problem(r)), std::nullopt);
}

TEST(CheckRules, ABookingPastMidnightBreaksTheLatestEnd) {
  EffectiveRules r;
  r.latest_end = std::chrono::minutes{23 * 60};
  const auto evening = kNow + 12h;  // 21:00 Berlin
  EXPECT_EQ(field(check_rules(r, evening, evening + 4h, kNow, Role::staff, berlin())), "latest_end");
}

TEST(RuleEdits, NamedFieldsChangeNullClearsTheRestStay) {
  RuleSet current;
  current.max_booking_min = 60;
  current.buffer_min = 10;
  RuleEdit e;
  e.values.buffer_min = std::nullopt;
  e.values.latest_end = "17:00";
  e.given = {"buffer_min", "latest_end"};
  auto next = edited(current, e);
  EXPECT_EQ(next.max_booking_min, 60);
  EXPECT_FALSE(next.buffer_min);
  EXPECT_EQ(next.latest_end, "17:00");

  RuleSet bad;
  bad.earliest_start = "25:00";
  EXPECT_EQ(field(rule_set_problem(bad)), "earliest_start");
  RuleSet backwards;
  backwards.earliest_start = "18:00";
  backwards.latest_end = "09:00";
  EXPECT_EQ(field(rule_set_problem(backwards)), "latest_end");
  RuleSet roles;
  roles.allowed_roles = std::vector<std::string>{"staff", "guest"};
  EXPECT_EQ(field(rule_set_problem(roles)), "allowed_roles");
}

}  // namespace
}  // namespace classroom
