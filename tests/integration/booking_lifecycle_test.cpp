// What the room sensors do to bookings (power, check-in, no-show release, flags),
// and the calendar feeds.
#include "booking_fixture.hpp"

#include <cstdio>
#include <fstream>
#include <thread>

class BookingLifecycleTest : public BookingTest {
 protected:
  // Polls a booking until `ready` holds for it (the lifecycle runs every 5 s).
  template <class F>
  json::value wait_for_booking(std::int64_t id, F ready) {
    json::value b;
    for (int i = 0; i < 150; ++i) {
      b = get("/api/admin/bookings/" + std::to_string(id), admin_).json();
      if (ready(b)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return b;
  }
};
CLASSROOM_INSTANTIATE(BookingLifecycleTest);

namespace {

// Runs Debian's python3-icalendar on the text; returns its output or "error".
std::string parse_ical(const std::string& text) {
  auto dir = ts::make_temp_dir("ical");
  std::ofstream(dir + "/feed.ics", std::ios::binary) << text;
  std::string cmd = "/usr/bin/python3 -c 'import icalendar,sys; c = icalendar.Calendar.from_ical(sys.stdin.read()); "
                    "print(len(c.walk(\"VEVENT\")))' < " + dir + "/feed.ics 2>&1";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[512];
    while (auto n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    if (pclose(p) != 0) out = "error: " + out;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

TEST_P(BookingLifecycleTest, ABookedRoomKeepsItsPowerOnEvenWhenIdle) {
  auto n = make_node("A101", "node-1");
  auto now = unix_now();
  auto b = book(n.classroom_id, iso_utc(now - 60), iso_utc(now + 3600), staff_);
  ASSERT_EQ(b.status, 201) << b.body;
  auto r = report(n, false);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("is_booked").as_bool(), true);
  EXPECT_EQ(r.json().at("power_on").as_bool(), true) << "booked now: never switched off for idleness";

  ASSERT_EQ(del("/api/staff/bookings/" + std::to_string(b.json().at("id").as_int64()), staff_).status, 200);
  auto after = report(n, false).json();
  EXPECT_EQ(after.at("is_booked").as_bool(), false) << "the node hears of the cancellation at once";
  EXPECT_EQ(after.at("power_on").as_bool(), false);
}

TEST_P(BookingLifecycleTest, NobodyComingReleasesTheRoomAndOccupancyChecksIn) {
  auto empty = make_node("A101", "node-1");
  auto used = make_node("B202", "node-2");
  auto now = unix_now();
  auto lonely = book(empty.classroom_id, iso_utc(now - 60), iso_utc(now + 7200), staff_).json().at("id").as_int64();
  auto attended = book(used.classroom_id, iso_utc(now - 60), iso_utc(now + 7200), staff_).json().at("id").as_int64();
  ASSERT_EQ(report(empty, false).status, 200);
  ASSERT_EQ(report(used, true).status, 200);
  auto checked = wait_for_booking(attended, [](const json::value& b) { return !b.at("checked_in_at").is_null(); });
  EXPECT_FALSE(checked.at("checked_in_at").is_null()) << checked;
  EXPECT_EQ(str(wait_for_booking(lonely, [](auto&) { return true; }), "status"), "confirmed") << "still within the grace";

  // The server's clock 1000 s on: past the room's 900 s grace.
  extra_args_ = {"--clock-offset", "1000"};
  restart_server();
  auto released = wait_for_booking(lonely, [](const json::value& b) { return str(b, "status") == "released"; });
  ASSERT_EQ(str(released, "status"), "released") << released;
  EXPECT_EQ(str(released.at("history").as_array().back(), "action"), "released");
  EXPECT_EQ(str(wait_for_booking(attended, [](auto&) { return true; }), "status"), "confirmed");
  EXPECT_EQ(report(empty, false).json().at("is_booked").as_bool(), false) << "the slot is free again";
  EXPECT_EQ(book(empty.classroom_id, iso_utc(now + 1200), iso_utc(now + 1800), admin_).status, 201);
}

TEST_P(BookingLifecycleTest, ThreeNoShowsInARowFlagTheSeriesAndEndedBookingsComplete) {
  auto n = make_node("A101", "node-1");
  auto day = [](std::int64_t t) { return iso_utc(t).substr(0, 10); };
  auto now = unix_now();
  auto s = post("/api/staff/booking-series",
                json::object{{"classroom_id", n.classroom_id}, {"title", "Seminar"}, {"weekdays", json::array{1, 2, 3, 4, 5, 6, 7}},
                             {"start_date", day(now + 2 * 86400)}, {"end_date", day(now + 4 * 86400)},
                             {"start_time", "10:00"}, {"end_time", "11:00"}},
                staff_);
  ASSERT_EQ(s.status, 201) << s.body;
  ASSERT_EQ(s.json().at("created").as_array().size(), 3u);
  auto series_id = s.json().at("series_id").as_int64();
  auto bare = room("No sensor");
  auto unsensed = book(bare, iso_utc(now + 3600), iso_utc(now + 7200), staff_).json().at("id").as_int64();

  // Six days on, the room's node has been reporting an empty room all along.
  server_->stop();
  auto later = now + 6 * 86400;
  ts::sql(db_, "UPDATE room_status SET last_report_at = " + std::to_string(later));
  extra_args_ = {"--clock-offset", std::to_string(6 * 86400)};
  start_server();
  admin_ = ts::login(port(), "admin", ts::kAdminPassword);  // six days on, yesterday's tokens have expired
  json::array flagged;
  for (int i = 0; i < 150 && flagged.empty(); ++i) {
    flagged = get("/api/admin/booking-series?flagged=true", admin_).json().as_array();
    if (flagged.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(flagged.size(), 1u) << server_->log();
  EXPECT_EQ(flagged[0].at("id").as_int64(), series_id);
  auto listed = get("/api/admin/bookings?flagged=true", admin_).json();
  EXPECT_EQ(listed.at("total").as_int64(), 3);
  EXPECT_EQ(listed.at("items").as_array()[0].at("series_flagged").as_bool(), true);
  EXPECT_EQ(str(listed.at("items").as_array()[0], "status"), "released");

  auto ended = wait_for_booking(unsensed, [](const json::value& b) { return str(b, "status") != "confirmed"; });
  EXPECT_EQ(str(ended, "status"), "completed") << "a room without a sensor gives no evidence of a no-show";

  auto cleared = put("/api/admin/booking-series/" + std::to_string(series_id), json::object{{"flagged", false}}, admin_);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(cleared.json().at("flagged").as_bool(), false);
}

TEST_P(BookingLifecycleTest, CalendarFeedIsValidICalendarAtAnUnguessableResettableUrl) {
  auto a101 = room("A101");
  ASSERT_EQ(book(a101, "2027-03-10T10:00", "2027-03-10T11:00", staff_, "Algebra; chapter 3, part 2").status, 201);
  ASSERT_EQ(book(a101, "2027-03-11T10:00", "2027-03-11T11:00", admin_, "Not mine").status, 201);
  auto link = get("/api/staff/calendar-link", staff_);
  ASSERT_EQ(link.status, 200) << link.body;
  auto url = str(link.json(), "url");
  ASSERT_EQ(url.rfind("/api/calendar/", 0), 0u) << url;
  EXPECT_GE(url.size(), std::string("/api/calendar/.ics").size() + 32) << "a token nobody guesses";
  EXPECT_EQ(str(get("/api/staff/calendar-link", staff_).json(), "url"), url) << "the same link until reset";

  auto feed = ts::http(port(), "GET", url);
  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_EQ(feed.headers["content-type"], "text/calendar; charset=utf-8");
  EXPECT_NE(feed.body.find("DTSTART:20270310T090000Z"), std::string::npos) << feed.body;
  EXPECT_EQ(feed.body.find("Not mine"), std::string::npos) << "a user's feed has their bookings only";
  EXPECT_EQ(parse_ical(feed.body), "1") << feed.body;

  auto reset = post("/api/staff/calendar-link/reset", nullptr, staff_);
  ASSERT_EQ(reset.status, 200);
  auto renewed = str(reset.json(), "url");
  EXPECT_NE(renewed, url);
  EXPECT_EQ(ts::http(port(), "GET", url).status, 404) << "the old link stops working";
  EXPECT_EQ(ts::http(port(), "GET", renewed).status, 200);

  auto room_link = get("/api/admin/classrooms/" + std::to_string(a101) + "/calendar-link", admin_);
  ASSERT_EQ(room_link.status, 200) << room_link.body;
  auto room_feed = ts::http(port(), "GET", str(room_link.json(), "url"));
  EXPECT_EQ(parse_ical(room_feed.body), "2") << room_feed.body;
  EXPECT_EQ(get("/api/admin/classrooms/" + std::to_string(a101) + "/calendar-link", staff_).status, 403);
  EXPECT_EQ(get("/api/admin/classrooms/99999/calendar-link", admin_).status, 404);
  EXPECT_EQ(ts::http(port(), "GET", "/api/calendar/guess.ics").status, 404);
}
