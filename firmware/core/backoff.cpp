#include "backoff.hpp"

#include <algorithm>

namespace fw {

std::uint32_t seed_from(const char* text) {
  std::uint32_t h = 2166136261u;
  for (; text && *text; ++text) {
    h ^= static_cast<unsigned char>(*text);
    h *= 16777619u;
  }
  return h;
}

Millis Backoff::next_delay() {
  Millis step = initial_;
  for (int i = 0; i < failures_ && step < cap_; ++i) step *= 2;
  step = std::min(step, cap_);
  if (failures_ < 62) ++failures_;
  const Millis half = step / 2;
  return half + static_cast<Millis>(rng_.below(static_cast<std::uint32_t>(step - half + 1)));
}

}  // namespace fw
