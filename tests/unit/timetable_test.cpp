// The timetable file's rows, their validation, and the re-import diff.
#include "domain/timetable.hpp"
#include "domain/timetable_diff.hpp"
#include "domain/time.hpp"

#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace classroom {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kHeader = "section,title,room,days,start,end,first_date,last_date,organizer\n";

TimetableFile read(const std::string& text) { return read_timetable(read_csv(text)); }

std::vector<std::string> fields_of(const std::vector<ImportError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(std::to_string(e.line) + ":" + e.field);
  return out;
}

TEST(Timetable, ReadsColumnsByNameInAnyOrderAndIgnoresUnknownOnes) {
  auto f = read("Room,days,section,start,end,first_date,last_date,notes\nA101,\"Mon, Wed\",M1,9:00,10:30,2027-01-04,2027-03-26,x\n");
  ASSERT_TRUE(f.errors.empty()) << f.errors[0].message;
  ASSERT_EQ(f.rows.size(), 1u);
  const auto& r = f.rows[0];
  EXPECT_EQ(r.section, "M1");
  EXPECT_EQ(r.title, "M1") << "no title column: the section names it";
  EXPECT_EQ(r.room, "A101");
  EXPECT_THAT(r.days, ElementsAre(1u, 3u));
  EXPECT_EQ(hhmm(r.start), "09:00");
  EXPECT_EQ(format_date(r.last_date), "2027-03-26");
  EXPECT_EQ(r.line, 2u);
}

TEST(Timetable, EachBadValueIsAnErrorOfItsLineNamingTheColumn) {
  auto f = read(kHeader +
                "M1,Algebra,A101,Mon,09:00,10:30,2027-01-04,2027-03-26,\n"   // fine
                "M2,Algebra,A101,Mon;Funday,09:00,10:30,2027-01-04,2027-03-26,\n"
                "M3,Algebra,A101,Tue,11:00,10:00,2027-01-04,2027-03-26,\n"
                "M4,Algebra,A101,Tue,11:00,12:00,2027-03-26,2027-01-04,\n"
                "M5,Algebra,A101,Tue,25:00,26:00,2027-01-04,2027-03-26,\n"
                "M6,Algebra,A101,Tue,10:00,11:00,2027-02-30,2027-03-26,\n"
                "M1,Again,A101,Fri,10:00,11:00,2027-01-04,2027-03-26,\n"
                ",Nameless,A101,Fri,10:00,11:00,2027-01-04,2027-03-26,\n"
                "M9,Shifted,A101,Mon,Wed,10:00,11:00,2027-01-04,2027-03-26,\n");
  EXPECT_THAT(fields_of(f.errors), ElementsAre("3:days", "4:end", "5:last_date", "6:start", "6:end", "7:first_date",
                                               "8:section", "9:section", "10:file"));
  EXPECT_THAT(f.errors[6].message, HasSubstr("already on line 2"));
  ASSERT_EQ(f.rows.size(), 1u);
  EXPECT_EQ(f.rows[0].section, "M1");
  EXPECT_EQ(f.sections.count("M9"), 1u) << "a line with errors still names its section: it is never removed";
}

TEST(Timetable, FileLevelProblemsAreOneError) {
  auto missing = read("section,title,days,start,end,first_date\nM1,A,Mon,09:00,10:00,2027-01-04\n");
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0].field, "room");
  EXPECT_THAT(missing.errors[0].message, HasSubstr("no room, last_date columns"));
  auto semicolons = read("section;title;room;days\nM1;A;A101;Mon\n");
  ASSERT_EQ(semicolons.errors.size(), 1u);
  EXPECT_THAT(semicolons.errors[0].message, HasSubstr("';'"));
  for (auto text : {"", "\n\n", "\xEF\xBB\xBF"}) {
    auto empty = read(text);
    ASSERT_EQ(empty.errors.size(), 1u);
    EXPECT_THAT(empty.errors[0].message, HasSubstr("empty"));
  }
  EXPECT_THAT(read(kHeader).errors.at(0).message, HasSubstr("no sections"));
  auto latin1 = read(kHeader + "M1,Alg\xE8" "bre,A101,Mon,09:00,10:00,2027-01-04,2027-03-26,\n");
  ASSERT_EQ(latin1.errors.size(), 1u);
  EXPECT_EQ(latin1.errors[0].line, 2u);
  EXPECT_THAT(latin1.errors[0].message, HasSubstr("UTF-8"));
}

