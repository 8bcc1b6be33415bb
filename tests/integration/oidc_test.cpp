// Single sign-on against a real OpenID provider (oidc-provider under Node): the browser's
// code flow over HTTP, the one-time hand-over to the web app, and each way an ID token
// or the provider can be wrong. The provider stamps its tokens with the real clock and
// the server checks them against the real clock (not the pinned campus clock of the
// tests), so nothing here depends on today's date; "expired" and "issued in the future"
// tokens are made relative to the provider's now.
#include "fixture.hpp"
#include "oidc_provider.hpp"

namespace {

// The address browsers use for the server; the test's browser maps it to the port.
const std::string kPublicUrl = "http://rooms.uni.example";

}  // namespace

class OidcTest : public ApiTest {
 protected:
  void SetUp() override {
    provider_ = std::make_unique<ts::OidcProvider>(kPublicUrl + "/api/auth/oidc/callback", ts::OidcProvider::Options{});
    provider_->set_user("jdoe", {"students", "it-admins"});
    ApiTest::SetUp();
  }
  void TearDown() override {
    ApiTest::TearDown();
    if (HasFailure() && provider_) std::cerr << "--- provider log ---\n" << provider_->log() << "\n";
  }
  std::vector<std::string> server_args() override {
    if (!enabled_) return {"--role-map", "it-admins=admin"};
    return {"--oidc-issuer", provider_->issuer(), "--oidc-client-id", provider_->client_id(),
            "--oidc-client-secret-file", provider_->client_secret_file(), "--public-url", kPublicUrl,
            "--role-map", "it-admins=admin", "--role-map", "teaching=staff"};
  }
  // The browser's way to the callback, and the callback's answer.
  ts::HttpResult callback(const std::string& login, const std::string& next = "/admin") {
    ts::HttpResult refused;
    auto target = ts::authorize(port(), kPublicUrl, *provider_, next, login, &refused);
    if (target.empty()) return refused;
    last_callback_ = target;
    return ts::http(port(), "GET", target);
  }
  // The whole sign-in as the web app finishes it: the session (or the refusal).
  ts::HttpResult sign_in(const std::string& login, const std::string& next = "/admin") {
    auto back = callback(login, next);
    if (back.status != 302) return back;
    auto location = back.headers.at("location");
    EXPECT_EQ(location.rfind(kPublicUrl + "/signin#sso=", 0), 0u) << location;
    auto code = location.substr(location.find("#sso=") + 5);
    return post("/api/auth/oidc/session", json::object{{"code", code}});
  }
  std::string diagnostics_error(const std::string& username) {
    auto d = get("/api/admin/auth/diagnostics?username=" + username, admin_);
    EXPECT_EQ(d.status, 200) << d.body;
    return d.status == 200 ? std::string(d.json().at("error").as_string()) : "";
  }
  std::string users() { return ts::sql(db_, "SELECT COUNT(*) FROM users"); }

  std::unique_ptr<ts::OidcProvider> provider_;
  std::string last_callback_;
  bool enabled_ = true;
};
CLASSROOM_INSTANTIATE(OidcTest);

TEST_P(OidcTest, FirstSignInCreatesTheAccountWithTheMappedRoleAndHandsTheSessionToTheWebApp) {
  auto methods = get("/api/auth/methods");
  ASSERT_EQ(methods.status, 200) << methods.body;
  EXPECT_TRUE(methods.json().at("oidc").as_bool());
  EXPECT_FALSE(methods.json().at("header").as_bool());

  auto back = callback("jdoe", "/admin/rooms?view=map");
  ASSERT_EQ(back.status, 302) << back.body;
  auto location = back.headers.at("location");
  EXPECT_EQ(location.find("token"), std::string::npos) << "only a one-time code, in the fragment: " << location;
  EXPECT_EQ(location.find('?'), std::string::npos) << location;
  auto code = location.substr(location.find("#sso=") + 5);

  auto session = post("/api/auth/oidc/session", json::object{{"code", code}});
  ASSERT_EQ(session.status, 200) << session.body;
  auto user = session.json().at("user");
  EXPECT_EQ(user.at("username").as_string(), "jdoe");
  EXPECT_EQ(user.at("role").as_string(), "admin");
  EXPECT_EQ(user.at("source").as_string(), "oidc");
  EXPECT_EQ(user.at("email").as_string(), "jdoe@uni.example");
  EXPECT_EQ(session.json().at("next").as_string(), "/admin/rooms?view=map");
  auto token = std::string(session.json().at("access_token").as_string());
  EXPECT_EQ(get("/api/admin/users", token).status, 200) << "an admin who was never created locally";

  EXPECT_EQ(post("/api/auth/oidc/session", json::object{{"code", code}}).status, 401) << "the code is good once";
  auto d = get("/api/admin/auth/diagnostics?username=jdoe", admin_);
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.json().at("source").as_string(), "oidc");
  EXPECT_EQ(d.json().at("role").as_string(), "admin");
  EXPECT_EQ(d.json().at("outcome").as_string(), "signed_in");
  EXPECT_NE(d.body.find("it-admins"), std::string::npos) << d.body;
  EXPECT_EQ(d.body.find("eyJ"), std::string::npos) << "no token in the diagnostics: " << d.body;
  EXPECT_EQ(server_->log().find(code), std::string::npos) << "no hand-over code in the log";
  EXPECT_EQ(server_->log().find("eyJ"), std::string::npos) << "no token in the log";
}

