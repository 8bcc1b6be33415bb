// The offline buffer across a reboot: its NVS text, the flash budget, the batched
// writes, and a node that sends what it held before the reboot with the original times.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "node_rig.hpp"
#include "presence.hpp"
#include "saved_reports.hpp"

namespace fw {
namespace {

using test::Rig;

constexpr std::int64_t kUnix = 1'700'000'000;

StatusReport report(std::int64_t seq, Millis made_at) {
  StatusReport r;
  r.seq = seq;
  r.made_at = made_at;
  r.is_occupied = seq % 2 == 0;
  r.is_power_on = seq % 3 != 0;
  r.last_movement_s = seq * 7;
  if (seq % 4 != 0) r.temperature = 20.0 + static_cast<double>(seq % 10) / 4.0;
  if (seq % 5 == 0) {
    r.sensor_ok = false;
    r.sensor_fault = fault::kStuckReading;
  }
  return r;
}

std::deque<StatusReport> reports(int n, std::int64_t first_seq = 1) {
  std::deque<StatusReport> out;
  for (int i = 0; i < n; ++i) out.push_back(report(first_seq + i, seconds(120) * i + 350));
  return out;
}

void expect_same(const StatusReport& got, const StatusReport& want, Millis wall_offset_ms) {
  EXPECT_EQ(got.seq, want.seq);
  EXPECT_EQ(got.made_at_unix, (want.made_at + wall_offset_ms) / 1000);
  EXPECT_EQ(got.is_occupied, want.is_occupied);
  EXPECT_EQ(got.is_power_on, want.is_power_on);
  EXPECT_EQ(got.last_movement_s, want.last_movement_s);
  EXPECT_EQ(got.temperature, want.temperature);
  EXPECT_EQ(got.sensor_ok, want.sensor_ok);
  EXPECT_EQ(got.sensor_fault, want.sensor_fault);  // the same static text
}

TEST(SavedReports, RoundTripWithEachReportsWallClockTime) {
  const Millis offset = kUnix * 1000 - 250;
  const auto items = reports(20, 4711);
  const SavedReports saved = serialize_reports(items, offset);
  EXPECT_EQ(saved.kept, 20u);
  EXPECT_EQ(saved.text.rfind("ob1,", 0), 0u);  // version tag first
  const auto back = parse_reports(saved.text);
  ASSERT_EQ(back.size(), 20u);
  for (std::size_t i = 0; i < back.size(); ++i) expect_same(back[i], items[i], offset);
  // Parsed again after a reboot and stored again: the same text.
  std::deque<StatusReport> again(back.begin(), back.end());
  EXPECT_EQ(serialize_reports(again, std::nullopt).text, saved.text);
}

TEST(SavedReports, ReportsWithoutAWallClockAreNotStored) {
  const auto untimed = reports(5);
  const SavedReports none = serialize_reports(untimed, std::nullopt);
  EXPECT_EQ(none.kept, 0u);
  EXPECT_EQ(none.untimed, 5u);
  EXPECT_TRUE(none.text.empty());
  // Restored reports keep their own time; the untimed ones of this boot are left out.
  std::deque<StatusReport> mixed;
  for (auto r : reports(3)) {
    r.made_at_unix = kUnix + r.seq;
    mixed.push_back(r);
  }
  for (const auto& r : reports(2, 10)) mixed.push_back(r);
  const SavedReports some = serialize_reports(mixed, std::nullopt);
  EXPECT_EQ(some.kept, 3u);
  EXPECT_EQ(some.untimed, 2u);
  const auto back = parse_reports(some.text);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[2].seq, 3);
  EXPECT_EQ(back[2].made_at_unix, kUnix + 3);
}

TEST(SavedReports, ACorruptOrTornRecordIsSkippedAndTheRestKept) {
  const std::string text = serialize_reports(reports(10), kUnix * 1000).text;
  // One bit flipped in the fourth record.
  std::string flipped = text;
  std::size_t line4 = 0;
  for (int i = 0; i < 4; ++i) line4 = flipped.find('\n', line4) + 1;
  flipped[line4 + 2] ^= 0x01;
  auto back = parse_reports(flipped);
  ASSERT_EQ(back.size(), 9u);
  for (const auto& r : back) EXPECT_NE(r.seq, 4);
  // A write torn in the last record.
  back = parse_reports(text.substr(0, text.size() - 6));
  ASSERT_EQ(back.size(), 9u);
  EXPECT_EQ(back.back().seq, 9);
  // No header, another version, noise: nothing, and no crash.
  EXPECT_TRUE(parse_reports(text.substr(text.find('\n') + 1)).empty());
  std::string v2 = text;
  v2[2] = '2';
  EXPECT_TRUE(parse_reports(v2).empty());
  EXPECT_TRUE(parse_reports("").empty());
  EXPECT_TRUE(parse_reports("\n\n***\n,,,,,\nob1\n").empty());
  // Every single-byte damage anywhere: whatever survives is well formed.
  for (std::size_t i = 0; i < text.size(); ++i)
    for (char c : {'\0', '\n', ',', '*', '-', '9', 'z'}) {
      std::string bad = text;
      bad[i] = c;
      const auto got = parse_reports(bad);
      EXPECT_LE(got.size(), 10u);
      for (std::size_t k = 0; k < got.size(); ++k) {
        EXPECT_GT(got[k].seq, 0);
        EXPECT_GT(got[k].made_at_unix, 0);
        if (k) {
          EXPECT_GT(got[k].seq, got[k - 1].seq);
        }
      }
    }
}

TEST(SavedReports, TheFlashBudgetKeepsTheNewest) {
  const auto items = reports(200);
  const SavedReports saved = serialize_reports(items, kUnix * 1000);
  EXPECT_EQ(saved.kept, kSavedReportsMax);
  EXPECT_LE(saved.text.size(), kSavedReportsBytes);
  const auto back = parse_reports(saved.text);
  ASSERT_EQ(back.size(), kSavedReportsMax);
  EXPECT_EQ(back.front().seq, 200 - static_cast<std::int64_t>(kSavedReportsMax) + 1);
  EXPECT_EQ(back.back().seq, 200);
  // A byte budget smaller than the count allows: still the newest, within it.
  const SavedReports tight = serialize_reports(items, kUnix * 1000, 64, 300);
  EXPECT_LE(tight.text.size(), 300u);
  EXPECT_GT(tight.kept, 0u);
  const auto few = parse_reports(tight.text);
  ASSERT_EQ(few.size(), tight.kept);
  EXPECT_EQ(few.back().seq, 200);
}

// What a node's "NVS" would hold: every text it offered, the last one kept.
struct Flash {
  int writes = 0;
  int empties = 0;
  std::string text;
  void poll(Node& node, Millis now) {
    if (auto t = node.take_buffer_to_save(now)) {
      ++writes;
      empties += t->empty();
      text = *t;
    }
  }
};

void run(Rig& rig, Flash& flash, Millis span) {
  for (Millis end = rig.now + span; rig.now < end;) {
    rig.run_for(seconds(1));
    flash.poll(*rig.node, rig.now);
  }
}

TEST(SavedReports, ABufferIsWrittenInBatchesNotPerReport) {
  Config c = test::test_config();
  c.report_interval_s = 60;
  c.follow_server_interval = 0;
  Rig rig(c);
  Flash flash;
  run(rig, flash, hours(2));  // the server answers: nothing waits, nothing is written
  EXPECT_EQ(flash.writes, 0);

  rig.server.reachable = false;
  const auto made = rig.node->counters().reports_made;
  run(rig, flash, hours(2));
  const auto outage_reports = rig.node->counters().reports_made - made;
  ASSERT_GE(outage_reports, 100u);
  EXPECT_LE(flash.writes, static_cast<int>(outage_reports / Node::kBufferSaveReports) + 1);
  EXPECT_GE(flash.writes, static_cast<int>(outage_reports / Node::kBufferSaveReports) - 1);
  EXPECT_EQ(parse_reports(flash.text).size(), kSavedReportsMax);  // the budget, not the RAM buffer

  const int before = flash.writes;
  rig.server.reachable = true;
  run(rig, flash, minutes(30));
  EXPECT_EQ(rig.node->buffered(), 0u);
  // Once when the acknowledgements emptied it (and perhaps a batch that fell due just
  // before the server answered again).
  EXPECT_LE(flash.writes, before + 2);
  EXPECT_EQ(flash.empties, 1);
  EXPECT_TRUE(flash.text.empty());
}

TEST(SavedReports, AFewReportsAreWrittenAfterTenMinutes) {
  Config c = test::test_config();
  c.report_interval_s = 300;
  c.follow_server_interval = 0;
  Rig rig(c);
  Flash flash;
  run(rig, flash, minutes(5));
  rig.server.reachable = false;
  run(rig, flash, minutes(9));
  EXPECT_EQ(flash.writes, 0);  // two reports waiting, not yet worth a write
  run(rig, flash, minutes(2));
  EXPECT_EQ(flash.writes, 1);
  EXPECT_GE(parse_reports(flash.text).size(), 2u);
}

// {seq → timestamp} of every report the server received, from the bodies.
std::map<std::int64_t, std::int64_t> sent_times(const Rig& rig) {
  static const std::regex re(R"re("seq":([0-9]+),"sensor_ok":(?:true|false),"sensor_fault":(?:null|"[a-z_]+"),"timestamp":([0-9]+))re");
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& [t, req] : rig.server.received) {
    if (req.kind != RequestKind::Status && req.kind != RequestKind::Batch) continue;
    for (auto it = std::sregex_iterator(req.body.begin(), req.body.end(), re); it != std::sregex_iterator(); ++it)
      out.emplace(std::stoll((*it)[1]), std::stoll((*it)[2]));
  }
  return out;
}

