#include "domain/report_rule.hpp"
#include "domain/retry_spread.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace classroom;

namespace {
constexpr std::int64_t kNow = 1'800'000'000;

Report report(bool occupied, bool power) {
  Report r;
  r.is_occupied = occupied;
  r.is_power_on = power;
  r.last_movement = 0;
  return r;
}
}  // namespace

TEST(ReportRule, SequenceNumbersAtOrBelowTheLastAcceptedAreResends) {
  struct Case {
    std::optional<std::int64_t> seq;
    std::int64_t last;
    bool duplicate;
  } cases[] = {{std::nullopt, 10, false}, {11, 10, false}, {10, 10, true}, {3, 10, true},
               {1, 0, false} /* a node never heard of */, {0, 0, false}};
  for (const auto& c : cases)
    EXPECT_EQ(is_duplicate(c.seq, c.last), c.duplicate) << c.seq.value_or(-1) << " after " << c.last;
}

TEST(ReportRule, BufferedReportsKeepAPlausibleDeviceTime) {
  auto r = report(true, true);
  r.device_time = kNow - 3600;
  EXPECT_EQ(report_time(r, kNow), kNow) << "a live report is stored at arrival";
  r.buffered = true;
  EXPECT_EQ(report_time(r, kNow), kNow - 3600);
  r.device_time = kNow + 60;
  EXPECT_EQ(report_time(r, kNow), kNow) << "a clock ahead of the server is not believed";
  r.device_time = kNow - 8 * 86400;
  EXPECT_EQ(report_time(r, kNow), kNow) << "more than a week behind is not believed";
  r.device_time.reset();
  EXPECT_EQ(report_time(r, kNow), kNow);
}

TEST(ReportRule, NextReportComesSoonerWhenTheDecisionChangesByTime) {
  PowerDecision d;
  EXPECT_EQ(next_report_s(d, 120), 120) << "no change ahead";
  d.changes_in_s = 40;
  EXPECT_EQ(next_report_s(d, 120), 41);
  d.changes_in_s = 2;
  EXPECT_EQ(next_report_s(d, 120), 10) << "never more often than every 10 s";
  d.changes_in_s = 4000;
  EXPECT_EQ(next_report_s(d, 120), 120) << "never later than the regular interval";
  d.changes_in_s = 0;
  EXPECT_EQ(next_report_s(d, 120), 120);
}

TEST(ReportRule, DashboardsHearOfChangesOnly) {
  RoomMemory before;
  EXPECT_TRUE(worth_announcing(before, report(false, true), PowerReason::idle_grace)) << "the first report";
  before.observed = Observation{false, true, 0, kNow - 120, true};
  before.last_reason = PowerReason::idle_grace;
  EXPECT_FALSE(worth_announcing(before, report(false, true), PowerReason::idle_grace));
  EXPECT_TRUE(worth_announcing(before, report(true, true), PowerReason::occupied));
  EXPECT_TRUE(worth_announcing(before, report(false, false), PowerReason::idle_grace)) << "power changed";
  EXPECT_TRUE(worth_announcing(before, report(false, true), PowerReason::idle_timeout)) << "reason changed";
  auto faulted = report(false, true);
  faulted.sensor_ok = false;
  EXPECT_TRUE(worth_announcing(before, faulted, PowerReason::idle_grace)) << "sensor health changed";
  before.temperature = 21.0;
  auto warm = report(false, true);
  warm.temperature = 21.4;
  EXPECT_FALSE(worth_announcing(before, warm, PowerReason::idle_grace));
  warm.temperature = 21.5;
  EXPECT_TRUE(worth_announcing(before, warm, PowerReason::idle_grace));
}

TEST(ReportRule, APendingCommandIsAppliedWhenTheNodeReportsItsState) {
  EXPECT_TRUE(confirms_command(true, false, false));
  EXPECT_FALSE(confirms_command(true, false, true));
  EXPECT_FALSE(confirms_command(false, false, false)) << "already applied";
}

TEST(ReportRule, JudgesAReportAgainstTheLastAcceptedSequence) {
  auto r = report(true, true);
  r.seq = 5;
  auto v = judge_report(r, 4, kNow);
  EXPECT_FALSE(v.duplicate);
  EXPECT_EQ(v.stored_at, kNow);
  EXPECT_TRUE(v.observed.is_occupied);
  EXPECT_EQ(v.observed.at, kNow);
  EXPECT_TRUE(judge_report(r, 5, kNow).duplicate);
}

TEST(RetrySpread, RefusedNodesAreToldToComeBackOverAWindowNotAtOnce) {
  EXPECT_EQ(retry_after_spread_s(0.0), kRetryLeastS);
  EXPECT_EQ(retry_after_spread_s(0.999999), kRetryLeastS + kRetrySpreadS - 1);
  EXPECT_EQ(retry_after_spread_s(1.0), kRetryLeastS + kRetrySpreadS - 1) << "never past the window";
  EXPECT_EQ(retry_after_spread_s(-3.0), kRetryLeastS) << "never before the least wait";
  EXPECT_EQ(retry_after_spread_s(0.5, 10, 20), 20);
  // A thousand refusals drawn evenly fill every second of the window.
  std::set<std::int64_t> seconds;
  for (int i = 0; i < 1000; ++i) seconds.insert(retry_after_spread_s(i / 1000.0));
  EXPECT_EQ(seconds.size(), static_cast<std::size_t>(kRetrySpreadS));
}
