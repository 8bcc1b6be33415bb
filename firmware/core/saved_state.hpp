#pragma once
// What the node remembers across a reboot besides its settings (NVS on the ESP32):
// the booking and the server's last word, so a node that reboots during a server
// outage in a booked room keeps the power on. Written in batches (see
// Node::take_state_to_save), read once at boot.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fw {

struct SavedState {
  bool booked = false;
  std::int64_t booked_until_unix = 0;  // 0: unknown (booked until the server says otherwise)
  bool held = false;                   // the server's last word was a manual "on"
  std::int64_t saved_at_unix = 0;      // 0: the node had no wall clock when it saved
  bool operator==(const SavedState& o) const {
    return booked == o.booked && booked_until_unix == o.booked_until_unix && held == o.held &&
           saved_at_unix == o.saved_at_unix;
  }
};

// One NVS string: "booked=1\nuntil=...\nheld=0\nsaved_at=...\n".
std::string serialize_state(const SavedState& s);
// Unknown or unreadable lines are ignored; a blank text is the default state.
SavedState parse_state(std::string_view text);

// How long, from boot, a stored booking still counts: nothing when it has no known end
// (it then counts until the server answers), 0 when it had ended.
// The reboot's own downtime is unknown and only shortens the real remainder, so this
// errs towards keeping power.
std::optional<std::int64_t> booked_remaining_s(const SavedState& s);

}  // namespace fw
