#pragma once
// Wiring of the reference node (ESP32 DevKitC). See firmware/README.md.
#include <Arduino.h>

#include <cstdint>

namespace board {

constexpr uint8_t kTrigPin = 5;     // HC-SR04 TRIG
constexpr uint8_t kEchoPin = 18;    // HC-SR04 ECHO, through a 5 V → 3.3 V divider
constexpr uint8_t kPirPin = 27;     // PIR OUT (3.3 V)
constexpr uint8_t kRelayPin = 26;   // relay module IN, active high
// The room's circuit runs through the relay's normally-closed contact: coil off means
// power on. A node that is unpowered, booting or crashed leaves the room powered.
constexpr uint8_t kCoilForPowerOn = LOW;
constexpr uint8_t kCoilForPowerOff = HIGH;

constexpr unsigned long kEchoTimeoutUs = 30000;  // beyond ~5 m: no echo
constexpr unsigned long kBaud = 115200;

}  // namespace board
