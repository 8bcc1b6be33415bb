#pragma once
// Presence detection: what a sensor sample means. Pure state machines, time passed in.
#include <array>
#include <optional>

#include "clock.hpp"
#include "config.hpp"

namespace fw {

enum class Verdict { Quiet, Movement, Fault };

// HC-SR04 style distance sensor. Movement is a change beyond a threshold against a
// slowly adapting baseline, seen on `debounce_samples` samples in a row. A change that
// then holds still (a chair put down, a door left open) becomes the new baseline.
// A missing echo or a distance outside the sensor's range is a fault, never movement.
class UltrasonicDetector {
 public:
  explicit UltrasonicDetector(const Config& config);
  Verdict on_sample(Millis now, std::optional<float> distance_cm);
  // True once faults have lasted sensor_fault_s without a valid sample in between.
  bool faulty(Millis now) const;
  std::optional<float> baseline() const { return baseline_; }

 private:
  static constexpr Millis kRebaselineAfter = seconds(10);
  // The first baseline is the median of this many valid samples, so one stray echo
  // at power-up does not become the room's wall.
  static constexpr int kWarmupSamples = 9;
  float threshold_;
  int debounce_;
  Millis tau_;
  float min_cm_, max_cm_;
  Millis fault_after_;

  std::array<float, kWarmupSamples> warmup_{};
  int warmup_count_ = 0;
  std::optional<float> baseline_;
  Millis last_valid_at_ = 0;
  int streak_ = 0;
  float stable_ref_ = 0;
  Millis stable_since_ = 0;
  std::optional<Millis> fault_since_;
};

// PIR input: movement while the line has been high for pir_debounce_ms, so a glitch
// on a long cable is not a person.
class PirDetector {
 public:
  explicit PirDetector(const Config& config) : debounce_(config.pir_debounce_ms) {}
  Verdict on_level(Millis now, bool high);

 private:
  Millis debounce_;
  std::optional<Millis> high_since_;
};

// The idle timer over both sources: occupied while movement is younger than
// movement_timeout_s.
class Presence {
 public:
  Presence(const Config& config, Millis boot);
  void on_distance(Millis now, std::optional<float> distance_cm);
  void on_pir(Millis now, bool high);

  bool occupied(Millis now) const;
  // Time the room has been without movement (since boot when none was seen yet).
  Millis idle_for(Millis now) const { return now - idle_since(); }
  Millis idle_since() const { return last_movement_ ? *last_movement_ : boot_; }
  bool has_movement() const { return last_movement_.has_value(); }
  // Every configured source is faulty: occupancy is unknown.
  bool sensor_faulty(Millis now) const;

 private:
  SensorMode mode_;
  Millis timeout_;
  Millis boot_;
  UltrasonicDetector ultrasonic_;
  PirDetector pir_;
  std::optional<Millis> last_movement_;
};

}  // namespace fw
