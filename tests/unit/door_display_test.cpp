#include "domain/door_display.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {

constexpr std::int64_t kNow = 10'000;
constexpr std::int64_t kDayEnd = 20'000;

DoorBooking at(std::int64_t start, std::int64_t end, const char* title) { return {start, end, title}; }

struct Case {
  const char* name;
  Occupancy occupancy;
  std::vector<DoorBooking> bookings;
  DoorState state;
  std::optional<std::int64_t> until;
  std::optional<std::string> current;
  std::vector<std::string> next;
};

}  // namespace

TEST(DoorDisplay, StateUntilAndNextFollowTheBookingsAndTheSensor) {
  const std::vector<Case> cases = {
      {"nothing booked, nobody there", Occupancy::empty, {}, DoorState::free, std::nullopt, std::nullopt, {}},
      {"nothing booked, people inside", Occupancy::occupied, {}, DoorState::in_use, std::nullopt, std::nullopt, {}},
      {"sensor unknown is not in use", Occupancy::unknown, {}, DoorState::free, std::nullopt, std::nullopt, {}},
      {"free until the next booking", Occupancy::empty, {at(12'000, 13'000, "Maths")}, DoorState::free, 12'000,
       std::nullopt, {"Maths"}},
      {"in use until the next booking", Occupancy::occupied, {at(12'000, 13'000, "Maths")}, DoorState::in_use, 12'000,
       std::nullopt, {"Maths"}},
      {"booked now, even if empty", Occupancy::empty, {at(9'000, 11'000, "Chem")}, DoorState::booked, 11'000,
       std::string("Chem"), {}},
      {"booked wins over in use", Occupancy::occupied, {at(9'000, 11'000, "Chem")}, DoorState::booked, 11'000,
       std::string("Chem"), {}},
      {"a booking starting now is under way", Occupancy::empty, {at(kNow, 11'000, "Now")}, DoorState::booked, 11'000,
       std::string("Now"), {}},
      {"a booking that ended now is over", Occupancy::empty, {at(9'000, kNow, "Done")}, DoorState::free, std::nullopt,
       std::nullopt, {}},
      {"unsorted input comes out by start, capped", Occupancy::empty,
       {at(18'000, 19'000, "D"), at(12'000, 13'000, "B"), at(9'000, 11'000, "A"), at(14'000, 15'000, "C"),
        at(16'000, 17'000, "X")},
       DoorState::booked, 11'000, std::string("A"), {"B", "C", "X"}},
      {"tomorrow's bookings are not today's", Occupancy::empty, {at(kDayEnd, kDayEnd + 100, "Tomorrow")},
       DoorState::free, std::nullopt, std::nullopt, {}},
  };
  for (const auto& c : cases) {
    auto v = door_view(kNow, kDayEnd, c.occupancy, c.bookings, 3);
    EXPECT_EQ(v.state, c.state) << c.name;
    EXPECT_EQ(v.until, c.until) << c.name;
    EXPECT_EQ(v.current ? std::optional(v.current->title) : std::nullopt, c.current) << c.name;
    std::vector<std::string> next;
    for (const auto& b : v.next) next.push_back(b.title);
    EXPECT_EQ(next, c.next) << c.name;
  }
}

TEST(DoorDisplay, NamesAreTheOnesTheApiSends) {
  EXPECT_STREQ(door_state_name(DoorState::free), "free");
  EXPECT_STREQ(door_state_name(DoorState::in_use), "in_use");
  EXPECT_STREQ(door_state_name(DoorState::booked), "booked");
  EXPECT_STREQ(occupancy_name(Occupancy::unknown), "unknown");
}
