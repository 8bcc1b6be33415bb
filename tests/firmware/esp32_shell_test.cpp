// The ESP32 shell running on the PC against the Arduino stand-in (firmware/esp32/host_stub).
#include <gtest/gtest.h>

#include <Arduino.h>

// Two files share the name answer_json.hpp: the board's (ArduinoJson) and the sim's.
#include "../../firmware/esp32/src/answer_json.hpp"
#include "../../tools/sim/answer_json.hpp"
#include "board.hpp"
#include "node.hpp"
#include "shell_rig.hpp"

namespace {

using arduino_stub::HttpAnswer;
using arduino_stub::HttpCall;
using shell_test::Shell;

TEST_F(Shell, DrivesTheRelayToPowerOnBeforeAnythingElseAtBoot) {
  boot();
  ASSERT_FALSE(s.writes.empty());
  EXPECT_EQ(s.writes.front(), std::make_pair(board::kRelayPin, int{board::kCoilForPowerOn}));
  EXPECT_EQ(s.pin_mode[board::kRelayPin], OUTPUT);
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOn);
}

TEST_F(Shell, AnUnconfiguredNodeSaysWhatIsMissingAndKeepsPower) {
  boot(nullptr);
  run_ms(20 * 60 * 1000);  // longer than the offline power-off delay
  EXPECT_NE(s.serial_out.find("not configured: device_id"), std::string::npos);
  EXPECT_TRUE(s.http_calls.empty());
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOn);
}

TEST_F(Shell, ReportsWithTheDeviceHeadersAndFollowsTheServer) {
  boot();
  server_power_on = false;
  run_ms(2000);
  ASSERT_GE(s.http_calls.size(), 2u);
  const auto& status = s.http_calls[1];
  EXPECT_EQ(status.url, "http://10.0.0.2:8080/api/esp/status");
  EXPECT_EQ(status.headers.at("X-Device-ID"), "room-7");
  EXPECT_EQ(status.headers.at("X-API-Key"), "key-0123456789");
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOff);
  EXPECT_GE(s.watchdog_resets, 20);  // every round of the control task
  EXPECT_EQ(s.tasks, (std::vector<std::string>{"control", "network", "commands"}));
}

TEST_F(Shell, AMalformedAnswerKeepsTheRelayAndIsLogged) {
  status_body = "<html>gateway timeout</html>";
  boot();
  run_ms(2000);
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOn);
  EXPECT_NE(s.serial_out.find("malformed status answer (not JSON"), std::string::npos) << s.serial_out;
}

TEST_F(Shell, ConsoleRefusesASettingOutOfRangeAndSavesAValidOne) {
  boot();
  run_ms(500);  // the first report's log lines are out of the way
  EXPECT_EQ(type("set report_interval_s 5"), "refused: report_interval_s must be between 10 and 3600\n");
  EXPECT_EQ(s.nvs["classroom/config"].find("report_interval_s"), std::string::npos);
  EXPECT_EQ(type("set report_interval_s 300"), "report_interval_s saved; reboot to apply\n");
  EXPECT_NE(s.nvs["classroom/config"].find("report_interval_s=300"), std::string::npos);
  EXPECT_EQ(type("set server_url gopher://x"), "refused: server_url must start with http:// or https://\n");
  EXPECT_EQ(type("set"), "usage: set NAME VALUE\n");
}

TEST_F(Shell, ConsoleShowsStatusConfigAndLog) {
  boot();
  run_ms(500);
  EXPECT_NE(type("status").find("power=on"), std::string::npos);
  const auto config = type("config");
  EXPECT_NE(config.find("device_id = room-7"), std::string::npos);
  EXPECT_EQ(config.find("key-0123456789"), std::string::npos);
  EXPECT_NE(type("log").find("started"), std::string::npos);
  EXPECT_NE(type("frobnicate").find("unknown command"), std::string::npos);
}

TEST_F(Shell, ConsoleStoresAPastedCaCertificate) {
  boot();
  type("cert");
  type("-----BEGIN CERTIFICATE-----");
  type("MIIBszCCAVmgAwIBAgIU");
  EXPECT_EQ(type("-----END CERTIFICATE-----"), "CA certificate saved; reboot to apply\n");
  EXPECT_NE(s.nvs["classroom/ca_pem"].find("MIIBszCCAVmgAwIBAgIU"), std::string::npos);
}

TEST_F(Shell, RebootCommandRestartsTheChip) {
  boot();
  EXPECT_THROW(type("reboot"), arduino_stub::RestartRequested);
}

TEST_F(Shell, AReservedSeqBlockIsStoredAtBootAndUsedAfterTheReboot) {
  boot();
  run_ms(1000);
  const auto stored = std::stoll(s.nvs["classroom/seq_ceiling"]);
  EXPECT_EQ(stored, 1 + fw::Node::kSeqBlock);
  setup();  // reboot with NVS kept
  run_ms(1000);
  std::string last_status;
  for (const auto& c : s.http_calls)
    if (c.url.find("/api/esp/status") != std::string::npos) last_status = c.body;
  EXPECT_NE(last_status.find("\"seq\":" + std::to_string(stored)), std::string::npos) << last_status;
}

