// A session ends when its user is deactivated, deleted or demoted: REST calls and open
// WebSockets alike, on every instance. Staff see other people's bookings only as busy time.
#include "booking_fixture.hpp"
#include "nodes.hpp"

class SessionTest : public BookingTest {
 protected:
  std::int64_t user_id(const std::string& username) {
    auto users = get("/api/admin/users", admin_).json();
    for (const auto& u : users.as_array())
      if (u.at("username").as_string() == username) return u.at("id").as_int64();
    throw std::runtime_error("no user " + username);
  }
  std::unique_ptr<ts::WsClient> dashboard(const std::string& token) {
    auto ws = std::make_unique<ts::WsClient>(port(), "/api/ws?token=" + token);
    EXPECT_TRUE(ws->wait_for("hello", std::chrono::seconds(5)));
    return ws;
  }
};
CLASSROOM_INSTANTIATE(SessionTest);

TEST_P(SessionTest, DeactivatingAUserClosesTheirOpenDashboard) {
  auto ws = dashboard(staff_);
  auto admin_ws = dashboard(admin_);
  ASSERT_EQ(put("/api/admin/users/" + std::to_string(user_id("staff")), json::object{{"is_active", false}}, admin_).status, 200);
  EXPECT_TRUE(ws->closed_within(std::chrono::seconds(5)));
  EXPECT_FALSE(admin_ws->closed_within(std::chrono::milliseconds(300))) << "only that user's sessions end";
  EXPECT_EQ(get("/api/auth/me", staff_).status, 401);
  EXPECT_THROW(ts::WsClient(port(), "/api/ws?token=" + staff_), std::exception) << "and it cannot reconnect";
}

TEST_P(SessionTest, DemotingOrDeletingAnAdminClosesTheirDashboard) {
  auto boss = post("/api/admin/users", json::object{{"username", "boss"}, {"email", "boss@campus.test"},
                                                    {"password", "boss-password-1"}, {"role", "admin"}}, admin_);
  ASSERT_EQ(boss.status, 201) << boss.body;
  auto boss_token = ts::login(port(), "boss", "boss-password-1");
  auto ws = dashboard(boss_token);
  ASSERT_EQ(put("/api/admin/users/" + std::to_string(user_id("boss")), json::object{{"role", "staff"}}, admin_).status, 200);
  EXPECT_TRUE(ws->closed_within(std::chrono::seconds(5))) << "a demoted admin hears no more admin events";

  auto staff_ws = dashboard(staff_);
  ASSERT_EQ(del("/api/admin/users/" + std::to_string(user_id("staff")), admin_).status, 200);
  EXPECT_TRUE(staff_ws->closed_within(std::chrono::seconds(5)));
}

TEST_P(SessionTest, ReactivatingAUserDoesNotReviveTheirOldTokens) {
  auto id = std::to_string(user_id("staff"));
  ASSERT_EQ(put("/api/admin/users/" + id, json::object{{"is_active", false}}, admin_).status, 200);
  ASSERT_EQ(put("/api/admin/users/" + id, json::object{{"is_active", true}}, admin_).status, 200);
  EXPECT_EQ(get("/api/auth/me", staff_).status, 401);
  EXPECT_EQ(get("/api/auth/me", ts::login(port(), "staff", ts::kStaffPassword)).status, 200) << "a new sign-in works";
}

TEST_P(SessionTest, OtherStaffSeeABookingOnlyAsBusyTime) {
  auto room_id = room("A101");
  auto other = another_staff("staffb");
  auto other_ws = dashboard(other);
  auto owner_ws = dashboard(staff_);
  auto admin_ws = dashboard(admin_);
  auto now = unix_now();
  auto b = book(room_id, iso_utc(now + 3600), iso_utc(now + 7200), staff_, "Disciplinary hearing 4711");
  ASSERT_EQ(b.status, 201) << b.body;
  auto seen = other_ws->wait_for("\"type\":\"booking\"", std::chrono::seconds(5));
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->find("Disciplinary"), std::string::npos) << *seen;
  EXPECT_EQ(seen->find("Weekly lecture"), std::string::npos) << "no description";
  EXPECT_EQ(seen->find("\"username\""), std::string::npos) << "no owner";
  EXPECT_NE(seen->find("\"start_time\""), std::string::npos) << "but the busy time";
  auto own = owner_ws->wait_for("\"type\":\"booking\"", std::chrono::seconds(5));
  ASSERT_TRUE(own);
  EXPECT_NE(own->find("Disciplinary"), std::string::npos) << "the owner sees it all";
  auto full = admin_ws->wait_for("\"type\":\"booking\"", std::chrono::seconds(5));
  ASSERT_TRUE(full);
  EXPECT_NE(full->find("Disciplinary"), std::string::npos) << "admins see it all";
}

