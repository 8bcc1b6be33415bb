// A booked room is never switched off: a staff override is tied to the booking that
// allowed it, an admin's ends where a booking begins, a faulted sensor never cuts power.
#include "booking_fixture.hpp"

class PowerSafetyTest : public BookingTest {
 protected:
  std::int64_t id_of(const ts::HttpResult& r) { return r.json().at("id").as_int64(); }
  ts::HttpResult switch_room(const Node& n, bool on, const std::string& token, const char* who = "staff",
                             json::object extra = {}) {
    extra["power_on"] = on;
    return post(std::string("/api/") + who + "/power/" + std::to_string(n.classroom_id), extra, token);
  }
};
CLASSROOM_INSTANTIATE(PowerSafetyTest);

TEST_P(PowerSafetyTest, ACancelledStaffOverrideNeverSwitchesOffTheNextPersonsBooking) {
  auto n = make_node("A101", "node-1");
  auto now = unix_now();
  auto a = book(n.classroom_id, iso_utc(now - 60), iso_utc(now + 1800), staff_);
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(switch_room(n, false, staff_).status, 200);
  auto off = report(n, false).json();
  EXPECT_EQ(off.at("power_on").as_bool(), false);
  EXPECT_EQ(off.at("reason").as_string(), "manual_override");

  ASSERT_EQ(del("/api/staff/bookings/" + std::to_string(id_of(a)), staff_).status, 200);
  EXPECT_EQ(ts::sql(db_, "SELECT state FROM power_commands ORDER BY id DESC LIMIT 1"), "cancelled")
      << "the override ended with its booking, in the database too (so no instance reloads it)";
  auto b_token = another_staff("staffb");
  auto b = book(n.classroom_id, iso_utc(now - 30), iso_utc(now + 1800), b_token, "Seminar");
  ASSERT_EQ(b.status, 201) << b.body;
  auto answer = report(n, false).json();
  EXPECT_EQ(answer.at("power_on").as_bool(), true) << answer;
  EXPECT_EQ(answer.at("reason").as_string(), "booked") << "A's override ended with A's booking";
  EXPECT_EQ(answer.at("booked_until").as_string(), b.json().at("end_time").as_string());
  auto rooms = get("/api/staff/classrooms", b_token).json().as_array();
  EXPECT_TRUE(rooms[0].at("status").at("pending_command").is_null()) << rooms[0];
}

TEST_P(PowerSafetyTest, ShorteningOrMovingTheBookingEndsItsOverride) {
  auto n = make_node("A101", "node-1");
  auto now = unix_now();
  auto a = book(n.classroom_id, iso_utc(now - 60), iso_utc(now + 3600), staff_);
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(switch_room(n, false, staff_).status, 200);
  ASSERT_EQ(report(n, false).json().at("reason").as_string(), "manual_override");
  auto shorter = put("/api/staff/bookings/" + std::to_string(id_of(a)), json::object{{"end_time", iso_utc(now + 1200)}}, staff_);
  ASSERT_EQ(shorter.status, 200) << shorter.body;
  EXPECT_EQ(ts::sql(db_, "SELECT state FROM power_commands ORDER BY id DESC LIMIT 1"), "cancelled");
  auto answer = report(n, false).json();
  EXPECT_EQ(answer.at("reason").as_string(), "booked") << answer;
  EXPECT_EQ(answer.at("power_on").as_bool(), true);
}

TEST_P(PowerSafetyTest, AnAdminOverrideEndsWhereABookingBeginsUnlessToldToHold) {
  auto n = make_node("A101", "node-1");
  auto now = unix_now();
  auto later = book(n.classroom_id, iso_utc(now + 1200), iso_utc(now + 4800), staff_);
  ASSERT_EQ(later.status, 201) << later.body;
  auto plain = switch_room(n, false, admin_, "admin");
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_EQ(plain.json().at("command").at("expires_at").as_string(), later.json().at("start_time").as_string());
  auto held = switch_room(n, false, admin_, "admin", {{"hold_through_bookings", true}});
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_NE(held.json().at("command").at("expires_at").as_string(), later.json().at("start_time").as_string());
  auto bad = switch_room(n, false, admin_, "admin", {{"hold_through_bookings", "yes"}});
  EXPECT_EQ(bad.status, 400) << "a wrong type is a clear error";
}

TEST_P(PowerSafetyTest, StaffCannotOverrideWithoutTheirOwnBookingNow) {
  auto n = make_node("A101", "node-1");
  auto now = unix_now();
  auto other = another_staff("staffb");
  ASSERT_EQ(book(n.classroom_id, iso_utc(now - 60), iso_utc(now + 1800), other).status, 201);
  auto r = switch_room(n, false, staff_);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error(), "Forbidden");
  EXPECT_EQ(report(n, false).json().at("reason").as_string(), "booked");
}

TEST_P(PowerSafetyTest, AFaultedSensorNeverSwitchesAnIdleRoomOff) {
  auto n = make_node("A101", "node-1");
  auto body = json::object{{"is_occupied", false}, {"is_power_on", true}, {"last_movement", 3600},
                           {"sensor_ok", false}, {"sensor_fault", "no echo"}};
  auto r = ts::http(port(), "POST", "/api/esp/status", json::serialize(body),
                    {{"X-Device-ID", n.device_id}, {"X-API-Key", n.api_key}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("power_on").as_bool(), true);
  EXPECT_EQ(r.json().at("reason").as_string(), "sensor_fault");
  auto status = get("/api/admin/classrooms", admin_).json().as_array()[0].at("status");
  EXPECT_EQ(status.at("sensor_ok").as_bool(), false);
  EXPECT_EQ(status.at("sensor_fault").as_string(), "no echo");
  EXPECT_EQ(get("/api/admin/stats", admin_).json().at("rooms_sensor_fault").as_int64(), 1);
  // Healthy again: the idle room is switched off as usual.
  body["sensor_ok"] = true;
  body.erase("sensor_fault");
  auto healthy = ts::http(port(), "POST", "/api/esp/status", json::serialize(body),
                          {{"X-Device-ID", n.device_id}, {"X-API-Key", n.api_key}});
  EXPECT_EQ(healthy.json().at("reason").as_string(), "idle_timeout");
  EXPECT_EQ(get("/api/admin/stats", admin_).json().at("rooms_sensor_fault").as_int64(), 0);
}
