// The mails the clock and the approvals send: who gets a reminder when, what the
// admins' digest says of a run of device and sensor events, who hears of a request,
// and the wording of each (why it came, how to turn it off).
#include "domain/approval.hpp"
#include "domain/mail.hpp"
#include "mail_facts.hpp"

#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace classroom {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::int64_t kNow = mail_testing::kMonday;

TEST(Reminder, DueFromItsTimeUntilTheStartOnlyForConfirmedBookings) {
  std::int64_t start = kNow + 30 * 60;
  EXPECT_FALSE(reminder_due(BookingStatus::confirmed, start, 15, kNow)) << "30 min ahead, 15 min asked";
  EXPECT_FALSE(reminder_due(BookingStatus::confirmed, start, 15, start - 15 * 60 - 1));
  EXPECT_TRUE(reminder_due(BookingStatus::confirmed, start, 15, start - 15 * 60));
  EXPECT_TRUE(reminder_due(BookingStatus::confirmed, start, 15, start - 1));
  EXPECT_FALSE(reminder_due(BookingStatus::confirmed, start, 15, start)) << "not once it began";
  EXPECT_FALSE(reminder_due(BookingStatus::confirmed, start, 15, start + 60));
  EXPECT_FALSE(reminder_due(BookingStatus::confirmed, start, std::nullopt, start - 60)) << "reminders off";
  for (auto s : {BookingStatus::pending, BookingStatus::cancelled, BookingStatus::declined, BookingStatus::lapsed,
                 BookingStatus::released, BookingStatus::completed})
    EXPECT_FALSE(reminder_due(s, start, 60, start - 60)) << status_name(s);
}

BookingMailFacts facts(const std::string& action) { return mail_testing::booking_facts(action); }
BookingMailSettings settings() { return mail_testing::mail_settings(); }

TEST(ReminderMail, SaysWhenWhyAndHowToStopIt) {
  auto f = facts("reminder");
  f.reminder_min = 30;
  auto c = reminder_mail(f, settings());
  EXPECT_EQ(c.subject, "Reminder: Linear algebra, Hall A, Tue 01 Dec 10:00");
  EXPECT_THAT(c.text, HasSubstr("begins at 10:00"));
  EXPECT_THAT(c.text, HasSubstr("30 minutes before each of your bookings"));
  EXPECT_THAT(c.text, HasSubstr("set Reminder to Off on your Account page: https://rooms.campus.example/account"));
  EXPECT_THAT(c.html, HasSubstr("href=\"https://rooms.campus.example/account\""));
  EXPECT_TRUE(c.calendar.empty()) << "the calendar has the event already";
}

TEST(ApprovalMails, RequestToApproversDecisionToTheRequester) {
  auto f = facts("requested");
  f.username = "northie";
  f.requester = "staff";
  auto req = approval_request_mail(f, settings());
  EXPECT_EQ(req.subject, "Approval requested: Linear algebra, Hall A, Tue 01 Dec 10:00");
  EXPECT_THAT(req.text, HasSubstr("staff asks to book Hall A"));
  EXPECT_THAT(req.text, HasSubstr("https://rooms.campus.example/staff/approvals"));
  EXPECT_THAT(req.text, HasSubstr("because you approve bookings of this room"));
  EXPECT_TRUE(req.calendar.empty());
  EXPECT_THAT(req.text, Not(HasSubstr("series")));
  f.series = true;
  EXPECT_THAT(approval_request_mail(f, settings()).text, HasSubstr("first session of a series"));

  auto yes = facts("approved");
  auto approved = approval_decision_mail(yes, settings());
  EXPECT_THAT(approved.subject, HasSubstr("Request approved: Linear algebra"));
  EXPECT_EQ(approved.calendar_method, "REQUEST") << "an approved request lands in the calendar";
  EXPECT_THAT(approved.calendar, HasSubstr("UID:booking-42@campus.example"));

  auto no = facts("declined");
  no.reason = "Exams that week";
  auto declined = approval_decision_mail(no, settings());
  EXPECT_THAT(declined.subject, HasSubstr("Request declined"));
  EXPECT_THAT(declined.text, HasSubstr("Reason: Exams that week"));
  EXPECT_THAT(declined.text, HasSubstr("turn them off on your Account page"));
  EXPECT_TRUE(declined.calendar.empty());

  auto lapsed = approval_decision_mail(facts("lapsed"), settings());
  EXPECT_THAT(lapsed.subject, HasSubstr("Request lapsed"));
  EXPECT_THAT(lapsed.text, HasSubstr("nobody decided on it before its start"));
}