TEST(Timetable, DaysReadAsWeekdayNames) {
  EXPECT_THAT(parse_days("Mon,Wed"), ElementsAre(1u, 3u));
  EXPECT_THAT(parse_days("thursday tue"), ElementsAre(2u, 4u));
  EXPECT_THAT(parse_days("Fr/Sa/Su/Fr"), ElementsAre(5u, 6u, 7u));
  EXPECT_TRUE(parse_days("").empty());
  EXPECT_TRUE(parse_days("M").empty());
  EXPECT_TRUE(parse_days("Mon,Xyz").empty());
  EXPECT_EQ(days_text({1, 3}), "Mon,Wed");
  EXPECT_EQ(weekdays_key({1, 3}), "1,3");
}

TEST(Timetable, RoomsAndOrganizersAreFoundByNameUsernameOrEmail) {
  Directory dir;
  dir.rooms["a101"] = {7, "A101"};
  dir.people["alice"] = {3, "alice"};
  dir.people["alice@campus.test"] = {3, "alice"};
  auto f = read(kHeader + "M1,A,a101,Mon,09:00,10:00,2027-01-04,2027-03-26,ALICE@campus.test\n"
                          "M2,A,Z999,Mon,09:00,10:00,2027-01-04,2027-03-26,\n"
                          "M3,A,A101,Mon,11:00,12:00,2027-01-04,2027-03-26,bob\n"
                          "M4,A,A101,Tue,11:00,12:00,2027-01-04,2027-03-26,\n");
  auto r = resolve(f.rows, dir);
  EXPECT_THAT(fields_of(r.errors), ElementsAre("3:room", "4:organizer"));
  ASSERT_EQ(r.sections.size(), 2u);
  EXPECT_EQ(r.sections[0].room.id, 7);
  EXPECT_EQ(r.sections[0].organizer->id, 3);
  EXPECT_FALSE(r.sections[1].organizer) << "blank: the importer, or the stored section's own";
}

WantedSection wanted(const std::string& section, Named room, const std::string& start = "09:00") {
  TimetableRow r;
  r.line = 2;
  r.section = r.title = section;
  r.room = room.name;
  r.days = {1, 3};
  r.start = parse_time_of_day(start).value;
  r.end = parse_time_of_day("10:30").value;
  r.first_date = parse_date("2027-01-04").value;
  r.last_date = parse_date("2027-03-26").value;
  return {r, room, std::nullopt};
}

StoredSection stored(const std::string& section, Named room, std::int64_t id) {
  return {id, section, room, Named{1, "admin"}, section, "1,3", "2027-01-04", "2027-03-26", "09:00", "10:30"};
}

TEST(TimetableDiff, SortsSectionsIntoCreatedUpdatedUnchangedAndRemoved) {
  Named a{1, "A101"}, b{2, "B202"};
  std::vector<WantedSection> file = {wanted("SAME", a), wanted("MOVED", b, "10:00"), wanted("NEW", a)};
  std::vector<StoredSection> db = {stored("SAME", a, 10), stored("MOVED", a, 11), stored("GONE", a, 12),
                                   stored("BROKEN", a, 13)};
  auto diff = diff_timetable(file, db, {"SAME", "MOVED", "NEW", "BROKEN"});
  ASSERT_EQ(diff.size(), 4u);
  EXPECT_EQ(diff[0].action, SectionAction::unchanged);
  EXPECT_EQ(diff[1].action, SectionAction::updated);
  EXPECT_THAT(diff[1].fields, ElementsAre(FieldChange{"room", "A101", "B202"}, FieldChange{"time", "09:00-10:30", "10:00-10:30"}));
  EXPECT_EQ(diff[2].action, SectionAction::created);
  EXPECT_EQ(diff[3].action, SectionAction::removed);
  EXPECT_EQ(diff[3].section, "GONE") << "BROKEN is named by a line with errors: kept";
  EXPECT_EQ(diff[3].stored->series_id, 12);
}