TEST_F(Shell, MissingEchoesAreASensorFaultNotMovement) {
  s.pulse = [](uint8_t) { return 0ul; };
  boot();
  run_ms(15000);
  EXPECT_NE(type("status").find("sensor=no_echo"), std::string::npos);
  EXPECT_NE(type("status").find("occupied=no"), std::string::npos);
}

TEST_F(Shell, WithoutWifiAnIdleRoomKeepsPowerForTheOfflineDelayOnly) {
  boot();
  s.wifi_up = false;
  run_ms(14 * 60 * 1000);
  EXPECT_LE(s.http_calls.size(), 2u);  // reports wait in the buffer
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOn);
  EXPECT_GE(s.wifi_begins, 2);
  run_ms(2 * 60 * 1000);  // 15 min idle and without contact: the node's own rule
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOff);
}

// The board's ArduinoJson mapping and classroom-sim's Boost.JSON mapping accept and
// refuse the same answers.
TEST(ShellAnswerJson, AgreesWithTheSimulatorsMapping) {
  const char* bodies[] = {
      R"({"is_booked":true,"power_on":false,"reason":"booked","next_report_s":60,"server_time":"2024-01-01T00:00:00Z"})",
      R"({"is_booked":false,"power_on":true,"command":{"id":3,"power_on":false}})",
      R"({"is_booked":false,"power_on":true,"command":null})",
      R"({"is_booked":true,"power_on":true,"last_seq":812,"booked_until":"2024-01-01T10:00:00+01:00"})",
      R"({"is_booked":true,"power_on":true,"last_seq":"x","booked_until":17})",
      R"({"is_booked":false,"power_on":true,"firmware":{"version":"1.1.0","url":"https://x/fw.bin","sha256":"ab","size":9,"signature":"cd"}})",
      R"({"is_booked":false,"power_on":true,"firmware":{"version":"1.1.0","url":"https://x/fw.bin","size":"9"}})",
      R"({"is_booked":false})",
      R"({"is_booked":"no","power_on":true})",
      R"({"is_booked":false,"power_on":true,"next_report_s":"soon"})",
      R"({"is_booked":false,"power_on":true,"server_time":42})",
      R"({"is_booked":false,"power_on":true,"command":{"id":1}})",
      "not json",
      "[1,2]",
      "",
  };
  for (const char* body : bodies) {
    std::string e1, e2;
    auto board = shell::parse_answer(fw::RequestKind::Status, String(body), e1);
    auto host = sim::parse_answer(fw::RequestKind::Status, body, e2);
    EXPECT_EQ(board.index(), host.index()) << body << " board: " << e1 << " host: " << e2;
    if (auto* a = std::get_if<fw::StatusAnswer>(&board)) {
      auto& b = std::get<fw::StatusAnswer>(host);
      EXPECT_EQ(a->power_on, b.power_on);
      EXPECT_EQ(a->next_report_s, b.next_report_s);
      EXPECT_EQ(a->server_time, b.server_time);
      EXPECT_EQ(a->command.has_value(), b.command.has_value());
      EXPECT_EQ(a->last_seq, b.last_seq);
      EXPECT_EQ(a->booked_until, b.booked_until);
      EXPECT_EQ(a->firmware.has_value(), b.firmware.has_value());
    }
  }
  std::string err;
  auto cmds = shell::parse_commands(String(R"({"commands":[{"id":9,"power_on":true}]})"), err);
  ASSERT_TRUE(cmds) << err;
  EXPECT_EQ(cmds->commands.at(0).id, 9);
  EXPECT_FALSE(shell::parse_commands(String(R"({"commands":[{"id":9}]})"), err));
}

}  // namespace

namespace {

using shell_test::Shell;

TEST_F(Shell, AHugeAnswerIsRefusedUnreadAndLoggedShort) {
  status_body = "<html>" + std::string(20000, 'x') + "</html>";  // a captive portal's page
  boot();
  run_ms(3000);
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOn);
  const auto log = type("log");
  EXPECT_NE(log.find("answer of 20013 bytes refused"), std::string::npos) << log.substr(0, 2000);
  EXPECT_LT(log.size(), 8000u);
}

TEST_F(Shell, ANewWifiAttemptWaitsForTheOneInProgress) {
  boot();
  s.wifi_up = false;
  const int begins = s.wifi_begins;
  run_ms(14'000);
  EXPECT_EQ(s.wifi_begins, begins);  // association and DHCP get their time
  run_ms(5 * 60'000);
  EXPECT_GE(s.wifi_begins, begins + 2);
}

}  // namespace
