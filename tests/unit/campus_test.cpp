#include "live/campus.hpp"

#include "domain/errors.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

// One room with its node, and `more` rooms without commands beside it.
void load(Campus& c, std::size_t more = 0) {
  Campus::Snapshot next;
  next.add(LiveDevice{"node-1", "", true, true, kNow, 0, 1});
  next.add(LiveRoom{{.id = 1, .esp_device_id = "node-1"}, {}});
  for (std::size_t i = 0; i < more; ++i) next.add(LiveRoom{{.id = static_cast<std::int64_t>(i + 2)}, {}});
  c.load(std::move(next), {}, {});
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

TEST(Campus, TheStoredKeyHashAloneAuthenticatesAndADeactivatedOrMalformedOneNeverPasses) {
  Campus c({}, {});
  Campus::Snapshot next;
  next.add(LiveDevice{"node-1", sha256_hex("key-one-key-one"), true});
  next.add(LiveDevice{"node-2", sha256_hex("key-two-key-two"), false});
  next.add(LiveDevice{"node-3", "not-a-hash", true});
  c.load(std::move(next), {}, {});
  EXPECT_EQ(c.authenticate("node-1", "key-one-key-one").device_id, "node-1");
  EXPECT_THROW(c.authenticate("node-1", "key-two-key-two"), Unauthorized);
  EXPECT_THROW(c.authenticate("node-2", "key-two-key-two"), Unauthorized);  // deactivated
  EXPECT_THROW(c.authenticate("node-3", "not-a-hash"), Unauthorized);
  EXPECT_THROW(c.authenticate("node-9", "key-one-key-one"), Unauthorized);
  EXPECT_THROW(c.authenticate("node-1", ""), Unauthorized);
  // A rotated key takes effect at once and keeps what the campus saw of the device; a
  // removed device is unknown.
  c.raise_seq("node-1", 41);
  c.upsert_device(LiveDevice{"node-1", sha256_hex("rotated-rotated"), true, false, std::nullopt, 3});
  EXPECT_THROW(c.authenticate("node-1", "key-one-key-one"), Unauthorized);
  EXPECT_EQ(c.authenticate("node-1", "rotated-rotated").device_id, "node-1");
  EXPECT_EQ(c.last_seq("node-1"), 41);
  c.remove_device("node-1");
  EXPECT_THROW(c.authenticate("node-1", "rotated-rotated"), Unauthorized);
}

TEST(Campus, ARoomKeepsItsObservationThroughAReloadAndTheDeviceLinkFollowsTheRoom) {
  Campus c({}, {});
  load(c);
  Report r;
  r.is_occupied = true;
  r.is_power_on = true;
  r.last_movement = 12;
  r.temperature = 21.5;
  r.seq = 5;
  auto out = c.evaluate("node-1", r, kNow);
  ASSERT_EQ(out.write.classroom_id, 1);
  c.accepted(out);
  load(c);  // a reload from a database that has not stored it yet
  auto room = c.room(1, kNow + 1);
  ASSERT_TRUE(room && room->observed);
  EXPECT_TRUE(room->observed->is_occupied);
  EXPECT_EQ(room->observed->last_movement, 12);
  EXPECT_EQ(room->observed->at, kNow);
  EXPECT_EQ(room->temperature, 21.5);
  EXPECT_EQ(c.last_seq("node-1"), 5);
  EXPECT_EQ(room->device_id, "node-1");
  // The room gives its device up: the device is in no room, the room has no device.
  c.upsert_room(LiveRoom{{.id = 1}, {}});
  EXPECT_FALSE(c.room_of("node-1"));
  EXPECT_FALSE(c.room(1, kNow + 1)->device_id);
  EXPECT_TRUE(c.room(1, kNow + 1)->observed) << "the live observation stays";
}
