#include "scenario.hpp"

#include <algorithm>

namespace sim {
namespace {

using fw::Millis;
using fw::minutes;
using fw::seconds;

// Uniform duration in [lo, hi].
Millis between(fw::Rng& rng, Millis lo, Millis hi) {
  return lo + static_cast<Millis>(rng.below(static_cast<std::uint32_t>(hi - lo + 1)));
}

ScenarioKind pick(fw::Rng& rng) {
  const auto r = rng.below(100);
  if (r < 40) return ScenarioKind::Lecture;
  if (r < 65) return ScenarioKind::Random;
  if (r < 80) return ScenarioKind::Faults;
  return ScenarioKind::Outage;
}

}  // namespace

std::optional<ScenarioKind> scenario_from(std::string_view name) {
  if (name == "lecture") return ScenarioKind::Lecture;
  if (name == "random") return ScenarioKind::Random;
  if (name == "faults") return ScenarioKind::Faults;
  if (name == "outage") return ScenarioKind::Outage;
  if (name == "mixed") return ScenarioKind::Mixed;
  if (name == "sensor-fault") return ScenarioKind::SensorFault;
  return std::nullopt;
}

const char* to_string(ScenarioKind k) {
  switch (k) {
    case ScenarioKind::Lecture: return "lecture";
    case ScenarioKind::Random: return "random";
    case ScenarioKind::Faults: return "faults";
    case ScenarioKind::Outage: return "outage";
    case ScenarioKind::Mixed: return "mixed";
    case ScenarioKind::SensorFault: return "sensor-fault";
  }
  return "mixed";
}

World::World(ScenarioKind kind, std::uint32_t seed) : kind_(kind), rng_(seed) {
  if (kind_ == ScenarioKind::Mixed) kind_ = pick(rng_);
  wall_cm_ = static_cast<float>(between(rng_, 250, 390));
  // Nodes start at different points of their timetable.
  occupied_ = rng_.below(2) == 0;
  occupancy_until_ = between(rng_, 0, minutes(30));
  link_until_ = between(rng_, minutes(20), minutes(90));
  sensor_until_ = between(rng_, minutes(10), minutes(60));
  if (kind_ == ScenarioKind::SensorFault) {
    sensor_dies_at_ = between(rng_, minutes(10), minutes(60));
    death_ = static_cast<SensorDeath>(rng_.below(3));
  }
}

void World::advance_occupancy(Millis t) {
  while (t >= occupancy_until_) {
    occupied_ = !occupied_;
    Millis span;
    if (kind_ == ScenarioKind::Random) {
      span = occupied_ ? between(rng_, minutes(5), minutes(60)) : between(rng_, minutes(5), minutes(90));
    } else {  // a timetable: 50 or 90 minute lectures, short or long breaks
      span = occupied_ ? (rng_.below(2) ? minutes(90) : minutes(50))
                       : (rng_.below(3) ? between(rng_, minutes(10), minutes(15))
                                        : between(rng_, minutes(30), minutes(120)));
    }
    occupancy_until_ += span;
  }
}

void World::advance_bursts(Millis t) {
  // People in a room move in bursts: someone shifts, stands up, walks in front.
  while (t >= burst_end_) {
    burst_start_ = burst_end_ + between(rng_, seconds(3), seconds(40));
    burst_end_ = burst_start_ + between(rng_, seconds(2), seconds(8));
  }
}

void World::advance_link(Millis t) {
  if (kind_ != ScenarioKind::Outage) return;
  while (t >= link_until_) {
    link_up_ = !link_up_;
    link_until_ += link_up_ ? between(rng_, minutes(30), minutes(120)) : between(rng_, minutes(5), minutes(60));
  }
}

void World::advance_sensor_fault(Millis t) {
  if (kind_ != ScenarioKind::Faults) return;
  while (t >= sensor_until_) {
    sensor_broken_ = !sensor_broken_;
    sensor_until_ += sensor_broken_ ? between(rng_, minutes(1), minutes(10)) : between(rng_, minutes(20), minutes(60));
  }
}

bool World::occupied(Millis t) {
  advance_occupancy(t);
  return occupied_;
}

bool World::moving(Millis t) {
  if (!occupied(t)) return false;
  advance_bursts(t);
  return t >= burst_start_ && t < burst_end_;
}

std::optional<float> World::distance(Millis t) {
  if (kind_ == ScenarioKind::SensorFault && t >= sensor_dies_at_) {
    switch (death_) {
      case SensorDeath::Unplugged: return std::nullopt;
      case SensorDeath::Blinded: return 37.0f;  // tape or a box right in front of it
      case SensorDeath::OutOfRange: return 2000.0f;
    }
  }
  advance_sensor_fault(t);
  if (sensor_broken_) {
    // A loose wire: no echo, or nonsense distances.
    if (rng_.below(2)) return std::nullopt;
    return rng_.below(2) ? 0.0f : 3000.0f;
  }
  if (kind_ == ScenarioKind::Faults && rng_.below(50) == 0)
    return static_cast<float>(between(rng_, 20, 200));  // a stray echo
  if (moving(t)) return static_cast<float>(between(rng_, 50, static_cast<Millis>(wall_cm_) - 40));
  return wall_cm_ - 1.0f + static_cast<float>(rng_.below(3));
}

bool World::link_up(Millis t) {
  advance_link(t);
  return link_up_;
}

std::optional<double> World::temperature(Millis t) {
  return 20.0 + (occupied(t) ? 2.0 : 0.0) + static_cast<double>(rng_.below(100)) / 100.0;
}

std::vector<fw::StatusReport> outage_backlog(double seconds, std::int64_t interval_s, std::int64_t now_unix) {
  const auto step = std::max<std::int64_t>(1, interval_s);
  const auto count = static_cast<std::int64_t>(seconds) / step;
  std::vector<fw::StatusReport> out;
  for (std::int64_t k = 0; k < count; ++k) {
    fw::StatusReport r;
    r.seq = k + 1;
    r.made_at_unix = now_unix - (count - k) * step;
    r.is_occupied = k < count / 2;
    r.last_movement_s = r.is_occupied ? 5 : (k - count / 2 + 1) * step;
    r.temperature = 21.5;
    out.push_back(r);
  }
  return out;
}

}  // namespace sim
