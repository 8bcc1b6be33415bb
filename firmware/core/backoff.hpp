#pragma once
// Capped exponential backoff with jitter, so a fleet that lost the server does not
// come back all in the same second. The random source is a seeded xorshift: the same
// seed gives the same delays in tests and in classroom-sim.
#include <cstdint>

#include "clock.hpp"

namespace fw {

class Rng {
 public:
  explicit Rng(std::uint32_t seed) : state_(seed ? seed : 0x9e3779b9u) {}
  std::uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  // Uniform in [0, bound).
  std::uint32_t below(std::uint32_t bound) { return bound ? next() % bound : 0; }

 private:
  std::uint32_t state_;
};

std::uint32_t seed_from(const char* text);  // FNV-1a, e.g. of the device id

class Backoff {
 public:
  Backoff(Millis initial, Millis cap, std::uint32_t seed)
      : initial_(initial), cap_(cap), rng_(seed) {}
  // Delay before the next attempt after one more failure: half of the exponential
  // step fixed, half random ("equal jitter"), never above the cap.
  Millis next_delay();
  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  Millis initial_;
  Millis cap_;
  Rng rng_;
  int failures_ = 0;
};

}  // namespace fw
