// --log-format json: every line the server writes is one JSON object for log shippers.
#include "nodes.hpp"

#include <fstream>
#include <sstream>

namespace {

// Every line of `log` parsed; a line that is not a JSON object fails the test.
std::vector<json::object> json_lines(const std::string& log) {
  std::vector<json::object> out;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    boost::system::error_code ec;
    auto v = json::parse(line, ec);
    EXPECT_TRUE(!ec && v.is_object()) << "not a JSON object: " << line;
    if (!ec && v.is_object()) out.push_back(v.as_object());
  }
  return out;
}

const json::object* find_event(const std::vector<json::object>& lines, const std::string& event) {
  for (auto& l : lines)
    if (l.contains("event") && l.at("event") == event.c_str()) return &l;
  return nullptr;
}

}  // namespace

class JsonLogTest : public ApiTest {
  std::vector<std::string> server_args() override { return {"--log-format", "json", "--log-level", "debug"}; }
};
CLASSROOM_INSTANTIATE(JsonLogTest);

TEST_P(JsonLogTest, EveryLineIsAnObjectWithTheEventsFieldsAndNoCredentials) {
  auto n = register_node(port(), admin_, "node-1");
  ASSERT_EQ(report(port(), n, true, 1).status, 200);
  ASSERT_EQ(post("/api/auth/login", json::object{{"username", "admin"}, {"password", "wrong-password-9"}}).status, 401);
  { ts::WsClient ws(port(), "/api/ws?token=" + admin_); }
  ASSERT_EQ(server_->stop(), 0);
  auto log = server_->log();
  auto lines = json_lines(log);
  ASSERT_GT(lines.size(), 5u) << log;
  for (auto& l : lines) {
    EXPECT_TRUE(l.contains("ts") && l.at("ts").is_string()) << json::serialize(l);
    EXPECT_TRUE(l.contains("level") && l.at("level").is_string()) << json::serialize(l);
    EXPECT_TRUE(l.contains("event") || l.contains("msg")) << json::serialize(l);
  }
  auto listening = find_event(lines, "listening");
  ASSERT_TRUE(listening) << log;
  EXPECT_EQ(listening->at("level"), "info");
  EXPECT_EQ(listening->at("address").as_string(), "127.0.0.1:" + std::to_string(port()));
  // A node's report is logged at debug, with its status and duration as numbers.
  bool esp_logged = false;
  for (auto& l : lines)
    if (l.contains("route") && l.at("route") == "/api/esp/status") {
      esp_logged = true;
      EXPECT_EQ(l.at("level"), "debug");
      EXPECT_EQ(l.at("status"), 200);
      EXPECT_TRUE(l.at("us").is_int64());
    }
  EXPECT_TRUE(esp_logged) << log;
  EXPECT_TRUE(find_event(lines, "ws_open")) << log;
  EXPECT_TRUE(find_event(lines, "stopped")) << log;
  for (const auto& secret : {admin_, staff_, n.key, ts::kAdminPassword, std::string("wrong-password-9"), ts::kJwtSecret})
    EXPECT_EQ(log.find(secret), std::string::npos) << "a credential in the log: " << secret;
}

TEST(JsonLog, IsChosenByTheEnvironmentForEveryCommandAndOtherNamesAreRefused) {
  auto dir = ts::make_temp_dir("jsonlog");
  auto db = "sqlite:" + dir + "/c.db";
  ASSERT_EQ(ts::run("CLASSROOM_LOG_FORMAT=json " + std::string(CLASSROOMD_BIN) + " seed-demo --db " + db + " --var-dir " +
                    dir + "/var --rooms 2 > " + dir + "/out 2>&1"),
            0);
  // The command's own output (what it made, the demo login) shares stdout with the log.
  std::ifstream in(dir + "/out");
  std::stringstream out;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("demo campus:", 0) != 0 && line.rfind("admin login:", 0) != 0) out << line << "\n";
  auto lines = json_lines(out.str());
  EXPECT_TRUE(find_event(lines, "migration_applied")) << out.str();
  // The default stays the key=value text.
  ASSERT_EQ(ts::run(std::string(CLASSROOMD_BIN) + " seed-demo --db sqlite:" + dir + "/d.db --var-dir " + dir +
                    "/var2 --rooms 2 > " + dir + "/text 2>&1"),
            0);
  std::ifstream text_in(dir + "/text");
  std::string first;
  std::getline(text_in, first);
  EXPECT_NE(first.find(" level=info event=migration_applied"), std::string::npos) << first;
  // A format it does not know: refused before anything is written.
  EXPECT_NE(ts::run(std::string(CLASSROOMD_BIN) + " serve --log-format xml --db sqlite:" + dir + "/e.db > " + dir +
                    "/bad 2>&1"),
            0);
  std::ifstream bad_in(dir + "/bad");
  std::stringstream bad;
  bad << bad_in.rdbuf();
  EXPECT_NE(bad.str().find("--log-format"), std::string::npos) << bad.str();
  EXPECT_EQ(ts::run("test -e " + dir + "/e.db"), 1) << "nothing is created";
}
