#include "sensors.hpp"

#include "board.hpp"

namespace shell {

void sensors_begin() {
  pinMode(board::kTrigPin, OUTPUT);
  digitalWrite(board::kTrigPin, LOW);
  pinMode(board::kEchoPin, INPUT);
  pinMode(board::kPirPin, INPUT_PULLDOWN);
}

std::optional<float> read_distance_cm() {
  digitalWrite(board::kTrigPin, LOW);
  delayMicroseconds(2);
  digitalWrite(board::kTrigPin, HIGH);
  delayMicroseconds(10);
  digitalWrite(board::kTrigPin, LOW);
  const unsigned long echo_us = pulseIn(board::kEchoPin, HIGH, board::kEchoTimeoutUs);
  if (echo_us == 0) return std::nullopt;
  return static_cast<float>(echo_us) / 58.0f;  // sound: 29 µs per cm, there and back
}

bool read_pir() { return digitalRead(board::kPirPin) == HIGH; }

}  // namespace shell
