// Nothing a node was told is stored is ever lost: not in a crash, not in a database
// outage (the outage journal), not when refused and sent again; one bad write never
// stops the writer; dashboards hear only of what was stored.
#include "nodes.hpp"
#include "tcp_proxy.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <thread>

namespace {
std::vector<std::string> with_var(const std::string& var, std::vector<std::string> args = {}) {
  args.insert(args.end(), {"--var-dir", var});
  return args;
}
}  // namespace

TEST(Durability, AKillDuringADatabaseOutageLosesNoAcceptedReport) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  auto var = ts::make_temp_dir("classroom-var");
  auto server = std::make_unique<ts::Server>(db, with_var(var));
  auto n = register_node(server->port(), ts::login(server->port(), "admin", ts::kAdminPassword), "node-1");
  {
    PgOutage outage;
    for (int seq = 1; seq <= 20; ++seq) ASSERT_EQ(report(server->port(), n, seq % 2 == 0, seq).status, 200) << seq;
    EXPECT_EQ(ts::http(server->port(), "GET", "/readyz").status, 503) << "degraded while writes wait";
    server->kill_hard();  // no flush, no goodbye
    outage.end();
  }
  EXPECT_EQ(stored_reports(db, n), 0) << "nothing reached the database before the crash";
  server = std::make_unique<ts::Server>(db, with_var(var));
  EXPECT_EQ(wait_stored(db, n, 20), 20) << "the journal is replayed at start\n" << server->log();
  // The same numbers again are resends of what is stored now.
  auto again = report(server->port(), n, true, 20);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(wait_stored(db, n, 20), 20);
  for (int i = 0; i < 50 && ts::http(server->port(), "GET", "/readyz").status != 200; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(ts::http(server->port(), "GET", "/readyz").status, 200);
}

namespace {
constexpr int kReports = 12;
bool occupied_at(const NodeKey& n, int seq) { return (seq + n.id.back()) % 3 == 0; }

// Eight nodes report through a database outage, then the server is killed: their
// reports are in the writers' journals only.
std::vector<NodeKey> journal_in_an_outage(const std::string& db, const std::string& var) {
  ts::Server server(db, with_var(var));
  auto token = ts::login(server.port(), "admin", ts::kAdminPassword);
  std::vector<NodeKey> nodes;
  for (int i = 1; i <= 8; ++i) nodes.push_back(register_node(server.port(), token, "node-" + std::to_string(i)));
  PgOutage outage;
  for (int seq = 1; seq <= kReports; ++seq)
    for (const auto& n : nodes) EXPECT_EQ(report(server.port(), n, occupied_at(n, seq), seq).status, 200) << n.id;
  server.kill_hard();
  outage.end();
  return nodes;
}

void expect_stored_in_order(const std::string& db, const std::vector<NodeKey>& nodes, const ts::Server& server) {
  for (const auto& n : nodes) {
    ASSERT_EQ(wait_stored(db, n, kReports), kReports) << n.id << "\n" << server.log();
    std::string want;
    for (int seq = 1; seq <= kReports; ++seq) want += occupied_at(n, seq) ? "1" : "0";
    EXPECT_EQ(ts::sql(db, "SELECT string_agg(is_occupied::text, '' ORDER BY id) FROM status_logs WHERE device_id = '" +
                              n.id + "'"),
              want)
        << n.id << ": stored in the order reported";
  }
}
}  // namespace

// On PostgreSQL several writers store node writes side by side, each device's with one
// of them; during an outage each keeps its own journal.
TEST(Durability, SeveralWritersJournalTheirDevicesAndEachDevicesReportsStayInOrder) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  auto var = ts::make_temp_dir("classroom-var");
  auto nodes = journal_in_an_outage(db, var);
  int journals_with_writes = 0;
  for (const auto& f : std::filesystem::directory_iterator(var + "/journal")) {
    std::ifstream in(f.path());
    int lines = 0;
    for (std::string line; std::getline(in, line);) ++lines;
    journals_with_writes += lines > 1;  // a header, then writes
  }
  EXPECT_GE(journals_with_writes, 2) << "the devices' writes went to more than one writer";
  ts::Server server(db, with_var(var));
  expect_stored_in_order(db, nodes, server);
}

