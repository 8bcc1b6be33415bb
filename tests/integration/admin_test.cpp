#include "fixture.hpp"

class AdminTest : public ApiTest {};
CLASSROOM_INSTANTIATE(AdminTest);

TEST_P(AdminTest, UsersCreateListUpdateDelete) {
  auto r = post("/api/admin/users",
                json::object{{"username", "alice"}, {"email", "alice@campus.test"}, {"password", "alice-pass-1"}, {"role", "staff"}},
                admin_);
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = std::to_string(r.json().at("id").as_int64());
  EXPECT_EQ(count("/api/admin/users"), 3u);
  auto up = put("/api/admin/users/" + id, json::object{{"email", "alice2@campus.test"}, {"role", "admin"}}, admin_);
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(up.json().at("role").as_string(), "admin");
  EXPECT_EQ(up.json().at("email").as_string(), "alice2@campus.test");
  EXPECT_EQ(put("/api/admin/users/" + id, json::object{{"password", "reset-pass-1"}}, admin_).status, 200);
  EXPECT_NO_THROW(ts::login(port(), "alice", "reset-pass-1"));
  EXPECT_EQ(del("/api/admin/users/" + id, admin_).status, 200);
  EXPECT_EQ(del("/api/admin/users/" + id, admin_).status, 404);
  EXPECT_EQ(count("/api/admin/users"), 2u);
}

TEST_P(AdminTest, UserCreateRejectsBadInputAndChangesNothing) {
  struct Case {
    json::object body;
    int status;
    const char* field;
  };
  std::vector<Case> cases = {
      {{{"email", "x@campus.test"}, {"password", "long-enough"}}, 400, "username"},
      {{{"username", "bob"}, {"email", "not-an-email"}, {"password", "long-enough"}}, 400, "email"},
      {{{"username", "bob"}, {"email", "b@campus.test"}, {"password", "short"}}, 400, "password"},
      {{{"username", "bob"}, {"email", "b@campus.test"}, {"password", "long-enough"}, {"role", "root"}}, 400, "role"},
      {{{"username", 42}, {"email", "b@campus.test"}, {"password", "long-enough"}}, 400, "username"},
      {{{"username", "b o b"}, {"email", "b@campus.test"}, {"password", "long-enough"}}, 400, "username"},
      {{{"username", std::string(65, 'a')}, {"email", "b@campus.test"}, {"password", "long-enough"}}, 400, "username"},
      {{{"username", "   "}, {"email", "b@campus.test"}, {"password", "long-enough"}}, 400, "username"},
      {{{"username", "staff"}, {"email", "new@campus.test"}, {"password", "long-enough"}}, 409, "username"},
      {{{"username", "bob"}, {"email", "staff@campus.test"}, {"password", "long-enough"}}, 409, "email"},
  };
  for (const auto& c : cases) {
    auto r = post("/api/admin/users", c.body, admin_);
    EXPECT_EQ(r.status, c.status) << json::serialize(c.body) << " -> " << r.body;
    ASSERT_TRUE(r.json().is_object()) << r.body;
    EXPECT_EQ(r.json().at("field").as_string(), c.field) << r.body;
    EXPECT_TRUE(r.json().as_object().contains("message"));
  }
  EXPECT_EQ(count("/api/admin/users"), 2u);
}

TEST_P(AdminTest, LastActiveAdminCannotBeRemovedOrDemoted) {
  auto users = get("/api/admin/users", admin_).json().as_array();
  std::string admin_id;
  for (auto& u : users)
    if (u.at("username").as_string() == "admin") admin_id = std::to_string(u.at("id").as_int64());
  EXPECT_EQ(put("/api/admin/users/" + admin_id, json::object{{"role", "staff"}}, admin_).status, 409);
  EXPECT_EQ(put("/api/admin/users/" + admin_id, json::object{{"is_active", false}}, admin_).status, 409);
  EXPECT_EQ(del("/api/admin/users/" + admin_id, admin_).status, 409);
  EXPECT_EQ(get("/api/auth/me", admin_).status, 200);
  EXPECT_EQ(del("/api/admin/users/999999", admin_).status, 404);
  EXPECT_EQ(del("/api/admin/users/abc", admin_).status, 404);
}

