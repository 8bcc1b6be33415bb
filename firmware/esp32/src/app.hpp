#pragma once
// The node on the board: wires pins, NVS, WiFi, HTTP and the console to fw::Node.
#include <memory>

namespace shell {

void app_setup();
void app_loop();

}  // namespace shell
