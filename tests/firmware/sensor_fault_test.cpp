// A sensor that dies, goes blind or gets stuck never makes an occupied room dark, and
// a still audience stays "occupied".
#include <gtest/gtest.h>

#include <string>

#include "node_rig.hpp"
#include "presence.hpp"

namespace fw {
namespace {

using test::Rig;

constexpr Millis kStep = 100;

template <class F>
void feed(Presence& p, Millis& now, Millis span, F distance) {
  for (Millis end = now + span; now < end; now += kStep) p.on_distance(now, distance(now));
}

std::optional<float> jittery_wall(Millis t) { return 350.0f + static_cast<float>(t % 700) / 100.0f; }

TEST(SensorFaults, AStillAudienceInTheBeamStaysOccupiedForALecture) {
  Config c;
  Presence p(c, 0);
  Millis now = 0;
  Rng rng(11);
  feed(p, now, seconds(10), jittery_wall);
  feed(p, now, seconds(5), [&](Millis) { return 60.0f + static_cast<float>(rng.below(200)); });  // walks in
  for (int minute = 0; minute < 90; ++minute) {
    // Seated in the beam, breathing: within a few centimetres for an hour and a half.
    feed(p, now, minutes(1), [&](Millis) { return 120.0f + static_cast<float>(rng.below(5)); });
    ASSERT_TRUE(p.occupied(now)) << "minute " << minute;
  }
  feed(p, now, seconds(c.movement_timeout_s + 15), jittery_wall);  // gets up and leaves
  EXPECT_FALSE(p.occupied(now));
}

TEST(SensorFaults, BitIdenticalReadingsForTooLongAreAStuckSensor) {
  Config c;
  Presence p(c, 0);
  Millis now = 0;
  feed(p, now, seconds(c.sensor_stuck_s) - seconds(10), [](Millis) { return std::optional<float>(287.0f); });
  EXPECT_FALSE(p.sensor_faulty(now));
  feed(p, now, seconds(20), [](Millis) { return std::optional<float>(287.0f); });
  EXPECT_STREQ(p.sensor_fault(now), fault::kStuckReading);
  feed(p, now, seconds(1), jittery_wall);
  EXPECT_FALSE(p.sensor_faulty(now));
}

TEST(SensorFaults, AJitteringWallIsNeverStuck) {
  Config c;
  Presence p(c, 0);
  Millis now = 0;
  feed(p, now, hours(4), jittery_wall);
  EXPECT_FALSE(p.sensor_faulty(now));
}

TEST(SensorFaults, AMissingEchoIsReportedAsNoEcho) {
  Config c;
  Presence p(c, 0);
  Millis now = 0;
  feed(p, now, seconds(c.sensor_fault_s + 1), [](Millis) { return std::optional<float>(); });
  EXPECT_STREQ(p.sensor_fault(now), fault::kNoEcho);
}

Config pir_config() {
  Config c;
  c.sensor = SensorMode::Pir;
  return c;
}

void pir_low(Presence& p, Millis& now, Millis span, bool booked) {
  for (Millis end = now + span; now < end; now += kStep) {
    p.note_booked(now, booked);
    p.on_pir(now, false);
  }
}

TEST(SensorFaults, ADeadPirIsAFaultAfterBookedHoursWithoutMovement) {
  const Config c = pir_config();
  Presence p(c, 0);
  Millis now = 0;
  pir_low(p, now, seconds(c.pir_silent_booked_s) - minutes(1), true);
  EXPECT_FALSE(p.sensor_faulty(now));
  pir_low(p, now, minutes(2), true);
  EXPECT_STREQ(p.sensor_fault(now), fault::kPirSilent);
  for (Millis end = now + seconds(1); now < end; now += kStep) p.on_pir(now, true);
  EXPECT_FALSE(p.sensor_faulty(now));  // it moved: alive after all
}

TEST(SensorFaults, AnUnbookedPirQuietOverAHolidayIsNoFault) {
  const Config c = pir_config();
  Presence p(c, 0);
  Millis now = 0;
  pir_low(p, now, hours(24) * 14, false);
  EXPECT_FALSE(p.sensor_faulty(now));
}

TEST(SensorFaults, APirHighWithoutABreakIsStuck) {
  const Config c = pir_config();
  Presence p(c, 0);
  Millis now = 0;
  for (Millis end = seconds(c.pir_stuck_high_s) + seconds(1); now < end; now += kStep) p.on_pir(now, true);
  EXPECT_STREQ(p.sensor_fault(now), fault::kPirStuckHigh);
}

TEST(SensorFaults, EveryReportSaysWhetherTheSensorIsHealthy) {
  Rig rig;
  rig.run_for(minutes(3));
  const auto healthy = rig.requests(RequestKind::Status).back().body;
  EXPECT_NE(healthy.find(R"("sensor_ok":true,"sensor_fault":null)"), std::string::npos) << healthy;
  rig.room.fault = [](Millis, Rng&) -> std::optional<float> { return -1.0f; };  // cable pulled
  rig.run_for(minutes(3));
  const auto faulted = rig.requests(RequestKind::Status).back().body;
  EXPECT_NE(faulted.find(R"("sensor_ok":false,"sensor_fault":"no_echo")"), std::string::npos) << faulted;
}

TEST(SensorFaults, AFaultedSensorInAnIdleUnbookedRoomKeepsPowerWhileOnline) {
  Rig rig;
  rig.room.people = [](Millis t) { return t < minutes(2); };
  rig.run_for(minutes(2));
  rig.room.fault = [](Millis, Rng&) -> std::optional<float> { return -1.0f; };  // cable pulled
  rig.run_for(minutes(1));
  rig.server.power_on = false;  // a server that knows nothing of sensor faults sees "idle"
  rig.server.reason = "idle_timeout";
  rig.run_for(minutes(60));
  EXPECT_TRUE(rig.node->reachable());
  EXPECT_TRUE(rig.node->relay_on());
  EXPECT_EQ(rig.switches.size(), 1u);  // on from boot, never off
}

TEST(SensorFaults, ASensorThatFailsAfterAnIdleCutGivesPowerBack) {
  Rig rig;
  rig.server.power_on = false;
  rig.server.reason = "idle_timeout";
  rig.run_for(minutes(5));
  ASSERT_FALSE(rig.node->relay_on());
  rig.room.fault = [](Millis, Rng&) -> std::optional<float> { return 2000.0f; };  // blinded
  rig.run_for(seconds(rig.config.sensor_fault_s + 1));
  EXPECT_TRUE(rig.node->relay_on());
  rig.room.fault = nullptr;  // healthy again: the server's idle rule holds once more
  rig.run_for(minutes(3));
  EXPECT_FALSE(rig.node->relay_on());
}

TEST(SensorFaults, AManualOffIsObeyedEvenWithAFaultedSensor) {
  Rig rig;
  rig.room.fault = [](Millis, Rng&) -> std::optional<float> { return -1.0f; };
  rig.server.power_on = false;
  rig.server.reason = "manual_override";
  rig.run_for(minutes(5));
  EXPECT_FALSE(rig.node->relay_on());
}

TEST(SensorFaults, ADeadPirNeverCutsABookedRoomsPowerWhileOffline) {
  Config c = test::test_config();
  c.sensor = SensorMode::Pir;
  c.pir_silent_booked_s = 3600;
  Rig rig(c);
  rig.server.booked = true;  // booked for hours, the PIR never fires
  rig.run_for(minutes(70));
  ASSERT_TRUE(rig.node->sensor_faulty(rig.now));
  rig.server.booked = false;  // the booking ends; then the server goes away
  rig.run_for(minutes(3));
  rig.server.reachable = false;
  rig.run_for(minutes(60));
  EXPECT_TRUE(rig.node->relay_on());
  EXPECT_STREQ(rig.node->sensor_fault(rig.now), fault::kPirSilent);
}

}  // namespace
}  // namespace fw
