// Editing a booking's times, before and while it is under way.
#include "domain/booking_change.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace classroom {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const Seconds kNow = date::sys_days{date::year{2027} / 3 / 10} + 9h;

TEST(ValidateChange, NamesTheFieldOfTheFirstBrokenRule) {
  const Interval later{kNow + 1h, kNow + 2h};     // not started yet
  const Interval running{kNow - 30min, kNow + 30min};
  struct Case {
    const char* name;
    Interval before, after;
    const char* field;  // nullptr: allowed
    const char* message;
  };
  const std::vector<Case> cases = {
      {"nothing about time changes", running, running, nullptr, ""},
      {"moved an hour later", later, {kNow + 2h, kNow + 3h}, nullptr, ""},
      {"moved into the past", later, {kNow - 2h, kNow - 1h}, "start_time", "in the past"},
      {"stretched too long", later, {kNow + 1h, kNow + 14h}, "end_time", "at most 12 h"},
      {"turned around", later, {kNow + 2h, kNow + 1h}, "end_time", "after start_time"},
      {"under way, ends later", running, {running.start, kNow + 2h}, nullptr, ""},
      {"under way, ends sooner", running, {running.start, kNow + 5min}, nullptr, ""},
      {"under way, start moved", running, {kNow - 10min, running.end}, "start_time", "has started"},
      {"under way, end in the past", running, {running.start, kNow - 1min}, "end_time", "in the past"},
      {"under way, end exactly now", running, {running.start, kNow}, "end_time", "in the past"},
      {"under way, too long", running, {running.start, running.start + 13h}, "end_time", "at most 12 h"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto error = validate_change(c.before, c.after, kNow);
    if (!c.field) {
      EXPECT_EQ(error, std::nullopt) << error->message;
      continue;
    }
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->field, c.field);
    EXPECT_THAT(error->message, HasSubstr(c.message));
  }
}

TEST(ValidateChange, AnUnderWayBookingIsJudgedByItsLengthOnly) {
  // Begun hours ago, it would be "in the past" as a new booking; as an edit of a
  // running one only its length counts.
  const Interval running{kNow - 4h, kNow + 1h};
  EXPECT_EQ(validate_change(running, {running.start, kNow + 2h}, kNow), std::nullopt);
}

}  // namespace
}  // namespace classroom
