// The RFC 4180 reader the timetable import reads spreadsheets' files with.
#include "util/csv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace classroom {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::vector<std::string>> fields(const CsvFile& f) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : f.records) out.push_back(r.fields);
  return out;
}

TEST(Csv, QuotedFieldsHoldCommasDoubledQuotesAndLineBreaks) {
  auto f = read_csv("a,b,c\n\"Mon,Wed\",\"say \"\"hi\"\"\",\"two\nlines\"\nx,,z\n");
  ASSERT_TRUE(f.ok()) << f.error;
  EXPECT_THAT(fields(f), ElementsAre(ElementsAre("a", "b", "c"), ElementsAre("Mon,Wed", "say \"hi\"", "two\nlines"),
                                     ElementsAre("x", "", "z")));
  // Line numbers are the file's lines: the record after a two-line field starts on line 4.
  EXPECT_EQ(f.records[1].line, 2u);
  EXPECT_EQ(f.records[2].line, 4u);
}

TEST(Csv, CrlfLineEndsAndAByteOrderMarkAreAccepted) {
  auto f = read_csv("\xEF\xBB\xBFsection,room\r\nA,\"B\r\nC\"\r\n\r\nD,E");
  ASSERT_TRUE(f.ok());
  EXPECT_THAT(fields(f), ElementsAre(ElementsAre("section", "room"), ElementsAre("A", "B\nC"), ElementsAre("D", "E")));
  EXPECT_EQ(f.records[2].line, 5u) << "the blank line 4 is skipped but counted";
}

TEST(Csv, ALoneCrInsideAQuotedFieldReadsAsALineBreak) {
  // Found by fuzz/targets/timetable.cpp: read, written back quoted and read again, a file
  // must give the same fields.
  auto f = read_csv("\"\r\r\n\"");
  ASSERT_TRUE(f.ok());
  EXPECT_THAT(fields(f), ElementsAre(ElementsAre("\n\n")));
}

TEST(Csv, InvalidUtf8IsOneErrorNamingItsLine) {
  auto f = read_csv("section,room\nA,Salle \xE9t\xE9\n");  // Latin-1
  EXPECT_FALSE(f.ok());
  EXPECT_THAT(f.error, HasSubstr("UTF-8"));
  EXPECT_EQ(f.error_line, 2u);
  EXPECT_TRUE(f.records.empty());
  EXPECT_TRUE(read_csv("room\nSalle \xC3\xA9t\xC3\xA9 \xF0\x9F\x8F\xAB\n").ok()) << "real UTF-8, emoji too";
  EXPECT_EQ(invalid_utf8_at("\xC0\xAF"), 0u) << "overlong";
  EXPECT_EQ(invalid_utf8_at("ab\xE2\x82"), 2u) << "cut short";
  EXPECT_EQ(invalid_utf8_at("\xED\xA0\x80"), 0u) << "surrogate";
}

TEST(Csv, AnUnclosedQuoteIsAnErrorNamingWhereItOpened) {
  auto f = read_csv("a,b\n1,\"open\n2,3\n");
  EXPECT_FALSE(f.ok());
  EXPECT_EQ(f.error_line, 2u);
  EXPECT_THAT(f.error, HasSubstr("never closed"));
}

}  // namespace
}  // namespace classroom