TEST_P(OidcTest, TheRoleIsRecomputedAtTheNextSignInAndAUserInNoMappedGroupIsRefusedAndDeactivated) {
  auto first = sign_in("jdoe");
  ASSERT_EQ(first.status, 200) << first.body;
  auto admin_token = std::string(first.json().at("access_token").as_string());

  provider_->set_user("jdoe", {"teaching"});
  auto second = sign_in("jdoe");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json().at("user").at("role").as_string(), "staff");
  EXPECT_EQ(get("/api/auth/me", admin_token).status, 401) << "the admin session ended with the role";

  provider_->set_user("jdoe", {"students"});
  auto refused = sign_in("jdoe");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(ts::sql(db_, "SELECT is_active FROM users WHERE username = 'jdoe'"), ts::sql(db_, "SELECT 0"));
  EXPECT_EQ(diagnostics_error("jdoe"), "no group matched");

  // A browser is shown a page with the reason and the way back, with the same status.
  auto target = ts::authorize(port(), kPublicUrl, *provider_, "/admin", "jdoe");
  auto page = ts::http(port(), "GET", target, "", {{"Accept", "text/html,application/xhtml+xml"}});
  EXPECT_EQ(page.status, 403) << page.body;
  EXPECT_EQ(page.headers["content-type"].rfind("text/html", 0), 0u) << page.headers["content-type"];
  EXPECT_NE(page.body.find("in no group that may use this service"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("href=\"/signin\""), std::string::npos) << page.body;
}

TEST_P(OidcTest, AReturnPageOnAnotherSiteBecomesTheHomePage) {
  auto session = sign_in("jdoe", "https://evil.example/steal");
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(session.json().at("next").as_string(), "/");
  auto again = sign_in("jdoe", "//evil.example");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("next").as_string(), "/");
}

TEST_P(OidcTest, ATamperedIdTokenSignatureIsRefusedAndNothingCreated) {
  auto before = users();
  provider_->spoil("tamper-signature");
  auto r = callback("jdoe");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_NE(r.body.find("signature"), std::string::npos) << r.body;
  EXPECT_EQ(users(), before);
  EXPECT_NE(diagnostics_error("jdoe").find("signature does not verify"), std::string::npos);
}

TEST_P(OidcTest, AnIdTokenForAnotherClientIsRefused) {
  provider_->spoil("wrong-aud");
  auto r = callback("jdoe");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_NE(diagnostics_error("jdoe").find("wrong audience 'another-client'"), std::string::npos);
}

TEST_P(OidcTest, AnExpiredIdTokenOrOneFromAClockFarAheadIsRefused) {
  provider_->spoil("expired");
  auto r = callback("jdoe");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_NE(diagnostics_error("jdoe").find("expired"), std::string::npos);
  provider_->spoil("iat-future");
  auto ahead = callback("jdoe");
  EXPECT_EQ(ahead.status, 401) << ahead.body;
  auto error = diagnostics_error("jdoe");
  // 400 s, less the seconds the flow took between the provider's stamp and the server's check.
  auto at = error.find("clock skew ");
  ASSERT_NE(at, std::string::npos) << error;
  auto skew = std::stoi(error.substr(at + 11));
  EXPECT_GE(skew, 395) << error;
  EXPECT_LE(skew, 400) << error;
}

TEST_P(OidcTest, AReplayedStateIsRefused) {
  auto first = callback("jdoe");
  ASSERT_EQ(first.status, 302) << first.body;
  auto replay = ts::http(port(), "GET", last_callback_);
  EXPECT_EQ(replay.status, 401) << replay.body;
  EXPECT_NE(replay.body.find("replayed state"), std::string::npos) << replay.body;
  auto made_up = ts::http(port(), "GET", "/api/auth/oidc/callback?code=x&state=made-up");
  EXPECT_EQ(made_up.status, 401) << made_up.body;
  EXPECT_NE(made_up.body.find("unknown state"), std::string::npos) << made_up.body;
}