TEST(ApprovalMails, TheScopedApproversElseTheAdminsNeverTheOwner) {
  ApprovalGate gate{true, false, "N1", "North"};
  Approver admin{1, Role::admin, {}}, northie{2, Role::staff, {"building/North"}}, roomie{3, Role::staff, {"room/N1"}},
      southie{4, Role::staff, {"building/South"}}, owner{5, Role::staff, {"room/N1"}};
  EXPECT_EQ(request_recipients({admin, northie, roomie, southie, owner}, 5, gate), (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(request_recipients({admin, southie}, 5, gate), (std::vector<std::int64_t>{1})) << "nobody scoped: admins";
  EXPECT_EQ(request_recipients({admin, owner}, 5, gate), (std::vector<std::int64_t>{1})) << "the owner cannot decide it";
  Approver scoped_admin{6, Role::admin, {"room/N1"}};
  EXPECT_EQ(request_recipients({admin, scoped_admin}, 5, gate), (std::vector<std::int64_t>{6}));
}

AlertEvent ev(std::int64_t id, const std::string& event, const std::string& device, std::int64_t at,
              const std::string& detail = "") {
  return {id, event, device, "Room " + device, detail, at};
}

TEST(Digest, OneLinePerProblemInTheOrderTheyBegan) {
  auto lines = digest_lines({ev(1, "device.offline", "n1", kNow + 10), ev(2, "device.offline", "n2", kNow + 5),
                             ev(3, "device.online", "n1", kNow + 60), ev(4, "device.offline", "n2", kNow + 70),
                             ev(5, "sensor.fault", "n3", kNow + 80, "pir stuck"),
                             ev(6, "sensor.fault", "n3", kNow + 90, "pir stuck"),
                             ev(7, "device.online", "n4", kNow + 95)});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], (DigestLine{"n2", "Room n2", "offline", kNow + 5, std::nullopt})) << "still down: one line";
  EXPECT_EQ(lines[1], (DigestLine{"n1", "Room n1", "offline", kNow + 10, kNow + 60}));
  EXPECT_EQ(lines[2], (DigestLine{"n3", "Room n3", "sensor fault: pir stuck", kNow + 80, std::nullopt}));
  EXPECT_TRUE(digest_lines({ev(1, "device.online", "n1", kNow)}).empty()) << "coming back alone reports nothing";
  EXPECT_TRUE(digest_lines({}).empty());
  // Down, back, down again: two lines.
  EXPECT_EQ(digest_lines({ev(1, "device.offline", "n1", kNow), ev(2, "device.online", "n1", kNow + 5),
                          ev(3, "device.offline", "n1", kNow + 9)}).size(), 2u);
}

TEST(Digest, DueOnceTheOldestWaitedAndTheLastDigestIsAnIntervalAgo) {
  std::int64_t i = 900;
  EXPECT_FALSE(digest_due(std::nullopt, kNow, kNow + i - 1, i)) << "more may follow the first event";
  EXPECT_TRUE(digest_due(std::nullopt, kNow, kNow + i, i));
  EXPECT_FALSE(digest_due(kNow + i, kNow + i + 5, kNow + 2 * i - 1, i));
  EXPECT_TRUE(digest_due(kNow, kNow + 100, kNow + i + 100, i));
}

TEST(Digest, TheMailListsEachDeviceWhatAndSinceWhen) {
  std::vector<DigestLine> lines{{"n2", "Hall A", "offline", kNow, std::nullopt},
                                {"n1", "Lab <1>", "offline", kNow + 60, kNow + 600},
                                {"n3", "", "sensor fault: pir stuck", kNow + 120, std::nullopt}};
  auto c = digest_mail(lines, "admin", 900, settings());
  EXPECT_EQ(c.subject, "Devices and sensors: 3 problems");
  EXPECT_THAT(c.text, HasSubstr("- Hall A (node n2): offline since Mon 30 Nov 13:00, still offline"));
  EXPECT_THAT(c.text, HasSubstr("- Lab <1> (node n1): offline since Mon 30 Nov 13:01, back online at 13:10"));
  EXPECT_THAT(c.text, HasSubstr("- no room (node n3): sensor fault: pir stuck since Mon 30 Nov 13:02"));
  EXPECT_THAT(c.text, HasSubstr("Times are Europe/Berlin"));
  EXPECT_THAT(c.text, HasSubstr("because you are an administrator"));
  EXPECT_THAT(c.text, HasSubstr("at most every 15 minutes"));
  EXPECT_THAT(c.text, HasSubstr("turn mail off on your Account page: https://rooms.campus.example/account"));
  EXPECT_THAT(c.html, HasSubstr("Lab &lt;1&gt;"));
  EXPECT_THAT(c.html, Not(HasSubstr("Lab <1>")));
  EXPECT_TRUE(c.calendar.empty());
}

}  // namespace
}  // namespace classroom
