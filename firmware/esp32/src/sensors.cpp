#include "sensors.hpp"

namespace shell {

void sensors_begin(const board::Profile& b) {
  pinMode(b.trig, OUTPUT);
  digitalWrite(b.trig, LOW);
  pinMode(b.echo, INPUT);
  if (b.pir != board::kNoPin) pinMode(b.pir, INPUT_PULLDOWN);
  if (b.button != board::kNoPin) pinMode(b.button, INPUT_PULLUP);
}

std::optional<float> read_distance_cm(const board::Profile& b) {
  digitalWrite(b.trig, LOW);
  delayMicroseconds(2);
  digitalWrite(b.trig, HIGH);
  delayMicroseconds(10);
  digitalWrite(b.trig, LOW);
  const unsigned long echo_us = pulseIn(b.echo, HIGH, board::kEchoTimeoutUs);
  if (echo_us == 0) return std::nullopt;
  return static_cast<float>(echo_us) / 58.0f;  // sound: 29 µs per cm, there and back
}

bool read_pir(const board::Profile& b) { return b.pir != board::kNoPin && digitalRead(b.pir) == HIGH; }

bool read_button(const board::Profile& b) { return b.button != board::kNoPin && digitalRead(b.button) == LOW; }

}  // namespace shell
