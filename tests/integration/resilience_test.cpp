#include "fixture.hpp"
#include "nodes.hpp"

#include <fstream>
#include <sys/stat.h>
#include <thread>

class ResilienceTest : public ApiTest {};
CLASSROOM_INSTANTIATE(ResilienceTest);

TEST_P(ResilienceTest, RestartKeepsAllData) {
  make_node("A101", "node-1");
  ASSERT_EQ(post("/api/contact", json::object{{"name", "A"}, {"email", "a@b.org"}, {"subject", "S"}, {"message", "M"}}).status, 201);
  EXPECT_EQ(server_->stop(), 0) << "SIGTERM must end the server cleanly";
  restart_server();
  EXPECT_EQ(get("/api/auth/me", admin_).status, 200) << "tokens survive a restart";
  EXPECT_EQ(count("/api/admin/classrooms"), 1u);
  EXPECT_EQ(count("/api/admin/devices"), 1u);
  EXPECT_EQ(count("/api/admin/contact-messages"), 1u);
  EXPECT_EQ(count("/api/admin/users"), 2u);
}

TEST(PostgresOutage, Answers503WithRetryAfterAndRecovers) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::Server server(db);
  auto token = ts::login(server.port(), "admin", ts::kAdminPassword);
  ASSERT_EQ(ts::http_json(server.port(), "GET", "/api/admin/users", nullptr, token).status, 200);

  ts::Postgres::instance().stop();
  auto down = ts::http_json(server.port(), "GET", "/api/admin/users", nullptr, token);
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_FALSE(down.headers["retry-after"].empty());
  EXPECT_EQ(ts::http(server.port(), "GET", "/readyz").status, 503);
  EXPECT_EQ(ts::http(server.port(), "GET", "/healthz").status, 200) << "the process itself stays up";

  ts::Postgres::instance().start();
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    status = ts::http_json(server.port(), "GET", "/api/admin/users", nullptr, token).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 200) << server.log();
  EXPECT_EQ(ts::http(server.port(), "GET", "/readyz").status, 200);
}

TEST(Startup, PostgresWithoutJwtSecretIsRefused) {
  auto db = ts::fresh_db("postgresql");
  auto rc = ts::run("timeout 20 " + std::string(CLASSROOMD_BIN) + " serve --listen 127.0.0.1:0 --db " + db +
                    " --var-dir /tmp > /dev/null 2>&1");
  EXPECT_EQ(rc, 1) << "must exit with an error, not serve and not hang";
}


TEST(PostgresOutage, NodesKeepGettingAnswersAndTheirReportsLandWhenTheDatabaseIsBack) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::Server server(db);
  auto token = ts::login(server.port(), "admin", ts::kAdminPassword);
  auto n = register_node(server.port(), token, "node-1");
  ts::Postgres::instance().stop();
  for (int i = 0; i < 5; ++i) {
    auto r = report(server.port(), n, i % 2 == 0);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("power_on").as_bool(), i % 2 == 0) << "decided from memory during the outage";
  }
  ts::Postgres::instance().start();
  std::string count;
  for (int i = 0; i < 100 && count != "5"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    count = ts::sql(db, "SELECT COUNT(*) FROM status_logs");
  }
  EXPECT_EQ(count, "5") << server.log();
  EXPECT_EQ(ts::sql(db, "SELECT is_occupied FROM room_status"), "1") << "the last report wins";
}

