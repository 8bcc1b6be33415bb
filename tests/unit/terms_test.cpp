// Terms, their closed ranges and the --holiday dates: which days the campus is closed.
#include "domain/terms.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace classroom {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

date::year_month_day day(int y, unsigned m, unsigned d) { return date::year{y} / date::month{m} / date::day{d}; }

Term autumn() {
  return {1, "Autumn 2026", day(2026, 9, 28), day(2026, 12, 18),
          {{"Reading week", day(2026, 11, 2), day(2026, 11, 6)}, {"Founders' day", day(2026, 12, 1), day(2026, 12, 1)}}};
}

TEST(Terms, AWellFormedTermHasNoProblem) { EXPECT_FALSE(term_problem(autumn())); }

TEST(Terms, LastDayBeforeFirstIsNamed) {
  auto t = autumn();
  t.last_day = day(2026, 9, 27);
  auto p = term_problem(t);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->field, "last_day");
}

TEST(Terms, AClosedRangeMustBeInOrderAndInsideTheTerm) {
  auto backwards = autumn();
  backwards.closed[0].last = day(2026, 11, 1);
  ASSERT_TRUE(term_problem(backwards));
  EXPECT_EQ(term_problem(backwards)->field, "closed");
  EXPECT_THAT(term_problem(backwards)->message, HasSubstr("Reading week"));
  auto outside = autumn();
  outside.closed[1].last = day(2026, 12, 19);
  ASSERT_TRUE(term_problem(outside));
  EXPECT_THAT(term_problem(outside)->message, HasSubstr("outside the term"));
}

TEST(OutsideEveryTerm, DatesInsideOneTermAreFineAndWithoutTermsAnyDatesAre) {
  std::vector<Term> terms{autumn()};
  EXPECT_FALSE(outside_every_term(day(2026, 9, 28), day(2026, 12, 18), terms));
  EXPECT_FALSE(outside_every_term(day(2027, 3, 1), day(2027, 3, 31), {}));
}

TEST(OutsideEveryTerm, DatesReachingPastATermNameTheTerms) {
  std::vector<Term> terms{autumn(), {2, "Spring 2027", day(2027, 3, 1), day(2027, 7, 2), {}}};
  auto why = outside_every_term(day(2026, 12, 1), day(2027, 3, 5), terms);
  ASSERT_TRUE(why);
  EXPECT_THAT(*why, HasSubstr("2026-12-01 to 2027-03-05 lie in no term"));
  EXPECT_THAT(*why, HasSubstr("Autumn 2026: 2026-09-28 to 2026-12-18, Spring 2027: 2027-03-01 to 2027-07-02"));
}

TEST(ClosedDays, ARangeIsClosedFromItsFirstToItsLastDayInclusive) {
  std::vector<Term> terms{autumn()};
  EXPECT_FALSE(closed_reason(day(2026, 11, 1), {}, terms));
  EXPECT_EQ(closed_reason(day(2026, 11, 2), {}, terms), "Reading week (Autumn 2026)");
  EXPECT_EQ(closed_reason(day(2026, 11, 6), {}, terms), "Reading week (Autumn 2026)");
  EXPECT_FALSE(closed_reason(day(2026, 11, 7), {}, terms));
}

TEST(ClosedDays, HolidaysCloseTheCampusToo) {
  std::vector<date::year_month_day> holidays{day(2026, 12, 24)};
  EXPECT_EQ(closed_reason(day(2026, 12, 24), holidays, {}), "a campus holiday");
  EXPECT_FALSE(closed_reason(day(2026, 12, 23), holidays, {}));
}

TEST(ClosedDays, AreListedInOrderForASpan) {
  std::vector<Term> terms{autumn()};
  std::vector<date::year_month_day> holidays{day(2026, 11, 30)};
  EXPECT_THAT(closed_days(day(2026, 11, 5), day(2026, 12, 2), holidays, terms),
              ElementsAre(day(2026, 11, 5), day(2026, 11, 6), day(2026, 11, 30), day(2026, 12, 1)));
  EXPECT_TRUE(closed_days(day(2026, 10, 1), day(2026, 10, 31), holidays, terms).empty());
}

}  // namespace
}  // namespace classroom
