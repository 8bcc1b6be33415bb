// classroom-sim's pure parts: scenarios, statistics, device files, the server URL.
#include <gtest/gtest.h>

#include "devices.hpp"
#include "endpoint.hpp"
#include "saved_reports.hpp"
#include "scenario.hpp"
#include "stats.hpp"

namespace sim {
namespace {

using fw::Millis;
using fw::minutes;

TEST(SimScenario, SameSeedGivesTheSameRoom) {
  World a(ScenarioKind::Mixed, 11), b(ScenarioKind::Mixed, 11);
  for (Millis t = 0; t < minutes(300); t += 500) {
    ASSERT_EQ(a.occupied(t), b.occupied(t));
    ASSERT_EQ(a.distance(t), b.distance(t));
    ASSERT_EQ(a.link_up(t), b.link_up(t));
  }
}

TEST(SimScenario, LectureRoomsAreOccupiedForAPartOfTheDay) {
  World w(ScenarioKind::Lecture, 5);
  int occupied = 0, samples = 0;
  for (Millis t = 0; t < minutes(600); t += 1000, ++samples) occupied += w.occupied(t);
  EXPECT_GT(occupied, samples / 5);
  EXPECT_LT(occupied, samples * 9 / 10);
}

TEST(SimScenario, OnlyTheOutageScenarioDropsTheNetwork) {
  World lecture(ScenarioKind::Lecture, 3), outage(ScenarioKind::Outage, 3);
  int down = 0;
  for (Millis t = 0; t < minutes(600); t += 1000) {
    EXPECT_TRUE(lecture.link_up(t));
    down += !outage.link_up(t);
  }
  EXPECT_GT(down, 0);
}

TEST(SimScenario, TheFaultScenarioProducesSensorFaults) {
  World w(ScenarioKind::Faults, 8);
  int faults = 0;
  for (Millis t = 0; t < minutes(300); t += 500) {
    auto d = w.distance(t);
    faults += !d || *d < 2 || *d > 400;
  }
  EXPECT_GT(faults, 100);
}

TEST(SimScenario, NamesRoundTrip) {
  for (auto k : {ScenarioKind::Lecture, ScenarioKind::Random, ScenarioKind::Faults, ScenarioKind::Outage, ScenarioKind::Mixed,
                 ScenarioKind::SensorFault})
    EXPECT_EQ(scenario_from(to_string(k)), k);
  EXPECT_FALSE(scenario_from("party"));
}

TEST(SimStats, PercentilesAreWithinAFewPercent) {
  LatencyHistogram h;
  for (std::uint64_t us = 1; us <= 100000; ++us) h.add(us);
  EXPECT_NEAR(h.percentile_ms(0.5), 50.0, 1.0);
  EXPECT_NEAR(h.percentile_ms(0.99), 99.0, 1.5);
  EXPECT_DOUBLE_EQ(h.max_ms(), 100.0);
  EXPECT_DOUBLE_EQ(LatencyHistogram{}.percentile_ms(0.5), 0.0);
}

TEST(SimStats, SummaryCountsAnswersByStatus) {
  Stats s;
  s.record("status", 200, 800, 500);
  s.record("status", 503, 300, 0);
  s.record("batch", 0, 0, 0);
  NodeTotals n;
  n.nodes = 2;
  n.refused = 1;
  auto text = summary_text(RunInfo{"lecture", 2, 120, 60}, s, n);
  EXPECT_NE(text.find("no-answer=1 200=1 503=1; nodes ever answered 503: 1 (50.00 %), with a call unanswered: 0"), std::string::npos) << text;
  EXPECT_NE(text.find("waiting for a connection: p99 0.50 ms"), std::string::npos) << text;
  auto json = summary_json(RunInfo{"lecture", 2, 120, 60}, s, n);
  EXPECT_NE(json.find(R"("calls_total":3)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("503":1)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("speed":60,)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("p99":0.8,)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("nodes_refused":1)"), std::string::npos) << json;
  EXPECT_EQ(json.find(R"("backlog")"), std::string::npos) << json;  // only for --backlog runs
}

TEST(SimBacklog, AnHourOfReportsOneAnIntervalEachWithItsTimeWithinTheFlashBudget) {
  auto held = outage_backlog(3600, 120, 1'800'000'000);
  ASSERT_EQ(held.size(), 30u);
  for (std::size_t k = 0; k < held.size(); ++k) {
    EXPECT_EQ(held[k].seq, static_cast<std::int64_t>(k) + 1);
    EXPECT_EQ(held[k].made_at_unix, 1'800'000'000 - 3600 + static_cast<std::int64_t>(k) * 120);
  }
  EXPECT_TRUE(held.front().is_occupied);
  EXPECT_FALSE(held.back().is_occupied);
  // Kept in NVS as the shell keeps them, all 30 come back with their times.
  auto saved = fw::serialize_reports({held.begin(), held.end()}, std::nullopt);
  EXPECT_EQ(saved.kept, 30u);
  auto back = fw::parse_reports(saved.text);
  ASSERT_EQ(back.size(), 30u);
  EXPECT_EQ(back.back().made_at_unix, 1'800'000'000 - 120);
  EXPECT_TRUE(outage_backlog(60, 120, 1'800'000'000).empty());
}

TEST(SimDevices, ReadsTheDemoSetUpsFileAndWritesTheSameFormat) {
  std::string err;
  auto d = parse_devices(R"([{"device_id":"esp-1","api_key":"k1","classroom_id":3,"classroom_name":"A"},)"
                         R"({"device_id":"esp-2","api_key":"k2"}])", err);
  ASSERT_TRUE(d) << err;
  ASSERT_EQ(d->size(), 2u);
  EXPECT_EQ((*d)[0].classroom_id, 3);
  auto again = parse_devices(devices_json(*d), err);
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)[1].api_key, "k2");
}

TEST(SimDevices, RefusesAFileWithoutIdentities) {
  std::string err;
  EXPECT_FALSE(parse_devices("{}", err));
  EXPECT_FALSE(parse_devices("[]", err));
  EXPECT_FALSE(parse_devices(R"([{"device_id":"x"}])", err));
  EXPECT_NE(err.find("entry 0"), std::string::npos);
}

TEST(SimDevices, SimulatedMacsAreLocallyAdministeredAndDistinct) {
  EXPECT_EQ(simulated_mac(0xabcd, 1), "02:cd:ab:00:00:01");
  EXPECT_NE(simulated_mac(1, 2), simulated_mac(1, 3));
}

TEST(SimEndpoint, TakesPlainHttpUrlsOnly) {
  std::string err;
  auto e = parse_server_url("http://127.0.0.1:8080", err);
  ASSERT_TRUE(e) << err;
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, "8080");
  EXPECT_EQ(e->base_path, "");
  auto p = parse_server_url("http://localhost/campus/", err);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->port, "80");
  EXPECT_EQ(p->base_path, "/campus");
  auto v6 = parse_server_url("http://[::1]:9000", err);
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_FALSE(parse_server_url("https://127.0.0.1", err));
  EXPECT_NE(err.find("https"), std::string::npos);
  EXPECT_FALSE(parse_server_url("127.0.0.1:8080", err));
}

}  // namespace
}  // namespace sim
