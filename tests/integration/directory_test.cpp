// Campus directory sign-in against a real slapd: OpenLDAP's shape (groups found by a
// search for `member`) and Active Directory's (`sAMAccountName`, `memberOf`).
#include "fixture.hpp"
#include "slapd.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>

namespace {

const std::string kGroups = std::string("ou=groups,") + ts::Slapd::kBase;

std::vector<std::string> role_map() {
  return {"--role-map", "cn=it-admins," + kGroups + "=admin", "--role-map", "teaching=staff", "--role-map",
          "facilities-north=approver:building/North Hall"};
}

}  // namespace

// Parameter: "<backend>_<shape>", shape "openldap" or "ad".
class DirectoryTest : public ApiTest {
 protected:
  void SetUp() override {
    slapd_ = std::make_unique<ts::Slapd>(ts::SlapdOptions{ad(), false});
    ApiTest::SetUp();
  }
  std::string backend() const override { return GetParam().substr(0, GetParam().find('_')); }
  bool ad() const { return GetParam().ends_with("_ad"); }
  std::vector<std::string> server_args() override {
    std::vector<std::string> args = {"--ldap-url", url_.empty() ? slapd_->url() : url_, "--ldap-bind-dn", ts::Slapd::kServiceDn,
                                     "--ldap-bind-password-file", slapd_->password_file(), "--ldap-base-dn",
                                     ts::Slapd::kBase};
    if (ad()) {
      args.insert(args.end(), {"--ldap-user-filter", "(&(objectClass=adUser)(sAMAccountName={username}))"});
    } else {
      args.insert(args.end(), {"--ldap-group-filter", "(&(objectClass=groupOfNames)(member={dn}))",
                               "--ldap-group-base-dn", kGroups});
    }
    auto map = role_map();
    args.insert(args.end(), map.begin(), map.end());
    args.insert(args.end(), extra_.begin(), extra_.end());
    return args;
  }
  ts::HttpResult sign_in(const std::string& username, const std::string& password = ts::Slapd::kPassword) {
    return post("/api/auth/login", json::object{{"username", username}, {"password", password}});
  }
  std::string token_of(const ts::HttpResult& r) { return std::string(r.json().at("access_token").as_string()); }
  std::string user_count() { return ts::sql(db_, "SELECT COUNT(*) FROM users"); }
  // Makes `uid` a member of `group` only (the directory's own way for each shape).
  void move_to_group(const std::string& uid, const std::string& from, const std::string& to) {
    std::string dn = ad() ? "cn=" + display_name(uid) + ",ou=people," + ts::Slapd::kBase
                          : "uid=" + uid + ",ou=people," + ts::Slapd::kBase;
    if (ad()) {
      slapd_->modify("dn: " + dn + "\nchangetype: modify\n" +
                     (to.empty() ? "delete: memberOf\n" : "replace: memberOf\nmemberOf: cn=" + to + "," + kGroups + "\n"));
      return;
    }
    if (!from.empty())
      slapd_->modify("dn: cn=" + from + "," + kGroups + "\nchangetype: modify\ndelete: member\nmember: " + dn + "\n");
    if (!to.empty()) slapd_->modify("dn: cn=" + to + "," + kGroups + "\nchangetype: modify\nadd: member\nmember: " + dn + "\n");
  }
  static std::string display_name(const std::string& uid) { return uid == "bob" ? "Bob Teacher" : "Alice Admin"; }

  std::unique_ptr<ts::Slapd> slapd_;
  std::string url_;  // instead of slapd's
  std::vector<std::string> extra_;
};

INSTANTIATE_TEST_SUITE_P(Db, DirectoryTest,
                         ::testing::Values(std::string("sqlite_openldap"), std::string("sqlite_ad"),
                                           std::string("postgresql_openldap"), std::string("postgresql_ad")),
                         [](const auto& info) { return info.param; });

