#include "live/campus.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

// One room with its node, and `more` rooms without commands beside it.
void load(Campus& c, std::size_t more = 0) {
  std::vector<LiveDevice> devices{{"node-1", "", true, true, kNow, 0, 1}};
  std::vector<LiveRoom> rooms{{{1, true, std::string("node-1"), {}}, {}}};
  for (std::size_t i = 0; i < more; ++i) rooms.push_back({{static_cast<std::int64_t>(i + 2), true, std::nullopt, {}}, {}});
  c.load(devices, rooms, {}, {});
}

PowerCommand command(std::int64_t id, std::int64_t expires_at) {
  PowerCommand p;
  p.id = id;
  p.classroom_id = 1;
  p.device_id = "node-1";
  p.power_on = false;
  p.source = "admin";
  p.created_at = kNow;
  p.expires_at = expires_at;
  return p;
}

}  // namespace

TEST(Campus, ACommandLastsUntilItsExpiryAndTheTickEndsItThenMovingTheVersion) {
  Campus c({}, {});
  load(c, 1000);
  c.command_created(command(7, kNow + 60));
  c.command_created(command(8, kNow + 600));  // replaces 7: the earlier expiry is left behind
  auto v = c.version();
  c.tick(kNow + 61, (kNow + 61) * 1000);  // 7's time: nothing to end
  ASSERT_TRUE(c.room(1, kNow + 61)->command);
  EXPECT_EQ(c.room(1, kNow + 61)->command->id, 8);
  EXPECT_EQ(c.version(), v);
  c.tick(kNow + 599, (kNow + 599) * 1000);
  EXPECT_TRUE(c.room(1, kNow + 599)->command);
  c.tick(kNow + 600, (kNow + 600) * 1000);
  EXPECT_FALSE(c.room(1, kNow + 600)->command);
  EXPECT_GT(c.version(), v);
}

TEST(Campus, ALongPollEndsAtItsDeadlineNotBeforeAndAGivenCommandAnswersAtOnce) {
  Campus c({}, {});
  load(c);
  int answered = 0;
  std::optional<PowerCommand> got;
  const std::int64_t now_ms = kNow * 1000;
  c.wait_for_command("node-1", kNow, now_ms + 25'000, [&](std::optional<PowerCommand> p) {
    ++answered;
    got = p;
  });
  c.tick(kNow + 10, now_ms + 10'000);
  EXPECT_EQ(answered, 0);
  c.tick(kNow + 25, now_ms + 25'000);
  EXPECT_EQ(answered, 1);
  EXPECT_FALSE(got);
  EXPECT_EQ(c.long_polls(), 0u);

  c.wait_for_command("node-1", kNow + 30, now_ms + 55'000, [&](std::optional<PowerCommand> p) {
    ++answered;
    got = p;
  });
  c.command_created(command(9, kNow + 600));
  EXPECT_EQ(answered, 2);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, 9);
  c.tick(kNow + 60, now_ms + 60'000);  // its old deadline passes: nothing more
  EXPECT_EQ(answered, 2);
}
