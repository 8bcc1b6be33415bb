#pragma once
#include <cstdint>
// Microseconds since boot; 64 bits, so it does not wrap like millis().
int64_t esp_timer_get_time();