TEST(TimetableDiff, ABlankOrganizerKeepsTheStoredOneAndANamedOneChangesIt) {
  Named a{1, "A101"};
  auto w = wanted("S", a);
  EXPECT_EQ(diff_timetable({w}, {stored("S", a, 1)}, {"S"})[0].action, SectionAction::unchanged);
  w.organizer = Named{5, "bob"};
  auto d = diff_timetable({w}, {stored("S", a, 1)}, {"S"});
  EXPECT_THAT(d[0].fields, ElementsAre(FieldChange{"organizer", "admin", "bob"}));
}

TEST(TimetableDiff, OccurrencesPairByDateOnlyAheadOfNow) {
  auto zone = find_zone("Europe/Berlin");
  Recurrence rec{{1}, parse_date("2027-01-04").value, parse_date("2027-01-25").value, std::chrono::hours{10},
                 std::chrono::hours{11}, {}};
  auto occurrences = expand(rec, zone).occurrences;  // 4, 11, 18, 25 January
  ASSERT_EQ(occurrences.size(), 4u);
  auto at = [&](int i) { return to_unix(occurrences[static_cast<std::size_t>(i)].time.start); };
  // Stored: 4 Jan (past), 11 Jan at 9:00, 18 Jan as wanted, and a Tuesday the file dropped.
  std::vector<PlacedOccurrence> future = {
      {{21, 1, at(1) - 3600, at(1)}, occurrences[1].date},
      {{22, 1, at(2), at(2) + 3600}, occurrences[2].date},
      {{23, 1, at(2) + 86400, at(2) + 90000}, parse_date("2027-01-19").value},
  };
  auto now = at(0) + 7200;  // after the first occurrence
  auto p = plan_occurrences(occurrences, 1, future, now, false);
  ASSERT_EQ(p.moves.size(), 1u);
  EXPECT_EQ(p.moves[0].first.booking_id, 21);
  EXPECT_EQ(p.moves[0].second.start, at(1));
  ASSERT_EQ(p.inserts.size(), 1u);
  EXPECT_EQ(p.inserts[0].start, at(3)) << "4 January is past: not booked again";
  ASSERT_EQ(p.cancels.size(), 1u);
  EXPECT_EQ(p.cancels[0].booking_id, 23);
  EXPECT_EQ(plan_occurrences(occurrences, 1, future, now, true).moves.size(), 2u) << "a new title touches 18 Jan too";
  EXPECT_EQ(plan_occurrences(occurrences, 2, future, now, false).moves.size(), 2u) << "another room moves both";
}

TEST(TimetableDiff, TheCalendarFindsTheBookingInTheWay) {
  RoomCalendar c;
  c.add({1, 7, 100, 200});
  c.add({2, 7, 300, 400});
  EXPECT_EQ(c.clash({0, 7, 150, 160})->booking_id, 1);
  EXPECT_EQ(c.clash({0, 7, 250, 301})->booking_id, 2);
  EXPECT_FALSE(c.clash({0, 7, 200, 300})) << "back to back is fine";
  EXPECT_FALSE(c.clash({0, 8, 100, 200})) << "another room";
  EXPECT_EQ(c.clash({0, 7, 50, 500})->booking_id, 2);
  c.remove({2, 7, 300, 400});
  EXPECT_FALSE(c.clash({0, 7, 250, 400}));
}

}  // namespace
}  // namespace classroom
