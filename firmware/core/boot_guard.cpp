#include "boot_guard.hpp"

#include <algorithm>

namespace fw {

BootVerdict on_boot(std::int32_t unstable_before, ResetKind why) {
  const std::int32_t before = why == ResetKind::Crash ? std::clamp<std::int32_t>(unstable_before, 0, 1000) : 0;
  BootVerdict v;
  v.safe_mode = before >= kSafeModeAfter;
  // In safe mode the count stays where it is: a crash there keeps the node in it.
  v.store_now = v.safe_mode ? before : before + 1;
  return v;
}

}  // namespace fw
