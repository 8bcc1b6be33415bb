// Journals left by another number of writers are dealt out again before the writers
// start: none is left unread, each device's writes end in its writer's journal in the
// order they were journaled, and a crash part way leaves one whole set.
#include "live/journal.hpp"
#include "live/writer_journals.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace classroom;
namespace fs = std::filesystem;

namespace {

struct Dir {
  std::string path;
  Dir() {
    std::string t = "/tmp/writer-journals-test-XXXXXX";
    path = mkdtemp(t.data());
  }
  ~Dir() { fs::remove_all(path); }
};

StatusWrite status(const std::string& device, std::int64_t seq) {
  return StatusWrite{7, device, seq % 2 == 0, true, 30, 21.5, "occupied", 1'800'000'000 + seq, std::nullopt, seq, std::nullopt};
}

std::vector<NodeWrite> all(const std::string& dir, const std::string& file) {
  Journal j(dir, 1 << 30, file);
  return j.read(0, 1'000'000).writes;
}

// device -> its sequence numbers, in journal order, for each journal file in DIR.
std::map<std::string, std::map<std::string, std::vector<std::int64_t>>> contents(const std::string& dir) {
  std::map<std::string, std::map<std::string, std::vector<std::int64_t>>> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto name = e.path().filename().string();
    if (!name.ends_with(".journal")) continue;
    for (const auto& w : all(dir, name))
      if (const auto* s = std::get_if<StatusWrite>(&w)) out[name][s->device_id].push_back(*s->seq);
  }
  return out;
}

const auto kNothingStored = [](const std::string&) { return std::int64_t{0}; };

// Ten devices' writes interleaved, as one writer journals them.
std::vector<NodeWrite> interleaved(int devices, int each) {
  std::vector<NodeWrite> out;
  for (int seq = 1; seq <= each; ++seq)
    for (int d = 0; d < devices; ++d) out.push_back(status("node-" + std::to_string(d), seq));
  return out;
}

void expect_dealt(const std::string& dir, std::size_t writers, int devices, int each) {
  std::set<std::string> expected;
  for (std::size_t i = 0; i < writers; ++i) expected.insert(journal_file(i));
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_TRUE(expected.contains(e.path().filename().string())) << "left behind: " << e.path();
  auto got = contents(dir);
  for (int d = 0; d < devices; ++d) {
    auto device = "node-" + std::to_string(d);
    auto file = journal_file(writer_of(device, writers));
    std::vector<std::int64_t> want;
    for (int seq = 1; seq <= each; ++seq) want.push_back(seq);
    EXPECT_EQ(got[file][device], want) << device << " in " << file << ", in order";
    for (const auto& [name, by_device] : got)
      EXPECT_TRUE(name == file || !by_device.contains(device)) << device << " also in " << name;
  }
}

}  // namespace

