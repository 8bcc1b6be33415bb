#include "fixture.hpp"

#include <cctype>

class HttpTest : public ApiTest {
  std::vector<std::string> server_args() override { return {"--cors-origin", "http://app.campus.test"}; }
};
CLASSROOM_INSTANTIATE(HttpTest);

TEST_P(HttpTest, HealthAndReadiness) {
  EXPECT_EQ(get("/healthz").status, 200);
  auto ready = get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json().at("status").as_string(), "ready");
}

TEST_P(HttpTest, TheApiDescriptionIsPublicAndCacheable) {
  auto r = get("/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "application/json");
  EXPECT_EQ(r.headers["cache-control"], "public, max-age=300");
  EXPECT_EQ(r.json().at("openapi").as_string(), "3.1.0");
  EXPECT_TRUE(r.json().at("paths").as_object().contains("/api/esp/status")) << "built into the binary, whole";
}

TEST_P(HttpTest, BrokenJsonAndWrongShapesAre400) {
  for (auto body : {"{", "[1,2]", "\"text\"", "42", "null", "{\"username\": }"}) {
    auto r = ts::http(port(), "POST", "/api/admin/users", body, {{"Authorization", "Bearer " + admin_}});
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.json().at("field").as_string(), "body") << body;
  }
  EXPECT_EQ(count("/api/admin/users"), 2u);
}

TEST_P(HttpTest, HugeBodyIs413) {
  std::string big = "{\"name\":\"" + std::string(70 * 1024, 'x') + "\"}";
  auto r = ts::http(port(), "POST", "/api/contact", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.error(), "Payload too large");
  EXPECT_EQ(count("/api/admin/contact-messages"), 0u);
}

TEST_P(HttpTest, AClientStillSendingARefusedBodyReadsThe413) {
  // 8 MB, far beyond what the kernel buffers: without a lingering close the server's
  // close would reset the connection while the client writes, and the 413 would be lost.
  std::string huge = "{\"name\":\"" + std::string(8 * 1024 * 1024, 'x') + "\"}";
  for (int i = 0; i < 3; ++i) {
    auto r = ts::http(port(), "POST", "/api/contact", huge);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.error(), "Payload too large");
  }
  EXPECT_EQ(count("/api/admin/contact-messages"), 0u);
}

TEST_P(HttpTest, UnknownPathsAndMethodsAnswerJson) {
  auto nf = get("/api/does-not-exist", admin_);
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.error(), "Not found");
  auto na = del("/api/auth/login");
  EXPECT_EQ(na.status, 405);
  EXPECT_EQ(na.headers["allow"], "POST");
  EXPECT_TRUE(na.json().as_object().contains("message"));
}

TEST_P(HttpTest, MalformedHttpIs400) {
  auto raw = ts::raw_exchange(port(), "GARBAGE\r\n\r\n");
  EXPECT_EQ(raw.rfind("HTTP/1.1 400 ", 0), 0u) << raw;
  EXPECT_NE(raw.find("\"error\""), std::string::npos) << "the JSON error shape: " << raw;
}

TEST_P(HttpTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::string two = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  auto raw = ts::raw_exchange(port(), two);
  std::size_t n = 0;
  for (auto p = raw.find("HTTP/1.1 200"); p != std::string::npos; p = raw.find("HTTP/1.1 200", p + 1)) ++n;
  EXPECT_EQ(n, 2u) << raw;
}

TEST_P(HttpTest, CorsAllowsOnlyConfiguredOrigins) {
  auto pre = ts::http(port(), "OPTIONS", "/api/admin/users", "",
                      {{"Origin", "http://app.campus.test"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.headers["access-control-allow-origin"], "http://app.campus.test");
  EXPECT_NE(pre.headers["access-control-allow-methods"].find("POST"), std::string::npos);
  auto evil = ts::http(port(), "OPTIONS", "/api/admin/users", "",
                       {{"Origin", "http://evil.test"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(evil.status, 403);
  EXPECT_TRUE(evil.headers["access-control-allow-origin"].empty());
  auto simple = ts::http(port(), "GET", "/healthz", "", {{"Origin", "http://app.campus.test"}});
  EXPECT_EQ(simple.headers["access-control-allow-origin"], "http://app.campus.test");
}

TEST_P(HttpTest, LogsCarryNoSecrets) {
  auto node = make_node("A101", "node-log");
  ts::login(port(), "admin", ts::kAdminPassword);
  auto log = server_->log();
  EXPECT_EQ(log.find(ts::kAdminPassword), std::string::npos);
  EXPECT_EQ(log.find(admin_), std::string::npos);
  EXPECT_EQ(log.find(node.api_key), std::string::npos);
  EXPECT_EQ(log.find(ts::kJwtSecret), std::string::npos);
  EXPECT_NE(log.find("route=/api/auth/login"), std::string::npos);
}

TEST(Cli, VersionNamesTheReleaseAndTheCommit) {
  std::string out;
  if (FILE* p = popen((std::string(CLASSROOMD_BIN) + " --version").c_str(), "r")) {
    char buf[256];
    while (auto n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    EXPECT_EQ(pclose(p), 0);
  }
  ASSERT_FALSE(out.empty());
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(out[0]))) << out;
  EXPECT_NE(out.find("+git"), std::string::npos) << "built from a checkout: the commit is named: " << out;
}
