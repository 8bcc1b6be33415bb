// Board profiles, the local button and the health a node reports, on the ESP32 shell.
#include <gtest/gtest.h>

#include <esp_system.h>

#include <set>

#include "shell_rig.hpp"

namespace {

using shell_test::kConfigured;
using shell_test::Shell;

TEST_F(Shell, AFirstFirmwareBoardIsDrivenOnItsOwnPinsAndPolarity) {
  const std::string config = std::string(kConfigured) + "board=v1\n";
  std::set<uint8_t> echo_pins;
  s.pulse = [&](uint8_t pin) { echo_pins.insert(pin); return 350ul * 58; };
  server_power_on = false;
  boot(config.c_str());
  ASSERT_FALSE(s.writes.empty());
  EXPECT_EQ(s.writes.front(), std::make_pair(board::kFirstFirmware.relay, int{LOW}));  // power on, first
  run_ms(2000);
  EXPECT_EQ(s.pin_level[14], HIGH);  // off, as the server said
  EXPECT_EQ(echo_pins, std::set<uint8_t>{12});
  EXPECT_EQ(s.pin_mode[13], OUTPUT);
  EXPECT_EQ(s.pin_mode.count(board::kReference.relay), 0u);  // GPIO 26 left alone
  EXPECT_NE(type("config").find("board = v1"), std::string::npos);
}

TEST_F(Shell, TheButtonGivesTheRoomAnHourOfPower) {
  server_power_on = false;
  boot();
  run_ms(2000);
  ASSERT_EQ(relay_pin(), board::kCoilForPowerOff);
  s.pin_level[board::kReference.button] = LOW;  // pressed
  run_ms(300);
  s.pin_level[board::kReference.button] = HIGH;
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOn);
  run_ms(59 * 60'000);
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOn);
  run_ms(2 * 60'000);
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOff);
}

TEST_F(Shell, HeartbeatsCarryRssiUptimeResetReasonAndFreeHeap) {
  s.reset_reason = ESP_RST_BROWNOUT;
  s.rssi = -71;
  s.free_heap = 151000;
  boot();
  run_ms(16 * 60'000);
  std::vector<std::string> beats;
  for (const auto& c : s.http_calls)
    if (c.url.find("/api/esp/heartbeat") != std::string::npos) beats.push_back(c.body);
  ASSERT_EQ(beats.size(), 2u);
  EXPECT_NE(beats[0].find(R"("reset_reason":"brownout","free_heap":151000)"), std::string::npos) << beats[0];
  EXPECT_NE(beats[1].find(R"("rssi":-71,"uptime_s":90)"), std::string::npos) << beats[1];
}

}  // namespace