TEST(TwoInstances, BehaveAsOneBehindALoadBalancer) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::Server a(db), b(db);
  auto token = ts::login(a.port(), "admin", ts::kAdminPassword);
  auto n = register_node(a.port(), token, "node-1");
  // A device registered on A authenticates on B.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(report(b.port(), n, true).status, 200);

  ts::WsClient ws_b(b.port(), "/api/ws?token=" + token);
  ASSERT_TRUE(ws_b.wait_for("hello", std::chrono::seconds(2)));
  ASSERT_EQ(report(a.port(), n, false).status, 200);
  EXPECT_TRUE(ws_b.wait_for("room_status", std::chrono::seconds(2))) << "a report on A reaches a dashboard on B";

  // A command given on A reaches a node long-polling B.
  ts::HttpResult polled;
  std::thread node([&] {
    polled = ts::http(b.port(), "GET", "/api/esp/commands?wait=10", "", {{"X-Device-ID", n.id}, {"X-API-Key", n.key}});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(ts::http_json(a.port(), "POST", "/api/admin/power/" + std::to_string(n.room), json::object{{"power_on", false}}, token).status, 200);
  node.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << "answered by the command, not the wait";
  ASSERT_EQ(polled.json().at("commands").as_array().size(), 1u) << polled.body;

  // A key rotated on A stops working on B at once.
  ASSERT_EQ(ts::http_json(a.port(), "POST", "/api/admin/devices/node-1/rotate-key", nullptr, token).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(report(b.port(), n, true).status, 401);
}

// The live campus is read a page at a time (5,000 rows): every device and room of a larger
// campus is known at start, with its room.
TEST(Startup, ACampusLargerThanOnePageIsLoadedWhole) {
  auto db = ts::fresh_db("postgresql");
  { ts::Server migrate(db); }
  ASSERT_EQ(ts::sql_with_errors(db,
          "INSERT INTO esp_devices (device_id, name, api_key_hash, created_at, updated_at) "
          "SELECT 'bulk-' || i, 'n', encode(sha256(convert_to('bulk-key-' || i || '-000000', 'UTF8')), 'hex'), 0, 0 "
          "FROM generate_series(1, 10003) AS i"), "");
  ASSERT_EQ(ts::sql_with_errors(db,
          "INSERT INTO classrooms (name, esp_device_id, created_at, updated_at) "
          "SELECT 'Bulk ' || i, 'bulk-' || i, 0, 0 FROM generate_series(1, 10003) AS i"), "");
  ASSERT_EQ(ts::sql_with_errors(db, "INSERT INTO room_status (classroom_id, updated_at) SELECT id, 0 FROM classrooms"), "");
  ts::Server server(db);
  for (int i : {1, 5000, 5001, 10003}) {
    NodeKey n{"bulk-" + std::to_string(i), "bulk-key-" + std::to_string(i) + "-000000", 0};
    auto r = report(server.port(), n, true);
    ASSERT_EQ(r.status, 200) << n.id << " " << r.body;
    EXPECT_NE(r.json().at("reason").as_string(), "no_room") << n.id << " is known with its room";
  }
  NodeKey wrong{"bulk-10003", "bulk-key-1-000000", 0};
  EXPECT_EQ(report(server.port(), wrong, true).status, 401) << "each device keeps its own key";
}

TEST(Startup, GeneratedJwtSecretIsPrivateAndKeptAcrossRestarts) {
  auto db = ts::fresh_db("sqlite");
  auto var = ts::make_temp_dir("classroom-var");
  auto start = [&] {
    auto dir = ts::make_temp_dir("classroomd-secret");
    return ts::run("cd " + dir + " && timeout 20 " + std::string(CLASSROOMD_BIN) + " serve --listen 127.0.0.1:0 --db " + db +
                   " --var-dir " + var + " --port-file " + dir + "/port > " + dir + "/log 2>&1 & sleep 1.5; kill %1");
  };
  start();
  struct stat st {};
  ASSERT_EQ(::stat((var + "/jwt-secret").c_str(), &st), 0) << "SQLite without --jwt-secret generates one";
  EXPECT_EQ(st.st_mode & 0777, 0600);
  std::ifstream in(var + "/jwt-secret");
  std::string first;
  std::getline(in, first);
  EXPECT_GE(first.size(), 32u);
  start();
  std::ifstream again(var + "/jwt-secret");
  std::string second;
  std::getline(again, second);
  EXPECT_EQ(first, second);
}

TEST(TwoInstances, ALostChangeNoteIsNoticedAndTheCampusReloaded) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::Server a(db), b(db);
  auto token = ts::login(a.port(), "admin", ts::kAdminPassword);
  auto n = register_node(a.port(), token, "node-1");
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    status = report(b.port(), n, true).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(status, 200) << "the device registered on A works on B";
  // A key revoked with its note lost on the way: the change is in the database and
  // counted, but no instance was told.
  ts::sql(db, "UPDATE esp_devices SET api_key_hash = 'revoked' WHERE device_id = 'node-1'");
  ts::sql(db, "UPDATE change_counter SET n = n + 1");
  auto refused_on = [&](ts::Server& s) {
    int got = 0;
    for (int i = 0; i < 150 && got != 401; ++i) {
      got = report(s.port(), n, true).status;
      if (got != 401) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return got;
  };
  EXPECT_EQ(refused_on(b), 401) << "B noticed the gap and reloaded\n" << b.log();
  EXPECT_EQ(refused_on(a), 401) << "and so did A\n" << a.log();
}
