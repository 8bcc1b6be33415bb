// Term timetables across a DST change, all-or-nothing conflicts, cancelling from a
// date on; availability of a room on a day and free rooms for a time.
#include "booking_fixture.hpp"

class BookingSeriesTest : public BookingTest {
 protected:
  json::object series(std::int64_t room, const std::string& start_date, const std::string& end_date, bool skip = false) {
    return {{"classroom_id", room}, {"title", "Algebra"}, {"description", "Term 2"}, {"weekdays", json::array{3}},
            {"start_date", start_date}, {"end_date", end_date}, {"start_time", "10:30"}, {"end_time", "12:00"},
            {"skip_conflicts", skip}};
  }
  // Wednesdays 17 March to 7 April 2027, 10:30-12:00 (Berlin springs forward on 28 March); its id.
  std::string term_series(std::int64_t room) {
    auto r = post("/api/staff/booking-series", series(room, "2027-03-17", "2027-04-07"), staff_);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::to_string(r.json().at("series_id").as_int64());
  }
  // What the database holds of the bookings and the series, to prove a refusal wrote nothing.
  std::string snapshot() {
    return ts::sql(db_, "SELECT id, title, description, start_time, end_time, status FROM bookings ORDER BY id") +
           ts::sql(db_, "SELECT title, description, start_time, end_time FROM booking_series ORDER BY id") +
           count_sql("booking_events");
  }
};
CLASSROOM_INSTANTIATE(BookingSeriesTest);

TEST_P(BookingSeriesTest, WeeklySeriesKeepsItsLocalTimeAcrossTheDstChangeAndSkipsHolidays) {
  auto a101 = room("A101");
  // Wednesdays from 17 March to 14 April 2027; Berlin springs forward on 28 March; 14 April is a holiday.
  auto r = post("/api/staff/booking-series", series(a101, "2027-03-17", "2027-04-14"), staff_);
  ASSERT_EQ(r.status, 201) << r.body;
  auto v = r.json();
  EXPECT_GT(v.at("series_id").as_int64(), 0);
  EXPECT_TRUE(v.at("conflicts").as_array().empty());
  auto created = v.at("created").as_array();
  std::vector<std::string> starts;
  for (const auto& b : created) starts.push_back(str(b, "start_time"));
  EXPECT_EQ(starts, (std::vector<std::string>{"2027-03-17T10:30:00+01:00", "2027-03-24T10:30:00+01:00",
                                              "2027-03-31T10:30:00+02:00", "2027-04-07T10:30:00+02:00"}));
  EXPECT_EQ(str(created[2], "end_time"), "2027-03-31T12:00:00+02:00");
  EXPECT_EQ(created[0].at("series_id"), v.at("series_id"));
  // In UTC the lecture moves an hour earlier: one week apart minus the lost hour.
  EXPECT_EQ(ts::sql(db_, "SELECT MIN(start_time) FROM bookings"), "1805275800");
  EXPECT_EQ(ts::sql(db_, "SELECT b2.start_time - b1.start_time FROM bookings b1, bookings b2 WHERE b1.id = 2 AND b2.id = 3"),
            std::to_string(7 * 86400 - 3600));

  auto one = std::to_string(created[1].at("id").as_int64());
  ASSERT_EQ(del("/api/staff/bookings/" + one, staff_).status, 200) << "one occurrence cancels like any booking";
  auto id = std::to_string(v.at("series_id").as_int64());
  auto rest = del("/api/staff/booking-series/" + id + "?from=2027-03-30", staff_);
  ASSERT_EQ(rest.status, 200) << rest.body;
  EXPECT_EQ(rest.json().at("cancelled").as_int64(), 2);
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM bookings WHERE status = 'confirmed'"), "1") << "17 March stays";
  auto detail = get("/api/staff/booking-series/" + id, staff_);
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.json().at("bookings").as_array().size(), 4u);
  EXPECT_EQ(del("/api/staff/booking-series/" + id, another_staff("other")).status, 403);
  EXPECT_EQ(del("/api/staff/booking-series/99999", staff_).status, 404);
}

TEST_P(BookingSeriesTest, AConflictRefusesTheWholeSeriesUnlessAskedToSkipIt) {
  auto a101 = room("A101");
  ASSERT_EQ(book(a101, "2027-03-24T11:00", "2027-03-24T13:00", admin_).status, 201);
  auto refused = post("/api/staff/booking-series", series(a101, "2027-03-10", "2027-04-07"), staff_);
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.error(), "Time slot already booked");
  EXPECT_EQ(str(refused.json().at("conflict"), "start_time"), "2027-03-24T11:00:00+01:00");
  EXPECT_EQ(str(refused.json().at("conflicts").as_array()[0], "start_time"), "2027-03-24T10:30:00+01:00");
  EXPECT_EQ(count_sql("bookings"), "1") << "nothing written";
  EXPECT_EQ(count_sql("booking_series"), "0");

  auto skipped = post("/api/staff/booking-series", series(a101, "2027-03-10", "2027-04-07", true), staff_);
  ASSERT_EQ(skipped.status, 201) << skipped.body;
  EXPECT_EQ(skipped.json().at("created").as_array().size(), 4u);
  auto conflicts = skipped.json().at("conflicts").as_array();
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(str(conflicts[0], "start_time"), "2027-03-24T10:30:00+01:00");
}

