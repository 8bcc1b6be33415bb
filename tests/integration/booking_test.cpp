// Bookings over real HTTP: the existing clients' call, rights, validation, and no
// double booking under concurrent requests, on SQLite and PostgreSQL.
#include "booking_fixture.hpp"

#include <algorithm>
#include <atomic>
#include <iostream>
#include <latch>
#include <map>
#include <thread>

CLASSROOM_INSTANTIATE(BookingTest);

TEST_P(BookingTest, ExistingClientBooksWithADatetimeLocalValueAndGetsTheCampusOffset) {
  auto a101 = room("A101");
  ts::WsClient ws(port(), "/api/ws?token=" + admin_);
  ASSERT_TRUE(ws.wait_for("hello", std::chrono::seconds(2)));

  auto r = book(a101, "2027-03-10T10:00", "2027-03-10T11:00", staff_);
  ASSERT_EQ(r.status, 201) << r.body;
  auto b = r.json();
  EXPECT_EQ(str(b, "start_time"), "2027-03-10T10:00:00+01:00") << "campus local time, answered with its offset";
  EXPECT_EQ(str(b, "end_time"), "2027-03-10T11:00:00+01:00");
  EXPECT_EQ(str(b, "status"), "confirmed");
  EXPECT_EQ(str(b, "classroom_name"), "A101");
  EXPECT_EQ(str(b, "username"), "staff");
  EXPECT_EQ(str(b, "title"), "Lecture");
  for (auto key : {"id", "classroom_id", "user_id", "description", "series_id", "checked_in_at", "created_at", "updated_at"})
    EXPECT_TRUE(b.as_object().contains(key)) << key;
  // Stored in UTC: 10:00 in Berlin in March is 09:00Z.
  EXPECT_EQ(ts::sql(db_, "SELECT start_time FROM bookings"), "1804669200");
  EXPECT_TRUE(ws.wait_for("\"type\":\"booking\"", std::chrono::seconds(2))) << "dashboards hear of it";

  auto mine = get("/api/staff/bookings", staff_);
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.json().as_array().size(), 1u);
  EXPECT_EQ(get("/api/staff/bookings", admin_).json().as_array().size(), 0u) << "the list is the caller's own";
  // The same instant given with an offset is the same slot.
  auto again = book(a101, "2027-03-10T09:30:00Z", "2027-03-10T11:30:00+01:00", admin_);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.error(), "Time slot already booked");
}

TEST_P(BookingTest, OverlapIs409NamingTheBookingInTheWayAndTouchingBookingsBothSucceed) {
  auto a101 = room("A101");
  ASSERT_EQ(book(a101, "2027-03-10T10:00", "2027-03-10T11:00", staff_).status, 201);
  EXPECT_EQ(book(a101, "2027-03-10T11:00", "2027-03-10T12:00", admin_).status, 201) << "10-11 and 11-12 only touch";
  EXPECT_EQ(book(a101, "2027-03-10T09:00", "2027-03-10T10:00", admin_).status, 201);
  auto clash = book(a101, "2027-03-10T10:30", "2027-03-10T10:45", admin_);
  ASSERT_EQ(clash.status, 409) << clash.body;
  auto v = clash.json();
  EXPECT_EQ(str(v, "error"), "Time slot already booked");
  EXPECT_FALSE(str(v, "message").empty());
  EXPECT_EQ(str(v.at("conflict"), "start_time"), "2027-03-10T10:00:00+01:00");
  EXPECT_EQ(str(v.at("conflict"), "end_time"), "2027-03-10T11:00:00+01:00");
  // Another room at the same time is fine; a cancelled slot is free again.
  EXPECT_EQ(book(room("B202"), "2027-03-10T10:30", "2027-03-10T10:45", admin_).status, 201);
  auto first = get("/api/staff/bookings", staff_).json().as_array()[0];
  ASSERT_EQ(del("/api/staff/bookings/" + std::to_string(first.at("id").as_int64()), staff_).status, 200);
  EXPECT_EQ(book(a101, "2027-03-10T10:30", "2027-03-10T10:45", admin_).status, 201);
}

