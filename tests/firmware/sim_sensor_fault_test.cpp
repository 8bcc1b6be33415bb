// classroom-sim's sensor-fault scenario drives the firmware core as the fleet does: a
// sensor that dies in any of its ways never leaves the room dark.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "../../tools/sim/scenario.hpp"
#include "node_rig.hpp"
#include "presence.hpp"

namespace {

using fw::Millis;
using fw::minutes;
using sim::ScenarioKind;
using sim::SensorDeath;
using sim::World;

TEST(SimSensorFault, EverySensorDiesForGoodInOneOfThreeWays) {
  std::set<SensorDeath> deaths;
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    World w(ScenarioKind::SensorFault, seed);
    ASSERT_GE(w.sensor_dies_at(), minutes(10));
    ASSERT_LE(w.sensor_dies_at(), minutes(60));
    deaths.insert(w.sensor_death());
    const auto a = w.distance(w.sensor_dies_at() + minutes(5));
    const auto b = w.distance(w.sensor_dies_at() + minutes(90));
    EXPECT_EQ(a, b) << seed;  // no more life in it
  }
  EXPECT_EQ(deaths.size(), 3u);
  EXPECT_EQ(sim::scenario_from("sensor-fault"), ScenarioKind::SensorFault);
}

// The node on a server that knows nothing of sensor faults: it answers from what the
// report says, "idle_timeout" (off) whenever the report says the room is empty.
TEST(SimSensorFault, ADeadSensorNeverLeavesTheRoomDark) {
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    World world(ScenarioKind::SensorFault, seed);
    fw::test::Rig rig;
    rig.room.fault = [&](Millis t, fw::Rng&) -> std::optional<float> {
      auto d = world.distance(t);
      return d ? *d : -1.0f;
    };
    rig.server.script = [](const fw::Request& r) -> std::optional<fw::Reply> {
      if (r.kind != fw::RequestKind::Status) return std::nullopt;
      fw::StatusAnswer a;
      a.power_on = r.body.find(R"("is_occupied":true)") != std::string::npos;
      a.reason = a.power_on ? "occupied" : "idle_timeout";
      return fw::Reply{200, -1, a, {}};
    };
    std::optional<Millis> fault_seen;
    const Millis end = world.sensor_dies_at() + minutes(180);
    while (rig.now < end) {
      rig.run_for(fw::seconds(10));
      if (fault_seen) {  // from the next round on: power, whatever the reports say
        ASSERT_TRUE(rig.node->relay_on()) << "seed " << seed << " at " << rig.now / 1000 << " s";
      }
      if (!fault_seen && rig.node->sensor_faulty(rig.now)) fault_seen = rig.now;
    }
    ASSERT_TRUE(fault_seen) << "seed " << seed;
    const char* fault = rig.node->sensor_fault(rig.now);
    ASSERT_NE(fault, nullptr);
    switch (world.sensor_death()) {
      case SensorDeath::Unplugged: EXPECT_STREQ(fault, fw::fault::kNoEcho); break;
      case SensorDeath::Blinded: EXPECT_STREQ(fault, fw::fault::kStuckReading); break;
      case SensorDeath::OutOfRange: EXPECT_STREQ(fault, fw::fault::kOutOfRange); break;
    }
  }
}

}  // namespace