TEST(SavedReports, TwentyReportsFromAnOutageSurviveARebootWithTheirOriginalTimes) {
  Config c = test::test_config();
  c.report_interval_s = 60;
  c.follow_server_interval = 0;
  Rig rig(c);
  rig.room.people = [](Millis t) { return t % minutes(14) < minutes(6); };
  Flash flash;
  run(rig, flash, minutes(3));  // the server's clock reaches the node
  rig.server.reachable = false;
  const auto made = rig.node->counters().reports_made;
  while (rig.node->counters().reports_made - made < 20) run(rig, flash, seconds(1));
  ASSERT_EQ(rig.node->buffered(), 20u);
  // What the server would have received without the reboot: seq → its time.
  std::map<std::int64_t, std::int64_t> expected;
  const Millis offset = *rig.node->unix_time(rig.now) * 1000 - rig.now;  // to the second
  for (const auto& r : rig.node->buffered_reports()) expected[r.seq] = (r.made_at + offset) / 1000;
  run(rig, flash, minutes(10));  // the last few are written after at most ten minutes
  ASSERT_GE(rig.node->buffered(), 20u);
  const auto ceiling = rig.node->take_seq_ceiling().value_or(Node::kSeqBlock + 1);

  // Power cut: millis starts again at 0; the server's clock went on (and it is still down).
  const std::int64_t reboot_unix = rig.server.unix_base + rig.now / 1000;
  rig.server.unix_base = reboot_unix + 90;
  rig.now = 0;
  rig.start(BootState{ceiling, {}, parse_reports(flash.text)});
  EXPECT_GE(rig.node->buffered(), 20u);
  EXPECT_FALSE(rig.node->unix_time(rig.now));  // no wall clock after the reboot
  run(rig, flash, minutes(5));
  rig.server.reachable = true;
  run(rig, flash, minutes(5));

  EXPECT_EQ(rig.node->buffered(), 0u);
  const auto sent = sent_times(rig);
  for (const auto& [seq, ts] : expected) {
    ASSERT_TRUE(sent.count(seq)) << "report " << seq << " was lost in the reboot";
    EXPECT_NEAR(sent.at(seq), ts, 1) << "report " << seq;
    EXPECT_LT(sent.at(seq), reboot_unix);
  }
  // The server took all of them, and the reports after the reboot above them.
  for (const auto& [seq, ts] : expected)
    EXPECT_NE(std::find(rig.server.accepted_seqs.begin(), rig.server.accepted_seqs.end(), seq),
              rig.server.accepted_seqs.end());
  EXPECT_TRUE(std::is_sorted(rig.server.accepted_seqs.begin(), rig.server.accepted_seqs.end()));
  EXPECT_EQ(rig.server.duplicates, 0);
  EXPECT_GT(rig.node->next_seq(), expected.rbegin()->first);
}

}  // namespace
}  // namespace fw