TEST_P(BookingTest, StaffEditAndCancelOnlyTheirOwnAndEveryChangeIsInTheHistory) {
  auto a101 = room("A101");
  auto id = std::to_string(book(a101, "2027-03-10T10:00", "2027-03-10T11:00", staff_).json().at("id").as_int64());
  auto other = another_staff("other");

  EXPECT_EQ(put("/api/staff/bookings/" + id, json::object{{"title", "Mine now"}}, other).status, 403);
  EXPECT_EQ(del("/api/staff/bookings/" + id, other).status, 403);
  EXPECT_EQ(get("/api/staff/bookings/" + id, other).status, 403);
  EXPECT_EQ(put("/api/staff/bookings/99999", json::object{{"title", "x"}}, staff_).status, 404);
  EXPECT_EQ(del("/api/staff/bookings/99999", staff_).status, 404);
  EXPECT_EQ(get("/api/admin/bookings/" + id, staff_).status, 403) << "admin routes need the admin role";

  ts::WsClient ws(port(), "/api/ws?token=" + staff_);
  ASSERT_TRUE(ws.wait_for("hello", std::chrono::seconds(2)));
  auto moved = put("/api/staff/bookings/" + id,
                   json::object{{"start_time", "2027-03-10T14:00"}, {"end_time", "2027-03-10T15:30"}, {"title", "Moved"}}, staff_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(str(moved.json(), "start_time"), "2027-03-10T14:00:00+01:00");
  EXPECT_EQ(str(moved.json(), "title"), "Moved");
  EXPECT_TRUE(ws.wait_for("\"action\":\"updated\"", std::chrono::seconds(2)));
  EXPECT_EQ(put("/api/staff/bookings/" + id, json::object{{"end_time", "2027-03-10T13:00"}}, staff_).status, 400);

  auto cancelled = del("/api/admin/bookings/" + id, admin_);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(str(cancelled.json().at("booking"), "status"), "cancelled");
  EXPECT_TRUE(ws.wait_for("\"action\":\"cancelled\"", std::chrono::seconds(2)));
  EXPECT_EQ(put("/api/staff/bookings/" + id, json::object{{"title", "Back"}}, staff_).status, 409)
      << "a cancelled booking stays cancelled";

  auto history = get("/api/staff/bookings/" + id, staff_).json().at("history").as_array();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(str(history[0], "action"), "created");
  EXPECT_EQ(str(history[0], "username"), "staff");
  EXPECT_EQ(str(history[1], "action"), "updated");
  EXPECT_NE(str(history[1], "detail").find("start_time"), std::string::npos);
  EXPECT_EQ(str(history[2], "action"), "cancelled");
  EXPECT_EQ(str(history[2], "username"), "admin");
  EXPECT_EQ(ts::sql(db_, "SELECT status FROM bookings"), "cancelled") << "kept, not deleted";
}

TEST_P(BookingTest, BadInputIsA400NamingTheFieldAndWritesNothing) {
  auto a101 = room("A101");
  auto closed = room("Closed");
  ASSERT_EQ(put("/api/admin/classrooms/" + std::to_string(closed), json::object{{"is_active", false}}, admin_).status, 200);
  auto now = unix_now();
  struct Case {
    const char* name;
    json::value room;
    std::string start, end;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"February 30", a101, "2027-02-30T10:00", "2027-03-01T11:00", "start_time"},
      {"hour 25", a101, "2027-03-10T25:00", "2027-03-10T26:00", "start_time"},
      {"not a time", a101, "next tuesday", "2027-03-10T11:00", "start_time"},
      {"year 9999", a101, "9999-03-10T10:00", "9999-03-10T11:00", "start_time"},
      {"end before start", a101, "2027-03-10T11:00", "2027-03-10T10:00", "end_time"},
      {"zero length", a101, "2027-03-10T10:00", "2027-03-10T10:00", "end_time"},
      {"in the past", a101, "2021-03-10T10:00", "2021-03-10T11:00", "start_time"},
      {"longer than 12 h", a101, "2027-03-10T06:00", "2027-03-10T18:01", "end_time"},
      {"beyond the advance window", a101, iso_utc(now + 400 * 86400), iso_utc(now + 400 * 86400 + 3600), "start_time"},
      {"no such room", 99999, "2027-03-10T10:00", "2027-03-10T11:00", "classroom_id"},
      {"an inactive room", closed, "2027-03-10T10:00", "2027-03-10T11:00", "classroom_id"},
      {"room id as text", "A101", "2027-03-10T10:00", "2027-03-10T11:00", "classroom_id"},
  };
  for (const auto& c : cases) {
    auto r = post("/api/staff/bookings",
                  json::object{{"classroom_id", c.room}, {"start_time", c.start}, {"end_time", c.end}, {"title", "T"}}, staff_);
    EXPECT_EQ(r.status, 400) << c.name << ": " << r.body;
    EXPECT_EQ(r.json().at("field").as_string(), c.field) << c.name << ": " << r.body;
  }
  auto untitled = post("/api/staff/bookings",
                       json::object{{"classroom_id", a101}, {"start_time", "2027-03-10T10:00"}, {"end_time", "2027-03-10T11:00"}}, staff_);
  EXPECT_EQ(untitled.status, 400);
  EXPECT_EQ(ts::http(port(), "POST", "/api/staff/bookings", "{\"classroom_id\": 1,", {{"Authorization", "Bearer " + staff_}}).status, 400);
  EXPECT_EQ(book(a101, "2027-03-10T10:00", "2027-03-10T11:00", "").status, 401);
  EXPECT_EQ(count_sql("bookings"), "0");
  EXPECT_EQ(count_sql("booking_events"), "0");
}

