// Teaching terms: their closed ranges refuse bookings with the rule named, and weekly
// series skip them, as they skip the --holiday dates (2027-04-14 in this campus).
#include "booking_fixture.hpp"

class TermsTest : public BookingTest {
 protected:
  // Spring 2027: 1 March to 2 July, Easter break 29 March to 9 April, a reading week in May.
  json::object spring() {
    return {{"name", "Spring 2027"},
            {"first_day", "2027-03-01"},
            {"last_day", "2027-07-02"},
            {"closed", json::array{json::object{{"label", "Easter break"}, {"first_day", "2027-03-29"}, {"last_day", "2027-04-09"}},
                                   json::object{{"label", "Reading week"}, {"first_day", "2027-05-10"}, {"last_day", "2027-05-14"}}}}};
  }
  std::int64_t make_term() {
    auto r = post("/api/admin/terms", spring(), admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
};
CLASSROOM_INSTANTIATE(TermsTest);

TEST_P(TermsTest, AdminsCreateListUpdateAndDeleteTerms) {
  auto id = make_term();
  auto list = get("/api/admin/terms", admin_);
  ASSERT_EQ(list.status, 200) << list.body;
  auto t = list.json().as_array().at(0);
  EXPECT_EQ(str(t, "first_day"), "2027-03-01");
  EXPECT_EQ(t.at("closed").as_array().size(), 2u);
  EXPECT_EQ(str(t.at("closed").as_array()[0], "label"), "Easter break");

  auto body = spring();
  body["closed"] = json::array{};
  auto updated = put("/api/admin/terms/" + std::to_string(id), body, admin_);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_TRUE(updated.json().at("closed").as_array().empty());
  EXPECT_EQ(get("/api/admin/terms", staff_).status, 403);
  EXPECT_EQ(del("/api/admin/terms/" + std::to_string(id), admin_).status, 200);
  EXPECT_EQ(count("/api/admin/terms"), 0u);
}

TEST_P(TermsTest, BadTermsAreRefusedNamingTheFieldAndWriteNothing) {
  make_term();
  auto backwards = spring();
  backwards["name"] = "Backwards";
  backwards["last_day"] = "2027-02-28";
  auto bad_range = spring();
  bad_range["name"] = "Bad range";
  bad_range["closed"] = json::array{json::object{{"label", "Oops"}, {"first_day", "2027-04-09"}, {"last_day", "2027-03-29"}}};
  auto outside = spring();
  outside["name"] = "Outside";
  outside["closed"] = json::array{json::object{{"label", "Summer"}, {"first_day", "2027-07-01"}, {"last_day", "2027-08-01"}}};
  auto no_date = spring();
  no_date["name"] = "No date";
  no_date["first_day"] = "March";
  auto taken = spring();
  for (auto [body, status, field] : {std::tuple{backwards, 400, "last_day"}, std::tuple{bad_range, 400, "closed"},
                                     std::tuple{outside, 400, "closed"}, std::tuple{no_date, 400, "first_day"},
                                     std::tuple{taken, 409, "name"}}) {
    auto r = post("/api/admin/terms", body, admin_);
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.json().at("field").as_string(), field) << r.body;
  }
  EXPECT_EQ(count("/api/admin/terms"), 1u);
  EXPECT_EQ(count_sql("term_closures"), "2");
}

TEST_P(TermsTest, AClosedDayRefusesABookingNamingTheRule) {
  auto a101 = room("A101");
  ASSERT_EQ(book(a101, "2027-04-01T10:00", "2027-04-01T11:00", staff_).status, 201) << "open before the term exists";
  make_term();
  auto r = book(a101, "2027-04-06T10:00", "2027-04-06T11:00", staff_);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json().at("field").as_string(), "start_time");
  EXPECT_NE(r.body.find("Easter break (Spring 2027)"), std::string::npos) << r.body;
  auto holiday = book(a101, "2027-04-14T10:00", "2027-04-14T11:00", staff_);
  EXPECT_EQ(holiday.status, 400) << holiday.body;
  EXPECT_NE(holiday.body.find("holiday"), std::string::npos) << holiday.body;
  EXPECT_EQ(book(a101, "2027-04-12T10:00", "2027-04-12T11:00", staff_).status, 201) << "the day after the break is open";
  EXPECT_EQ(count_sql("bookings"), "2");
}

TEST_P(TermsTest, AWeeklySeriesInsideATermSkipsItsClosedDaysAndTheHolidays) {
  auto a101 = room("A101");
  make_term();
  // Wednesdays 24 March to 19 May 2027: 31 March and 7 April (Easter), 14 April (--holiday) and
  // 12 May (reading week) are skipped.
  auto r = post("/api/staff/booking-series",
                json::object{{"classroom_id", a101}, {"title", "Algebra"}, {"weekdays", json::array{3}},
                             {"start_date", "2027-03-24"}, {"end_date", "2027-05-19"}, {"start_time", "10:00"},
                             {"end_time", "11:00"}},
                staff_);
  ASSERT_EQ(r.status, 201) << r.body;
  std::vector<std::string> days;
  auto body = r.json();
  for (const auto& b : body.at("created").as_array()) days.push_back(str(b, "start_time").substr(0, 10));
  EXPECT_EQ(days, (std::vector<std::string>{"2027-03-24", "2027-04-21", "2027-04-28", "2027-05-05", "2027-05-19"}));
}

TEST_P(TermsTest, AWeeklySeriesOutsideEveryTermIsRefusedNamingTheTerms) {
  auto a101 = room("A101");
  auto series = [&](const char* first, const char* last) {
    return post("/api/staff/booking-series",
                json::object{{"classroom_id", a101}, {"title", "Algebra"}, {"weekdays", json::array{3}}, {"start_date", first},
                             {"end_date", last}, {"start_time", "10:00"}, {"end_time", "11:00"}},
                staff_);
  };
  // Without terms, any dates the booking rules allow.
  ASSERT_EQ(series("2027-01-06", "2027-01-20").status, 201);
  make_term();
  auto before = count("/api/staff/bookings");
  for (auto [first, last] : {std::pair{"2027-01-06", "2027-01-27"}, std::pair{"2027-06-23", "2027-07-14"}}) {
    auto r = series(first, last);
    ASSERT_EQ(r.status, 400) << first << " " << r.body;
    EXPECT_EQ(str(r.json(), "field"), "start_date");
    EXPECT_NE(str(r.json(), "message").find("Spring 2027"), std::string::npos) << r.body;
  }
  EXPECT_EQ(count("/api/staff/bookings"), before) << "nothing written";
  EXPECT_EQ(series("2027-06-02", "2027-06-30").status, 201) << "inside the term";
}
