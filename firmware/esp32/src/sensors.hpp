#pragma once
// Raw sensor reads; what they mean is decided in firmware/core.
#include <optional>

namespace shell {

void sensors_begin();
// HC-SR04 distance in cm, or nothing when no echo came back in time.
std::optional<float> read_distance_cm();
bool read_pir();

}  // namespace shell
