// Sign-in by the proxy in front (Shibboleth, mellon): the user and groups headers are
// believed only on connections from a --trusted-proxy.
#include "fixture.hpp"

class HeaderSignInTest : public ApiTest {
 protected:
  std::vector<std::string> server_args() override {
    std::vector<std::string> args = {"--role-map", "cn=it-admins,ou=groups,dc=uni=admin", "--role-map", "teaching=staff"};
    if (enabled_) args.insert(args.end(), {"--auth-header", "X-Remote-User", "--groups-header", "X-Remote-Groups"});
    args.insert(args.end(), {"--trusted-proxy", trusted_});
    return args;
  }
  ts::HttpResult header_login(const std::string& user, const std::string& groups) {
    std::vector<ts::Header> headers = {{"X-Remote-User", user}, {"X-Remote-Groups", groups}};
    return ts::http(port(), "POST", "/api/auth/header-login", "", headers);
  }
  std::string user_count() { return ts::sql(db_, "SELECT COUNT(*) FROM users"); }
  std::string trusted_ = "127.0.0.1/32";
  bool enabled_ = true;
};
CLASSROOM_INSTANTIATE(HeaderSignInTest);

TEST_P(HeaderSignInTest, TheProxysUserSignsInWithTheRoleOfTheGroupsItSent) {
  auto r = header_login("jdoe@uni.example", "cn=students,ou=groups,dc=uni; cn=it-admins,ou=groups,dc=uni");
  ASSERT_EQ(r.status, 200) << r.body;
  auto user = r.json().at("user");
  EXPECT_EQ(user.at("username").as_string(), "jdoe@uni.example");
  EXPECT_EQ(user.at("role").as_string(), "admin");
  EXPECT_EQ(user.at("source").as_string(), "header");
  auto token = std::string(r.json().at("access_token").as_string());
  EXPECT_EQ(get("/api/admin/users", token).status, 200) << "lands as an admin";

  auto again = header_login("jdoe@uni.example", "teaching");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("user").at("role").as_string(), "staff") << "roles are recomputed at each sign-in";
  EXPECT_EQ(get("/api/auth/me", token).status, 401) << "the admin token ended with the role";

  auto refused = header_login("jdoe@uni.example", "cn=students,ou=groups,dc=uni");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(ts::sql(db_, "SELECT is_active FROM users WHERE username = 'jdoe@uni.example'"), ts::sql(db_, "SELECT 0"));
  auto diag = get("/api/admin/auth/diagnostics?username=jdoe@uni.example", admin_);
  ASSERT_EQ(diag.status, 200) << diag.body;
  EXPECT_EQ(diag.json().at("source").as_string(), "header");
  EXPECT_EQ(diag.json().at("error").as_string(), "no group matched");
}

TEST_P(HeaderSignInTest, AHeaderWithoutAUserOrNamingALocalAccountIsRefused) {
  auto before = user_count();
  EXPECT_EQ(ts::http(port(), "POST", "/api/auth/header-login").status, 401);
  EXPECT_EQ(header_login("admin", "cn=it-admins,ou=groups,dc=uni").status, 403)
      << "a header never signs in a local account";
  EXPECT_EQ(header_login("nobody", "").status, 403) << "no group, --sso-default-role none";
  EXPECT_EQ(header_login(std::string(300, 'x'), "teaching").status, 400);
  EXPECT_EQ(user_count(), before);
}

TEST_P(HeaderSignInTest, AForgedHeaderFromAPeerThatIsNoTrustedProxyIsRefused) {
  trusted_ = "10.0.0.0/8";  // the test connects from 127.0.0.1: not a trusted proxy
  restart_server();
  auto before = user_count();
  auto r = header_login("mallory", "cn=it-admins,ou=groups,dc=uni");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("trusted proxy"), std::string::npos) << r.body;
  // Nor does the header stand for a session anywhere else.
  std::vector<ts::Header> forged = {{"X-Remote-User", "admin"}, {"X-Remote-Groups", "cn=it-admins,ou=groups,dc=uni"}};
  EXPECT_EQ(ts::http(port(), "GET", "/api/admin/users", "", forged).status, 401);
  EXPECT_EQ(user_count(), before);
}

TEST_P(HeaderSignInTest, WithoutAuthHeaderTheRouteIsOff) {
  enabled_ = false;
  restart_server();
  EXPECT_EQ(header_login("jdoe", "teaching").status, 404);
}
