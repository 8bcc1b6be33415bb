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
      fault_after_(seconds(c.sensor_fault_s)) {}

Verdict UltrasonicDetector::on_sample(Millis now, std::optional<float> distance_cm) {
  if (!distance_cm || !std::isfinite(*distance_cm) || *distance_cm < min_cm_ ||
      *distance_cm > max_cm_) {
    if (!fault_since_) fault_since_ = now;
    streak_ = 0;  // a fault breaks a run: movement needs consecutive valid samples
    return Verdict::Fault;
  }
  fault_since_.reset();
  const float d = *distance_cm;
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

  // Beyond the threshold: a person, or something new that now stands still.
  if (streak_ == 0 || std::fabs(d - stable_ref_) > threshold_ / 2) {
    stable_ref_ = d;
    stable_since_ = now;
  } else if (now - stable_since_ >= kRebaselineAfter) {
    baseline_ = stable_ref_;
    streak_ = 0;
    return Verdict::Quiet;
  }
  ++streak_;
  return streak_ >= debounce_ ? Verdict::Movement : Verdict::Quiet;
}

bool UltrasonicDetector::faulty(Millis now) const {
  return fault_since_ && now - *fault_since_ >= fault_after_;
}

Verdict PirDetector::on_level(Millis now, bool high) {
  if (!high) {
    high_since_.reset();
    return Verdict::Quiet;
  }
  if (!high_since_) high_since_ = now;
  return now - *high_since_ >= debounce_ ? Verdict::Movement : Verdict::Quiet;
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

bool Presence::sensor_faulty(Millis now) const {
  // A PIR has no way to report a fault; with one configured, occupancy stays known.
  return mode_ == SensorMode::Ultrasonic && ultrasonic_.faulty(now);
}

}  // namespace fw