#include "shell_rig.hpp"

namespace {

using shell_test::Shell;

TEST_F(Shell, TheOfflineBufferSurvivesARebootThroughNvs) {
  constexpr std::int64_t k2024 = 1'704'067'200;  // the stand-in server's clock at boot
  boot();
  run_ms(5000);
  EXPECT_EQ(s.nvs.count("classroom/outbox"), 0u);  // reports reach the server: nothing stored
  s.wifi_up = false;  // the network is gone for half an hour
  const int writes_before = s.nvs_writes;
  run_ms(30 * 60'000);
  const auto saved = fw::parse_reports(s.nvs["classroom/outbox"]);
  ASSERT_GE(saved.size(), 8u);
  EXPECT_LE(s.nvs_writes - writes_before, 4);  // in batches, not one per report
  for (const auto& r : saved) {
    EXPECT_GE(r.made_at_unix, k2024);
    EXPECT_LE(r.made_at_unix, k2024 + 31 * 60);
  }

  setup();  // a brown-out; the network comes back a minute later
  s.http_calls.clear();
  run_ms(60'000);
  s.wifi_up = true;
  run_ms(5 * 60'000);
  for (const auto& r : saved) {
    const std::string mark = "\"seq\":" + std::to_string(r.seq) + ",";
    bool found = false;
    for (const auto& c : s.http_calls) {
      const auto at = c.body.find(mark);
      if (at == std::string::npos) continue;
      const auto ts = c.body.find("\"timestamp\":", at);
      ASSERT_NE(ts, std::string::npos);
      EXPECT_EQ(std::stoll(c.body.substr(ts + 12)), r.made_at_unix) << "seq " << r.seq;
      found = true;
    }
    EXPECT_TRUE(found) << "seq " << r.seq << " never sent after the reboot";
  }
  EXPECT_EQ(s.nvs.count("classroom/outbox"), 0u);  // delivered: the entry is gone
}

}  // namespace
