#pragma once
// How long a node refused for a full write queue or outage journal is told to wait
// (Retry-After): spread over a window, so that the thousands refused in one second of a
// reconnect storm do not all come back in the same second. `draw` is uniform in [0, 1).
#include <algorithm>
#include <cstdint>

namespace classroom {

inline constexpr std::int64_t kRetryLeastS = 5, kRetrySpreadS = 25;

constexpr std::int64_t retry_after_spread_s(double draw, std::int64_t least_s = kRetryLeastS,
                                            std::int64_t spread_s = kRetrySpreadS) {
  auto extra = static_cast<std::int64_t>(std::clamp(draw, 0.0, 1.0) * static_cast<double>(spread_s));
  return least_s + std::min(extra, spread_s - 1);
}

}  // namespace classroom
