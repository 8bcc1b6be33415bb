#include <gtest/gtest.h>

#include <vector>

#include "wire.hpp"

namespace fw {
namespace {

TEST(Wire, StatusBodyCarriesEveryFieldTheServerReads) {
  StatusReport r{7, 0, true, false, 42, 21.5};
  EXPECT_EQ(status_body("room-1", r, 1700000000),
            R"({"device_id":"room-1","is_occupied":true,"is_power_on":false,"last_movement":42,)"
            R"("temperature":21.50,"seq":7,"sensor_ok":true,"sensor_fault":null,"timestamp":1700000000})");
}

TEST(Wire, StatusBodyWithoutTemperatureOrClockSendsNullAndNoTimestamp) {
  StatusReport r{1, 0, false, true, 0, std::nullopt};
  auto body = status_body("n", r, std::nullopt);
  EXPECT_NE(body.find(R"("temperature":null)"), std::string::npos);
  EXPECT_EQ(body.find("timestamp"), std::string::npos);
}

TEST(Wire, EscapesQuotesAndControlCharactersInStrings) {
  std::string out;
  append_json_string(out, "a\"b\\c\n");
  EXPECT_EQ(out, R"("a\"b\\c\u000a")");
}

TEST(Wire, BatchGivesEachReportItsSeqAndTheTimeItWasMade) {
  std::vector<StatusReport> rs{{3, seconds(10), false, true, 5, {}}, {4, seconds(130), true, true, 0, {}}};
  auto body = batch_body("d", rs, 1000, seconds(200));
  EXPECT_NE(body.find(R"("seq":3,"sensor_ok":true,"sensor_fault":null,"timestamp":810})"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("seq":4,"sensor_ok":true,"sensor_fault":null,"timestamp":930})"), std::string::npos) << body;
  EXPECT_EQ(body.rfind(R"({"reports":[{)", 0), 0u);
}

TEST(Wire, PowerLogConfirmsAManualCommandById) {
  PowerLogEntry e{false, PowerReason::Manual, 0, 12};
  EXPECT_EQ(power_log_body(e, 5), R"({"power_on":false,"reason":"manual","timestamp":5,"command_id":12})");
  EXPECT_EQ(power_log_body({true, PowerReason::Failsafe, 0, {}}, std::nullopt),
            R"({"power_on":true,"reason":"failsafe"})");
}

TEST(Wire, HeartbeatNamesTheFirmwareVersion) {
  EXPECT_EQ(heartbeat_body("1.2.3"), R"({"firmware_version":"1.2.3"})");
  EXPECT_EQ(heartbeat_body(""), "{}");
}

TEST(Wire, ReadsIso8601TimesWithAndWithoutOffset) {
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601("2023-11-14T22:13:20Z"), 1700000000);
  EXPECT_EQ(parse_iso8601("2023-11-14T22:13:20.123456+00:00"), 1700000000);
  EXPECT_EQ(parse_iso8601("2023-11-15T00:13:20+02:00"), 1700000000);
  EXPECT_EQ(parse_iso8601("2023-11-14T17:13:20-05:00"), 1700000000);
  EXPECT_EQ(parse_iso8601("2023-11-14T22:13:20"), 1700000000);
  EXPECT_EQ(parse_iso8601("2024-02-29T12:00:00Z"), 1709208000);
}

TEST(Wire, RefusesTextThatIsNotAnIso8601Time) {
  for (const char* bad : {"", "yesterday", "2023-13-01T00:00:00Z", "2023-11-14 22:13", "2023-11-14T22:13:20+0200",
                          "2023-11-14T22:13:20Zjunk", "2023-11-14T22:13:20."})
    EXPECT_EQ(parse_iso8601(bad), std::nullopt) << bad;
}

TEST(Wire, MapsServerReasonsToPowerLogReasons) {
  EXPECT_EQ(reason_from_server("manual_override"), PowerReason::Manual);
  EXPECT_EQ(reason_from_server("booked"), PowerReason::Booking);
  EXPECT_EQ(reason_from_server("booking_soon"), PowerReason::Booking);
  EXPECT_EQ(reason_from_server("stale_data"), PowerReason::Failsafe);
  EXPECT_EQ(reason_from_server("idle_timeout"), PowerReason::AutoControl);
  EXPECT_EQ(reason_from_server("booking_starts_soon"), PowerReason::AutoControl);  // not sent
}

}  // namespace
}  // namespace fw