TEST_P(AdminTest, DeviceKeyIsGeneratedShownOnceAndRotatable) {
  auto r = post("/api/admin/devices", json::object{{"device_id", "node-1"}, {"name", "Node 1"}, {"mac_address", "AA:BB:CC:DD:EE:FF"}}, admin_);
  ASSERT_EQ(r.status, 201) << r.body;
  auto key = std::string(r.json().at("api_key").as_string());
  EXPECT_GE(key.size(), 32u);
  auto list = get("/api/admin/devices", admin_);
  EXPECT_EQ(list.body.find(key), std::string::npos) << "the key must never be listed";
  EXPECT_EQ(list.body.find("api_key"), std::string::npos);
  auto status = get("/api/admin/devices/status", admin_).json().as_array();
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].at("is_connected").as_bool(), false);
  EXPECT_TRUE(status[0].as_object().contains("classroom_id"));
  auto rotated = post("/api/admin/devices/node-1/rotate-key", nullptr, admin_);
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_NE(rotated.json().at("api_key").as_string(), key);
  auto up = put("/api/admin/devices/node-1", json::object{{"name", "Renamed"}, {"is_active", false}}, admin_);
  ASSERT_EQ(up.status, 200);
  EXPECT_EQ(up.json().at("name").as_string(), "Renamed");
  EXPECT_EQ(up.json().at("is_active").as_bool(), false);
  EXPECT_EQ(del("/api/admin/devices/node-1", admin_).status, 200);
  EXPECT_EQ(del("/api/admin/devices/node-1", admin_).status, 404);
}

TEST_P(AdminTest, DeviceRegistrationRejectsBadInput) {
  ASSERT_EQ(post("/api/admin/devices", json::object{{"device_id", "node-1"}}, admin_).status, 201);
  auto dup = post("/api/admin/devices", json::object{{"device_id", "node-1"}}, admin_);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json().at("field").as_string(), "device_id");
  EXPECT_EQ(post("/api/admin/devices", json::object{{"device_id", "node-2"}, {"mac_address", "zz"}}, admin_).status, 400);
  EXPECT_EQ(post("/api/admin/devices", json::object{{"device_id", "node-2"}, {"api_key", "short"}}, admin_).status, 400);
  EXPECT_EQ(post("/api/admin/devices", json::object{{"name", "no id"}}, admin_).status, 400);
  EXPECT_EQ(post("/api/admin/devices/ghost/rotate-key", nullptr, admin_).status, 404);
  EXPECT_EQ(count("/api/admin/devices"), 1u);
}

TEST_P(AdminTest, ClassroomsCarryNestedStatusAndLinkOneDevice) {
  auto node = make_node("A101", "node-1");
  auto rooms = get("/api/admin/classrooms", admin_).json().as_array();
  ASSERT_EQ(rooms.size(), 1u);
  auto& room = rooms[0].as_object();
  for (auto field : {"id", "name", "location", "capacity", "is_active", "esp_device_id", "status"})
    EXPECT_TRUE(room.contains(field)) << field;
  for (auto field : {"is_occupied", "is_power_on", "last_movement", "temperature", "last_updated"})
    EXPECT_TRUE(room.at("status").as_object().contains(field)) << field;
  EXPECT_EQ(room.at("esp_device_id").as_string(), "node-1");

  // One device per room: node-1 cannot serve a second room.
  auto second = post("/api/admin/classrooms", json::object{{"name", "B202"}, {"esp_device_id", "node-1"}}, admin_);
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(second.json().at("field").as_string(), "esp_device_id");
  auto b = post("/api/admin/classrooms", json::object{{"name", "B202"}}, admin_);
  ASSERT_EQ(b.status, 201);
  auto b_id = std::to_string(b.json().at("id").as_int64());
  EXPECT_EQ(post("/api/admin/classrooms/" + b_id + "/device", json::object{{"device_id", "node-1"}}, admin_).status, 409);
  EXPECT_EQ(post("/api/admin/classrooms/" + b_id + "/device", json::object{{"device_id", "ghost"}}, admin_).status, 404);
  auto a_id = std::to_string(node.classroom_id);
  auto unlinked = del("/api/admin/classrooms/" + a_id + "/device", admin_);
  ASSERT_EQ(unlinked.status, 200);
  EXPECT_TRUE(unlinked.json().at("esp_device_id").is_null());
  auto linked = post("/api/admin/classrooms/" + b_id + "/device", json::object{{"device_id", "node-1"}}, admin_);
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(linked.json().at("esp_device_id").as_string(), "node-1");
}

