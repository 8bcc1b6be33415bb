// Runs the ESP32 shell on the PC against the Arduino stand-in: setup(), then the
// tasks' steps for a simulated minute with a server that always answers. Building this
// target is the check that the shell still compiles and links; running it (ctest
// firmware_esp32_host_smoke) is a smoke test.
#include <cstdio>

#include "Arduino.h"
#include "app.hpp"

void setup();
void loop();

int main() {
  auto& s = arduino_stub::state();
  s.nvs["classroom/config"] =
      "device_id=bench-node\napi_key=bench-key-123\nserver_url=http://127.0.0.1:8080\nwifi_ssid=lab\n";
  s.wifi_up = true;
  s.pulse = [](uint8_t) { return 350ul * 58; };
  s.http = [](const arduino_stub::HttpCall& call) {
    arduino_stub::HttpAnswer a{200, R"({"message":"ok"})", {}};
    if (call.url.find("/api/esp/status") != std::string::npos)
      a.body = R"({"message":"ok","is_booked":false,"power_on":true,"reason":"idle","server_time":"2024-01-01T00:00:00Z"})";
    if (call.url.find("/api/esp/heartbeat") != std::string::npos)
      a.body = R"({"message":"ok","server_time":"2024-01-01T00:00:00Z"})";
    return a;
  };
  setup();
  while (s.now_us < 60'000'000) {  // the tasks' steps in turn, as the scheduler would
    const auto next = s.now_us + 100'000;
    shell::control_step();
    shell::network_step();
    shell::poll_step();
    if (s.now_us < next) s.now_us = next;
  }
  std::fputs(s.serial_out.c_str(), stdout);
  std::printf("%zu HTTP calls, relay pin %d\n", s.http_calls.size(), s.pin_level[26]);
  return s.http_calls.empty() ? 1 : 0;
}