TEST_P(BookingTest, AdminListsEveryonesBookingsFilteredAndPaginated) {
  auto a101 = room("A101"), b202 = room("B202");
  auto other = another_staff("other");
  ASSERT_EQ(book(a101, "2027-03-10T10:00", "2027-03-10T11:00", staff_).status, 201);
  ASSERT_EQ(book(a101, "2027-03-11T10:00", "2027-03-11T11:00", other).status, 201);
  ASSERT_EQ(book(b202, "2027-03-10T10:00", "2027-03-10T11:00", other).status, 201);
  auto page = [&](const std::string& q) {
    auto r = get("/api/admin/bookings" + q, admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  auto all = page("");
  EXPECT_EQ(all.at("total").as_int64(), 3);
  EXPECT_EQ(all.at("page").as_int64(), 1);
  EXPECT_EQ(page("?classroom_id=" + std::to_string(a101)).at("total").as_int64(), 2);
  auto other_id = page("?classroom_id=" + std::to_string(b202)).at("items").as_array()[0].at("user_id").as_int64();
  EXPECT_EQ(page("?user_id=" + std::to_string(other_id)).at("total").as_int64(), 2);
  EXPECT_EQ(page("?from=2027-03-11&to=2027-03-11").at("total").as_int64(), 1) << "a bare date is that local day";
  EXPECT_EQ(page("?from=2027-03-10T10:30&to=2027-03-10T10:45").at("total").as_int64(), 2);
  auto second = page("?per_page=2&page=2");
  EXPECT_EQ(second.at("items").as_array().size(), 1u);
  EXPECT_EQ(second.at("per_page").as_int64(), 2);
  EXPECT_EQ(get("/api/admin/bookings?per_page=0", admin_).status, 400);
  EXPECT_EQ(get("/api/admin/bookings?from=2027-13-01", admin_).status, 400);
}

namespace {

// Fires `n` requests for one slot at once (spread over `ports`); status → how many.
std::map<int, int> race_for_one_slot(const std::vector<int>& ports, const std::string& token, std::int64_t room, int n,
                                     std::vector<ts::HttpResult>& results) {
  results.assign(n, {});
  std::latch go(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      json::object body{{"classroom_id", room}, {"start_time", "2027-05-05T10:00"}, {"end_time", "2027-05-05T11:00"},
                        {"title", "Race " + std::to_string(i)}};
      go.arrive_and_wait();
      results[i] = ts::http_json(ports[i % ports.size()], "POST", "/api/staff/bookings", body, token);
    });
  for (auto& t : threads) t.join();
  std::map<int, int> by_status;
  for (const auto& r : results) ++by_status[r.status];
  return by_status;
}

}  // namespace

TEST_P(BookingTest, FortyConcurrentRequestsForOneSlotMakeExactlyOneBooking) {
  auto a101 = room("A101");
  std::vector<ts::HttpResult> results;
  auto by_status = race_for_one_slot({port()}, staff_, a101, 40, results);
  std::cout << "[ numbers  ] " << GetParam() << ": 40 concurrent requests, " << by_status[201] << " x 201, "
            << by_status[409] << " x 409\n";
  EXPECT_EQ(by_status[201], 1);
  EXPECT_EQ(by_status[409], 39);
  for (const auto& r : results)
    if (r.status != 201 && r.status != 409) ADD_FAILURE() << r.status << " " << r.body;
  for (const auto& r : results)
    if (r.status == 409) {
      EXPECT_EQ(str(r.json().at("conflict"), "start_time"), "2027-05-05T10:00:00+02:00") << r.body;
    }
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM bookings WHERE status = 'confirmed'"), "1");
}

TEST(BookingTwoInstances, FortyConcurrentRequestsAcrossTwoServersOnOnePostgresMakeOneBooking) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::Server a(db, {"--timezone", "Europe/Berlin"}), b(db, {"--timezone", "Europe/Berlin"});
  auto token = ts::login(a.port(), "admin", ts::kAdminPassword);
  auto c = ts::http_json(a.port(), "POST", "/api/admin/classrooms", json::object{{"name", "A101"}}, token);
  ASSERT_EQ(c.status, 201) << c.body;
  std::vector<ts::HttpResult> results;
  auto by_status = race_for_one_slot({a.port(), b.port()}, token, c.json().at("id").as_int64(), 40, results);
  // Losers queue on the room's row and see the winner; any the exclusion constraint
  // itself had to refuse are logged.
  auto logs = a.log() + b.log();
  int by_constraint = 0;
  for (auto p = logs.find("overlap_refused_by_constraint"); p != std::string::npos;
       p = logs.find("overlap_refused_by_constraint", p + 1))
    ++by_constraint;
  std::cout << "[ numbers  ] postgresql, two classroomd processes: 40 concurrent requests, " << by_status[201]
            << " x 201, " << by_status[409] << " x 409 (" << by_constraint << " refused by the exclusion constraint)\n";
  EXPECT_EQ(by_status[201], 1);
  EXPECT_EQ(by_status[409], 39);
  for (const auto& r : results)
    if (r.status == 409) {
      EXPECT_TRUE(r.json().as_object().contains("conflict")) << r.body;
    }
  EXPECT_EQ(ts::sql(db, "SELECT COUNT(*) FROM bookings"), "1");
  // Whoever writes, the database itself refuses an overlapping confirmed row.
  auto refused = ts::sql_with_errors(db, "INSERT INTO bookings (classroom_id, title, start_time, end_time, created_at, updated_at) "
                                         "SELECT classroom_id, 'Sneaked in', start_time + 600, end_time + 600, 0, 0 FROM bookings");
  EXPECT_NE(refused.find("bookings_no_overlap"), std::string::npos) << "refused by the exclusion constraint: " << refused;
  EXPECT_EQ(ts::sql(db, "SELECT COUNT(*) FROM bookings"), "1");
}

