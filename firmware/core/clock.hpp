#pragma once
// Time in the core is always an argument: a monotonic millisecond count (millis()
// on the ESP32, a simulated clock in tests and in classroom-sim).
#include <cstdint>

namespace fw {

using Millis = std::int64_t;

constexpr Millis seconds(std::int64_t s) { return s * 1000; }
constexpr Millis minutes(std::int64_t m) { return m * 60'000; }
constexpr Millis hours(std::int64_t h) { return h * 3'600'000; }

}  // namespace fw
