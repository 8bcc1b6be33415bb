// The registrar's timetable import: a CSV file of class sections becomes weekly booking
// series; re-importing changes only what the file changed, and only ahead of now.
#include "booking_fixture.hpp"

#include <fmt/format.h>

#include <fstream>

namespace {

const std::string kHeader = "section,title,room,days,start,end,first_date,last_date,organizer\r\n";

// The servers' clock stands at Mon 2026-11-30 12:00Z (13:00 in Berlin).
const std::string kTerm =
    kHeader +
    "MATH101,\"Algebra, \"\"linear\"\"\",A101,\"Mon,Wed\",09:00,10:30,2026-11-16,2027-01-29,staff\r\n"
    "PHYS200,Physics,B202,Tue,11:00,12:30,2026-11-16,2027-01-29,\r\n"
    "CHEM300,Chemistry,A101,Fri,14:00,15:00,2026-11-16,2027-01-29,staff@campus.test\r\n";

}  // namespace

class TimetableImportTest : public BookingTest {
 protected:
  void SetUp() override {
    BookingTest::SetUp();
    a101_ = room("A101");
    b202_ = room("B202");
  }
  ts::HttpResult import(const std::string& csv, const std::string& query = "", const std::string& type = "text/csv",
                        const std::string& token = "") {
    return ts::http(port(), "POST", "/api/admin/imports/timetable" + query, csv,
                    {{"Authorization", "Bearer " + (token.empty() ? admin_ : token)}, {"Content-Type", type}});
  }
  // Everything an import may write (past bookings are the lifecycle's: it completes them meanwhile).
  std::string snapshot() {
    return ts::sql(db_, "SELECT id, classroom_id, user_id, title, start_time, end_time, status, updated_at FROM bookings "
                        "WHERE start_time > " + std::to_string(unix_now() + 60) + " ORDER BY id") +
           ts::sql(db_, "SELECT id, section, classroom_id, weekdays, start_time, updated_at FROM booking_series ORDER BY id") +
           count_sql("booking_events WHERE detail = 'timetable import'") + count_sql("bookings");
  }
  // Held: confirmed, or completed by the lifecycle since it ended.
  std::string held(const std::string& where) {
    return ts::sql(db_, "SELECT COUNT(*) FROM bookings b JOIN booking_series s ON s.id = b.series_id WHERE " + where +
                            " AND b.status IN ('confirmed', 'completed')");
  }
  std::string confirmed(const std::string& section, const std::string& where = "1 = 1") {
    return ts::sql(db_, "SELECT COUNT(*) FROM bookings b JOIN booking_series s ON s.id = b.series_id WHERE s.section = '" +
                            section + "' AND b.status = 'confirmed' AND " + where);
  }
  std::int64_t a101_ = 0, b202_ = 0;
};
CLASSROOM_INSTANTIATE(TimetableImportTest);

