#pragma once
// The offline buffer as one NVS string, so reports waiting for the server survive a
// reboot. Compact text, one record a line, each with its own checksum: a torn write or
// a flipped bit costs that record, never the rest or the boot.
//
//   ob1,<seq>,<unix>*<crc>                       header: version, the newest report
//   <seq back>,<s back>,<flags>,<idle s>,<centi °C|->,<fault|->*<crc>   one per report
//
// Seq and time of each record are counted back from the header's (small numbers).
// flags: 1 occupied, 2 power on, 4 sensor ok. crc: 16 bits of FNV-1a, hex.
//
// Every stored report carries its wall-clock time (unix seconds), because the node's
// millis clock restarts at boot. A report made while the node has no wall clock (no
// server answer and no NTP since boot) is not stored: after a reboot nothing could say
// when it was made, and sent without a time the server would file it as the room's
// state at arrival — an old "occupied" or "power off" taken for the present. The
// reports made after the reboot tell the server how the room is now.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol.hpp"

namespace fw {

// The flash budget: at most this many reports and bytes, the newest kept (as in RAM,
// the oldest give way). Well inside one NVS string (limit 4000 bytes).
inline constexpr std::size_t kSavedReportsMax = 64;
inline constexpr std::size_t kSavedReportsBytes = 3072;

struct SavedReports {
  std::string text;      // empty when nothing is kept
  std::size_t kept = 0;  // reports in the text
  std::size_t untimed = 0;  // left out: made without a wall clock
};

// `items` oldest first. A report's time is its made_at_unix, else made_at on this
// boot's clock through wall_offset_ms (unix ms = made_at + offset), else it has none.
SavedReports serialize_reports(const std::deque<StatusReport>& items,
                               std::optional<Millis> wall_offset_ms,
                               std::size_t max_reports = kSavedReportsMax,
                               std::size_t max_bytes = kSavedReportsBytes);

// The stored reports, oldest first, each with made_at_unix set and seq increasing.
// An unknown version or a bad header gives nothing; a bad record is skipped.
std::vector<StatusReport> parse_reports(std::string_view text);

}  // namespace fw