TEST_P(AdminTest, ClassroomSettingsAreValidated) {
  auto c = post("/api/admin/classrooms", json::object{{"name", "A101"}, {"capacity", 40}, {"idle_timeout_s", 300},
                                                      {"power_off_delay_s", 120}, {"auto_power_on", false}, {"rated_load_w", 2500}},
                admin_);
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(c.json().at("idle_timeout_s").as_int64(), 300);
  EXPECT_EQ(c.json().at("auto_power_on").as_bool(), false);
  auto id = std::to_string(c.json().at("id").as_int64());
  EXPECT_EQ(put("/api/admin/classrooms/" + id, json::object{{"idle_timeout_s", -5}}, admin_).status, 400);
  EXPECT_EQ(put("/api/admin/classrooms/" + id, json::object{{"capacity", "many"}}, admin_).status, 400);
  EXPECT_EQ(put("/api/admin/classrooms/" + id, json::object{{"auto_power_on", "yes"}}, admin_).status, 400);
  EXPECT_EQ(put("/api/admin/classrooms/" + id, json::object{{"name", ""}}, admin_).status, 400);
  EXPECT_EQ(post("/api/admin/classrooms", json::object{{"name", "A101"}}, admin_).status, 409);
  auto after = get("/api/admin/classrooms", admin_).json().as_array()[0];
  EXPECT_EQ(after.at("idle_timeout_s").as_int64(), 300);
  EXPECT_EQ(after.at("capacity").as_int64(), 40);
  auto up = put("/api/admin/classrooms/" + id, json::object{{"power_off_delay_s", 600}, {"location", "East"}}, admin_);
  ASSERT_EQ(up.status, 200);
  EXPECT_EQ(up.json().at("power_off_delay_s").as_int64(), 600);
  EXPECT_EQ(up.json().at("location").as_string(), "East");
}

TEST_P(AdminTest, StaffSeeOnlyActiveRooms) {
  ASSERT_EQ(post("/api/admin/classrooms", json::object{{"name", "Open"}}, admin_).status, 201);
  auto closed = post("/api/admin/classrooms", json::object{{"name", "Closed"}, {"is_active", false}}, admin_);
  ASSERT_EQ(closed.status, 201);
  auto staff_rooms = get("/api/staff/classrooms", staff_);
  ASSERT_EQ(staff_rooms.status, 200);
  ASSERT_EQ(staff_rooms.json().as_array().size(), 1u);
  EXPECT_EQ(staff_rooms.json().as_array()[0].at("name").as_string(), "Open");
  EXPECT_TRUE(staff_rooms.json().as_array()[0].as_object().contains("status"));
  EXPECT_EQ(staff_rooms.json().as_array()[0].at("free_now").as_bool(), true);
  EXPECT_EQ(del("/api/admin/classrooms/" + std::to_string(closed.json().at("id").as_int64()), admin_).status, 200);
  EXPECT_EQ(count("/api/admin/classrooms"), 1u);
}

TEST_P(AdminTest, ContactMessagesFlow) {
  auto r = post("/api/contact", json::object{{"name", "Ann"}, {"email", "ann@campus.test"}, {"subject", "Projector"},
                                             {"message", "Broken in A101"}, {"message_type", "bug"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = std::to_string(r.json().at("contact_id").as_int64());
  EXPECT_TRUE(r.json().as_object().contains("message"));
  EXPECT_EQ(post("/api/contact", json::object{{"name", "Ann"}, {"email", "nope"}, {"subject", "S"}, {"message", "M"}}).status, 400);
  EXPECT_EQ(post("/api/contact", json::object{{"name", "Ann"}, {"email", "a@b.org"}, {"subject", "S"}}).status, 400);
  EXPECT_EQ(post("/api/contact", json::object{{"name", "Ann"}, {"email", "a@b.org"}, {"subject", "S"},
                                              {"message", std::string(5001, 'x')}}).status, 400);
  auto list = get("/api/admin/contact-messages", admin_).json().as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("is_read").as_bool(), false);
  EXPECT_EQ(put("/api/admin/contact-messages/" + id, json::object{{"is_read", true}}, admin_).status, 200);
  EXPECT_EQ(get("/api/admin/contact-messages", admin_).json().as_array()[0].at("is_read").as_bool(), true);
  EXPECT_EQ(put("/api/admin/contact-messages/999", json::object{{"is_read", true}}, admin_).status, 404);
  EXPECT_EQ(del("/api/admin/contact-messages/" + id, admin_).status, 200);
  EXPECT_EQ(count("/api/admin/contact-messages"), 0u);
}
