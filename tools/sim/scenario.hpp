#pragma once
// The world around one virtual node: when people are in the room and moving, what its
// sensor reads (faults included), and when its network is down. Seeded, so a run can
// be repeated; time only moves forward.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backoff.hpp"
#include "clock.hpp"
#include "protocol.hpp"

namespace sim {

// SensorFault: lectures, and after 10..60 min each node's sensor dies for good, one of
// three ways (unplugged: no echo; blinded: one bit-identical near reading; broken:
// out-of-range readings). Not part of Mixed, so seeded mixed runs stay as they were.
enum class ScenarioKind { Lecture, Random, Faults, Outage, Mixed, SensorFault };
enum class SensorDeath { Unplugged, Blinded, OutOfRange };

std::optional<ScenarioKind> scenario_from(std::string_view name);

// What a node holds after an outage of `seconds` ending at `now_unix`: one report per
// `interval_s`, oldest first, seq 1.., each with its wall-clock time (the newest one
// interval before the end); occupied for the first half (a lecture), then empty.
std::vector<fw::StatusReport> outage_backlog(double seconds, std::int64_t interval_s, std::int64_t now_unix);
const char* to_string(ScenarioKind k);

class World {
 public:
  // Mixed picks one of the others per node from the seed.
  World(ScenarioKind kind, std::uint32_t seed);

  ScenarioKind kind() const { return kind_; }
  // SensorFault only: when and how the sensor dies.
  fw::Millis sensor_dies_at() const { return sensor_dies_at_; }
  SensorDeath sensor_death() const { return death_; }
  bool occupied(fw::Millis t);        // a lecture or a group is in the room
  bool moving(fw::Millis t);          // someone in front of the sensor now
  std::optional<float> distance(fw::Millis t);  // what the ultrasonic sensor reads
  bool link_up(fw::Millis t);         // the node's WiFi/route works
  std::optional<double> temperature(fw::Millis t);

 private:
  void advance_occupancy(fw::Millis t);
  void advance_bursts(fw::Millis t);
  void advance_link(fw::Millis t);
  void advance_sensor_fault(fw::Millis t);

  ScenarioKind kind_;
  fw::Rng rng_;
  float wall_cm_;

  bool occupied_ = false;
  fw::Millis occupancy_until_ = 0;
  fw::Millis burst_start_ = 0, burst_end_ = 0;
  bool link_up_ = true;
  fw::Millis link_until_ = 0;
  bool sensor_broken_ = false;
  fw::Millis sensor_until_ = 0;
  fw::Millis sensor_dies_at_ = 0;
  SensorDeath death_ = SensorDeath::Unplugged;
};

}  // namespace sim