TEST(WriterJournals, OneWritersJournalIsDealtToTwoInOrder) {
  Dir dir;
  {
    Journal one(dir.path, 1 << 20);  // as a server with one writer leaves it
    ASSERT_TRUE(one.append(interleaved(10, 5)));
    ASSERT_TRUE(one.append({CommandApplied{9, 1'800'000'100}}));
  }
  EXPECT_EQ(deal_journals(dir.path, 2, kNothingStored), 51u);
  expect_dealt(dir.path, 2, 10, 5);
  auto got = contents(dir.path);
  ASSERT_EQ(got.size(), 2u) << "ten devices fall to both writers";
  // The command applied goes with the write before it.
  auto last = all(dir.path, journal_file(writer_of("node-9", 2)));
  ASSERT_FALSE(last.empty());
  EXPECT_TRUE(std::holds_alternative<CommandApplied>(last.back()));
}

TEST(WriterJournals, AJournalOfAWriterNoLongerThereIsDealtOutAndRemoved) {
  Dir dir;
  auto writes = interleaved(10, 4);
  {
    // Four writers had these; two are left.
    std::map<std::size_t, std::vector<NodeWrite>> by_writer;
    for (const auto& w : writes) by_writer[writer_of(device_of(w), 4)].push_back(w);
    for (auto& [i, ws] : by_writer) {
      Journal j(dir.path, 1 << 20, journal_file(i));
      ASSERT_TRUE(j.append(ws));
    }
  }
  EXPECT_EQ(deal_journals(dir.path, 2, kNothingStored), writes.size());
  EXPECT_FALSE(fs::exists(fs::path(dir.path) / journal_file(3)));
  EXPECT_FALSE(fs::exists(fs::path(dir.path) / journal_file(2)));
  expect_dealt(dir.path, 2, 10, 4);
}

TEST(WriterJournals, WhatTheDatabaseStoredIsNotDealtAgain) {
  Dir dir;
  std::string id;
  std::uint64_t stored_to = 0;
  {
    Journal one(dir.path, 1 << 20);
    id = one.id();
    ASSERT_TRUE(one.append(interleaved(10, 2)));
    stored_to = one.end();  // the first two rounds are in the database
    ASSERT_TRUE(one.append(interleaved(10, 3)));
  }
  auto stored = [&](const std::string& journal) { return journal == id ? static_cast<std::int64_t>(stored_to) : 0; };
  EXPECT_EQ(deal_journals(dir.path, 2, stored), 30u);
}

TEST(WriterJournals, JournalsOfTheSameNumberOfWritersAreLeftAsTheyAre) {
  Dir dir;
  std::map<std::size_t, std::string> ids;
  for (std::size_t i = 0; i < 2; ++i) {
    Journal j(dir.path, 1 << 20, journal_file(i));
    std::vector<NodeWrite> mine;
    for (const auto& w : interleaved(10, 3))
      if (writer_of(device_of(w), 2) == i) mine.push_back(w);
    ASSERT_TRUE(j.append(mine));
    ids[i] = j.id();
  }
  EXPECT_EQ(deal_journals(dir.path, 2, kNothingStored), 0u);
  for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(Journal(dir.path, 1 << 20, journal_file(i)).id(), ids[i]);
  expect_dealt(dir.path, 2, 10, 3);
}

TEST(WriterJournals, ADealCutShortBeforeItsCommitIsDoneAgainFromTheOldJournals) {
  Dir dir;
  {
    Journal one(dir.path, 1 << 20);
    ASSERT_TRUE(one.append(interleaved(10, 3)));
    // A crash left half a deal: a next journal, no commit marker.
    Journal half(dir.path, 1 << 20, journal_file(1) + ".next");
    ASSERT_TRUE(half.append({status("node-1", 1)}));
  }
  EXPECT_EQ(deal_journals(dir.path, 2, kNothingStored), 30u);
  expect_dealt(dir.path, 2, 10, 3);  // node-1's first write once, not twice
}

TEST(WriterJournals, ADealCommittedBeforeACrashIsFinishedAtTheNextStart) {
  Dir dir;
  auto writes = interleaved(10, 3);
  {
    Journal old(dir.path, 1 << 20, journal_file(3));  // an old writer's journal, not yet removed
    ASSERT_TRUE(old.append(writes));
    for (std::size_t i = 0; i < 2; ++i) {
      Journal next(dir.path, 1 << 20, journal_file(i) + ".next");
      std::vector<NodeWrite> mine;
      for (const auto& w : writes)
        if (writer_of(device_of(w), 2) == i) mine.push_back(w);
      ASSERT_TRUE(next.append(mine));
    }
    std::ofstream(fs::path(dir.path) / "dealt.commit");
  }
  EXPECT_EQ(deal_journals(dir.path, 2, kNothingStored), 0u) << "nothing dealt again";
  EXPECT_FALSE(fs::exists(fs::path(dir.path) / "dealt.commit"));
  expect_dealt(dir.path, 2, 10, 3);
}