TEST(TwoInstances, DeactivationOnOneClosesDashboardsOnTheOther) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::add_user(db, "staff", ts::kStaffPassword, "staff");
  ts::Server a(db), b(db);
  auto admin = ts::login(a.port(), "admin", ts::kAdminPassword);
  auto staff = ts::login(b.port(), "staff", ts::kStaffPassword);
  ts::WsClient ws(b.port(), "/api/ws?token=" + staff);
  ASSERT_TRUE(ws.wait_for("hello", std::chrono::seconds(5)));
  std::int64_t id = 0;
  auto users = ts::http_json(a.port(), "GET", "/api/admin/users", nullptr, admin).json();
  for (const auto& u : users.as_array())
    if (u.at("username").as_string() == "staff") id = u.at("id").as_int64();
  ASSERT_EQ(ts::http_json(a.port(), "PUT", "/api/admin/users/" + std::to_string(id), json::object{{"is_active", false}}, admin).status, 200);
  EXPECT_TRUE(ws.closed_within(std::chrono::seconds(5))) << "the note reaches the other instance";
}

class DeviceKeyTest : public ApiTest {};
CLASSROOM_INSTANTIATE(DeviceKeyTest);

TEST_P(DeviceKeyTest, KeysOfNodesInTheFieldRegisterAsTheyAreAndAreMarkedWeak) {
  auto d = post("/api/admin/devices", json::object{{"device_id", "old-node"}, {"api_key", "key_a1b2c3d4e5"}}, admin_);
  ASSERT_EQ(d.status, 201) << d.body;
  EXPECT_EQ(d.json().at("key_weak").as_bool(), true);
  EXPECT_EQ(d.json().at("api_key").as_string(), "key_a1b2c3d4e5");
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM esp_devices WHERE api_key_hash LIKE '%a1b2c3%'"), "0")
      << "only the hash is stored";
  auto hb = ts::http(port(), "POST", "/api/esp/heartbeat", "{}", {{"X-Device-ID", "old-node"}, {"X-API-Key", "key_a1b2c3d4e5"}});
  EXPECT_EQ(hb.status, 200) << "the node keeps working unflashed";
  auto tiny = post("/api/admin/devices", json::object{{"device_id", "tiny"}, {"api_key", "short"}}, admin_);
  EXPECT_EQ(tiny.status, 400);
  EXPECT_EQ(tiny.json().at("field").as_string(), "api_key");
  auto rotated = post("/api/admin/devices/old-node/rotate-key", nullptr, admin_);
  ASSERT_EQ(rotated.status, 200);
  EXPECT_EQ(rotated.json().at("key_weak").as_bool(), false);
  EXPECT_EQ(ts::http(port(), "POST", "/api/esp/heartbeat", "{}", {{"X-Device-ID", "old-node"}, {"X-API-Key", "key_a1b2c3d4e5"}}).status, 401);
}

TEST(LastAdmin, TwoAdminsDemotingEachOtherAtOnceLeaveOneAdmin) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "ada", ts::kAdminPassword, "admin");
  ts::add_user(db, "bob", ts::kAdminPassword, "admin");
  ts::Server server(db);
  auto id_of = [&](const char* name) { return ts::sql(db, std::string("SELECT id FROM users WHERE username = '") + name + "'"); };
  for (int round = 0; round < 10; ++round) {
    auto ada = ts::login(server.port(), "ada", ts::kAdminPassword);
    auto bob = ts::login(server.port(), "bob", ts::kAdminPassword);
    int a_status = 0, b_status = 0;
    std::thread t1([&] {
      a_status = ts::http_json(server.port(), "PUT", "/api/admin/users/" + id_of("bob"), json::object{{"role", "staff"}}, ada).status;
    });
    std::thread t2([&] {
      b_status = ts::http_json(server.port(), "PUT", "/api/admin/users/" + id_of("ada"), json::object{{"role", "staff"}}, bob).status;
    });
    t1.join();
    t2.join();
    EXPECT_FALSE(a_status == 200 && b_status == 200) << "round " << round;
    ASSERT_EQ(ts::sql(db, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND is_active = 1"), "1") << "round " << round;
    // Back to two admins for the next round.
    ts::sql(db, "UPDATE users SET role = 'admin'");
  }
}