TEST_P(TimetableImportTest, ImportAgainChangesNothingAndAChangedFileMovesOnlyFutureOccurrences) {
  // The term's first import ran two weeks ago: its November sessions are history now.
  extra_args_ = {"--clock-offset", std::to_string(-14 * 86400)};
  restart_server();
  admin_ = ts::login(port(), "admin", ts::kAdminPassword);
  auto first = import(kTerm);
  ASSERT_EQ(first.status, 200) << first.body;
  auto v = first.json();
  EXPECT_EQ(v.at("created").as_int64(), 3);
  EXPECT_EQ(v.at("errors").as_array().size(), 0u);
  EXPECT_TRUE(v.at("written").as_bool());
  // Mon/Wed from Wed 18 Nov (Mon 16 Nov 09:00 was already past) to 27 Jan: 21 sessions.
  EXPECT_EQ(confirmed("MATH101"), "21");
  EXPECT_EQ(ts::sql(db_, "SELECT title FROM booking_series WHERE section = 'MATH101'"), "Algebra, \"linear\"");
  EXPECT_EQ(ts::sql(db_, "SELECT u.username FROM booking_series s JOIN users u ON u.id = s.user_id WHERE s.section = 'PHYS200'"),
            "admin") << "no organizer: the importing admin";
  EXPECT_EQ(ts::sql(db_, "SELECT u.username FROM booking_series s JOIN users u ON u.id = s.user_id WHERE s.section = 'CHEM300'"),
            "staff") << "an organizer by e-mail";

  extra_args_.clear();
  restart_server();
  admin_ = ts::login(port(), "admin", ts::kAdminPassword);
  auto before = snapshot();
  auto again = import(kTerm);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("unchanged").as_int64(), 3);
  EXPECT_EQ(again.json().at("created").as_int64() + again.json().at("updated").as_int64(), 0);
  EXPECT_FALSE(again.json().at("written").as_bool());
  EXPECT_EQ(snapshot(), before) << "the same file again writes nothing";

  // MATH101 moves to B202 at 10:00; PHYS200 is gone; CHEM300 stays.
  auto changed = kHeader +
                 "MATH101,\"Algebra, \"\"linear\"\"\",B202,\"Mon,Wed\",10:00,11:30,2026-11-16,2027-01-29,staff\r\n"
                 "CHEM300,Chemistry,A101,Fri,14:00,15:00,2026-11-16,2027-01-29,staff@campus.test\r\n";
  auto dry = import(changed, "?dry_run=1");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(snapshot(), before) << "a dry run writes nothing";
  auto r = import(changed);
  ASSERT_EQ(r.status, 200) << r.body;
  auto out = r.json();
  EXPECT_EQ(out.at("updated").as_int64(), 1);
  EXPECT_EQ(out.at("removed").as_int64(), 1);
  EXPECT_EQ(out.at("unchanged").as_int64(), 1);
  EXPECT_EQ(dry.json().at("changes"), out.at("changes")) << "the dry run showed what the import did";
  const auto& math = out.at("changes").as_array()[0];
  EXPECT_EQ(str(math, "section"), "MATH101");
  EXPECT_EQ(str(math, "action"), "updated");
  EXPECT_EQ(math.at("fields").as_array()[0], (json::object{{"field", "room"}, {"from", "A101"}, {"to", "B202"}}));
  EXPECT_EQ(math.at("fields").as_array()[1], (json::object{{"field", "time"}, {"from", "09:00-10:30"}, {"to", "10:00-11:30"}}));
  const auto& phys = out.at("changes").as_array()[1];
  EXPECT_EQ(str(phys, "action"), "removed");
  EXPECT_TRUE(phys.at("line").is_null());
  EXPECT_EQ(phys.at("occurrences").at("cancelled").as_int64(), 9);
  EXPECT_EQ(math.at("occurrences").at("moved").as_int64(), 17);  // Wed 2 Dec to Wed 27 Jan

  auto now = std::to_string(unix_now());
  EXPECT_EQ(held("s.section = 'MATH101' AND b.start_time < " + now + " AND b.classroom_id = " + std::to_string(a101_)), "4")
      << "18, 23, 25 and 30 Nov stay in A101 at 09:00";
  EXPECT_EQ(confirmed("MATH101", "b.start_time > " + now + " AND b.classroom_id = " + std::to_string(b202_)), "17");
  // Wed 2 Dec 2026, 10:00 in Berlin is 09:00Z.
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM bookings WHERE start_time = 1796202000 AND classroom_id = " + std::to_string(b202_)), "1");
  EXPECT_EQ(held("s.title = 'Physics'"), "2")
      << "PHYS200's past sessions (17, 24 Nov) stay; its future ones are cancelled";
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM booking_series WHERE title = 'Physics' AND section IS NULL"), "1");
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM booking_events WHERE detail = 'timetable import' AND action = 'updated'"), "17");

  before = snapshot();
  ASSERT_EQ(import(changed).status, 200);
  EXPECT_EQ(snapshot(), before) << "re-importing the changed file changes nothing more";
}

