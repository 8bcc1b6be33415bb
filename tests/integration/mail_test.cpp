// Mail: a booking made, changed and cancelled reaches its booker through a real SMTP
// server (aiosmtpd, tests/support/smtp_server.py) with an invite python3-icalendar
// reads (one UID, a growing SEQUENCE, local times in the campus zone); users who
// turned booking mails off or have no address get nothing; an SMTP server that is
// down, answers 451, drops the connection or refuses with 550, and a crash of the
// server, lose nothing, send nothing twice and leave the rest of the queue moving.
#include "fixture.hpp"
#include "smtp_server.hpp"

#include <map>
#include <set>
#include <thread>

namespace {

const std::string kFrom = "Room bookings <rooms@campus.test>";

std::vector<std::string> mail_args(const ts::SmtpServer& smtp) {
  return {"--smtp-url", smtp.url(), "--mail-from", kFrom, "--public-url", "http://rooms.campus.test/",
          "--timezone", "Europe/Berlin", "--webhook-retry-min", "1", "--webhook-retry-max", "2"};
}

std::string str(const json::object& o, const char* key) { return std::string(o.at(key).as_string()); }

}  // namespace

class MailTest : public ApiTest {
 protected:
  std::vector<std::string> server_args() override { return mail_args(smtp_); }
  std::int64_t room(const std::string& name = "Hall A") {
    auto r = post("/api/admin/classrooms", json::object{{"name", name}}, admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  ts::HttpResult book(const std::string& token, std::int64_t room, int day, int hour = 9) {
    auto at = [&](int h) { return "2026-12-0" + std::to_string(day) + "T" + (h < 10 ? "0" : "") + std::to_string(h) + ":00:00Z"; };
    return post("/api/staff/bookings",
                json::object{{"classroom_id", room}, {"start_time", at(hour)}, {"end_time", at(hour + 1)}, {"title", "Linear algebra"}},
                token);
  }
  json::array outbox() {
    auto r = get("/api/admin/outbox/mail", admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_array();
  }
  // Waits until the mail outbox's newest entry has `status`.
  bool wait_status(const std::string& status, std::size_t entries = 1) {
    for (int i = 0; i < 300; ++i) {
      auto list = outbox();
      if (list.size() >= entries && list.front().at("status").as_string() == status) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  ts::SmtpServer smtp_;
};

TEST_P(MailTest, ABookingMadeChangedAndCancelledUpdatesOneCalendarEvent) {
  auto hall = room();
  auto made = book(staff_, hall, 2);
  ASSERT_EQ(made.status, 201) << made.body;
  auto id = made.json().at("id").as_int64();
  ASSERT_TRUE(smtp_.wait_for(1, std::chrono::seconds(30))) << server_->log();
  auto first = smtp_.mails().at(0);
  EXPECT_EQ(first.at("rcpt").as_array(), (json::array{"staff@campus.test"}));
  EXPECT_EQ(str(first, "from"), "Room bookings <rooms@campus.test>");
  EXPECT_EQ(str(first, "content_type"), "multipart/alternative");
  EXPECT_EQ(first.at("parts").as_array(), (json::array{"text/plain", "text/html", "text/calendar"}));
  EXPECT_EQ(str(first, "calendar_method_param"), "REQUEST");
  EXPECT_NE(str(first, "text").find("http://rooms.campus.test/account"), std::string::npos) << str(first, "text");
  EXPECT_NE(str(first, "text").find("because you hold this booking"), std::string::npos);
  const auto& inv = first.at("calendar").as_object();
  std::string uid = "booking-" + std::to_string(id) + "@campus.test";
  EXPECT_EQ(str(inv, "method"), "REQUEST");
  EXPECT_EQ(str(inv, "uid"), uid);
  EXPECT_EQ(inv.at("sequence").as_int64(), 0);
  EXPECT_EQ(str(inv, "dtstart_tzid"), "Europe/Berlin");
  EXPECT_EQ(str(inv, "dtstart"), "2026-12-02T10:00:00+01:00");
  EXPECT_EQ(str(inv, "dtend"), "2026-12-02T11:00:00+01:00");
  EXPECT_EQ(str(inv, "dtstart_utc"), "2026-12-02T09:00:00Z");
  EXPECT_EQ(inv.at("vtimezone").as_array(), (json::array{"Europe/Berlin"}));
  EXPECT_EQ(str(inv, "organizer"), "mailto:rooms@campus.test");
  EXPECT_EQ(str(inv, "attendee"), "mailto:staff@campus.test");

  auto moved = put("/api/staff/bookings/" + std::to_string(id),
                   json::object{{"start_time", "2026-12-02T13:00:00Z"}, {"end_time", "2026-12-02T14:30:00Z"}}, staff_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  ASSERT_TRUE(smtp_.wait_for(2, std::chrono::seconds(30))) << server_->log();
  auto second = smtp_.mails().at(1);
  const auto& changed = second.at("calendar").as_object();
  EXPECT_EQ(str(changed, "method"), "REQUEST");
  EXPECT_EQ(str(changed, "uid"), uid);
  EXPECT_EQ(changed.at("sequence").as_int64(), 1);
  EXPECT_EQ(str(changed, "dtstart"), "2026-12-02T14:00:00+01:00");
  EXPECT_EQ(str(changed, "dtend"), "2026-12-02T15:30:00+01:00");

  ASSERT_EQ(del("/api/staff/bookings/" + std::to_string(id), staff_).status, 200);
  ASSERT_TRUE(smtp_.wait_for(3, std::chrono::seconds(30))) << server_->log();
  auto third = smtp_.mails().at(2);
  EXPECT_EQ(str(third, "calendar_method_param"), "CANCEL");
  const auto& cancelled = third.at("calendar").as_object();
  EXPECT_EQ(str(cancelled, "method"), "CANCEL");
  EXPECT_EQ(str(cancelled, "uid"), uid);
  EXPECT_EQ(cancelled.at("sequence").as_int64(), 2);
  EXPECT_EQ(str(cancelled, "status"), "CANCELLED");
  // Three mails, three Message-IDs; the outbox says all were delivered.
  std::set<std::string> ids;
  for (const auto& m : smtp_.mails()) ids.insert(str(m, "message_id"));
  EXPECT_EQ(ids.size(), 3u);
  ASSERT_TRUE(wait_status("delivered", 3));
  for (const auto& m : outbox()) EXPECT_EQ(m.at("status").as_string(), "delivered") << m;
}

TEST_P(MailTest, PreferencesAreTheUsersOwnAndCheckedBeforeTheyChangeAnything) {
  auto prefs = get("/api/auth/me/notifications", staff_);
  ASSERT_EQ(prefs.status, 200) << prefs.body;
  EXPECT_EQ(prefs.json(), (json::value{{"mail_bookings", true}, {"reminder_min", nullptr}}));
  for (auto bad : {json::object{{"reminder_min", 1}}, json::object{{"reminder_min", "soon"}},
                   json::object{{"mail_bookings", "no"}}, json::object{{"reminder_min", 20000}}}) {
    auto r = put("/api/auth/me/notifications", bad, staff_);
    EXPECT_EQ(r.status, 400) << json::serialize(bad) << " " << r.body;
  }
  EXPECT_EQ(get("/api/auth/me/notifications", staff_).json(), prefs.json()) << "refused input changes nothing";
  auto set = put("/api/auth/me/notifications", json::object{{"reminder_min", 30}}, staff_);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json(), (json::value{{"mail_bookings", true}, {"reminder_min", 30}}));
  set = put("/api/auth/me/notifications", json::object{{"reminder_min", nullptr}}, staff_);
  EXPECT_EQ(set.json(), (json::value{{"mail_bookings", true}, {"reminder_min", nullptr}}));
  EXPECT_EQ(get("/api/auth/me/notifications").status, 401);
  EXPECT_EQ(get("/api/admin/outbox/mail", staff_).status, 403);
}

TEST_P(MailTest, NoMailForWhoTurnedItOffOrHasNoAddress) {
  auto hall = room();
  ASSERT_EQ(put("/api/auth/me/notifications", json::object{{"mail_bookings", false}}, staff_).status, 200);
  ASSERT_EQ(book(staff_, hall, 2).status, 201);
  // An account without an address (a directory may give none), and one whose address
  // would inject a header.
  ASSERT_EQ(put("/api/auth/me/notifications", json::object{{"mail_bookings", true}}, staff_).status, 200);
  ts::sql(db_, "UPDATE users SET email = '' WHERE username = 'staff'");
  ASSERT_EQ(book(staff_, hall, 3).status, 201);
  std::string crlf = backend() == "sqlite" ? "char(13) || char(10)" : "chr(13) || chr(10)";
  ts::sql(db_, "UPDATE users SET email = 'staff@campus.test' || " + crlf + " || 'Bcc: eve@evil.test' WHERE username = 'staff'");
  ASSERT_EQ(book(staff_, hall, 4).status, 201);
  // The admin's own booking goes out: everything before it was looked at already.
  ASSERT_EQ(book(admin_, hall, 2, 14).status, 201);
  ASSERT_TRUE(smtp_.wait_for(1, std::chrono::seconds(30))) << server_->log();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto mails = smtp_.mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].at("rcpt").as_array(), (json::array{"admin@campus.test"}));
  EXPECT_EQ(outbox().size(), 1u) << "nothing queued for the others";
  EXPECT_NE(server_->log().find("event=mail_skipped reason=turned_off"), std::string::npos);
  EXPECT_NE(server_->log().find("event=mail_skipped reason=no_address"), std::string::npos);
  EXPECT_NE(server_->log().find("event=mail_skipped reason=invalid_address"), std::string::npos);
}

TEST_P(MailTest, AServerDownThenUpGetsEachMailOnce) {
  auto hall = room();
  smtp_.stop();
  ASSERT_EQ(book(staff_, hall, 2).status, 201);
  ASSERT_TRUE(wait_status("failing")) << server_->log();
  EXPECT_EQ(get("/api/admin/outbox", admin_).json().at("depth").as_int64(), 1);
  smtp_.set_mode("451");
  smtp_.start();
  for (int i = 0; i < 300 && outbox().front().at("last_status") != json::value(451); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(outbox().front().at("last_status"), json::value(451)) << "a 451 is retried";
  smtp_.set_mode("drop");
  auto attempts = outbox().front().at("attempts").as_int64();
  for (int i = 0; i < 300 && outbox().front().at("attempts").as_int64() < attempts + 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(outbox().front().at("status").as_string(), "failing") << "a dropped connection is retried";
  EXPECT_EQ(smtp_.count(), 0u);
  smtp_.set_mode("ok");
  ASSERT_TRUE(wait_status("delivered")) << server_->log();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(smtp_.count(), 1u);
  EXPECT_EQ(get("/api/admin/outbox", admin_).json().at("depth").as_int64(), 0);
}

TEST_P(MailTest, A550FailsThatMailForGoodAndTheNextStillGoes) {
  auto hall = room();
  smtp_.reject("staff@campus.test");
  ASSERT_EQ(book(staff_, hall, 2).status, 201);
  ASSERT_TRUE(wait_status("failed")) << server_->log();
  auto failed = outbox().front().as_object();
  EXPECT_EQ(failed.at("last_status"), json::value(550));
  EXPECT_NE(str(failed, "last_error").find("550"), std::string::npos) << failed;
  EXPECT_EQ(failed.at("attempts").as_int64(), 1) << "never tried again";
  EXPECT_EQ(failed.at("next_attempt_at"), json::value(nullptr));
  // The same booking's next mail is not held back by it, nor is anyone else's.
  ASSERT_EQ(book(admin_, hall, 3).status, 201);
  ASSERT_TRUE(wait_status("delivered", 2)) << server_->log();
  ASSERT_TRUE(smtp_.wait_for(1, std::chrono::seconds(10)));
  EXPECT_EQ(smtp_.mails().at(0).at("rcpt").as_array(), (json::array{"admin@campus.test"}));
  EXPECT_EQ(get("/api/admin/outbox", admin_).json().at("depth").as_int64(), 0) << "a failed mail is not pending";
}

TEST_P(MailTest, AServerKilledMidQueueDeliversEachMailOnceAfterRestart) {
  auto hall = room();
  smtp_.set_mode("451");
  for (int day = 1; day <= 4; ++day) ASSERT_EQ(book(staff_, hall, day).status, 201);
  ASSERT_TRUE(wait_status("failing", 4)) << server_->log();
  server_->kill_hard();
  smtp_.set_mode("ok");
  start_server();
  // PostgreSQL: the dead instance's claims run out first.
  ASSERT_TRUE(smtp_.wait_for(4, std::chrono::seconds(120))) << server_->log();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  auto mails = smtp_.mails();
  ASSERT_EQ(mails.size(), 4u);
  std::map<std::string, int> per_id;
  std::set<std::string> starts;
  for (const auto& m : mails) {
    ++per_id[str(m, "message_id")];
    starts.insert(str(m.at("calendar").as_object(), "dtstart_utc"));
  }
  EXPECT_EQ(per_id.size(), 4u);
  EXPECT_EQ(starts.size(), 4u) << "one mail per booking";
}

CLASSROOM_INSTANTIATE(MailTest);