// A build with more writers killed in an outage leaves a journal no writer of this one
// has: it is dealt out to the writers there are at start, not left unread.
TEST(Durability, AJournalOfAWriterNoLongerThereIsStoredInOrderAtStart) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  auto var = ts::make_temp_dir("classroom-var");
  auto nodes = journal_in_an_outage(db, var);
  const auto journals = std::filesystem::path(var) / "journal";
  std::filesystem::rename(journals / "node-writes-1.journal", journals / "node-writes-3.journal");
  ts::Server server(db, with_var(var));
  expect_stored_in_order(db, nodes, server);
  EXPECT_FALSE(std::filesystem::exists(journals / "node-writes-3.journal"));
  EXPECT_NE(server.log().find("event=journals_dealt"), std::string::npos) << server.log();
}

TEST(Durability, AKillLosesNoReportAnswered200OnSqlite) {
  auto db = ts::fresh_db("sqlite");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  auto server = std::make_unique<ts::Server>(db);
  auto n = register_node(server->port(), ts::login(server->port(), "admin", ts::kAdminPassword), "node-1");
  for (int seq = 1; seq <= 30; ++seq) ASSERT_EQ(report(server->port(), n, true, seq).status, 200);
  server->kill_hard();
  EXPECT_EQ(stored_reports(db, n), 30) << "answered 200 means committed";
  EXPECT_EQ(ts::sql(db, "PRAGMA journal_mode"), "wal");
}

TEST(Durability, AReportRefusedWith503IsStoredWhenSentAgain) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::Server server(db, {"--journal-max-mb", "0"});  // no journal: an outage refuses writes
  auto n = register_node(server.port(), ts::login(server.port(), "admin", ts::kAdminPassword), "node-1");
  ASSERT_EQ(report(server.port(), n, true, 1).status, 200);
  {
    PgOutage outage;
    std::set<int> waits;
    for (int seq = 2; seq <= 4; ++seq) {
      for (int again = 0; again < 4; ++again) {
        auto r = report(server.port(), n, true, seq);
        EXPECT_EQ(r.status, 503) << r.body;
        ASSERT_FALSE(r.headers["retry-after"].empty());
        auto wait = std::stoi(r.headers["retry-after"]);
        EXPECT_GE(wait, 5);
        EXPECT_LT(wait, 30);
        waits.insert(wait);
      }
    }
    // Twelve refusals all told the same second would come back together (a storm).
    EXPECT_GE(waits.size(), 3u) << "the waits are spread";
    auto batch = report_batch(server.port(), n, 5, 3);
    EXPECT_EQ(batch.status, 503) << "a batch is refused whole: " << batch.body;
  }
  // What the firmware does: send the same reports again until they are taken.
  for (int seq = 2; seq <= 4; ++seq) {
    int status = 0;
    for (int i = 0; i < 50 && status != 200; ++i) {
      status = report(server.port(), n, true, seq).status;
      if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(status, 200) << seq;
  }
  auto batch = report_batch(server.port(), n, 5, 3);
  ASSERT_EQ(batch.status, 200) << batch.body;
  EXPECT_EQ(batch.json().at("accepted").as_int64(), 3) << "none taken for a duplicate";
  EXPECT_EQ(batch.json().at("last_seq").as_int64(), 7);
  EXPECT_EQ(stored_reports(db, n), 7);
}

TEST(Durability, AFullJournalAnswers503AndKeepsWhatItAccepted) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::Server server(db, {"--journal-max-mb", "1"});
  auto n = register_node(server.port(), ts::login(server.port(), "admin", ts::kAdminPassword), "node-1");
  std::int64_t accepted = 0;
  int refused = 0;
  {
    PgOutage outage;
    for (int i = 0; i < 40 && refused == 0; ++i) {
      auto r = report_batch(server.port(), n, 1 + i * 500, 500);
      if (r.status == 200) accepted += 500;
      else if (r.status == 503) ++refused;
      else FAIL() << r.status << r.body;
    }
  }
  EXPECT_EQ(refused, 1) << "the journal is bounded";
  EXPECT_GT(accepted, 0);
  EXPECT_EQ(wait_stored(db, n, accepted), accepted) << server.log();
}