TEST_P(BookingSeriesTest, BadSeriesAreA400NamingTheFieldAndWriteNothing) {
  auto a101 = room("A101");
  struct Case {
    const char* name;
    const char* key;
    json::value value;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"without an end", "end_date", nullptr, "end_date"},
      {"ending before it starts", "end_date", "2027-03-01", "end_date"},
      {"an impossible date", "start_date", "2027-02-30", "start_date"},
      {"an hour that does not exist", "start_time", "25:00", "start_time"},
      {"weekday 8", "weekdays", json::array{1, 8}, "weekdays"},
      {"no weekdays", "weekdays", json::array{}, "weekdays"},
      {"in the past", "start_date", "2026-11-04", "start_date"},
      {"no such room", "classroom_id", 99999, "classroom_id"},
  };
  for (const auto& c : cases) {
    auto body = series(a101, "2027-03-10", "2027-04-07");
    if (c.value.is_null()) body.erase(c.key);
    else body[c.key] = c.value;
    auto r = post("/api/staff/booking-series", body, staff_);
    EXPECT_EQ(r.status, 400) << c.name << ": " << r.body;
    EXPECT_EQ(r.json().at("field").as_string(), c.field) << c.name << ": " << r.body;
  }
  // Every day for seven months is more occurrences than the limit (200).
  auto long_one = series(a101, "2027-01-04", "2027-08-30");
  long_one["weekdays"] = json::array{1, 2, 3, 4, 5, 6, 7};
  auto r = post("/api/staff/booking-series", long_one, staff_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("200 occurrences"), std::string::npos) << r.body;
  EXPECT_EQ(count_sql("bookings"), "0");
  EXPECT_EQ(count_sql("booking_series"), "0");
}

