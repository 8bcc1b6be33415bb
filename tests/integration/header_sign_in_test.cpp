// Sign-in by the proxy in front (Shibboleth, mellon): the user and groups headers are
// believed only on connections from a --trusted-proxy.
#include "booking_fixture.hpp"

#include <gmock/gmock.h>

#include <algorithm>

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

TEST_P(HeaderSignInTest, ARoomForOneDirectoryGroupIsBookedOnlyByItsMembers) {
  auto lab = post("/api/admin/classrooms",
                  json::object{{"name", "Physics lab"}, {"capacity", 20}, {"allowed_groups", json::array{"physics"}}}, admin_);
  ASSERT_EQ(lab.status, 201) << lab.body;
  EXPECT_EQ(lab.json().at("allowed_groups"), (json::array{"physics"}));
  auto room = lab.json().at("id").as_int64();
  auto start = ts::now() + 2 * 86400;
  auto book = [&](const std::string& token, std::int64_t offset) {
    return post("/api/staff/bookings",
                json::object{{"classroom_id", room}, {"title", "Lab"}, {"start_time", ts::iso_utc(start + offset)},
                             {"end_time", ts::iso_utc(start + offset + 3600)}},
                token);
  };
  auto token_of = [](const ts::HttpResult& r) { return std::string(r.json().at("access_token").as_string()); };

  // The rule names the group as --role-map does: "physics" is cn=physics,...
  auto member = header_login("ada@uni.example", "teaching; cn=physics,ou=groups,dc=uni");
  ASSERT_EQ(member.status, 200) << member.body;
  EXPECT_EQ(book(token_of(member), 0).status, 201);
  auto outsider = header_login("bob@uni.example", "teaching");
  ASSERT_EQ(outsider.status, 200) << outsider.body;
  auto refused = book(token_of(outsider), 7200);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(str(refused.json(), "field"), "allowed_groups");
  EXPECT_THAT(refused.body, ::testing::HasSubstr("members of the directory groups physics"));
  EXPECT_EQ(book(staff_, 7200).status, 400) << "a local account is in no directory group";
  EXPECT_EQ(book(admin_, 7200).status, 201) << "admins are never refused by a rule";

  auto users = get("/api/admin/users", admin_).json().as_array();
  auto ada = std::find_if(users.begin(), users.end(), [](const auto& u) { return u.at("username") == "ada@uni.example"; });
  ASSERT_NE(ada, users.end());
  EXPECT_EQ(ada->at("directory_groups"), (json::array{"teaching", "cn=physics,ou=groups,dc=uni"}));

  // Groups are read at each sign-in: out of the group, out of the room.
  auto later = header_login("ada@uni.example", "teaching");
  ASSERT_EQ(later.status, 200) << later.body;
  EXPECT_EQ(str(book(token_of(later), 4 * 3600).json(), "field"), "allowed_groups");

  // Bad rules change nothing.
  for (const auto& bad : {json::value("physics"), json::value(json::array{1}), json::value(json::array{"a\nb"}),
                          json::value(json::array{""})}) {
    auto r = put("/api/admin/classrooms/" + std::to_string(room), json::object{{"allowed_groups", bad}}, admin_);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(str(r.json(), "field"), "allowed_groups");
  }
  auto rooms = get("/api/admin/classrooms", admin_).json().as_array();
  auto stored = std::find_if(rooms.begin(), rooms.end(), [&](const auto& c) { return c.at("id").as_int64() == room; });
  ASSERT_NE(stored, rooms.end());
  EXPECT_EQ(stored->at("allowed_groups"), (json::array{"physics"}));
  // Cleared: anyone of the allowed roles again.
  auto cleared = put("/api/admin/classrooms/" + std::to_string(room), json::object{{"allowed_groups", nullptr}}, admin_);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(book(staff_, 6 * 3600).status, 201);
}
