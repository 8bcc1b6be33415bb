#include "fixture.hpp"

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
