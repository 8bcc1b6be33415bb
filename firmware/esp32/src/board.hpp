#pragma once
// Board profiles: which pins the sensors, the relay and the button are on, and how the
// relay is driven. Chosen with the `board` setting; see firmware/README.md.
#include <Arduino.h>

#include <cstdint>

#include "config.hpp"

namespace board {

constexpr uint8_t kNoPin = 0xFF;

struct Profile {
  const char* name;
  uint8_t trig, echo, pir, relay, button;
  uint8_t coil_for_power_on, coil_for_power_off;
  // Whether an unpowered, booting or crashed node leaves the room powered.
  bool released_is_power_on;
};

// The reference node (ESP32 DevKitC): the room's circuit runs through the relay's
// normally-closed contact, so coil off means power on. The button is the DevKitC's
// BOOT button (GPIO 0, active low); a panel button can be wired in parallel.
constexpr Profile kReference{"reference", 5, 18, 27, 26, 0, LOW, HIGH, true};
// The first firmware's wiring guide: TRIG 13, ECHO 12, relay module on 14, active LOW,
// room circuit on the normally-open contact (energized = power on), no PIR. A crashed
// node leaves such a room dark: rewire to NC and switch to `reference` when possible.
constexpr Profile kFirstFirmware{"v1", 13, 12, kNoPin, 14, 0, LOW, HIGH, false};

// An ESP32-C3 DevKitM-1 (RISC-V, the CPU the core is cross-compiled for in the tests):
// it has no GPIO 18..27 beyond 21, so everything moves; BOOT is GPIO 9. NC contact.
constexpr Profile kEspC3{"c3", 4, 5, 6, 7, 9, LOW, HIGH, true};

constexpr const Profile& profile(fw::BoardKind kind) {
  switch (kind) {
    case fw::BoardKind::FirstFirmware: return kFirstFirmware;
    case fw::BoardKind::EspC3: return kEspC3;
    default: return kReference;
  }
}

// The reference profile's pins, for code and tests that name them directly.
constexpr uint8_t kRelayPin = kReference.relay;
constexpr uint8_t kCoilForPowerOn = kReference.coil_for_power_on;
constexpr uint8_t kCoilForPowerOff = kReference.coil_for_power_off;

constexpr unsigned long kEchoTimeoutUs = 30000;  // beyond ~5 m: no echo
constexpr unsigned long kBaud = 115200;

}  // namespace board