TEST_P(BookingTest, AdminsBookOnBehalfOfSomeoneAndStaffCannot) {
  auto a101 = room("A101");
  auto staff_id = get("/api/auth/me", staff_).json().at("id").as_int64();
  auto admin_id = get("/api/auth/me", admin_).json().at("id").as_int64();
  auto body = [&](std::int64_t user, const std::string& start, const std::string& end) {
    return json::object{{"classroom_id", a101}, {"start_time", start}, {"end_time", end}, {"title", "Open day"},
                        {"user_id", user}};
  };
  auto r = post("/api/staff/bookings", body(staff_id, "2027-03-10T10:00", "2027-03-10T11:00"), admin_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(str(r.json(), "username"), "staff") << "the booking is the staff member's";
  auto mine = get("/api/staff/bookings", staff_);
  EXPECT_NE(mine.body.find("Open day"), std::string::npos) << "and shows among theirs";
  auto id = r.json().at("id").as_int64();
  EXPECT_EQ(ts::sql(db_, "SELECT created_by FROM bookings WHERE id = " + std::to_string(id)), std::to_string(admin_id))
      << "the history names the admin who made it";

  auto before = count_sql("bookings");
  EXPECT_EQ(post("/api/staff/bookings", body(admin_id, "2027-03-11T10:00", "2027-03-11T11:00"), staff_).status, 403);
  EXPECT_EQ(post("/api/staff/bookings", body(987654, "2027-03-11T10:00", "2027-03-11T11:00"), admin_).status, 400);
  EXPECT_EQ(post("/api/staff/bookings", body(0, "2027-03-11T10:00", "2027-03-11T11:00"), admin_).status, 400);
  auto gone = another_staff("leaver");
  auto leaver = get("/api/auth/me", gone).json().at("id").as_int64();
  ASSERT_EQ(put("/api/admin/users/" + std::to_string(leaver), json::object{{"is_active", false}}, admin_).status, 200);
  auto inactive = post("/api/staff/bookings", body(leaver, "2027-03-11T10:00", "2027-03-11T11:00"), admin_);
  EXPECT_EQ(inactive.status, 400) << inactive.body;
  EXPECT_NE(inactive.body.find("user_id"), std::string::npos);
  EXPECT_EQ(count_sql("bookings"), before) << "nothing refused was written";
  // Staff naming themselves is just a booking.
  EXPECT_EQ(post("/api/staff/bookings", body(staff_id, "2027-03-12T10:00", "2027-03-12T11:00"), staff_).status, 201);
}