TEST_P(TimetableImportTest, ErrorsWriteNothingUnlessToldToSkipThoseLines) {
  auto file = kHeader + "OK1,Algebra,A101,Mon,09:00,10:00,2027-01-04,2027-01-25,\r\n"
                        "BAD1,Algebra,Z999,Mon,09:00,10:00,2027-01-04,2027-01-25,\r\n";
  auto before = snapshot();
  auto r = import(file);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error(), "Invalid timetable");
  EXPECT_EQ(r.json().at("errors").as_array()[0], (json::object{{"line", 3}, {"field", "room"}, {"message", "no active room is named Z999"}}));
  EXPECT_EQ(snapshot(), before);
  auto dry = import(file, "?dry_run=1");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json().at("created").as_int64(), 1);
  EXPECT_EQ(snapshot(), before);

  auto skipped = import(file, "?skip_errors=1");
  ASSERT_EQ(skipped.status, 200) << skipped.body;
  EXPECT_EQ(skipped.json().at("created").as_int64(), 1);
  EXPECT_EQ(skipped.json().at("errors").as_array().size(), 1u);
  EXPECT_EQ(confirmed("OK1"), "4");
  EXPECT_EQ(count_sql("booking_series"), "1");
}

TEST_P(TimetableImportTest, LecturesSkipTheTermsClosedDaysAndDatesOutsideEveryTermAreAnError) {
  auto term = post("/api/admin/terms",
                   json::object{{"name", "Winter 2026"},
                                {"first_day", "2026-11-16"},
                                {"last_day", "2027-02-12"},
                                {"closed", json::array{json::object{{"label", "Winter break"},
                                                                    {"first_day", "2026-12-21"},
                                                                    {"last_day", "2027-01-01"}}}}},
                   admin_);
  ASSERT_EQ(term.status, 201) << term.body;
  auto lecture = "MATH101,Algebra,A101,\"Mon,Wed\",09:00,10:30,2026-12-01,2027-01-29,\r\n";
  auto before = snapshot();
  auto r = import(kHeader + lecture + "SPR1,Spring seminar,B202,Tue,11:00,12:00,2027-03-02,2027-03-30,\r\n");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json().at("errors").as_array()[0],
            (json::object{{"line", 3},
                          {"field", "first_date"},
                          {"message", "the dates 2027-03-02 to 2027-03-30 lie in no term (Winter 2026: 2026-11-16 to 2027-02-12)"}}));
  EXPECT_EQ(snapshot(), before) << "a line outside every term writes nothing";

  auto ok = import(kHeader + lecture);
  ASSERT_EQ(ok.status, 200) << ok.body;
  // Mon/Wed from Wed 2 Dec to Wed 27 Jan are 17 days; 4 of them fall in the winter break.
  EXPECT_EQ(confirmed("MATH101"), "13");
  // Mon 21 Dec 2026, 09:00 in Berlin is 08:00Z: no lecture then.
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM bookings WHERE start_time = 1797840000"), "0");
}

TEST_P(TimetableImportTest, AnExistingBookingInTheWayIsAnErrorOfThatLineAndNeverOverwritten) {
  ASSERT_EQ(book(a101_, "2027-01-11T09:30", "2027-01-11T11:00", staff_).status, 201);
  auto before = snapshot();
  auto r = import(kHeader + "M1,Algebra,A101,Mon,09:00,10:00,2027-01-04,2027-01-25,\r\n"
                            "M2,Other,A101,Tue,09:00,10:00,2027-01-04,2027-01-25,\r\n"
                            "M3,Clash,A101,Tue,09:30,10:30,2027-01-04,2027-01-25,\r\n");
  ASSERT_EQ(r.status, 400) << r.body;
  auto errors = r.json().at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u) << r.body;
  EXPECT_EQ(errors[0].at("line").as_int64(), 2);
  EXPECT_EQ(str(errors[0], "field"), "room");
  EXPECT_NE(str(errors[0], "message").find("A101 is already booked on 2027-01-11 09:00-10:00"), std::string::npos) << errors[0];
  EXPECT_EQ(errors[1].at("line").as_int64(), 4) << "two lines of one file in the way of each other";
  EXPECT_EQ(snapshot(), before);
}

