// GET /metrics: Prometheus text for the addresses of --metrics-allow (loopback by default).
#include "nodes.hpp"

#include <fstream>
#include <regex>
#include <sstream>

class MetricsTest : public ApiTest {};
CLASSROOM_INSTANTIATE(MetricsTest);

TEST_P(MetricsTest, CountsReportsDecisionsAndRequestsInPrometheusText) {
  auto n = register_node(port(), admin_, "node-1");
  for (int seq = 1; seq <= 3; ++seq) ASSERT_EQ(report(port(), n, seq == 2, seq).status, 200);
  ASSERT_EQ(report(port(), n, true, 3).status, 200);  // a resend
  auto m = ts::http(port(), "GET", "/metrics");
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(m.headers["content-type"].rfind("text/plain; version=0.0.4", 0), 0u);
  // Every line is a comment or `name{labels} value` (what promtool accepts).
  std::regex sample(R"(^[a-z_:][a-z0-9_:]*(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? -?[0-9.e+]+$)");
  std::istringstream lines(m.body);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line[0] != '#') EXPECT_TRUE(std::regex_match(line, sample)) << line;
  EXPECT_NE(m.body.find("classroom_reports_total{outcome=\"stored\"} 3\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("classroom_reports_total{outcome=\"duplicate\"} 1\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("classroom_power_decisions_total{reason=\"occupied\"}"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("classroom_http_requests_total{route=\"/api/esp/status\",status=\"200\"} 4\n"),
            std::string::npos) << m.body;
  EXPECT_NE(m.body.find("classroom_devices_online 1\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("# TYPE classroom_journal_bytes gauge"), std::string::npos);
  EXPECT_NE(m.body.find("# TYPE classroom_db_seconds histogram"), std::string::npos);
  EXPECT_NE(m.body.find("classroom_db_seconds_bucket{op=\"write\",le=\"+Inf\"}"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("classroom_devices_active 1\n"), std::string::npos) << m.body;
  EXPECT_EQ(m.body.find(n.key), std::string::npos) << "no secrets";
}

TEST(Metrics, AreRefusedToAddressesOutsideMetricsAllow) {
  auto db = ts::fresh_db("sqlite");
  ts::Server server(db, {"--metrics-allow", "10.0.0.0/8"});
  auto m = ts::http(server.port(), "GET", "/metrics");
  EXPECT_EQ(m.status, 403) << m.body;
  EXPECT_EQ(m.body.find("classroom_"), std::string::npos);
}

TEST(Metrics, AndHealthAreAnsweredWhenTheServerAlsoServesTheWebApp) {
  auto web = ts::make_temp_dir("web");
  std::ofstream(web + "/index.html") << "<!doctype html><title>app</title>\n";
  ts::Server server(ts::fresh_db("sqlite"), {"--web-root", web});
  auto m = ts::http(server.port(), "GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_EQ(m.headers["content-type"].rfind("text/plain; version=0.0.4", 0), 0u) << m.body;
  EXPECT_NE(m.body.find("# TYPE classroom_db_seconds histogram"), std::string::npos) << m.body;
  auto h = ts::http(server.port(), "GET", "/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body.find("<!doctype"), std::string::npos) << h.body;
  auto app = ts::http(server.port(), "GET", "/admin/users");
  EXPECT_EQ(app.status, 200);
  EXPECT_NE(app.body.find("<title>app</title>"), std::string::npos) << "client-side routes still get the app";
}
