#include "presence.hpp"

#include <algorithm>
#include <cmath>

namespace fw {

UltrasonicDetector::UltrasonicDetector(const Config& c)
    : threshold_(static_cast<float>(c.distance_threshold_cm)),
      debounce_(c.debounce_samples),
      tau_(seconds(c.baseline_tau_s)),
      min_cm_(static_cast<float>(c.sensor_min_cm)),
      max_cm_(static_cast<float>(c.sensor_max_cm)),
      fault_after_(seconds(c.sensor_fault_s)),
      stuck_after_(seconds(c.sensor_stuck_s)),
      still_hold_(seconds(c.still_hold_s)) {}

Verdict UltrasonicDetector::on_sample(Millis now, std::optional<float> distance_cm) {
  if (!distance_cm || !std::isfinite(*distance_cm) || *distance_cm < min_cm_ ||
      *distance_cm > max_cm_) {
    if (!fault_since_) fault_since_ = now;
    fault_kind_ = distance_cm ? fault::kOutOfRange : fault::kNoEcho;
    streak_ = 0;  // a fault breaks a run: movement needs consecutive valid samples
    same_value_.reset();
    return Verdict::Fault;
  }
  fault_since_.reset();
  if (!same_value_ || *same_value_ != *distance_cm) {
    same_value_ = *distance_cm;
    same_since_ = now;
  }
  return on_valid(now, *distance_cm);
}

Verdict UltrasonicDetector::on_valid(Millis now, float d) {
  if (!baseline_) {
    warmup_[static_cast<std::size_t>(warmup_count_++)] = d;
    last_valid_at_ = now;
    if (warmup_count_ == kWarmupSamples) {
      std::nth_element(warmup_.begin(), warmup_.begin() + kWarmupSamples / 2, warmup_.end());
      baseline_ = warmup_[kWarmupSamples / 2];
    }
    return Verdict::Quiet;
  }
  const Millis dt = std::max<Millis>(0, now - last_valid_at_);
  last_valid_at_ = now;
  if (std::fabs(d - *baseline_) <= threshold_) {
    streak_ = 0;
    const float alpha = static_cast<float>(dt) / static_cast<float>(tau_ + dt);
    *baseline_ += (d - *baseline_) * alpha;
    return Verdict::Quiet;
  }
  return beyond_threshold(now, d);
}

// Beyond the threshold: a person, or something new that now stands still.
Verdict UltrasonicDetector::beyond_threshold(Millis now, float d) {
  if (streak_ == 0 || std::fabs(d - stable_ref_) > threshold_ / 2) {
    stable_ref_ = d;
    stable_since_ = now;
  } else {
    const Millis hold = stable_ref_ < *baseline_ ? still_hold_ : kRebaselineAfter;
    if (now - stable_since_ >= hold) {
      baseline_ = stable_ref_;
      streak_ = 0;
      return Verdict::Quiet;
    }
  }
  ++streak_;
  return streak_ >= debounce_ ? Verdict::Movement : Verdict::Quiet;
}

const char* UltrasonicDetector::fault(Millis now) const {
  if (fault_since_) return now - *fault_since_ >= fault_after_ ? fault_kind_ : nullptr;
  if (same_value_ && now - same_since_ >= stuck_after_) return fault::kStuckReading;
  return nullptr;
}

PirDetector::PirDetector(const Config& c)
    : debounce_(c.pir_debounce_ms),
      silent_after_(seconds(c.pir_silent_booked_s)),
      stuck_after_(seconds(c.pir_stuck_high_s)) {}

Verdict PirDetector::on_level(Millis now, bool high) {
  if (!high) {
    high_since_.reset();
    return Verdict::Quiet;
  }
  if (!high_since_) high_since_ = now;
  if (now - *high_since_ < debounce_) return Verdict::Quiet;
  booked_quiet_ = 0;
  return Verdict::Movement;
}

void PirDetector::note_booked(Millis now, bool booked) {
  if (booked && booked_noted_at_) booked_quiet_ += std::max<Millis>(0, now - *booked_noted_at_);
  booked_noted_at_ = now;
}

const char* PirDetector::fault(Millis now) const {
  if (high_since_ && now - *high_since_ >= stuck_after_) return fault::kPirStuckHigh;
  if (booked_quiet_ >= silent_after_) return fault::kPirSilent;
  return nullptr;
}

Presence::Presence(const Config& c, Millis boot)
    : mode_(c.sensor),
      timeout_(seconds(c.movement_timeout_s)),
      boot_(boot),
      ultrasonic_(c),
      pir_(c) {}

void Presence::on_distance(Millis now, std::optional<float> distance_cm) {
  if (mode_ == SensorMode::Pir) return;
  if (ultrasonic_.on_sample(now, distance_cm) == Verdict::Movement) last_movement_ = now;
}

void Presence::on_pir(Millis now, bool high) {
  if (mode_ == SensorMode::Ultrasonic) return;
  if (pir_.on_level(now, high) == Verdict::Movement) last_movement_ = now;
}

bool Presence::occupied(Millis now) const {
  return last_movement_ && now - *last_movement_ < timeout_;
}

const char* Presence::sensor_fault(Millis now) const {
  if (mode_ != SensorMode::Pir)
    if (const char* f = ultrasonic_.fault(now)) return f;
  if (mode_ != SensorMode::Ultrasonic) return pir_.fault(now);
  return nullptr;
}

}  // namespace fw
