#include "realtime/hub.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace classroom;

namespace {
struct Listener {
  std::vector<std::string> got;
  bool closed = false;
};
std::uint64_t listen(Hub& hub, Listener& l, std::int64_t user, Role role, std::int64_t expires = 0) {
  return hub.subscribe(
      Caller{user, "u" + std::to_string(user), role, expires},
      [&l](std::shared_ptr<const std::string> m) { l.got.push_back(*m); }, [&l] { l.closed = true; });
}
}  // namespace

TEST(Hub, StaffSeeOtherPeoplesBookingsOnlyAsBusyTime) {
  Hub hub;
  Listener admin, owner, other;
  listen(hub, admin, 1, Role::admin);
  listen(hub, owner, 2, Role::staff);
  listen(hub, other, 3, Role::staff);
  Event e;
  e.full = {{"type", "booking"}, {"title", "Disciplinary hearing"}};
  e.limited = boost::json::object{{"type", "booking"}};
  e.owner = 2;
  hub.publish(e);
  ASSERT_EQ(admin.got.size(), 1u);
  ASSERT_EQ(owner.got.size(), 1u);
  ASSERT_EQ(other.got.size(), 1u);
  EXPECT_NE(admin.got[0].find("Disciplinary"), std::string::npos);
  EXPECT_NE(owner.got[0].find("Disciplinary"), std::string::npos);
  EXPECT_EQ(other.got[0].find("Disciplinary"), std::string::npos);
}

TEST(Hub, AdminEventsReachAdminsOnly) {
  Hub hub;
  Listener admin, staff;
  listen(hub, admin, 1, Role::admin);
  listen(hub, staff, 2, Role::staff);
  hub.publish({{"type", "device"}}, Audience::admins);
  EXPECT_EQ(admin.got.size(), 1u);
  EXPECT_TRUE(staff.got.empty());
}

TEST(Hub, EndsTheSessionsOfAUserAndExpiredOnes) {
  Hub hub;
  Listener a, b, c;
  listen(hub, a, 1, Role::admin, 1000);
  listen(hub, b, 2, Role::staff, 5000);
  listen(hub, c, 2, Role::staff, 5000);
  EXPECT_EQ(hub.end_sessions_of(2), 2u);
  EXPECT_TRUE(b.closed && c.closed);
  EXPECT_FALSE(a.closed);
  EXPECT_EQ(hub.end_expired(999), 0u);
  EXPECT_EQ(hub.end_expired(1000), 1u);
  EXPECT_TRUE(a.closed);
  EXPECT_EQ(hub.subscribers(), 0u);
  hub.publish({{"type", "room_status"}}, Audience::everyone);
  EXPECT_TRUE(a.got.empty()) << "a closed session hears nothing more";
}

TEST(Hub, RelayedEventsKeepTheirAudience) {
  Hub a, b;
  a.set_relay([&b](const std::string& payload) { b.receive(payload); }, "a");
  b.set_relay([](const std::string&) {}, "b");
  Listener other;
  listen(b, other, 3, Role::staff);
  Event e;
  e.full = {{"type", "booking"}, {"title", "secret"}};
  e.limited = boost::json::object{{"type", "booking"}};
  e.owner = 2;
  a.publish(e);
  ASSERT_EQ(other.got.size(), 1u);
  EXPECT_EQ(other.got[0].find("secret"), std::string::npos);
}

TEST(Hub, ADoorDisplayHearsThatItsRoomChangedAndNothingElse) {
  Hub hub;
  Listener display, other_room, admin;
  hub.subscribe_display(
      7, [&](std::shared_ptr<const std::string> m) { display.got.push_back(*m); }, [&] { display.closed = true; });
  hub.subscribe_display(
      8, [&](std::shared_ptr<const std::string> m) { other_room.got.push_back(*m); }, [] {});
  listen(hub, admin, 1, Role::admin);
  hub.publish({{"type", "room_status"}, {"classroom_id", 7}, {"status", {{"is_occupied", true}}}}, Audience::everyone);
  Event booking;
  booking.full = {{"type", "booking"}, {"booking", {{"classroom_id", 7}, {"title", "Disciplinary hearing"}}}};
  booking.limited = boost::json::object{{"type", "booking"}};
  booking.owner = 2;
  hub.publish(booking);
  hub.publish({{"type", "device"}, {"device_id", "n-7"}, {"classroom_id", 7}}, Audience::admins);
  hub.publish({{"type", "stats"}}, Audience::everyone);  // about no room
  ASSERT_EQ(display.got.size(), 3u);
  for (const auto& m : display.got) EXPECT_EQ(m, Hub::kDisplayChanged);
  EXPECT_TRUE(other_room.got.empty());
  EXPECT_EQ(admin.got.size(), 4u);

  // A display is nobody's session: ending user 0's sessions leaves it; resetting its link ends it.
  EXPECT_EQ(hub.end_sessions_of(0), 0u);
  EXPECT_EQ(hub.end_displays_of(7), 1u);
  EXPECT_TRUE(display.closed);
  EXPECT_EQ(hub.subscribers(), 2u);
}
