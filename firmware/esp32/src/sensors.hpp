#pragma once
// Raw sensor and button reads on a board profile's pins; what they mean is decided in
// firmware/core.
#include <optional>

#include "board.hpp"

namespace shell {

void sensors_begin(const board::Profile& b);
// HC-SR04 distance in cm, or nothing when no echo came back in time.
std::optional<float> read_distance_cm(const board::Profile& b);
bool read_pir(const board::Profile& b);
bool read_button(const board::Profile& b);  // pressed

}  // namespace shell
