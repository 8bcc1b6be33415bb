// Staged rollouts on a simulated clock: which devices a stage holds, and when a stage
// holds, advances, completes or halts.
#include "domain/rollout.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace classroom;

namespace {

constexpr std::int64_t kT0 = 1'800'000'000;  // any instant: only differences matter

std::vector<std::string> fleet(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("node-" + std::to_string(i));
  return out;
}

RolloutPolicy policy() {
  RolloutPolicy p;
  p.stages = {1, 10, 100};
  p.soak_s = 600;
  p.window_s = 300;
  p.max_failed_percent = 5;
  return p;
}

NodeUpdate offered(const std::string& d, std::int64_t at) { return {d, UpdateState::offered, at, std::nullopt}; }
NodeUpdate updated(const std::string& d, std::int64_t at, std::int64_t seen) { return {d, UpdateState::updated, at, seen}; }
NodeUpdate failed(const std::string& d, std::int64_t at) { return {d, UpdateState::failed, at, std::nullopt, at}; }

}  // namespace

TEST(RolloutStages, TakeTheRoundedUpShareAndEachHoldsTheOneBefore) {
  auto targets = fleet(200);
  auto one = stage_members(targets, 7, 1), ten = stage_members(targets, 7, 10), all = stage_members(targets, 7, 100);
  EXPECT_EQ(one.size(), 2u);
  EXPECT_EQ(ten.size(), 20u);
  EXPECT_EQ(all.size(), 200u);
  EXPECT_TRUE(std::equal(one.begin(), one.end(), ten.begin()));
  EXPECT_TRUE(std::equal(ten.begin(), ten.end(), all.begin()));
  EXPECT_EQ(stage_members(fleet(3), 7, 1).size(), 1u) << "a stage of a small fleet is never empty";
}

TEST(RolloutStages, AreTheSameWhateverTheOrderOfTheTargetsButDifferPerRollout) {
  auto targets = fleet(200);
  auto reversed = targets;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(stage_members(targets, 7, 10), stage_members(reversed, 7, 10));
  EXPECT_NE(stage_members(targets, 7, 10), stage_members(targets, 8, 10)) << "the canaries rotate between rollouts";
  // Not simply the first devices by name.
  auto ten = stage_members(targets, 7, 10);
  std::vector<std::string> first(targets.begin(), targets.begin() + 20);
  std::sort(ten.begin(), ten.end());
  std::sort(first.begin(), first.end());
  EXPECT_NE(ten, first);
}

TEST(RolloutJudge, AdvancesOnlyAfterTheSoakWithNoNodeStillUpdating) {
  auto p = policy();
  std::vector<std::string> members{"a", "b"};
  std::vector<NodeUpdate> nodes{updated("a", kT0, kT0 + 30), offered("b", kT0 + 10)};
  auto c = count_stage(members, nodes, p, kT0 + 60);
  EXPECT_EQ(c.pending, 1);
  EXPECT_EQ(judge_stage(p, 0, kT0, c, kT0 + 60).step, RolloutStep::hold);
  nodes[0] = updated("a", kT0, kT0 + 480);  // still checking in
  nodes[1] = updated("b", kT0 + 10, kT0 + 500);
  c = count_stage(members, nodes, p, kT0 + 500);
  EXPECT_EQ(judge_stage(p, 0, kT0, c, kT0 + 500).step, RolloutStep::hold) << "soaking";
  c = count_stage(members, nodes, p, kT0 + 600);
  EXPECT_EQ(judge_stage(p, 0, kT0, c, kT0 + 600).step, RolloutStep::advance);
}

