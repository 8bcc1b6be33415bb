#pragma once
// Booking tests: a campus in Europe/Berlin (the clocks change on 2027-03-28), one
// holiday, a room, and helpers to book it.
#include "fixture.hpp"

#include <chrono>
#include <ctime>
#include <string>
#include <vector>

// The servers' pinned clock (see harness.hpp), never the real date.
inline std::int64_t unix_now() { return ts::now(); }

using testing_support::iso_utc;

inline std::string str(const json::value& v, const char* key) { return std::string(v.at(key).as_string()); }

class BookingTest : public ApiTest {
 protected:
  std::vector<std::string> server_args() override {
    std::vector<std::string> args = {"--timezone", "Europe/Berlin", "--holiday", "2027-04-14"};
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    return args;
  }
  std::int64_t room(const std::string& name, int capacity = 30) {
    auto c = post("/api/admin/classrooms", json::object{{"name", name}, {"capacity", capacity}}, admin_);
    EXPECT_EQ(c.status, 201) << c.body;
    return c.json().at("id").as_int64();
  }
  ts::HttpResult book(std::int64_t classroom_id, const std::string& start, const std::string& end,
                      const std::string& token, const std::string& title = "Lecture") {
    return post("/api/staff/bookings",
                json::object{{"classroom_id", classroom_id}, {"start_time", start}, {"end_time", end},
                             {"title", title}, {"description", "Weekly lecture"}},
                token);
  }
  std::string count_sql(const std::string& what) { return ts::sql(db_, "SELECT COUNT(*) FROM " + what); }
  // A staff account of its own; returns its token.
  std::string another_staff(const std::string& username) {
    auto u = post("/api/admin/users",
                  json::object{{"username", username}, {"email", username + "@campus.test"},
                               {"password", "other-password-1"}, {"role", "staff"}},
                  admin_);
    EXPECT_EQ(u.status, 201) << u.body;
    return ts::login(port(), username, "other-password-1");
  }
  ts::HttpResult report(const Node& n, bool occupied) {
    auto body = json::object{{"is_occupied", occupied}, {"is_power_on", true}, {"last_movement", occupied ? 0 : 900}};
    return ts::http(port(), "POST", "/api/esp/status", json::serialize(body),
                    {{"X-Device-ID", n.device_id}, {"X-API-Key", n.api_key}});
  }

  std::vector<std::string> extra_args_;
};
