// Mail: headers that refuse injected lines and encode non-ASCII names (RFC 2047), the
// three parts of a booking mail, and the invite calendars update in place by (METHOD,
// one UID per booking, a growing SEQUENCE, local times with the campus VTIMEZONE).
#include "domain/mail.hpp"
#include "mail_facts.hpp"

#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace classroom {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using mail_testing::kMonday;
BookingMailFacts facts(const std::string& action, std::int64_t sequence) { return mail_testing::booking_facts(action, sequence); }
BookingMailSettings settings() { return mail_testing::mail_settings(); }

// The header block of a message, up to its first empty line.
std::string headers_of(const std::string& message) { return message.substr(0, message.find("\r\n\r\n") + 2); }

TEST(MailAddresses, LineBreaksAndNonAsciiAreRefused) {
  EXPECT_TRUE(valid_mail_address("alice@campus.example"));
  EXPECT_FALSE(valid_mail_address("alice@campus.example\r\nBcc: eve@evil.example"));
  EXPECT_FALSE(valid_mail_address("alice@campus.example\n"));
  EXPECT_FALSE(valid_mail_address("jürgen@campus.example"));
  EXPECT_FALSE(valid_mail_address("alice"));
  EXPECT_FALSE(valid_mail_address("@campus.example"));
  EXPECT_FALSE(valid_mail_address("a@b@c"));
  EXPECT_FALSE(valid_mail_address("<alice@campus.example>"));
  EXPECT_FALSE(valid_mail_address(""));
  EXPECT_THROW(format_address({"Alice", "alice@campus.example\r\nBcc: eve@evil.example"}), MailError);
}

TEST(MailHeaders, NoHeaderCanBeInjected) {
  MailHeaders h{{"Rooms\r\nBcc: eve@evil.example", "rooms@campus.example"}, {"alice", "alice@campus.example"},
                "abc@campus.example", kMonday};
  MailContent c;
  c.subject = "Hello\r\nBcc: eve@evil.example";
  c.text = "text";
  c.html = "<p>html</p>";
  auto headers = headers_of(compose_mail(h, c));
  EXPECT_THAT(headers, Not(HasSubstr("\r\nBcc:")));
  EXPECT_THAT(headers, HasSubstr("Subject: Hello  Bcc: eve@evil.example\r\n"));
  h.to.address = "alice@campus.example\r\nBcc: eve@evil.example";
  EXPECT_THROW(compose_mail(h, c), MailError);
}

TEST(MailHeaders, NonAsciiNamesAndSubjectsAreEncodedWords) {
  EXPECT_EQ(format_address({"Jürgen Groß", "jg@campus.example"}), "=?UTF-8?B?SsO8cmdlbiBHcm/Dnw==?= <jg@campus.example>");
  EXPECT_EQ(format_address({"Smith, \"Al\"", "al@campus.example"}), "\"Smith, \\\"Al\\\"\" <al@campus.example>");
  EXPECT_EQ(format_address({"", "al@campus.example"}), "<al@campus.example>");
  EXPECT_EQ(header_text("plain"), "plain");
  // A long subject becomes several words, none longer than 75 characters, each of
  // whole UTF-8 characters.
  std::string long_subject;
  for (int i = 0; i < 40; ++i) long_subject += "é";
  auto encoded = header_text(long_subject);
  EXPECT_THAT(encoded, HasSubstr("?=\r\n =?UTF-8?B?"));
  for (std::size_t p = 0, q; p < encoded.size(); p = q + 3) {
    q = encoded.find("\r\n ", p);
    if (q == std::string::npos) q = encoded.size();
    EXPECT_LE(q - p, 75u);
  }
  EXPECT_EQ(mail_date(kMonday), "Mon, 30 Nov 2026 12:00:00 +0000");
}