TEST_P(TimetableImportTest, EachBadFileIsAClearErrorAndWritesNothing) {
  struct Case {
    std::string name, body;
    std::size_t line;
    std::string field, says;
  };
  std::string ok = ",Algebra,A101,Mon,09:00,10:00,2027-01-04,2027-01-25,";
  std::vector<Case> cases = {
      {"unknown room", kHeader + "S1,A,Nowhere,Mon,09:00,10:00,2027-01-04,2027-01-25,\n", 2, "room", "Nowhere"},
      {"unknown organizer", kHeader + "S1,A,A101,Mon,09:00,10:00,2027-01-04,2027-01-25,ghost\n", 2, "organizer", "ghost"},
      {"days", kHeader + "S1,A,A101,Someday,09:00,10:00,2027-01-04,2027-01-25,\n", 2, "days", "Someday"},
      {"end before start", kHeader + "S1,A,A101,Mon,11:00,10:00,2027-01-04,2027-01-25,\n", 2, "end", "not after start"},
      {"last before first", kHeader + "S1,A,A101,Mon,09:00,10:00,2027-01-25,2027-01-04,\n", 2, "last_date", "before first_date"},
      {"malformed time", kHeader + "S1,A,A101,Mon,9h,10:00,2027-01-04,2027-01-25,\n", 2, "start", "9h"},
      {"malformed date", kHeader + "S1,A,A101,Mon,09:00,10:00,04/01/2027,2027-01-25,\n", 2, "first_date", "04/01/2027"},
      {"duplicate section", kHeader + "S1" + ok + "\nS1" + ok + "\n", 3, "section", "already on line 2"},
      {"missing column", "section,title,days,start,end,first_date,last_date\nS1,A,Mon,09:00,10:00,2027-01-04,2027-01-25\n", 1,
       "room", "no room column"},
      {"empty file", "", 1, "file", "empty"},
      {"not UTF-8", kHeader + "S1,Alg\xE8" "bre,A101,Mon,09:00,10:00,2027-01-04,2027-01-25,\n", 2, "file", "UTF-8"},
      {"semicolons", "section;title;room;days;start;end;first_date;last_date\nS1;A;A101;Mon;09:00;10:00;2027-01-04;2027-01-25\n", 1,
       "file", "';'"},
  };
  auto before = snapshot();
  for (const auto& c : cases) {
    auto r = import(c.body);
    EXPECT_EQ(r.status, 400) << c.name << ": " << r.body;
    auto errors = r.json().at("errors").as_array();
    ASSERT_FALSE(errors.empty()) << c.name;
    EXPECT_EQ(errors[0].at("line").as_int64(), static_cast<std::int64_t>(c.line)) << c.name;
    EXPECT_EQ(str(errors[0], "field"), c.field) << c.name;
    EXPECT_NE(str(errors[0], "message").find(c.says), std::string::npos) << c.name << ": " << errors[0];
    EXPECT_EQ(snapshot(), before) << c.name;
  }
  auto json_body = import("{}", "", "application/json");
  EXPECT_EQ(json_body.status, 415) << json_body.body;
  EXPECT_EQ(import(kTerm, "", "text/csv", staff_).status, 403);
  EXPECT_EQ(ts::http(port(), "POST", "/api/admin/imports/timetable", kTerm, {{"Content-Type", "text/csv"}}).status, 401);
  EXPECT_EQ(import(kTerm, "?dry_run=maybe").status, 400);
  EXPECT_EQ(snapshot(), before);
}

TEST_P(TimetableImportTest, ByteOrderMarkCrlfAndQuotedLineBreaksAreRead) {
  auto r = import("\xEF\xBB\xBF" + kHeader + "S1,\"Seminar\r\n(two lines)\",a101,\"Mon,Wed\",9:00,10:00,2027-01-04,2027-01-13,\r\n");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("created").as_int64(), 1);
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM bookings WHERE title LIKE 'Seminar_(two lines)'"), "4")
      << "room names match whatever their case";
}

TEST_P(TimetableImportTest, TheImportHasItsOwnBodyLimit) {
  extra_args_ = {"--import-max-mb", "1", "--body-limit", "4096"};
  restart_server();
  admin_ = ts::login(port(), "admin", ts::kAdminPassword);
  // 200 KB of lines is far above --body-limit yet imports: 2,000 sections of one day each.
  std::string big = kHeader;
  for (int i = 0; i < 2000; ++i)
    big += "S" + std::to_string(i) + ",A long enough title for a realistic registrar export line,A101,Mon," +
           (i % 2 ? "08:00,08:30," : "08:30,09:00,") + "2027-0" + std::to_string(1 + i / 400) + "-01,2027-06-30,\n";
  ASSERT_GT(big.size(), 100000u);
  auto r = import(big, "?dry_run=1");
  EXPECT_NE(r.status, 413) << r.body.substr(0, 200);
  std::string huge(1200 * 1024, 'x');
  auto too_big = import(kHeader + huge);
  EXPECT_EQ(too_big.status, 413);
  EXPECT_EQ(post("/api/contact", json::object{{"name", std::string(5000, 'x')}}).status, 413) << "other routes keep --body-limit";
}