TEST(RolloutJudge, DoesNotAdvanceAStageNoNodeOfWhichHasCheckedIn) {
  auto p = policy();
  auto c = count_stage({"a", "b"}, {}, p, kT0 + 10'000);
  EXPECT_EQ(judge_stage(p, 0, kT0, c, kT0 + 10'000).step, RolloutStep::hold);
}

TEST(RolloutJudge, HaltsWhenOfferedNodesDoNotComeBackWithinTheWindow) {
  auto p = policy();
  auto members = fleet(20);
  std::vector<NodeUpdate> nodes;
  for (int i = 0; i < 19; ++i) nodes.push_back(updated(members[i], kT0, kT0 + 200));
  nodes.push_back(offered(members[19], kT0));  // took it and never came back ("bricked")
  auto within = count_stage(members, nodes, p, kT0 + 250);
  EXPECT_EQ(judge_stage(p, 1, kT0, within, kT0 + 250).step, RolloutStep::hold) << "still within its window";
  p.max_failed_percent = 2;
  auto after = count_stage(members, nodes, p, kT0 + 301);
  EXPECT_EQ(after.late, 1);
  auto v = judge_stage(p, 1, kT0, after, kT0 + 301);
  EXPECT_EQ(v.step, RolloutStep::halt);
  EXPECT_NE(v.reason.find("1 late"), std::string::npos) << v.reason;
}

TEST(RolloutJudge, ToleratesFailuresUpToTheThresholdAndHaltsBeyond) {
  auto p = policy();  // 5 %
  auto members = fleet(40);
  std::vector<NodeUpdate> nodes;
  for (int i = 0; i < 38; ++i) nodes.push_back(updated(members[i], kT0, kT0 + 700));
  nodes.push_back(failed(members[38], kT0 + 100));
  nodes.push_back(updated(members[39], kT0, kT0 + 700));
  auto c = count_stage(members, nodes, p, kT0 + 700);
  EXPECT_EQ(c.failed, 1);
  EXPECT_EQ(judge_stage(p, 1, kT0, c, kT0 + 700).step, RolloutStep::advance) << "1 of 40 is 2.5 %";
  nodes[39] = failed(members[39], kT0 + 100);
  nodes.push_back(failed("x", kT0));  // not a member of the stage: not counted
  c = count_stage(members, nodes, p, kT0 + 700);
  EXPECT_EQ(c.failed, 2);
  EXPECT_EQ(judge_stage(p, 1, kT0, c, kT0 + 700).step, RolloutStep::advance) << "2 of 40 is 5 %, not more";
  nodes[0] = failed(members[0], kT0 + 100);
  c = count_stage(members, nodes, p, kT0 + 700);
  EXPECT_EQ(judge_stage(p, 1, kT0, c, kT0 + 700).step, RolloutStep::halt) << "3 of 40 is 7.5 %";
}

TEST(RolloutJudge, UpdatedNodesThatStopCheckingInHaltIt) {
  auto p = policy();
  std::vector<std::string> members{"a", "b"};
  std::vector<NodeUpdate> nodes{updated("a", kT0, kT0 + 700), updated("b", kT0, kT0 + 100)};
  auto c = count_stage(members, nodes, p, kT0 + 700);
  EXPECT_EQ(c.silent, 1);
  EXPECT_EQ(judge_stage(p, 0, kT0, c, kT0 + 700).step, RolloutStep::halt);
}

TEST(RolloutJudge, CompletesAtTheLastStageWhenEveryTargetIsUpdated) {
  auto p = policy();
  std::vector<std::string> members{"a", "b", "c"};
  std::vector<NodeUpdate> nodes{updated("a", kT0, kT0 + 10), updated("b", kT0, kT0 + 10)};
  auto c = count_stage(members, nodes, p, kT0 + 20);
  EXPECT_EQ(judge_stage(p, 2, kT0, c, kT0 + 20).step, RolloutStep::hold) << "c not offered yet (offline)";
  nodes.push_back(updated("c", kT0 + 15, kT0 + 20));
  c = count_stage(members, nodes, p, kT0 + 20);
  EXPECT_EQ(judge_stage(p, 2, kT0, c, kT0 + 20).step, RolloutStep::complete);
}

TEST(RolloutPolicyCheck, RefusesStagesThatDoNotRiseToAHundred) {
  auto p = policy();
  EXPECT_EQ(check_policy(p), "");
  p.stages = {10, 5, 100};
  EXPECT_NE(check_policy(p), "");
  p.stages = {1, 10};
  EXPECT_NE(check_policy(p), "");
  EXPECT_EQ(parse_stages("1,10,100"), (std::vector<int>{1, 10, 100}));
  EXPECT_FALSE(parse_stages("1,,100"));
  EXPECT_FALSE(parse_stages("1,x"));
  EXPECT_EQ(stages_text({1, 10, 100}), "1,10,100");
}

TEST(RolloutHeartbeat, TheNewVersionIsAnUpdateAndTheOldOneAfterARebootAFailure) {
  const std::int64_t offered = kT0;
  EXPECT_EQ(judge_heartbeat(UpdateState::offered, offered, "1.1", "1.1", 5, kT0 + 60), UpdateState::updated);
  EXPECT_EQ(judge_heartbeat(UpdateState::offered, offered, "1.1", "1.0", 3000, kT0 + 60), std::nullopt)
      << "not rebooted since the offer: still downloading, or has not taken it yet";
  EXPECT_EQ(judge_heartbeat(UpdateState::offered, offered, "1.1", "1.0", 5, kT0 + 60), UpdateState::failed)
      << "booted 55 s after the offer and still the old version: refused or rolled back";
  EXPECT_EQ(judge_heartbeat(UpdateState::offered, offered, "1.1", "1.0", std::nullopt, kT0 + 60), std::nullopt)
      << "a heartbeat without uptime says nothing of a reboot";
  EXPECT_EQ(judge_heartbeat(UpdateState::updated, offered, "1.1", "1.0", 5, kT0 + 900), UpdateState::failed)
      << "reported the new version, then the old one: rolled back later";
  EXPECT_EQ(judge_heartbeat(UpdateState::updated, offered, "1.1", "1.1", 5, kT0 + 900), std::nullopt);
  EXPECT_EQ(judge_heartbeat(UpdateState::failed, offered, "1.1", "1.1", 5, kT0 + 900), std::nullopt) << "failed stays failed";
}

TEST(RolloutJudge, AResumedRolloutIsNotHaltedAgainByTheNodesThatHaltedIt) {
  auto p = policy();
  std::vector<std::string> members{"a", "b", "c", "d"};
  std::vector<NodeUpdate> nodes{updated("a", kT0, kT0 + 1000), offered("b", kT0), failed("c", kT0 + 50)};
  auto halted = count_stage(members, nodes, p, kT0 + 400, kT0);
  EXPECT_EQ(judge_stage(p, 1, kT0, halted, kT0 + 400).step, RolloutStep::halt);
  // An admin resumes at kT0 + 900: b (late) and c (failed) were judged already.
  const std::int64_t resumed = kT0 + 900;
  auto after = count_stage(members, nodes, p, kT0 + 1000, resumed);
  EXPECT_EQ(after.excused, 2);
  EXPECT_EQ(after.bad(), 0);
  EXPECT_EQ(judge_stage(p, 1, resumed, after, kT0 + 1000).step, RolloutStep::hold) << "soaking again, not halted";
  // Resumed within the second its last failure was recorded (the clock counts seconds).
  EXPECT_EQ(count_stage(members, nodes, p, kT0 + 1000, kT0 + 50).excused, 1) << "c failed at the resume's second";
  // A node offered after the resume that does not come back halts it again.
  nodes.push_back(offered("d", resumed + 10));
  auto again = count_stage(members, nodes, p, resumed + 400, resumed);
  EXPECT_EQ(again.late, 1);
  EXPECT_EQ(judge_stage(p, 1, resumed, again, resumed + 400).step, RolloutStep::halt);
}
