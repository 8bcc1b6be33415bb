// Booking rules per room or building: each refused with its name, the room's value
// winning over its building's, the building's applying where the room sets none, and
// admins bound by none of them.
#include "booking_fixture.hpp"

class RoomRulesTest : public BookingTest {
 protected:
  std::int64_t building(json::object body) {
    auto b = post("/api/admin/buildings", body, admin_);
    EXPECT_EQ(b.status, 201) << b.body;
    return b.json().at("id").as_int64();
  }
  void set_rules(std::int64_t room_id, json::object rules) {
    auto r = put("/api/admin/classrooms/" + std::to_string(room_id), rules, admin_);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // The field a staff booking of [start, end) is refused with ("" when booked).
  std::string refused(std::int64_t room_id, const std::string& start, const std::string& end,
                      const std::string& token = "") {
    auto r = book(room_id, start, end, token.empty() ? staff_ : token);
    if (r.status == 201) return "";
    EXPECT_EQ(r.status, 400) << r.body;
    return str(r.json(), "field");
  }
};
CLASSROOM_INSTANTIATE(RoomRulesTest);

TEST_P(RoomRulesTest, EachRuleOfTheRoomIsRefusedByName) {
  auto a = room("A101");
  set_rules(a, json::object{{"max_booking_min", 60}, {"earliest_start", "08:00"}, {"latest_end", "18:00"},
                            {"min_notice_min", 120}, {"max_ahead_days", 30}, {"buffer_min", 15}});
  auto shown = get("/api/admin/classrooms", admin_).json().as_array()[0];
  EXPECT_EQ(shown.at("max_booking_min").as_int64(), 60);
  EXPECT_EQ(str(shown, "latest_end"), "18:00");
  EXPECT_TRUE(shown.at("allowed_roles").is_null());
  auto now = unix_now();  // Monday 2026-11-30 13:00 Berlin

  EXPECT_EQ(refused(a, "2026-12-02T10:00", "2026-12-02T11:30"), "max_booking_min");
  EXPECT_EQ(refused(a, iso_utc(now + 1800), iso_utc(now + 3600)), "min_notice_min");
  EXPECT_EQ(refused(a, "2027-01-20T10:00", "2027-01-20T11:00"), "max_ahead_days");
  EXPECT_EQ(refused(a, "2026-12-02T07:30", "2026-12-02T08:15"), "earliest_start");
  EXPECT_EQ(refused(a, "2026-12-02T17:30", "2026-12-02T18:30"), "latest_end");
  EXPECT_EQ(count_sql("bookings"), "0") << "nothing refused was written";
  EXPECT_EQ(refused(a, "2026-12-02T10:00", "2026-12-02T11:00"), "");
  EXPECT_EQ(refused(a, "2026-12-02T11:10", "2026-12-02T12:00"), "buffer_min");
  EXPECT_EQ(refused(a, "2026-12-02T11:15", "2026-12-02T12:00"), "");

  auto r = book(a, "2026-12-02T12:10", "2026-12-02T14:00", staff_);
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("at most 60 min"), std::string::npos) << "the sentence says the rule: " << r.body;

  auto effective = get("/api/staff/classrooms/" + std::to_string(a) + "/booking-rules", staff_);
  ASSERT_EQ(effective.status, 200) << effective.body;
  EXPECT_EQ(effective.json().at("max_booking_min").as_int64(), 60);
  EXPECT_EQ(effective.json().at("buffer_min").as_int64(), 15);
  EXPECT_EQ(get("/api/staff/classrooms/999/booking-rules", staff_).status, 404);
}

TEST_P(RoomRulesTest, TheBuildingsRulesApplyWhereTheRoomSetsNoneAndTheRoomsWin) {
  auto north = building(json::object{{"name", "North"}, {"max_booking_min", 90}, {"allowed_roles", json::array{"admin"}}});
  auto a = room("N1");
  auto b = room("N2");
  set_rules(a, json::object{{"building_id", north}});
  set_rules(b, json::object{{"building_id", north}, {"max_booking_min", 180}, {"allowed_roles", json::array{"staff"}}});

  EXPECT_EQ(refused(a, "2026-12-02T10:00", "2026-12-02T11:00"), "allowed_roles") << "North takes admins' bookings only";
  auto effective = get("/api/staff/classrooms/" + std::to_string(a) + "/booking-rules", staff_).json();
  EXPECT_EQ(effective.at("max_booking_min").as_int64(), 90) << effective;
  EXPECT_EQ(effective.at("max_ahead_days").as_int64(), 365) << "the campus-wide option";
  EXPECT_EQ(refused(b, "2026-12-02T10:00", "2026-12-02T12:30"), "") << "N2's own 180 min win over North's 90";
  EXPECT_EQ(refused(b, "2026-12-03T10:00", "2026-12-03T13:30"), "max_booking_min");

  // Cleared on the room: the building's rule applies again.
  set_rules(b, json::object{{"max_booking_min", nullptr}});
  EXPECT_EQ(refused(b, "2026-12-04T10:00", "2026-12-04T12:00"), "max_booking_min") << "North's 90 min";
}

TEST_P(RoomRulesTest, AdminsAreBoundByNoneAndBadRulesAreRefused) {
  auto a = room("A101");
  set_rules(a, json::object{{"max_booking_min", 30}, {"allowed_roles", json::array{"admin"}}, {"earliest_start", "09:00"}});
  EXPECT_EQ(book(a, "2026-12-02T08:00", "2026-12-02T10:00", admin_).status, 201);
  EXPECT_EQ(refused(a, "2026-12-03T10:00", "2026-12-03T10:20"), "allowed_roles");

  for (auto [body, field] : std::vector<std::pair<json::object, std::string>>{
           {{{"earliest_start", "9 o'clock"}}, "earliest_start"},
           {{{"earliest_start", "12:00"}, {"latest_end", "10:00"}}, "latest_end"},
           {{{"allowed_roles", json::array{"guest"}}}, "allowed_roles"},
           {{{"buffer_min", -5}}, "buffer_min"},
           {{{"max_booking_min", "long"}}, "max_booking_min"}}) {
    auto r = put("/api/admin/classrooms/" + std::to_string(a), body, admin_);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(str(r.json(), "field"), field) << r.body;
  }
  EXPECT_EQ(ts::sql(db_, "SELECT earliest_start FROM classrooms"), "09:00") << "a refused edit changes nothing";
  auto bad = post("/api/admin/buildings", json::object{{"name", "South"}, {"latest_end", "25:00"}}, admin_);
  EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST_P(RoomRulesTest, EverySessionOfASeriesFollowsTheRoomsRules) {
  auto a = room("A101");
  set_rules(a, json::object{{"latest_end", "17:00"}});
  auto series = [&](const char* end_time) {
    return post("/api/staff/booking-series",
                json::object{{"classroom_id", a}, {"title", "Seminar"}, {"weekdays", json::array{3}},
                             {"start_date", "2026-12-01"}, {"end_date", "2026-12-20"}, {"start_time", "16:00"},
                             {"end_time", end_time}},
                staff_);
  };
  auto late = series("17:30");
  EXPECT_EQ(late.status, 400) << late.body;
  EXPECT_EQ(str(late.json(), "field"), "latest_end");
  EXPECT_EQ(count_sql("bookings"), "0");
  EXPECT_EQ(series("17:00").status, 201);
}