TEST_P(DirectoryTest, FirstSignInCreatesTheAccountWithTheRoleOfItsGroups) {
  auto before = std::stoi(user_count());
  auto alice = sign_in("alice");
  ASSERT_EQ(alice.status, 200) << alice.body;
  auto user = alice.json().at("user");
  EXPECT_EQ(user.at("role").as_string(), "admin");
  EXPECT_EQ(user.at("source").as_string(), "ldap");
  EXPECT_EQ(user.at("email").as_string(), "alice@uni.example");
  EXPECT_EQ(get("/api/admin/users", token_of(alice)).status, 200) << "a directory admin uses the admin routes";
  EXPECT_EQ(std::stoi(user_count()), before + 1);
  EXPECT_EQ(ts::sql(db_, "SELECT password_hash FROM users WHERE username = 'alice'"), "") << "no local password";

  auto bob = sign_in("bob");
  ASSERT_EQ(bob.status, 200) << bob.body;
  EXPECT_EQ(bob.json().at("user").at("role").as_string(), "staff");
  EXPECT_EQ(get("/api/admin/users", token_of(bob)).status, 403);
  auto room = post("/api/admin/classrooms", json::object{{"name", "A101"}, {"capacity", 30}}, admin_);
  ASSERT_EQ(room.status, 201) << room.body;
  auto booked = post("/api/staff/bookings",
                     json::object{{"classroom_id", room.json().at("id")}, {"start_time", "2027-03-10T09:00:00Z"},
                                  {"end_time", "2027-03-10T10:00:00Z"}, {"title", "Seminar"}},
                     token_of(bob));
  EXPECT_EQ(booked.status, 201) << "a staff member from the directory books a room: " << booked.body;

  EXPECT_EQ(sign_in("alice").status, 200) << "the second sign-in finds the account";
  EXPECT_EQ(std::stoi(user_count()), before + 2);
}

TEST_P(DirectoryTest, AnApproverSignsInWithTheScopeItsGroupGives) {
  auto dave = sign_in("dave");
  ASSERT_EQ(dave.status, 200) << dave.body;
  auto user = dave.json().at("user");
  EXPECT_EQ(user.at("role").as_string(), "staff");
  EXPECT_EQ(user.at("approver_scopes"), json::value(json::array{"building/North Hall"}));
  EXPECT_EQ(get("/api/staff/classrooms", token_of(dave)).status, 200);
}

TEST_P(DirectoryTest, ARoleChangeInTheDirectoryIsPickedUpAtTheNextSignIn) {
  auto first = sign_in("bob");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json().at("user").at("role").as_string(), "staff");
  move_to_group("bob", "teaching", "it-admins");
  auto second = sign_in("bob");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json().at("user").at("role").as_string(), "admin");
  EXPECT_EQ(get("/api/admin/users", token_of(second)).status, 200);
  EXPECT_EQ(get("/api/auth/me", token_of(first)).status, 401) << "the staff token ended with the role change";
}

TEST_P(DirectoryTest, LeavingEveryMappedGroupRefusesAndDeactivatesTheAccount) {
  auto first = sign_in("bob");
  ASSERT_EQ(first.status, 200) << first.body;
  ts::WsClient ws(port(), "/api/ws?token=" + token_of(first));
  move_to_group("bob", "teaching", "");
  auto refused = sign_in("bob");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("no group"), std::string::npos) << refused.body;
  EXPECT_EQ(ts::sql(db_, "SELECT is_active FROM users WHERE username = 'bob'"), ts::sql(db_, "SELECT 0"));
  EXPECT_EQ(get("/api/auth/me", token_of(first)).status, 401) << "the session ended";
  EXPECT_TRUE(ws.closed_within(std::chrono::seconds(3))) << "the open dashboard closed";

  auto diag = get("/api/admin/auth/diagnostics?username=bob", admin_);
  ASSERT_EQ(diag.status, 200) << diag.body;
  EXPECT_EQ(diag.json().at("outcome").as_string(), "refused");
  EXPECT_EQ(diag.json().at("error").as_string(), "no group matched");
  EXPECT_TRUE(diag.json().at("role").is_null());

  move_to_group("bob", "", "teaching");
  EXPECT_EQ(sign_in("bob").status, 200) << "back in a mapped group, back in";
}

TEST_P(DirectoryTest, AnAdminsDeactivationOutlastsTheDirectory) {
  auto first = sign_in("bob");
  ASSERT_EQ(first.status, 200) << first.body;
  auto id = first.json().at("user").at("id").as_int64();
  ASSERT_EQ(put("/api/admin/users/" + std::to_string(id), json::object{{"is_active", false}}, admin_).status, 200);
  EXPECT_EQ(sign_in("bob").status, 401) << "still in a mapped group, but an admin locked the account";
  EXPECT_EQ(ts::sql(db_, "SELECT is_active FROM users WHERE username = 'bob'"), ts::sql(db_, "SELECT 0"));
  ASSERT_EQ(put("/api/admin/users/" + std::to_string(id), json::object{{"is_active", true}}, admin_).status, 200);
  EXPECT_EQ(sign_in("bob").status, 200);
}

