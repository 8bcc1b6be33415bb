#include <gtest/gtest.h>

#include "config.hpp"
#include "node_rig.hpp"

namespace fw {
namespace {

TEST(Config, DefaultsFollowTheProductTimings) {
  Config c;
  EXPECT_EQ(c.movement_timeout_s, 60);
  EXPECT_EQ(c.report_interval_s, 120);
  EXPECT_GT(c.offline_power_off_s, 180);  // longer than the server's power-off delay
}

TEST(Config, AcceptsSettingsInsideTheirRange) {
  Config c = test::test_config();
  EXPECT_EQ(set_setting(c, "report_interval_s", "300"), std::nullopt);
  EXPECT_EQ(c.report_interval_s, 300);
  EXPECT_EQ(set_setting(c, "sensor", "pir"), std::nullopt);
  EXPECT_EQ(c.sensor, SensorMode::Pir);
  EXPECT_EQ(set_setting(c, "server_url", "https://campus.example/api"), std::nullopt);
  EXPECT_TRUE(validate(c).empty());
}

TEST(Config, RefusesOutOfRangeSettingWithAMessageAndKeepsTheOldValue) {
  Config c;
  auto err = set_setting(c, "movement_timeout_s", "2");
  ASSERT_TRUE(err);
  EXPECT_EQ(*err, "movement_timeout_s must be between 5 and 3600");
  EXPECT_EQ(c.movement_timeout_s, 60);
  EXPECT_TRUE(set_setting(c, "report_interval_s", "99999"));
  EXPECT_EQ(c.report_interval_s, 120);
}

TEST(Config, RefusesUnknownNamesAndValuesThatAreNotWholeNumbers) {
  Config c;
  EXPECT_EQ(*set_setting(c, "colour", "red"), "unknown setting 'colour'");
  EXPECT_TRUE(set_setting(c, "report_interval_s", "12x"));
  EXPECT_TRUE(set_setting(c, "report_interval_s", ""));
  EXPECT_TRUE(set_setting(c, "report_interval_s", "-5"));
  EXPECT_TRUE(set_setting(c, "sensor", "radar"));
  EXPECT_EQ(c.report_interval_s, 120);
}

TEST(Config, RefusesMalformedUrlDeviceIdKeyAndWifiPassword) {
  Config c = test::test_config();
  EXPECT_TRUE(set_setting(c, "server_url", "ftp://x"));
  EXPECT_TRUE(set_setting(c, "server_url", "http://"));
  EXPECT_TRUE(set_setting(c, "server_url", "http://a b"));
  EXPECT_TRUE(set_setting(c, "device_id", ""));
  EXPECT_TRUE(set_setting(c, "device_id", "room 1"));
  EXPECT_TRUE(set_setting(c, "api_key", "short"));
  EXPECT_TRUE(set_setting(c, "wifi_password", "1234"));
  EXPECT_EQ(c.server_url, "http://127.0.0.1:8080");
  EXPECT_EQ(c.device_id, "room-101");
}

TEST(Config, RefusesSettingsThatContradictEachOther) {
  Config c;
  EXPECT_EQ(set_setting(c, "sensor_min_cm", "100"), std::nullopt);
  EXPECT_TRUE(set_setting(c, "sensor_max_cm", "90"));
  EXPECT_TRUE(set_setting(c, "movement_timeout_s", "1000"));  // above offline_power_off_s
  EXPECT_TRUE(set_setting(c, "batch_max", "200"));
}

TEST(Config, ValidateNamesEveryMissingIdentity) {
  Config c;
  auto problems = validate(c);
  EXPECT_EQ(problems.size(), 4u);  // device_id, api_key, server_url, wifi_ssid
}

TEST(Config, DescribeMasksSecretsAndListsEverySetting) {
  Config c = test::test_config();
  auto lines = describe(c);
  EXPECT_EQ(lines.size(), setting_names().size());
  for (auto& l : lines) EXPECT_EQ(l.find("secret-key"), std::string::npos) << l;
  EXPECT_EQ(lines[1], "api_key = ********");
}

TEST(Config, StoredSettingsRoundTripWithSecrets) {
  Config c = test::test_config();
  c.wifi_ssid = "Campus Net";
  c.report_interval_s = 90;
  c.sensor = SensorMode::Both;
  Config back;
  std::vector<std::string> problems;
  load_settings(back, serialize(c), problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(serialize(back), serialize(c));
  EXPECT_EQ(back.api_key, "secret-key-123");
}

TEST(Config, ABadStoredValueIsReportedAndTheRestStillLoads) {
  Config c;
  std::vector<std::string> problems;
  load_settings(c, "report_interval_s=1\r\nmovement_timeout_s=90\njunk\ndevice_id=\n", problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(c.report_interval_s, 120);
  EXPECT_EQ(c.movement_timeout_s, 90);
}

}  // namespace
}  // namespace fw