TEST(BookingMail, HasTextHtmlAndTheInvitePart) {
  auto s = settings();
  MailHeaders h{s.from, {"alice", "alice@campus.example"}, "d1@campus.example", kMonday};
  auto message = compose_mail(h, booking_mail(facts("created", 0), s));
  auto headers = headers_of(message);
  EXPECT_THAT(headers, HasSubstr("From: \"Room bookings\" <rooms@campus.example>\r\n"));
  EXPECT_THAT(headers, HasSubstr("To: \"alice\" <alice@campus.example>\r\n"));
  EXPECT_THAT(headers, HasSubstr("Message-ID: <d1@campus.example>\r\n"));
  EXPECT_THAT(headers, HasSubstr("Date: Mon, 30 Nov 2026 12:00:00 +0000\r\n"));
  EXPECT_THAT(headers, HasSubstr("Content-Type: multipart/alternative; boundary="));
  EXPECT_THAT(message, HasSubstr("Content-Type: text/plain; charset=UTF-8\r\n"));
  EXPECT_THAT(message, HasSubstr("Content-Type: text/html; charset=UTF-8\r\n"));
  EXPECT_THAT(message, HasSubstr("Content-Type: text/calendar; charset=UTF-8; method=REQUEST\r\n"));
}

TEST(BookingMail, SaysWhyItWasSentAndHowToTurnItOff) {
  auto c = booking_mail(facts("created", 0), settings());
  EXPECT_THAT(c.text, HasSubstr("because you hold this booking"));
  EXPECT_THAT(c.text, HasSubstr("https://rooms.campus.example/account"));
  EXPECT_THAT(c.html, HasSubstr("href=\"https://rooms.campus.example/account\""));
  EXPECT_THAT(c.text, HasSubstr("Tue 01 Dec 2026, 10:00-11:00 (Europe/Berlin)"));
}

TEST(BookingInvite, RequestThenChangeThenCancelKeepOneUidAndAGrowingSequence) {
  auto s = settings();
  auto made = booking_mail(facts("created", 0), s);
  auto changed = booking_mail(facts("updated", 1), s);
  auto cancelled = booking_mail(facts("cancelled", 2), s);
  auto released = booking_mail(facts("released", 2), s);
  EXPECT_EQ(made.calendar_method, "REQUEST");
  EXPECT_EQ(changed.calendar_method, "REQUEST");
  EXPECT_EQ(cancelled.calendar_method, "CANCEL");
  EXPECT_EQ(released.calendar_method, "CANCEL");
  for (const auto* c : {&made, &changed, &cancelled})
    EXPECT_THAT(c->calendar, HasSubstr("\r\nUID:booking-42@campus.example\r\n"));
  EXPECT_THAT(made.calendar, HasSubstr("\r\nMETHOD:REQUEST\r\n"));
  EXPECT_THAT(made.calendar, HasSubstr("\r\nSEQUENCE:0\r\n"));
  EXPECT_THAT(changed.calendar, HasSubstr("\r\nSEQUENCE:1\r\n"));
  EXPECT_THAT(cancelled.calendar, HasSubstr("\r\nMETHOD:CANCEL\r\n"));
  EXPECT_THAT(cancelled.calendar, HasSubstr("\r\nSEQUENCE:2\r\n"));
  EXPECT_THAT(cancelled.calendar, HasSubstr("\r\nSTATUS:CANCELLED\r\n"));
  EXPECT_THAT(made.calendar, HasSubstr("\r\nORGANIZER:mailto:rooms@campus.example\r\n"));
  EXPECT_THAT(made.calendar, HasSubstr("\r\nATTENDEE;CN=\"alice\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:alice@c"));
}

TEST(BookingInvite, LocalTimesWithTheCampusZone) {
  auto c = booking_mail(facts("created", 0), settings());
  EXPECT_THAT(c.calendar, HasSubstr("\r\nDTSTART;TZID=Europe/Berlin:20261201T100000\r\n"));
  EXPECT_THAT(c.calendar, HasSubstr("\r\nDTEND;TZID=Europe/Berlin:20261201T110000\r\n"));
  EXPECT_THAT(c.calendar, HasSubstr("\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"));
  // The year around the booking: winter time now, summer time from the end of March.
  EXPECT_THAT(c.calendar, HasSubstr("BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"));
  EXPECT_THAT(c.calendar, HasSubstr("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"));
}

TEST(BookingInvite, UtcCampusHasAUtcZone) {
  auto s = settings();
  s.zone = nullptr;
  auto c = booking_mail(facts("created", 0), s);
  EXPECT_THAT(c.calendar, HasSubstr("\r\nDTSTART;TZID=UTC:20261201T090000\r\n"));
  EXPECT_THAT(c.calendar, HasSubstr("TZID:UTC\r\nBEGIN:STANDARD\r\n"));
}

}  // namespace
}  // namespace classroom
