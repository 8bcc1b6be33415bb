#pragma once
// The ESP32 shell on the PC: the Arduino stand-in scripted as a room and a server, and
// the shell's tasks stepped in turn on a simulated clock as FreeRTOS would run them.
#include <gtest/gtest.h>

#include <Arduino.h>

#include <cstdint>
#include <string>

#include "app.hpp"
#include "board.hpp"

void setup();
void loop();

namespace shell_test {

using arduino_stub::HttpAnswer;
using arduino_stub::HttpCall;

constexpr std::int64_t kPeriodUs = 100'000;  // the control task's sample period

constexpr const char* kConfigured =
    "device_id=room-7\napi_key=key-0123456789\nserver_url=http://10.0.0.2:8080\nwifi_ssid=campus\n"
    "start_jitter_ms=0\n";

struct Shell : ::testing::Test {
  arduino_stub::State& s = arduino_stub::state();
  bool server_power_on = true;
  std::string status_body;  // overrides the status answer when set

  void SetUp() override {
    arduino_stub::reset();
    s.pulse = [](uint8_t) { return 350ul * 58; };  // an empty room: the wall at 3.5 m
    s.http = [this](const HttpCall& c) { return answer(c); };
  }

  HttpAnswer answer(const HttpCall& c) {
    if (c.url.find("/api/esp/commands") != std::string::npos) return {200, R"({"commands":[]})", {}};
    if (c.url.find("/api/esp/status") != std::string::npos) {
      if (!status_body.empty()) return {200, status_body, {}};
      return {200, std::string(R"({"message":"ok","is_booked":false,"reason":"idle","power_on":)") +
                       (server_power_on ? "true" : "false") + "}", {}};
    }
    return {200, R"({"message":"ok","server_time":"2024-01-01T00:00:00Z"})", {}};
  }

  void boot(const char* config = kConfigured) {
    if (config) s.nvs["classroom/config"] = config;
    s.wifi_up = true;
    setup();
  }
  // One scheduler round: each task body's step once, then the control period.
  void round() {
    const auto next = s.now_us + kPeriodUs;
    shell::control_step();
    shell::network_step();
    shell::poll_step();
    if (s.now_us < next) s.now_us = next;
  }
  void run_ms(std::int64_t ms) {
    const auto end = s.now_us + ms * 1000;
    while (s.now_us < end) round();
  }
  std::string type(const std::string& line) {
    s.serial_out.clear();
    s.serial_in += line + "\n";
    shell::control_step();
    return s.serial_out;
  }
  int relay_pin() { return s.pin_level[board::kRelayPin]; }
};

}  // namespace shell_test