TEST_P(DirectoryTest, AUserInNoMappedGroupIsRefusedAndNothingIsCreated) {
  auto before = user_count();
  auto carol = sign_in("carol");
  EXPECT_EQ(carol.status, 403) << carol.body;
  EXPECT_EQ(user_count(), before);
  auto diag = get("/api/admin/auth/diagnostics?username=carol", admin_);
  ASSERT_EQ(diag.status, 200) << diag.body;
  EXPECT_NE(diag.json().at("reason").as_string().find("no group matched"), std::string::npos);
}

TEST_P(DirectoryTest, WrongPasswordUnknownUserAndFilterInjectionAreRefusedAndChangeNothing) {
  auto before = user_count();
  EXPECT_EQ(sign_in("bob", "wrong-password-1").status, 401);
  EXPECT_EQ(sign_in("nobody").status, 401);
  for (auto injected : {"*)(uid=*", "*", "bob)(|(uid=*", "b*"}) {
    auto r = sign_in(injected);
    EXPECT_EQ(r.status, 401) << injected << ": " << r.body;
  }
  EXPECT_EQ(user_count(), before) << "nothing was created";
  auto diag = get("/api/admin/auth/diagnostics?username=" + std::string("bob"), admin_);
  ASSERT_EQ(diag.status, 200) << diag.body;
  EXPECT_EQ(diag.json().at("outcome").as_string(), "failed");
  EXPECT_NE(diag.json().at("error").as_string().find("refused the password"), std::string::npos) << diag.body;
  EXPECT_EQ(diag.body.find("wrong-password-1"), std::string::npos) << "the typed password is never kept";
  EXPECT_EQ(server_->log().find("wrong-password-1"), std::string::npos) << "nor logged";
}

TEST_P(DirectoryTest, DirectoryDownIs503ForDirectoryUsersWhileLocalAccountsSignIn) {
  slapd_->stop();
  auto down = sign_in("bob");
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_EQ(ts::login(port(), "admin", ts::kAdminPassword).empty(), false) << "the local admin still signs in";
  EXPECT_EQ(user_count(), "2");
  auto diag = get("/api/admin/auth/diagnostics?username=bob", admin_);
  ASSERT_EQ(diag.status, 200) << diag.body;
  EXPECT_NE(diag.json().at("error").as_string().find("contact"), std::string::npos) << diag.body;
  slapd_->start();
  EXPECT_EQ(sign_in("bob").status, 200);
}

TEST_P(DirectoryTest, SignInsShareOnePooledConnectionThatOutlivesADirectoryRestart) {
  auto gauge = [&](const std::string& name) {
    auto text = ts::http(port(), "GET", "/metrics").body;
    auto at = text.find("\n" + name + " ");
    return at == std::string::npos ? -1.0 : std::stod(text.substr(at + name.size() + 2));
  };
  for (const char* who : {"alice", "bob", "alice", "bob"}) ASSERT_EQ(sign_in(who).status, 200) << who;
  EXPECT_EQ(sign_in("bob", "wrong-password").status, 401);
  EXPECT_EQ(gauge("classroom_ldap_connections_opened"), 1) << "five sign-ins, one after the other, on one connection";
  EXPECT_EQ(gauge("classroom_ldap_connections_idle"), 1);
  EXPECT_EQ(sign_in("bob").status, 200) << "after a user's wrong password, the connection binds as the service again";

  // The directory restarts: the pooled connection is dead, noticed at its use and replaced.
  slapd_->stop();
  slapd_->start();
  auto after = sign_in("alice");
  EXPECT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(gauge("classroom_ldap_connections_opened"), 2);
  EXPECT_EQ(gauge("classroom_ldap_connections_idle"), 1);
}

TEST_P(DirectoryTest, ADirectoryThatNeverAnswersIs503WithinTheTimeout) {
  // A listener that takes the connection and then says nothing.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor silent(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  url_ = "ldap://127.0.0.1:" + std::to_string(silent.local_endpoint().port());
  extra_ = {"--ldap-timeout", "1"};
  restart_server();
  auto started = std::chrono::steady_clock::now();
  auto r = sign_in("bob");
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_LT(took, std::chrono::seconds(5)) << "the sign-in waited for the directory past --ldap-timeout";
  EXPECT_FALSE(ts::login(port(), "admin", ts::kAdminPassword).empty()) << "the local admin still signs in";
}