TEST_P(BookingSeriesTest, AvailabilityShowsBusyAndFreeTimesOfTheLocalDay) {
  auto a101 = room("A101");
  auto id = book(a101, "2027-03-10T10:00", "2027-03-10T11:00", staff_).json().at("id").as_int64();
  ASSERT_EQ(book(a101, "2027-03-10T11:00", "2027-03-10T12:30", admin_).status, 201);
  auto r = get("/api/staff/availability?classroom_id=" + std::to_string(a101) + "&date=2027-03-10", staff_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto busy = r.json().at("busy").as_array();
  ASSERT_EQ(busy.size(), 2u);
  EXPECT_EQ(busy[0].at("booking_id").as_int64(), id);
  auto free = r.json().at("free").as_array();
  ASSERT_EQ(free.size(), 2u);
  EXPECT_EQ(str(free[0], "start_time"), "2027-03-10T00:00:00+01:00");
  EXPECT_EQ(str(free[0], "end_time"), "2027-03-10T10:00:00+01:00");
  EXPECT_EQ(str(free[1], "start_time"), "2027-03-10T12:30:00+01:00");
  EXPECT_EQ(str(free[1], "end_time"), "2027-03-11T00:00:00+01:00");
  // The day the clocks change has 23 hours.
  auto short_day = get("/api/staff/availability?classroom_id=" + std::to_string(a101) + "&date=2027-03-28", staff_).json();
  EXPECT_EQ(str(short_day.at("free").as_array()[0], "end_time"), "2027-03-29T00:00:00+02:00");
  EXPECT_EQ(get("/api/staff/availability?classroom_id=" + std::to_string(a101) + "&date=2027-02-30", staff_).status, 400);
  EXPECT_EQ(get("/api/staff/availability?classroom_id=99999&date=2027-03-10", staff_).status, 404);
  EXPECT_EQ(get("/api/staff/availability?date=2027-03-10", staff_).status, 400);
}

TEST_P(BookingSeriesTest, FreeRoomsAreTheActiveRoomsBigEnoughAndUnbooked) {
  auto small = room("Small", 10), big = room("Big", 80), taken = room("Taken", 80);
  ASSERT_EQ(book(taken, "2027-03-10T09:00", "2027-03-10T12:00", staff_).status, 201);
  auto r = get("/api/staff/free-rooms?start=2027-03-10T10:00&end=2027-03-10T11:00&min_capacity=30", staff_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto rooms = r.json().as_array();
  ASSERT_EQ(rooms.size(), 1u);
  EXPECT_EQ(rooms[0].at("id").as_int64(), big);
  EXPECT_EQ(get("/api/staff/free-rooms?start=2027-03-10T12:00&end=2027-03-10T13:00", staff_).json().as_array().size(), 3u);
  EXPECT_EQ(get("/api/staff/free-rooms?start=2027-03-10T12:00&end=2027-03-10T11:00", staff_).status, 400);
  EXPECT_EQ(get("/api/staff/free-rooms?end=2027-03-10T11:00", staff_).status, 400);
  (void)small;
}

TEST_P(BookingSeriesTest, EditingASeriesFromADateMovesTheSessionsAheadAtTheirWallClockTime) {
  auto a101 = room("A101");
  auto id = term_series(a101);
  auto r = put("/api/staff/booking-series/" + id + "?from=2027-03-24",
               json::object{{"title", "Algebra II"}, {"start_time", "14:00"}, {"end_time", "15:30"}}, staff_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = r.json();
  EXPECT_EQ(v.at("updated").as_int64(), 3);
  EXPECT_EQ(str(v, "title"), "Algebra II");
  EXPECT_EQ(str(v, "start_time"), "14:00");
  EXPECT_EQ(str(v, "description"), "Term 2") << "what the edit leaves out stays";

  auto detail = get("/api/staff/booking-series/" + id, staff_).json().at("bookings").as_array();
  ASSERT_EQ(detail.size(), 4u);
  std::vector<std::string> starts, titles;
  for (const auto& b : detail) {
    starts.push_back(str(b, "start_time"));
    titles.push_back(str(b, "title"));
  }
  EXPECT_EQ(starts, (std::vector<std::string>{"2027-03-17T10:30:00+01:00", "2027-03-24T14:00:00+01:00",
                                              "2027-03-31T14:00:00+02:00", "2027-04-07T14:00:00+02:00"}));
  EXPECT_EQ(titles, (std::vector<std::string>{"Algebra", "Algebra II", "Algebra II", "Algebra II"}));
  EXPECT_EQ(str(detail[3], "end_time"), "2027-04-07T15:30:00+02:00");
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM booking_events WHERE action = 'updated'"), "3");

  // Only the owner or an admin edits it.
  EXPECT_EQ(put("/api/staff/booking-series/" + id, json::object{{"title", "Mine now"}}, another_staff("other")).status, 403);
  EXPECT_EQ(put("/api/staff/booking-series/" + id, json::object{{"title", "Mine now"}}).status, 401);
  EXPECT_EQ(put("/api/staff/booking-series/99999", json::object{{"title", "X"}}, staff_).status, 404);
  auto by_admin = put("/api/staff/booking-series/" + id + "?from=2027-04-01", json::object{{"description", "Room swap"}}, admin_);
  ASSERT_EQ(by_admin.status, 200) << by_admin.body;
  EXPECT_EQ(by_admin.json().at("updated").as_int64(), 1);
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM bookings WHERE description = 'Room swap'"), "1");
}

TEST_P(BookingSeriesTest, AnEditThatWouldOverlapAnotherBookingIsRefusedAndChangesNothing) {
  auto a101 = room("A101");
  auto id = term_series(a101);
  ASSERT_EQ(book(a101, "2027-03-31T14:30", "2027-03-31T16:00", admin_, "Faculty meeting").status, 201);
  auto before = snapshot();
  auto r = put("/api/staff/booking-series/" + id + "?from=2027-03-17",
               json::object{{"title", "Algebra II"}, {"start_time", "14:00"}, {"end_time", "15:30"}}, staff_);
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.error(), "Time slot already booked");
  EXPECT_EQ(str(r.json().at("conflict"), "start_time"), "2027-03-31T14:30:00+02:00");
  EXPECT_EQ(snapshot(), before) << "no session moved, no title changed";
}

TEST_P(BookingSeriesTest, BadSeriesEditsAreA400NamingTheFieldAndChangeNothing) {
  auto a101 = room("A101");
  auto id = term_series(a101);
  auto before = snapshot();
  struct Case {
    const char* name;
    std::string query;
    json::object body;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"ending before it starts", "", {{"start_time", "12:00"}, {"end_time", "11:00"}}, "end_time"},
      {"an hour that does not exist", "", {{"start_time", "25:00"}}, "start_time"},
      {"an empty title", "", {{"title", ""}}, "title"},
      {"an impossible date", "?from=2027-02-30", {{"title", "X"}}, "from"},
      {"after the last session", "?from=2027-04-08", {{"title", "X"}}, "from"},
      {"longer than a booking may be", "", {{"start_time", "00:00"}, {"end_time", "23:30"}}, "end_time"},
  };
  for (const auto& c : cases) {
    auto r = put("/api/staff/booking-series/" + id + c.query, c.body, staff_);
    EXPECT_EQ(r.status, 400) << c.name << ": " << r.body;
    EXPECT_EQ(r.json().at("field").as_string(), c.field) << c.name << ": " << r.body;
  }
  EXPECT_EQ(snapshot(), before);
}
