#include "live/journal.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace classroom;

namespace {
std::string temp_dir() {
  std::string t = "/tmp/journal-test-XXXXXX";
  return mkdtemp(t.data());
}
StatusWrite status(const std::string& device, std::int64_t seq) {
  return StatusWrite{7, device, true, false, 30, 21.5, "occupied", 1'800'000'000 + seq, std::nullopt, seq};
}
}  // namespace

TEST(Journal, EveryKindOfWriteSurvivesTheRoundTrip) {
  std::vector<NodeWrite> writes = {status("n1", 3),
                                   PowerLogWrite{7, "n1", false, "manual", "admin", 2, 9, 1'800'000'100, 1'799'999'990},
                                   DeviceSeen{"n1", 1'800'000'200, "2.1.0"}, Connectivity{"n1", true},
                                   CommandApplied{9, 1'800'000'300},
                                   // A webhook event a report made travels with it through an outage.
                                   EventWrite{"room.occupied", "room:7", R"({"event":"room.occupied","data":{"occupied":true}})",
                                              1'800'000'400}};
  for (const auto& w : writes) {
    auto back = parse_journal_line(journal_line(w));
    ASSERT_TRUE(back);
    EXPECT_EQ(journal_line(*back), journal_line(w));
  }
  EXPECT_FALSE(parse_journal_line("{\"t\":\"status\"}")) << "missing fields";
  EXPECT_FALSE(parse_journal_line("not json"));
}

TEST(Journal, KeepsWhatWasAppendedAcrossAReopen) {
  auto dir = temp_dir();
  std::string id;
  {
    Journal j(dir, 1 << 20);
    id = j.id();
    ASSERT_TRUE(j.append({status("n1", 1), status("n1", 2)}));
    ASSERT_TRUE(j.append({status("n1", 3)}));
  }
  Journal j(dir, 1 << 20);
  EXPECT_EQ(j.id(), id);
  auto first = j.read(0, 2);
  ASSERT_EQ(first.writes.size(), 2u);
  EXPECT_EQ(std::get<StatusWrite>(first.writes[1]).seq, 2);
  auto rest = j.read(first.next, 10);
  ASSERT_EQ(rest.writes.size(), 1u);
  EXPECT_EQ(std::get<StatusWrite>(rest.writes[0]).seq, 3);
  EXPECT_EQ(rest.next, j.end());
  j.reset();
  EXPECT_NE(j.id(), id) << "a replayed journal starts again under a new id";
  EXPECT_TRUE(j.read(0, 10).writes.empty());
  std::filesystem::remove_all(dir);
}

TEST(Journal, RefusesWritesBeyondItsBound) {
  auto dir = temp_dir();
  Journal j(dir, 400);
  int accepted = 0;
  while (j.append({status("n1", accepted + 1)}) && accepted < 100) ++accepted;
  EXPECT_GT(accepted, 0);
  EXPECT_LT(accepted, 100);
  EXPECT_LE(j.end(), 400u);
  EXPECT_EQ(j.read(0, 1000).writes.size(), static_cast<std::size_t>(accepted)) << "a refused write leaves no trace";
  std::filesystem::remove_all(dir);
}

TEST(Journal, SkipsATornLastRecord) {
  auto dir = temp_dir();
  {
    Journal j(dir, 1 << 20);
    ASSERT_TRUE(j.append({status("n1", 1)}));
  }
  std::ofstream(dir + "/node-writes.journal", std::ios::app) << "{\"t\":\"status\",\"dev";  // a crash mid-write
  Journal j(dir, 1 << 20);
  auto all = j.read(0, 10);
  EXPECT_EQ(all.writes.size(), 1u);
  ASSERT_TRUE(j.append({status("n1", 2)}));
  EXPECT_EQ(j.read(0, 10).writes.size(), 2u) << "writes after the torn record are kept";
  std::filesystem::remove_all(dir);
}