TEST_P(OidcTest, AfterTheProviderRotatesItsKeysTheNewKeyIsFetched) {
  ASSERT_EQ(sign_in("jdoe").status, 200);
  provider_->restart({"ES256", "key-2-ec"});  // a new kid, and another algorithm too
  auto r = sign_in("jdoe");
  EXPECT_EQ(r.status, 200) << r.body;
  auto log = server_->log();
  std::size_t fetches = 0;
  for (auto p = log.find("event=oidc_jwks url="); p != std::string::npos; p = log.find("event=oidc_jwks url=", p + 1)) ++fetches;
  EXPECT_EQ(fetches, 2u) << "fetched at the first sign-in, and again for the new kid";
}

TEST_P(OidcTest, AUserWhoDeclinesAtTheProviderIsRefusedWithItsReason) {
  auto before = users();
  auto target = ts::authorize(port(), kPublicUrl, *provider_, "/admin", "jdoe", nullptr, true);
  ASSERT_NE(target.find("error=access_denied"), std::string::npos) << target;
  auto r = ts::http(port(), "GET", target);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("access_denied"), std::string::npos) << r.body;
  EXPECT_EQ(users(), before);
}

TEST_P(OidcTest, AJwksWithoutTheTokensKeyIsRefused) {
  provider_->spoil("jwks-other");
  auto r = callback("jdoe");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_NE(diagnostics_error("jdoe").find("holds no key 'key-1'"), std::string::npos);
}

TEST_P(OidcTest, AProviderThatDoesNotAnswerIsA503) {
  ts::HttpResult refused;
  provider_->set_user("jdoe", {"it-admins"});
  // Down after the browser signed in there: the code cannot be exchanged.
  auto target = ts::authorize(port(), kPublicUrl, *provider_, "/admin", "jdoe", &refused);
  ASSERT_FALSE(target.empty()) << refused.body;
  provider_->stop();
  auto r = ts::http(port(), "GET", target);
  EXPECT_EQ(r.status, 503) << r.body;
  // Down from the start: no discovery document.
  restart_server();
  auto start = ts::http(port(), "GET", "/api/auth/oidc/login?next=/admin");
  EXPECT_EQ(start.status, 503) << start.body;
  EXPECT_NE(start.body.find("does not answer"), std::string::npos) << start.body;
}

TEST_P(OidcTest, ASignInBegunOnOneInstanceFinishesOnAnother) {
  ts::Server other(db_, server_args());  // a second instance on the same database
  auto target = ts::authorize(port(), kPublicUrl, *provider_, "/admin", "jdoe");
  ASSERT_FALSE(target.empty());
  auto back = ts::http(other.port(), "GET", target);
  ASSERT_EQ(back.status, 302) << back.body << other.log();
  auto location = back.headers.at("location");
  auto code = location.substr(location.find("#sso=") + 5);
  auto session = post("/api/auth/oidc/session", json::object{{"code", code}});  // and back on the first
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(session.json().at("user").at("role").as_string(), "admin");
}

TEST_P(OidcTest, ThePageOffersWhatTheServerIsConfiguredFor) {
  enabled_ = false;
  restart_server();
  auto methods = get("/api/auth/methods");
  ASSERT_EQ(methods.status, 200) << methods.body;
  EXPECT_FALSE(methods.json().at("oidc").as_bool());
  EXPECT_TRUE(methods.json().at("password").as_bool());
  EXPECT_EQ(ts::http(port(), "GET", "/api/auth/oidc/login").status, 404);
  EXPECT_EQ(ts::http(port(), "GET", "/api/auth/oidc/callback?state=x&code=y").status, 404);
  EXPECT_EQ(post("/api/auth/oidc/session", json::object{{"code", "x"}}).status, 404);
}

TEST_P(OidcTest, AProviderWhoseCertificateIsNotTrustedIsRefused) {
  ts::OidcProvider::Options tls;
  tls.tls = true;  // https:// with a self-signed certificate
  provider_->restart(tls);
  restart_server();
  auto start = ts::http(port(), "GET", "/api/auth/oidc/login?next=/admin");
  EXPECT_EQ(start.status, 503) << start.body;
  EXPECT_NE(start.body.find("certificate is not trusted"), std::string::npos) << start.body;
  EXPECT_NE(server_->log().find("event=oidc_discovery_failed"), std::string::npos);
}
