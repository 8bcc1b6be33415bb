#include <gtest/gtest.h>

#include "node_rig.hpp"
#include "presence.hpp"

namespace fw {
namespace {

constexpr Millis kStep = 100;

struct Feed {
  Presence presence;
  Millis now = 0;
  explicit Feed(const Config& c = Config{}) : presence(c, 0) {}
  template <class F>
  void distances(Millis span, F f) {
    for (Millis end = now + span; now < end; now += kStep) presence.on_distance(now, f(now));
  }
};

std::optional<float> wall(Millis) { return 350.0f; }

TEST(Presence, DetectsAPersonWalkingInFrontOfTheSensor) {
  Feed f;
  f.distances(seconds(5), wall);
  EXPECT_FALSE(f.presence.occupied(f.now));
  Rng rng(7);
  f.distances(seconds(2), [&](Millis) { return 80.0f + static_cast<float>(rng.below(150)); });
  EXPECT_TRUE(f.presence.occupied(f.now));
}

TEST(Presence, RoomTurnsIdleAfterTheMovementTimeout) {
  Feed f;
  f.distances(seconds(5), wall);
  f.distances(seconds(1), [](Millis t) { return std::optional<float>(t % 200 ? 100.0f : 150.0f); });
  f.distances(seconds(59), wall);
  EXPECT_TRUE(f.presence.occupied(f.now));
  f.distances(seconds(2), wall);
  EXPECT_FALSE(f.presence.occupied(f.now));
}

TEST(Presence, IgnoresSingleSampleSpikes) {
  Feed f;
  f.distances(minutes(2), [](Millis t) { return std::optional<float>(t % 3000 == 1500 ? 40.0f : 350.0f); });
  EXPECT_FALSE(f.presence.has_movement());
}

TEST(Presence, IgnoresJitterBelowTheThreshold) {
  Feed f;
  Rng rng(3);
  f.distances(minutes(5), [&](Millis) { return 335.0f + static_cast<float>(rng.below(30)); });
  EXPECT_FALSE(f.presence.has_movement());
}

TEST(Presence, AChairLeftInTheBeamBecomesTheBaselineAfterTheStillHold) {
  Config c;
  c.still_hold_s = 600;
  Feed f(c);
  f.distances(seconds(10), wall);
  f.distances(minutes(9), [](Millis) { return std::optional<float>(120.0f); });
  EXPECT_TRUE(f.presence.occupied(f.now));  // could be someone sitting still
  f.distances(minutes(3), [](Millis) { return std::optional<float>(121.0f); });
  EXPECT_FALSE(f.presence.occupied(f.now));
  f.distances(minutes(3), [](Millis) { return std::optional<float>(120.5f); });
  EXPECT_FALSE(f.presence.occupied(f.now));
}

TEST(Presence, SomethingMovedAwayFromTheSensorBecomesTheBaselineQuickly) {
  Feed f;
  f.distances(seconds(10), [](Millis) { return std::optional<float>(200.0f); });
  f.distances(minutes(2), [](Millis t) { return std::optional<float>(t % 200 ? 350.0f : 349.0f); });
  EXPECT_FALSE(f.presence.occupied(f.now));  // a door opened: 10 s of movement, then wall
}

TEST(Presence, EchoTimeoutsAndOutOfRangeEchoesAreFaultsNotMovement) {
  Feed f;
  f.distances(seconds(5), wall);
  f.distances(minutes(1), [](Millis t) -> std::optional<float> {
    switch ((t / kStep) % 3) {
      case 0: return std::nullopt;  // no echo
      case 1: return 0.5f;          // below range
      default: return 2500.0f;      // beyond range
    }
  });
  EXPECT_FALSE(f.presence.has_movement());
  EXPECT_TRUE(f.presence.sensor_faulty(f.now));
  EXPECT_STREQ(f.presence.sensor_fault(f.now), fault::kOutOfRange);
  f.distances(seconds(1), wall);
  EXPECT_FALSE(f.presence.sensor_faulty(f.now));
}

TEST(Presence, ShortFaultBurstIsNotYetASensorFault) {
  Feed f;
  f.distances(seconds(5), wall);
  f.distances(seconds(5), [](Millis) { return std::optional<float>(); });
  EXPECT_FALSE(f.presence.sensor_faulty(f.now));
}

TEST(Presence, PirGlitchesShorterThanTheDebounceAreIgnored) {
  Config c;
  c.sensor = SensorMode::Pir;
  Presence p(c, 0);
  for (Millis t = 0; t < minutes(2); t += 50) p.on_pir(t, (t % 1000) < 150);  // 150 ms pulses
  EXPECT_FALSE(p.has_movement());
  for (Millis t = minutes(2); t < minutes(2) + 500; t += 50) p.on_pir(t, true);
  EXPECT_TRUE(p.occupied(minutes(2) + 500));
}

TEST(Presence, PirModeIgnoresTheDistanceSensor) {
  Config c;
  c.sensor = SensorMode::Pir;
  Presence p(c, 0);
  for (Millis t = 0; t < seconds(5); t += 100) p.on_distance(t, t < 2500 ? 350.0f : 50.0f + static_cast<float>(t % 700));
  EXPECT_FALSE(p.has_movement());
  EXPECT_FALSE(p.sensor_faulty(seconds(5)));
}

}  // namespace
}  // namespace fw

namespace fw {
namespace {

TEST(Presence, AStrayEchoAtPowerUpDoesNotBecomeTheBaseline) {
  Feed f;
  f.distances(minutes(1), [](Millis t) { return std::optional<float>(t == 0 ? 40.0f : 350.0f); });
  EXPECT_FALSE(f.presence.has_movement());
}

}  // namespace
}  // namespace fw