TEST_P(DirectoryTest, DiagnosticsShowWhatTheDirectorySentAndHowItWasMapped) {
  ASSERT_EQ(sign_in("alice").status, 200);
  auto diag = get("/api/admin/auth/diagnostics?username=alice", admin_);
  ASSERT_EQ(diag.status, 200) << diag.body;
  auto v = diag.json();
  EXPECT_EQ(v.at("source").as_string(), "ldap");
  EXPECT_EQ(v.at("outcome").as_string(), "signed_in");
  EXPECT_EQ(v.at("role").as_string(), "admin");
  EXPECT_EQ(v.at("groups").as_array().size(), 1u);
  EXPECT_EQ(v.at("groups").at(0).as_string(), "cn=it-admins," + kGroups);
  EXPECT_EQ(v.at("matched_rules").at(0).as_string(), "cn=it-admins," + kGroups + "=admin");
  bool mail = false;
  for (const auto& a : v.at("attributes").as_array()) mail |= a.at("name") == "mail" && a.at("value") == "alice@uni.example";
  EXPECT_TRUE(mail) << diag.body;
  EXPECT_EQ(diag.body.find(ts::Slapd::kPassword), std::string::npos) << "never a password";
  EXPECT_EQ(diag.body.find("userPassword"), std::string::npos);

  EXPECT_EQ(get("/api/admin/auth/diagnostics?username=alice", staff_).status, 403);
  EXPECT_EQ(get("/api/admin/auth/diagnostics?username=alice").status, 401);
  EXPECT_EQ(get("/api/admin/auth/diagnostics", admin_).status, 400);
  EXPECT_EQ(get("/api/admin/auth/diagnostics?username=zed", admin_).status, 404);
}

TEST_P(DirectoryTest, LocalLoginAdminsKeepsOnlyTheBreakGlassAdmin) {
  extra_ = {"--local-login", "admins"};
  restart_server();
  EXPECT_EQ(post("/api/auth/login", json::object{{"username", "staff"}, {"password", ts::kStaffPassword}}).status, 403);
  EXPECT_FALSE(ts::login(port(), "admin", ts::kAdminPassword).empty());
  EXPECT_EQ(sign_in("bob").status, 200) << "directory users are not local logins";
  extra_ = {"--local-login", "off"};
  restart_server();
  EXPECT_EQ(post("/api/auth/login", json::object{{"username", "admin"}, {"password", ts::kAdminPassword}}).status, 403);
  EXPECT_EQ(sign_in("alice").status, 200);
}

// ldaps:// and StartTLS, with the directory's certificate checked against a CA.
class DirectoryTlsTest : public ApiTest {
 protected:
  void SetUp() override {
    slapd_ = std::make_unique<ts::Slapd>(ts::SlapdOptions{false, true});
    ApiTest::SetUp();
  }
  std::vector<std::string> server_args() override {
    std::vector<std::string> args = {"--ldap-bind-dn", ts::Slapd::kServiceDn, "--ldap-bind-password-file",
                                     slapd_->password_file(), "--ldap-base-dn", ts::Slapd::kBase,
                                     "--ldap-group-filter", "(member={dn})", "--role-map", "teaching=staff"};
    args.insert(args.end(), tls_.begin(), tls_.end());
    return args;
  }
  int sign_in_bob() {
    return post("/api/auth/login", json::object{{"username", "bob"}, {"password", ts::Slapd::kPassword}}).status;
  }
  std::unique_ptr<ts::Slapd> slapd_;
  std::vector<std::string> tls_;
};
CLASSROOM_INSTANTIATE(DirectoryTlsTest);

TEST_P(DirectoryTlsTest, LdapsAndStartTlsVerifyTheDirectorysCertificate) {
  tls_ = {"--ldap-url", slapd_->ldaps_url(), "--ldap-ca-file", slapd_->ca_file()};
  restart_server();
  EXPECT_EQ(sign_in_bob(), 200) << "ldaps:// with the right CA";

  tls_ = {"--ldap-url", slapd_->url(), "--ldap-starttls", "--ldap-ca-file", slapd_->ca_file()};
  restart_server();
  EXPECT_EQ(sign_in_bob(), 200) << "StartTLS with the right CA";

  tls_ = {"--ldap-url", slapd_->ldaps_url(), "--ldap-ca-file", slapd_->other_ca_file()};
  restart_server();
  EXPECT_EQ(sign_in_bob(), 503) << "a certificate no trusted CA signed";
  tls_ = {"--ldap-url", slapd_->url(), "--ldap-starttls", "--ldap-ca-file", slapd_->other_ca_file()};
  restart_server();
  EXPECT_EQ(sign_in_bob(), 503);
  auto diag = get("/api/admin/auth/diagnostics?username=bob", admin_);
  ASSERT_EQ(diag.status, 200) << diag.body;
  EXPECT_NE(diag.json().at("error").as_string().find("StartTLS"), std::string::npos) << diag.body;
}