TEST_P(TimetableImportTest, AnImportedLectureKeepsItsRoomsPowerOn) {
  auto n = make_node("Lab 1", "node-lab");
  // A lecture starting five minutes from now (Berlin is UTC+1 on the test's Monday,
  // 2026-11-30), every Monday: "now" is the pinned epoch plus the time the tests have run.
  auto minute = (ts::now() + 300 + 3600) % 86400 / 60 + 1;
  auto clock = [](std::int64_t m) { return fmt::format("{:02}:{:02}", m / 60, m % 60); };
  auto r = import(kHeader + "LAB1,Lab,Lab 1,Mon," + clock(minute) + "," + clock(minute + 90) +
                  ",2026-11-30,2027-01-25,\n");
  ASSERT_EQ(r.status, 200) << r.body;
  auto answer = report(n, false);
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json().at("power_on").as_bool(), true) << "booked: the room is switched on before the lecture";
  // Removed from the timetable, the room is no longer held.
  ASSERT_EQ(import(kHeader + "OTHER,Other,A101,Tue,09:00,10:00,2027-01-05,2027-01-26,\n").status, 200);
  EXPECT_EQ(report(n, false).json().at("power_on").as_bool(), false);
}

TEST_P(TimetableImportTest, TheCommandLineImportPrintsTheSameJson) {
  auto dir = ts::make_temp_dir("timetable");
  auto file = dir + "/term.csv";
  std::ofstream(file, std::ios::binary) << kTerm;
  auto run = [&](const std::string& flags) {
    std::string cmd = std::string(CLASSROOMD_BIN) + " import timetable --db " + ts::quote(db_) + " --file " + ts::quote(file) +
                      " --timezone Europe/Berlin --clock-offset " + std::to_string(ts::clock_offset_s()) + " " + flags +
                      " 2>/dev/null";
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    while (auto k = fread(buf, 1, sizeof buf, p)) out.append(buf, k);
    int status = pclose(p);
    return std::pair{WEXITSTATUS(status), out};
  };
  auto [dry_rc, dry] = run("--dry-run");
  EXPECT_EQ(dry_rc, 0);
  EXPECT_EQ(json::parse(dry).at("created").as_int64(), 3) << dry;
  EXPECT_EQ(count_sql("booking_series"), "0");
  auto [rc, out] = run("");
  ASSERT_EQ(rc, 0) << out;
  auto v = json::parse(out);
  EXPECT_EQ(v.at("created").as_int64(), 3);
  EXPECT_TRUE(v.at("written").as_bool());
  EXPECT_EQ(ts::sql(db_, "SELECT u.username FROM booking_series s JOIN users u ON u.id = s.user_id WHERE s.section = 'PHYS200'"),
            "admin") << "the CLI imports as the first active admin";
  EXPECT_EQ(json::parse(run("").second).at("unchanged").as_int64(), 3);
  std::ofstream(file, std::ios::binary) << kHeader << "S1,A,Nowhere,Mon,09:00,10:00,2027-01-04,2027-01-25,\n";
  auto [bad_rc, bad] = run("");
  EXPECT_EQ(bad_rc, 1);
  EXPECT_EQ(json::parse(bad).at("errors").as_array()[0].at("field").as_string(), "room");
}

TEST_P(TimetableImportTest, OpenAdminDashboardsHearOfAnImport) {
  ts::WsClient ws(port(), "/api/ws?token=" + admin_);
  ASSERT_EQ(import(kHeader + "S1,Algebra,A101,Mon,09:00,10:00,2027-01-04,2027-01-25,\n").status, 200);
  auto event = ws.wait_for("\"imported\"", std::chrono::seconds(5));
  ASSERT_TRUE(event) << "no booking_series event";
  EXPECT_NE(event->find("\"type\":\"booking_series\""), std::string::npos) << *event;
  EXPECT_NE(event->find("\"created\":1"), std::string::npos) << *event;
}