TEST(Durability, DashboardsHearNothingOfAReportThatWasRefused) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::Server server(db, {"--journal-max-mb", "0"});
  auto token = ts::login(server.port(), "admin", ts::kAdminPassword);
  auto n = register_node(server.port(), token, "node-1");
  ASSERT_EQ(report(server.port(), n, false, 1).status, 200);
  ts::WsClient ws(server.port(), "/api/ws?token=" + token);
  ASSERT_TRUE(ws.wait_for("hello", std::chrono::seconds(5)));
  auto occupied = [&](double temperature) {
    auto body = json::object{{"is_occupied", true}, {"is_power_on", true}, {"last_movement", 0},
                             {"temperature", temperature}, {"seq", 2}};
    return ts::http(server.port(), "POST", "/api/esp/status", json::serialize(body),
                    {{"X-Device-ID", n.id}, {"X-API-Key", n.key}});
  };
  {
    PgOutage outage;
    ASSERT_EQ(occupied(31.0).status, 503) << "refused: the database is down and there is no journal";
  }
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    status = occupied(19.0).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(status, 200);
  // The first room event the dashboard gets is the stored report's, never the refused one's.
  auto event = ws.wait_for("room_status", std::chrono::seconds(5));
  ASSERT_TRUE(event) << "once stored, the dashboards hear of it";
  EXPECT_NE(event->find("\"is_occupied\":true"), std::string::npos) << *event;
  EXPECT_NE(event->find("\"temperature\":19"), std::string::npos) << *event;
  EXPECT_EQ(event->find("\"temperature\":31"), std::string::npos) << "no event for a write that failed: " << *event;
}

class WriterIsolationTest : public ApiTest {};
CLASSROOM_INSTANTIATE(WriterIsolationTest);

TEST_P(WriterIsolationTest, DeletingARoomWhileItsNodeReportsNeverStopsTheWriter) {
  auto poison = register_node(port(), admin_, "poison-1");
  auto witness = register_node(port(), admin_, "witness-1");
  std::atomic<bool> stop{false};
  std::vector<std::thread> hammers;
  for (int t = 0; t < 6; ++t)
    hammers.emplace_back([&] {
      while (!stop) report(port(), poison, true);
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  auto deleted = del("/api/admin/classrooms/" + std::to_string(poison.room), admin_);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  for (auto& h : hammers) h.join();
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  for (int i = 0; i < 5; ++i) ASSERT_EQ(report(port(), witness, i % 2 == 0).status, 200);
  EXPECT_EQ(wait_stored(db_, witness, 5), 5) << "the witness's reports land\n" << server_->log();
  auto stats = get("/api/admin/stats", admin_).json();
  EXPECT_EQ(stats.at("database_degraded").as_bool(), false) << stats;
  EXPECT_EQ(ts::http(port(), "GET", "/readyz").status, 200);
}

// A partition that swallows packets instead of refusing them: the proxy in front of
// PostgreSQL stops forwarding while both its sockets stay open, so libpq waits with no
// error and no timeout of its own. The writer's watchdog ends the stalled write within
// seconds, the writes go to the journal and are answered 200, and all of them are in the
// database once the network is back.
TEST(Durability, APartitionThatSwallowsPacketsDegradesWithinSecondsAndLosesNothing) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::TcpProxy proxy(ts::Postgres::instance().port());
  auto via = db;
  via.replace(via.rfind(':'), via.rfind('/') - via.rfind(':'), ":" + std::to_string(proxy.port()));
  ts::Server server(via);
  auto n = register_node(server.port(), ts::login(server.port(), "admin", ts::kAdminPassword), "node-1");
  for (int seq = 1; seq <= 5; ++seq) ASSERT_EQ(report(server.port(), n, true, seq).status, 200) << seq;
  ASSERT_EQ(wait_stored(db, n, 5), 5);

  proxy.stall();
  int accepted = 5;
  auto began = std::chrono::steady_clock::now();
  for (int seq = 6; seq <= 25; ++seq) {
    auto answer = std::async(std::launch::async, [&] { return report(server.port(), n, seq % 2 == 0, seq); });
    if (answer.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
      server.kill_hard();  // ends the hanging request
      FAIL() << "seq " << seq << " hangs with the write stalled behind the partition";
    }
    auto r = answer.get();
    ASSERT_EQ(r.status, 200) << "seq " << seq << ": " << r.body << "\n" << server.log();
    ++accepted;
  }
  auto waited = std::chrono::steady_clock::now() - began;
  EXPECT_LT(waited, std::chrono::seconds(20)) << "the stalled write was ended, not waited out";
  EXPECT_NE(server.log().find("event=write_stalled"), std::string::npos) << server.log();
  EXPECT_EQ(ts::http(server.port(), "GET", "/readyz").status, 503) << "degraded while writes wait";
  EXPECT_EQ(stored_reports(db, n), 5) << "nothing reached the database through the partition";

  proxy.resume();
  EXPECT_EQ(wait_stored(db, n, accepted), accepted) << server.log();
  for (int i = 0; i < 100 && ts::http(server.port(), "GET", "/readyz").status != 200; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(ts::http(server.port(), "GET", "/readyz").status, 200) << server.log();
}
