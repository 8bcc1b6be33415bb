#pragma once
// Presence detection: what a sensor sample means, and whether the sensor can still be
// trusted. Pure state machines, time passed in.
#include <array>
#include <optional>

#include "clock.hpp"
#include "config.hpp"

namespace fw {

enum class Verdict { Quiet, Movement, Fault };

// Short texts for `sensor_fault` in reports (static strings, no allocation).
namespace fault {
inline constexpr const char* kNoEcho = "no_echo";
inline constexpr const char* kOutOfRange = "out_of_range";
inline constexpr const char* kStuckReading = "stuck_reading";
inline constexpr const char* kPirSilent = "pir_silent";
inline constexpr const char* kPirStuckHigh = "pir_stuck_high";
}  // namespace fault

// HC-SR04 style distance sensor. Movement is a change beyond a threshold against a
// slowly adapting baseline, seen on `debounce_samples` samples in a row. A change that
// then holds still becomes the new baseline: at once (10 s) when the echo moved away
// (a door opened, a cupboard moved), only after still_hold_s when it came nearer,
// because a near echo always arrives with movement, so it is most likely someone
// sitting still in the beam and the room counts as occupied meanwhile.
// A missing echo, a distance outside the sensor's range or bit-identical readings for
// sensor_stuck_s (a live sensor always jitters) are faults, never movement.
class UltrasonicDetector {
 public:
  explicit UltrasonicDetector(const Config& config);
  Verdict on_sample(Millis now, std::optional<float> distance_cm);
  // A fault text once bad samples lasted sensor_fault_s or the reading is stuck.
  const char* fault(Millis now) const;
  bool faulty(Millis now) const { return fault(now) != nullptr; }
  std::optional<float> baseline() const { return baseline_; }

 private:
  static constexpr Millis kRebaselineAfter = seconds(10);
  // The first baseline is the median of this many valid samples, so one stray echo
  // at power-up does not become the room's wall.
  static constexpr int kWarmupSamples = 9;
  Verdict on_valid(Millis now, float d);
  Verdict beyond_threshold(Millis now, float d);

  float threshold_;
  int debounce_;
  Millis tau_;
  float min_cm_, max_cm_;
  Millis fault_after_, stuck_after_, still_hold_;

  std::array<float, kWarmupSamples> warmup_{};
  int warmup_count_ = 0;
  std::optional<float> baseline_;
  Millis last_valid_at_ = 0;
  int streak_ = 0;
  float stable_ref_ = 0;
  Millis stable_since_ = 0;
  std::optional<Millis> fault_since_;
  const char* fault_kind_ = nullptr;
  std::optional<float> same_value_;
  Millis same_since_ = 0;
};

// PIR input: movement while the line has been high for pir_debounce_ms, so a glitch
// on a long cable is not a person. A PIR cannot report its own death: it reads low
// through the pull-down. So it is taken for dead after pir_silent_booked_s of booked
// time (occupancy expected) without movement, and for stuck when the line stays high
// for pir_stuck_high_s. Calendar time alone would flag every room after a holiday.
class PirDetector {
 public:
  explicit PirDetector(const Config& config);
  Verdict on_level(Millis now, bool high);
  void note_booked(Millis now, bool booked);
  const char* fault(Millis now) const;

 private:
  Millis debounce_, silent_after_, stuck_after_;
  std::optional<Millis> high_since_;
  Millis booked_quiet_ = 0;  // booked time since the last movement
  std::optional<Millis> booked_noted_at_;
};

// The idle timer over both sources: occupied while movement is younger than
// movement_timeout_s.
class Presence {
 public:
  Presence(const Config& config, Millis boot);
  void on_distance(Millis now, std::optional<float> distance_cm);
  void on_pir(Millis now, bool high);
  // Whether the room is booked now, as last heard from the server.
  void note_booked(Millis now, bool booked) { pir_.note_booked(now, booked); }

  bool occupied(Millis now) const;
  // Time the room has been without movement (since boot when none was seen yet).
  Millis idle_for(Millis now) const { return now - idle_since(); }
  Millis idle_since() const { return last_movement_ ? *last_movement_ : boot_; }
  bool has_movement() const { return last_movement_.has_value(); }
  // A configured source is faulty: what it says about the room cannot be trusted.
  // Returns its fault text, or nullptr when every configured source is healthy.
  const char* sensor_fault(Millis now) const;
  bool sensor_faulty(Millis now) const { return sensor_fault(now) != nullptr; }

 private:
  SensorMode mode_;
  Millis timeout_;
  Millis boot_;
  UltrasonicDetector ultrasonic_;
  PirDetector pir_;
  std::optional<Millis> last_movement_;
};

}  // namespace fw
