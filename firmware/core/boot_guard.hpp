#pragma once
// Boot-loop protection: a node that keeps crashing soon after boot (a bad setting, a
// network path that trips the watchdog, a brown-out loop) starts in safe mode after
// kSafeModeAfter such boots in a row: relay on, no sensing, network only, so it stays
// visible and can be fixed remotely. Pure: the shell stores the count in NVS.
#include <cstdint>

#include "clock.hpp"

namespace fw {

// Why the chip last reset, as far as boot-loop counting is concerned.
enum class ResetKind {
  PowerOn,  // power applied: a fresh start, not a loop
  Clean,    // a deliberate restart (console, end of safe mode)
  Crash,    // panic, watchdog, brown-out, unknown
};

struct BootVerdict {
  bool safe_mode = false;
  std::int32_t store_now = 0;  // unstable boots in a row, this one included
};

inline constexpr std::int32_t kSafeModeAfter = 5;
inline constexpr Millis kStableAfter = seconds(60);  // a boot that lasts this long was good
inline constexpr Millis kSafeModeFor = minutes(10);  // then try a normal boot again

// `unstable_before`: boots in a row that ended before kStableAfter, as stored.
BootVerdict on_boot(std::int32_t unstable_before, ResetKind why);

// What to store once the node has been up `uptime`: 0 when the boot proved stable.
inline bool boot_proved_stable(Millis uptime) { return uptime >= kStableAfter; }

}  // namespace fw
