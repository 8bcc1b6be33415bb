// A database made by the previous release (PREVIOUS_COMMIT, built from this
// repository's history by build_previous.sh) upgrades when today's classroomd starts
// on it, with all its data and the schema a new database gets.
#include "harness.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace ts = testing_support;
namespace json = boost::json;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string first_line(const std::string& path) {
  auto text = read_file(path);
  return text.substr(0, text.find('\n'));
}

std::string sh_quote(const std::string& s) { return "'" + s + "'"; }

// table.column of every column, sorted: the schema as both databases describe it.
std::string columns(const std::string& db) {
  if (db.rfind("sqlite:", 0) == 0)
    return ts::sql(db, "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                       "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1");
  return ts::sql(db, "SELECT table_name || '.' || column_name FROM information_schema.columns "
                     "WHERE table_schema = 'public' ORDER BY 1");
}

std::int64_t count(const std::string& db, const std::string& table) {
  return std::stoll(ts::sql(db, "SELECT COUNT(*) FROM " + table));
}

ts::HttpResult report(int port, const json::value& node, bool occupied) {
  auto body = json::object{{"is_occupied", occupied}, {"is_power_on", true}, {"last_movement", occupied ? 0 : 900},
                           {"temperature", 21.5}};
  return ts::http(port, "POST", "/api/esp/status", json::serialize(body),
                  {{"X-Device-ID", std::string(node.at("device_id").as_string())},
                   {"X-API-Key", std::string(node.at("api_key").as_string())}});
}

}  // namespace

class UpgradeTest : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Db, UpgradeTest, ::testing::Values(std::string("sqlite"), std::string("postgresql")),
                         [](const auto& info) { return info.param; });

TEST_P(UpgradeTest, ADatabaseOfThePreviousReleaseUpgradesOnStartWithAllItsData) {
  ASSERT_EQ(ts::run("test -x " + std::string(PREVIOUS_CLASSROOMD)), 0)
      << PREVIOUS_CLASSROOMD << " is missing: the ctest test upgrade_build_previous builds it from commit "
      << PREVIOUS_COMMIT;
  auto db = ts::fresh_db(GetParam());
  auto var = ts::make_temp_dir("upgrade") + "/var";
  ASSERT_EQ(ts::run(std::string(PREVIOUS_CLASSROOMD) + " seed-demo --rooms 4 --db " + sh_quote(db) + " --var-dir " +
                    var + " > /dev/null"),
            0);
  auto admin_password = first_line(var + "/admin-password");
  auto staff_password = first_line(var + "/staff-password");
  auto fleet = json::parse(read_file(var + "/demo-devices.json")).as_array();
  ASSERT_EQ(fleet.size(), 4u);

  // The previous release in use: reports, a heartbeat, a booking, a contact message.
  auto start = (ts::now() / 3600 + 48) * 3600;
  std::int64_t room = fleet[0].at("classroom_id").as_int64();
  {
    ts::Server old(db, {"--var-dir", var}, PREVIOUS_CLASSROOMD);
    for (auto& node : fleet)
      for (bool occupied : {false, true, false}) ASSERT_EQ(report(old.port(), node, occupied).status, 200);
    ASSERT_EQ(report(old.port(), fleet[0], true).status, 200);
    auto hb = ts::http(old.port(), "POST", "/api/esp/heartbeat", R"({"firmware_version":"1.4.2"})",
                       {{"X-Device-ID", std::string(fleet[1].at("device_id").as_string())},
                        {"X-API-Key", std::string(fleet[1].at("api_key").as_string())}});
    ASSERT_EQ(hb.status, 200) << hb.body;
    auto staff = ts::login(old.port(), "staff", staff_password);
    auto booked = ts::http_json(old.port(), "POST", "/api/staff/bookings",
                                json::object{{"classroom_id", room}, {"start_time", ts::iso_utc(start)},
                                             {"end_time", ts::iso_utc(start + 3600)},
                                             {"title", "Lecture made before the upgrade"}},
                                staff);
    ASSERT_EQ(booked.status, 201) << booked.body;
    auto contact = ts::http_json(old.port(), "POST", "/api/contact",
                                 json::object{{"name", "Ana"}, {"email", "ana@campus.test"}, {"subject", "Heating"},
                                              {"message", "Room A101 is cold"}, {"message_type", "general"}});
    ASSERT_EQ(contact.status, 201) << contact.body;
    ASSERT_EQ(old.stop(), 0) << old.log();
  }
  auto old_version = ts::sql(db, "SELECT MAX(version) FROM schema_migrations");
  EXPECT_EQ(old_version, "3") << "the previous release's schema";
  std::map<std::string, std::int64_t> before;
  for (auto table : {"users", "esp_devices", "classrooms", "status_logs", "bookings", "contact_messages"})
    before[table] = count(db, table);
  EXPECT_EQ(before["status_logs"], 13);

  // Today's binary on it.
  ts::Server today(db, {"--var-dir", var});
  auto fresh = ts::fresh_db(GetParam());
  ts::add_user(fresh, "someone", "someone-password-1", "staff");
  EXPECT_EQ(ts::sql(db, "SELECT MAX(version) FROM schema_migrations"),
            ts::sql(fresh, "SELECT MAX(version) FROM schema_migrations"));
  EXPECT_NE(ts::sql(db, "SELECT MAX(version) FROM schema_migrations"), old_version) << "a migration ran";
  EXPECT_EQ(columns(db), columns(fresh)) << "the upgraded schema is the one a new database gets";
  for (auto& [table, n] : before) EXPECT_EQ(count(db, table), n) << table;

  auto admin = ts::login(today.port(), "admin", admin_password);
  auto staff = ts::login(today.port(), "staff", staff_password);
  auto bookings = ts::http_json(today.port(), "GET", "/api/staff/bookings", nullptr, staff);
  ASSERT_EQ(bookings.status, 200);
  EXPECT_NE(bookings.body.find("Lecture made before the upgrade"), std::string::npos) << bookings.body;
  auto devices = ts::http_json(today.port(), "GET", "/api/admin/devices", nullptr, admin);
  EXPECT_NE(devices.body.find("\"firmware_version\":\"1.4.2\""), std::string::npos) << devices.body;
  auto rooms = ts::http_json(today.port(), "GET", "/api/admin/classrooms", nullptr, admin);
  ASSERT_EQ(rooms.status, 200);
  auto items = rooms.json().is_array() ? rooms.json().as_array() : rooms.json().at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  for (auto& r : items)
    if (r.at("id").as_int64() == room) EXPECT_EQ(r.at("status").at("is_occupied"), true) << json::serialize(r);
  auto contact = ts::http_json(today.port(), "GET", "/api/admin/contact-messages", nullptr, admin);
  EXPECT_NE(contact.body.find("Room A101 is cold"), std::string::npos) << contact.body;
  // A device's logs from before the upgrade are still found by device (through the
  // rooms it reported from, which the upgrade reads out of the logs).
  auto logs = ts::http_json(today.port(), "GET",
                            "/api/admin/devices/" + std::string(fleet[0].at("device_id").as_string()) + "/status-logs",
                            nullptr, admin);
  ASSERT_EQ(logs.status, 200) << logs.body;
  EXPECT_EQ(logs.json().at("total").as_int64(), 4) << logs.body;
  // The nodes' keys from before the upgrade still work.
  EXPECT_EQ(report(today.port(), fleet[2], true).status, 200);
  EXPECT_EQ(count(db, "status_logs"), before["status_logs"] + 1);
}
