// The mails the clock and the approvals send, through a real SMTP server (aiosmtpd):
// a reminder before a booking, once, at its time (not for a cancelled booking, not
// again after a crash, once with two instances, again for a booking moved later);
// approval requests to the room's approvers and decisions and lapses to the
// requester; the admins' digest of devices gone offline and a sensor fault, one mail
// per admin.
#include "booking_fixture.hpp"
#include "smtp_server.hpp"

#include <map>
#include <set>
#include <thread>

namespace {

const std::string kFrom = "Room bookings <rooms@campus.test>";

std::vector<std::string> notice_args(const ts::SmtpServer& smtp) {
  return {"--smtp-url", smtp.url(), "--mail-from", kFrom, "--public-url", "http://rooms.campus.test/",
          "--timezone", "Europe/Berlin", "--webhook-retry-min", "1", "--webhook-retry-max", "2",
          "--offline-after", "10", "--mail-digest-min", "0.25"};
}

std::string field(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// The mails whose subject starts with `prefix`.
std::vector<json::object> with_subject(const std::vector<json::object>& mails, const std::string& prefix) {
  std::vector<json::object> out;
  for (const auto& m : mails)
    if (starts_with(field(m, "subject"), prefix)) out.push_back(m);
  return out;
}

std::string rcpt(const json::object& m) { return std::string(m.at("rcpt").as_array().at(0).as_string()); }

ts::HttpResult book_at(int port, const std::string& token, std::int64_t room, std::int64_t start, std::int64_t end,
                       const std::string& title) {
  return ts::http_json(port, "POST", "/api/staff/bookings",
                       json::object{{"classroom_id", room}, {"start_time", iso_utc(start)}, {"end_time", iso_utc(end)},
                                    {"title", title}},
                       token);
}

}  // namespace

class MailNoticeTest : public BookingTest {
 protected:
  std::vector<std::string> server_args() override { return notice_args(smtp_); }
  void remind(const std::string& token, int minutes) {
    auto r = put("/api/auth/me/notifications", json::object{{"reminder_min", minutes}}, token);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  ts::HttpResult book_at(std::int64_t room, std::int64_t start, std::int64_t end, const std::string& title,
                         const std::string& token) {
    return ::book_at(port(), token, room, start, end, title);
  }
  // Waits until `n` mails with the subject's prefix arrived.
  bool wait_subject(const std::string& prefix, std::size_t n, std::chrono::seconds timeout) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (with_subject(smtp_.mails(), prefix).size() >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  std::string admin_staff(const std::string& username, const std::string& role) {
    auto u = post("/api/admin/users",
                  json::object{{"username", username}, {"email", username + "@campus.test"},
                               {"password", "other-password-1"}, {"role", role}},
                  admin_);
    EXPECT_EQ(u.status, 201) << u.body;
    return ts::login(port(), username, "other-password-1");
  }
  std::string approver(const std::string& username, json::array scopes) {
    auto token = admin_staff(username, "staff");
    auto id = std::stoll(ts::sql(db_, "SELECT id FROM users WHERE username = '" + username + "'"));
    auto r = put("/api/admin/users/" + std::to_string(id), json::object{{"approver_scopes", scopes}}, admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return token;
  }
  ts::SmtpServer smtp_;
};
CLASSROOM_INSTANTIATE(MailNoticeTest);

TEST_P(MailNoticeTest, AReminderArrivesOnceAtItsTimeAndNotForACancelledBooking) {
  auto hall = room("Hall A");
  remind(staff_, 5);
  auto start = unix_now() + 5 * 60 + 8;  // its reminder is due in 8 s
  auto kept = book_at(hall, start, start + 3600, "Linear algebra", staff_);
  ASSERT_EQ(kept.status, 201) << kept.body;
  auto dropped = book_at(hall, start + 3600, start + 7200, "Seminar", staff_);
  ASSERT_EQ(dropped.status, 201) << dropped.body;
  ASSERT_EQ(del("/api/staff/bookings/" + std::to_string(dropped.json().at("id").as_int64()), staff_).status, 200);
  // A pending request in a room that needs approval gets none either.
  auto gated = room("Lab 1");
  ASSERT_EQ(put("/api/admin/classrooms/" + std::to_string(gated), json::object{{"requires_approval", true}}, admin_).status, 200);
  auto pending = book_at(gated, start, start + 1800, "Pending talk", staff_);
  ASSERT_EQ(str(pending.json(), "status"), "pending") << pending.body;

  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_TRUE(with_subject(smtp_.mails(), "Reminder:").empty()) << "not before its time";
  ASSERT_TRUE(wait_subject("Reminder:", 1, std::chrono::seconds(30))) << server_->log();
  EXPECT_GE(ts::now(), start - 5 * 60) << "at its time";
  auto reminder = with_subject(smtp_.mails(), "Reminder:").at(0);
  EXPECT_EQ(rcpt(reminder), "staff@campus.test");
  EXPECT_TRUE(starts_with(field(reminder, "subject"), "Reminder: Linear algebra, Hall A, ")) << field(reminder, "subject");
  EXPECT_NE(field(reminder, "text").find("5 minutes before each of your bookings"), std::string::npos);
  EXPECT_NE(field(reminder, "text").find("http://rooms.campus.test/account"), std::string::npos);
  std::this_thread::sleep_for(std::chrono::seconds(5));
  auto reminders = with_subject(smtp_.mails(), "Reminder:");
  EXPECT_EQ(reminders.size(), 1u) << "once; none for the cancelled booking or the pending request";
  EXPECT_EQ(count_sql("booking_reminders"), "1");

  // Moved later: a reminder for its new time.
  auto id = kept.json().at("id").as_int64();
  auto moved = put("/api/staff/bookings/" + std::to_string(id),
                   json::object{{"start_time", iso_utc(start + 10)}, {"end_time", iso_utc(start + 3600)}}, staff_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  ASSERT_TRUE(wait_subject("Reminder:", 2, std::chrono::seconds(30))) << server_->log();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(with_subject(smtp_.mails(), "Reminder:").size(), 2u);
}

TEST_P(MailNoticeTest, AReminderIsNotSentTwiceAfterACrash) {
  auto hall = room("Hall A");
  remind(staff_, 10);
  smtp_.set_mode("451");  // queued but not delivered when the server dies
  auto start = unix_now() + 9 * 60;  // due at once
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(book_at(hall, start + i * 3600, start + i * 3600 + 1800, "Talk " + std::to_string(i), staff_).status, 201);
  for (int i = 0; i < 100 && count_sql("booking_reminders") != "1"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(count_sql("booking_reminders"), "1") << server_->log();
  server_->kill_hard();
  smtp_.set_mode("ok");
  start_server();
  ASSERT_TRUE(wait_subject("Reminder:", 1, std::chrono::seconds(120))) << server_->log();
  ASSERT_TRUE(wait_subject("Booking confirmed", 3, std::chrono::seconds(60))) << server_->log();
  std::this_thread::sleep_for(std::chrono::seconds(5));
  EXPECT_EQ(with_subject(smtp_.mails(), "Reminder:").size(), 1u);
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM outbox WHERE event = 'booking.reminder'"), "1");
}

TEST_P(MailNoticeTest, ARequestMailsItsApproversTheDecisionAndTheLapseTheRequester) {
  auto north = post("/api/admin/buildings", json::object{{"name", "North"}, {"requires_approval", true}}, admin_);
  ASSERT_EQ(north.status, 201) << north.body;
  auto n1 = room("N1");
  ASSERT_EQ(put("/api/admin/classrooms/" + std::to_string(n1), json::object{{"building_id", north.json().at("id")}}, admin_).status, 200);
  auto lone = room("Lab 9");  // needs approval, no approver named for it
  ASSERT_EQ(put("/api/admin/classrooms/" + std::to_string(lone), json::object{{"requires_approval", true}}, admin_).status, 200);
  auto northie = approver("northie", json::array{"building/North"});
  approver("southie", json::array{"building/South"});

  auto req = book(n1, "2027-03-10T10:00", "2027-03-10T11:00", staff_, "Thesis defence");
  ASSERT_EQ(str(req.json(), "status"), "pending") << req.body;
  ASSERT_TRUE(wait_subject("Approval requested", 1, std::chrono::seconds(30))) << server_->log();
  auto asked = with_subject(smtp_.mails(), "Approval requested").at(0);
  EXPECT_EQ(rcpt(asked), "northie@campus.test") << "the building's approver, not the admin nor southie";
  EXPECT_NE(field(asked, "text").find("staff asks to book N1"), std::string::npos) << field(asked, "text");
  EXPECT_NE(field(asked, "text").find("http://rooms.campus.test/staff/approvals"), std::string::npos);

  auto ok = post("/api/staff/bookings/" + std::to_string(req.json().at("id").as_int64()) + "/approve",
                 json::object{{"reason", "Fine"}}, northie);
  ASSERT_EQ(ok.status, 200) << ok.body;
  ASSERT_TRUE(wait_subject("Request approved", 1, std::chrono::seconds(30))) << server_->log();
  auto approved = with_subject(smtp_.mails(), "Request approved").at(0);
  EXPECT_EQ(rcpt(approved), "staff@campus.test");
  EXPECT_EQ(field(approved.at("calendar").as_object(), "method"), "REQUEST") << "it lands in the calendar";

  auto other = book(lone, "2027-03-11T10:00", "2027-03-11T11:00", staff_, "Reading group");
  ASSERT_EQ(str(other.json(), "status"), "pending") << other.body;
  ASSERT_TRUE(wait_subject("Approval requested", 2, std::chrono::seconds(30))) << server_->log();
  EXPECT_EQ(rcpt(with_subject(smtp_.mails(), "Approval requested").at(1)), "admin@campus.test") << "nobody scoped: admins";
  auto no = post("/api/staff/bookings/" + std::to_string(other.json().at("id").as_int64()) + "/decline",
                 json::object{{"reason", "Exams that week"}}, admin_);
  ASSERT_EQ(no.status, 200) << no.body;
  ASSERT_TRUE(wait_subject("Request declined", 1, std::chrono::seconds(30))) << server_->log();
  auto declined = with_subject(smtp_.mails(), "Request declined").at(0);
  EXPECT_EQ(rcpt(declined), "staff@campus.test");
  EXPECT_NE(field(declined, "text").find("Reason: Exams that week"), std::string::npos) << field(declined, "text");

  // Undecided at its start: it lapses, and the requester hears of it.
  auto now = unix_now();
  auto soon = book_at(lone, now + 8, now + 1800, "Late idea", staff_);
  ASSERT_EQ(str(soon.json(), "status"), "pending") << soon.body;
  ASSERT_TRUE(wait_subject("Request lapsed", 1, std::chrono::seconds(40))) << server_->log();
  EXPECT_EQ(rcpt(with_subject(smtp_.mails(), "Request lapsed").at(0)), "staff@campus.test");

  // A series asks once, not once per session.
  auto series = post("/api/staff/booking-series",
                     json::object{{"classroom_id", n1}, {"title", "Algebra"}, {"description", ""}, {"weekdays", json::array{3}},
                                  {"start_date", "2027-03-17"}, {"end_date", "2027-04-07"}, {"start_time", "10:30"},
                                  {"end_time", "12:00"}, {"skip_conflicts", false}},
                     staff_);
  ASSERT_EQ(series.status, 201) << series.body;
  EXPECT_EQ(count_sql("bookings WHERE status = 'pending' AND series_id IS NOT NULL"), "4");
  ASSERT_TRUE(wait_subject("Approval requested: Algebra", 1, std::chrono::seconds(30))) << server_->log();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  auto series_mails = with_subject(smtp_.mails(), "Approval requested: Algebra");
  ASSERT_EQ(series_mails.size(), 1u);
  EXPECT_EQ(rcpt(series_mails[0]), "northie@campus.test");
  EXPECT_NE(field(series_mails[0], "text").find("first session of a series"), std::string::npos);

  // Who turned mail off hears of no request.
  ASSERT_EQ(put("/api/auth/me/notifications", json::object{{"mail_bookings", false}}, northie).status, 200);
  auto quiet = book(n1, "2027-03-12T10:00", "2027-03-12T11:00", staff_, "Quiet");
  ASSERT_EQ(str(quiet.json(), "status"), "pending");
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(with_subject(smtp_.mails(), "Approval requested").size(), 4u)
      << "the lapsing request's to admin, the series' to northie, none for the last";
  EXPECT_EQ(with_subject(smtp_.mails(), "Booking").size(), 0u) << "no booking mail for a request";
}

TEST_P(MailNoticeTest, DevicesGoneOfflineAndASensorFaultMakeOneDigestPerAdmin) {
  auto boss_token = admin_staff("boss", "admin");
  auto quiet_token = admin_staff("quiet", "admin");
  ASSERT_EQ(put("/api/auth/me/notifications", json::object{{"mail_bookings", false}}, quiet_token).status, 200);
  auto a = make_node("Hall A", "node-a");
  auto b = make_node("Hall B", "node-b");
  auto c = make_node("Hall C", "node-c");
  for (const auto& n : {a, b, c}) ASSERT_EQ(report(n, false).status, 200);
  // node-c keeps reporting, with a stuck sensor; node-a and node-b fall silent and go offline.
  auto faulty = [&] {
    auto body = json::object{{"is_occupied", false}, {"is_power_on", true}, {"last_movement", 900},
                             {"sensor_fault", "pir stuck"}};
    return ts::http(port(), "POST", "/api/esp/status", json::serialize(body),
                    {{"X-Device-ID", c.device_id}, {"X-API-Key", c.api_key}});
  };
  auto offline = [&] { return ts::sql(db_, "SELECT COUNT(*) FROM esp_devices WHERE is_connected = 0") == "2"; };
  for (int i = 0; i < 45 && with_subject(smtp_.mails(), "Devices and sensors").size() < 2; ++i) {
    // The fault comes once both are offline: all three wait for the same digest.
    ASSERT_EQ((offline() ? faulty() : report(c, false)).status, 200);
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  ASSERT_TRUE(wait_subject("Devices and sensors", 2, std::chrono::seconds(5))) << server_->log();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  auto digests = with_subject(smtp_.mails(), "Devices and sensors");
  ASSERT_EQ(digests.size(), 2u) << "one per admin with mail on";
  std::set<std::string> to;
  for (const auto& d : digests) {
    to.insert(rcpt(d));
    EXPECT_EQ(field(d, "subject"), "Devices and sensors: 3 problems");
    auto text = field(d, "text");
    EXPECT_NE(text.find("Hall A (node node-a): offline since"), std::string::npos) << text;
    EXPECT_NE(text.find("Hall B (node node-b): offline since"), std::string::npos) << text;
    EXPECT_NE(text.find("Hall C (node node-c): sensor fault: pir stuck since"), std::string::npos) << text;
    EXPECT_EQ(text.find("node-c): offline"), std::string::npos) << text;
    EXPECT_NE(text.find("because you are an administrator"), std::string::npos);
  }
  EXPECT_EQ(to, (std::set<std::string>{"admin@campus.test", "boss@campus.test"}));
  EXPECT_EQ(smtp_.count(), 2u) << "nothing else happened, nothing else sent";
}

TEST(MailNoticeTwoInstances, TwoServersOnOnePostgresQueueEachReminderOnce) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::add_user(db, "staff", ts::kStaffPassword, "staff");
  ts::SmtpServer smtp;
  auto args = notice_args(smtp);
  ts::Server a(db, args), b(db, args);
  auto admin = ts::login(a.port(), "admin", ts::kAdminPassword);
  auto staff = ts::login(b.port(), "staff", ts::kStaffPassword);
  ASSERT_EQ(ts::http_json(a.port(), "PUT", "/api/auth/me/notifications", json::object{{"reminder_min", 10}}, staff).status, 200);
  auto start = ts::now() + 9 * 60 + 30;  // every reminder due at once: the instances race for each
  for (int i = 0; i < 4; ++i) {
    auto* server = i % 2 ? &a : &b;
    auto room = ts::http_json(server->port(), "POST", "/api/admin/classrooms", json::object{{"name", "Hall " + std::to_string(i)}},
                              admin).json().at("id").as_int64();
    auto r = book_at(server->port(), staff, room, start, start + 1800, "Talk " + std::to_string(i));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (with_subject(smtp.mails(), "Reminder:").size() < 4 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::this_thread::sleep_for(std::chrono::seconds(5));
  auto reminders = with_subject(smtp.mails(), "Reminder:");
  ASSERT_EQ(reminders.size(), 4u) << a.log() << b.log();
  std::set<std::string> subjects;
  for (const auto& m : reminders) subjects.insert(field(m, "subject"));
  EXPECT_EQ(subjects.size(), 4u) << "one per booking";
  EXPECT_EQ(ts::sql(db, "SELECT COUNT(*) FROM outbox WHERE event = 'booking.reminder'"), "4");
}
